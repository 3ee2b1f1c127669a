//! `idemlab lab`: the labs headless. `lab` lists them with their state; `lab ID --check
//! [FILE]` runs every check once (exit 0 all pass, 1 a check fails or is unknown, 2 usage);
//! `--path`, `--reset` and `--solution` work the learner's file and the reference; `lab ID`
//! alone opens the lab screen (labs.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::{EXIT_USAGE, Global};
use crate::content::Course;
use crate::lab::{self, CheckOutcome, Lab, Report, Verdict, Workspace};
use crate::progress::{Progress, Store, data_dir};
use crate::text::{sanitize, sanitize_line, sanitize_path};

#[derive(Debug, clap::Args)]
pub struct LabArgs {
    /// The lab's id (`idemlab lab` lists them)
    pub id: Option<String>,
    /// Check the file once, headless (FILE, or your workspace file)
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub check: Option<Option<PathBuf>>,
    /// With --check: print the verdicts as JSON
    #[arg(long, requires = "check")]
    pub json: bool,
    /// Print the path of your file (creating it from the starter)
    #[arg(long, conflicts_with_all = ["check", "reset", "solution"])]
    pub path: bool,
    /// Move your file aside (<file>.<unix>.bak) and start again from the starter
    #[arg(long, conflicts_with_all = ["check", "solution"])]
    pub reset: bool,
    /// Print the reference solution (recorded as "solution seen")
    #[arg(long, conflicts_with = "check")]
    pub solution: bool,
}

/// The workspace: `--workspace DIR` / `IDEMLAB_WORKSPACE`, else `<data dir>/labs/`.
#[must_use]
pub fn workspace(g: &Global) -> Option<Workspace> {
    g.workspace
        .clone()
        .or_else(|| data_dir(g.data_dir.as_deref()).map(|d| d.join("labs")))
        .map(Workspace::new)
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("idemlab lab: {msg}");
    ExitCode::from(EXIT_USAGE)
}

