//! The interactive entry points: the course map, or a lesson opened directly.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use super::{EXIT_USAGE, Global};
use crate::app::{App, Start};
use crate::content::LinkKind;
use crate::text::sanitize_line;

pub fn run(g: &Global, target: Option<&str>) -> color_eyre::Result<ExitCode> {
    let start = match target {
        None => Start::Resume,
        Some(t) => match LinkKind::parse(t) {
            Some((LinkKind::Lesson, id)) => Start::Lesson(id.to_owned()),
            Some((LinkKind::Quiz, _)) => {
                return not_yet(
                    "quizzes arrive in a later version; `idemlab list` shows the banks",
                );
            }
            Some((LinkKind::Sim, _)) => {
                return not_yet("the simulation player arrives in a later version");
            }
            Some((LinkKind::Term, _)) | None => {
                eprintln!(
                    "idemlab open: `{}` is not something to open: expected lesson:ID (see `idemlab list`)",
                    sanitize_line(t)
                );
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        },
    };
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        eprintln!(
            "idemlab: the interactive app needs a terminal; without one use `idemlab print LESSON`, `idemlab list`, `idemlab check` or `idemlab progress`"
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    if let Start::Lesson(id) = &start
        && course.lesson(id).is_none()
    {
        eprintln!(
            "idemlab open: no lesson `{}`; `idemlab list` shows the ids",
            sanitize_line(id)
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let app = App::new(course, g, start);
    crate::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}

fn not_yet(msg: &str) -> color_eyre::Result<ExitCode> {
    eprintln!("idemlab open: not built yet: {msg}");
    Ok(ExitCode::from(EXIT_USAGE))
}
