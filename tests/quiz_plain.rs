//! `idemlab quiz BANK --plain` as a script or a screen reader uses it: answers piped in, the
//! transcript and the exit status checked, progress recorded like the TUI records it.

mod common;

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{fixture_dir, load};
use idemlab::content::{self, Bank, QuestionKind, Source};
use idemlab::quiz::shuffle::display_order;

/// `--content <quiz fixture> quiz all-kinds --plain`, then `extra`.
fn all_kinds_plain(extra: &[&str]) -> Vec<String> {
    let fixture = fixture_dir("quiz-course");
    let base = [
        "--content",
        fixture.to_str().unwrap(),
        "quiz",
        "all-kinds",
        "--plain",
    ];
    base.iter().chain(extra).map(|&a| a.to_owned()).collect()
}

fn run(args: &[impl AsRef<OsStr>], data: &Path, input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args(args)
        .env("IDEMLAB_DATA", data)
        .env_remove("IDEMLAB_CONTENT")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The line a learner types to answer every question of `bank` right with `seed`.
fn right_answers(bank: &Bank, seed: u64) -> String {
    let mut out = String::new();
    for q in &bank.questions {
        let shown = display_order(q, seed);
        let pos = |idx: usize| shown.iter().position(|&x| x == idx).unwrap() + 1;
        let line = match &q.kind {
            QuestionKind::Single { choices } => {
                pos(choices.iter().position(|c| c.correct).unwrap()).to_string()
            }
            QuestionKind::Multiple { choices } => choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.correct)
                .map(|(i, _)| pos(i).to_string())
                .collect::<Vec<_>>()
                .join(","),
            QuestionKind::TrueFalse { answer } => (if *answer { "true" } else { "false" }).into(),
            QuestionKind::Order { items } => (0..items.len())
                .map(|i| pos(i).to_string())
                .collect::<Vec<_>>()
                .join(" "),
            QuestionKind::Text { accept } => format!("  {}  ", accept[0].to_uppercase()),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn a_piped_quiz_prints_questions_feedback_and_summary_and_records_it() {
    let data = tempfile::tempdir().unwrap();
    let fixture = fixture_dir("quiz-course");
    let args = all_kinds_plain(&["--seed", "7"]);
    // Seed 7 shows: 1 Set, 2 Add, 3 Append | DELETE POST PUT GET | True False |
    // Store, Return, Execute, Look up | text. A mistake in the input is asked again.
    let input = "2\nfour\n1,2,4\nfalse\n4,3,1,2\n 422 unprocessable   CONTENT\n\n";
    let out = run(&args, data.path(), input);
    let t = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{t}\n{}", text(&out.stderr));
    let expected_in_order = [
        "Every kind of question: 5 questions, pass mark 60%, seed 7.",
        "Best so far: none yet.",
        "Question 1 of 5 · choose one: type its number, 1 to 3",
        // Markdown read as text: no `**` or backticks for a screen reader to spell out.
        "Which operation is idempotent?",
        "  1. Set the balance to 100\n  2. Add 100 to the balance\n  3. Append a row to the ledger\nYour answer: 2\n✗ Wrong\n",
        "• ✗ You chose: Add 100 to the balance — Twice adds 200.",
        "• ✓ The right answer: Set the balance to 100",
        "Explanation. Setting gives the same state however often it runs.",
        "Question 2 of 5 · choose every right answer",
        "Your answer: four\n“four” is not a number: use 1 to 4.\nYour answer: 1,2,4\n✗ Wrong",
        "You picked 2 of the 3 right choices, and 1 wrong one.",
        // In the order shown (DELETE POST PUT GET), not the bank's.
        "• ✗ POST: wrong, but you picked it — POST promises nothing about repeats.",
        "• ✗ PUT: right, but you did not pick it",
        "Your answer: false\n✓ Right",
        "Your answer: 4,3,1,2\n✓ Right\nEvery item is in its place.",
        "✓ Right\nYou wrote “422 unprocessable CONTENT”.",
        "Score: 3 of 5 right (60%): ✓ passed, the pass mark is 60%. Time: ",
        "  ✗ 1. Which operation is idempotent?\n  ✗ 2. Which HTTP methods are idempotent?\n  ✓ 3. POST is idempotent by definition.",
        "Saved. Missed questions come back for review from ",
        "Retake the 2 missed questions now? Type y, or press Enter to finish: \n",
    ];
    let mut from = 0;
    for piece in expected_in_order {
        let at = t[from..]
            .find(piece)
            .unwrap_or_else(|| panic!("missing, or out of order: {piece:?}\n---\n{t}"));
        from += at + piece.len();
    }
    assert!(!t.contains('\x1b'), "no escape sequences in plain output");
    assert!(
        !t.contains("**") && !t.contains('`'),
        "Markdown markers in plain output:\n{t}"
    );

    let json = run(&["progress", "--json"], data.path(), "");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let bank = &json["quizzes"]["all-kinds"];
    assert_eq!(bank["attempts"], 1);
    assert_eq!(bank["best"]["correct"], 3);
    assert_eq!(bank["best"]["total"], 5);
    assert_eq!(bank["best"]["passed"], true);
    assert_eq!(bank["questions"]["set-or-add"]["box"], 1);
    assert_eq!(bank["questions"]["post-idempotent"]["box"], 0);
    assert_eq!(
        bank["questions"]["post-idempotent"]["history"][0]["correct"],
        true
    );

    let human = run(
        &["--content", fixture.to_str().unwrap(), "progress"],
        data.path(),
        "",
    );
    let human = text(&human.stdout);
    assert!(human.contains("Quizzes: 1 of 1 passed"), "{human}");
    assert!(human.contains("[✓] Every kind of question"), "{human}");
    assert!(
        human.contains("best 3/5, passed · 1 attempt · last 3/5 on "),
        "{human}"
    );
    assert!(
        human.contains("Review: nothing due now; the next questions come back on "),
        "{human}"
    );
}

#[test]
fn retaking_the_missed_ones_is_practice_and_the_same_seed_reproduces_the_quiz() {
    let data = tempfile::tempdir().unwrap();
    let fixture = fixture_dir("quiz-course");
    let args = all_kinds_plain(&["--seed", "7"]);
    // Wrong on the first two, then retake them (seed 8) and answer right.
    let course = load(&fixture);
    let bank = &course.banks[0];
    let retake_right: String = {
        let all = right_answers(bank, 8);
        all.lines().take(2).map(|l| format!("{l}\n")).collect()
    };
    let input = format!("2\n1,2,4\nfalse\n4,3,1,2\n422\ny\n{retake_right}");
    let a = text(&run(&args, data.path(), &input).stdout);
    assert!(
        a.contains("Retake (practice: it counts for review, not for the bank's score), seed 8."),
        "{a}"
    );
    assert!(
        a.contains("Score: 2 of 2 right (100%): practice, not scored."),
        "{a}"
    );
    // The same seed shows the same quiz again, and the start shows the best score so far.
    let b = text(&run(&args, data.path(), "").stdout);
    assert!(
        b.contains("Best so far: 3 of 5, passed (1 attempt)."),
        "{b}"
    );
    let question_block =
        |t: &str| t[t.find("Question 1").unwrap()..t.find("Your answer").unwrap()].to_owned();
    assert_eq!(question_block(&a), question_block(&b));
}

#[test]
fn end_of_input_mid_quiz_stops_cleanly_and_records_nothing() {
    let data = tempfile::tempdir().unwrap();
    let out = run(&all_kinds_plain(&[]), data.path(), "1\n");
    let t = text(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{t}");
    assert!(
        t.trim_end()
            .ends_with("Input ended before the quiz did: nothing was recorded."),
        "{t}"
    );
    assert!(!data.path().join("progress.json").exists());
}

#[test]
fn without_plain_and_without_a_terminal_it_names_plain() {
    let data = tempfile::tempdir().unwrap();
    let out = run(&["quiz", "http-methods"], data.path(), "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("idemlab quiz http-methods --plain"), "{err}");
    let out = run(&["quiz", "nope", "--plain"], data.path(), "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no quiz bank `nope`"));
}

#[test]
fn review_with_nothing_due_says_so() {
    let data = tempfile::tempdir().unwrap();
    let out = run(&["quiz", "review", "--plain"], data.path(), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "Nothing to review now.\n");
}

#[test]
fn review_asks_the_due_questions_across_banks() {
    let data = tempfile::tempdir().unwrap();
    // Due long ago: one from each of two bundled banks.
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version": 1, "quizzes": {
            "http-methods": {"questions": {"second-delete-404": {"box": 1, "due": 1000}}},
            "upserts": {"questions": {"gone-question": {"box": 1, "due": 1000}}},
            "why-idempotency": {"questions": {}}
        }}"#,
    )
    .unwrap();
    let out = run(
        &["quiz", "review", "--plain", "--seed", "1"],
        data.path(),
        "2\n",
    );
    let t = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.starts_with("Review: 1 question due, seed 1."), "{t}");
    assert!(
        t.contains("Question 1 of 1 · Idempotent HTTP methods · true or false"),
        "{t}"
    );
    assert!(t.contains("Score: 1 of 1 right (100%): review."), "{t}");
    let json = text(&run(&["progress", "--json"], data.path(), "").stdout);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let q = &v["quizzes"]["http-methods"]["questions"]["second-delete-404"];
    assert_eq!(q["box"], 2, "{json}");
    assert_eq!(v["quizzes"]["http-methods"]["attempts"], 0);
}

