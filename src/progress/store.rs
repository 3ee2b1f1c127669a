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

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::error::{ParseError, StoreError};
use super::file::{self, LOCK_WAIT, LockError, ReadError};
use super::{Progress, VERSION, merge, stamp_now};
use crate::text::sanitize_path as shown;

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
    /// How long a save waits for another instance's ([`LOCK_WAIT`]; shorter in tests).
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

    fn open_as(dir: Option<PathBuf>, saves: bool) -> (Self, Progress) {
        let mut store = Self {
            dir,
            warnings: Vec::new(),
            writable: true,
            read_only: !saves,
            base: Progress::default(),
            last_save: None,
            lock_wait: LOCK_WAIT,
            pending: false,
        };
        let progress = store.load(saves);
        store.base = progress.clone();
        (store, progress)
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

    fn load(&mut self, saves: bool) -> Progress {
        let Some(dir) = self.dir.clone() else {
            self.writable = false;
            self.warnings.push("progress will not be saved: no data directory could be found (set IDEMLAB_DATA or --data-dir)".into());
            return Progress::default();
        };
        let path = dir.join(FILE);
        let reset = read_reset(&dir);
        let bytes = match file::read_regular(&path) {
            Ok(Some(b)) => b,
            Ok(None) => return Progress::default().after_reset(reset),
            Err(e) => {
                self.writable = false;
                self.warnings.push(format!(
                    "progress will not be saved this session: cannot read {}: {e}",
                    shown(&path)
                ));
                return Progress::default();
            }
        };
        match parse(&bytes) {
            Ok(p) => p.after_reset(reset),
            Err(why) if !saves => {
                self.warnings.push(format!(
                    "progress file {} {why}; it is left as it is here (idemlab moves it aside the next time it saves progress)",
                    shown(&path)
                ));
                Progress::default()
            }
            Err(why) => self.move_aside_locked(&dir, &why).after_reset(reset),
        }
    }

    /// Moves the bad progress file aside, under the lock: another instance may have just
    /// replaced it with a good one, which is then used instead.
    fn move_aside_locked(&mut self, dir: &Path, why: &ParseError) -> Progress {
        let path = dir.join(FILE);
        let lock = file::lock(&dir.join(LOCK), self.lock_wait);
        if lock.is_ok()
            && let Ok(Some(bytes)) = file::read_regular(&path)
            && let Ok(p) = parse(&bytes)
        {
            return p;
        }
        let refused = match lock {
            Ok(_) => self
                .move_aside(&path, why, "progress starts fresh")
                .err()
                .map(|e| e.to_string()),
            Err(LockError::Busy) => Some("another idemlab holds the lock".to_owned()),
            Err(LockError::Io(e)) => Some(e.to_string()),
        };
        if let Some(e) = refused {
            self.writable = false;
            self.warnings.push(format!(
                "progress will not be saved this session: {} {why} and could not be moved aside ({e}); it is left untouched",
                shown(&path)
            ));
        }
        Progress::default()
    }

    /// Renames the bad file at `path` aside; the warning starts with `then`, what it means.
    fn move_aside(&mut self, path: &Path, why: &ParseError, then: &str) -> std::io::Result<()> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let aside = path.with_file_name(format!("{FILE}.{stamp}.bak"));
        fs::rename(path, &aside)?;
        self.warnings.push(format!(
            "{then}: {} {why}; it was moved to {}",
            shown(path),
            shown(&aside)
        ));
        Ok(())
    }

    /// Saves `progress` now, merged with what the file holds; `progress` becomes the merged
    /// state. On failure the app keeps running with a warning: after an error nothing more is
    /// tried; after waiting too long for another instance, the next save tries again.
    pub fn save(&mut self, progress: &mut Progress) {
        self.pending = false;
        self.last_save = Some(Instant::now());
        if !self.writable || self.read_only || *progress == self.base {
            return;
        }
        match self.merge_and_write(progress) {
            Ok(()) => {}
            Err(SaveError::Busy) => {
                let w = format!(
                    "progress not saved just now: another idemlab kept {} locked for {:.1} s; the next save tries again",
                    self.dir
                        .as_deref()
                        .map(|d| shown(&d.join(LOCK)))
                        .unwrap_or_default(),
                    self.lock_wait.as_secs_f32()
                );
                if self.warnings.last() != Some(&w) {
                    self.warnings.push(w);
                }
            }
            Err(SaveError::Failed(e)) => {
                self.writable = false;
                self.warnings
                    .push(format!("progress will not be saved this session: {e}"));
            }
        }
    }

    /// A change worth saving soon (the reading position): saved now if the last save is
    /// [`SAVE_EVERY`] old, else at [`Store::save_deadline`].
    pub fn save_soon(&mut self, progress: &mut Progress, now: Instant) {
        match self.last_save {
            Some(t) if now.saturating_duration_since(t) < SAVE_EVERY => self.pending = true,
            _ => self.save(progress),
        }
    }

    /// When a change waiting since [`Store::save_soon`] is due to be saved.
    #[must_use]
    pub fn save_deadline(&self) -> Option<Instant> {
        self.last_save
            .filter(|_| self.pending)
            .map(|t| t + SAVE_EVERY)
    }

    /// Saves a waiting change if its deadline has come.
    pub fn save_if_due(&mut self, progress: &mut Progress, now: Instant) {
        if self.save_deadline().is_some_and(|d| now >= d) {
            self.save(progress);
        }
    }

    fn merge_and_write(&mut self, progress: &mut Progress) -> Result<(), SaveError> {
        let dir = self
            .dir
            .clone()
            .ok_or_else(|| SaveError::Failed("no data directory".into()))?;
        let failed = |e: &dyn std::fmt::Display| {
            SaveError::Failed(format!("cannot save in {}: {e}", shown(&dir)))
        };
        fs::create_dir_all(&dir).map_err(|e| failed(&e))?;
        let _lock = match file::lock(&dir.join(LOCK), self.lock_wait) {
            Ok(l) => l,
            Err(LockError::Busy) => return Err(SaveError::Busy),
            Err(LockError::Io(e)) => return Err(failed(&e)),
        };
        let path = dir.join(FILE);
        let mut theirs = match file::read_regular(&path) {
            Ok(None) => Progress::default(),
            Ok(Some(bytes)) => match parse(&bytes) {
                Ok(p) => p,
                Err(why) => {
                    // Written by something else since we read it: kept aside, not merged.
                    let then = "this session's progress replaces the progress file";
                    self.move_aside(&path, &why, then).map_err(|e| failed(&e))?;
                    self.base.clone()
                }
            },
            Err(e @ (ReadError::NotRegular(_) | ReadError::TooLarge(_))) => {
                return Err(failed(&format!("{}: {e}", shown(&path))));
            }
            Err(ReadError::Io(e)) => return Err(failed(&e)),
        };
        let marked = read_reset(&dir);
        theirs.reset_at = theirs.reset_at.max(marked);
        let merged = merge::merge(&self.base, progress, &theirs);
        if merged.reset_at > marked
            && let Some(at) = merged.reset_at
        {
            let mark = ResetMark {
                version: VERSION,
                reset_at: at,
            };
            let json = serde_json::to_vec(&mark).map_err(|e| failed(&e))?;
            file::write_atomic(&dir.join(RESET), &json).map_err(|e| failed(&e))?;
        }
        file::remove_stale_temps(&dir, &[FILE, RESET]);
        if merged.is_empty() {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(&e)),
                _ => {}
            }
        } else {
            let mut json = serde_json::to_vec_pretty(&merged).map_err(|e| failed(&e))?;
            json.push(b'\n');
            file::write_atomic(&path, &json).map_err(|e| failed(&e))?;
        }
        self.base = merged.clone();
        *progress = merged;
        Ok(())
    }

    /// Forgets all progress (for `progress --reset`): a reset dated now, which every other
    /// instance's next save honours too.
    pub fn reset(&mut self, progress: &mut Progress) -> Result<(), StoreError> {
        self.refuse_if_unwritable()?;
        *progress = Progress {
            reset_at: Some(stamp_now().max(progress.reset_at.unwrap_or(0))),
            ..Progress::default()
        };
        self.save_or_say(progress)
    }

    /// Merges the progress file at `from` (written by `--export` or copied from another data
    /// directory) into this one. A file that cannot be read or understood changes nothing.
    pub fn import(&mut self, progress: &mut Progress, from: &Path) -> Result<Progress, StoreError> {
        let path = shown(from);
        let bytes = match file::read_regular(from) {
            Ok(Some(b)) => b,
            Ok(None) => return Err(StoreError::Missing { path }),
            Err(e) => {
                return Err(StoreError::Unreadable {
                    path,
                    why: e.to_string(),
                });
            }
        };
        let imported = parse(&bytes).map_err(|why| StoreError::NotProgress { path, why })?;
        self.refuse_if_unwritable()?;
        // What is imported is news here, whatever was reset before.
        let mut merged = merge::union(progress, &imported.restamped(stamp_now()));
        self.save_or_say(&mut merged)?;
        *progress = merged;
        Ok(imported)
    }

    fn refuse_if_unwritable(&self) -> Result<(), StoreError> {
        if self.writable && !self.read_only {
            return Ok(());
        }
        Err(StoreError::Unwritable(
            self.warnings.last().cloned().unwrap_or_else(|| {
                format!(
                    "progress cannot be saved in {}",
                    self.dir.as_deref().map(shown).unwrap_or_default()
                )
            }),
        ))
    }

    fn save_or_say(&mut self, progress: &mut Progress) -> Result<(), StoreError> {
        let before = self.warnings.len();
        self.save(progress);
        match self.warnings.get(before) {
            Some(w) => Err(StoreError::NotSaved(w.clone())),
            None => Ok(()),
        }
    }

    /// Whether progress can be saved here (for a read-only store: whether it could be).
    #[must_use]
    pub fn is_writable(&self) -> bool {
        self.writable
    }
}

/// Writes `progress` as a progress file at `to` (for `progress --export`).
pub fn export(progress: &Progress, to: &Path) -> Result<(), StoreError> {
    let failed = |why: String| StoreError::Unwritten {
        path: shown(to),
        why,
    };
    let mut json = serde_json::to_vec_pretty(progress).map_err(|e| failed(e.to_string()))?;
    json.push(b'\n');
    file::write_atomic(to, &json).map_err(|e| failed(e.to_string()))
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
