//! `idemlab progress`: what the learner has done, for people (a table) and for scripts (JSON, so
//! a teacher can collect results), and moving it between data directories (`--export`,
//! `--import`). Looking changes nothing on disk, a bad progress file included; only `--reset` and
//! `--import` write, merged with what other running instances save (see `progress::store`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Global;
use crate::progress::{Progress, Store, data_dir};
use crate::text::{plural, sanitize_line, sanitize_path as shown};

#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// Print the progress file's contents as JSON (lessons, and quiz records: attempts, best and
    /// last scores, each question's answers and review schedule)
    #[arg(long)]
    pub json: bool,
    /// Forget all progress
    #[arg(long, conflicts_with_all = ["json", "export", "import"])]
    pub reset: bool,
    /// Write your progress to FILE, for `--import` in another data directory or as a backup
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "import"])]
    pub export: Option<PathBuf>,
    /// Merge the progress in FILE (written by `--export`, or a progress.json) into yours
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub import: Option<PathBuf>,
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
                        plural(r.attempts as usize, "attempt"),
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
            plural(due, "question")
        );
    } else if let Some(next) = progress.next_review(course, now.unix) {
        println!(
            "Review: nothing due now; the next questions come back on {}",
            Moment { unix: next, ..now }.date_string()
        );
    }
}

/// `--import FILE`: merged in, or nothing changed and a non-zero exit.
fn import(store: &mut Store, progress: &mut Progress, from: &Path) -> ExitCode {
    match store.import(progress, from) {
        Ok(got) => {
            println!(
                "imported {}: {}, {}, {}; merged into {}",
                shown(from),
                plural(got.lessons.len(), "lesson"),
                plural(got.quizzes.len(), "quiz bank"),
                plural(got.sims.len(), "scenario"),
                store.shown_path().unwrap_or_default(),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("idemlab: cannot import: {e}; nothing was changed");
            ExitCode::FAILURE
        }
    }
}

/// `--export FILE`: refused when the progress file could not be read, rather than exporting an
/// empty progress that would look like the learner's.
fn export(store: &Store, progress: &Progress, to: &Path) -> ExitCode {
    if !store.warnings.is_empty() {
        eprintln!("idemlab: cannot export: the progress could not be read (see the warning above)");
        return ExitCode::FAILURE;
    }
    match crate::progress::export(progress, to) {
        Ok(()) => {
            println!("progress exported to {}", shown(to));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("idemlab: cannot export: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(g: &Global, args: &ProgressArgs) -> color_eyre::Result<ExitCode> {
    let dir = data_dir(g.data_dir.as_deref());
    let writes = args.reset || args.import.is_some();
    let (mut store, mut progress) = if writes {
        Store::open(dir)
    } else {
        Store::open_read_only(dir)
    };
    for w in &store.warnings {
        eprintln!("idemlab: warning: {w}");
    }
    if args.reset {
        if let Err(e) = store.reset(&mut progress) {
            eprintln!("idemlab: cannot reset progress: {e}");
            return Ok(ExitCode::FAILURE);
        }
        println!(
            "progress reset{}",
            store
                .shown_path()
                .map(|p| format!(" ({p} removed)"))
                .unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(from) = &args.import {
        return Ok(import(&mut store, &mut progress, from));
    }
    if let Some(to) = &args.export {
        return Ok(export(&store, &progress, to));
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
    match store.shown_path() {
        Some(p) if store.is_writable() => println!("Stored in {p}"),
        Some(p) => println!("Not stored: progress cannot be saved as {p} (see the warning above)"),
        None => {}
    }
    Ok(ExitCode::SUCCESS)
}
