//! Every run's history, kept as Maelstrom keeps its store: a directory
//! `<data dir>/probe/<time>/` with `history.jsonl` (one exchange per line, written as it
//! happens, so an interrupted run keeps what it did) and `report.json` (the `--json` document)
//! at the end.

use std::fs::{self, File};
use std::io::{LineWriter, Write as _};
use std::path::{Path, PathBuf};

use super::client::Listener;

/// Creates `<dir>/probe/<UTC time>/` (a new one, never an old run's).
pub fn create_run_dir(data_dir: &Path) -> std::io::Result<PathBuf> {
    let now = time::OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}-{:02}-{:02}T{:02}-{:02}-{:02}.{:03}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        now.millisecond()
    );
    let base = data_dir.join("probe");
    fs::create_dir_all(&base)?;
    for n in 1..100 {
        let dir = if n == 1 {
            base.join(&stamp)
        } else {
            base.join(format!("{stamp}-{n}"))
        };
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "too many runs in the same millisecond",
    ))
}

/// A listener that appends each exchange to `history.jsonl` in `dir`.
pub fn writer(dir: &Path) -> std::io::Result<Listener> {
    let file = File::create_new(dir.join("history.jsonl"))?;
    let mut out = LineWriter::new(file);
    Ok(Box::new(move |ex| {
        if let Ok(line) = serde_json::to_string(ex) {
            let _ = writeln!(out, "{line}");
        }
    }))
}

/// Writes `report.json` beside the history.
pub fn write_report(dir: &Path, doc: &serde_json::Value) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(doc).map_err(std::io::Error::other)?;
    fs::write(dir.join("report.json"), text + "\n")
}

/// Reads a run's history back (for the diagram), skipping lines it cannot read.
pub fn read(dir: &Path) -> std::io::Result<Vec<serde_json::Value>> {
    let text = fs::read_to_string(dir.join("history.jsonl"))?;
    Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect())
}
