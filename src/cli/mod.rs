//! The command line. Every subcommand but the interactive ones works without a terminal, so
//! scripts, CI and screen readers can use idemlab; the interactive ones refuse a non-TTY with a
//! pointer to these.

mod check;
mod completions;
pub mod lab;
mod list;
mod number;
mod open;
mod print;
pub mod probe;
mod progress;
mod progress_json;
pub mod quiz;
mod quiz_input;
mod quiz_plain;
pub mod run;
mod run_goal;
pub mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::content::{self, Course, Source};

/// Shown after `--help`.
const EXAMPLES: &str = "\
Examples:
  idemlab                               open the course map (start here)
  idemlab open lesson:why-idempotency   read the first lesson
  idemlab open sim:retry-without-key    watch a retry charge twice
  idemlab quiz http-methods --plain     take a quiz line by line, no terminal needed
  idemlab run retry-with-key --trials 1000
                                        run a scenario headless, 1,000 seeds
  idemlab print idempotency-keys | less read a lesson as plain text
  idemlab completions bash > ~/.local/share/bash-completion/completions/idemlab
  idemlab man | man -l -                this manual page";

/// Exit code for a feature that is not built yet, and for usage errors (clap uses 2 as well).
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "idemlab",
    version,
    about = "Learn idempotency in distributed systems: lessons, live retry simulations, quizzes",
    long_about = "Learn idempotency in distributed systems: lessons, live retry simulations, quizzes.\n\nRun `idemlab` with no command to open the course map in your terminal (at least 60x18): it lists the lessons in order with their quizzes and simulations, and a review row for questions that are due. The commands below open one thing directly, or work without a terminal (print, list, check, progress, run, quiz --plain).",
    after_help = EXAMPLES,
    after_long_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Use the content tree in DIR (lessons/, quizzes/, assets/) instead of the bundled course
    #[arg(long, global = true, value_name = "DIR", env = "IDEMLAB_CONTENT")]
    pub content: Option<PathBuf>,
    /// Keep progress in DIR instead of the platform's data directory
    #[arg(long, global = true, value_name = "DIR", env = "IDEMLAB_DATA")]
    pub data_dir: Option<PathBuf>,
    /// Keep lab files in DIR instead of <data dir>/labs/
    #[arg(long, global = true, value_name = "DIR", env = "IDEMLAB_WORKSPACE")]
    pub workspace: Option<PathBuf>,
    /// Monochrome output (also when NO_COLOR is set)
    #[arg(long, global = true)]
    pub no_color: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal UI on `lesson:ID`, `quiz:BANK`, `sim:SCENARIO`, `lab:ID` or `review`
    Open {
        /// What to open, e.g. lesson:idempotency-keys, quiz:http-methods, sim:retry-with-key, term:idempotency, review
        target: String,
        /// Seed: for sim:SCENARIO, the run to open (the number the player shows as `seed N`,
        /// so a teacher can hand one run out); for a quiz, the order of choices and items.
        /// Default: the scenario's own seed; for a quiz a random one, shown on screen
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
    },
    /// Render a lesson to stdout (an id, or a path to a Markdown file)
    Print(print::PrintArgs),
    /// List lessons, quiz banks, scenarios and glossary terms with their ids
    List,
    /// Validate the whole content tree; every error as PATH:LINE:COL: message
    Check,
    /// Show learning progress
    Progress(progress::ProgressArgs),
    /// Run a simulation scenario headless
    Run(run::RunArgs),
    /// Take a quiz bank (or `review`): the full-screen app, or line by line with --plain
    Quiz(quiz::QuizArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) to stdout: `idemlab man | man -l -`
    Man,
    /// Labs: list them, open one, or check your file headless (--check [FILE] [--json])
    Lab(lab::LabArgs),
    /// Check how an HTTP endpoint treats idempotency keys: replays, races, lost responses
    Probe(probe::ProbeArgs),
    /// Run the payments API (Idempotency-Key, three store modes, faults) on loopback
    Serve(serve::ServeArgs),
}

impl Global {
    #[must_use]
    pub fn source(&self) -> Source {
        self.content.clone().map_or(Source::Embedded, Source::Dir)
    }

    /// Monochrome when asked by flag or by a non-empty NO_COLOR (no-color.org).
    #[must_use]
    pub fn monochrome(&self) -> bool {
        self.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// The content source for a message: a directory path with any control or hidden
    /// character shown as `\u{…}` ([`crate::text::sanitize_path`]).
    #[must_use]
    pub fn shown_source(&self) -> String {
        match &self.content {
            Some(dir) => crate::text::sanitize_path(dir),
            None => self.source().describe(),
        }
    }

    /// Loads the course, or prints every content error and says how to see them again.
    pub fn course(&self) -> Result<Course, ExitCode> {
        content::load(&self.source())
            .into_result()
            .map_err(|errors| {
                for e in &errors {
                    eprintln!("{e}");
                }
                eprintln!(
                    "idemlab: {} in {}; fix them (`idemlab check` lists them again)",
                    plural(errors.len(), "content error"),
                    self.shown_source()
                );
                ExitCode::FAILURE
            })
    }
}

/// `1 error`, `2 errors` (kept here too for the commands that say it).
pub use crate::text::plural;

/// Runs the command line.
pub fn dispatch(cli: Cli) -> color_eyre::Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        None => open::run(g, None, None),
        Some(Command::Open { target, seed }) => open::run(g, Some(&target), seed),
        Some(Command::Print(args)) => print::run(g, &args),
        Some(Command::List) => Ok(list::run(g)),
        Some(Command::Check) => Ok(check::run(g)),
        Some(Command::Progress(args)) => progress::run(g, &args),
        Some(Command::Run(args)) => run::run(g, &args),
        Some(Command::Quiz(args)) => quiz::run(g, &args),
        Some(Command::Lab(args)) => lab::run(g, &args),
        Some(Command::Completions(args)) => completions::completions(&args),
        Some(Command::Man) => completions::man(),
        Some(Command::Probe(args)) => probe::run(g, &args),
        Some(Command::Serve(args)) => serve::run(g, &args),
    }
}
