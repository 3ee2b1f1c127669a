//! The non-interactive commands, run as a user runs them: the real binary, no terminal, stdout
//! and stderr captured.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fixture_dir_quiz() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quiz-course")
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course")
}

fn idemlab(args: &[&str], data: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_idemlab"))
        .args(args)
        .env("IDEMLAB_DATA", data)
        .env_remove("IDEMLAB_CONTENT")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_passes_on_a_valid_tree_with_a_summary() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(
        &["check", "--content", fixture().to_str().unwrap()],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .starts_with("ok: 2 lessons, 1 quiz bank, 1 scenario, 0 labs, 2 glossary terms"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn check_lists_every_error_and_exits_1() {
    let data = tempfile::tempdir().unwrap();
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tree.path().join("lessons")).unwrap();
    std::fs::write(
        tree.path().join("lessons/01-a.md"),
        "---\nid: a\ntitle: A\nsummary: S\nlevel: expert\n---\n[x](lesson:nope)\n",
    )
    .unwrap();
    // Global options work after the subcommand too.
    let out = idemlab(
        &["check", "--content", tree.path().to_str().unwrap()],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].ends_with("lessons/01-a.md:5:8: unknown variant `expert`, expected one of `beginner`, `intermediate`, `advanced`"), "{stdout}");
    assert!(lines[1].ends_with("lessons/01-a.md:7:1: link `lesson:nope` points nowhere: there is no lesson in lessons/ with that id"), "{stdout}");
    assert!(text(&out.stderr).contains("2 errors found"));
}

#[test]
fn the_bundled_course_passes_check() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(&["check"], data.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn print_to_a_pipe_is_plain_text() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(
        &[
            "--content",
            fixture().to_str().unwrap(),
            "print",
            "first-steps",
            "--width",
            "50",
        ],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("First steps"), "{s}");
    assert!(
        !s.contains('\u{1b}'),
        "escape sequences in piped output: {s:?}"
    );
    // Markdown read as text: emphasis and code keep their words, not their markers, and a link
    // says what kind of thing it leads to.
    let s = s.replace('\u{a0}', " ");
    assert!(
        !s.contains("**") && !s.contains('`') && !s.contains("*response*"),
        "{s}"
    );
    assert!(s.contains("is idempotent when"), "{s}");
    assert!(s.contains("PUT /balance"), "{s}");
    assert!(s.contains("⟨simulation: retry-without-key⟩"), "{s}");
    assert!(s.contains("⟨glossary: idempotency⟩"), "{s}");
    assert!(s.contains("⟨quiz: first-steps⟩"), "{s}");
}

#[test]
fn print_a_markdown_file_by_path_reports_front_matter_errors_but_still_renders() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("draft.md");
    std::fs::write(&md, "---\nid: draft\ntitle: Draft\nlevel: beginner\n---\n# Draft heading\n\nBody \u{1b}[2J text.\n").unwrap();
    let out = idemlab(&["print", md.to_str().unwrap()], data.path());
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(s.contains("Draft heading"), "{s}");
    assert!(
        !s.contains('\u{1b}'),
        "content escape reached stdout: {s:?}"
    );
    assert!(
        text(&out.stderr).contains("draft.md:2:1: missing field `summary`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn print_an_unknown_id_is_a_usage_error() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(
        &["--content", fixture().to_str().unwrap(), "print", "nope"],
        data.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no lesson `nope`"));
}

#[test]
fn list_shows_every_kind_of_id() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(
        &["list", "--content", fixture().to_str().unwrap()],
        data.path(),
    );
    let s = text(&out.stdout);
    for id in [
        "lesson:first-steps",
        "lesson:keys",
        "quiz:first-steps",
        "sim:retry-without-key",
        "term:idempotency-key",
    ] {
        assert!(s.contains(id), "{id} missing in:\n{s}");
    }
}

#[test]
fn interactive_commands_without_a_terminal_point_at_print() {
    let data = tempfile::tempdir().unwrap();
    for args in [
        &[][..],
        &["open", "lesson:why-idempotency"][..],
        &["open", "quiz:http-methods"][..],
        &["open", "term:idempotency"][..],
        &["open", "sim:retry-without-key"][..],
        &["open", "review"][..],
    ] {
        let out = idemlab(args, data.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("needs a terminal") && err.contains("idemlab print"),
            "{err}"
        );
        // Every command that works without a terminal is named, `run` included.
        for cmd in [
            "list",
            "check",
            "progress",
            "run SCENARIO",
            "quiz BANK --plain",
        ] {
            assert!(err.contains(&format!("idemlab {cmd}")), "{cmd}: {err}");
        }
    }
}

#[test]
fn help_says_a_bare_idemlab_opens_the_map_and_gives_examples() {
    let data = tempfile::tempdir().unwrap();
    for flag in ["-h", "--help"] {
        let out = idemlab(&[flag], data.path());
        assert_eq!(out.status.code(), Some(0));
        let s = text(&out.stdout);
        assert!(s.contains("Examples:"), "{s}");
        assert!(s.contains("open the course map"), "{s}");
        assert!(s.contains("idemlab completions bash"), "{s}");
    }
    let s = text(&idemlab(&["--help"], data.path()).stdout);
    assert!(s.contains("with no command to open the course map"), "{s}");
}

#[test]
fn the_readme_use_block_names_every_command_and_every_kind_of_open() {
    // The commands as clap lists them, so a command added without a line in the README fails.
    let data = tempfile::tempdir().unwrap();
    let help = text(&idemlab(&["--help"], data.path()).stdout);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A command's line starts two spaces in; a wrapped description starts further in.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 10, "{help}");
    let readme = include_str!("../README.md");
    let block = readme
        .split("## Use")
        .nth(1)
        .and_then(|s| s.split("```").nth(1))
        .unwrap_or_default();
    for c in commands {
        assert!(
            block.contains(&format!("\nidemlab {c}")),
            "the README's Use block has no `idemlab {c}` line"
        );
    }
    for target in ["lesson:", "quiz:", "sim:", "term:", "lab:", "review"] {
        assert!(
            block.contains(&format!("idemlab open {target}")),
            "the README's Use block has no `idemlab open {target}` line"
        );
    }
    assert!(
        block.contains("--goal"),
        "the Use block does not say how to judge a challenge"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_cli_definition() {
    let data = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = idemlab(&["completions", shell], data.path());
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let s = text(&out.stdout);
        // Subcommands and their options, as clap knows them.
        for word in ["progress", "completions", "--reset", "--plain", "--trials"] {
            assert!(s.contains(word), "{shell} completions lack {word}");
        }
    }
    let out = idemlab(&["completions", "tcsh"], data.path());
    assert_eq!(out.status.code(), Some(2));
    let out = idemlab(&["man"], data.path());
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.starts_with(".ie") || s.contains(".TH idemlab"), "{s}");
    assert!(s.contains("course map") && s.contains("completions"), "{s}");
}

#[test]
fn open_names_a_missing_bank_or_scenario_even_without_a_terminal() {
    let data = tempfile::tempdir().unwrap();
    for (target, says) in [
        ("quiz:nope", "no quiz bank `nope`"),
        ("sim:nope", "no scenario `nope`"),
        ("lesson:nope", "no lesson `nope`"),
        ("term:keys", "no glossary term `keys`"),
        ("page:keys", "not something to open"),
    ] {
        let out = idemlab(&["open", target], data.path());
        assert_eq!(out.status.code(), Some(2), "{target}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{target}: {err}");
    }
}

#[test]
fn progress_json_and_reset() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version":1,"last_lesson":"keys","lessons":{"keys":{"state":"done","position":3}}}"#,
    )
    .unwrap();
    let out = idemlab(&["progress", "--json"], data.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lessons"]["keys"]["state"], "done");
    // Every lesson of the course, in order, with its title.
    assert_eq!(v["course"]["lessons"][0]["id"], "why-idempotency", "{v}");
    assert_eq!(
        v["course"]["lessons"][0]["title"],
        "Why idempotency matters"
    );
    assert_eq!(v["course"]["lessons"][0]["state"], "not started");
    let out = idemlab(
        &["--content", fixture().to_str().unwrap(), "progress"],
        data.path(),
    );
    assert!(
        text(&out.stdout).contains("Lessons: 1 of 2 done"),
        "{}",
        text(&out.stdout)
    );
    // Without a terminal to ask on, --reset needs --yes and changes nothing without it.
    let out = idemlab(&["progress", "--reset"], data.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("add --yes"),
        "{}",
        text(&out.stderr)
    );
    assert!(data.path().join("progress.json").exists());
    let out = idemlab(&["progress", "--reset", "--yes"], data.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(!data.path().join("progress.json").exists());
    // The old progress is kept aside, and --import brings it back.
    let kept: Vec<PathBuf> = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".before-reset"))
        .collect();
    assert_eq!(kept.len(), 1, "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("--import"),
        "{}",
        text(&out.stdout)
    );
    let out = idemlab(
        &["progress", "--import", kept[0].to_str().unwrap()],
        data.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = idemlab(&["progress", "--json"], data.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lessons"]["keys"]["state"], "done");
}

#[test]
fn progress_json_names_titles_due_counts_and_dates() {
    let data = tempfile::tempdir().unwrap();
    // One question of `all-kinds` due long ago, one far in the future.
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version":1,"quizzes":{"all-kinds":{"attempts":1,
              "best":{"correct":3,"total":5,"passed":true,"at":1748858400},
              "questions":{
                "idempotent-methods":{"box":1,"due":1000},
                "mismatch-status":{"box":2,"due":4102444800}}}}}"#,
    )
    .unwrap();
    let out = idemlab(
        &[
            "--content",
            fixture_dir_quiz().to_str().unwrap(),
            "progress",
            "--json",
        ],
        data.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The file's own records are still there, where scripts read them.
    assert_eq!(v["quizzes"]["all-kinds"]["attempts"], 1);
    let course = &v["course"];
    assert_eq!(course["lessons"], serde_json::json!([]), "{v}");
    let bank = &course["quizzes"][0];
    assert_eq!(bank["id"], "all-kinds", "{v}");
    assert_eq!(bank["title"], "Every kind of question");
    assert_eq!(bank["due_now"], 1);
    assert_eq!(bank["next_due"], "2100-01-01");
    assert_eq!(bank["best"]["correct"], 3);
    assert_eq!(course["review"]["due_now"], 1);
    assert_eq!(course["review"]["next_due"], "2100-01-01");
    assert_eq!(
        course["review"]["coming"],
        serde_json::json!([{"date": "2100-01-01", "questions": 1}])
    );
}

