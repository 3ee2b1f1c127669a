//! What a check found: pass, fail or unknown, in words, and for a fail the first difference
//! as data (which delivery and run, the rows only one side has, an SQL error with its place in
//! the learner's file) so the screen can draw it as a small table and `--json` can carry it.

use serde::Serialize;

use super::client_run::ClientRun;
/// Pass, fail or unknown: the probe's verdict, one idea for both (a server lab's checks are
/// probe checks).
pub use crate::probe::Verdict;

/// An SQL error, at its 1-based line and column in the file that was run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// The first difference a failing check found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Difference {
    /// 1-based index into the lab's `deliveries`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<usize>,
    /// 1-based run of the check (the third run of `retried` is run 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<usize>,
    /// The state query's column names.
    pub columns: Vec<String>,
    /// Rows the learner's state has and the solution's has not.
    pub extra: Vec<Vec<String>>,
    /// Rows the solution's state has and the learner's has not.
    pub missing: Vec<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<SqlError>,
    /// A client lab's failing run: its requests as the server saw them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_run: Option<ClientRun>,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    pub id: String,
    pub verdict: Verdict,
    /// One line in words: empty for a plain pass.
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Difference>,
}

impl CheckOutcome {
    #[must_use]
    pub fn pass(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            verdict: Verdict::Pass,
            detail: String::new(),
            diff: None,
        }
    }

    #[must_use]
    pub fn unknown(id: &str, detail: impl Into<String>) -> Self {
        Self {
            id: id.to_owned(),
            verdict: Verdict::Unknown,
            detail: detail.into(),
            diff: None,
        }
    }

    #[must_use]
    pub fn fail(id: &str, detail: impl Into<String>, diff: Option<Difference>) -> Self {
        Self {
            id: id.to_owned(),
            verdict: Verdict::Fail,
            detail: detail.into(),
            diff,
        }
    }
}

/// Every check of one lab on one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub checks: Vec<CheckOutcome>,
}

impl Report {
    /// Pass when every check passes; fail when any fails; otherwise unknown.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        if self.checks.iter().all(|c| c.verdict == Verdict::Pass) && !self.checks.is_empty() {
            Verdict::Pass
        } else if self.checks.iter().any(|c| c.verdict == Verdict::Fail) {
            Verdict::Fail
        } else {
            Verdict::Unknown
        }
    }

    #[must_use]
    pub fn passed(&self) -> usize {
        self.checks
            .iter()
            .filter(|c| c.verdict == Verdict::Pass)
            .count()
    }

    /// The first check that did not pass.
    #[must_use]
    pub fn first_failure(&self) -> Option<&CheckOutcome> {
        self.checks.iter().find(|c| c.verdict != Verdict::Pass)
    }
}
