//! Whatever bytes an author (or a fuzzer) puts in a content file, loading returns diagnostics and
//! never panics, and every diagnostic has a position inside the file.

use idemlab::content::load_files;
use idemlab::content::source::{SourceFile, decode};
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
}