#[test]
fn progress_json_counts_same_day_drills_as_the_text_does() {
    let data = tempfile::tempdir().unwrap();
    // `set-or-add` was missed long ago and its ten-minute learning step is over; `server-steps`
    // was missed too but its step ends in 2100. Neither is due for review before 2100.
    std::fs::write(
        data.path().join("progress.json"),
        r#"{"version":1,"quizzes":{"all-kinds":{"questions":{
                "set-or-add":{"box":1,"due":4102444800,"step":1000},
                "server-steps":{"box":1,"due":4102444800,"step":4102444000}}}}}"#,
    )
    .unwrap();
    let content = fixture_dir_quiz();
    let args = |json: bool| {
        let mut a = vec!["--content", content.to_str().unwrap(), "progress"];
        if json {
            a.push("--json");
        }
        a
    };
    let out = idemlab(&args(true), data.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let review = &v["course"]["review"];
    assert_eq!(review["due_now"], 1, "{v}");
    assert_eq!(review["drill_now"], 1, "{v}");
    assert_eq!(
        review["next_drill"],
        serde_json::json!({"at_unix": 4_102_444_000_u64, "questions": 1}),
        "{v}"
    );
    assert_eq!(v["course"]["quizzes"][0]["due_now"], 1, "{v}");
    // The text says the same number.
    let out = idemlab(&args(false), data.path());
    assert!(
        text(&out.stdout).contains("Review: 1 question due now"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_corrupt_progress_file_is_moved_aside_with_a_warning() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("progress.json"), "{oops").unwrap();
    // Looking changes nothing on disk: the file stays, with a warning.
    let out = idemlab(&["progress", "--json"], data.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("left as it is"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(data.path().join("progress.json")).unwrap(),
        b"{oops"
    );
    // A command that writes progress moves it aside.
    let out = idemlab(&["progress", "--reset"], data.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("moved to"),
        "{}",
        text(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with(".bak")), "{names:?}");
}

#[test]
fn the_readme_says_how_long_the_course_is_as_list_counts_it() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(&["list"], data.path());
    assert!(out.status.success());
    let list = text(&out.stdout);
    let size = list.lines().last().unwrap_or_default();
    assert!(size.contains(" lessons (about "), "{list}");
    // Counted again here from the files, so the line cannot leave out what a learner can do:
    // the scenarios with a goal are the challenges, and the labs are the tasks to write.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = |dir: &str| -> Vec<String> {
        std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect()
    };
    let scenarios = files("assets/scenarios");
    let challenges = scenarios
        .iter()
        .filter(|s| s.lines().any(|l| l.starts_with("goal:")))
        .count();
    assert!(challenges >= 12, "{challenges} scenarios have a goal");
    let labs = files("assets/labs").len();
    for part in [
        format!(
            " {} scenarios ({challenges} of them challenges)",
            scenarios.len()
        ),
        format!(", {labs} labs, "),
    ] {
        assert!(size.contains(&part), "`{part}` missing from: {size}");
    }
    let readme = include_str!("../README.md");
    assert!(
        readme.contains(&format!("> {size}\n")),
        "README.md's \"First five minutes\" must quote the course's size as `idemlab list` counts it:\n> {size}"
    );
}

