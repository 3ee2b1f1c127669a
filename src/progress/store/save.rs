//! Saving: read-merge-write under the lock (the reset marker written first, stale temporary
//! files removed, an empty result removing the file), and when to save (now, or within
//! [`SAVE_EVERY`] of the last save while the learner reads).

use std::fs;
use std::time::Instant;

use super::{FILE, LOCK, RESET, ResetMark, SAVE_EVERY, SaveError, Store, parse, read_reset};
use crate::progress::file::{self, LockError, ReadError};
use crate::progress::{Progress, VERSION, merge};
use crate::text::sanitize_path as shown;

impl Store {
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
                // Still to be saved: the next save, or the last one at exit, tries again.
                self.pending = true;
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

    /// The save nothing follows (a quit, the end of a plain quiz or a lab check): like
    /// [`Store::save`], but it waits up to [`file::LAST_SAVE_WAIT`] for other instances, since
    /// there is no later save to try again. A change still unsaved after that is warned about.
    pub fn save_last(&mut self, progress: &mut Progress) {
        let wait = self.lock_wait;
        self.lock_wait = wait.max(file::LAST_SAVE_WAIT);
        self.save(progress);
        self.lock_wait = wait;
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

    pub(super) fn merge_and_write(&mut self, progress: &mut Progress) -> Result<(), SaveError> {
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
}
