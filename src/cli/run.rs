//! `idemlab run`: the headless simulation runner (issue 5).

use std::process::ExitCode;

use super::{EXIT_USAGE, Global};

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario id and options
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

pub fn run(_g: &Global, _args: &RunArgs) -> color_eyre::Result<ExitCode> {
    eprintln!("idemlab run: the simulation engine is not built yet in this version");
    Ok(ExitCode::from(EXIT_USAGE))
}
