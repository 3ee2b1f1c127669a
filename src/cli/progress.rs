//! `idemlab progress`: what the learner has done, for people (a table) and for scripts (JSON, so
//! a teacher can collect results).

use std::process::ExitCode;

use super::Global;
use crate::progress::{Store, data_dir};
use crate::text::sanitize_line;

#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// Print the progress file's contents as JSON
    #[arg(long)]
    pub json: bool,
    /// Forget all progress
    #[arg(long, conflicts_with = "json")]
    pub reset: bool,
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
    if let Some(last) = &progress.last_lesson {
        println!("Last lesson: {}", sanitize_line(last));
    }
    if let Some(p) = store.path() {
        println!("Stored in {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}
