//! Splitting a file of SQL into statements, with where each starts, so an error can name its
//! line and column in the learner's file. The rule is SQLite's own (`sqlite3_complete`): a `;`
//! outside a string, quoted name or comment ends a statement, except inside `CREATE TRIGGER`,
//! which ends at `END;`. Each piece is then prepared on its own, so SQLite still parses it.

use std::ops::Range;

/// At most this many statements in one file: a lab needs a handful.
pub const MAX_STATEMENTS: usize = 100;

/// One statement: its bytes in the file (from its first token to its `;` or the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
}

/// The statements of `src`, or the byte offset of the statement past the cap.
pub fn split(src: &str) -> Result<Vec<Piece>, usize> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut start: Option<usize> = None;
    // Words of the current statement, for the CREATE [TEMP] TRIGGER … END rule.
    let mut words: Vec<String> = Vec::new();
    let mut last_word = String::new();
    while i < b.len() {
        let c = b[i];
        match c {
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = src[i..].find('\n').map_or(b.len(), |n| i + n + 1);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                continue;
            }
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let s = *start.get_or_insert(i);
        match c {
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                let mut j = i + 1;
                loop {
                    match b.get(j) {
                        None => break,
                        Some(&x) if x == close => {
                            // '' inside a string is an escaped quote.
                            if close != b']' && b.get(j + 1) == Some(&close) {
                                j += 2;
                                continue;
                            }
                            j += 1;
                            break;
                        }
                        Some(_) => j += 1,
                    }
                }
                last_word.clear();
                i = j;
            }
            b';' => {
                let trigger = is_trigger(&words);
                if !trigger || last_word.eq_ignore_ascii_case("end") {
                    out.push(Piece { range: s..i + 1 });
                    if out.len() > MAX_STATEMENTS {
                        return Err(s);
                    }
                    start = None;
                    words.clear();
                }
                last_word.clear();
                i += 1;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] >= 0x80)
                {
                    j += 1;
                }
                last_word = src[i..j].to_owned();
                if words.len() < 3 {
                    words.push(last_word.to_ascii_lowercase());
                }
                i = j;
            }
            _ => {
                last_word.clear();
                i += 1;
            }
        }
    }
    if let Some(s) = start {
        out.push(Piece { range: s..b.len() });
        if out.len() > MAX_STATEMENTS {
            return Err(s);
        }
    }
    Ok(out)
}

fn is_trigger(words: &[String]) -> bool {
    match words {
        [c, t, ..] if c == "create" && t == "trigger" => true,
        [c, tmp, t] if c == "create" && (tmp == "temp" || tmp == "temporary") && t == "trigger" => {
            true
        }
        _ => false,
    }
}

/// 1-based line and column (in characters) of byte `at` in `src`.
#[must_use]
pub fn line_col(src: &str, at: usize) -> (usize, usize) {
    let at = at.min(src.len());
    let mut at = at;
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        split(src)
            .unwrap()
            .into_iter()
            .map(|p| &src[p.range])
            .collect()
    }

    #[test]
    fn semicolons_in_strings_names_and_comments_do_not_split() {
        let src = "INSERT INTO t VALUES ('a;b'); -- x; y\nSELECT \"c;d\" /* ; */ FROM t;";
        assert_eq!(
            texts(src),
            vec![
                "INSERT INTO t VALUES ('a;b');",
                "SELECT \"c;d\" /* ; */ FROM t;"
            ]
        );
    }

    #[test]
    fn a_trigger_body_ends_at_end() {
        let src =
            "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN UPDATE c SET n = n + 1; END; SELECT 1";
        assert_eq!(
            texts(src),
            vec![
                "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN UPDATE c SET n = n + 1; END;",
                "SELECT 1"
            ]
        );
    }

    #[test]
    fn comments_only_is_no_statement_and_the_cap_holds() {
        assert!(texts("-- nothing\n/* here */\n").is_empty());
        assert!(split(&"SELECT 1;".repeat(MAX_STATEMENTS)).is_ok());
        assert_eq!(
            split(&"SELECT 1;".repeat(MAX_STATEMENTS + 1)),
            Err(9 * MAX_STATEMENTS)
        );
    }

    #[test]
    fn positions_are_one_based_in_characters() {
        assert_eq!(line_col("ab\ncé;x", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
