//! The app without a terminal: built over a course with its own store, driven by keys, drawn on
//! ratatui's TestBackend at any size, and the drawn text read back.
//!
//! Self-contained, so a bench can include it with `#[path]` too.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use idemlab::app::{App, Start};
use idemlab::content::Course;
use idemlab::progress::Store;
use idemlab::ui::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// An app over `course` whose progress lives in a fresh temporary directory, kept as long as
/// the returned guard.
pub fn app(course: Course, theme: Theme, start: Start) -> (App, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let app = app_in(course, data.path(), theme, start);
    (app, data)
}

/// An app over `course` whose progress lives in `data`.
pub fn app_in(course: Course, data: &Path, theme: Theme, start: Start) -> App {
    let (store, progress) = Store::open(Some(data.to_path_buf()));
    App::with_store(course, store, progress, theme, start)
}

/// Draws one frame of `app` on a `w`x`h` terminal.
pub fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.resize(w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    t
}

/// One key, without modifiers.
pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types `s` key by key: `\r` is Enter, any other character its own key.
pub fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        press(app, code);
    }
}

/// The buffer's text, one line per row, every cell kept.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// Fails on the first cell drawn with a foreground or background colour.
#[track_caller]
pub fn assert_no_colour(buf: &Buffer) {
    for cell in buf.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "coloured cell {cell:?}"
        );
    }
}