pub fn run(g: &Global, args: &LabArgs) -> color_eyre::Result<ExitCode> {
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let Some(id) = &args.id else {
        if args.check.is_some() || args.path || args.reset || args.solution {
            return Ok(usage(
                "which lab? e.g. `idemlab lab record-order-line-once --check`",
            ));
        }
        return Ok(list(g, &course));
    };
    let Some(l) = course.lab(id) else {
        return Ok(usage(&format!(
            "no lab `{}`; `idemlab lab` lists them",
            sanitize_line(id)
        )));
    };
    if args.solution {
        let (mut store, mut progress) = Store::open(data_dir(g.data_dir.as_deref()));
        print!("{}", sanitize(l.solution()));
        if progress.see_lab_solution(&l.lab) {
            save(&mut store, &mut progress);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !args.path && !args.reset && args.check.is_none() {
        return super::open::run(g, Some(&format!("lab:{id}")), None);
    }
    let Some(ws) = workspace(g) else {
        return Ok(usage(
            "no workspace: no data directory was found; pass --workspace DIR (or IDEMLAB_WORKSPACE)",
        ));
    };
    if args.path {
        return Ok(match ws.ensure(l) {
            Ok(p) => {
                println!("{}", sanitize_path(&p));
                ExitCode::SUCCESS
            }
            Err(e) => file_error(&ws.path(l), &e),
        });
    }
    if args.reset {
        return Ok(match ws.reset(l) {
            Ok(moved) => {
                if let Some(bak) = moved {
                    println!("moved your file to {}", sanitize_path(&bak));
                }
                println!("wrote the starter to {}", sanitize_path(&ws.path(l)));
                ExitCode::SUCCESS
            }
            Err(e) => file_error(&ws.path(l), &e),
        });
    }
    let (path, text) = match args.check.as_ref().and_then(Option::as_ref) {
        Some(file) => match lab::workspace::read_file(file) {
            Ok(t) => (file.clone(), t),
            Err(e) => return Ok(file_error(file, &e)),
        },
        None => match ws.read(l) {
            Ok(pt) => pt,
            Err(e) => return Ok(file_error(&ws.path(l), &e)),
        },
    };
    let report = match lab::check(l, &text) {
        Ok(r) => r,
        Err(why) => {
            eprintln!("idemlab lab: {why}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let (mut store, mut progress) = Store::open(data_dir(g.data_dir.as_deref()));
    if progress.record_lab_check(&l.lab, &report) {
        save(&mut store, &mut progress);
    }
    if args.json {
        print_json(l, &path, &report)?;
    } else {
        print_report(l, &path, &report);
    }
    Ok(if report.verdict() == Verdict::Pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn save(store: &mut Store, progress: &mut Progress) {
    store.save_last(progress);
    for w in &store.warnings {
        eprintln!("idemlab: {w}");
    }
}

fn file_error(path: &Path, e: &lab::FileError) -> ExitCode {
    usage(&format!("cannot use {}: {e}", sanitize_path(path)))
}

fn list(g: &Global, course: &Course) -> ExitCode {
    let (_, progress) = Store::open_read_only(data_dir(g.data_dir.as_deref()));
    println!("Labs (work on one with `idemlab lab ID`; check it with `idemlab lab ID --check`)");
    let w = course.labs.iter().map(|l| l.lab.len()).max().unwrap_or(0);
    for l in &course.labs {
        println!(
            "  {:<w$}  {:<4}  {:<12}  {:<34}  {}",
            l.lab,
            l.kind.name(),
            l.level.as_str(),
            progress.lab_state_words(&l.lab),
            sanitize_line(&l.title)
        );
    }
    ExitCode::SUCCESS
}

/// The most rows of a difference printed under a failing check.
const SHOWN_ROWS: usize = 5;

fn print_report(l: &Lab, path: &Path, report: &Report) {
    let n = report.checks.len();
    println!(
        "{}: {} ({} of {n} checks pass) in {}",
        l.lab,
        report.verdict().as_str(),
        report.passed(),
        sanitize_path(path)
    );
    for c in &report.checks {
        if c.detail.is_empty() {
            println!("  {}: {}", c.id, c.verdict.as_str());
        } else {
            println!(
                "  {}: {} — {}",
                c.id,
                c.verdict.as_str(),
                sanitize_line(&c.detail)
            );
        }
        print_diff(c);
        if let Some(run) = c.diff.as_ref().and_then(|d| d.client_run.as_ref()) {
            for line in run.lines() {
                println!("    {line}");
            }
        }
    }
}

fn print_diff(c: &CheckOutcome) {
    let Some(d) = &c.diff else { return };
    if d.extra.is_empty() && d.missing.is_empty() {
        return;
    }
    let rows: Vec<(&str, &Vec<String>)> = d
        .extra
        .iter()
        .take(SHOWN_ROWS)
        .map(|r| ("+", r))
        .chain(d.missing.iter().take(SHOWN_ROWS).map(|r| ("-", r)))
        .collect();
    let cols = d.columns.len();
    let mut width: Vec<usize> = d
        .columns
        .iter()
        .map(|c| crate::text::width::str_width(c))
        .collect();
    for (_, r) in &rows {
        for (i, cell) in r.iter().enumerate().take(cols) {
            width[i] = width[i].max(crate::text::width::str_width(cell));
        }
    }
    let line = |mark: &str, cells: &[String]| {
        let mut s = format!("      {mark} ");
        for (i, cell) in cells.iter().enumerate().take(cols) {
            let pad = width[i].saturating_sub(crate::text::width::str_width(cell));
            s.push_str(cell);
            s.push_str(&" ".repeat(pad + 2));
        }
        s.trim_end().to_owned()
    };
    println!("{}", line(" ", &d.columns));
    for (mark, r) in rows {
        let note = if mark == "+" {
            "   (yours, not the solution's)"
        } else {
            "   (the solution's, not yours)"
        };
        println!("{}{note}", line(mark, r));
    }
}

#[derive(Serialize)]
struct JsonCheck<'a> {
    id: &'a str,
    verdict: &'a str,
    detail: String,
    /// A client lab's failing run: its requests, by arrival.
    #[serde(skip_serializing_if = "Option::is_none")]
    failing_run: Option<&'a lab::ClientRun>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    lab: &'a str,
    file: String,
    verdict: &'a str,
    checks: Vec<JsonCheck<'a>>,
}

fn print_json(l: &Lab, path: &Path, report: &Report) -> color_eyre::Result<()> {
    let r = JsonReport {
        lab: &l.lab,
        file: path.display().to_string(),
        verdict: report.verdict().as_str(),
        checks: report
            .checks
            .iter()
            .map(|c| JsonCheck {
                id: &c.id,
                verdict: c.verdict.as_str(),
                detail: c.detail.clone(),
                failing_run: c.diff.as_ref().and_then(|d| d.client_run.as_ref()),
            })
            .collect(),
    };
    println!("{}", serde_json::to_string(&r)?);
    Ok(())
}
