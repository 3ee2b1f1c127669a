//! What the non-interactive commands write, as a terminal or a tool reading it sees it: no hidden
//! character (zero-width, bidi mark, BOM) and no line or paragraph separator gets through from
//! content, paths or arguments; a URL with hidden characters shows them; one error is one line;
//! `list` keeps its columns; `run --trials` refuses runaway counts and names its seeds right.

mod common;

use std::path::Path;
use std::process::Output;

/// Characters that must never reach the output raw.
const HIDDEN: [char; 12] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{2060}', '\u{FEFF}', '\u{061C}',
    '\u{2028}', '\u{2029}', '\u{0085}', '\u{1B}',
];

fn idemlab(args: &[&str], data: &Path) -> Output {
    common::idemlab_in(data)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn assert_clean(what: &str, s: &str) {
    for c in HIDDEN {
        assert!(!s.contains(c), "{what}: U+{:04X} in {s:?}", u32::from(c));
    }
}

const PAYLOAD: &str =
    "a\u{200d}b\u{200c}c\u{200b}d\u{2060}e\u{feff}f\u{2028}g\u{2029}h\u{200f}i\u{61c}j";

/// A tree with the payload in a lesson title, body, link and glossary term (as raw characters
/// and as HTML entities), and a scenario title.
fn tree(dir: &Path) {
    std::fs::create_dir_all(dir.join("lessons")).unwrap();
    let entities = "a&#x200d;b&#x200c;c&#x200b;d&#x2060;e&#xfeff;f&#x2028;g&#x2029;h&#x200f;i";
    std::fs::write(
        dir.join("lessons/01-zw.md"),
        format!(
            "---\nid: zw\ntitle: \"T{PAYLOAD}\"\nsummary: s\nlevel: beginner\n---\n# Z{PAYLOAD}\n\n\
             [link](https://x.invalid/{entities})\n\ntext {PAYLOAD} and {entities}\n\n\
             | h{PAYLOAD} | x |\n|---|---|\n| {entities} | y |\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("lessons/glossary.yaml"),
        format!("terms:\n  - id: zw-term\n    term: \"Term{PAYLOAD}\"\n    definition: d\n"),
    )
    .unwrap();
}

#[test]
fn print_and_list_neutralise_hidden_characters_and_show_them_in_urls() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let content = dir.path().to_str().unwrap();
    for width in ["200", "37", "1"] {
        let out = idemlab(
            &["print", "zw", "--content", content, "--width", width],
            data.path(),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let shown = text(&out.stdout);
        assert_clean("print", &shown);
        if width == "200" {
            // The URL shows every hidden character, so it cannot pass for another one.
            assert!(
                shown.contains(
                    "⟨https://x.invalid/a\\u{200d}b\\u{200c}c\\u{200b}d\\u{2060}e\\u{feff}f\\u{2028}g\\u{2029}h\\u{200f}i⟩"
                ),
                "{shown}"
            );
            // Prose keeps its visible letters; separators became spaces.
            assert!(
                shown.contains("text abcdef g hij and abcdef g hi"),
                "{shown}"
            );
        }
    }
    let out = idemlab(&["list", "--content", content], data.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert_clean("list", &shown);
    assert!(shown.contains("Tabcdef g hij"), "{shown}");
    assert!(shown.contains("Termabcdef g hij"), "{shown}");
}

#[test]
fn every_check_error_is_one_line_even_when_it_echoes_separators() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("lessons")).unwrap();
    std::fs::write(
        dir.path().join("lessons/01-a.md"),
        "---\nid: a\ntitle: A\nsummary: s\nlevel: beginner\nquiz: \"x\\u2028y\\u200bz\\u0085w\"\n---\n\
         # A\n[see](term:i&#x2029;d)\n",
    )
    .unwrap();
    let out = idemlab(
        &["check", "--content", dir.path().to_str().unwrap()],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_clean("check", &stdout);
    let errors: Vec<&str> = stdout.lines().collect();
    assert_eq!(errors.len(), 2, "{stdout:?}");
    assert!(
        errors.iter().all(|l| l.contains("lessons/01-a.md:")),
        "{errors:?}"
    );
    assert!(text(&out.stderr).contains("2 errors found"));
}

#[test]
fn paths_with_escapes_are_shown_not_obeyed() {
    let base = tempfile::tempdir().unwrap();
    let evil = base.path().join("dd\u{1b}]2;PWNED\u{7}\u{200b}");
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::write(evil.join("progress.json"), "{bad").unwrap();
    // The store warning of a plain quiz names the data dir.
    let out = common::idemlab_in(&evil)
        .args(["quiz", "why-idempotency", "--plain"])
        .arg("--data-dir")
        .arg(&evil)
        .output()
        .unwrap();
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(
        all.contains("PWNED"),
        "the warning names the directory: {all}"
    );
    assert_clean("quiz --plain", &all);
    assert!(!all.contains('\u{7}'), "{all:?}");
    // A lesson path that does not exist, and a content dir that does not.
    let missing = evil.join("no\u{1b}[2J.md");
    let out = idemlab(&["print", missing.to_str().unwrap()], base.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert_clean("print PATH", &err);
    assert!(err.contains("\\u{1b}[2J.md"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn list_lines_its_columns_up_for_the_longest_id() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(&["list"], data.path());
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let entries: Vec<&str> = stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert!(
        entries
            .iter()
            .any(|l| l.contains("sim:consumer-crash-transactional-dedup "))
    );
    // Where the second column starts: after the id and the blanks that pad it (ids are ASCII).
    let column = |l: &str| {
        let id_end = l[2..].find(' ').map_or(l.len(), |i| i + 2);
        id_end + l[id_end..].len() - l[id_end..].trim_start().len()
    };
    let first = column(entries[0]);
    for l in &entries {
        match l.find(" questions") {
            // Question counts are right-aligned in three cells.
            Some(q) => assert_eq!(q, first + 3, "{l:?} in\n{stdout}"),
            None => assert_eq!(column(l), first, "{l:?} in\n{stdout}"),
        }
    }
}

#[test]
fn run_refuses_runaway_trial_counts_with_advice() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(
        &["run", "retry-with-key", "--trials", "1000001"],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--trials 1000001 is more than the limit of 1000000 trials per run")
            && err.contains("use fewer"),
        "{err}"
    );
    let out = idemlab(&["run", "retry-with-key", "--trials", "0"], data.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("expected 1 to 1000000"));
}

#[test]
fn run_names_the_seeds_it_ran_also_past_the_largest() {
    let data = tempfile::tempdir().unwrap();
    let head = |seed: &str, trials: &str| {
        let out = idemlab(
            &["run", "retry-with-key", "--seed", seed, "--trials", trials],
            data.path(),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        head("18446744073709551615", "3")
            .ends_with("3 trials, seeds 18446744073709551615, then 0 to 1"),
        "{}",
        head("18446744073709551615", "3")
    );
    assert!(head("7", "10").ends_with("10 trials, seeds 7 to 16"));
    // The same numbers as the JSON says: trial i runs seed SEED + i, wrapping.
    let out = idemlab(
        &[
            "run",
            "retry-with-key",
            "--seed",
            "18446744073709551615",
            "--trials",
            "3",
            "--json",
        ],
        data.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["seed"], 18_446_744_073_709_551_615_u64);
    assert_eq!(v["trials"], 3);
}
