//! Styles for every construct the renderer draws.
//!
//! Four presets, one per kind of output: [`MdTheme::colored`] for a colour terminal (16/256-colour
//! indexed palette only, so it follows the user's terminal scheme instead of forcing RGB),
//! [`MdTheme::monochrome`] for `NO_COLOR` (modifiers only), [`MdTheme::plain`] (no styles at
//! all, Markdown-like markers instead) and [`MdTheme::text`] for text that is read as text: a
//! pipe, a screen reader (no styles, no markers). Layout never depends on the theme. With
//! `markers` on, an inline construct whose style is empty is spelled out (`` `code` ``,
//! `**strong**`, `_emphasis_`, `~~strike~~`) so the distinction does not silently vanish; with
//! it off the words stand alone, as a person would read them aloud.

use ratatui::style::{Color, Modifier, Style};

use super::LinkKind;

/// Styles the renderer uses. Every field is applied with [`Style::patch`] over the enclosing
/// style, so a link inside strong text is both bold and underlined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdTheme {
    /// Headings of level 2 and deeper.
    pub heading: Style,
    /// Link text (the app patches its own focus highlight over it): a link to a lesson; the
    /// other kinds patch their own style over this one ([`MdTheme::link_style`]).
    pub link: Style,
    /// Links to a glossary term, a simulation, a quiz, a lab, and anything else (the web).
    pub link_term: Style,
    pub link_sim: Style,
    pub link_quiz: Style,
    pub link_lab: Style,
    pub link_web: Style,
    /// Level-1 headings.
    pub heading1: Style,
    /// The `═`/`─` rule under h1/h2 and the `###` prefix of deeper headings.
    pub heading_mark: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strike: Style,
    /// Inline code.
    pub code: Style,
    /// Lines of fenced and indented code blocks.
    pub code_block: Style,
    /// The language label above a code block.
    pub code_label: Style,
    /// The `│` bar in front of block quote lines.
    pub quote_bar: Style,
    /// Text inside block quotes (patched over the text's own styles).
    pub quote: Style,
    /// List bullets and numbers.
    pub bullet: Style,
    /// Thematic breaks (`---`).
    pub rule: Style,
    /// Table separators.
    pub table_border: Style,
    /// Table header cells (and the keys of the narrow "Header: value" fallback).
    pub table_header: Style,
    /// The `⟨target⟩` shown after a link when `Options::link_targets` is set.
    pub link_target: Style,
    /// `[image: alt]` placeholders.
    pub image: Style,
    /// Raw HTML, shown literally.
    pub html: Style,
    /// GFM alert labels and bars: note, tip, important, warning, caution.
    pub alert_note: Style,
    pub alert_tip: Style,
    pub alert_important: Style,
    pub alert_warning: Style,
    pub alert_caution: Style,
    /// Whether an inline construct left without a style is spelled with Markdown-like markers
    /// (`` `code` ``, `**strong**`). False for text read as text (a pipe, a screen reader): the
    /// markers go, the words stay, and a link's shown target names its kind
    /// (`⟨simulation: retry-with-key⟩`); see [`MdTheme::text`].
    pub markers: bool,
}

impl MdTheme {
    /// Colours from the 16/256-colour indexed palette plus modifiers.
    #[must_use]
    pub fn colored() -> Self {
        let fg = |n: u8| Style::new().fg(Color::Indexed(n));
        Self {
            heading: fg(75).add_modifier(Modifier::BOLD),
            link: fg(39).add_modifier(Modifier::UNDERLINED),
            link_term: fg(179),
            link_sim: fg(114).add_modifier(Modifier::BOLD),
            link_quiz: fg(213),
            link_lab: fg(215).add_modifier(Modifier::BOLD),
            link_web: fg(246),
            heading1: fg(81).add_modifier(Modifier::BOLD),
            heading_mark: fg(67),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(Modifier::BOLD),
            strike: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: fg(216),
            code_block: fg(252),
            code_label: fg(244).add_modifier(Modifier::ITALIC),
            quote_bar: fg(243),
            quote: Style::new(),
            bullet: fg(75),
            rule: fg(240),
            table_border: fg(240),
            table_header: Style::new().add_modifier(Modifier::BOLD),
            link_target: fg(244),
            image: fg(140).add_modifier(Modifier::ITALIC),
            html: fg(244),
            alert_note: fg(33).add_modifier(Modifier::BOLD),
            alert_tip: fg(35).add_modifier(Modifier::BOLD),
            alert_important: fg(134).add_modifier(Modifier::BOLD),
            alert_warning: fg(178).add_modifier(Modifier::BOLD),
            alert_caution: fg(160).add_modifier(Modifier::BOLD),
            markers: true,
        }
    }

