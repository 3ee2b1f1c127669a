//! Opening and closing tags: where each block, container and inline style begins and ends.
//!
//! A list item pushes its marker (numbered or a bullet by depth) as a container; a quote pushes
//! its bar, with the label of a GitHub alert as its first line; a link opens its [`LinkSpot`]
//! and, in `print`, shows its target after its text when the two differ.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, HeadingLevel, Tag, TagEnd};
use ratatui::style::Style;
use ratatui::text::Span;

use super::{Container, Leaf, List, Renderer, Sink};
use crate::markdown::table::Table;
use crate::markdown::wrap::clip;
use crate::markdown::{LinkKind, LinkSpot};
use crate::text::{reveal, sanitize_line};

/// Bullets by nesting depth.
const BULLETS: [&str; 3] = ["• ", "◦ ", "▪ "];

impl<S: Sink> Renderer<'_, S> {
    pub(super) fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::Paragraph => {
                if matches!(self.containers.last(), Some(Container::Item { .. }))
                    && let Some(list) = self.lists.last_mut()
                {
                    list.loose = true;
                }
                self.begin_block();
                self.begin_leaf(Leaf::Para { offset }, self.base());
            }
            Tag::Heading { level, .. } => {
                self.begin_block();
                let level = heading_level(level);
                let style = if level == 1 {
                    self.theme.heading1
                } else {
                    self.theme.heading
                };
                self.heading_text.clear();
                self.begin_leaf(Leaf::Heading { level, offset }, self.base().patch(style));
            }
            Tag::BlockQuote(kind) => {
                self.begin_block();
                let (label, style) = self.alert(kind);
                self.containers.push(Container::Quote {
                    bar: style.unwrap_or(self.theme.quote_bar),
                });
                if let (Some(label), Some(style)) = (label, style) {
                    let (mut spans, _, pw) = self.prefixes();
                    let avail = self.width.saturating_sub(pw);
                    spans.push(Span::styled(clip(label, avail).0, style));
                    self.emit(spans, offset);
                }
            }
            Tag::CodeBlock(kind) => {
                self.begin_block();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .map(sanitize_line)
                        .unwrap_or_default(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.leaf = Leaf::Code {
                    offset,
                    lang,
                    text: String::new(),
                };
            }
            Tag::HtmlBlock => {
                self.begin_block();
                let style = self.base().patch(self.theme.html);
                self.begin_leaf(Leaf::Html { offset }, style);
            }
            Tag::List(start) => {
                self.begin_block();
                self.lists.push(List {
                    next: start,
                    loose: false,
                });
            }
            Tag::Item => {
                self.flush_leaf();
                let loose = self.lists.last().is_some_and(|l| l.loose);
                if std::mem::take(&mut self.pending_blank) && loose {
                    self.blank();
                }
                let depth = self.lists.len().saturating_sub(1);
                let (text, width): (std::borrow::Cow<'static, str>, usize) =
                    match self.lists.last_mut().and_then(|l| l.next.as_mut()) {
                        Some(n) => {
                            let s = format!("{n}. ");
                            *n = n.saturating_add(1);
                            let w = s.len();
                            (s.into(), w)
                        }
                        None => (BULLETS[depth % BULLETS.len()].into(), 2),
                    };
                self.containers.push(Container::Item {
                    marker: Some(Span::styled(text, self.theme.bullet)),
                    indent: width,
                });
            }
            Tag::Table(aligns) => {
                self.begin_block();
                self.leaf = Leaf::Table {
                    offset,
                    table: Table::new(aligns),
                };
            }
            Tag::TableHead | Tag::TableRow => {
                let head = matches!(tag, Tag::TableHead);
                if let Leaf::Table { table, .. } = &mut self.leaf {
                    table.start_row(offset, head);
                }
            }
            Tag::TableCell => {
                let head = matches!(&self.leaf, Leaf::Table { table, .. } if table.in_head());
                let base = if head {
                    self.theme.table_header
                } else {
                    Style::new()
                };
                self.inline.clear();
                self.styles.clear();
                self.style = self.base().patch(base);
            }
            Tag::Emphasis => self.open_style(self.theme.emphasis, "_", offset),
            Tag::Strong => self.open_style(self.theme.strong, "**", offset),
            Tag::Strikethrough => self.open_style(self.theme.strike, "~~", offset),
            Tag::Superscript | Tag::Subscript => self.open_style(Style::new(), "", offset),
            Tag::Link { dest_url, .. } => {
                self.ensure_inline(offset);
                // Shown to the reader (and followed): hidden characters must be seen.
                let url = reveal(&dest_url);
                let kind = LinkKind::of(&url).0;
                self.targets.push(url.clone());
                self.link = u32::try_from(self.links.len()).ok();
                self.links.push(LinkSpot {
                    url,
                    text: String::new(),
                    kind,
                    spans: Vec::new(),
                });
                self.push_style(self.theme.link_style(kind));
                if !self.opts.link_targets {
                    // A no-break space: the marker never ends a line without its link.
                    self.inline
                        .push_static(kind.marker(), self.style, self.link);
                    self.inline.push_static("\u{a0}", self.style, self.link);
                }
            }
            Tag::Image { dest_url, .. } => {
                self.ensure_inline(offset);
                self.targets.push(reveal(&dest_url));
                self.push_style(self.theme.image);
                self.inline.push_static("[image: ", self.style, self.link);
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.begin_block(),
        }
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.flush_leaf(),
            TagEnd::BlockQuote(_) => {
                self.flush_leaf();
                self.containers.pop();
                self.pending_blank = true;
            }
            TagEnd::List(_) => {
                self.flush_leaf();
                self.lists.pop();
                self.pending_blank = true;
            }
            TagEnd::Item => {
                self.flush_leaf();
                if matches!(
                    self.containers.last(),
                    Some(Container::Item {
                        marker: Some(_),
                        ..
                    })
                ) {
                    // An empty item still shows its bullet.
                    let (first, _, _) = self.prefixes();
                    let offset = self.last_offset;
                    self.emit(first, offset);
                }
                self.containers.pop();
                self.pending_blank = true;
            }
            TagEnd::TableHead | TagEnd::TableRow => {}
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Leaf::Table { table, .. } = &mut self.leaf {
                    table.push_cell(cell);
                }
            }
            TagEnd::Emphasis => self.close_style(self.theme.emphasis, "_"),
            TagEnd::Strong => self.close_style(self.theme.strong, "**"),
            TagEnd::Strikethrough => self.close_style(self.theme.strike, "~~"),
            TagEnd::Superscript | TagEnd::Subscript => self.close_style(Style::new(), ""),
            TagEnd::Link => {
                self.pop_style();
                let target = self.targets.pop().unwrap_or_default();
                let text = self
                    .link
                    .and_then(|l| self.links.get(usize::try_from(l).ok()?))
                    .map(|l| l.text.as_str());
                let same =
                    text.is_some_and(|t| t == target || t == target.trim_start_matches("mailto:"));
                self.link = None;
                if !same {
                    self.show_target(&target);
                }
            }
            TagEnd::Image => {
                self.inline.push_static("]", self.style, self.link);
                self.pop_style();
                let target = self.targets.pop().unwrap_or_default();
                self.show_target(&target);
            }
        }
    }

    pub(super) fn show_target(&mut self, target: &str) {
        if self.opts.link_targets && !target.is_empty() {
            let style = self.style.patch(self.theme.link_target);
            self.inline.push_static(" ⟨", style, None);
            if self.theme.markers {
                self.inline.push_static(target, style, None);
            } else {
                self.inline
                    .push_static(&crate::markdown::plain::target_words(target), style, None);
            }
            self.inline.push_static("⟩", style, None);
        }
    }

    pub(super) fn alert(
        &self,
        kind: Option<BlockQuoteKind>,
    ) -> (Option<&'static str>, Option<Style>) {
        let t = self.theme;
        match kind {
            None => (None, None),
            Some(BlockQuoteKind::Note) => (Some("Note"), Some(t.alert_note)),
            Some(BlockQuoteKind::Tip) => (Some("Tip"), Some(t.alert_tip)),
            Some(BlockQuoteKind::Important) => (Some("Important"), Some(t.alert_important)),
            Some(BlockQuoteKind::Warning) => (Some("Warning"), Some(t.alert_warning)),
            Some(BlockQuoteKind::Caution) => (Some("Caution"), Some(t.alert_caution)),
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
