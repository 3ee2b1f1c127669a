//! The terminal's lifecycle around the app. `ratatui::try_init` enters the alternate screen and
//! raw mode and installs a panic hook that restores the terminal before the panic is reported;
//! the normal and error paths restore it here. Bracketed paste is switched on so a pasted answer
//! arrives as one piece of text, not as keys.
//!
//! The loop sleeps in a blocking read unless [`App::deadline`] names a moment to wake up (a
//! simulation playing, a background job reporting progress): zero CPU while the learner reads.

use std::time::Instant;

use color_eyre::eyre::WrapErr;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use ratatui::DefaultTerminal;

use crate::app::App;

/// Runs the app until it quits. The terminal is restored whatever happens.
pub fn run(mut app: App) -> color_eyre::Result<()> {
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    // Paste is a convenience: a terminal that refuses it still works key by key.
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app);
    // Reading position and state are saved on every path out.
    app.quit();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::try_restore().wrap_err("cannot restore the terminal")?;
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> color_eyre::Result<()> {
    while app.running {
        let size = terminal.size().wrap_err("reading the terminal size")?;
        if (size.width, size.height) != app.size {
            app.resize(size.width, size.height);
        }
        terminal
            .draw(|f| f.render_widget(&*app, f.area()))
            .wrap_err("drawing")?;
        let ready = match app.deadline() {
            None => true,
            Some(at) => {
                let wait = at.saturating_duration_since(Instant::now());
                event::poll(wait).wrap_err("waiting for input")?
            }
        };
        if ready {
            // A resize is picked up at the top of the loop; other events just redraw.
            match event::read().wrap_err("reading input")? {
                Event::Key(key) => app.handle_key(&key),
                Event::Paste(text) => app.handle_paste(&text),
                _ => {}
            }
        } else {
            app.tick(Instant::now());
        }
    }
    Ok(())
}
