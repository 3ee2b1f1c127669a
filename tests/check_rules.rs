//! One fixture per rule of the content spec, each asserting the exact `PATH:LINE:COL: message`
//! line that `idemlab check` prints for it. Fixtures are written to a temporary tree and loaded
//! through the same path as `--content DIR`.

use std::fs;
use std::path::Path;

use idemlab::content::{self, Source};

const LESSON_A: &str = "---\nid: a\ntitle: A\nsummary: S\nlevel: beginner\n---\n# A\n";
const BANK_OK_Q: &str =
    "  - id: q\n    kind: true_false\n    prompt: P\n    answer: true\n    explanation: E\n";

/// Loads a tree made of `files` and returns every error line, with the temp dir prefix removed.
fn check(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    errors_of(dir.path())
}

fn errors_of(root: &Path) -> Vec<String> {
    let prefix = format!("{}/", root.display());
    content::load(&Source::Dir(root.to_path_buf()))
        .errors
        .iter()
        .map(|e| e.to_string().replace(&prefix, ""))
        .collect()
}

fn bank(questions: &str) -> String {
    format!("bank: b\ntitle: B\nquestions:\n{questions}")
}

#[track_caller]
fn assert_one(errors: &[String], expected: &str) {
    assert_eq!(errors, [expected], "\nexpected exactly: {expected}\n");
}

// ---- lessons ----

#[test]
fn lesson_without_front_matter() {
    assert_one(
        &check(&[("lessons/01-a.md", "# A\n")]),
        "lessons/01-a.md:1:1: missing front matter: a lesson starts with a `---` line, YAML fields (id, title, summary, level), and another `---` line",
    );
}

#[test]
fn lesson_front_matter_syntax_error() {
    let e = check(&[("lessons/01-a.md", "---\nid: a\ntitle: [A\n---\n")]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("lessons/01-a.md:4:1: YAML syntax error"),
        "{e:?}"
    );
}

#[test]
fn lesson_unknown_field() {
    let src = "---\nid: a\ntitle: A\nsummary: S\nlevel: beginner\nauthor: me\n---\n";
    assert_one(
        &check(&[("lessons/01-a.md", src)]),
        "lessons/01-a.md:6:1: unknown field `author`, expected one of `id`, `title`, `summary`, `level`, `requires`, `quiz`",
    );
}

#[test]
fn lesson_missing_field() {
    let src = "---\nid: a\ntitle: A\nlevel: beginner\n---\n";
    assert_one(
        &check(&[("lessons/01-a.md", src)]),
        "lessons/01-a.md:2:1: missing field `summary`",
    );
}

#[test]
fn lesson_bad_level() {
    let src = "---\nid: a\ntitle: A\nsummary: S\nlevel: expert\n---\n";
    assert_one(
        &check(&[("lessons/01-a.md", src)]),
        "lessons/01-a.md:5:8: unknown variant `expert`, expected one of `beginner`, `intermediate`, `advanced`",
    );
}

#[test]
fn lesson_id_not_kebab_case() {
    let src = "---\nid: Keys_1\ntitle: A\nsummary: S\nlevel: beginner\n---\n";
    let e = check(&[("lessons/01-Keys_1.md", src)]);
    assert_one(
        &e,
        "lessons/01-Keys_1.md:2:5: lesson id `Keys_1` is not kebab-case: expected lowercase letters, digits and single dashes, e.g. `idempotency-keys`",
    );
}

#[test]
fn lesson_summary_on_several_lines() {
    let src = "---\nid: a\ntitle: A\nsummary: |\n  one\n  two\nlevel: beginner\n---\n";
    assert_one(
        &check(&[("lessons/01-a.md", src)]),
        "lessons/01-a.md:5:3: summary has several lines: expected one line for the course map",
    );
}

#[test]
fn lesson_file_name_does_not_match_id() {
    assert_one(
        &check(&[("lessons/01-other.md", LESSON_A)]),
        "lessons/01-other.md:2:5: file name `01-other.md` does not match id `a`: expected `01-a.md` (NN sets the lesson's place in the course)",
    );
}

#[test]
fn lesson_id_used_twice() {
    let e = check(&[("lessons/01-a.md", LESSON_A), ("lessons/02-a.md", LESSON_A)]);
    assert_one(
        &e,
        "lessons/02-a.md:2:5: lesson id `a` is already used by lessons/01-a.md: ids must be unique",
    );
}

