use std::process::ExitCode;

use clap::Parser;
use idemlab::cli::{self, Cli};
use idemlab::text::sanitize_line;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so a write to a closed pipe (`idemlab list | head -1`) is an error
    // that println! turns into a panic. Back to the default: the process ends quietly, killed
    // by SIGPIPE (status 141 in a shell), as `cat` or `grep` do. No-op off Unix.
    sigpipe::reset();
    if let Err(e) = color_eyre::install() {
        eprintln!("idemlab: {e}");
    }
    let cli = Cli::parse();
    match cli::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            // The chain may quote a path or an argument: one sanitized line.
            eprintln!("idemlab: {}", sanitize_line(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
