//! Whatever bytes an author (or a fuzzer) puts in a content file, loading returns diagnostics and
//! never panics, and every diagnostic has a position inside the file. The last property mutates a
//! real content tree the way the reliability fuzzer did (line separators, CR, invisible and
//! control characters, brackets, anchors and aliases, deep nesting, duplicated and cut lines) and
//! holds every error to the `PATH:LINE:COL: message` contract: one output line, a line and
//! column that exist in the file.

use std::fs;
use std::path::Path;

use idemlab::content::source::{SourceFile, decode};
use idemlab::content::{Diagnostic, load_files};
use proptest::prelude::*;

fn yamlish() -> impl Strategy<Value = String> {
    // Fragments that make YAML parsers and our rules work hard: indentation, flow collections,
    // anchors, block scalars, our field names, odd bytes.
    let frag = prop::sample::select(vec![
        "\n",
        "  ",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "|\n",
        ">-\n",
        "'",
        "\"",
        "#",
        "---\n",
        "bank: b\n",
        "title: T\n",
        "questions:\n",
        "  - id: q\n",
        "    kind: single\n",
        "    kind: order\n",
        "    choices:\n",
        "      - text: x\n",
        "        correct: true\n",
        "    items: [a, a]\n",
        "    accept: []\n",
        "    explanation: E\n",
        "    prompt: P\n",
        "terms:\n",
        "  - id: t\n",
        "    see_also: [t]\n",
        "scenario: s\n",
        "model: http-retry\n",
        "seed: 18446744073709551615\n",
        "seed: -1\n",
        "retry: {attempts: 99999999999999999999}\n",
        "network: {latency_ms: [5, 1]}\n",
        "expect: {charges: {min: 1}}\n",
        "\u{1b}[31m",
        "\u{0}",
        "é",
        "漢",
        "\t",
        "~",
        "!!binary ",
        "<<: *a\n",
    ]);
    prop::collection::vec(frag, 0..40).prop_map(|v| v.concat())
}

fn lessonish() -> impl Strategy<Value = String> {
    let frag = prop::sample::select(vec![
        "---\n",
        "id: a\n",
        "title: T\n",
        "summary: S\n",
        "level: beginner\n",
        "requires: [a, b]\n",
        "quiz: q\n",
        "# H\n",
        "[x](sim:)",
        "[x](lesson:a)",
        "[x](term:",
        "](quiz:q)",
        "```\n",
        "> ",
        "- ",
        "1. ",
        "|a|b|\n|-|-|\n",
        "\n",
        " ",
        "\u{1b}",
        "漢字",
        "*",
        "_",
        "`",
    ]);
    prop::collection::vec(frag, 0..40).prop_map(|v| v.concat())
}

fn check_all(files: &[SourceFile]) {
    let loaded = load_files(files);
    for e in &loaded.errors {
        let file = files
            .iter()
            .find(|f| f.display == e.file)
            .expect("errors name a loaded file");
        let lines = file.text.lines().count().max(1);
        assert!(
            e.line >= 1 && e.line <= lines + 1,
            "{e} (file has {lines} lines)"
        );
        assert!(e.col >= 1);
        assert!(!e.to_string().contains('\u{1b}'));
        assert_positioned(e, &file.text);
    }
}

/// `e` prints as one `PATH:LINE:COL: message` line whose line and column exist in `text` (the
/// column may be one past the line's last character), lines being separated by `\n` only.
fn assert_positioned(e: &Diagnostic, text: &str) {
    let shown = e.to_string();
    let prefix = format!("{}:{}:{}: ", e.file, e.line, e.col);
    assert!(shown.starts_with(&prefix), "{shown:?}");
    let breaks = [
        '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}',
        '\u{2029}',
    ];
    let hidden = [
        '\u{1b}', '\u{200b}', '\u{200d}', '\u{200f}', '\u{202e}', '\u{2066}', '\u{feff}',
    ];
    assert!(
        !shown.contains(breaks) && !shown.contains(hidden),
        "{shown:?}"
    );
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        e.line <= lines.len(),
        "{shown} (file has {} lines)",
        lines.len()
    );
    let width = lines[e.line - 1].chars().count();
    assert!(
        e.col <= width + 1,
        "{shown} (line {} has {width} characters)",
        e.line
    );
}