#[test]
fn review_also_asks_a_question_missed_minutes_ago_once_its_learning_step_is_over() {
    let data = tempfile::tempdir().unwrap();
    // Missed just now: due for review tomorrow (far ahead), drillable again from `step` (past).
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version": 1, "quizzes": {
            "http-methods": {"questions": {"second-delete-404": {"box": 1, "due": 99999999999, "step": 1000}}}
        }}"#,
    )
    .unwrap();
    // `progress` counts it as the map does.
    let shown = text(&run(&["progress"], data.path(), "").stdout);
    assert!(shown.contains("Review: 1 question due now"), "{shown}");
    let out = run(
        &["quiz", "review", "--plain", "--seed", "1"],
        data.path(),
        "2\n",
    );
    let t = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.starts_with("Review: 1 question due, seed 1."), "{t}");
    assert!(
        t.contains("Question 1 of 1 · Idempotent HTTP methods · true or false"),
        "{t}"
    );
    // The right answer ends the step; tomorrow's review is still there.
    let json = text(&run(&["progress", "--json"], data.path(), "").stdout);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let q = &v["quizzes"]["http-methods"]["questions"]["second-delete-404"];
    assert!(
        q.get("step").is_none_or(serde_json::Value::is_null),
        "{json}"
    );
    assert_eq!(q["due"], 99_999_999_999_u64, "{json}");
}