#[test]
fn lesson_requires_unknown_and_itself() {
    let src = "---\nid: a\ntitle: A\nsummary: S\nlevel: beginner\nrequires: [a, ghost]\n---\n";
    let e = check(&[("lessons/01-a.md", src)]);
    assert_eq!(
        e,
        [
            "lessons/01-a.md:6:12: a lesson cannot require itself",
            "lessons/01-a.md:6:15: requires unknown lesson `ghost`: expected the id of a lesson in lessons/",
        ]
    );
}

#[test]
fn lesson_requires_cycle() {
    let a = "---\nid: a\ntitle: A\nsummary: S\nlevel: beginner\nrequires: [b]\n---\n";
    let b = "---\nid: b\ntitle: B\nsummary: S\nlevel: beginner\nrequires: [a]\n---\n";
    assert_one(
        &check(&[("lessons/01-a.md", a), ("lessons/02-b.md", b)]),
        "lessons/02-b.md:6:12: `requires` forms a cycle: a -> b -> a",
    );
}

#[test]
fn lesson_quiz_unknown() {
    let src = "---\nid: a\ntitle: A\nsummary: S\nlevel: beginner\nquiz: nope\n---\n";
    assert_one(
        &check(&[("lessons/01-a.md", src)]),
        "lessons/01-a.md:6:7: unknown quiz bank `nope`: expected the `bank:` id of a file in quizzes/",
    );
}

#[test]
fn lesson_links_that_point_nowhere() {
    let src = format!(
        "{LESSON_A}\nSee [s](sim:x), [q](quiz:y),\n[l](lesson:z) and [t](term:w) or [e](sim:).\n"
    );
    let e = check(&[("lessons/01-a.md", &src)]);
    assert_eq!(
        e,
        [
            "lessons/01-a.md:9:5: link `sim:x` points nowhere: there is no scenario in assets/scenarios/ with that id",
            "lessons/01-a.md:9:17: link `quiz:y` points nowhere: there is no quiz bank in quizzes/ with that id",
            "lessons/01-a.md:10:1: link `lesson:z` points nowhere: there is no lesson in lessons/ with that id",
            "lessons/01-a.md:10:19: link `term:w` points nowhere: there is no term in lessons/glossary.yaml with that id",
            "lessons/01-a.md:10:34: link `sim:` has no target: expected `sim:<id>`",
        ]
    );
}

// ---- glossary ----

#[test]
fn glossary_rules() {
    let g = "terms:\n  - id: a\n    term: A\n    definition: D\n    see_also: [a, ghost]\n  - id: a\n    term: A2\n    definition: ' '\n    colour: red\n";
    let e = check(&[("lessons/glossary.yaml", g)]);
    assert_eq!(
        e,
        [
            "lessons/glossary.yaml:5:16: a term cannot point to itself in see_also",
            "lessons/glossary.yaml:5:19: see_also names unknown term `ghost`: expected a term id of this glossary",
            "lessons/glossary.yaml:9:5: unknown field `colour`, expected one of `id`, `term`, `definition`, `see_also`",
        ]
    );
    let g = "terms:\n  - id: a\n    term: A\n    definition: D\n  - id: a\n    term: A2\n    definition: ''\n";
    assert_eq!(
        check(&[("lessons/glossary.yaml", g)]),
        [
            "lessons/glossary.yaml:5:9: term id `a` is used twice: ids must be unique",
            "lessons/glossary.yaml:7:17: definition is empty",
        ]
    );
}

// ---- quiz banks ----

#[test]
fn bank_single_needs_exactly_one_correct_choice() {
    let q = "  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: a\n        correct: true\n      - text: b\n        correct: true\n    explanation: E\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(q))]),
        "quizzes/b.yaml:7:5: a single question needs exactly one choice with `correct: true`, found 2",
    );
}

#[test]
fn bank_multiple_needs_a_correct_choice() {
    let q = "  - id: q\n    kind: multiple\n    prompt: P\n    choices:\n      - text: a\n      - text: b\n    explanation: E\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(q))]),
        "quizzes/b.yaml:7:5: a multiple question needs at least one choice with `correct: true`, found none",
    );
}

#[test]
fn bank_choice_texts_are_unique() {
    let q = "  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: a\n        correct: true\n      - text: a\n    explanation: E\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(q))]),
        "quizzes/b.yaml:10:15: choice text `a` repeats choice 1: choice texts must be unique within a question",
    );
}

#[test]
fn bank_choice_count_bounds() {
    let q = "  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: a\n        correct: true\n    explanation: E\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(q))]),
        "quizzes/b.yaml:7:5: a question has 2 to 8 choices, found 1",
    );
}

