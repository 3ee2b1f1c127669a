//! Loading and validating content: the bundled course (what every start of the app pays), a
//! large synthetic bank (what an author with a big bank pays on every `check`), and hostile YAML
//! (an alias bomb, 100,000-deep nesting), which must be refused in time linear in its size.

use idemlab::content::source::SourceFile;
use idemlab::content::{self, Source};

fn main() {
    divan::main();
}

#[divan::bench]
fn load_and_validate_bundled_course() -> usize {
    let loaded = content::load(divan::black_box(&Source::Embedded));
    loaded.course.lessons.len() + loaded.errors.len()
}

fn big_bank(questions: usize) -> Vec<SourceFile> {
    let mut text = String::from("bank: big\ntitle: Big\nquestions:\n");
    for i in 0..questions {
        text.push_str(&format!(
            "  - id: q{i}\n    kind: single\n    prompt: |\n      Question {i}: what does the server do with attempt 2?\n    choices:\n      - text: Replay the stored response\n        correct: true\n      - text: Charge again\n        why: The key exists to stop this.\n    explanation: The key identifies the operation (draft -06 §2.6).\n"
        ));
    }
    vec![SourceFile {
        rel: "quizzes/big.yaml".into(),
        display: "quizzes/big.yaml".into(),
        text,
    }]
}

#[divan::bench(args = [1_000, 10_000])]
fn load_and_validate_bank(bencher: divan::Bencher, questions: usize) {
    let files = big_bank(questions);
    bencher.bench(|| {
        content::load_files(divan::black_box(&files))
            .course
            .banks
            .len()
    });
}

fn one_file(rel: &str, text: String) -> Vec<SourceFile> {
    vec![SourceFile {
        rel: rel.into(),
        display: rel.into(),
        text,
    }]
}

/// The reliability report's reproduction: 9 levels of 9 aliases and a 100,000-element list
/// (200 KB). Before the YAML check it took 8.7 s and 4.2 GB.
#[divan::bench]
fn refuse_alias_bomb(bencher: divan::Bencher) {
    let mut text = String::from("a0: &l0 [x]\n");
    for i in 1..9 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &l{i} [{refs}]\n"));
    }
    text.push_str(&format!("pad: [{}]\n", vec!["1"; 100_000].join(",")));
    let files = one_file("quizzes/q.yaml", text);
    bencher.bench(|| content::load_files(divan::black_box(&files)).errors.len());
}

/// Nesting 100,000 deep in a scenario: `[[…]]`, `{a: {a: …}}`, an unclosed `[`. Before the YAML
/// check these took 37 s, 68 s and 24 s.
#[divan::bench(args = ["flow-seq", "flow-map", "unclosed"])]
fn refuse_deep_nesting(bencher: divan::Bencher, kind: &str) {
    let n = 100_000;
    let nested = match kind {
        "flow-seq" => "[".repeat(n) + &"]".repeat(n),
        "flow-map" => "{a: ".repeat(n) + "1" + &"}".repeat(n),
        _ => "[".repeat(n),
    };
    let text =
        format!("scenario: x\ntitle: X\nsummary: s\nmodel: http-retry\nseed: 7\nextra: {nested}\n");
    let files = one_file("assets/scenarios/x.yaml", text);
    bencher.bench(|| content::load_files(divan::black_box(&files)).errors.len());
}

/// An error in a file whose nodes share one 200 KB line: finding its position indexes 100,000
/// nodes on that line, each in constant time (not by recounting the line).
#[divan::bench]
fn locate_error_beside_one_long_line(bencher: divan::Bencher) {
    let text = format!(
        "scenario: x\ntitle: X\nsummary: s\nmodel: http-retry\nseed: 7\nextra: [{}]\n",
        vec!["1"; 100_000].join(",")
    );
    let files = one_file("assets/scenarios/x.yaml", text);
    bencher.bench(|| content::load_files(divan::black_box(&files)).errors.len());
}
