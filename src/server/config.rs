//! What a server is started with: the store mode, the faults, the limits. The knobs a learner
//! may switch while it runs ([`Knobs`]) are kept apart from what is fixed at start ([`Config`]),
//! so the dashboard can change the first without a restart.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// How the server records idempotency keys: one right way and two classic bugs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreMode {
    /// One transaction claims the key, a second records the effect and the response.
    Atomic,
    /// Read the key; if absent, charge, then (separately) store it: a real race.
    CheckThenAct,
    /// Keys ignored.
    None,
}

impl StoreMode {
    pub const ALL: [StoreMode; 3] = [StoreMode::Atomic, StoreMode::CheckThenAct, StoreMode::None];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            StoreMode::Atomic => "atomic",
            StoreMode::CheckThenAct => "check-then-act",
            StoreMode::None => "none",
        }
    }

    /// The next mode in [`StoreMode::ALL`] (the dashboard cycles through them).
    #[must_use]
    pub fn next(self) -> StoreMode {
        let i = StoreMode::ALL.iter().position(|m| *m == self).unwrap_or(0);
        StoreMode::ALL[(i + 1) % StoreMode::ALL.len()]
    }
}

impl fmt::Display for StoreMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a value given to `serve` (or a lab's `server:` map) was refused; each message says what
/// was given and what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("unknown store mode {0:?}: use atomic, check-then-act or none")]
    UnknownStoreMode(String),
    #[error("--delay-ms {0:?}: expected milliseconds, as 50 or 5..40")]
    DelayNotMilliseconds(String),
    #[error("--delay-ms {0}: the minimum is above the maximum")]
    DelayReversed(String),
    #[error("--delay-ms {given}: at most {max_ms} ms")]
    DelayTooLong { given: String, max_ms: u64 },
    #[error("{0:?} is not a probability: use a number from 0 to 1, as 0.3")]
    NotProbability(String),
    #[error("{0:?} is not a duration: use e.g. 90s, 10m, 24h")]
    NotDuration(String),
    #[error("{0:?} is too long: at most 3650d")]
    DurationTooLong(String),
}

impl FromStr for StoreMode {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, ConfigError> {
        StoreMode::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| ConfigError::UnknownStoreMode(s.to_owned()))
    }
}

/// Processing time of a request that has an effect: a fixed time or a uniform range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delay {
    pub min_ms: u64,
    pub max_ms: u64,
}

/// The longest processing time accepted (a minute: longer only hangs clients).
pub const MAX_DELAY_MS: u64 = 60_000;

impl FromStr for Delay {
    type Err = ConfigError;
    /// `MS` or `MIN..MAX` (milliseconds).
    fn from_str(s: &str) -> Result<Self, ConfigError> {
        let num = |t: &str| {
            t.trim()
                .parse::<u64>()
                .map_err(|_| ConfigError::DelayNotMilliseconds(s.to_owned()))
        };
        let (min_ms, max_ms) = match s.split_once("..") {
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let n = num(s)?;
                (n, n)
            }
        };
        if min_ms > max_ms {
            return Err(ConfigError::DelayReversed(s.to_owned()));
        }
        if max_ms > MAX_DELAY_MS {
            return Err(ConfigError::DelayTooLong {
                given: s.to_owned(),
                max_ms: MAX_DELAY_MS,
            });
        }
        Ok(Delay { min_ms, max_ms })
    }
}

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min_ms == self.max_ms {
            write!(f, "{} ms", self.min_ms)
        } else {
            write!(f, "{}..{} ms", self.min_ms, self.max_ms)
        }
    }
}

/// A probability `0..=1` given on the command line.
pub fn parse_probability(s: &str) -> Result<f64, ConfigError> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(ConfigError::NotProbability(s.to_owned())),
    }
}

/// `90s`, `10m`, `24h`, `7d` (a bare number is seconds).
pub fn parse_duration(s: &str) -> Result<Duration, ConfigError> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: u64 = n
        .parse()
        .map_err(|_| ConfigError::NotDuration(s.to_owned()))?;
    let secs = match unit {
        "" | "s" => Some(n),
        "ms" => return Ok(Duration::from_millis(n)),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86_400),
        _ => return Err(ConfigError::NotDuration(s.to_owned())),
    };
    match secs {
        Some(secs) if secs <= 3650 * 86_400 => Ok(Duration::from_secs(secs)),
        _ => Err(ConfigError::DurationTooLong(s.to_owned())),
    }
}

