//! What the probe attacks, read from the command line and refused early when it cannot be
//! right: the base URL (plain `http://` only: this build has no TLS), the endpoint
//! (`"POST /charges"`), the ledger and the body template with `{{n}}`.

use std::fmt;

/// The URL given, split: requests go to this host and port and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// As given (trailing `/` removed), for messages and reports.
    pub url: String,
    pub host: String,
    pub port: u16,
    /// Path prefix every endpoint path is appended to (`""` or `/api`).
    pub base_path: String,
}

/// A method and a path, `"POST /charges"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Why a target, endpoint or template was refused: one line for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadInput(pub String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Target {
    /// Parses `http://host[:port][/prefix]`.
    pub fn parse(url: &str) -> Result<Self, BadInput> {
        let shown = crate::text::reveal(url);
        let rest = if let Some(rest) = strip_prefix_ci(url, "http://") {
            rest
        } else if strip_prefix_ci(url, "https://").is_some() {
            return Err(BadInput(format!(
                "{shown}: https targets are not supported by this build (it has no TLS); probe a plain http:// URL, e.g. a local server or a port-forward"
            )));
        } else {
            return Err(BadInput(format!(
                "{shown}: not an http URL (expected http://HOST[:PORT][/PATH], e.g. http://127.0.0.1:7878)"
            )));
        };
        if rest.contains(['?', '#']) {
            return Err(BadInput(format!(
                "{shown}: a query or fragment in the URL is not supported; give the server's base URL"
            )));
        }
        if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(BadInput(format!(
                "{shown}: spaces or control characters in the URL"
            )));
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        if authority.contains('@') {
            return Err(BadInput(format!(
                "{shown}: credentials in the URL are not supported"
            )));
        }
        let (host, port) = split_host_port(authority)
            .ok_or_else(|| BadInput(format!("{shown}: no valid host[:port] in the URL")))?;
        let base_path = path.trim_end_matches('/').to_owned();
        Ok(Target {
            url: format!("http://{authority}{base_path}"),
            host,
            port,
            base_path,
        })
    }

    /// `host:port` for the `Host` header and for connecting (IPv6 hosts keep their brackets).
    #[must_use]
    pub fn authority(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The full URL of a path on this target.
    #[must_use]
    pub fn url_of(&self, path: &str) -> String {
        format!("http://{}{}{}", self.authority(), self.base_path, path)
    }

    /// The path on the wire (base path + endpoint path).
    #[must_use]
    pub fn wire_path(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn split_host_port(authority: &str) -> Option<(String, u16)> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']')?;
        let host = format!("[{}]", &v6[..end]);
        match &v6[end + 1..] {
            "" => (host, None),
            p => (host, Some(p.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        }
    };
    let port = match port {
        None => 80,
        Some(p) => p.parse::<u16>().ok().filter(|p| *p != 0)?,
    };
    let valid =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']');
    (!host.is_empty() && host.chars().all(valid)).then_some((host, port))
}

impl Endpoint {
    /// Parses `"POST /charges"` (method in any case; the path must start with `/`).
    pub fn parse(s: &str) -> Result<Self, BadInput> {
        let shown = crate::text::reveal(s);
        let mut parts = s.split_whitespace();
        let (Some(method), Some(path), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(BadInput(format!(
                "{shown}: expected METHOD /PATH, e.g. \"POST /charges\""
            )));
        };
        if !method.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(BadInput(format!(
                "{shown}: `{method}` is not an HTTP method"
            )));
        }
        if !path.starts_with('/') || path.chars().any(|c| c.is_control() || !c.is_ascii()) {
            return Err(BadInput(format!(
                "{shown}: the path must start with / and be plain ASCII"
            )));
        }
        Ok(Endpoint {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
        })
    }
}

/// The `--body` template: JSON text where `{{n}}` becomes a fresh number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTemplate(String);

