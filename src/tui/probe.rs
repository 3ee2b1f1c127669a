//! The terminal around `idemlab probe`'s results view. After the table it offers the view
//! (one key, in raw mode: Enter opens it, any other key or a minute of silence leaves), then
//! runs it full screen. The terminal is restored on every way out, as for the app; a signal
//! ends the process with 128 + its number, otherwise the probe's own exit code stands.

use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use color_eyre::eyre::WrapErr;
use crossterm::event::{Event, KeyCode, KeyEventKind};
use crossterm::terminal;

use super::wake::{self, Gate, Wake};
use crate::app::probe::ProbeView;
use crate::theme::Theme;

/// How long the offer waits for a key before the probe just exits.
pub const OFFER_WAIT: Duration = Duration::from_secs(60);

/// Asks for Enter, then shows `view` until it quits.
pub fn offer_and_run(mut view: ProbeView, theme: &Theme) -> color_eyre::Result<()> {
    let (tx, rx) = mpsc::channel();
    wake::spawn_signals(tx.clone()).wrap_err("cannot listen for signals")?;
    terminal::enable_raw_mode().wrap_err("cannot set up the terminal")?;
    let started = wake::spawn_input(tx, Arc::new(Gate::default()));
    let open = started.is_ok()
        && loop {
            match rx.recv_timeout(OFFER_WAIT) {
                Ok(Wake::Input(Ok(Event::Key(k)))) if k.kind == KeyEventKind::Press => {
                    break k.code == KeyCode::Enter;
                }
                Ok(Wake::Input(Ok(_)) | Wake::FileChanged | Wake::Server(_)) => {}
                Ok(Wake::Signal(sig)) => {
                    let _ = terminal::disable_raw_mode();
                    std::process::exit(128 + sig);
                }
                Ok(Wake::Input(Err(_)))
                | Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break false,
            }
        };
    let _ = terminal::disable_raw_mode();
    if !open {
        return Ok(());
    }
    let mut term = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    let mut signal = None;
    let result = (|| -> color_eyre::Result<()> {
        while view.running {
            let size = term.size().wrap_err("reading the terminal size")?;
            view.resize(size.height);
            term.draw(|f| crate::ui::probe::render(&view, theme, f.area(), f.buffer_mut()))
                .wrap_err("drawing")?;
            match rx.recv() {
                Ok(Wake::Input(Ok(Event::Key(k)))) => view.handle_key(&k),
                Ok(Wake::Input(Ok(_)) | Wake::FileChanged | Wake::Server(_)) => {}
                Ok(Wake::Input(Err(e))) => return Err(e).wrap_err("reading input"),
                Ok(Wake::Signal(sig)) => {
                    signal = Some(sig);
                    return Ok(());
                }
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    })();
    let restored = ratatui::try_restore();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
    std::mem::forget(term);
    if let Some(sig) = signal {
        std::process::exit(128 + sig);
    }
    result?;
    restored.wrap_err("cannot restore the terminal")
}
