//! `idemlab probe URL`: the command-line front of [`crate::probe`]. It checks every argument
//! before anything is sent, prints the plan (the checks and the most requests it will send),
//! then one line per check as it ends, and keeps the run's history in the data directory.
//! Exit 0 every counted check passed, 1 one failed, 2 usage error, unreachable or undecided.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::{EXIT_USAGE, Global};
use crate::probe::{self, BodyTemplate, Endpoint, Options, Target, TierChoice, report};
use crate::progress::data_dir;
use crate::text::sanitize_path;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TierArg {
    Core,
    Profile,
    All,
}

#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The server's base URL, e.g. http://127.0.0.1:7878 (plain http only)
    pub url: String,
    /// What to attack, "METHOD /PATH"; give it twice to name a second endpoint for key-scope
    #[arg(long, value_name = "\"METHOD /PATH\"", default_value = "POST /charges")]
    pub endpoint: Vec<String>,
    /// JSON body template; {{n}} becomes a fresh number per logical request (a second --body is the second endpoint's)
    #[arg(long, value_name = "TEMPLATE", default_value = probe::target::DEFAULT_BODY)]
    pub body: Vec<String>,
    /// A JSON endpoint whose `count` field counts effects; `none` if the target has none (checks that count effects then end unknown, never pass)
    #[arg(long, value_name = "\"GET /PATH\"|none", default_value = "GET /ledger")]
    pub ledger: String,
    /// Which checks: core (what the draft states), profile (Stripe's choices), all
    #[arg(long, value_enum, default_value = "core")]
    pub tier: TierArg,
    /// Only these checks, comma-separated (overrides --tier), e.g. replay,concurrent
    #[arg(long, value_name = "CHECK,...")]
    pub only: Option<String>,
    /// Trials of the racing checks (concurrent, retry-after), from 1 to 1000
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = super::number::whole::<u16>(1, Some(1000)))]
    pub trials: u16,
    /// Requests sent at once with one key in each concurrent trial, from 2 to 64
    #[arg(long, value_name = "K", default_value_t = 8, value_parser = super::number::whole::<u16>(2, Some(64)))]
    pub concurrency: u16,
    /// Send at most N requests: checks that do not fit are left out (unknown)
    #[arg(long, value_name = "N", value_parser = super::number::whole::<u32>(1, None))]
    pub max_requests: Option<u32>,
    /// Give up on an answer after MS milliseconds (then it "may have happened"), from 1 to 120000
    #[arg(long, value_name = "MS", default_value_t = 5000, value_parser = super::number::whole::<u32>(1, Some(120_000)))]
    pub timeout_ms: u32,
    /// The target is meant to refuse requests without a key: missing-key becomes a core check
    #[arg(long)]
    pub require_key: bool,
    /// Print one JSON document (the plan goes to stderr)
    #[arg(long)]
    pub json: bool,
    /// Also write a JUnit XML report to FILE (one test case per check)
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("idemlab probe: {msg}");
    ExitCode::from(EXIT_USAGE)
}

/// The checked options, or the one line that says what is wrong.
pub fn options(a: &ProbeArgs) -> Result<Options, String> {
    let target = Target::parse(&a.url).map_err(|e| e.0)?;
    if a.endpoint.len() > 2 {
        return Err("--endpoint: at most two (the second is for key-scope)".into());
    }
    if a.body.len() > a.endpoint.len().max(1) {
        return Err("--body: at most one per --endpoint".into());
    }
    let endpoint = Endpoint::parse(&a.endpoint[0]).map_err(|e| format!("--endpoint {}", e.0))?;
    let body = BodyTemplate::parse(&a.body[0]).map_err(|e| e.0)?;
    let second = match a.endpoint.get(1) {
        None => None,
        Some(s) => {
            let e = Endpoint::parse(s).map_err(|e| format!("--endpoint {}", e.0))?;
            if e == endpoint {
                return Err("--endpoint: the second endpoint must differ from the first".into());
            }
            let b = match a.body.get(1) {
                Some(b) => BodyTemplate::parse(b).map_err(|e| e.0)?,
                None => body.clone(),
            };
            Some((e, b))
        }
    };
    let ledger = match a.ledger.trim() {
        "none" => None,
        l => Some(Endpoint::parse(l).map_err(|e| format!("--ledger {}", e.0))?),
    };
    let tier = match a.tier {
        TierArg::Core => TierChoice::Core,
        TierArg::Profile => TierChoice::Profile,
        TierArg::All => TierChoice::All,
    };
    let checks = probe::select(tier, a.only.as_deref(), a.require_key).map_err(|e| e.0)?;
    Ok(Options {
        target,
        endpoint,
        body,
        second,
        ledger,
        checks,
        trials: usize::from(a.trials),
        concurrency: usize::from(a.concurrency),
        timeout: Duration::from_millis(u64::from(a.timeout_ms)),
        max_requests: a.max_requests.map(|m| m as usize),
        require_key: a.require_key,
    })
}

