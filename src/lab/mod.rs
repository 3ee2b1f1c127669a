//! Labs: the learner makes it idempotent, against real components (labs.md). This module holds
//! the lab definition types (`schema.rs`), the learner's workspace (`workspace.rs`), the
//! verdicts (`verdict.rs`) and the checkers: kind `sql` on an embedded SQLite (`sql/`); kind
//! `http-client` runs the learner's client against an in-process `idemlab serve`
//! (`http_client.rs`, its failing run's requests as data in `client_run.rs`); kind `http-server` runs the learner's server and probes it
//! (`http_server/`).

pub mod client_run;
pub mod error;
pub mod http_client;
pub mod http_server;
pub mod schema;
pub mod sql;
pub mod verdict;
pub mod workspace;

pub use client_run::{ClientRun, Request};
pub use error::LabError;
pub use schema::{Kind, Lab, Level};
pub use verdict::{CheckOutcome, Difference, Report, SqlError, Verdict};
pub use workspace::{FileError, Workspace};

/// Runs every check of `lab` on the text of the learner's file, or says in one line that the
/// lab's kind has no runner in this build.
pub fn check(lab: &Lab, file: &str) -> Result<Report, LabError> {
    let report = match lab.kind {
        Kind::Sql => lab.sql.as_ref().map(|s| sql::check(&lab.lab, s, file)),
        Kind::HttpClient => lab
            .http_client
            .as_ref()
            .map(|h| http_client::check(&lab.lab, h, file)),
        Kind::HttpServer => lab
            .http_server
            .as_ref()
            .map(|h| http_server::check(h, file).report),
    };
    report.ok_or_else(|| LabError::MissingBlock {
        lab: lab.lab.clone(),
        kind: lab.kind,
    })
}
