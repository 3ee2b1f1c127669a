//! YAML with positions. serde (through the `serde_yaml` API) gives typed values, but only syntax
//! and type errors carry a location; rules that `check` enforces afterwards ("a single question
//! needs exactly one correct choice") must point at the offending node too. So a document is
//! parsed into a `serde_yaml::Value` that items are deserialized from one at a time (one bad
//! question does not hide the errors of the next), and, only when an error needs a position,
//! parsed again by `saphyr-parser` into an index from node path (`questions[3].choices[1]`, the
//! notation `serde_path_to_error` prints) to line and column. Valid content never pays for it.
//!
//! No text reaches serde before it passed the limits of `yaml_guard` (alias expansion,
//! nesting depth): [`check`] is the only way to get the [`Checked`] text that serde reads. Every
//! position, from either parser, is converted from an offset by [`LineIndex`], so YAML errors
//! count lines the way Markdown errors do (see [`super::diag`]).

use std::cell::OnceCell;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use super::diag::{Diagnostic, LineIndex};
use super::yaml_guard;

/// Where a node starts; for a mapping value, also where its key starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    value: (usize, usize),
    key: Option<(usize, usize)>,
}

/// A parsed YAML document that can turn a node path into `PATH:LINE:COL`.
#[derive(Debug)]
pub struct YamlDoc {
    pub file: String,
    value: OnceCell<Value>,
    src: String,
    index: OnceCell<HashMap<String, Pos>>,
    /// Added to every line: front matter starts below the `---` line of a lesson.
    line_offset: usize,
}

enum Frame {
    Seq {
        path: String,
        next: usize,
    },
    Map {
        path: String,
        pending_key: Option<(String, (usize, usize))>,
    },
}

/// A text that passed the limits of `yaml_guard`: the only kind of text serde reads.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    src: &'a str,
}

impl<'a> Checked<'a> {
    /// Deserializes the checked text.
    pub fn from_str<T: DeserializeOwned>(self) -> Result<T, serde_yaml::Error> {
        serde_yaml::from_str(self.src)
    }

    #[must_use]
    pub fn text(self) -> &'a str {
        self.src
    }
}

/// Walks `src` once and refuses it, as the single diagnostic of `file`, if it is not YAML or
/// passes a limit: too many nodes added by aliases, nesting too deep, several documents. Time
/// and memory are linear in the size of `src` whatever it holds.
pub fn check<'a>(file: &str, src: &'a str, line_offset: usize) -> Result<Checked<'a>, Diagnostic> {
    match yaml_guard::check(src) {
        Ok(()) => Ok(Checked { src }),
        Err(r) => {
            let (line, col) = LineIndex::new(src).line_col_of_char(r.index);
            Err(Diagnostic::new(file, line + line_offset, col, r.message))
        }
    }
}

impl YamlDoc {
    /// Checks and parses `src`. A syntax error or a limit passed is the single diagnostic of the
    /// file.
    pub fn parse(file: &str, src: &str, line_offset: usize) -> Result<Self, Diagnostic> {
        Self::parse_checked(file, check(file, src, line_offset)?, line_offset)
    }

    /// Parses a text that [`check`] let through. A syntax error is the single diagnostic of the
    /// file.
    pub fn parse_checked(
        file: &str,
        checked: Checked<'_>,
        line_offset: usize,
    ) -> Result<Self, Diagnostic> {
        let src = checked.text();
        let value: Value = checked.from_str().map_err(|e| {
            // yaml_serde counts NEL, U+2028 and U+2029 as line breaks; its byte offset does not
            // depend on that.
            let (line, col) = e
                .location()
                .map_or((1, 1), |l| LineIndex::new(src).line_col(l.index()));
            Diagnostic::new(
                file,
                line + line_offset,
                col,
                format!("YAML syntax error: {}", strip_location(&e.to_string())),
            )
        })?;
        Ok(Self {
            file: file.to_owned(),
            value: OnceCell::from(value),
            src: src.to_owned(),
            index: OnceCell::new(),
            line_offset,
        })
    }

    /// A document already known to be valid YAML (a typed parse of it succeeded): the value
    /// tree and the position index are only built if something asks for them.
    #[must_use]
    pub fn unparsed(file: &str, src: Checked<'_>, line_offset: usize) -> Self {
        Self {
            file: file.to_owned(),
            value: OnceCell::new(),
            src: src.text().to_owned(),
            index: OnceCell::new(),
            line_offset,
        }
    }

    /// The document as a value tree.
    pub fn value(&self) -> &Value {
        // `src` was checked when the document was made (`parse` or `unparsed`).
        self.value
            .get_or_init(|| Checked { src: &self.src }.from_str().unwrap_or(Value::Null))
    }

    /// Line and column of the node at `path`, or of its nearest ancestor that exists.
    #[must_use]
    pub fn pos(&self, path: &str) -> (usize, usize) {
        let (l, c) = self.lookup(path).map_or((1, 1), |p| p.value);
        (l + self.line_offset, c)
    }