pub fn run(g: &Global, a: &ProbeArgs) -> color_eyre::Result<ExitCode> {
    let o = match options(a) {
        Ok(o) => o,
        Err(msg) => return Ok(usage(&msg)),
    };
    let plan = probe::plan(&o);
    if plan.checks.is_empty() {
        return Ok(usage(&format!(
            "no check fits under --max-requests {} (the smallest needs more)",
            o.max_requests.unwrap_or(0)
        )));
    }
    // The plan is out before the first request.
    let plan_text = report::plan_text(&o, &plan);
    if a.json {
        eprint!("{plan_text}");
    } else {
        print!("{plan_text}");
        let _ = std::io::stdout().flush();
    }
    let run_dir = data_dir(g.data_dir.as_deref()).map(|d| probe::history::create_run_dir(&d));
    let (run_dir, listener) = match run_dir {
        Some(Ok(dir)) => match probe::history::writer(&dir) {
            Ok(l) => (Some(dir), Some(l)),
            Err(e) => {
                eprintln!(
                    "idemlab probe: history not kept ({}): {e}",
                    sanitize_path(&dir)
                );
                (None, None)
            }
        },
        Some(Err(e)) => {
            eprintln!("idemlab probe: history not kept: {e}");
            (None, None)
        }
        None => {
            eprintln!("idemlab probe: history not kept: no data directory (set --data-dir)");
            (None, None)
        }
    };
    let width = if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))
    } else {
        usize::MAX / 2
    };
    let json = a.json;
    let rep = probe::run(&o, &plan, listener, |r| {
        if !json {
            print!("{}", report::check_text(r, width));
            let _ = std::io::stdout().flush();
        }
    });
    let doc = report::json(&rep);
    let shown_dir = run_dir
        .as_ref()
        .map(|d| sanitize_path(&d.join("history.jsonl")));
    if let Some(dir) = &run_dir
        && let Err(e) = probe::history::write_report(dir, &doc)
    {
        eprintln!("idemlab probe: report.json not written: {e}");
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
        if let Some(f) = &rep.fatal {
            eprintln!("idemlab probe: {}", crate::text::sanitize_line(f));
        }
    } else {
        print!("{}", report::summary_text(&rep, shown_dir.as_deref()));
    }
    if let Some(path) = &a.junit
        && let Err(e) = std::fs::write(path, report::junit(&rep))
    {
        eprintln!("idemlab probe: cannot write {}: {e}", sanitize_path(path));
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    // On a terminal, the checks and each one's history as a sequence diagram; the exit code
    // stays the probe's whatever the view does.
    if !json && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        println!("Enter: browse the checks and each one's history · any other key: exit");
        let _ = std::io::stdout().flush();
        let theme = if g.monochrome() {
            crate::theme::Theme::monochrome()
        } else {
            crate::theme::Theme::colored()
        };
        if let Err(e) =
            crate::tui::probe::offer_and_run(crate::app::probe::ProbeView::new(&rep), &theme)
        {
            eprintln!("idemlab probe: the results view failed: {e}");
        }
    }
    Ok(ExitCode::from(rep.exit_code()))
}
