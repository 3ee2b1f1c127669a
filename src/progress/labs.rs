//! Lab records: each lab's state (not started, failing, done), the verdicts of its last check,
//! how many hints the learner has revealed, and whether they have seen the solution. Done is
//! kept once reached, like a lesson: editing the file afterwards does not take it away, but
//! the last verdicts always say what the file does now.

use serde::{Deserialize, Serialize};

use super::Progress;
use crate::lab::{Report, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LabState {
    #[default]
    NotStarted,
    Failing,
    Done,
}

impl LabState {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "not started",
            Self::Failing => "failing",
            Self::Done => "done",
        }
    }
}

/// One check's last verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastVerdict {
    pub check: String,
    pub verdict: String,
}

/// What is kept about one lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LabRecord {
    #[serde(default)]
    pub state: LabState,
    /// The verdict of every check at the last check, in the lab's order.
    #[serde(default)]
    pub last: Vec<LastVerdict>,
    #[serde(default)]
    pub hints: usize,
    #[serde(default)]
    pub solution_seen: bool,
    /// When it last changed ([`super::stamp_now`]).
    #[serde(default)]
    pub changed: u64,
}

impl LabRecord {
    /// How many of the last verdicts passed, out of how many.
    #[must_use]
    pub fn passed(&self) -> (usize, usize) {
        let n = self.last.iter().filter(|v| v.verdict == "pass").count();
        (n, self.last.len())
    }

    /// Both sides changed the record: the furthest state, the most hints, the solution seen on
    /// either side, the last verdicts of the later check.
    #[must_use]
    pub fn merged(m: &Self, t: &Self) -> Self {
        Self {
            state: m.state.max(t.state),
            last: if t.changed > m.changed {
                t.last.clone()
            } else {
                m.last.clone()
            },
            hints: m.hints.max(t.hints),
            solution_seen: m.solution_seen || t.solution_seen,
            changed: m.changed.max(t.changed),
        }
    }
}

impl Progress {
    #[must_use]
    pub fn lab(&self, id: &str) -> Option<&LabRecord> {
        self.labs.get(id)
    }

    #[must_use]
    pub fn lab_state(&self, id: &str) -> LabState {
        self.labs.get(id).map(|r| r.state).unwrap_or_default()
    }

    /// `✓ done`, `✗ failing, 3 of 4 checks pass`, `○ not started` (words beside the mark, so
    /// the state never rides on a symbol alone). Done stays done, but when the file was changed
    /// since and now fails, the words say both (`✓ done once · ✗ now 3 of 4 checks pass`), so
    /// the header never says done above a failing check.
    #[must_use]
    pub fn lab_state_words(&self, id: &str) -> String {
        match (self.lab_state(id), self.lab(id)) {
            (LabState::Done, Some(r)) if r.passed().0 < r.passed().1 => {
                let (n, of) = r.passed();
                format!("✓ done once · ✗ now {n} of {of} checks pass")
            }
            (LabState::Done, _) => "✓ done".into(),
            (LabState::Failing, Some(r)) => {
                let (n, of) = r.passed();
                format!("✗ failing, {n} of {of} checks pass")
            }
            _ => "○ not started".into(),
        }
    }

    /// Records the verdicts of a check. True if anything changed (worth saving).
    pub fn record_lab_check(&mut self, id: &str, report: &Report) -> bool {
        let rec = self.labs.entry(id.to_owned()).or_default();
        let last: Vec<LastVerdict> = report
            .checks
            .iter()
            .map(|c| LastVerdict {
                check: c.id.clone(),
                verdict: c.verdict.as_str().to_owned(),
            })
            .collect();
        let state = if report.verdict() == Verdict::Pass {
            LabState::Done
        } else {
            rec.state.max(LabState::Failing)
        };
        if rec.last == last && rec.state == state {
            return false;
        }
        rec.last = last;
        rec.state = state;
        rec.changed = super::stamp_now();
        true
    }

    /// Records that `n` hints of lab `id` are revealed (never fewer than before).
    pub fn reveal_lab_hints(&mut self, id: &str, n: usize) -> bool {
        let rec = self.labs.entry(id.to_owned()).or_default();
        if rec.hints >= n {
            return false;
        }
        rec.hints = n;
        rec.changed = super::stamp_now();
        true
    }

    /// Records that the solution of lab `id` was shown.
    pub fn see_lab_solution(&mut self, id: &str) -> bool {
        let rec = self.labs.entry(id.to_owned()).or_default();
        if rec.solution_seen {
            return false;
        }
        rec.solution_seen = true;
        rec.changed = super::stamp_now();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::CheckOutcome;

    fn report(verdicts: &[Verdict]) -> Report {
        Report {
            checks: verdicts
                .iter()
                .enumerate()
                .map(|(i, v)| CheckOutcome {
                    id: format!("c{i}"),
                    verdict: *v,
                    detail: String::new(),
                    diff: None,
                })
                .collect(),
        }
    }

    #[test]
    fn done_stays_done_and_the_last_verdicts_follow_the_file() {
        let mut p = Progress::default();
        assert_eq!(p.lab_state("l"), LabState::NotStarted);
        assert!(p.record_lab_check("l", &report(&[Verdict::Pass, Verdict::Fail])));
        assert_eq!(p.lab_state("l"), LabState::Failing);
        assert_eq!(p.lab("l").unwrap().passed(), (1, 2));
        assert!(!p.record_lab_check("l", &report(&[Verdict::Pass, Verdict::Fail])));
        assert!(p.record_lab_check("l", &report(&[Verdict::Pass, Verdict::Pass])));
        assert_eq!(p.lab_state("l"), LabState::Done);
        assert_eq!(p.lab_state_words("l"), "✓ done");
        assert!(p.record_lab_check("l", &report(&[Verdict::Fail, Verdict::Pass])));
        assert_eq!(p.lab_state("l"), LabState::Done);
        assert_eq!(p.lab("l").unwrap().passed(), (1, 2));
        assert_eq!(
            p.lab_state_words("l"),
            "✓ done once · ✗ now 1 of 2 checks pass"
        );
        let back: Progress = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back.lab("l"), p.lab("l"));
    }

    #[test]
    fn hints_only_grow_and_the_solution_is_seen_once() {
        let mut p = Progress::default();
        assert!(p.reveal_lab_hints("l", 2));
        assert!(!p.reveal_lab_hints("l", 1));
        assert_eq!(p.lab("l").unwrap().hints, 2);
        assert!(p.see_lab_solution("l"));
        assert!(!p.see_lab_solution("l"));
    }

    #[test]
    fn a_file_without_lab_records_still_loads() {
        let p: Progress = serde_json::from_str(r#"{"version":1,"lessons":{}}"#).unwrap();
        assert_eq!(p.lab_state("l"), LabState::NotStarted);
    }
}
