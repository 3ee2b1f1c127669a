//! Why a lab could not be run as asked: a lab file whose block or knobs are wrong (the lab's
//! mistake, caught by `check`), a learner's file that does not say how to run it, a program or
//! server that could not be started. Each is an enum a caller can match on; its `Display` is
//! the one line the learner (or the content author) reads, beside the verdicts.

use crate::probe::target::BadInput;
use crate::server::{ConfigError, StartError};

use super::schema::Kind;

/// Why [`crate::lab::check`] has no report: the lab lacks the block its kind needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabError {
    #[error("lab {lab}: kind {} has no `{}:` block", .kind.name(), .kind.block())]
    MissingBlock { lab: String, kind: Kind },
}

/// A knob of a client lab's `server:` map that `serve` cannot be started with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServerKnobError {
    #[error("server.store: a string")]
    StoreNotText,
    #[error(transparent)]
    Store(#[from] ConfigError),
    #[error("server.{0}: 0 to 1")]
    NotProbability(&'static str),
    #[error("server.require_key: true or false")]
    RequireKeyNotBool,
    #[error("server.seed: a whole number")]
    SeedNotWhole,
    #[error("server.delay_ms: milliseconds, or [min, max]")]
    Delay,
    #[error("server.{0}: unknown knob (store, drop_response, crash, delay_ms, require_key, seed)")]
    Unknown(String),
}

/// Why a client lab's program was not run to its end (every check is then unknown).
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("the file's first line must name its interpreter, e.g. #!/bin/sh")]
    NoShebang,
    #[error("the #! line names no interpreter")]
    NoInterpreter,
    #[error("cannot start the server: {0}")]
    ServerStart(StartError),
    #[error("no server events")]
    NoEvents,
    #[error("cannot run {interp}: {source}")]
    Spawn {
        interp: String,
        source: std::io::Error,
    },
    #[error("cannot read the ledger: {0}")]
    Ledger(rusqlite::Error),
}

/// How a client lab's program did not exit on its own (read after "the program was").
#[derive(Debug, thiserror::Error)]
pub enum ExitError {
    #[error("killed after {0} s (timeout_s)")]
    Killed(u32),
    #[error("waiting for the program failed: {0}")]
    Wait(std::io::Error),
}

/// Why a server lab's file cannot be run: its first line does not say how.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LaunchError {
    #[error("the file's first line must say how to run it, e.g. #!/usr/bin/env python3")]
    NoShebang,
    #[error("the first line #! names no program")]
    NoProgram,
}

/// A server lab's probe settings that do not parse: the lab file's mistake.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    #[error("{0}")]
    Target(BadInput),
    #[error("endpoint: {0}")]
    Endpoint(BadInput),
    #[error("body: {0}")]
    Body(BadInput),
    #[error("ledger: {0}")]
    Ledger(BadInput),
    #[error("checks: no probe check `{0}`")]
    UnknownCheck(String),
}
