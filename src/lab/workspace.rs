//! The learner's working copies: `<workspace>/<id>.<ext>`, created from the starter the first
//! time and never overwritten. `reset` moves the file aside to `<id>.<ext>.<unix>.bak` before
//! writing the starter again, so nothing the learner wrote is ever deleted. What sits at a
//! path is not trusted: a symlink out of the workspace, a FIFO or device, or a file over
//! [`CAP`] is refused with a message, never followed, blocked on or read whole.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::schema::Lab;

/// The largest lab file read: a lab's file is a few hundred bytes.
pub const CAP: u64 = 256 * 1024;

/// Why a lab file could not be used.
#[derive(Debug)]
pub enum FileError {
    /// A symlink whose target is outside the workspace.
    SymlinkOut(PathBuf),
    /// Not a regular file: what it is.
    NotRegular(&'static str),
    TooLarge(u64),
    NotUtf8,
    Missing,
    Io(io::Error),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SymlinkOut(t) => write!(
                f,
                "it is a symlink out of the workspace (to {}); refusing to follow it",
                crate::text::sanitize_path(t)
            ),
            Self::NotRegular(k) => write!(f, "it is {k}, not a regular file"),
            Self::TooLarge(n) => write!(f, "it is larger than {} KiB ({n} bytes)", CAP / 1024),
            Self::NotUtf8 => write!(f, "it is not UTF-8 text"),
            Self::Missing => write!(f, "there is no such file"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for FileError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::NotFound {
            Self::Missing
        } else {
            Self::Io(e)
        }
    }
}

/// The folder of the learner's lab files.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub dir: PathBuf,
}

fn kind_of(ft: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Reads the lab file at `path` (any path, for `--check FILE`): a regular file, opened without
/// blocking, at most [`CAP`] bytes, UTF-8.
pub fn read_file(path: &Path) -> Result<String, FileError> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular(kind_of(meta.file_type())));
    }
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Swapped for a FIFO after the check above, the open still does not block.
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(FileError::NotRegular(kind_of(meta.file_type())));
    }
    let mut bytes = Vec::new();
    file.take(CAP + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > CAP {
        return Err(FileError::TooLarge(meta.len().max(CAP + 1)));
    }
    String::from_utf8(bytes).map_err(|_| FileError::NotUtf8)
}

impl Workspace {
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Where the lab's file is (whether or not it exists yet).
    #[must_use]
    pub fn path(&self, lab: &Lab) -> PathBuf {
        self.dir.join(lab.file_name())
    }

    /// Refuses a symlink at `path` whose target leaves the workspace.
    fn check_link(&self, path: &Path) -> Result<(), FileError> {
        let Ok(meta) = fs::symlink_metadata(path) else {
            return Ok(());
        };
        if meta.file_type().is_symlink() {
            let target = fs::canonicalize(path)
                .unwrap_or_else(|_| fs::read_link(path).unwrap_or_else(|_| path.to_path_buf()));
            let root = fs::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
            if !target.starts_with(&root) {
                return Err(FileError::SymlinkOut(target));
            }
        }
        Ok(())
    }

    /// The lab's file, created from the starter if it does not exist yet (never overwritten).
    pub fn ensure(&self, lab: &Lab) -> Result<PathBuf, FileError> {
        fs::create_dir_all(&self.dir)?;
        let path = self.path(lab);
        self.check_link(&path)?;
        if fs::symlink_metadata(&path).is_err() {
            self.write_new(&path, lab.starter())?;
        }
        Ok(path)
    }

    /// Reads the lab's file, creating it first if needed.
    pub fn read(&self, lab: &Lab) -> Result<(PathBuf, String), FileError> {
        let path = self.ensure(lab)?;
        self.check_link(&path)?;
        Ok((path.clone(), read_file(&path)?))
    }

    /// Moves the current file aside (`<file>.<unix>.bak`) and writes the starter again.
    /// Returns where the old file went, if there was one.
    pub fn reset(&self, lab: &Lab) -> Result<Option<PathBuf>, FileError> {
        fs::create_dir_all(&self.dir)?;
        let path = self.path(lab);
        let mut moved = None;
        if fs::symlink_metadata(&path).is_ok() {
            let unix = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let name = lab.file_name();
            let mut bak = self.dir.join(format!("{name}.{unix}.bak"));
            let mut n = 1;
            while fs::symlink_metadata(&bak).is_ok() {
                bak = self.dir.join(format!("{name}.{unix}-{n}.bak"));
                n += 1;
            }
            // A rename moves a symlink itself, never what it points to.
            fs::rename(&path, &bak)?;
            moved = Some(bak);
        }
        self.write_new(&path, lab.starter())?;
        Ok(moved)
    }

    /// Writes `text` to a fresh temporary name, then links it at `path` only if nothing is
    /// there: the file appears whole or not at all, and an existing file is never replaced.
    fn write_new(&self, path: &Path, text: &str) -> Result<(), FileError> {
        let tmp = self.dir.join(format!(
            ".{}.{}.{}.tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("lab"),
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        ));
        let result = (|| {
            let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            match fs::hard_link(&tmp, path) {
                Ok(()) => Ok(()),
                // Another instance created it first: theirs stays.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(e),
            }
        })();
        let _ = fs::remove_file(&tmp);
        result.map_err(FileError::from)
    }
}
