//! Watching the lab file, so a save from any editor re-checks it. The watcher (inotify on
//! Linux, through the `notify` crate) watches the file's folder, because editors often save
//! by writing a new file and renaming it over the old one. Its events go to a thread that
//! waits for a short quiet moment (an editor's save is several events) and then puts one
//! [`Wake::FileChanged`] on the loop's channel: nothing runs while nothing changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::wake::Wake;

/// Events closer together than this are one save.
const QUIET: Duration = Duration::from_millis(40);

/// A live watch on one file; dropping it stops the watch and its thread.
pub struct FileWatch {
    pub path: PathBuf,
    _watcher: RecommendedWatcher,
}

/// Starts watching `path` (its folder, filtered by its name); `None` if the platform refuses.
pub fn watch(path: &Path, wake: Sender<Wake>) -> Option<FileWatch> {
    let dir = path.parent()?.to_path_buf();
    let name = path.file_name()?.to_owned();
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).ok()?;
    watcher.watch(&dir, RecursiveMode::NonRecursive).ok()?;
    let ours = move |e: &notify::Result<notify::Event>| {
        e.as_ref().is_ok_and(|ev| {
            !ev.kind.is_access() && ev.paths.iter().any(|p| p.file_name() == Some(&name))
        })
    };
    std::thread::Builder::new()
        .name("lab-watch".into())
        .spawn(move || {
            // Ends when the watcher is dropped (its sender goes) or the loop is gone.
            while let Ok(e) = rx.recv() {
                if !ours(&e) {
                    continue;
                }
                loop {
                    match rx.recv_timeout(QUIET) {
                        Ok(_) => {}
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                if wake.send(Wake::FileChanged).is_err() {
                    return;
                }
            }
        })
        .ok()?;
    Some(FileWatch {
        path: path.to_path_buf(),
        _watcher: watcher,
    })
}
