//! The terminal's lifecycle around the app. `ratatui::try_init` enters the alternate screen and
//! raw mode and installs a panic hook that restores the terminal before the panic is reported;
//! the normal and error paths restore it here. Nothing animates yet, so the loop sleeps in a
//! blocking read and draws once per event: zero CPU while the learner reads.

use color_eyre::eyre::WrapErr;
use crossterm::event::{self, Event};
use ratatui::DefaultTerminal;

use crate::app::App;

/// Runs the app until it quits. The terminal is restored whatever happens.
pub fn run(mut app: App) -> color_eyre::Result<()> {
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    let result = event_loop(&mut terminal, &mut app);
    // Reading position and state are saved on every path out.
    app.quit();
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
        // A resize is picked up at the top of the loop; other events just redraw.
        if let Event::Key(key) = event::read().wrap_err("reading input")? {
            app.handle_key(&key);
        }
    }
    Ok(())
}
