//! `idemlab serve`: the payments API of [`crate::server`] on loopback. It prints the URL first;
//! on a terminal it shows the dashboard, and with `--no-tui` (or when stdout is not a terminal)
//! one line per request, or one JSON object per line with `--log json`, written by a thread of
//! its own from a ring of [`LOG_BUFFER`] events: a log reader that lags or never reads costs
//! dropped (and counted) lines, never memory, requests or the signals. Ctrl-C, SIGTERM and
//! SIGHUP stop it cleanly: requests in flight finish or get a 503, the database is closed.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use super::{EXIT_USAGE, Global};
use crate::server::config::{parse_duration, parse_probability};
use crate::server::{Config, DbPath, Delay, Knobs, Server, StoreMode};
use crate::text::sanitize_path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port)
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Address to listen on; anything but loopback is reachable by others (no authentication)
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub listen: IpAddr,
    /// How idempotency keys are recorded: atomic, check-then-act (races), none (ignored)
    #[arg(long, value_name = "MODE", default_value = "atomic", value_parser = parse_store)]
    pub store: StoreMode,
    /// Probability from 0 to 1 that a committed effect's response is never sent
    #[arg(long, value_name = "P", default_value = "0", value_parser = parse_probability)]
    pub drop_response: f64,
    /// Probability from 0 to 1 that a request dies at a seeded point (before/after the effect, after storing)
    #[arg(long, value_name = "P", default_value = "0", value_parser = parse_probability)]
    pub crash: f64,
    /// Processing time of a request with an effect: MS or MIN..MAX
    #[arg(long, value_name = "MS|MIN..MAX", default_value = "0")]
    pub delay_ms: Delay,
    /// Keys older than this are forgotten: 90s, 10m, 24h
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_duration)]
    pub key_ttl: Duration,
    /// Answer 400 to a POST without an Idempotency-Key
    #[arg(long)]
    pub require_key: bool,
    /// Seed of the fault sequence (default: a random one, printed)
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// SQLite database file, or :memory: (default: serve.db in the data directory)
    #[arg(long, value_name = "PATH")]
    pub db: Option<String>,
    /// Log one line per request instead of the dashboard
    #[arg(long)]
    pub no_tui: bool,
    /// Log lines as text or JSON objects
    #[arg(long, value_enum, default_value = "text")]
    pub log: LogFormat,
}

fn parse_store(s: &str) -> Result<StoreMode, crate::server::ConfigError> {
    s.parse()
}

pub fn run(g: &Global, args: &ServeArgs) -> color_eyre::Result<ExitCode> {
    let db = match args.db.as_deref() {
        Some(":memory:") => DbPath::Memory,
        Some(p) => DbPath::File(PathBuf::from(p)),
        None => match crate::progress::data_dir(g.data_dir.as_deref()) {
            Some(dir) => {
                if let Err(e) = std::fs::create_dir_all(&dir) {
                    eprintln!(
                        "idemlab serve: cannot create the data directory {}: {e} (use --db PATH or --db :memory:)",
                        sanitize_path(&dir)
                    );
                    return Ok(ExitCode::from(EXIT_USAGE));
                }
                DbPath::File(dir.join("serve.db"))
            }
            None => {
                eprintln!("idemlab serve: no data directory; use --db PATH or --db :memory:");
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        },
    };
    let seed = args
        .seed
        .unwrap_or_else(|| rand::random_range(0..1_000_000));
    let mut cfg = Config::loopback(args.port);
    cfg.addr = std::net::SocketAddr::new(args.listen, args.port);
    cfg.db = db.clone();
    cfg.key_ttl = args.key_ttl;
    cfg.seed = seed;
    cfg.knobs = Knobs {
        store: args.store,
        drop_response: args.drop_response,
        crash: args.crash,
        delay: args.delay_ms,
        require_key: args.require_key,
    };
    let json = args.log == LogFormat::Json;
    let dashboard = !args.no_tui && std::io::stdout().is_terminal() && !json;
    if !dashboard {
        cfg.event_buffer = LOG_BUFFER;
    }
    // Signals are caught before the server starts, so none can kill it half-way.
    let (tx, rx) = mpsc::channel();
    let prepared = if dashboard {
        match crate::tui::serve::Prepared::new() {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("idemlab serve: cannot listen for signals: {e}");
                return Ok(ExitCode::FAILURE);
            }
        }
    } else {
        if let Err(e) = spawn_signals(tx.clone()) {
            eprintln!("idemlab serve: cannot listen for signals: {e}");
        }
        None
    };
    let mut server = match Server::start(cfg.clone()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("idemlab serve: {e}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let db_shown = match &db {
        DbPath::Memory => ":memory:".to_string(),
        DbPath::File(p) => sanitize_path(p),
    };
    let mut out = std::io::stdout().lock();
    if json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::json!({"listening": server.url(), "store": args.store.name(),
                "drop_response": args.drop_response, "crash": args.crash,
                "delay_ms": [args.delay_ms.min_ms, args.delay_ms.max_ms],
                "key_ttl_s": args.key_ttl.as_secs(), "require_key": args.require_key,
                "seed": seed, "db": db_shown})
        );
    } else {
        let _ = writeln!(out, "idemlab serve: listening on {}", server.url());
        let _ = writeln!(
            out,
            "{}",
            describe(&cfg.knobs, args.key_ttl, seed, &db_shown)
        );
    }
    let _ = out.flush();
    drop(out);
    if !args.listen.is_loopback() {
        eprintln!(
            "idemlab serve: WARNING: listening on {} — anyone who can reach it can charge and reset: it has no authentication",
            args.listen
        );
    }
    if let Some(prepared) = prepared {
        return run_dashboard(g, server, seed, prepared);
    }
    // The log is written by its own thread straight from the server's ring: a reader that
    // stops reading blocks only that thread, the ring drops its oldest lines (counted), and
    // this one still hears the signals.
    let printer = server.take_events().map(|events| {
        let (done_tx, done) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            print_log(events, json);
            drop(done_tx);
        });
        done
    });
    // Signals only: the first one stops the server (`tx` lives on, so without a signal
    // handler this waits for good rather than returning at once).
    let _ = rx.recv();
    drop(tx);
    let lost = server.lost_events();
    let ledger = server.ledger().ok();
    server.shutdown();
    // The lines still in the ring, unless stdout is stuck (then they are not waited for).
    if let Some(done) = printer {
        let _ = done.recv_timeout(LAST_WORDS);
    }
    if let Some(l) = ledger {
        let line = format!(
            "idemlab serve: stopped; the ledger holds {} ({} replays, {} conflicts, {} mismatches){}",
            crate::text::plural(usize::try_from(l.count).unwrap_or(usize::MAX), "charge"),
            l.replays,
            l.conflicts,
            l.mismatches,
            if lost > 0 {
                format!("; {lost} log lines were dropped (the log reader lagged)")
            } else {
                String::new()
            }
        );
        say_last(line, json);
    }
    Ok(ExitCode::SUCCESS)
}