    /// Line and column of the key of the mapping entry at `path` (the value's position when the
    /// node has no key, e.g. a sequence item).
    #[must_use]
    pub fn key_pos(&self, path: &str) -> (usize, usize) {
        let (l, c) = self
            .lookup(path)
            .map_or((1, 1), |p| p.key.unwrap_or(p.value));
        (l + self.line_offset, c)
    }

    /// The position index, built on first use. If the second parser disagrees with the first
    /// about the syntax, positions fall back to the start of the file (the text passed saphyr
    /// once already, in [`check`], so this does not happen).
    fn index(&self) -> &HashMap<String, Pos> {
        self.index
            .get_or_init(|| build_index(&self.src).unwrap_or_default())
    }

    fn lookup(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.index().get(p) {
                return Some(*pos);
            }
            if p.is_empty() {
                return None;
            }
            p = parent(p);
        }
    }

    /// A diagnostic pointing at the value at `path`.
    #[must_use]
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (l, c) = self.pos(path);
        Diagnostic::new(&self.file, l, c, message)
    }

    /// A diagnostic pointing at the key of the entry at `path`.
    #[must_use]
    pub fn error_at_key(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (l, c) = self.key_pos(path);
        Diagnostic::new(&self.file, l, c, message)
    }

    /// Deserializes the node `value` found at `base` (a path in this document), reporting a
    /// failure at the exact node serde complained about.
    pub fn deserialize<T: DeserializeOwned>(
        &self,
        base: &str,
        value: &Value,
    ) -> Result<T, Diagnostic> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let rel = e.path().to_string();
            let path = join(base, if rel == "." { "" } else { &rel });
            let msg = e.inner().to_string();
            if let Some(field) = between(&msg, "unknown field `", "`") {
                let field_path = join(&path, field);
                if self.index().contains_key(&field_path) {
                    return self.error_at_key(&field_path, msg);
                }
                // serde_path_to_error may already include the unknown key in the path.
                return self.error_at_key(&path, msg);
            }
            if msg.starts_with("missing field") {
                let (l, c) = self.key_pos(&path);
                return Diagnostic::new(&self.file, l, c, msg);
            }
            self.error_at(&path, msg)
        })
    }
}

/// `a.b` + `c` = `a.b.c`; `a` + `[2]` = `a[2]`.
#[must_use]
pub fn join(base: &str, rel: &str) -> String {
    if base.is_empty() {
        rel.to_owned()
    } else if rel.is_empty() {
        base.to_owned()
    } else if rel.starts_with('[') {
        format!("{base}{rel}")
    } else {
        format!("{base}.{rel}")
    }
}

fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// yaml_serde appends " at line L column C" (sometimes mid-sentence); the diagnostic already
/// carries the position.
fn strip_location(msg: &str) -> String {
    let mut out = msg.to_owned();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(rest);
        let Some(after) = rest[n..].strip_prefix(" column ") else {
            break;
        };
        let m = digits(after);
        let end = i + " at line ".len() + n + " column ".len() + m;
        out.replace_range(i..end, "");
    }
    if out.contains("recursion limit exceeded") {
        return "nesting is too deep (recursion limit exceeded)".to_owned();
    }
    out
}

/// Walks saphyr's events and records where every node (and every mapping key) starts.
fn build_index(src: &str) -> Result<HashMap<String, Pos>, ScanError> {
    let lines = LineIndex::new(src);
    let mut index = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(src) {
        let (event, span) = item?;
        let here = lines.line_col_of_char(span.start.index());
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map {
                    pending_key: pk @ None,
                    ..
                }) = stack.last_mut()
                {
                    *pk = Some((text.into_owned(), here));
                } else {
                    node_started(&mut stack, &mut index, here);
                }
            }
            Event::Alias(_) => {
                node_started(&mut stack, &mut index, here);
            }
            Event::SequenceStart(..) => {
                let path = node_started(&mut stack, &mut index, here);
                stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingStart(..) => {
                let path = node_started(&mut stack, &mut index, here);
                stack.push(Frame::Map {
                    path,
                    pending_key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    Ok(index)
}

/// Records a node that starts at `here` as the next child of the innermost collection and returns
/// its path. A mapping that uses a collection as a key is indexed under its parent only.
fn node_started(
    stack: &mut [Frame],
    index: &mut HashMap<String, Pos>,
    here: (usize, usize),
) -> String {
    let (path, key) = match stack.last_mut() {
        None => (String::new(), None),
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            (p, None)
        }
        Some(Frame::Map { path, pending_key }) => match pending_key.take() {
            Some((k, kpos)) => (join(path, &k), Some(kpos)),
            None => {
                // A complex (non-scalar) key: give it a path nobody will ask for.
                (join(path, "?"), None)
            }
        },
    };
    index
        .entry(path.clone())
        .or_insert(Pos { value: here, key });
    path
}

#[cfg(test)]
mod tests;
