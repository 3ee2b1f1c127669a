//! Why a progress file could not be read, imported, reset or exported. Typed, so `idemlab
//! progress` can tell "nothing was changed" cases apart and tests can match on the kind; the
//! words are the ones the command prints after "cannot import:" and the like.

/// Why bytes are not a progress file (the words follow the file's name: "… is not valid JSON").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("is not valid JSON ({0})")]
    NotJson(String),
    #[error("has no format version")]
    NoVersion,
    #[error("was written by a newer idemlab (format {found}, this one reads {reads})")]
    Newer { found: u64, reads: u32 },
    #[error("does not match the expected format ({0})")]
    Format(String),
}

/// Why a store operation the learner asked for (reset, import, export) did nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// This store cannot write: the reason is the warning it gave when it opened.
    #[error("{0}")]
    Unwritable(String),
    /// The save after the change failed; the words are the store's warning.
    #[error("{0}")]
    NotSaved(String),
    #[error("cannot read {path}: no such file")]
    Missing { path: String },
    #[error("cannot read {path}: {why}")]
    Unreadable { path: String, why: String },
    /// The file was read but is not a progress file.
    #[error("{path} {why}")]
    NotProgress { path: String, why: ParseError },
    #[error("cannot write {path}: {why}")]
    Unwritten { path: String, why: String },
}
