//! Markdown read as text: the renderer's lines without styles and without Markdown markers,
//! beside [`super::ansi`] (the same lines with SGR styles).
//!
//! This is what `idemlab print` writes into a pipe and what `idemlab quiz --plain`, the mode
//! meant for screen readers, prints: emphasis and code keep their words and lose their `*`, `_`
//! and backticks (a screen reader must not read "star star"), and a link keeps its text followed
//! by where it leads, named by kind (`this run ⟨simulation: retry-without-key⟩`), because a link
//! cannot be followed there. Headings, lists, quotes, tables and code blocks keep the layout the
//! renderer gives them.

use std::borrow::Cow;

use ratatui::text::Line;

use super::{LinkKind, MdTheme, Options, render};
use crate::text::sanitize_line;

/// The words for a link's destination: the kind of thing it opens, then its id
/// (`sim:retry-with-key` → `simulation: retry-with-key`, a no-break space after the colon so
/// the two stay on one line). Other destinations (web addresses, mail) are shown as they are.
#[must_use]
pub fn target_words(url: &str) -> Cow<'_, str> {
    match LinkKind::of(url) {
        (LinkKind::Web, _) => Cow::Borrowed(url),
        (kind, id) => Cow::Owned(format!("{}:\u{a0}{id}", kind.noun())),
    }
}

/// The text of one rendered line, trailing blanks removed.
#[must_use]
pub fn line_text(line: &Line<'_>) -> String {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let clean = sanitize_line(&text);
    clean.trim_end().to_owned()
}

/// `src` as lines of text at `width` columns, ready to print.
#[must_use]
pub fn text_lines(src: &str, width: u16) -> Vec<String> {
    let opts = Options {
        width: width.max(1),
        theme: MdTheme::text(),
        link_targets: true,
    };
    render(src, &opts).lines.iter().map(line_text).collect()
}

/// The first paragraph of `src` on one line, as text (for a list of questions).
#[must_use]
pub fn first_paragraph(src: &str) -> String {
    let para = src.trim().split("\n\n").next().unwrap_or("");
    let opts = Options {
        width: u16::MAX,
        theme: MdTheme::text(),
        link_targets: false,
    };
    let lines: Vec<String> = render(para, &opts)
        .lines
        .iter()
        .map(line_text)
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines.join(" ").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_and_code_lose_their_markers() {
        let lines = text_lines(
            "**Explanation.** Run it **twice**, _before_ `abs(x)` and ~~not~~ this.",
            80,
        );
        assert_eq!(
            lines,
            ["Explanation. Run it twice, before abs(x) and not this."]
        );
    }

    #[test]
    fn links_name_their_kind() {
        let lines: Vec<String> = text_lines(
            "[this run](sim:retry-without-key), [keys](lesson:idempotency-keys), \
             [key](term:idempotency-key), [quiz](quiz:keys), [lab](lab:order-once), \
             [RFC](https://www.rfc-editor.org/rfc/rfc9110)",
            400,
        )
        .iter()
        .map(|l| l.replace('\u{a0}', " "))
        .collect();
        assert_eq!(
            lines,
            [
                "this run ⟨simulation: retry-without-key⟩, keys ⟨lesson: idempotency-keys⟩, \
                 key ⟨glossary: idempotency-key⟩, quiz ⟨quiz: keys⟩, lab ⟨lab: order-once⟩, \
                 RFC ⟨https://www.rfc-editor.org/rfc/rfc9110⟩"
            ]
        );
    }

    #[test]
    fn first_paragraph_is_one_line_of_text() {
        assert_eq!(
            first_paragraph("A function `f` is\n**idempotent** when `f(f(x)) = f(x)`.\n\nMore."),
            "A function f is idempotent when f(f(x)) = f(x)."
        );
    }

    #[test]
    fn code_blocks_and_lists_keep_their_layout() {
        let lines = text_lines("- one `a`\n- two\n\n```sql\nSELECT 1;\n```\n", 40);
        assert!(lines.iter().any(|l| l.ends_with("one a")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("SELECT 1;")), "{lines:?}");
        assert!(lines.iter().all(|l| !l.contains('`')), "{lines:?}");
    }
}
