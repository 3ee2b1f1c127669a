//! The one place that decides what of an untrusted string may reach a terminal. Content, paths
//! and arguments can carry characters a terminal acts on (ESC, C1, bidi overrides) and
//! characters that change how text *looks* without being seen: zero-width spaces and joiners,
//! bidi marks, the BOM, invisible operators and tag characters, and the line and paragraph
//! separators (U+2028, U+2029, U+0085) that split one message into several lines. Every output
//! path (print, list, run, check, the TUI) goes through [`sanitize`] or one of its variants, so
//! they all agree:
//!
//! - [`sanitize`] (prose, may keep newlines) and [`sanitize_line`] (one line): controls become
//!   their visible picture (␛), bidi overrides U+FFFD, separators a space, invisible characters
//!   are dropped. A ZWJ between two emoji is kept: it joins a visible sequence (👨‍👩‍👧) and hides
//!   nothing.
//! - [`sanitize_message`] (one line naming untrusted ids, as content errors do): controls as
//!   their picture, every other changed character as `\u{200b}`.
//! - [`reveal`] and [`sanitize_path`] (URLs, file and directory paths: names that must be seen
//!   exactly): every character the prose rules would change, newlines and tabs included, is
//!   written as `\u{200b}`, so a link or a path cannot look like something it is not.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// What the prose rules do with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Treat {
    Keep,
    /// Tab: four spaces.
    Tab,
    /// Shown as this visible character instead.
    Picture(char),
    /// A line or paragraph separator: one space.
    Space,
    /// Invisible: removed.
    Drop,
    /// ZWJ: kept only between emoji.
    Joiner,
}

fn treat(c: char) -> Treat {
    match c {
        '\n' => Treat::Keep,
        '\t' => Treat::Tab,
        '\u{85}' | '\u{2028}' | '\u{2029}' => Treat::Space,
        '\u{200D}' => Treat::Joiner,
        // Unicode's format characters (category Cf) and the blank fillers, as of Unicode 15.
        '\u{AD}'
        | '\u{34F}'
        | '\u{600}'..='\u{605}'
        | '\u{61C}'
        | '\u{6DD}'
        | '\u{70F}'
        | '\u{890}'..='\u{891}'
        | '\u{8E2}'
        | '\u{115F}'..='\u{1160}'
        | '\u{180E}'
        | '\u{200B}'
        | '\u{200C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E007F}' => Treat::Drop,
        c if c.is_control() => Treat::Picture(picture(c)),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Treat::Picture('\u{FFFD}'),
        _ => Treat::Keep,
    }
}

/// True for characters [`sanitize`] changes or may drop: C0 controls (except tab and newline,
/// which callers handle), DEL, C1, bidi overrides, isolates and marks, zero-width and other
/// invisible characters, and line/paragraph separators.
#[must_use]
pub fn is_dangerous(c: char) -> bool {
    !matches!(treat(c), Treat::Keep | Treat::Tab)
}

/// The prose rules (see the module docs). Newlines are kept.
#[must_use]
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if is_clean(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match treat(c) {
            Treat::Keep => out.push(c),
            Treat::Tab => out.push_str("    "),
            Treat::Picture(p) => out.push(p),
            Treat::Space => out.push(' '),
            Treat::Drop => {}
            Treat::Joiner => {
                let after = out.chars().next_back().is_some_and(joins_after);
                if after && chars.peek().copied().is_some_and(is_pictographic) {
                    out.push(c);
                }
            }
        }
    }
    Cow::Owned(out)
}

/// Like [`sanitize`] but also flattens newlines, for text that must stay on one line.
#[must_use]
pub fn sanitize_line(s: &str) -> String {
    sanitize(s).replace(['\n', '\r'], " ")
}

/// One line where every character [`sanitize_line`] would change, drop or flatten is written
/// as `\u{…}` instead: for URLs and ids shown to the user, which must read exactly as they are.
#[must_use]
pub fn reveal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\n' && treat(c) == Treat::Keep {
            out.push(c);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    out
}

