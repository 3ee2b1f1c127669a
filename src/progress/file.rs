//! The file operations the store trusts nothing for. Whatever sits at a path in the data
//! directory (a FIFO, a symlink to `/dev/zero`, a huge file, a symlink planted at a temporary
//! name) may not hang, exhaust memory, or make a save write outside the directory:
//!
//! - a file is read only if the opened handle is a regular file (opened without blocking, so a
//!   FIFO cannot stall the open), and never beyond [`CAP`] bytes;
//! - a save writes a temporary file with a random name that must not exist yet (`O_EXCL`, which
//!   does not follow a symlink), then renames it over the target;
//! - writers take an exclusive lock on a separate lock file, waiting a bounded time.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The largest progress file read: far above any learner's (a few KiB to a few hundred).
pub const CAP: u64 = 16 * 1024 * 1024;

/// How long a save waits for another instance to finish its own.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// How long the last save of a process waits ([`crate::progress::Store::save_last`]): no save
/// follows it to try again, so it waits out a crowd of instances saving at once on a slow disk
/// (a save holds the lock for milliseconds; only a stuck process holds it this long).
pub const LAST_SAVE_WAIT: Duration = Duration::from_secs(60);

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Something other than a regular file: its kind, for the message.
    NotRegular(&'static str),
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            Self::TooLarge(n) => write!(
                f,
                "it is larger than {} MiB ({n} bytes)",
                CAP / (1024 * 1024)
            ),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The contents of the regular file at `path` (a symlink is followed), or `None` if nothing is
/// there.
pub fn read_regular(path: &Path) -> Result<Option<Vec<u8>>, ReadError> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading blocks until a writer comes, unless non-blocking.
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = match opts.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta)));
    }
    if meta.len() > CAP {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > CAP {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

fn kind(meta: &fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Writes `bytes` to `target` atomically: a fresh temporary file beside it, synced, then renamed
/// over it. The temporary file is never one that already exists (a planted symlink included).
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let (tmp, mut file) = create_temp(dir, &name)?;
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The temporary names for `name`: `.NAME.tmp-` and a random suffix.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..16 {
        let path = dir.join(format!(
            "{}{:016x}",
            temp_prefix(name),
            rand::random::<u64>()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// Removes temporary files for `names` left in `dir` by a writer that was killed mid-save. Only
/// called under the lock, when no other writer can be between create and rename.
pub fn remove_stale_temps(dir: &Path, names: &[&str]) {
    let prefixes: Vec<String> = names.iter().map(|n| temp_prefix(n)).collect();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if prefixes.iter().any(|p| name.starts_with(p.as_str())) {
            // A symlink is removed itself, never followed.
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another instance held it for all of [`LOCK_WAIT`].
    Busy,
    Io(io::Error),
}

/// Takes the exclusive lock on `path` (created if needed), trying for `wait` (the store uses
/// [`LOCK_WAIT`]). Released when the returned file is dropped, or when the process ends, however
/// it ends.
pub fn lock(path: &Path, wait: Duration) -> Result<File, LockError> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A lock file that is a planted symlink is refused, not followed; a FIFO does not block.
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(LockError::Io)?;
    let meta = file.metadata().map_err(LockError::Io)?;
    if !meta.is_file() {
        return Err(LockError::Io(io::Error::other(format!(
            "{} is {}, not a regular file",
            crate::text::sanitize_path(path),
            kind(&meta)
        ))));
    }
    let deadline = Instant::now() + wait;
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(LockError::Busy);
        }
        // A save holds the lock for milliseconds: retry soon, a little later each time.
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_regular(dir.path()),
            Err(ReadError::NotRegular("a directory"))
        ));
        assert!(matches!(read_regular(&dir.path().join("none")), Ok(None)));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(
            read_regular(&link),
            Err(ReadError::NotRegular("a device"))
        ));
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let f = File::create(&path).unwrap();
        f.set_len(CAP + 1).unwrap();
        assert!(matches!(read_regular(&path), Err(ReadError::TooLarge(_))));
        f.set_len(CAP).unwrap();
        assert_eq!(read_regular(&path).unwrap().unwrap().len() as u64, CAP);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_temp_symlink_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"precious").unwrap();
        let data = dir.path().join("data");
        fs::create_dir(&data).unwrap();
        // Plant a link at every name the old scheme used and a stale temp of ours.
        let stale = data.join(format!("{}0000000000000000", temp_prefix("p.json")));
        std::os::unix::fs::symlink(&victim, &stale).unwrap();
        write_atomic(&data.join("p.json"), b"{}").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(fs::read(data.join("p.json")).unwrap(), b"{}");
        remove_stale_temps(&data, &["p.json"]);
        assert!(fs::symlink_metadata(&stale).is_err());
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
    }

    #[test]
    fn a_held_lock_makes_the_next_one_wait_then_give_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let held = lock(&path, LOCK_WAIT).unwrap();
        let short = Duration::from_millis(20);
        assert!(matches!(lock(&path, short), Err(LockError::Busy)));
        drop(held);
        assert!(lock(&path, short).is_ok());
    }
}
