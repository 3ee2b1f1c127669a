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
    fn kebab_case_ids() {
        assert!(is_kebab_case("retry-with-key"));
        assert!(is_kebab_case("a1"));
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "é"] {
            assert!(!is_kebab_case(bad), "{bad:?}");
        }
    }
}
