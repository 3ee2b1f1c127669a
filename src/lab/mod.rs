//! Labs: the learner makes it idempotent, against real components (labs.md). This module holds
//! the lab definition types (`schema.rs`), the learner's workspace (`workspace.rs`), the
//! verdicts (`verdict.rs`) and the checkers: kind `sql` on an embedded SQLite (`sql/`). The
//! http kinds are parsed here; their runners come with `idemlab serve` and `idemlab probe`.

pub mod schema;
pub mod sql;
pub mod verdict;
pub mod workspace;

pub use schema::{Kind, Lab, Level};
pub use verdict::{CheckOutcome, Difference, Report, SqlError, Verdict};
pub use workspace::{FileError, Workspace};

/// Runs every check of `lab` on the text of the learner's file, or says in one line that the
/// lab's kind has no runner in this build.
pub fn check(lab: &Lab, file: &str) -> Result<Report, String> {
    match (lab.kind, &lab.sql) {
        (Kind::Sql, Some(sql)) => Ok(sql::check(&lab.lab, sql, file)),
        (Kind::Sql, None) => Err(format!("lab {}: kind sql has no `sql:` block", lab.lab)),
        (kind, _) => Err(format!("kind {}: not built yet", kind.name())),
    }
}
