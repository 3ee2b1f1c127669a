//! Text helpers without a UI. Content is untrusted: a lesson or bank written by a third party
//! must never be able to write an escape sequence, or a hidden character, to the terminal. Every
//! string that reaches the screen or stdout goes through [`sanitize`] or one of its variants
//! (module `sanitize`), which make such characters visible or harmless.

mod sanitize;
pub mod width;

pub use sanitize::{
    is_dangerous, reveal, sanitize, sanitize_line, sanitize_message, sanitize_path,
};

/// `1 error`, `2 errors`.
#[must_use]
pub fn plural(n: usize, what: &str) -> String {
    count(
        i64::try_from(n).unwrap_or(i64::MAX),
        what,
        &format!("{what}s"),
    )
}

/// `1 message was`, `2 messages were`: `n` with the singular or the plural words.
#[must_use]
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1st`, `2nd`, `3rd`, `11th`, `21st`.
#[must_use]
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `second`, `third`, then `4th`, `11th`: how many times something happened, in words for the
/// first few.
#[must_use]
pub fn ordinal_word(n: u64) -> String {
    match n {
        2 => "second".into(),
        3 => "third".into(),
        n => ordinal(n),
    }
}

/// [`ordinal_word`] with its article: `a second`, `a 4th`, `an 8th`, `an 11th`, `an 18,000th`
/// (a number read aloud starts with a vowel when it is eight…, eleven… or eighteen…).
#[must_use]
pub fn an_ordinal(n: u64) -> String {
    let digits = n.to_string();
    let vowel = digits.starts_with('8')
        || ((digits.starts_with("11") || digits.starts_with("18")) && digits.len() % 3 == 2);
    let article = if n > 3 && vowel { "an" } else { "a" };
    format!("{article} {}", ordinal_word(n))
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
    fn ordinals_and_counts_read_as_english() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
        assert_eq!(count(1, "message was", "messages were"), "1 message was");
        assert_eq!(count(0, "row", "rows"), "0 rows");
        assert_eq!(plural(2, "error"), "2 errors");
        let times: Vec<String> = [2, 3, 4, 11, 21, 111].map(ordinal_word).to_vec();
        assert_eq!(times, ["second", "third", "4th", "11th", "21st", "111th"]);
        let said: Vec<String> = [2, 3, 4, 8, 11, 18, 21, 80, 110, 11_000, 800]
            .map(an_ordinal)
            .to_vec();
        assert_eq!(
            said,
            [
                "a second",
                "a third",
                "a 4th",
                "an 8th",
                "an 11th",
                "an 18th",
                "a 21st",
                "an 80th",
                "a 110th",
                "an 11000th",
                "an 800th"
            ]
        );
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