#[test]
fn the_readme_links_only_inside_the_repository() {
    let readme = include_str!("../README.md");
    assert!(!readme.contains("../"), "a path that leaves the repository");
    let mut rest = readme;
    while let Some(i) = rest.find("](") {
        let target = &rest[i + 2..rest[i..].find(')').map_or(rest.len(), |j| i + j)];
        let local = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(target);
        assert!(
            target.contains(':') || local.exists(),
            "README links to `{target}`, which is not in the repository"
        );
        rest = &rest[i + 2..];
    }
}

#[test]
fn the_readme_key_table_is_one_table() {
    // GFM ends a table at a blank line: every row of the Keys section must follow the header
    // without one.
    let readme = include_str!("../README.md");
    let keys = readme.split("## Keys").nth(1).unwrap_or_default();
    let table: Vec<&str> = keys
        .lines()
        .skip_while(|l| !l.starts_with("| Where"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    let rows = keys.lines().filter(|l| l.starts_with("| ")).count();
    assert_eq!(table.len(), rows, "a blank line splits the key table");
    assert!(table.iter().any(|l| l.starts_with("| Simulation player")));
}

#[test]
fn list_reads_in_course_order_not_alphabetically() {
    let data = tempfile::tempdir().unwrap();
    let out = idemlab(&["list"], data.path());
    assert!(out.status.success());
    let list = text(&out.stdout);
    let at = |id: &str| {
        list.find(&format!("  {id} "))
            .unwrap_or_else(|| panic!("{id} not listed:\n{list}"))
    };
    // Banks follow their lessons: the first lesson's bank before the HTTP lesson's.
    assert!(
        at("quiz:why-idempotency") < at("quiz:http-methods"),
        "{list}"
    );
    // Scenarios come as the lessons meet them: the retry story (lesson 1) long before the
    // consumer crashes (the consumers lesson), though "consumer-…" sorts first by name.
    assert!(
        at("sim:retry-without-key") < at("sim:consumer-crash-no-dedup"),
        "{list}"
    );
    assert!(
        at("sim:retry-without-key") < at("sim:concurrent-retry-atomic"),
        "{list}"
    );
}

/// Help is read by people, not parsed by Rust: no range written `0..=1` in any command's help
/// ("from 0 to 1"). `--delay-ms MIN..MAX` is what the user types, so it stays.
#[test]
fn no_commands_help_writes_a_rust_range() {
    let data = tempfile::tempdir().unwrap();
    let top = text(&idemlab(&["--help"], data.path()).stdout);
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 10, "{top}");
    for c in commands {
        let help = text(&idemlab(&[&c, "--help"], data.path()).stdout);
        assert!(!help.contains("..="), "idemlab {c} --help:\n{help}");
    }
}
