//! Rendered lines written to a byte stream, for `idemlab print`.
//!
//! Styled output uses SGR (`ESC [ … m`) and nothing else: no cursor movement, no OSC, no
//! hyperlinks, so the output is safe to pipe into a pager (`less -R`) or a file. Every styled
//! span is reset right after it, so a line never leaks its style into the next one even if the
//! reader cuts the stream. Span text is sanitized once more here: a line may come from anywhere.

use std::fmt::Write as _;
use std::io;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use crate::text::sanitize;

/// Writes one line and a newline: plain text, or with SGR sequences for the styles if `styled`.
///
/// # Errors
/// Whatever `out` returns.
pub fn write_ansi(out: &mut dyn io::Write, line: &Line<'_>, styled: bool) -> io::Result<()> {
    let mut sgr = String::new();
    for span in &line.spans {
        let text = sanitize(&span.content);
        let text = if text.contains('\n') {
            text.replace('\n', " ").into()
        } else {
            text
        };
        sgr.clear();
        if styled {
            params(line.style.patch(span.style), &mut sgr);
        }
        if sgr.is_empty() {
            out.write_all(text.as_bytes())?;
        } else {
            write!(out, "\x1b[{sgr}m{text}\x1b[0m")?;
        }
    }
    out.write_all(b"\n")
}

/// SGR parameters for `style`, `;`-separated; empty for the default style.
fn params(style: Style, out: &mut String) {
    const MODS: [(Modifier, &str); 7] = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    let mods = style.add_modifier - style.sub_modifier;
    for (m, code) in MODS {
        if mods.contains(m) {
            push(out, code);
        }
    }
    if let Some(fg) = style.fg {
        color(fg, false, out);
    }
    if let Some(bg) = style.bg {
        color(bg, true, out);
    }
}

fn push(out: &mut String, code: &str) {
    if !out.is_empty() {
        out.push(';');
    }
    out.push_str(code);
}

fn color(c: Color, bg: bool, out: &mut String) {
    let base: u8 = if bg { 40 } else { 30 };
    let basic = |n: u8| (base + n).to_string();
    let bright = |n: u8| (base + 60 + n).to_string();
    let code = match c {
        Color::Reset => (base + 9).to_string(),
        Color::Black => basic(0),
        Color::Red => basic(1),
        Color::Green => basic(2),
        Color::Yellow => basic(3),
        Color::Blue => basic(4),
        Color::Magenta => basic(5),
        Color::Cyan => basic(6),
        Color::Gray => basic(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(n) => format!("{};5;{n}", base + 8),
        Color::Rgb(r, g, b) => {
            let mut s = String::new();
            let _ = write!(s, "{};2;{r};{g};{b}", base + 8);
            s
        }
    };
    push(out, &code);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    fn out(line: &Line<'_>, styled: bool) -> String {
        let mut v = Vec::new();
        write_ansi(&mut v, line, styled).unwrap_or_default();
        String::from_utf8(v).unwrap_or_default()
    }

    #[test]
    fn plain_and_styled() {
        let line = Line::from(vec![
            Span::raw("a "),
            Span::styled(
                "b",
                Style::new()
                    .fg(Color::Indexed(39))
                    .bg(Color::Rgb(1, 2, 3))
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
        ]);
        assert_eq!(out(&line, false), "a b\n");
        assert_eq!(out(&line, true), "a \x1b[1;4;38;5;39;48;2;1;2;3mb\x1b[0m\n");
        let red = Line::from(Span::styled(
            "x",
            Style::new().fg(Color::Red).bg(Color::Reset),
        ));
        assert_eq!(out(&red, true), "\x1b[31;49mx\x1b[0m\n");
    }

    #[test]
    fn escapes_in_content_are_defused() {
        let line = Line::from("a\x1b]52;c;x\x07\nb");
        let s = out(&line, true);
        assert!(!s.contains('\x1b') && !s.contains('\x07'));
        assert_eq!(s.matches('\n').count(), 1);
    }
}
