//! The progress file on disk, shared by every instance that uses the data directory.
//!
//! Saving is read-merge-write under an exclusive lock on `progress.lock`: the file as it is now
//! is merged with what this instance holds, over what it last read or wrote ([`super::merge`]),
//! so two instances never undo each other. The write goes to a temporary file renamed over the
//! old one, so a crash mid-write leaves the previous file intact. A reset is a dated event kept
//! in `progress.reset.json`: it drops older records from every instance's next save, and the
//! progress file itself is removed (an older idemlab sees a fresh start, as it always did).
//!
//! A file that cannot be understood is never deleted: a writing instance renames it aside with a
//! warning and starts fresh; a read-only one ([`Store::open_read_only`], for `idemlab progress`)
//! leaves it where it is. What cannot be read at all (a directory, a FIFO, a device, a file over
//! [`file::CAP`]) leaves the app usable, with a warning that progress is not saved. Every path in
//! a message is sanitized: the data directory comes from the command line or the environment.
//!
//! This file holds the store and what it is made of; the work is split by when it happens:
//! [`load`] (opening, a bad file moved aside), [`save`] (read-merge-write under the lock, and
//! when to save) and [`commands`] (`idemlab progress --reset`, `--import`, `--export`).

mod commands;
mod load;
mod save;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::error::ParseError;
use super::file;
use super::{Progress, VERSION};
use crate::text::sanitize_path as shown;

pub use commands::export;

const FILE: &str = "progress.json";
const LOCK: &str = "progress.lock";
const RESET: &str = "progress.reset.json";

/// While the learner reads, the position is saved at most this often.
pub const SAVE_EVERY: Duration = Duration::from_secs(1);

/// The data directory: `--data-dir` / `IDEMLAB_DATA` when given, else the platform's (XDG on
/// Linux).
#[must_use]
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit.map(Path::to_path_buf).or_else(|| {
        directories::ProjectDirs::from("", "", "idemlab").map(|d| d.data_dir().to_path_buf())
    })
}

#[derive(Debug)]
pub struct Store {
    dir: Option<PathBuf>,
    /// Messages for the learner (corrupt file moved aside, nothing can be saved, …).
    pub warnings: Vec<String>,
    writable: bool,
    /// Opened to look only ([`Store::open_read_only`]): never writes, whatever `writable` says.
    read_only: bool,
    /// What this instance last read from or wrote to the file: the base of the next merge.
    base: Progress,
    last_save: Option<Instant>,
    /// How long a save waits for another instance's ([`file::LOCK_WAIT`]; shorter in tests).
    lock_wait: Duration,
    /// A change waits for [`Store::save_deadline`].
    pending: bool,
}

/// The reset marker's contents.
#[derive(Serialize, Deserialize)]
struct ResetMark {
    version: u32,
    reset_at: u64,
}

enum SaveError {
    Busy,
    Failed(String),
}

impl Store {
    /// Opens the store in `dir` for an instance that saves, and loads the progress found there.
    /// A file that cannot be understood is moved aside.
    #[must_use]
    pub fn open(dir: Option<PathBuf>) -> (Self, Progress) {
        Self::open_as(dir, true)
    }

    /// Opens the store to look only: nothing on disk is changed, a bad file included.
    #[must_use]
    pub fn open_read_only(dir: Option<PathBuf>) -> (Self, Progress) {
        Self::open_as(dir, false)
    }

    /// The progress file's path, if there is a data directory at all.
    #[must_use]
    pub fn path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(FILE))
    }

    /// The progress file's path for a message (sanitized), if there is a data directory.
    #[must_use]
    pub fn shown_path(&self) -> Option<String> {
        self.path().map(|p| shown(&p))
    }

    /// Whether progress can be saved here (for a read-only store: whether it could be).
    #[must_use]
    pub fn is_writable(&self) -> bool {
        self.writable
    }
}

/// The newest reset recorded in `dir`. A marker that cannot be read is ignored: the worst is
/// that a stale instance brings back what the reset removed.
fn read_reset(dir: &Path) -> Option<u64> {
    let bytes = file::read_regular(&dir.join(RESET)).ok()??;
    serde_json::from_slice::<ResetMark>(&bytes)
        .ok()
        .map(|m| m.reset_at)
}

impl Progress {
    fn after_reset(self, reset: Option<u64>) -> Self {
        match reset {
            Some(r) => self.after(r),
            None => self,
        }
    }

    /// Nothing recorded (a reset date alone is kept in its own file).
    fn is_empty(&self) -> bool {
        self.last_lesson.is_none()
            && self.lessons.is_empty()
            && self.sims.is_empty()
            && self.labs.is_empty()
            && self.quizzes.is_empty()
    }
}

/// A progress file's contents, or why they are not one. A UTF-8 byte-order mark (Windows
/// editors add one) is skipped.
pub fn parse(bytes: &[u8]) -> Result<Progress, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ParseError::NotJson(e.to_string()))?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or(ParseError::NoVersion)?;
    if version > u64::from(VERSION) {
        return Err(ParseError::Newer {
            found: version,
            reads: VERSION,
        });
    }
    serde_json::from_value(value).map_err(|e| ParseError::Format(e.to_string()))
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
