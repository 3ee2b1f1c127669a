//! The progress file on disk. Saving writes a temporary file and renames it over the old one, so
//! a crash mid-write leaves the previous file intact. A file that cannot be understood is never
//! deleted: it is renamed aside with a warning and the learner starts fresh. A directory that
//! cannot be written leaves the app usable, with a warning that progress is not saved.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Progress, VERSION};

const FILE: &str = "progress.json";

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
}

impl Store {
    /// Opens the store in `dir` and loads the progress found there.
    #[must_use]
    pub fn open(dir: Option<PathBuf>) -> (Self, Progress) {
        let mut store = Self {
            dir,
            warnings: Vec::new(),
            writable: true,
        };
        let progress = store.load();
        (store, progress)
    }

    /// The progress file's path, if there is a data directory at all.
    #[must_use]
    pub fn path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(FILE))
    }

    fn load(&mut self) -> Progress {
        let Some(path) = self.path() else {
            self.writable = false;
            self.warnings.push("no data directory could be found (set IDEMLAB_DATA or --data-dir): progress will not be saved".into());
            return Progress::default();
        };
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Progress::default(),
            Err(e) => {
                self.writable = false;
                self.warnings.push(format!(
                    "cannot read {}: {e}; progress will not be saved this session",
                    path.display()
                ));
                return Progress::default();
            }
        };
        match parse(&bytes) {
            Ok(p) => p,
            Err(why) => {
                self.move_aside(&path, &why);
                Progress::default()
            }
        }
    }

    fn move_aside(&mut self, path: &Path, why: &str) {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let aside = path.with_file_name(format!("{FILE}.{stamp}.bak"));
        match fs::rename(path, &aside) {
            Ok(()) => self.warnings.push(format!(
                "progress file {why}; it was moved to {} and progress starts fresh",
                aside.display()
            )),
            Err(e) => {
                self.writable = false;
                self.warnings.push(format!("progress file {why} and could not be moved aside ({e}); it is left untouched and progress will not be saved"));
            }
        }
    }

    /// Saves atomically. On failure the app keeps running: one warning, then no more attempts.
    pub fn save(&mut self, progress: &Progress) {
        if !self.writable {
            return;
        }
        let Some(dir) = self.dir.clone() else { return };
        if let Err(e) = write_atomic(&dir, progress) {
            self.writable = false;
            self.warnings.push(format!(
                "cannot save progress in {}: {e}; progress will not be saved this session",
                dir.display()
            ));
        }
    }

    /// Deletes the progress file (for `progress --reset`).
    pub fn reset(&mut self) -> std::io::Result<()> {
        match self.path().map(fs::remove_file) {
            Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    #[must_use]
    pub fn is_writable(&self) -> bool {
        self.writable
    }
}

fn parse(bytes: &[u8]) -> Result<Progress, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("is not valid JSON ({e})"))?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or("has no format version")?;
    if version > u64::from(VERSION) {
        return Err(format!(
            "was written by a newer idemlab (format {version}, this one reads {VERSION})"
        ));
    }
    serde_json::from_value(value).map_err(|e| format!("does not match the expected format ({e})"))
}

fn write_atomic(dir: &Path, progress: &Progress) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
    let json = serde_json::to_vec_pretty(progress).map_err(std::io::Error::other)?;
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(FILE))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut p) = Store::open(Some(dir.path().to_path_buf()));
        p.reading("a", 42);
        store.save(&p);
        let (store2, p2) = Store::open(Some(dir.path().to_path_buf()));
        assert_eq!(p, p2);
        assert!(store2.warnings.is_empty());
    }

    #[test]
    fn corrupt_file_is_moved_aside_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE), b"{not json").unwrap();
        let (store, p) = Store::open(Some(dir.path().to_path_buf()));
        assert_eq!(p, Progress::default());
        assert_eq!(store.warnings.len(), 1, "{:?}", store.warnings);
        let kept: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        assert!(
            kept.iter()
                .any(|n| n.starts_with("progress.json.") && n.ends_with(".bak")),
            "{kept:?}"
        );
        let bak = kept.iter().find(|n| n.ends_with(".bak")).unwrap();
        assert_eq!(fs::read(dir.path().join(bak)).unwrap(), b"{not json");
    }

    #[test]
    fn future_version_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE), br#"{"version": 99, "lessons": {}}"#).unwrap();
        let (store, p) = Store::open(Some(dir.path().to_path_buf()));
        assert_eq!(p.version, VERSION);
        assert!(
            store.warnings[0].contains("newer idemlab"),
            "{:?}",
            store.warnings
        );
    }

    #[test]
    fn unwritable_directory_warns_once_and_keeps_going() {
        // A data directory below a regular file cannot be created, even by root.
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, b"x").unwrap();
        let (mut store, mut p) = Store::open(Some(blocker.join("data")));
        p.reading("a", 1);
        store.save(&p);
        store.save(&p);
        assert!(!store.is_writable());
        assert_eq!(store.warnings.len(), 1, "{:?}", store.warnings);
        assert!(
            store.warnings[0].contains("will not be saved"),
            "{:?}",
            store.warnings
        );
    }
}
