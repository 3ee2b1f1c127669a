//! Reading the `Idempotency-Key` field. The draft (-07 §2.1) makes it a Structured Field String
//! (RFC 9651 §3.3.3: `"…"` of printable ASCII, `\"` and `\\` escaped); most APIs (Stripe's
//! among them) take a bare token, so an RFC 9110 token is accepted too (a UUID is one). Anything
//! else is refused, so a key is never silently different from what the client meant.

/// The longest key accepted (Stripe's limit).
pub const MAX_KEY: usize = 255;

/// Why a key was refused (the `detail` of the 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    Empty,
    TooLong(usize),
    Unparseable,
    Repeated,
}

impl KeyError {
    #[must_use]
    pub fn detail(&self) -> String {
        match self {
            KeyError::Empty => "the Idempotency-Key is empty".into(),
            KeyError::TooLong(n) => {
                format!("the Idempotency-Key has {n} characters; at most {MAX_KEY} are accepted")
            }
            KeyError::Unparseable => "the Idempotency-Key is neither a quoted string (\"8e03…\", \
                 RFC 9651 §3.3.3) nor a token of letters, digits and -._~!#$%&'*+^`|"
                .into(),
            KeyError::Repeated => "more than one Idempotency-Key field was sent".into(),
        }
    }
}

/// The key of a request: `Ok(None)` when no field was sent.
pub fn from_values<'a>(
    mut values: impl Iterator<Item = &'a [u8]>,
) -> Result<Option<String>, KeyError> {
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(KeyError::Repeated);
    }
    parse(first).map(Some)
}

/// One field value: an sf-string or a bare token, surrounding whitespace ignored.
pub fn parse(raw: &[u8]) -> Result<String, KeyError> {
    let v = raw.trim_ascii();
    let key = if v.first() == Some(&b'"') {
        sf_string(v)?
    } else if v.iter().all(|&b| is_tchar(b)) {
        // Only ASCII passed is_tchar, so this is valid UTF-8.
        String::from_utf8_lossy(v).into_owned()
    } else {
        return Err(KeyError::Unparseable);
    };
    match key.chars().count() {
        0 => Err(KeyError::Empty),
        n if n > MAX_KEY => Err(KeyError::TooLong(n)),
        _ => Ok(key),
    }
}

/// RFC 9651 §4.2.5: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE, nothing after it.
fn sf_string(v: &[u8]) -> Result<String, KeyError> {
    let mut out = String::new();
    let mut i = 1;
    loop {
        match v.get(i) {
            None => return Err(KeyError::Unparseable),
            Some(b'\\') => match v.get(i + 1) {
                Some(&c @ (b'"' | b'\\')) => {
                    out.push(char::from(c));
                    i += 2;
                }
                _ => return Err(KeyError::Unparseable),
            },
            Some(b'"') => {
                return if i + 1 == v.len() {
                    Ok(out)
                } else {
                    Err(KeyError::Unparseable)
                };
            }
            Some(&c) if (0x20..=0x7e).contains(&c) => {
                out.push(char::from(c));
                i += 1;
            }
            Some(_) => return Err(KeyError::Unparseable),
        }
    }
}

/// RFC 9110 §5.6.2 tchar.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_tokens_are_keys_and_the_rest_is_refused() {
        let uuid = "8e03978e-40d5-43e8-bc93-6894a57f9324";
        assert_eq!(
            parse(format!("\"{uuid}\"").as_bytes()),
            Ok(uuid.to_string())
        );
        assert_eq!(parse(uuid.as_bytes()), Ok(uuid.to_string()));
        assert_eq!(parse(b"  k-1 "), Ok("k-1".into()));
        assert_eq!(parse(br#""a \"b\" \\c""#), Ok(r#"a "b" \c"#.into()));
        assert_eq!(parse(b""), Err(KeyError::Empty));
        assert_eq!(parse(b"\"\""), Err(KeyError::Empty));
        assert_eq!(parse(b"\"abc"), Err(KeyError::Unparseable));
        assert_eq!(parse(b"\"a\"b"), Err(KeyError::Unparseable));
        assert_eq!(parse(b"\"a\\nb\""), Err(KeyError::Unparseable));
        assert_eq!(parse(b"two words"), Err(KeyError::Unparseable));
        assert_eq!(parse(b"caf\xc3\xa9"), Err(KeyError::Unparseable));
        assert_eq!(parse(b"\"caf\xc3\xa9\""), Err(KeyError::Unparseable));
        let long = "k".repeat(256);
        assert_eq!(parse(long.as_bytes()), Err(KeyError::TooLong(256)));
        assert!(parse("k".repeat(255).as_bytes()).is_ok());
        let two: [&[u8]; 2] = [b"a", b"b"];
        assert_eq!(from_values(two.into_iter()), Err(KeyError::Repeated));
        assert_eq!(from_values(std::iter::empty()), Ok(None));
    }
}
