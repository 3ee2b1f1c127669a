//! Content cannot take the machine down, and its errors stay one `PATH:LINE:COL: message` line
//! each: the reproductions of the December 2026 reliability report (alias bomb, 100,000-deep
//! nesting, line separators in positions and in messages, a file name that is not UTF-8), made
//! in a temporary tree and loaded like `--content DIR`. Each asserts the exact error; that the
//! load returns at all is the point (before, these took GBs and seconds to minutes).

mod common;

use std::fs;
use std::path::Path;

use idemlab::content::{self, Source};

const SCENARIO_HEAD: &str = "scenario: x\ntitle: X\nsummary: s\nmodel: http-retry\nseed: 7\n";
const FRONT: &str = "id: a\ntitle: A\nsummary: S\nlevel: beginner\n";

/// Writes `files` under a new temporary directory.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Every error line of the tree at `root`, with the directory prefix removed.
fn errors_of(root: &Path) -> Vec<String> {
    let prefix = format!("{}/", root.display());
    content::load(&Source::Dir(root.to_path_buf()))
        .errors
        .iter()
        .map(|e| e.to_string().replace(&prefix, ""))
        .collect()
}

fn check(files: &[(&str, &str)]) -> Vec<String> {
    errors_of(tree(files).path())
}

/// The reproduction's generator: 9 levels of 9 aliases (9^8 copies of `[x]`) and a padding list
/// of 100,000 elements, 200 KB in all.
fn alias_bomb() -> String {
    let mut lines = vec!["a0: &l0 [x]".to_owned()];
    for i in 1..9 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        lines.push(format!("a{i}: &l{i} [{refs}]"));
    }
    lines.push(format!("pad: [{}]", vec!["1"; 100_000].join(",")));
    lines.join("\n") + "\n"
}

/// Where the bomb goes off: the seventh `*l4` on line 6 brings the added nodes past 100,000.
const BOMB: &str = "alias `*l4` repeats too much: aliases may add at most 100000 nodes to a file";

#[test]
fn alias_bomb_in_a_quiz_bank_is_refused_at_the_alias() {
    assert_eq!(
        check(&[("quizzes/q.yaml", &alias_bomb())]),
        [format!("quizzes/q.yaml:6:40: {BOMB}")]
    );
}

#[test]
fn alias_bomb_is_refused_wherever_yaml_is_read() {
    let bomb = alias_bomb();
    let lesson = format!("---\n{FRONT}{bomb}---\n# A\n");
    assert_eq!(
        check(&[("lessons/01-a.md", &lesson)]),
        [format!("lessons/01-a.md:11:40: {BOMB}")]
    );
    let scenario = format!("{SCENARIO_HEAD}{bomb}");
    assert_eq!(
        check(&[("assets/scenarios/x.yaml", &scenario)]),
        [format!("assets/scenarios/x.yaml:11:40: {BOMB}")]
    );
    assert_eq!(
        check(&[("lessons/glossary.yaml", &bomb)]),
        [format!("lessons/glossary.yaml:6:40: {BOMB}")]
    );
}

#[test]
fn deep_nesting_of_every_kind_is_refused_at_the_first_level_too_deep() {
    const DEEP: &str =
        "nesting is too deep: at most 64 lists and mappings may be inside each other";
    let n = 100_000;
    // `extra: ` is 7 columns; the top mapping is the first of the 64 levels allowed.
    let cases = [
        ("[".repeat(n) + &"]".repeat(n), 8 + 63),
        ("{a: ".repeat(n) + "1" + &"}".repeat(n), 8 + 63 * 4),
        ("[".repeat(n), 8 + 63),
        ("{".repeat(n), 8 + 63),
        ("[{a: ".repeat(n / 2), 8 + 31 * 5 + 1),
    ];
    for (nested, col) in cases {
        let text = format!("{SCENARIO_HEAD}extra: {nested}\n");
        assert_eq!(
            check(&[("assets/scenarios/x.yaml", &text)]),
            [format!("assets/scenarios/x.yaml:6:{col}: {DEEP}")],
            "{}",
            &nested[..10]
        );
    }
    let block = format!("---\n{FRONT}extra:\n{}1\n---\n", "- ".repeat(n));
    assert_eq!(
        check(&[("lessons/01-a.md", &block)]),
        [format!("lessons/01-a.md:7:{}: {DEEP}", 1 + 63 * 2)]
    );
}