    /// No colours at all (`NO_COLOR`): emphasis only through bold, italic, underline, reversed
    /// and dim. Inline code keeps its backticks here, since a modifier for it would clash.
    #[must_use]
    pub fn monochrome() -> Self {
        let m = |m: Modifier| Style::new().add_modifier(m);
        Self {
            heading: m(Modifier::BOLD),
            link: m(Modifier::UNDERLINED),
            link_term: Style::new(),
            link_sim: m(Modifier::BOLD),
            link_quiz: Style::new(),
            link_lab: m(Modifier::BOLD),
            link_web: Style::new(),
            heading1: m(Modifier::BOLD | Modifier::UNDERLINED),
            heading_mark: m(Modifier::DIM),
            emphasis: m(Modifier::ITALIC),
            strong: m(Modifier::BOLD),
            strike: m(Modifier::CROSSED_OUT),
            code: Style::new(),
            code_block: Style::new(),
            code_label: m(Modifier::DIM | Modifier::ITALIC),
            quote_bar: m(Modifier::DIM),
            quote: Style::new(),
            bullet: Style::new(),
            rule: m(Modifier::DIM),
            table_border: m(Modifier::DIM),
            table_header: m(Modifier::BOLD),
            link_target: m(Modifier::DIM),
            image: m(Modifier::ITALIC),
            html: m(Modifier::DIM),
            alert_note: m(Modifier::BOLD),
            alert_tip: m(Modifier::BOLD),
            alert_important: m(Modifier::BOLD | Modifier::REVERSED),
            alert_warning: m(Modifier::BOLD | Modifier::REVERSED),
            alert_caution: m(Modifier::BOLD | Modifier::REVERSED),
            markers: true,
        }
    }

    /// No styles at all, for piped output. Structure still reads as text: rules under headings,
    /// `###` prefixes, bullets, quote bars, and Markdown-like inline markers.
    #[must_use]
    pub fn plain() -> Self {
        let s = Style::new();
        Self {
            heading: s,
            link: s,
            link_term: s,
            link_sim: s,
            link_quiz: s,
            link_lab: s,
            link_web: s,
            heading1: s,
            heading_mark: s,
            emphasis: s,
            strong: s,
            strike: s,
            code: s,
            code_block: s,
            code_label: s,
            quote_bar: s,
            quote: s,
            bullet: s,
            rule: s,
            table_border: s,
            table_header: s,
            link_target: s,
            image: s,
            html: s,
            alert_note: s,
            alert_tip: s,
            alert_important: s,
            alert_warning: s,
            alert_caution: s,
            markers: true,
        }
    }

    /// No styles and no markers: Markdown read as text, for `print` into a pipe and the plain
    /// quiz (a screen reader must not read "star star"). Structure still reads as text.
    #[must_use]
    pub fn text() -> Self {
        Self {
            markers: false,
            ..Self::plain()
        }
    }

    /// This theme with markers off: its styles where it has any, no marker characters.
    #[must_use]
    pub fn without_markers(&self) -> Self {
        Self {
            markers: false,
            ..self.clone()
        }
    }
}

impl MdTheme {
    /// The style of a link of `kind`: [`MdTheme::link`] with the kind's own style over it.
    #[must_use]
    pub fn link_style(&self, kind: LinkKind) -> Style {
        let own = match kind {
            LinkKind::Lesson => Style::new(),
            LinkKind::Term => self.link_term,
            LinkKind::Sim => self.link_sim,
            LinkKind::Quiz => self.link_quiz,
            LinkKind::Lab => self.link_lab,
            LinkKind::Web => self.link_web,
        };
        self.link.patch(own)
    }
}

impl Default for MdTheme {
    fn default() -> Self {
        Self::colored()
    }
}
