//! The terminal's lifecycle around the app. `ratatui::try_init` enters the alternate screen and
//! raw mode and installs a panic hook that restores the terminal before the panic is reported;
//! ours, chained before it, also switches bracketed paste and mouse reporting off. Bracketed paste is switched on so
//! a pasted answer arrives as one piece of text, not as keys.
//!
//! Every way out restores the terminal (main screen, cursor shown, raw mode and bracketed paste
//! off) and saves progress: quitting, an error, and SIGTERM, SIGHUP or SIGINT, after which the
//! app exits with the shell's status for that signal (128 + its number). On a hang-up the
//! terminal is gone: progress is saved first, and the failing writes of the restore are ignored.
//!
//! The loop sleeps on [`wake`]'s channel unless [`App::deadline`] names a moment to wake up (a
//! simulation playing, a background job reporting progress, a reading position to save): zero
//! CPU while the learner reads.

pub mod probe;
pub mod serve;
mod wake;
mod watch;

use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use color_eyre::eyre::{WrapErr, eyre};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use crossterm::{cursor, execute, terminal};
use ratatui::DefaultTerminal;

use crate::app::App;
use wake::{Gate, Wake};

/// Runs the app until it quits. The terminal is restored whatever happens; after a signal the
/// process exits here, with status 128 + the signal's number.
pub fn run(mut app: App) -> color_eyre::Result<()> {
    let (tx, rx) = mpsc::channel();
    // Before the terminal changes: a signal from here on is heard, not fatal.
    wake::spawn_signals(tx.clone()).wrap_err("cannot listen for signals")?;
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    chain_panic_hook();
    // Paste is a convenience: a terminal that refuses it still works key by key.
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let gate = Arc::new(Gate::default());
    let result = match wake::spawn_input(tx.clone(), Arc::clone(&gate)) {
        Ok(()) => event_loop(&mut terminal, &mut app, &rx, &Handover { gate, tx }),
        Err(e) => Err(e).wrap_err("cannot read input"),
    };
    // Reading position and state are saved on every path out, before the terminal is touched
    // (which may fail or block when it is gone).
    app.quit();
    let signal = match &result {
        Ok(Some(sig)) => Some(*sig),
        Ok(None) => None,
        // A hang-up makes drawing fail, maybe before its SIGHUP is heard.
        Err(_) => late_signal(&rx),
    };
    let restored = restore();
    // Its drop shows the cursor again and, if that fails (a hung-up terminal), reports it with
    // `eprintln!`, which panics when stderr is that terminal. `restore` has shown the cursor.
    std::mem::forget(terminal);
    // A last save that could not be made is said where it stays seen (and written, not
    // `eprintln!`-ed: stderr may be the hung-up terminal).
    for w in &app.exit_warnings {
        let _ = writeln!(
            std::io::stderr(),
            "idemlab: {}",
            crate::text::sanitize_line(w)
        );
    }
    if let Some(sig) = signal {
        let _ = std::io::stdout().flush();
        std::process::exit(128 + sig);
    }
    result?;
    restored.wrap_err("cannot restore the terminal")
}

/// What the loop needs to hand the terminal to an editor and to watch a lab file.
struct Handover {
    gate: Arc<Gate>,
    tx: Sender<Wake>,
}

/// Until the app quits or a signal comes (`Some(signal)`).
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    rx: &Receiver<Wake>,
    h: &Handover,
) -> color_eyre::Result<Option<i32>> {
    let mut watching: Option<watch::FileWatch> = None;
    // The mouse is reported only while a screen wants it (the player's wheel), so the
    // terminal's own text selection works everywhere else.
    let mut mouse = false;
    while app.running {
        if let Some(path) = app.take_edit_request() {
            edit(terminal, app, &path, &h.gate)?;
            mouse = false;
        }
        if app.wants_mouse() != mouse {
            mouse = !mouse;
            // Like paste, a convenience: without it the keys still scroll.
            let _ = if mouse {
                execute!(std::io::stdout(), EnableMouseCapture)
            } else {
                execute!(std::io::stdout(), DisableMouseCapture)
            };
        }
        let want = app.watched_file();
        if want.as_deref() != watching.as_ref().map(|w| w.path.as_path()) {
            watching = want.and_then(|p| watch::watch(&p, h.tx.clone()));
        }
        let size = terminal.size().wrap_err("reading the terminal size")?;
        if (size.width, size.height) != app.size {
            app.resize(size.width, size.height);
        }
        terminal
            .draw(|f| f.render_widget(&*app, f.area()))
            .wrap_err("drawing")?;
        let wake = match app.deadline() {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
        };
        match wake {
            // A resize is picked up at the top of the loop; other events just redraw.
            Ok(Wake::Input(Ok(Event::Key(key)))) => app.handle_key(&key),
            Ok(Wake::Input(Ok(Event::Paste(text)))) => app.handle_paste(&text),
            Ok(Wake::Input(Ok(Event::Mouse(m)))) => app.handle_mouse(&m),
            Ok(Wake::Input(Ok(_))) => {}
            Ok(Wake::Input(Err(e))) => return Err(e).wrap_err("reading input"),
            Ok(Wake::Signal(sig)) => return Ok(Some(sig)),
            Ok(Wake::FileChanged) => app.lab_file_changed(),
            Ok(Wake::Server(_)) => {}
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(eyre!("input stopped")),
        }
        // Input arriving steadily must not starve what is due (a step, a save).
        app.tick_if_due(Instant::now());
    }
    Ok(None)
}

/// A signal that arrives just after the loop failed.
pub(crate) fn late_signal(rx: &Receiver<Wake>) -> Option<i32> {
    let until = Instant::now() + Duration::from_millis(100);
    loop {
        match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok(Wake::Signal(sig)) => return Some(sig),
            Ok(Wake::Input(_) | Wake::FileChanged | Wake::Server(_)) => {}
            Err(_) => return None,
        }
    }
}

/// Hands the terminal to `$VISUAL` (else `$EDITOR`) on `path` and takes it back: input
/// reading parks, the terminal is restored, the editor runs through `sh -c` (so an editor with
/// arguments, `code -w`, works), and then the app's screen comes back and the file is checked.
fn edit(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    path: &std::path::Path,
    gate: &Gate,
) -> color_eyre::Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.is_empty()));
    let Some(editor) = editor else {
        return Ok(());
    };
    gate.close();
    let _ = restore();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status();
    terminal::enable_raw_mode().wrap_err("taking the terminal back")?;
    let _ = execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    );
    terminal.clear().wrap_err("redrawing after the editor")?;
    gate.open();
    app.lab_file_changed();
    app.after_editor(match status {
        Ok(s) if s.success() => None,
        Ok(s) => Some(format!("the editor exited with {s}")),
        Err(e) => Some(format!(
            "cannot start the editor `{}`: {e}",
            crate::text::sanitize_line(&editor)
        )),
    });
    Ok(())
}

/// Puts the terminal back: every step is tried even if one fails (a hung-up terminal fails them
/// all); the first error is returned.
pub(crate) fn restore() -> std::io::Result<()> {
    let mut out = std::io::stdout();
    let steps = [
        terminal::disable_raw_mode(),
        execute!(out, DisableBracketedPaste),
        execute!(out, DisableMouseCapture),
        execute!(out, terminal::LeaveAlternateScreen),
        execute!(out, cursor::Show),
    ];
    steps.into_iter().collect()
}

/// A panic restores bracketed paste too, then runs the hooks before (ratatui's restore, then
/// the report).
pub(crate) fn chain_panic_hook() {
    let next = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture
        );
        next(info);
    }));
}
