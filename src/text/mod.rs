//! Content is untrusted: a lesson or bank written by a third party must never be able to write an
//! escape sequence to the terminal. Every string that reaches the screen or stdout goes through
//! [`sanitize`], which makes control characters visible instead of letting the terminal act on
//! them.

pub mod width;

use std::borrow::Cow;

/// True for characters a terminal may interpret: C0 controls (except tab and newline, which
/// callers handle), DEL, and the C1 range (which some terminals treat like ESC sequences).
#[must_use]
pub fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Replaces every dangerous character with its visible Unicode "control picture" (␛ for ESC) or,
/// outside the C0 range, with U+FFFD. Tabs become four spaces. Newlines are kept.
#[must_use]
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if is_clean(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if is_dangerous(c) => out.push(picture(c)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`sanitize`] but also flattens newlines, for text that must stay on one line.
#[must_use]
pub fn sanitize_line(s: &str) -> String {
    sanitize(s).replace(['\n', '\r'], " ")
}

/// True when `s` has nothing [`sanitize`] would change. Works on bytes: only C0 bytes, DEL and
/// the lead bytes of C1 controls (0xC2) and of the bidi overrides (0xE2) can start a dangerous
/// character, so clean text (nearly all of it) is checked without decoding a single char.
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
            let b = bytes[i];
            if (b < 0x20 && b != b'\n') || b == 0x7F {
                return false;
            }
            if b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) {
                return false;
            }
            if b == 0xE2 {
                match (bytes.get(i + 1), bytes.get(i + 2)) {
                    (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9)) => {
                        return false;
                    }
                    _ => {}
                }
            }
            i += 1;
        }
    }
    true
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

/// `1 error`, `2 errors`.
#[must_use]
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Is `s` a kebab-case id: lowercase ASCII letters and digits in groups joined by single dashes.
#[must_use]
pub fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
    fn byte_scan_finds_dangers_at_every_position() {
        let clean = "abcdefghij─→═klmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(3);
        assert!(is_clean(clean.as_bytes()));
        for bad in ['\u{1b}', '\u{9b}', '\u{202e}', '\t'] {
            for cut in (0..clean.len()).filter(|&i| clean.is_char_boundary(i)) {
                let s = format!("{}{bad}{}", &clean[..cut], &clean[cut..]);
                assert!(!is_clean(s.as_bytes()), "{bad:?} at {cut}");
            }
        }
    }

    #[test]
    fn byte_scan_agrees_with_the_char_rule() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let dangerous = is_dangerous(c) || c == '\t';
            assert_eq!(is_clean(s.as_bytes()), !dangerous, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn kebab_case_ids() {
        assert!(is_kebab_case("retry-with-key"));
        assert!(is_kebab_case("a1"));
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "é"] {
            assert!(!is_kebab_case(bad), "{bad:?}");
        }
    }
}
