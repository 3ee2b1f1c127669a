//! Labs: the learner makes it idempotent, against real components (labs.md). This module holds
//! the lab definition types (`schema.rs`), the learner's workspace (`workspace.rs`), the
//! verdicts (`verdict.rs`) and the checkers: kind `sql` on an embedded SQLite (`sql/`); kind
//! `http-client` runs the learner's client against an in-process `idemlab serve`
//! (`http_client.rs`, its failing run's requests as data in `client_run.rs`); kind `http-server` runs the learner's server and probes it
//! (`http_server/`).

pub mod client_run;
pub mod http_client;
pub mod http_server;
pub mod schema;
pub mod sql;
pub mod verdict;
pub mod workspace;

pub use client_run::{ClientRun, Request};
pub use schema::{Kind, Lab, Level};
pub use verdict::{CheckOutcome, Difference, Report, SqlError, Verdict};
pub use workspace::{FileError, Workspace};

/// Runs every check of `lab` on the text of the learner's file, or says in one line that the
/// lab's kind has no runner in this build.
pub fn check(lab: &Lab, file: &str) -> Result<Report, String> {
    match (lab.kind, &lab.sql) {
        (Kind::Sql, Some(sql)) => Ok(sql::check(&lab.lab, sql, file)),
        (Kind::Sql, None) => Err(format!("lab {}: kind sql has no `sql:` block", lab.lab)),
        (Kind::HttpClient, _) => match &lab.http_client {
            Some(h) => Ok(http_client::check(&lab.lab, h, file)),
            None => Err(format!(
                "lab {}: kind http-client has no `http_client:` block",
                lab.lab
            )),
        },
        (Kind::HttpServer, _) => match &lab.http_server {
            Some(h) => Ok(http_server::check(h, file).report),
            None => Err(format!(
                "lab {}: kind http-server has no `http_server:` block",
                lab.lab
            )),
        },
    }
}
