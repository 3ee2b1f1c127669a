//! `idemlab completions SHELL` and `idemlab man`: shell completions and a man page, both
//! generated from the clap definition in `cli/mod.rs` (clap_complete, clap_mangen), so they
//! name exactly the commands and options `--help` does and cannot drift from them.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the completion script for `shell` to stdout.
pub fn completions(args: &CompletionsArgs) -> color_eyre::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "idemlab", &mut out);
    write_out(&out)
}

/// Writes the man page (roff) to stdout: `idemlab man > idemlab.1`, or `idemlab man | man -l -`.
pub fn man() -> color_eyre::Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    write_out(&out)
}

fn write_out(bytes: &[u8]) -> color_eyre::Result<ExitCode> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => {
            other?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
