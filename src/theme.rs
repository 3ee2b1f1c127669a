//! All styles in one place. The colored theme uses the 16 ANSI colours (safe over SSH and in any
//! palette); the monochrome one (NO_COLOR, `--no-color`) keeps every distinction through bold,
//! reverse and underline, and the screens add symbols (✓, ◐, ○) so meaning never rests on
//! colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::markdown::MdTheme;

#[derive(Debug, Clone)]
pub struct Theme {
    pub title: Style,
    pub header: Style,
    pub dim: Style,
    pub selected: Style,
    pub done: Style,
    pub reading: Style,
    pub key: Style,
    pub border: Style,
    pub warn: Style,
    pub link_focus: Style,
    pub search_match: Style,
    pub search_current: Style,
    pub md: MdTheme,
}

impl Theme {
    #[must_use]
    pub fn colored() -> Self {
        Self {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Black).bg(Color::Cyan),
            dim: Style::new().fg(Color::DarkGray),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            done: Style::new().fg(Color::Green),
            reading: Style::new().fg(Color::Yellow),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            warn: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            link_focus: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            search_match: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            search_current: Style::new().fg(Color::Black).bg(Color::LightMagenta),
            md: MdTheme::colored(),
        }
    }

    /// No colour at all: every foreground and background is the terminal's own.
    #[must_use]
    pub fn monochrome() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Self {
            title: bold,
            header: reversed,
            dim: Style::new(),
            selected: reversed.add_modifier(Modifier::BOLD),
            done: Style::new(),
            reading: Style::new(),
            key: bold,
            border: Style::new(),
            warn: bold,
            link_focus: reversed,
            search_match: Style::new().add_modifier(Modifier::UNDERLINED),
            search_current: reversed.add_modifier(Modifier::UNDERLINED),
            md: MdTheme::monochrome(),
        }
    }
}