#[test]
fn bank_choice_pin_is_a_boolean_and_not_on_every_choice() {
    let ok = "  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: a\n        correct: true\n      - text: b\n      - text: only b\n        pin: true\n    explanation: E\n";
    assert_eq!(
        check(&[("quizzes/b.yaml", &bank(ok))]),
        Vec::<String>::new()
    );
    let all = "  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: a\n        correct: true\n        pin: true\n      - text: b\n        pin: true\n    explanation: E\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(all))]),
        "quizzes/b.yaml:7:5: every choice has `pin: true`, so nothing is shuffled: pin only the choices whose place matters",
    );
    let bad = "  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: a\n        correct: true\n      - text: b\n        pin: later\n    explanation: E\n";
    let errors = check(&[("quizzes/b.yaml", &bank(bad))]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("quizzes/b.yaml:11:14: "),
        "{errors:?}"
    );
}

#[test]
fn bank_true_false_needs_answer_and_no_choices() {
    let q = "  - id: q\n    kind: true_false\n    prompt: P\n    choices:\n      - text: a\n    explanation: E\n";
    assert_eq!(
        check(&[("quizzes/b.yaml", &bank(q))]),
        [
            "quizzes/b.yaml:4:5: a true_false question needs `answer: true` or `answer: false`",
            "quizzes/b.yaml:7:5: `choices` does not belong in a `true_false` question: it is only for single and multiple questions",
        ]
    );
}

#[test]
fn bank_order_items_are_unique() {
    let q = "  - id: q\n    kind: order\n    prompt: P\n    items: [x, y, x]\n    explanation: E\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(q))]),
        "quizzes/b.yaml:7:19: item `x` repeats item 1: order items must be unique",
    );
}

#[test]
fn bank_text_needs_accept() {
    let q = "  - id: q\n    kind: text\n    prompt: P\n    accept: ['  ']\n    explanation: E\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(q))]),
        "quizzes/b.yaml:4:5: a text question needs `accept` with at least one non-empty answer",
    );
}

#[test]
fn bank_explanation_is_never_empty() {
    let q =
        "  - id: q\n    kind: true_false\n    prompt: P\n    answer: true\n    explanation: ''\n";
    assert_one(
        &check(&[("quizzes/b.yaml", &bank(q))]),
        "quizzes/b.yaml:8:18: explanation is empty: every question explains its answer",
    );
}

#[test]
fn bank_question_ids_are_unique() {
    let e = check(&[("quizzes/b.yaml", &bank(&format!("{BANK_OK_Q}{BANK_OK_Q}")))]);
    assert_one(
        &e,
        "quizzes/b.yaml:9:9: question id `q` is used twice in this bank (first by question 1): ids must be unique",
    );
}

#[test]
fn bank_repeated_id_is_reported_on_a_question_with_other_mistakes() {
    let q = "  - id: q\n    kind: order\n    prompt: P\n    items: [x]\n    explanation: E\n";
    assert_eq!(
        check(&[("quizzes/b.yaml", &bank(&format!("{BANK_OK_Q}{q}")))]),
        [
            "quizzes/b.yaml:9:9: question id `q` is used twice in this bank (first by question 1): ids must be unique",
            "quizzes/b.yaml:12:5: an order question has 2 to 8 items, found 1",
        ]
    );
}

#[test]
fn bank_unknown_kind_and_field() {
    let q = "  - id: q\n    kind: essay\n    prompt: P\n    explanation: E\n  - id: r\n    kind: true_false\n    prompt: P\n    answer: true\n    explanation: E\n    hint: H\n";
    assert_eq!(
        check(&[("quizzes/b.yaml", &bank(q))]),
        [
            "quizzes/b.yaml:5:11: unknown variant `essay`, expected one of `single`, `multiple`, `true_false`, `order`, `text`",
            "quizzes/b.yaml:13:5: unknown field `hint`, expected one of `id`, `kind`, `prompt`, `choices`, `answer`, `items`, `accept`, `explanation`, `tags`",
        ]
    );
}

#[test]
fn bank_header_rules() {
    let src =
        format!("bank: other\ntitle: B\nlesson: ghost\npass_mark: 1.5\nquestions:\n{BANK_OK_Q}");
    assert_eq!(
        check(&[("quizzes/b.yaml", &src)]),
        [
            "quizzes/b.yaml:1:7: file name `b.yaml` does not match bank id `other`: expected `other.yaml`",
            "quizzes/b.yaml:3:9: unknown lesson `ghost`: expected the id of a lesson in lessons/",
            "quizzes/b.yaml:4:12: pass_mark 1.5 is out of range: expected a fraction of points above 0 and at most 1, e.g. 0.8",
        ]
    );
}

// ---- scenarios ----

const SCENARIO: &str = "scenario: s\ntitle: T\nsummary: S\nmodel: http-retry\nseed: 7\n";

