//! Opening the store: the progress file read (and the reset marker applied), and a file that
//! cannot be understood moved aside under the lock, or left where it is for a read-only store.

use std::fs;
use std::path::{Path, PathBuf};

use super::{FILE, LOCK, Store, parse, read_reset};
use crate::progress::Progress;
use crate::progress::error::ParseError;
use crate::progress::file::{self, LOCK_WAIT, LockError};
use crate::text::sanitize_path as shown;

impl Store {
    pub(super) fn open_as(dir: Option<PathBuf>, saves: bool) -> (Self, Progress) {
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

    pub(super) fn load(&mut self, saves: bool) -> Progress {
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
    pub(super) fn move_aside_locked(&mut self, dir: &Path, why: &ParseError) -> Progress {
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
    pub(super) fn move_aside(
        &mut self,
        path: &Path,
        why: &ParseError,
        then: &str,
    ) -> std::io::Result<()> {
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
}
