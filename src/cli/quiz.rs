//! `idemlab quiz BANK [--plain] [--seed N]` and `idemlab quiz review`: a quiz from the command
//! line. With `--plain` it is a line-by-line conversation that needs no terminal
//! ([`super::quiz_plain`]); without it, it opens the TUI on the quiz, and refuses a non-TTY
//! with a pointer to `--plain`.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use super::quiz_plain::{Ended, Plain};
use super::{EXIT_USAGE, Global};
use crate::progress::{Store, data_dir};
use crate::quiz::{Clock, Moment, Session, SystemClock};
use crate::text::sanitize_line;

/// Exit status when input ends before the quiz does (nothing recorded).
pub const EXIT_INCOMPLETE: u8 = 3;

#[derive(Debug, clap::Args)]
pub struct QuizArgs {
    /// A bank id (`idemlab list` shows them), or `review` for the questions due for review
    pub bank: String,
    /// Ask line by line on stdin and stdout, without the full-screen app (screen readers,
    /// scripts, classrooms)
    #[arg(long)]
    pub plain: bool,
    /// Seed for the order of choices and items; the same seed shows the same quiz
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

pub fn run(g: &Global, args: &QuizArgs) -> color_eyre::Result<ExitCode> {
    // Read the local time zone before anything could start a thread.
    let clock = SystemClock::new();
    let review = args.bank == "review";
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let bank = course.banks.iter().position(|b| b.id == args.bank);
    if !review && bank.is_none() {
        eprintln!(
            "idemlab quiz: no quiz bank `{}`; `idemlab list` shows the ids",
            sanitize_line(&args.bank)
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    if !args.plain {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            eprintln!(
                "idemlab quiz: the full-screen quiz needs a terminal; without one use `idemlab quiz {} --plain`",
                sanitize_line(&args.bank)
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        let target = if review {
            "review".to_owned()
        } else {
            format!("quiz:{}", args.bank)
        };
        return super::open::run(g, Some(&target), args.seed);
    }

    let (mut store, mut progress) = Store::open(data_dir(g.data_dir.as_deref()));
    for w in &store.warnings {
        eprintln!("idemlab: warning: {}", sanitize_line(w));
    }
    progress.forget_vanished(&course);
    let seed = args.seed.unwrap_or_else(crate::quiz::shuffle::random_seed);
    let now = clock.now();
    let session = match bank {
        Some(b) if !review => Session::bank(&course, b, seed),
        _ => {
            // The questions due, then those missed minutes ago whose learning step is over,
            // as the app's review asks them (the quiz summary sends the learner here for both).
            let due = progress.review_questions(&course, now.unix);
            if due.is_empty() {
                println!("Nothing to review now.");
                if let Some(next) = progress.next_review(&course, now.unix) {
                    let at = Moment { unix: next, ..now };
                    println!("The next review is on {}.", at.date_string());
                }
                return Ok(ExitCode::SUCCESS);
            }
            Session::review(&course, &due, seed)
        }
    };
    let tty = io::stdout().is_terminal();
    let width = if tty {
        crossterm::terminal::size().map_or(80, |(w, _)| w.clamp(20, 100))
    } else {
        80
    };
    let mut plain = Plain {
        course: &course,
        clock: &clock,
        input: io::stdin().lock(),
        out: io::BufWriter::new(io::stdout().lock()),
        width,
        echo: !io::stdin().is_terminal(),
    };
    let ended = match plain.run(session, &mut progress, &mut store) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        other => other?,
    };
    io::Write::flush(&mut plain.out)?;
    Ok(match ended {
        Ended::Finished => ExitCode::SUCCESS,
        Ended::InputEnded => ExitCode::from(EXIT_INCOMPLETE),
    })
}