/// Every file of the fixture course, as the loader sees them.
fn fixture_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
    let mut out = Vec::new();
    for dir in ["lessons", "quizzes", "assets/scenarios"] {
        let mut names: Vec<_> = fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        for name in names {
            let rel = format!("{dir}/{name}");
            out.push((rel.clone(), fs::read(root.join(&rel)).unwrap()));
        }
    }
    out
}

/// One edit of a file's bytes; positions are taken modulo the file's length.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, String),
    Delete(usize, usize),
    Flip(usize, u8),
    DuplicateLine(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        prop::sample::select(vec![
            "\u{2028}",
            "\u{2029}",
            "\u{85}",
            "\r",
            "\r\n",
            "\n",
            "\u{200b}",
            "\u{200f}",
            "\u{202e}",
            "\u{2066}",
            "\u{feff}",
            "\u{ad}",
            "\t",
            "\u{0}",
            "\u{1b}]2;x\u{7}",
            "\u{9b}",
            "\"",
            "'",
            "[",
            "]",
            "{",
            "}",
            ",",
            ": ",
            "- ",
            "? ",
            "#",
            "|\n",
            ">-\n",
            "---\n",
            "...\n",
            "&a ",
            "*a",
            "&b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "*b",
            "<<: *a\n",
            "!!binary ",
            "%YAML 1.2\n",
            "漢",
            "e\u{301}",
            "id: Bad_Id\n",
            "quiz: nope\n",
            "[x](term:nope)",
            "[x](sim:)",
            "[x](lesson:\u{2028})",
        ])
        .prop_map(str::to_owned),
        (
            1..200usize,
            prop::sample::select(vec!["[", "{", "{a: ", "- ", "[{a: "])
        )
            .prop_map(|(n, s)| s.repeat(n)),
    ];
    prop_oneof![
        4 => (any::<usize>(), fragment).prop_map(|(at, f)| Mutation::Insert(at, f)),
        1 => (any::<usize>(), 1..40usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        1 => (any::<usize>(), 1..300usize).prop_map(|(at, n)| Mutation::DuplicateLine(at, n)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |i: usize, len: usize| i % (len + 1);
    match m {
        Mutation::Insert(i, f) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, f.bytes());
        }
        Mutation::Delete(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Flip(i, b) => {
            if !bytes.is_empty() {
                let i = i % bytes.len();
                bytes[i] ^= b;
            }
        }
        Mutation::DuplicateLine(i, n) => {
            let i = at(*i, bytes.len());
            let start = bytes[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let end = bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| i + p + 1);
            let line = bytes[start..end].to_vec();
            for _ in 0..*n {
                bytes.splice(end..end, line.iter().copied());
            }
        }
        Mutation::Truncate(i) => {
            let i = at(*i, bytes.len());
            bytes.truncate(i);
        }
    }
}

fn file(rel: &str, text: String) -> SourceFile {
    SourceFile {
        rel: rel.into(),
        display: rel.into(),
        text,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = decode("x", &bytes) {
            check_all(&[
                file("lessons/01-a.md", text.clone()),
                file("lessons/glossary.yaml", text.clone()),
                file("quizzes/b.yaml", text.clone()),
                file("assets/scenarios/s.yaml", text),
            ]);
        }
    }

    #[test]
    fn yaml_like_input_never_panics(text in yamlish()) {
        check_all(&[
            file("lessons/glossary.yaml", text.clone()),
            file("quizzes/b.yaml", text.clone()),
            file("assets/scenarios/s.yaml", text),
        ]);
    }

    #[test]
    fn lesson_like_input_never_panics(text in lessonish(), other in lessonish()) {
        check_all(&[file("lessons/01-a.md", text), file("lessons/02-b.md", other)]);
    }

    #[test]
    fn mutated_course_errors_keep_their_place(
        edits in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..6)
    ) {
        let mut files = fixture_files();
        for (which, m) in &edits {
            let i = which.index(files.len());
            apply(&mut files[i].1, m);
        }
        let mut loaded = Vec::new();
        for (rel, bytes) in &files {
            match decode(rel, bytes) {
                Ok(text) => loaded.push(file(rel, text)),
                Err(e) => assert_positioned(&e, &String::from_utf8_lossy(bytes)),
            }
        }
        check_all(&loaded);
    }
}
