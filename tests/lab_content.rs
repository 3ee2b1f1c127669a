//! Labs as content: each rule of labs.md that `idemlab check` enforces, asserted as the exact
//! `PATH:LINE:COL: message` line, on a temporary tree loaded like `--content DIR`; and the
//! bundled labs run as `check` runs them.

use std::fs;

use idemlab::content::{self, Labs, Source};

const LESSON: &str =
    "---\nid: upserts\ntitle: U\nsummary: S\nlevel: beginner\n---\n# U\n\n[Do it](lab:l)\n";

fn lab(extra: &str, solution: &str, starter: &str) -> String {
    format!(
        "lab: l\ntitle: T\nsummary: S\nkind: sql\nlesson: upserts\nlevel: beginner\ntask: Do it.\n\
         hints: [h]\n{extra}sql:\n  setup: CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER);\n  \
         state: SELECT k, n FROM t\n  deliveries:\n    - {{ k: a, n: 1 }}\n  \
         starter: {starter}\n  solution: {solution}\n"
    )
}

const GOOD: &str = "INSERT INTO t VALUES (:k, :n) ON CONFLICT DO NOTHING;";
const BAD: &str = "INSERT INTO t VALUES (:k, :n);";

fn check(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let prefix = format!("{}/", dir.path().display());
    content::load_with(&Source::Dir(dir.path().to_path_buf()), Labs::Run)
        .errors
        .iter()
        .map(|e| e.to_string().replace(&prefix, ""))
        .collect()
}

#[test]
fn a_good_lab_loads_and_its_link_resolves() {
    let e = check(&[
        ("lessons/01-upserts.md", LESSON),
        ("assets/labs/l.yaml", &lab("", GOOD, BAD)),
    ]);
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn a_solution_that_fails_is_an_error_at_its_line_naming_lab_and_check() {
    let e = check(&[
        ("lessons/01-upserts.md", LESSON),
        ("assets/labs/l.yaml", &lab("", BAD, BAD)),
    ]);
    assert_eq!(
        e,
        [
            "assets/labs/l.yaml:15:13: lab `l`: the solution does not pass check `retried` (fail): delivery 1, run 2 ended in an error at 1:1: UNIQUE constraint failed: t.k (errors: forbidden, so the caller sees a failure for work that was done)",
            "assets/labs/l.yaml:15:13: lab `l`: the solution does not pass check `redelivered` (fail): delivery 1, run 2 ended in an error at 1:1: UNIQUE constraint failed: t.k (errors: forbidden, so the caller sees a failure for work that was done)",
            "assets/labs/l.yaml:15:13: lab `l`: the solution does not pass check `reordered` (fail): delivery 1, run 2 ended in an error at 1:1: UNIQUE constraint failed: t.k (errors: forbidden, so the caller sees a failure for work that was done)",
        ]
    );
}

#[test]
fn a_starter_that_already_passes_is_an_error_at_its_line() {
    let e = check(&[
        ("lessons/01-upserts.md", LESSON),
        ("assets/labs/l.yaml", &lab("", GOOD, GOOD)),
    ]);
    assert_eq!(
        e,
        [
            "assets/labs/l.yaml:14:12: lab `l`: the starter already passes every check (once, retried, redelivered, reordered): it must fail at least one"
        ]
    );
}

#[test]
fn unknown_fields_lessons_and_links_are_all_reported_at_once() {
    let lesson = LESSON.replace("lab:l", "lab:nowhere");
    let e = check(&[
        ("lessons/01-upserts.md", &lesson),
        (
            "assets/labs/l.yaml",
            &lab("", GOOD, BAD).replace("lesson: upserts", "lesson: nope"),
        ),
        (
            "assets/labs/m.yaml",
            &lab("colour: red\n", GOOD, BAD).replace("lab: l", "lab: m"),
        ),
    ]);
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[0].starts_with("assets/labs/l.yaml:5:9: unknown lesson `nope`"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("assets/labs/m.yaml:9:1: unknown field `colour`"),
        "{e:?}"
    );
    assert_eq!(
        e[2],
        "lessons/01-upserts.md:9:1: link `lab:nowhere` points nowhere: there is no lab in assets/labs/ with that id"
    );
}

#[test]
fn a_missing_block_a_foreign_block_and_bad_knobs_are_errors() {
    let text = lab("", GOOD, BAD)
        .replace("kind: sql", "kind: http-client")
        .replace(
            "  deliveries:",
            "  checks: [once, once]\n  concurrent: { connections: 99 }\n  deliveries:",
        );
    let e = check(&[
        ("lessons/01-upserts.md", LESSON),
        ("assets/labs/l.yaml", &text),
    ]);
    assert_eq!(e.len(), 5, "{e:?}");
    assert!(
        e[0].starts_with(
            "assets/labs/l.yaml:4:7: a lab of kind `http-client` needs a `http_client:` block"
        ),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("assets/labs/l.yaml:9:1: `sql:` belongs to kind `sql`"),
        "{e:?}"
    );
    assert!(e[2].contains("check `once` is listed twice"), "{e:?}");
    assert!(
        e[3].contains("`concurrent:` sets the concurrent check, which `checks` does not list"),
        "{e:?}"
    );
    assert!(
        e[4].contains("connections 99 is out of bounds: expected 2 to 16"),
        "{e:?}"
    );
}

#[test]
fn every_bundled_lab_passes_with_its_solution_and_fails_with_its_starter() {
    let loaded = content::load_with(&Source::Embedded, Labs::Run);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let course = loaded.course;
    assert!(course.labs.len() >= 8);
    for l in &course.labs {
        assert!(l.hints.len() >= 2, "{} has fewer than 2 hints", l.lab);
        let lesson = l.lesson.as_deref().expect("every bundled lab has a lesson");
        let linked = course
            .lesson(lesson)
            .unwrap()
            .links
            .iter()
            .any(|k| k.kind == content::LinkKind::Lab && k.target == l.lab);
        assert!(linked, "lesson {lesson} has no lab:{} link", l.lab);
    }
}
