//! Where content comes from: the tree embedded at build time, or a directory an author points
//! at. A directory is untrusted: only the spec's layout is read, symlinks may not lead outside
//! the tree, and oversized files are refused rather than read, so content cannot make the app
//! read arbitrary files or hang.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use super::diag::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Largest content file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Embedded,
    Dir(PathBuf),
}

/// One content file: its path inside the tree (`quizzes/a.yaml`), the name shown in errors, and
/// its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel: String,
    pub display: String,
    pub text: String,
}

impl Source {
    /// A short description for headers and messages.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Embedded => "the bundled course".to_owned(),
            Self::Dir(d) => d.display().to_string(),
        }
    }

    /// Every file of the layout, sorted by path, and a diagnostic for each file that could not
    /// be read.
    #[must_use]
    pub fn files(&self) -> (Vec<SourceFile>, Vec<Diagnostic>) {
        match self {
            Self::Embedded => embedded_files(),
            Self::Dir(root) => dir_files(root),
        }
    }
}

fn embedded_files() -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (rel, bytes) in embedded::FILES {
        if !in_layout(rel) {
            continue;
        }
        match decode(rel, bytes) {
            Ok(text) => files.push(SourceFile {
                rel: (*rel).to_owned(),
                display: (*rel).to_owned(),
                text,
            }),
            Err(d) => errors.push(d),
        }
    }
    (files, errors)
}

/// Is `rel` a file the spec's layout says to load?
#[must_use]
pub fn in_layout(rel: &str) -> bool {
    let depth = rel.matches('/').count();
    (rel.starts_with("lessons/")
        && depth == 1
        && (rel.ends_with(".md") || rel == "lessons/glossary.yaml"))
        || (rel.starts_with("quizzes/") && depth == 1 && rel.ends_with(".yaml"))
        || (rel.starts_with("assets/scenarios/") && depth == 2 && rel.ends_with(".yaml"))
        || (rel.starts_with("assets/labs/") && depth == 2 && rel.ends_with(".yaml"))
}

fn dir_files(root: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let shown_root = root.display().to_string();
    let Ok(canon_root) = root.canonicalize() else {
        errors.push(Diagnostic::new(
            &shown_root,
            1,
            1,
            "content directory not found or not readable",
        ));
        return (files, errors);
    };
    let mut any_dir = false;
    for dir in ["lessons", "quizzes", "assets/scenarios", "assets/labs"] {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        any_dir = true;
        let mut names: Vec<_> = entries.flatten().map(|e| e.file_name()).collect();
        names.sort();
        for os_name in names {
            let Some(name) = os_name.to_str() else {
                // The text of every path is UTF-8 from here on; such a file cannot be named in
                // an error the author could paste, nor in a link, so it is refused by name.
                let lossy = os_name.to_string_lossy();
                if in_layout(&format!("{dir}/{lossy}")) || lossy.ends_with(".yml") {
                    let shown = format!("{}/{}", root.join(dir).display(), show_name(&os_name));
                    errors.push(Diagnostic::new(
                        shown,
                        1,
                        1,
                        "file name is not valid UTF-8; rename the file",
                    ));
                }
                continue;
            };
            let rel = format!("{dir}/{name}");
            let path = root.join(&rel);
            let display = path.display().to_string();
            if name.ends_with(".yml") {
                errors.push(Diagnostic::new(
                    &display,
                    1,
                    1,
                    "content YAML files must end in `.yaml`; rename this file",
                ));
                continue;
            }
            if !in_layout(&rel) {
                continue;
            }
            match read_inside(&canon_root, &path, &display) {
                Ok(text) => files.push(SourceFile { rel, display, text }),
                Err(d) => errors.push(d),
            }
        }
    }
    if !any_dir {
        errors.push(Diagnostic::new(
            &shown_root,
            1,
            1,
            "no content found: expected lessons/, quizzes/ or assets/scenarios/ in this directory",
        ));
    }
    (files, errors)
}

/// A file name that is not UTF-8, with each byte that is not part of a UTF-8 character written
/// as `\xNN`, so the author can tell which file it is.
#[cfg(unix)]
fn show_name(name: &OsStr) -> String {
    use std::fmt::Write as _;
    use std::os::unix::ffi::OsStrExt as _;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

#[cfg(not(unix))]
fn show_name(name: &OsStr) -> String {
    name.to_string_lossy().into_owned()
}

fn read_inside(canon_root: &Path, path: &Path, display: &str) -> Result<String, Diagnostic> {
    let err = |m: String| Diagnostic::new(display, 1, 1, m);
    let canon = path
        .canonicalize()
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if !canon.starts_with(canon_root) {
        return Err(err(
            "this file is a link to somewhere outside the content tree; it is not read".into(),
        ));
    }
    let meta = fs::metadata(&canon).map_err(|e| err(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(err("not a regular file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(format!(
            "file is {} bytes; content files may be at most {MAX_FILE_BYTES}",
            meta.len()
        )));
    }
    let bytes = fs::read(&canon).map_err(|e| err(format!("cannot read: {e}")))?;
    decode(display, &bytes)
}

/// UTF-8 or a diagnostic at the first invalid byte. A byte-order mark is dropped.
pub fn decode(display: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) if s.contains('\r') => Ok(s.replace("\r\n", "\n")),
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, col) = super::diag::line_col(valid, valid.len());
            Err(Diagnostic::new(
                display,
                line,
                col,
                "file is not valid UTF-8",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_filter() {
        assert!(in_layout("lessons/01-a.md"));
        assert!(in_layout("lessons/glossary.yaml"));
        assert!(in_layout("quizzes/a.yaml"));
        assert!(in_layout("assets/scenarios/a.yaml"));
        assert!(!in_layout("lessons/notes.txt"));
        assert!(!in_layout("lessons/sub/01-a.md"));
        assert!(!in_layout("assets/theme.yaml"));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode("x.md", b"ok\nab\xff").unwrap_err();
        assert_eq!((err.line, err.col), (2, 3));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_show_their_bytes() {
        use std::os::unix::ffi::OsStrExt as _;
        let name = OsStr::from_bytes(b"01-\xffa\xc3\xa9\xe2\x80.md");
        assert_eq!(show_name(name), "01-\\xffaé\\xe2\\x80.md");
    }
}
