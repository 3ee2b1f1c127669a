//! Loading and validating content: the bundled course (what every start of the app pays) and a
//! large synthetic bank (what an author with a big bank pays on every `check`).

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
