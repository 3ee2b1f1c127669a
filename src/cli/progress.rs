//! `idemlab progress`: what the learner has done, for people (a table) and for scripts (JSON, so
//! a teacher can collect results).

use std::process::ExitCode;

use super::Global;
use crate::progress::{Store, data_dir};
use crate::text::sanitize_line;

#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// Print the progress file's contents as JSON (lessons, and quiz records: attempts, best and
    /// last scores, each question's answers and review schedule)
    #[arg(long)]
    pub json: bool,
    /// Forget all progress
    #[arg(long, conflicts_with = "json")]
    pub reset: bool,
}

/// Each bank's best and last score, and how many questions are due for review.
fn quizzes(course: &crate::content::Course, progress: &crate::progress::Progress) {
    use crate::quiz::{Clock, Moment, SystemClock};
    let now = SystemClock::new().now();
    let passed = course
        .banks
        .iter()
        .filter(|b| progress.bank_best(&b.id).is_some_and(|s| s.passed))
        .count();
    println!("Quizzes: {passed} of {} passed", course.banks.len());
    for b in &course.banks {
        let rec = progress.bank_record(&b.id);
        let (mark, text) = match (rec, progress.bank_best(&b.id)) {
            (Some(r), Some(best)) => {
                let last = r.last.map_or_else(String::new, |l| {
                    let date = Moment { unix: l.at, ..now }.date_string();
                    format!(" · last {}/{} on {date}", l.correct, l.total)
                });
                (
                    if best.passed { "✓" } else { "✗" },
                    format!(
                        "best {}/{}, {} · {}{last}",
                        best.correct,
                        best.total,
                        if best.passed { "passed" } else { "not passed" },
                        crate::cli::plural(r.attempts as usize, "attempt"),
                    ),
                )
            }
            _ => (" ", "not taken".to_owned()),
        };
        println!("  [{mark}] {:<40} {text}", sanitize_line(&b.title));
    }
    let due = progress.due_questions(course, now.unix).len();
    if due > 0 {
        println!(
            "Review: {} due now (`idemlab open review`, or `idemlab quiz review --plain`)",
            crate::cli::plural(due, "question")
        );
    } else if let Some(next) = progress.next_review(course, now.unix) {
        println!(
            "Review: nothing due now; the next questions come back on {}",
            Moment { unix: next, ..now }.date_string()
        );
    }
}

pub fn run(g: &Global, args: &ProgressArgs) -> color_eyre::Result<ExitCode> {
    let (mut store, progress) = Store::open(data_dir(g.data_dir.as_deref()));
    for w in &store.warnings {
        eprintln!("idemlab: warning: {w}");
    }
    if args.reset {
        store.reset()?;
        println!(
            "progress reset{}",
            store
                .path()
                .map(|p| format!(" ({} removed)", p.display()))
                .unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&progress)?);
        return Ok(ExitCode::SUCCESS);
    }
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let done = course
        .lessons
        .iter()
        .filter(|l| progress.lesson_state(&l.id) == crate::progress::LessonState::Done)
        .count();
    println!("Lessons: {done} of {} done", course.lessons.len());
    for l in &course.lessons {
        let state = progress.lesson_state(&l.id);
        let mark = match state {
            crate::progress::LessonState::Done => "✓",
            crate::progress::LessonState::Reading => "…",
            crate::progress::LessonState::NotStarted => " ",
        };
        println!(
            "  [{mark}] {:<40} {}",
            sanitize_line(&l.title),
            state.label()
        );
    }
    quizzes(&course, &progress);
    if let Some(last) = &progress.last_lesson {
        println!("Last lesson: {}", sanitize_line(last));
    }
    if let Some(p) = store.path() {
        println!("Stored in {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}
