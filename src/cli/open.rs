//! The interactive entry points: the course map, or a lesson, quiz, review or scenario opened
//! directly.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use super::{EXIT_USAGE, Global};
use crate::app::{App, Start};
use crate::content::LinkKind;
use crate::progress::{Store, data_dir};
use crate::text::sanitize_line;
use crate::theme::Theme;

pub fn run(g: &Global, target: Option<&str>, seed: Option<u64>) -> color_eyre::Result<ExitCode> {
    let start = match target {
        None => Start::Resume,
        Some("review") => Start::Review,
        Some(t) => match LinkKind::parse(t) {
            Some((LinkKind::Lesson, id)) => Start::Lesson(id.to_owned()),
            Some((LinkKind::Quiz, id)) => Start::Quiz(id.to_owned()),
            Some((LinkKind::Sim, id)) => Start::Sim(id.to_owned()),
            Some((LinkKind::Lab, id)) => Start::Lab(id.to_owned()),
            Some((LinkKind::Term, id)) => Start::Term(id.to_owned()),
            None => {
                eprintln!(
                    "idemlab open: `{}` is not something to open: expected lesson:ID, quiz:BANK, sim:SCENARIO, lab:ID, term:ID or review (see `idemlab list`)",
                    sanitize_line(t)
                );
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        },
    };
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let missing = match &start {
        Start::Lesson(id) => course.lesson(id).is_none().then_some(("lesson", id)),
        Start::Quiz(id) => course.bank(id).is_none().then_some(("quiz bank", id)),
        Start::Sim(id) => course.scenario(id).is_none().then_some(("scenario", id)),
        Start::Lab(id) => course.lab(id).is_none().then_some(("lab", id)),
        Start::Term(id) => course.term(id).is_none().then_some(("glossary term", id)),
        Start::Resume | Start::Review => None,
    };
    if let Some((what, id)) = missing {
        eprintln!(
            "idemlab open: no {what} `{}`; `idemlab list` shows the ids",
            sanitize_line(id)
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        eprintln!(
            "idemlab: the interactive app needs a terminal; without one use `idemlab print LESSON`, `idemlab list`, `idemlab check`, `idemlab progress`, `idemlab run SCENARIO` or `idemlab quiz BANK --plain`"
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let (store, progress) = Store::open(data_dir(g.data_dir.as_deref()));
    let theme = if g.monochrome() {
        Theme::monochrome()
    } else {
        Theme::colored()
    };
    // `--workspace` / `IDEMLAB_WORKSPACE` holds for the app as for `idemlab lab`.
    let workspace = g.workspace.clone().map(crate::lab::Workspace::new);
    let sim = match &start {
        Start::Sim(id) => Some(id.clone()),
        _ => None,
    };
    let mut app = App::with_workspace(course, store, progress, theme, start, workspace);
    match (seed, sim) {
        // The run with that seed, or the reason it cannot be shown (nothing else opens).
        (Some(seed), Some(id)) => {
            if let Err(e) = app.set_sim_seed(seed) {
                eprintln!(
                    "idemlab open: sim:{} with seed {seed} cannot be shown: {e}",
                    sanitize_line(&id)
                );
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        }
        (Some(seed), _) => app.set_quiz_seed(seed),
        (None, _) => {}
    }
    crate::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}
