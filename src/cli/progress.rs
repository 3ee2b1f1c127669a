//! `idemlab progress`: what the learner has done, for people (a table) and for scripts (JSON, so
//! a teacher can collect results), and moving it between data directories (`--export`,
//! `--import`). Looking changes nothing on disk, a bad progress file included; only `--reset` and
//! `--import` write, merged with what other running instances save (see `progress::store`).

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_USAGE, Global};
use crate::content::{Bank, Course};
use crate::progress::{Progress, Store, data_dir};
use crate::quiz::{Clock, Moment, SystemClock, forecast};
use crate::text::{plural, sanitize_line, sanitize_path as shown};

/// The banks in the order the course reaches them: each lesson's quiz in lesson order, then any
/// bank no lesson names.
#[must_use]
pub fn banks_in_course_order(course: &Course) -> Vec<&Bank> {
    let mut out: Vec<&Bank> = course
        .lessons
        .iter()
        .filter_map(|l| course.bank(l.quiz.as_deref()?))
        .collect();
    out.dedup_by(|a, b| a.id == b.id);
    for b in &course.banks {
        if !out.iter().any(|o| o.id == b.id) {
            out.push(b);
        }
    }
    out
}

#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// Print progress as JSON: the progress file's records (lessons, scenarios, quiz attempts,
    /// best and last scores, each question's answers and review schedule) and, under `course`,
    /// every lesson, bank and scenario with its title and state, due counts and next-due dates
    #[arg(long)]
    pub json: bool,
    /// Forget all progress; asks first (without a terminal, add --yes). A copy of the old
    /// progress is kept beside it, for --import
    #[arg(long, conflicts_with_all = ["json", "export", "import"])]
    pub reset: bool,
    /// With --reset: do not ask
    #[arg(long, requires = "reset")]
    pub yes: bool,
    /// Write your progress to FILE, for `--import` in another data directory or as a backup
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "import"])]
    pub export: Option<PathBuf>,
    /// Merge the progress in FILE (written by `--export`, or a progress.json) into yours
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub import: Option<PathBuf>,
}

/// Each bank's best and last score, and how many questions are due for review.
fn quizzes(course: &Course, progress: &Progress, now: Moment) {
    let passed = course
        .banks
        .iter()
        .filter(|b| progress.bank_best(&b.id).is_some_and(|s| s.passed))
        .count();
    println!("Quizzes: {passed} of {} passed", course.banks.len());
    for b in banks_in_course_order(course) {
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
    // As the map counts them: the questions due, and those missed minutes ago whose learning
    // step is over (a review asks both).
    let due = progress.review_questions(course, now.unix).len();
    let coming = forecast::coming(&progress.review_forecast(course, now), now, 3);
    if due > 0 {
        println!(
            "Review: {} due now (idemlab open review, or idemlab quiz review --plain)",
            plural(due, "question")
        );
        if let Some(c) = coming {
            println!("  then {c}");
        }
    } else if let (Some(next), Some(c)) = (progress.next_review(course, now.unix), coming) {
        println!(
            "Review: nothing due now; the next questions come back on {} ({c})",
            Moment { unix: next, ..now }.date_string()
        );
    }
    if let Some((at, n)) = progress.next_drill(course, now.unix) {
        println!(
            "  {} can be practised again {}",
            plural(n, "missed question"),
            forecast::when(at, now)
        );
    }
}

/// What `--reset` would forget, in words; `None` when nothing is recorded.
fn what_is_kept(p: &Progress) -> Option<String> {
    let answered: usize = p.quizzes.values().map(|b| b.questions.len()).sum();
    let attempts: u32 = p.quizzes.values().map(|b| b.attempts).sum();
    let mut parts = Vec::new();
    if !p.lessons.is_empty() {
        parts.push(plural(p.lessons.len(), "lesson"));
    }
    if attempts > 0 {
        parts.push(plural(attempts as usize, "quiz attempt"));
    }
    if answered > 0 {
        parts.push(plural(answered, "answered question"));
    }
    if !p.sims.is_empty() {
        parts.push(plural(p.sims.len(), "scenario"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `--reset`: asks on a terminal (or needs `--yes`), keeps a copy of the old progress beside the
/// file, then resets through the store (so the reset holds for every instance).
fn reset(store: &mut Store, progress: &mut Progress, yes: bool) -> ExitCode {
    let Some(what) = what_is_kept(progress) else {
        return match store.reset(progress) {
            Ok(()) => {
                println!("nothing to reset: no progress is recorded");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("idemlab: cannot reset progress: {e}");
                ExitCode::FAILURE
            }
        };
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let Some(backup) = store
        .path()
        .map(|p| p.with_file_name(format!("progress.json.{stamp}.before-reset")))
    else {
        eprintln!("idemlab: cannot reset progress: there is no data directory");
        return ExitCode::FAILURE;
    };
    if !yes {
        if !io::stdin().is_terminal() {
            eprintln!(
                "idemlab progress --reset: this would forget {what}; there is no terminal to ask on, so add --yes to reset"
            );
            return ExitCode::from(EXIT_USAGE);
        }
        eprint!(
            "Forget {what}? A copy is kept as {}. Type y to reset: ",
            shown(&backup)
        );
        let _ = io::stderr().flush();
        let mut answer = String::new();
        let said_yes = io::stdin().lock().read_line(&mut answer).is_ok()
            && matches!(answer.trim().to_lowercase().as_str(), "y" | "yes");
        if !said_yes {
            println!("nothing was reset");
            return ExitCode::SUCCESS;
        }
    }
    if let Err(e) = crate::progress::export(progress, &backup) {
        eprintln!("idemlab: cannot reset progress: the old progress could not be kept: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = store.reset(progress) {
        eprintln!("idemlab: cannot reset progress: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "progress reset; the old progress is kept in {0} (idemlab progress --import {0} brings it back)",
        shown(&backup)
    );
    ExitCode::SUCCESS
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
        return Ok(reset(&mut store, &mut progress, args.yes));
    }
    if let Some(from) = &args.import {
        return Ok(import(&mut store, &mut progress, from));
    }
    if let Some(to) = &args.export {
        return Ok(export(&store, &progress, to));
    }
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let now = SystemClock::new().now();
    if args.json {
        let doc = super::progress_json::document(&course, &progress, now)?;
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(ExitCode::SUCCESS);
    }
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
    quizzes(&course, &progress, now);
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