/// NEL, U+2028 and U+2029 are characters of a line, as in Markdown errors: the reproduction's
/// syntax error on line 6 of a 6-line file was reported on line 26.
#[test]
fn line_separators_do_not_count_as_lines_in_yaml_errors() {
    let title = format!("a{}b", "\u{2028}".repeat(20));
    let text = format!(
        "scenario: x\ntitle: \"{title}\"\nsummary: s\nmodel: http-retry\nseed: 7\nbad: : :\n"
    );
    assert_eq!(
        check(&[("assets/scenarios/x.yaml", &text)]),
        [
            "assets/scenarios/x.yaml:6:6: YAML syntax error: mapping values are not allowed in this context"
        ]
    );
    // A type error found after the value tree is built points into the file the same way.
    let text = format!(
        "scenario: x\ntitle: \"{title}\u{85}\u{2029}\"\nsummary: s\nmodel: http-retry\nseed: seven\n"
    );
    assert_eq!(
        check(&[("assets/scenarios/x.yaml", &text)]),
        ["assets/scenarios/x.yaml:5:7: invalid type: string \"seven\", expected u64"]
    );
    // In a lesson the front matter and the body count lines alike.
    let lesson = format!(
        "---\nid: a\ntitle: \"{title}\"\nsummary: S\nlevel: expert\n---\n\u{2028}\u{85}[x](term:)\n"
    );
    assert_eq!(
        check(&[("lessons/01-a.md", &lesson)]),
        [
            "lessons/01-a.md:5:8: unknown variant `expert`, expected one of `beginner`, `intermediate`, `advanced`",
            "lessons/01-a.md:7:3: link `term:` has no target: expected `term:<id>`",
        ]
    );
}

/// YAML reads a lone CR as a line break; our positions, like `grep -n`, do not, in YAML as in
/// Markdown. (A CR before a LF is dropped when the file is read.)
#[test]
fn a_lone_carriage_return_is_not_a_line_break_in_positions() {
    let text = "scenario: x\rtitle: X\r\nsummary: s\nmodel: http-retry\rseed: seven\n";
    assert_eq!(
        check(&[("assets/scenarios/x.yaml", text)]),
        ["assets/scenarios/x.yaml:3:25: invalid type: string \"seven\", expected u64"]
    );
}

/// The reproduction `min-separator-in-error`: ids that hold separators and invisible characters
/// are echoed escaped, so two errors stay two lines.
const SEPARATOR_LESSON: &str = "---\nid: a\ntitle: A\nsummary: s\nlevel: beginner\nquiz: \"x\\u2028y\\u200bz\\u200fw\"\n---\n# A\n[see](term:i\u{2029}d)\n";
const SEPARATOR_ERRORS: [&str; 2] = [
    "lessons/01-a.md:6:7: unknown quiz bank `x\\u{2028}y\\u{200b}z\\u{200f}w`: expected the `bank:` id of a file in quizzes/",
    "lessons/01-a.md:9:1: link `term:i\\u{2029}d` points nowhere: there is no term in lessons/glossary.yaml with that id",
];

#[test]
fn separators_in_echoed_ids_are_escaped() {
    assert_eq!(
        check(&[("lessons/01-a.md", SEPARATOR_LESSON)]),
        SEPARATOR_ERRORS
    );
}

#[test]
fn check_prints_one_line_per_error() {
    let dir = tree(&[("lessons/01-a.md", SEPARATOR_LESSON)]);
    let data = tempfile::tempdir().unwrap();
    let out = common::idemlab_in(data.path())
        .args(["check", "--content", dir.path().to_str().unwrap()])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let prefix = format!("{}/", dir.path().display());
    // What Python's `str.splitlines` would also split on.
    let lines: Vec<String> = stdout
        .split([
            '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}',
            '\u{2029}',
        ])
        .filter(|l| !l.is_empty())
        .map(|l| l.replace(&prefix, ""))
        .collect();
    assert_eq!(lines, SEPARATOR_ERRORS);
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_reported_as_such() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;

    let dir = tree(&[(
        "lessons/02-b.md",
        "---\nid: b\ntitle: B\nsummary: S\nlevel: beginner\n---\n",
    )]);
    let name = OsStr::from_bytes(b"01-why\xff.md");
    if fs::write(dir.path().join("lessons").join(name), "# x\n").is_err() {
        // A file system that insists on UTF-8 names (some macOS volumes) cannot hold the case.
        return;
    }
    // Not a content file: ignored like any other, whatever its name.
    fs::write(
        dir.path()
            .join("lessons")
            .join(OsStr::from_bytes(b"notes\xfe.txt")),
        "",
    )
    .unwrap();
    assert_eq!(
        errors_of(dir.path()),
        ["lessons/01-why\\xff.md:1:1: file name is not valid UTF-8; rename the file"]
    );
}
