//! What `idemlab progress` asks of the store: a reset dated now, an import merged in, an
//! export written; each refused with a [`StoreError`] rather than a warning.

use std::path::Path;

use super::{Store, parse};
use crate::progress::error::StoreError;
use crate::progress::file;
use crate::progress::{Progress, merge, stamp_now};
use crate::text::sanitize_path as shown;

impl Store {
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

    pub(super) fn refuse_if_unwritable(&self) -> Result<(), StoreError> {
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

    pub(super) fn save_or_say(&mut self, progress: &mut Progress) -> Result<(), StoreError> {
        let before = self.warnings.len();
        self.save(progress);
        match self.warnings.get(before) {
            Some(w) => Err(StoreError::NotSaved(w.clone())),
            None => Ok(()),
        }
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
