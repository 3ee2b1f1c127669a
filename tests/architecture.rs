//! The dependency direction of `ARCHITECTURE.md`, enforced: every top-level module of `src/` has
//! a layer, and a module may name (`crate::x`) only modules of a lower layer. Domain modules
//! never name a terminal crate. Test code (`#[cfg(test)] mod …`) is not counted: a unit test may
//! load the bundled course to get real input. Domain errors are typed, not strings, and no file
//! under `src/` is over 400 lines unless it is one table.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Layer of each top-level module, lowest first. Same number: the two never name each other.
const LAYERS: &[(&str, u8)] = &[
    ("text", 0),
    ("sim", 1),
    ("markdown", 1),
    ("server", 1),
    ("probe", 1),
    ("lab", 2),
    ("content", 3),
    ("quiz", 4),
    ("progress", 5),
    ("keymap", 6),
    ("layout", 6),
    ("theme", 6),
    ("app", 7),
    ("ui", 8),
    ("tui", 9),
    ("cli", 10),
    ("main", 11),
    ("lib", 11),
];

/// Modules that hold rules and data only: no terminal, no screen.
const DOMAIN: &[&str] = &[
    "text", "sim", "server", "probe", "lab", "content", "quiz", "progress",
];

fn layer(module: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| {
            panic!("module `{module}` has no layer in tests/architecture.rs and ARCHITECTURE.md")
        })
}