#[test]
fn a_review_stopped_part_way_keeps_the_answers_given_and_says_when_each_comes_back() {
    let data = tempfile::tempdir().unwrap();
    // Two due long ago, in the quiz fixture's one bank.
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version": 1, "quizzes": {"all-kinds": {"questions": {
            "post-idempotent": {"box": 1, "due": 1000},
            "set-or-add": {"box": 1, "due": 1001}
        }}}}"#,
    )
    .unwrap();
    let fixture = fixture_dir("quiz-course");
    let args = [
        "--content",
        fixture.to_str().unwrap(),
        "quiz",
        "review",
        "--plain",
        "--seed",
        "1",
    ];
    // "true" to "POST is idempotent by definition." is wrong; then input ends.
    let out = run(&args, data.path(), "true\n");
    let t = text(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{t}");
    assert!(t.contains("Question 1 of 2"), "{t}");
    assert!(
        t.contains("It comes back to practise later today at "),
        "{t}"
    );
    assert!(t.contains(", and for review tomorrow."), "{t}");
    assert!(t.contains("the answers you gave are saved"), "{t}");
    let json = text(&run(&["progress", "--json"], data.path(), "").stdout);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let q = &v["quizzes"]["all-kinds"]["questions"];
    assert_eq!(
        q["post-idempotent"]["history"][0]["correct"], false,
        "{json}"
    );
    assert!(q["post-idempotent"]["step"].is_u64(), "{json}");
    // The question not reached is untouched, still due.
    assert_eq!(q["set-or-add"]["history"], serde_json::json!([]), "{json}");
    assert_eq!(q["set-or-add"]["due"], 1001);
}

#[test]
fn the_summary_counts_what_is_due_elsewhere_in_good_english() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let data = tempfile::tempdir().unwrap();
    // Due long ago, in another bank than the one taken.
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version": 1, "quizzes": {
            "http-methods": {"questions": {"second-delete-404": {"box": 1, "due": 1000}}}
        }}"#,
    )
    .unwrap();
    let bank = course.bank("upserts").unwrap();
    let out = run(
        &["quiz", "upserts", "--plain", "--seed", "1"],
        data.path(),
        &right_answers(bank, 1),
    );
    let t = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("\n1 question is due for review now.\n"), "{t}");
}

#[test]
fn every_bundled_bank_can_be_taken_to_the_end_with_full_marks() {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    assert!(course.banks.len() >= 8);
    let data = tempfile::tempdir().unwrap();
    for bank in &course.banks {
        let out = run(
            &["quiz", &bank.id, "--plain", "--seed", "2024"],
            data.path(),
            &right_answers(bank, 2024),
        );
        let t = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{}: {t}", bank.id);
        let n = bank.questions.len();
        assert!(
            t.contains(&format!("Score: {n} of {n} right (100%): ✓ passed")),
            "{}: {t}",
            bank.id
        );
        assert_eq!(t.matches("✓ Right").count(), n, "{}", bank.id);
        assert!(!t.contains("✗ Wrong"), "{}", bank.id);
    }
    let json = text(&run(&["progress", "--json"], data.path(), "").stdout);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["quizzes"].as_object().unwrap().len(), course.banks.len());
}

/// An explanation's link cannot be followed in plain mode: it is printed with where it leads.
#[test]
fn plain_mode_prints_an_explanations_link_with_its_target() {
    let course = tempfile::tempdir().unwrap();
    let dir = course.path();
    common::linked_course(dir);
    let data = tempfile::tempdir().unwrap();
    let args = [
        "--content",
        dir.to_str().unwrap(),
        "quiz",
        "linked",
        "--plain",
        "--seed",
        "1",
    ];
    let out = run(&args, data.path(), "\n1\n\n\n");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("See a retry with a key ⟨simulation:\u{a0}retry-with-key⟩ and"),
        "{stdout}{}",
        text(&out.stderr)
    );
}
