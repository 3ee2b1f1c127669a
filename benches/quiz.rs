//! Taking a quiz over a loaded bank of 10,000 questions: moving from question to question costs
//! an index into the loaded course (the session never copies or reloads the bank), so a whole
//! walk through the bank is dominated by grading, not by loading.

use idemlab::content::source::SourceFile;
use idemlab::content::{self, Course};
use idemlab::quiz::{Phase, Session};

fn main() {
    divan::main();
}

fn big_course(questions: usize) -> Course {
    let mut text = String::from("bank: big\ntitle: Big\nquestions:\n");
    for i in 0..questions {
        text.push_str(&format!(
            "  - id: q{i}\n    kind: single\n    prompt: |\n      Question {i}: what does the server do with attempt 2?\n    choices:\n      - text: Replay the stored response\n        correct: true\n      - text: Charge again\n        why: The key exists to stop this.\n    explanation: The key identifies the operation (draft -06 §2.6).\n"
        ));
    }
    let files = vec![SourceFile {
        rel: "quizzes/big.yaml".into(),
        display: "quizzes/big.yaml".into(),
        text,
    }];
    content::load_files(&files).into_result().expect("valid")
}

/// Start a session over the loaded bank and answer every question: per question, one pick,
/// one grade and one move to the next.
#[divan::bench(args = [10_000])]
fn answer_every_question_of_a_loaded_bank(bencher: divan::Bencher, questions: usize) {
    let course = big_course(questions);
    bencher.bench(|| {
        let mut s = Session::bank(divan::black_box(&course), 0, 42);
        s.begin(&course, 0);
        while s.phase() == Phase::Answering {
            s.choose(0);
            let _ = s.submit(&course);
            s.next(&course, 0);
        }
        s.score()
    });
}
