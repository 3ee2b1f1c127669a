//! Fenced and indented code blocks.
//!
//! Code is never wrapped: a wrapped statement reads as two statements, and a wrapped ASCII
//! diagram is destroyed. A line that does not fit is clipped and ends with `→`, so the reader
//! knows there is more. Blocks are indented (4 cells, or 2 when that keeps a wide diagram whole)
//! because in plain text the indent is what sets code apart; a language label goes above.
//! Tabs are expanded to 4-column stops before measuring.

use ratatui::text::Span;

use super::spaces;
use super::theme::MdTheme;
use super::wrap::{Clusters, WLine, clip, str_width};
use crate::text::sanitize;

/// A code line that does not fit ends with this.
const CLIPPED: &str = "→";
/// Tab stops.
const TAB: usize = 4;

/// A code line that did not fit: its index among the block's lines, the cell where its text
/// starts (the indent), and the whole text, for a reader that scrolls it sideways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cut {
    pub index: usize,
    pub indent: usize,
    pub text: String,
    pub width: usize,
}

/// The lines of a code block in `avail` cells (at least 1), without container prefixes: at most
/// `max_lines` of them, and true if lines were left out for that. Lines cut to fit are listed
/// in `cuts`.
pub(crate) fn layout(
    lang: &str,
    text: &str,
    avail: usize,
    max_lines: usize,
    theme: &MdTheme,
    cuts: &mut Vec<Cut>,
) -> (Vec<WLine>, bool) {
    let max_indent = match avail {
        24.. => 4,
        12.. => 2,
        _ => 0,
    };
    let mut scratch = String::new();
    let widest = text
        .lines()
        .map(|l| str_width(expanded(l, &mut scratch)))
        .max()
        .unwrap_or(0);
    let indent = if max_indent == 4 && widest + 4 <= avail {
        4
    } else {
        max_indent.min(2)
    };
    let room = avail - indent;
    let mut out = Vec::new();
    if !lang.is_empty() && !matches!(lang, "text" | "txt" | "plain") {
        let mut line = WLine::default();
        let label_indent = indent.saturating_sub(2);
        if label_indent > 0 {
            line.spans.push(spaces(label_indent));
        }
        let label = format!("‹{lang}›");
        let (label, w) = clip(&label, avail - label_indent);
        line.spans
            .push(Span::styled(label.to_owned(), theme.code_label));
        line.width = label_indent + w;
        out.push(line);
    }
    for raw in text.lines() {
        if out.len() >= max_lines {
            return (out, true);
        }
        let clean = sanitize(expanded(raw, &mut scratch));
        let mut line = WLine::default();
        if !clean.is_empty() {
            if indent > 0 {
                line.spans.push(spaces(indent));
            }
            let w = str_width(&clean);
            if w <= room {
                line.spans
                    .push(Span::styled(clean.into_owned(), theme.code_block));
                line.width = indent + w;
            } else {
                cuts.push(Cut {
                    index: out.len(),
                    indent,
                    text: clean.to_string(),
                    width: w,
                });
                let (kept, kw) = clip(&clean, room.saturating_sub(1));
                line.spans
                    .push(Span::styled(kept.to_owned(), theme.code_block));
                line.spans.push(Span::styled(CLIPPED, theme.code_label));
                line.width = indent + kw + 1;
            }
        }
        out.push(line);
    }
    (out, false)
}

/// `line` without a trailing `\r` and with tabs expanded (into `scratch` if there are any).
fn expanded<'a>(line: &'a str, scratch: &'a mut String) -> &'a str {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if !line.contains('\t') {
        return line;
    }
    scratch.clear();
    let mut col = 0;
    for (cluster, w) in Clusters::new(line) {
        if cluster == "\t" {
            let n = TAB - col % TAB;
            scratch.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            scratch.push_str(cluster);
            col += w;
        }
    }
    scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[WLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn clipped_with_a_marker_and_tabs_expanded() {
        let t = MdTheme::plain();
        let (lines, _) = layout(
            "rust",
            "fn main() {}\n\tx\ty\n",
            13,
            100,
            &t,
            &mut Vec::new(),
        );
        assert_eq!(text(&lines), ["‹rust›", "  fn main() →", "      x   y"]);
        assert!(lines.iter().all(|l| l.width <= 13));
        assert_eq!(
            text(&layout("", "abc", 1, 100, &t, &mut Vec::new()).0),
            ["→"]
        );
        assert_eq!(
            text(&layout("", "日本", 3, 100, &t, &mut Vec::new()).0),
            ["日→"]
        );
    }
}
