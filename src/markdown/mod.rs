//! Lesson Markdown rendered for a terminal of a given width.
//!
//! STAND-IN: this file is replaced by the real width-aware renderer (helper M). It keeps the public
//! API so the app builds meanwhile: every paragraph is one unwrapped line.

use std::io;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Styles the renderer uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdTheme {
    pub heading: Style,
    pub link: Style,
}

impl MdTheme {
    #[must_use]
    pub fn colored() -> Self {
        Self {
            heading: Style::new().add_modifier(Modifier::BOLD),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }
    #[must_use]
    pub fn monochrome() -> Self {
        Self::colored()
    }
    #[must_use]
    pub fn plain() -> Self {
        Self {
            heading: Style::new(),
            link: Style::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub width: u16,
    pub theme: MdTheme,
    /// Show a link's target after its text (for `print`, where links cannot be followed).
    pub link_targets: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanRef {
    pub line: usize,
    pub col: u16,
    pub width: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    pub url: String,
    pub text: String,
    pub spans: Vec<SpanRef>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub offsets: Vec<usize>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkSpot>,
}

#[must_use]
pub fn render(src: &str, opts: &Options) -> Rendered {
    let mut out = Rendered::default();
    let mut cur = String::new();
    let mut heading: Option<u8> = None;
    let mut link: Option<(String, String, u16)> = None;
    for (ev, range) in Parser::new(src).into_offset_iter() {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                cur.push_str(&t);
                if let Some((_, text, _)) = &mut link {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as u8),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((
                    dest_url.to_string(),
                    String::new(),
                    u16::try_from(cur.chars().count()).unwrap_or(u16::MAX),
                ))
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, text, col)) = link.take() {
                    let width = u16::try_from(text.chars().count()).unwrap_or(0);
                    out.links.push(LinkSpot {
                        url,
                        text,
                        spans: vec![SpanRef {
                            line: out.lines.len(),
                            col,
                            width,
                        }],
                    });
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => {
                let style = if heading.is_some() {
                    opts.theme.heading
                } else {
                    Style::new()
                };
                if let Some(level) = heading.take() {
                    out.headings.push(Heading {
                        level,
                        text: cur.clone(),
                        line: out.lines.len(),
                    });
                }
                out.lines
                    .push(Line::from(Span::styled(std::mem::take(&mut cur), style)));
                out.offsets.push(range.start);
                out.lines.push(Line::default());
                out.offsets.push(range.start);
            }
            _ => {}
        }
    }
    out
}

pub fn render_each(src: &str, opts: &Options, sink: &mut dyn FnMut(Line<'static>)) {
    for line in render(src, opts).lines {
        sink(line);
    }
}

pub fn write_ansi(out: &mut dyn io::Write, line: &Line<'_>, _styled: bool) -> io::Result<()> {
    for span in &line.spans {
        out.write_all(span.content.as_bytes())?;
    }
    out.write_all(b"\n")
}