/// The knobs that may change while the server runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Knobs {
    pub store: StoreMode,
    /// Probability that a committed effect's response is never sent.
    pub drop_response: f64,
    /// Probability that a request dies at a seeded point.
    pub crash: f64,
    pub delay: Delay,
    pub require_key: bool,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            store: StoreMode::Atomic,
            drop_response: 0.0,
            crash: 0.0,
            delay: Delay::default(),
            require_key: false,
        }
    }
}

/// Where the ledger lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbPath {
    Memory,
    File(PathBuf),
}

/// Everything a server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub db: DbPath,
    pub knobs: Knobs,
    pub key_ttl: Duration,
    /// Seed of the fault sequence (ChaCha8).
    pub seed: u64,
    /// A key claimed this long ago whose request never finished (a crash) is processed again.
    pub in_flight_timeout: Duration,
    /// A connection that sends no complete request head for this long is closed.
    pub read_timeout: Duration,
    /// Open connections at most; past it the longest idle one is closed.
    pub max_connections: usize,
    /// How long shutdown waits for requests in flight before closing their connections.
    pub grace: Duration,
    /// Events kept for a reader that lags; past it the oldest are dropped and counted.
    pub event_buffer: usize,
}

/// The largest request body accepted (413 above it).
pub const MAX_BODY: usize = 64 * 1024;
/// The largest request head (request line and headers) accepted (431 above it).
pub const MAX_HEAD: usize = 16 * 1024;

impl Config {
    /// Loopback on `port` (0: a free one), an in-memory database, no faults.
    #[must_use]
    pub fn loopback(port: u16) -> Config {
        Config {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            db: DbPath::Memory,
            knobs: Knobs::default(),
            key_ttl: Duration::from_secs(24 * 3600),
            seed: 0,
            in_flight_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
            max_connections: 512,
            grace: Duration::from_secs(5),
            event_buffer: 10_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_and_durations_parse_as_documented() {
        assert_eq!(
            "50".parse::<Delay>(),
            Ok(Delay {
                min_ms: 50,
                max_ms: 50
            })
        );
        assert_eq!(
            "5..40".parse::<Delay>(),
            Ok(Delay {
                min_ms: 5,
                max_ms: 40
            })
        );
        assert!("40..5".parse::<Delay>().is_err());
        assert!("x".parse::<Delay>().is_err());
        assert!("60001".parse::<Delay>().is_err());
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("24h"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("1y").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("99999999999999d").is_err());
        assert_eq!(parse_probability("0.3"), Ok(0.3));
        assert!(parse_probability("1.5").is_err());
        assert!(parse_probability("NaN").is_err());
        assert_eq!("check-then-act".parse(), Ok(StoreMode::CheckThenAct));
        assert!("atomc".parse::<StoreMode>().is_err());
    }

    #[test]
    fn refusals_say_what_was_given_and_what_is_accepted() {
        let said = |e: ConfigError| e.to_string();
        assert_eq!(
            said("atomc".parse::<StoreMode>().unwrap_err()),
            "unknown store mode \"atomc\": use atomic, check-then-act or none"
        );
        assert_eq!(
            said("x".parse::<Delay>().unwrap_err()),
            "--delay-ms \"x\": expected milliseconds, as 50 or 5..40"
        );
        assert_eq!(
            said("40..5".parse::<Delay>().unwrap_err()),
            "--delay-ms 40..5: the minimum is above the maximum"
        );
        assert_eq!(
            said("60001".parse::<Delay>().unwrap_err()),
            "--delay-ms 60001: at most 60000 ms"
        );
        assert_eq!(
            said(parse_probability("1.5").unwrap_err()),
            "\"1.5\" is not a probability: use a number from 0 to 1, as 0.3"
        );
        assert_eq!(
            said(parse_duration("1y").unwrap_err()),
            "\"1y\" is not a duration: use e.g. 90s, 10m, 24h"
        );
        assert_eq!(
            said(parse_duration("99999d").unwrap_err()),
            "\"99999d\" is too long: at most 3650d"
        );
    }
}