/// The dashboard until q, Ctrl-C or a signal; then the server stops and the ledger is told.
fn run_dashboard(
    g: &Global,
    mut server: Server,
    seed: u64,
    prepared: crate::tui::serve::Prepared,
) -> color_eyre::Result<ExitCode> {
    let events = server.take_events();
    let mut dash = crate::app::serve::Dashboard::new(server, seed, g.monochrome());
    let ended = prepared.run(&mut dash, events);
    let ledger = dash.shutdown();
    // A quit and a signal both end in a clean stop, like the logging server (exit 0).
    ended?;
    if let Some(l) = ledger {
        // After a hang-up nobody reads this: a failed write is not an error.
        let _ = writeln!(
            std::io::stdout(),
            "idemlab serve: stopped; the ledger holds {} ({} replays, {} conflicts, {} mismatches)",
            crate::text::plural(usize::try_from(l.count).unwrap_or(usize::MAX), "charge"),
            l.replays,
            l.conflicts,
            l.mismatches,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `store atomic · drop-response 0 · …`: the header line.
#[must_use]
pub fn describe(k: &Knobs, ttl: Duration, seed: u64, db: &str) -> String {
    format!(
        "store {} · drop-response {} · crash {} · delay {} · key TTL {}{} · seed {seed} · db {db}",
        k.store,
        k.drop_response,
        k.crash,
        k.delay,
        humantime(ttl),
        if k.require_key {
            " · key required"
        } else {
            ""
        },
    )
}

fn humantime(d: Duration) -> String {
    let s = d.as_secs();
    if s > 0 && s.is_multiple_of(86_400) && s > 7 * 86_400 {
        format!("{}d", s / 86_400)
    } else if s > 0 && s.is_multiple_of(3600) {
        format!("{}h", s / 3600)
    } else if s > 0 && s.is_multiple_of(60) {
        format!("{}m", s / 60)
    } else if d.subsec_millis() == 0 {
        format!("{s}s")
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// Events the `--no-tui` log keeps for a slow reader; past them the oldest are dropped.
const LOG_BUFFER: usize = 1024;

/// How long a stopping server waits for its log and last line to be written.
const LAST_WORDS: Duration = Duration::from_secs(1);

/// One line per event until the server is gone. A failed write (stdout closed) ends the log:
/// dropping the reader makes the server keep no more events.
fn print_log(events: crate::server::Events, json: bool) {
    let mut out = std::io::stdout();
    for ev in events {
        let line = if json { ev.json_line() } else { ev.text_line() };
        if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
            break;
        }
    }
}

/// The stopped line (stderr under `--log json`, else stdout), waiting for it at most
/// [`LAST_WORDS`]: on a stdout nobody reads, the log thread holds it blocked for good.
fn say_last(line: String, json: bool) {
    let (done_tx, done) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if json {
            let _ = writeln!(std::io::stderr(), "{line}");
        } else {
            let mut out = std::io::stdout();
            let _ = writeln!(out, "{line}").and_then(|()| out.flush());
        }
        drop(done_tx);
    });
    let _ = done.recv_timeout(LAST_WORDS);
}

#[cfg(unix)]
fn spawn_signals(tx: mpsc::Sender<()>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // A log reader that goes away must not kill the server: SIGPIPE only sets a flag, and the
    // failed write stops the log.
    signal_hook::flag::register(
        signal_hook::consts::SIGPIPE,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    )?;
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                if tx.send(()).is_err() {
                    break;
                }
            }
        })
        .map(drop)
}

#[cfg(not(unix))]
fn spawn_signals(_tx: mpsc::Sender<()>) -> std::io::Result<()> {
    Ok(())
}