/// Source without comments and without `#[cfg(test)] mod … { … }` blocks.
fn code_of(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n);
        } else if src[i..].starts_with("/*") {
            i = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
        } else if src[i..].starts_with("#[cfg(test)]") {
            let rest = src[i + 12..].trim_start();
            if rest.starts_with("mod ") {
                let start = src.len() - rest.len();
                match rest.find(['{', ';']) {
                    Some(n) if rest.as_bytes()[n] == b'{' => {
                        let mut depth = 0usize;
                        let mut j = start + n;
                        while j < b.len() {
                            match b[j] {
                                b'{' => depth += 1,
                                b'}' => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            }
                            j += 1;
                        }
                        i = j + 1;
                    }
                    Some(n) => i = start + n + 1,
                    None => i = b.len(),
                }
            } else {
                i += 12;
            }
        } else {
            let c = src[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Top-level modules a piece of code names through `crate::` (or `idemlab::` from the binary).
fn named_modules(code: &str, root: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let pat = format!("{root}::");
    let mut rest = code;
    while let Some(at) = rest.find(&pat) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + pat.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::X, b, c::{Y, Z}}`: the names at depth 0 of the group.
            let mut depth = 0usize;
            let mut at_name = true;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !name.is_empty() {
                            found.insert(std::mem::take(&mut name));
                        }
                        at_name = true;
                    }
                    c if at_name && depth == 0 && (c.is_alphanumeric() || c == '_') => name.push(c),
                    c if c.is_whitespace() && name.is_empty() => {}
                    _ => {
                        if !name.is_empty() {
                            found.insert(std::mem::take(&mut name));
                        }
                        at_name = false;
                    }
                }
            }
            if !name.is_empty() {
                found.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found.retain(|n| n != "self" && n != "Result");
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src_dir: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src_dir).expect("a file under src/");
    let first = rel.components().next().expect("a path component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_owned()
}

/// Every `.rs` file under `src/`, sorted: its path, its top-level module, and its code with
/// comments and strings stripped (what the checks below read).
fn sources() -> Vec<(std::path::PathBuf, String, String)> {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src_dir, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let module = module_of(&src_dir, &file);
            let code = code_of(&fs::read_to_string(&file).expect("a readable source file"));
            (file, module, code)
        })
        .collect()
}

fn violations() -> Vec<String> {
    let mut bad = Vec::new();
    for (file, module, code) in &sources() {
        let root = if module == "main" { "idemlab" } else { "crate" };
        let own = layer(module);
        for target in named_modules(code, root) {
            if target == *module {
                continue;
            }
            let Some(&(_, theirs)) = LAYERS.iter().find(|(m, _)| *m == target) else {
                continue; // an item of lib.rs or the crate root, not a module
            };
            if theirs >= own {
                bad.push(format!(
                    "{}: `{module}` (layer {own}) names `{target}` (layer {theirs}): a module may only use lower layers",
                    file.display()
                ));
            }
        }
        if DOMAIN.contains(&module.as_str()) {
            for ui_crate in ["ratatui::", "crossterm::"] {
                if code.contains(ui_crate) {
                    bad.push(format!(
                        "{}: domain module `{module}` uses {ui_crate}: domain code knows no terminal",
                        file.display()
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn modules_only_use_lower_layers() {
    let bad = violations();
    assert!(
        bad.is_empty(),
        "dependency direction broken:\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_module_has_a_layer() {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src_dir, &mut files);
    for file in files {
        layer(&module_of(&src_dir, &file));
    }
}

#[test]
fn the_scanner_sees_what_it_must() {
    let code = code_of(
        "use crate::{a::X, b, c::{Y, Z}};\n// crate::hidden\nfn f() { crate::d::g(); }\n#[cfg(test)]\nmod tests { use crate::e; }\n",
    );
    let names: Vec<_> = named_modules(&code, "crate").into_iter().collect();
    assert_eq!(names, ["a", "b", "c", "d"]);
}

/// Every `Result<T, String>` (and `type Err = String`) in a piece of code, as written: an error
/// that is only a string cannot be matched on, so domain modules name their errors with enums.
fn string_errors(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let b = code.as_bytes();
    let mut from = 0;
    while let Some(at) = code[from..].find("Result<").map(|n| from + n) {
        from = at + "Result<".len();
        if code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue; // `IoResult<`, `FmtResult<`: another type
        }
        // The generic arguments, to the matching `>` (an `->` inside is not a bracket).
        let (mut depth, mut j, mut last) = (1usize, from, from);
        while j < b.len() && depth > 0 {
            match b[j] {
                b'<' | b'(' | b'[' => depth += 1,
                b'>' if b[j - 1] == b'-' => {}
                b'>' | b')' | b']' => depth -= 1,
                b',' if depth == 1 => last = j + 1,
                _ => {}
            }
            j += 1;
        }
        let error = code[last..j - 1].trim().trim_start_matches("std::string::");
        if last > from && error == "String" {
            found.push(code[at..j].split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    let squeezed: String = code.split_whitespace().collect();
    for _ in squeezed.matches("typeErr=String;") {
        found.push("type Err = String".to_owned());
    }
    found
}

/// Modules above the domain whose errors are typed as well: the app's refusals end as a `Status`
/// whose severity comes from the error (`PlayerError::severity`), never from its text.
const TYPED_ERRORS_TOO: &[&str] = &["app"];

#[test]
fn domain_errors_are_typed_not_strings() {
    let mut bad = Vec::new();
    for (file, module, code) in &sources() {
        if !DOMAIN.contains(&module.as_str()) && !TYPED_ERRORS_TOO.contains(&module.as_str()) {
            continue;
        }
        for e in string_errors(code) {
            bad.push(format!("{}: `{e}`", file.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "domain modules (and app) return errors as strings (use a thiserror enum named for the domain, \
         its Display the message):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_string_error_scanner_sees_what_it_must() {
    let code = code_of(
        "fn a() -> Result<(), String> {}\n\
         fn b() -> Result<(Map<String, Value>, i64), String> {}\n\
         fn c() -> Result<Box<dyn Fn() -> u8>, std::string::String> {}\n\
         fn d() -> Result<String, LabError> {}\n\
         fn e() -> IoResult<u8, String> {}\n\
         impl FromStr for X { type Err = String; }\n\
         // fn f() -> Result<(), String>\n\
         #[cfg(test)]\nmod tests { fn g() -> Result<(), String> {} }\n",
    );
    assert_eq!(
        string_errors(&code),
        [
            "Result<(), String>",
            "Result<(Map<String, Value>, i64), String>",
            "Result<Box<dyn Fn() -> u8>, std::string::String>",
            "type Err = String",
        ]
    );
}

#[test]
fn architecture_md_lists_every_layer() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md at the repository root");
    for (module, _) in LAYERS.iter().filter(|(m, _)| *m != "lib") {
        assert!(
            doc.contains(&format!("`{module}`")),
            "ARCHITECTURE.md does not mention `{module}`"
        );
    }
}

/// The most lines a file under `src/` may have: past it a file holds more than one thing, and
/// a newcomer cannot find a rule by the file's name.
const LINE_LIMIT: usize = 400;

/// Files under `src/` allowed past [`LINE_LIMIT`] because they are one table, with why. Each
/// entry must exist and be over the limit: a stale entry fails the test too. Empty today: every
/// table (`keymap/table.rs`, `sim/knobs/table.rs`, `sim/counters.rs`) is under the limit.
const ONE_TABLE: &[(&str, &str)] = &[];

/// What is wrong with `files` (path relative to `src/`, line count) against the limit and the
/// allow-list: files over it that are not listed, and listed files missing or under it.
fn over_the_line(files: &[(String, usize)], allowed: &[(&str, &str)]) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, lines) in files {
        if *lines > LINE_LIMIT && !allowed.iter().any(|(p, _)| p == path) {
            bad.push(format!(
                "src/{path}: {lines} lines, more than {LINE_LIMIT}: split it into files named for what they hold"
            ));
        }
    }
    for (path, _) in allowed {
        match files.iter().find(|(p, _)| p == path) {
            None => bad.push(format!(
                "ONE_TABLE lists src/{path}, which does not exist: remove the entry"
            )),
            Some((_, lines)) if *lines <= LINE_LIMIT => bad.push(format!(
                "ONE_TABLE lists src/{path}, which has {lines} lines, not more than {LINE_LIMIT}: remove the entry"
            )),
            Some(_) => {}
        }
    }
    bad
}

#[test]
fn no_file_in_src_is_over_the_line_limit() {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<(String, usize)> = sources()
        .iter()
        .map(|(file, _, _)| {
            let rel = file.strip_prefix(&src_dir).expect("a file under src/");
            let text = fs::read_to_string(file).expect("a readable source file");
            (
                rel.to_string_lossy().replace('\\', "/"),
                text.lines().count(),
            )
        })
        .collect();
    let bad = over_the_line(&files, ONE_TABLE);
    assert!(bad.is_empty(), "file sizes:\n{}", bad.join("\n"));
}

#[test]
fn the_line_limit_check_sees_what_it_must() {
    let files = [
        ("a.rs".to_owned(), LINE_LIMIT),
        ("b.rs".to_owned(), LINE_LIMIT + 1),
        ("table.rs".to_owned(), 900),
        ("small_table.rs".to_owned(), 20),
    ];
    let allowed = [
        ("table.rs", "one table"),
        ("small_table.rs", "was a table"),
        ("gone.rs", "moved away"),
    ];
    let bad = over_the_line(&files, &allowed);
    assert_eq!(bad.len(), 3, "{bad:#?}");
    assert!(bad[0].starts_with("src/b.rs: 401 lines"), "{}", bad[0]);
    assert!(
        bad[1].contains("src/small_table.rs, which has 20 lines"),
        "{}",
        bad[1]
    );
    assert!(
        bad[2].contains("src/gone.rs, which does not exist"),
        "{}",
        bad[2]
    );
    assert!(over_the_line(&files[..1], &[]).is_empty());
}