/// The body sent when `--body` is not given: fits `idemlab serve`'s `POST /charges`.
pub const DEFAULT_BODY: &str = r#"{"amount": {{n}}}"#;

impl BodyTemplate {
    /// Checks that the template, filled in, is JSON (a typo would make every check fail
    /// for a reason that is not the target's).
    pub fn parse(s: &str) -> Result<Self, BadInput> {
        if s.len() > 64 * 1024 {
            return Err(BadInput("--body: the template is over 64 KiB".into()));
        }
        let t = BodyTemplate(s.to_owned());
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&t.fill(1)) {
            return Err(BadInput(format!(
                "--body: not JSON once {{{{n}}}} is filled in ({e}): {}",
                crate::text::reveal(&t.fill(1))
            )));
        }
        Ok(t)
    }

    /// The body of logical request number `n`.
    #[must_use]
    pub fn fill(&self, n: u64) -> String {
        self.0.replace("{{n}}", &n.to_string())
    }

    /// A body the target should refuse (for `replay-error`): `{{n}}` becomes a string where a
    /// number belongs, or, without `{{n}}`, the JSON is cut short.
    #[must_use]
    pub fn invalid(&self) -> String {
        if self.0.contains("{{n}}") {
            self.0.replace("{{n}}", "\"not-a-number\"")
        } else {
            let t = self.0.trim_end();
            t[..t.len().saturating_sub(1)].to_owned()
        }
    }

    /// True when two fills differ (a template without `{{n}}` sends one payload always).
    #[must_use]
    pub fn varies(&self) -> bool {
        self.0.contains("{{n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_or_refused_with_a_reason() {
        let t = Target::parse("http://127.0.0.1:7878/").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.base_path.as_str()),
            ("127.0.0.1", 7878, "")
        );
        assert_eq!(t.url_of("/charges"), "http://127.0.0.1:7878/charges");
        let t = Target::parse("HTTP://localhost/api/").unwrap();
        assert_eq!(
            (t.port, t.url_of("/x").as_str()),
            (80, "http://localhost:80/api/x")
        );
        let t = Target::parse("http://[::1]:9000").unwrap();
        assert_eq!(t.authority(), "[::1]:9000");
        for (bad, says) in [
            ("ftp://x", "not an http URL"),
            ("127.0.0.1:7878", "not an http URL"),
            ("https://example.com", "no TLS"),
            ("http://", "no valid host"),
            ("http://h:0", "no valid host"),
            ("http://h:99999", "no valid host"),
            ("http://u:p@h", "credentials"),
            ("http://h/?a=1", "query"),
            ("http://h\u{1b}[2J", "control"),
        ] {
            let e = Target::parse(bad).unwrap_err().0;
            assert!(e.contains(says), "{bad}: {e}");
            assert!(!e.contains('\u{1b}'));
        }
    }

    #[test]
    fn endpoints_and_templates() {
        let e = Endpoint::parse("post /charges").unwrap();
        assert_eq!(e.to_string(), "POST /charges");
        assert!(Endpoint::parse("POST charges").is_err());
        assert!(Endpoint::parse("POST /a /b").is_err());
        assert!(Endpoint::parse("PO$T /a").is_err());
        let b = BodyTemplate::parse(r#"{"amount": {{n}}, "order": "o-{{n}}"}"#).unwrap();
        assert_eq!(b.fill(7), r#"{"amount": 7, "order": "o-7"}"#);
        assert!(b.varies());
        assert!(serde_json::from_str::<serde_json::Value>(&b.invalid()).is_err());
        let plain = BodyTemplate::parse(r#"{"amount": 5}"#).unwrap();
        assert_eq!(plain.invalid(), r#"{"amount": 5"#);
        let num = BodyTemplate::parse(DEFAULT_BODY).unwrap();
        assert_eq!(num.invalid(), r#"{"amount": "not-a-number"}"#);
        assert!(BodyTemplate::parse("{amount: {{n}}}").is_err());
    }
}