/// One line for a reader who must find the character (a content error naming an id): controls
/// shown as their picture (␛), as [`sanitize_line`] does, and every other character it would
/// change (separators, zero-width and bidi characters, other invisible ones) written as
/// `\u{…}`, so one message stays one line and says what is really there.
#[must_use]
pub fn sanitize_message(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match treat(c) {
            Treat::Keep if c == '\n' => out.push(' '),
            Treat::Keep => out.push(c),
            Treat::Tab => out.push_str("    "),
            Treat::Picture(p) if c.is_control() => out.push(p),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    out
}

/// A path for the terminal (the data directory, a content file): [`reveal`] of its lossy UTF-8
/// form, so an escape sequence or a hidden character in a directory name is shown, not obeyed.
#[must_use]
pub fn sanitize_path(p: &Path) -> String {
    reveal(&p.to_string_lossy())
}

/// Characters a ZWJ may follow inside an emoji sequence: a pictograph, VS16, a skin tone.
fn joins_after(c: char) -> bool {
    is_pictographic(c) || c == '\u{FE0F}' || matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

/// Emoji pictographs, approximately (the blocks that hold Extended_Pictographic characters).
fn is_pictographic(c: char) -> bool {
    matches!(c,
        '\u{2190}'..='\u{21FF}'
        | '\u{2300}'..='\u{23FF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{1F000}'..='\u{1FAFF}')
}

/// True when `s` has nothing [`sanitize`] would change. Works on bytes: only C0 bytes, DEL and
/// the lead bytes of C1 controls (0xC2), of U+061C (0xD8), U+180E (0xE1), the U+20xx
/// punctuation block (0xE2), the BOM and specials (0xEF) and tag characters (0xF3) can start a
/// character it changes, so clean text (nearly all of it) is checked without decoding a char.
fn is_clean(bytes: &[u8]) -> bool {
    const CHUNK: usize = 32;
    let plain = |b: u8| (0x20..0x7F).contains(&b) || b == b'\n';
    let mut i = 0;
    while i < bytes.len() {
        // Whole chunks of printable ASCII are skipped without branching per byte, which the
        // compiler turns into vector code; only other chunks are looked at byte by byte.
        if let Some(chunk) = bytes.get(i..i + CHUNK)
            && chunk.iter().fold(true, |all, &b| all & plain(b))
        {
            i += CHUNK;
            continue;
        }
        let end = (i + CHUNK).min(bytes.len());
        while i < end {
            if !clean_at(bytes, i) {
                return false;
            }
            i += 1;
        }
    }
    true
}

/// Does the byte at `i` start nothing [`sanitize`] changes? (Continuation bytes never do.)
fn clean_at(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'\n' => true,
        b if b < 0x20 || b == 0x7F => false,
        0xC2 => !matches!(at(1), 0x80..=0x9F | 0xAD),
        0xCD => at(1) != 0x8F,
        0xD8 => !matches!(at(1), 0x80..=0x85 | 0x9C),
        0xDB => at(1) != 0x9D,
        0xDC => at(1) != 0x8F,
        0xE0 => !matches!((at(1), at(2)), (0xA2, 0x90 | 0x91) | (0xA3, 0xA2)),
        0xE1 => !matches!((at(1), at(2)), (0xA0, 0x8E) | (0x85, 0x9F | 0xA0)),
        0xE3 => (at(1), at(2)) != (0x85, 0xA4),
        0xE2 => !matches!(
            (at(1), at(2)),
            (0x80, 0x8B..=0x8F | 0xA8..=0xAE) | (0x81, 0xA0..=0xAF)
        ),
        0xEF => !matches!(
            (at(1), at(2)),
            (0xBB, 0xBF) | (0xBE, 0xA0) | (0xBF, 0xB9..=0xBB)
        ),
        0xF0 => !matches!(
            (at(1), at(2), at(3)),
            (0x91, 0x82, 0xBD)
                | (0x91, 0x83, 0x8D)
                | (0x93, 0x90, 0xB0..=0xBF)
                | (0x9B, 0xB2, 0xA0..=0xA3)
                | (0x9D, 0x85, 0xB3..=0xBA)
        ),
        0xF3 => !matches!((at(1), at(2)), (0xA0, 0x80 | 0x81)),
        _ => true,
    }
}

fn picture(c: char) -> char {
    let code = u32::from(c);
    if code < 0x20 {
        char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}')
    } else if code == 0x7F {
        '\u{2421}'
    } else {
        '\u{FFFD}'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(sanitize("a\x1b[31mred"), "a\u{241b}[31mred");
        assert_eq!(sanitize("bell\x07"), "bell\u{2407}");
        assert_eq!(sanitize("c1\u{9b}x"), "c1\u{FFFD}x");
        assert_eq!(sanitize("tab\tx"), "tab    x");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn hidden_characters_are_dropped_and_separators_become_spaces() {
        let s = "a\u{200d}b\u{200c}c\u{200b}d\u{2060}e\u{feff}f\u{2028}g\u{2029}h\u{200f}i\u{61c}j";
        assert_eq!(sanitize(s), "abcdef g hij");
        assert_eq!(sanitize_line("one\u{85}two\u{2028}three"), "one two three");
        assert_eq!(sanitize("\u{200e}tag\u{e0041}\u{e007f}"), "tag");
    }

    #[test]
    fn a_joiner_between_emoji_stays() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(sanitize(family), family);
        let fire = "❤\u{FE0F}\u{200D}🔥";
        assert_eq!(sanitize(fire), fire);
        assert_eq!(sanitize("👨\u{200D}x"), "👨x");
        assert_eq!(sanitize("x\u{200D}👩"), "x👩");
        assert_eq!(sanitize("\u{200D}👩"), "👩");
    }

    #[test]
    fn reveal_shows_every_character_sanitize_would_touch() {
        assert_eq!(
            reveal("https://x.invalid/a\u{200d}b\u{2028}c\u{1b}]2;t\u{7}\n"),
            "https://x.invalid/a\\u{200d}b\\u{2028}c\\u{1b}]2;t\\u{7}\\u{a}"
        );
        assert_eq!(reveal("plain/path é"), "plain/path é");
        assert_eq!(
            sanitize_path(Path::new("/tmp/dd\u{1b}]2;PWNED\u{7}")),
            "/tmp/dd\\u{1b}]2;PWNED\\u{7}"
        );
        // What reveal writes is clean: sanitizing it again changes nothing.
        let shown = reveal("a\u{202e}b\u{200b}");
        assert!(matches!(sanitize(&shown), Cow::Borrowed(_)));
    }

    #[test]
    fn a_message_names_what_is_hidden_and_stays_one_line() {
        assert_eq!(
            sanitize_message("bank `x\u{2028}y\u{200b}z\u{202e}w`\n\u{1b}[2J\tend"),
            "bank `x\\u{2028}y\\u{200b}z\\u{202e}w` \u{241b}[2J    end"
        );
        assert_eq!(sanitize_message("é 漢 e\u{301} 👍🏽"), "é 漢 e\u{301} 👍🏽");
    }

    #[test]
    fn byte_scan_finds_dangers_at_every_position() {
        let clean = "abcdefghij─→═klmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(3);
        assert!(is_clean(clean.as_bytes()));
        for bad in [
            '\u{1b}',
            '\u{9b}',
            '\u{202e}',
            '\t',
            '\u{200b}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            for cut in (0..clean.len()).filter(|&i| clean.is_char_boundary(i)) {
                let s = format!("{}{bad}{}", &clean[..cut], &clean[cut..]);
                assert!(!is_clean(s.as_bytes()), "{bad:?} at {cut}");
            }
        }
    }

    #[test]
    fn byte_scan_agrees_with_the_char_rule() {
        let mut s = String::new();
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            s.clear();
            s.push('a');
            s.push(c);
            s.push('b');
            let dangerous = is_dangerous(c) || c == '\t';
            assert_eq!(is_clean(s.as_bytes()), !dangerous, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn sanitizing_twice_changes_nothing_more() {
        let mut s = String::new();
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            s.clear();
            s.extend(['👨', c, '\u{200d}', '👩', c]);
            let once = sanitize(&s).into_owned();
            assert_eq!(sanitize(&once), once, "U+{:04X}", u32::from(c));
        }
    }
}
