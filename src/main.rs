use std::process::ExitCode;

use clap::Parser;
use idemlab::cli::{self, Cli};

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("idemlab: {e}");
    }
    let cli = Cli::parse();
    match cli::dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("idemlab: {e:#}");
            ExitCode::FAILURE
        }
    }
}