#[test]
fn scenario_knob_bounds() {
    let src = format!(
        "{SCENARIO}retry:\n  attempts: 0\nnetwork:\n  latency_ms: [90, 10]\n  drop_response: 1.5\n"
    );
    assert_eq!(
        check(&[("assets/scenarios/s.yaml", &src)]),
        [
            "assets/scenarios/s.yaml:7:13: attempts 0 is out of range: expected 1 to 20 (first try plus retries)",
            "assets/scenarios/s.yaml:9:15: range [90, 10] has min above max: expected [min, max]",
            "assets/scenarios/s.yaml:10:18: probability 1.5 is out of range: expected 0 to 1",
        ]
    );
}

#[test]
fn scenario_unknown_knob_and_foreign_group() {
    let src = format!("{SCENARIO}client:\n  keys: none\n");
    assert_one(
        &check(&[("assets/scenarios/s.yaml", &src)]),
        "assets/scenarios/s.yaml:7:3: unknown field `keys`, expected one of `operation`, `amount`, `key`, `submissions`, `key_scope`, `change_payload_on_retry`, `submit_gap_ms`",
    );
    let src = format!("{SCENARIO}db:\n  write: insert\n");
    assert_one(
        &check(&[("assets/scenarios/s.yaml", &src)]),
        "assets/scenarios/s.yaml:6:1: `db` is not a knob group of model `http-retry`: expected retry, network, client, server",
    );
}

#[test]
fn scenario_expect_and_compare() {
    let src =
        format!("{SCENARIO}compare: ghost\nexpect:\n  rows: 1\n  charges: {{min: 3, max: 1}}\n");
    assert_eq!(
        check(&[("assets/scenarios/s.yaml", &src)]),
        [
            "assets/scenarios/s.yaml:6:10: unknown scenario `ghost`: expected the id of a scenario in assets/scenarios/",
            "assets/scenarios/s.yaml:8:3: `rows` is not a counter of model `http-retry`: expected one of charges, balance, attempts, replays, conflicts, mismatches, succeeded",
            "assets/scenarios/s.yaml:9:12: min 3 is greater than max 1",
        ]
    );
}

#[test]
fn scenario_compare_needs_the_same_model() {
    let other = "scenario: u\ntitle: T\nsummary: S\nmodel: upsert\nseed: 1\n";
    let src = format!("{SCENARIO}compare: u\n");
    assert_one(
        &check(&[
            ("assets/scenarios/s.yaml", &src),
            ("assets/scenarios/u.yaml", other),
        ]),
        "assets/scenarios/s.yaml:6:10: `u` runs model `upsert` but this scenario runs `http-retry`: a comparison needs the same model",
    );
}

// ---- files ----

#[test]
fn file_level_problems() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("quizzes")).unwrap();
    fs::create_dir_all(dir.path().join("lessons")).unwrap();
    fs::write(dir.path().join("quizzes/b.yml"), "x").unwrap();
    fs::write(dir.path().join("lessons/01-a.md"), b"---\nid: a\xff\n").unwrap();
    let outside = tempfile::NamedTempFile::new().unwrap();
    fs::write(outside.path(), "bank: secret\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), dir.path().join("quizzes/secret.yaml")).unwrap();
    let e = errors_of(dir.path());
    let mut expected = vec![
        "lessons/01-a.md:2:6: file is not valid UTF-8",
        "quizzes/b.yml:1:1: content YAML files must end in `.yaml`; rename this file",
    ];
    if cfg!(unix) {
        expected.push("quizzes/secret.yaml:1:1: this file is a link to somewhere outside the content tree; it is not read");
    }
    assert_eq!(e, expected);
}

#[test]
fn every_error_of_a_tree_is_reported_at_once() {
    let q = "  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: a\n      - text: b\n    explanation: E\n";
    let lesson =
        "---\nid: a\ntitle: A\nsummary: S\nlevel: beginner\nquiz: ghost\n---\n[x](term:nope)\n";
    let e = check(&[
        ("lessons/01-a.md", lesson),
        ("quizzes/b.yaml", &bank(q)),
        (
            "assets/scenarios/s.yaml",
            &format!("{SCENARIO}retry:\n  attempts: 99\n"),
        ),
    ]);
    assert_eq!(e.len(), 4, "{e:#?}");
}

#[test]
fn an_empty_directory_says_what_it_expected() {
    let dir = tempfile::tempdir().unwrap();
    let e = errors_of(dir.path());
    assert_eq!(e.len(), 1);
    assert!(
        e[0].ends_with(
            "no content found: expected lessons/, quizzes/ or assets/scenarios/ in this directory"
        ),
        "{e:?}"
    );
}
