//! `idemlab print`: a lesson rendered to stdout, for reading without the TUI, for authors
//! previewing a file they are writing, and for pipes (plain text there).

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use color_eyre::eyre::WrapErr;

use super::{EXIT_USAGE, Global};
use crate::content::{lesson, source};
use crate::markdown::{self, MdTheme, Options};

#[derive(Debug, clap::Args)]
pub struct PrintArgs {
    /// A lesson id, or the path of a Markdown file
    pub lesson: String,
    /// Wrap at N columns (default: the terminal's width, else 80)
    #[arg(long, value_name = "N", value_parser = super::number::whole::<u16>(1, Some(1000)))]
    pub width: Option<u16>,
}

pub fn run(g: &Global, args: &PrintArgs) -> color_eyre::Result<ExitCode> {
    let tty = io::stdout().is_terminal();
    let width = args
        .width
        .or_else(|| {
            tty.then(|| crossterm::terminal::size().ok().map(|(w, _)| w))
                .flatten()
        })
        .unwrap_or(80);
    // Styled on a terminal; text when piped or when colour is turned off (the issue asks for
    // plain text under NO_COLOR, not a monochrome rendering): Markdown read as text, without
    // styles and without markers (`markdown::plain`).
    let styled = tty && !g.monochrome();
    let theme = if styled {
        MdTheme::colored()
    } else {
        MdTheme::text()
    };
    let opts = Options {
        width: width.max(1),
        theme,
        link_targets: true,
    };

    let path = Path::new(&args.lesson);
    let looks_like_path = args.lesson.ends_with(".md")
        || args.lesson.contains(std::path::MAIN_SEPARATOR)
        || args.lesson.contains('/');
    let (body, errors) = if looks_like_path {
        let shown = crate::text::sanitize_path(path);
        let bytes = std::fs::read(path).wrap_err_with(|| format!("cannot read {shown}"))?;
        if bytes.len() as u64 > source::MAX_FILE_BYTES * 4 {
            eprintln!(
                "idemlab print: {shown} is larger than {} bytes",
                source::MAX_FILE_BYTES * 4
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        match source::decode(&shown, &bytes) {
            Ok(text) => {
                let mut errors = Vec::new();
                let parsed = lesson::parse_for_preview(&shown, &text, &mut errors);
                // A plain Markdown file without front matter is fine to preview.
                if parsed.front.is_none() && !text.starts_with("---") {
                    errors.clear();
                }
                (parsed.lesson.body, errors)
            }
            Err(d) => {
                eprintln!("{d}");
                return Ok(ExitCode::FAILURE);
            }
        }
    } else {
        let course = match g.course() {
            Ok(c) => c,
            Err(code) => return Ok(code),
        };
        match course.lesson(&args.lesson) {
            Some(l) => (l.body.clone(), Vec::new()),
            None => {
                eprintln!(
                    "idemlab print: no lesson `{}`; `idemlab list` shows the ids, or pass a path to a .md file",
                    crate::text::sanitize_line(&args.lesson)
                );
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        }
    };

    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut result = Ok(());
    markdown::render_each(&body, &opts, &mut |line| {
        if result.is_ok() {
            result = markdown::write_ansi(&mut out, &line, styled);
        }
    });
    match result.and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        other => other.wrap_err("writing to stdout")?,
    }
    for e in &errors {
        eprintln!("{e}");
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
