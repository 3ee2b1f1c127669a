//! Display width, measured per "cluster": a character plus the zero-width characters after it
//! (combining marks, variation selectors), emoji skin-tone modifiers, the second half of a flag,
//! and anything joined by a ZWJ (an approximation of grapheme clusters that needs no extra
//! dependency). Clusters are never split. A cluster's width is `unicode-width`'s width of the
//! whole cluster, and a string's width is the sum over its clusters. `unicode-width`'s string
//! rules only ever make a string *narrower* than that sum across cluster boundaries (ligatures,
//! emoji modifiers), so this measure is an upper bound of ratatui's `Line::width()`: a line
//! measured to fit really fits. The Markdown renderer wraps and clips with it and the screens
//! truncate with it, so they agree on how wide a string is.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const ZWJ: char = '\u{200D}';

/// Width of one character, counting characters without a width (controls, which sanitizing
/// removes anyway) as one cell so they can never make a line overflow.
fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(1)
}

fn is_zero_width(c: char) -> bool {
    UnicodeWidthChar::width(c) == Some(0)
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Display width of `s` as the sum of its clusters' widths (see the module docs).
#[must_use]
pub fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    Clusters::new(s).map(|(_, w)| w).sum()
}

/// Iterator over `(cluster, width)`.
pub struct Clusters<'a> {
    rest: &'a str,
}

impl<'a> Clusters<'a> {
    pub fn new(s: &'a str) -> Self {
        Self { rest: s }
    }
}

impl<'a> Iterator for Clusters<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let mut chars = self.rest.char_indices();
        let (_, first) = chars.next()?;
        let mut end = first.len_utf8();
        let mut prev = first;
        if !first.is_ascii() || self.rest.as_bytes().get(end).is_some_and(|b| !b.is_ascii()) {
            let mut flag = is_regional_indicator(first);
            for (i, c) in chars {
                let pair = flag && is_regional_indicator(c);
                flag = false;
                if prev == ZWJ || c == ZWJ || pair || is_emoji_modifier(c) || is_zero_width(c) {
                    end = i + c.len_utf8();
                    prev = c;
                } else {
                    break;
                }
            }
        }
        let (cluster, rest) = self.rest.split_at(end);
        self.rest = rest;
        let width = if end == first.len_utf8() {
            char_width(first)
        } else {
            UnicodeWidthStr::width(cluster)
        };
        Some((cluster, width))
    }
}

/// `s` cut to `width` cells, ending in `…` when anything was cut (the words before the `…`
/// keep no trailing space: `with an…`, not `with an …`). Every screen cuts text with it.
#[must_use]
pub fn fit(s: &str, width: usize) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if str_width(s) <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    Cow::Owned(format!("{}…", clip(s, width - 1).0.trim_end()))
}

/// The longest prefix of `s` that is at most `max` cells wide, and its width.
#[must_use]
pub fn clip(s: &str, max: usize) -> (&str, usize) {
    if s.is_ascii() {
        let n = s.len().min(max);
        return (&s[..n], n);
    }
    let mut end = 0;
    let mut width = 0;
    for (c, w) in Clusters::new(s) {
        if width + w > max {
            break;
        }
        end += c.len();
        width += w;
    }
    (&s[..end], width)
}
