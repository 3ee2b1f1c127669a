//! The key store's three modes as real code paths on the database. Each function here is one
//! transaction (or one autocommit statement); how many a request takes and what runs between
//! them is the mode, decided in [`super::flow`]:
//!
//! - `atomic`: [`claim`] (one `BEGIN IMMEDIATE` transaction: look up, insert `in_flight`), then
//!   [`apply_and_store`] (the effect and the stored answer in one transaction). Two requests with
//!   one key cannot both pass the claim; a crash between the two leaves the key `in_flight`
//!   until [`super::config::Config::in_flight_timeout`], then it is processed again.
//! - `check-then-act`: [`check`] (a read), then [`apply`] (the effect, committed), then
//!   [`store_done`] (`INSERT OR REPLACE` the answer): two requests that both read "absent" both
//!   charge, exactly the bug the learner is meant to see.
//! - `none`: [`apply`] only.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::answer::Answer;
use super::db::Db;

/// Identifies a key record: keys are scoped to their method and path.
#[derive(Debug, Clone)]
pub struct KeyId<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub key: &'a str,
}

/// What looking up a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// No record (or an expired one, now removed): go ahead. `reclaimed`: a stale in-flight
    /// record (its request crashed) was taken over.
    Proceed {
        expired: bool,
        reclaimed: bool,
    },
    Replay(Answer),
    InFlight,
    Mismatch,
}

/// What an effect produced: its answer, and the charge it made, if any.
#[derive(Debug, Clone)]
pub struct Applied {
    pub answer: Answer,
    /// True when something was written (a validation error writes nothing).
    pub effect: bool,
    pub charge_id: Option<String>,
    pub order: Option<String>,
    /// The id of an earlier charge for the same order (or the same key).
    pub duplicate_of: Option<String>,
}

impl Applied {
    /// An answer that charged nothing: an account written (`effect` true) or a request refused
    /// before anything was written (`effect` false).
    #[must_use]
    pub fn without_charge(answer: Answer, effect: bool) -> Self {
        Self {
            answer,
            effect,
            charge_id: None,
            order: None,
            duplicate_of: None,
        }
    }
}

/// The effect of an endpoint, run inside the transaction it is given.
pub type Effect<'a> = dyn FnOnce(&Connection) -> rusqlite::Result<Applied> + Send + 'a;

struct Record {
    fingerprint: Vec<u8>,
    in_flight: bool,
    claimed_ms: i64,
    created_ms: i64,
    answer: Option<Answer>,
}

/// The content type a stored answer has when none is stored: most answers are JSON, and
/// 100,000 keys spelling it out took 1.7 MB.
const JSON: &str = "application/json";

fn stored_type(content_type: &str) -> Option<&str> {
    (content_type != JSON).then_some(content_type)
}

/// A fingerprint as stored: its 32 hex digits as 16 bytes (half the room of the text, which
/// older servers stored and [`read`] still accepts).
fn stored_fingerprint(hex: &str) -> Vec<u8> {
    let bytes: Option<Vec<u8>> = (hex.len() == 32)
        .then(|| {
            (0..16)
                .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
                .collect()
        })
        .flatten();
    bytes.unwrap_or_else(|| hex.as_bytes().to_vec())
}

/// `BEGIN IMMEDIATE`: the write lock from the start, so a second process on the same file
/// waits (busy timeout) instead of failing half-way.
fn immediate(conn: &Connection) -> rusqlite::Result<Transaction<'_>> {
    Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
}

fn read(conn: &Connection, id: &KeyId<'_>) -> rusqlite::Result<Option<Record>> {
    conn.prepare_cached(
        "SELECT fingerprint, state, claimed_ms, created_ms, status, content_type, body
         FROM idem_keys WHERE method = ?1 AND path = ?2 AND key = ?3",
    )?
    .query_row(params![id.method, id.path, id.key], |r| {
        let status: Option<i64> = r.get(4)?;
        Ok(Record {
            fingerprint: match r.get_ref(0)? {
                ValueRef::Blob(b) => b.to_vec(),
                // A record of an older server: 32 hex digits.
                other => stored_fingerprint(other.as_str().unwrap_or_default()),
            },
            in_flight: r.get::<_, String>(1)? == "in_flight",
            claimed_ms: r.get(2)?,
            created_ms: r.get(3)?,
            answer: status.map(|s| Answer {
                status: u16::try_from(s).unwrap_or(500),
                content_type: r
                    .get::<_, Option<String>>(5)
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| JSON.into()),
                body: r
                    .get::<_, Option<Vec<u8>>>(6)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                headers: Vec::new(),
            }),
        })
    })
    .optional()
}

fn delete(conn: &Connection, id: &KeyId<'_>) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM idem_keys WHERE method = ?1 AND path = ?2 AND key = ?3")?
        .execute(params![id.method, id.path, id.key])
        .map(drop)
}

/// Judges a record found under the key (shared by both modes that keep keys).
fn judge(
    conn: &Connection,
    id: &KeyId<'_>,
    rec: &Record,
    fingerprint: &str,
    now: i64,
    lease_ms: i64,
) -> rusqlite::Result<Option<Found>> {
    if rec.fingerprint != stored_fingerprint(fingerprint) {
        Db::bump(conn, "mismatches")?;
        return Ok(Some(Found::Mismatch));
    }
    if rec.in_flight {
        if now - rec.claimed_ms < lease_ms {
            Db::bump(conn, "conflicts")?;
            return Ok(Some(Found::InFlight));
        }
        return Ok(None);
    }
    let Some(answer) = rec.answer.clone() else {
        return Ok(None);
    };
    conn.prepare_cached(
        "UPDATE idem_keys SET replays = replays + 1 WHERE method = ?1 AND path = ?2 AND key = ?3",
    )?
    .execute(params![id.method, id.path, id.key])?;
    Db::bump(conn, "replays")?;
    Ok(Some(Found::Replay(answer)))
}

/// `atomic`, first transaction: find the key or claim it (insert `in_flight`).
pub fn claim(
    conn: &Connection,
    id: &KeyId<'_>,
    fingerprint: &str,
    now: i64,
    ttl_ms: i64,
    lease_ms: i64,
) -> rusqlite::Result<Found> {
    let tx = immediate(conn)?;
    let mut expired = false;
    let mut reclaimed = false;
    if let Some(rec) = read(&tx, id)? {
        if now - rec.created_ms >= ttl_ms {
            delete(&tx, id)?;
            expired = true;
        } else if let Some(found) = judge(&tx, id, &rec, fingerprint, now, lease_ms)? {
            tx.commit()?;
            return Ok(found);
        } else {
            reclaimed = true;
            delete(&tx, id)?;
        }
    }
    tx.prepare_cached(
        "INSERT INTO idem_keys (method, path, key, fingerprint, state, claimed_ms, created_ms)
         VALUES (?1, ?2, ?3, ?4, 'in_flight', ?5, ?5)",
    )?
    .execute(params![
        id.method,
        id.path,
        id.key,
        stored_fingerprint(fingerprint),
        now
    ])?;
    tx.commit()?;
    Ok(Found::Proceed { expired, reclaimed })
}

/// `check-then-act`, the check: one read; an expired record is removed.
pub fn check(
    conn: &Connection,
    id: &KeyId<'_>,
    fingerprint: &str,
    now: i64,
    ttl_ms: i64,
) -> rusqlite::Result<Found> {
    match read(conn, id)? {
        None => Ok(Found::Proceed {
            expired: false,
            reclaimed: false,
        }),
        Some(rec) if now - rec.created_ms >= ttl_ms => {
            delete(conn, id)?;
            Ok(Found::Proceed {
                expired: true,
                reclaimed: false,
            })
        }
        Some(rec) => Ok(
            judge(conn, id, &rec, fingerprint, now, i64::MAX)?.unwrap_or(Found::Proceed {
                expired: false,
                reclaimed: false,
            }),
        ),
    }
}

/// The effect in its own transaction, committed when it wrote something.
pub fn apply(conn: &Connection, effect: Box<Effect<'_>>) -> rusqlite::Result<Applied> {
    let tx = immediate(conn)?;
    let applied = effect(&tx)?;
    tx.commit()?;
    Ok(applied)
}

/// `atomic`, second transaction: the effect and the answer under the key, together. With
/// `crash_inside` the transaction is rolled back after the effect, as a process dying there
/// would leave it: nothing of it survives.
pub fn apply_and_store(
    conn: &Connection,
    id: &KeyId<'_>,
    effect: Box<Effect<'_>>,
    crash_inside: bool,
) -> rusqlite::Result<Option<Applied>> {
    let tx = immediate(conn)?;
    let applied = effect(&tx)?;
    if crash_inside {
        tx.rollback()?;
        return Ok(None);
    }
    tx.prepare_cached(
        "UPDATE idem_keys SET state = 'done', status = ?4, content_type = ?5, body = ?6
         WHERE method = ?1 AND path = ?2 AND key = ?3",
    )?
    .execute(params![
        id.method,
        id.path,
        id.key,
        applied.answer.status,
        stored_type(&applied.answer.content_type),
        applied.answer.body
    ])?;
    tx.commit()?;
    Ok(Some(applied))
}

/// `check-then-act`, the last step: store the answer, over whatever is there.
pub fn store_done(
    conn: &Connection,
    id: &KeyId<'_>,
    fingerprint: &str,
    answer: &Answer,
    now: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO idem_keys
         (method, path, key, fingerprint, state, claimed_ms, created_ms, status, content_type, body)
         VALUES (?1, ?2, ?3, ?4, 'done', ?5, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id.method,
        id.path,
        id.key,
        stored_fingerprint(fingerprint),
        now,
        answer.status,
        stored_type(&answer.content_type),
        answer.body
    ])
    .map(drop)
}

/// Forgets keys older than the TTL (run now and then, so the store does not only grow).
pub fn purge_expired(conn: &Connection, now: i64, ttl_ms: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM idem_keys WHERE state = 'done' AND created_ms <= ?1",
        params![now.saturating_sub(ttl_ms)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::config::DbPath;

    const FP: &str = "00ff10a0b1c2d3e4f5061728394a5b6c";
    const ID: KeyId<'static> = KeyId {
        method: "POST",
        path: "/charges",
        key: "k-1",
    };

    fn claim_now(conn: &Connection, fp: &str) -> Found {
        claim(conn, &ID, fp, 1000, i64::MAX, i64::MAX).unwrap()
    }

    #[test]
    fn a_stored_answer_keeps_its_fingerprint_in_16_bytes_and_json_unspelled() {
        let db = Db::open(&DbPath::Memory).unwrap();
        let conn = db.lock();
        assert!(matches!(claim_now(&conn, FP), Found::Proceed { .. }));
        let answer = Answer::json(201, &serde_json::json!({"id": "ch_0001"}));
        let effect: Box<Effect<'_>> = Box::new(move |_| Ok(Applied::without_charge(answer, true)));
        apply_and_store(&conn, &ID, effect, false).unwrap();
        let (fp, ct): (Vec<u8>, Option<String>) = conn
            .query_row("SELECT fingerprint, content_type FROM idem_keys", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(fp.len(), 16);
        assert_eq!(ct, None);
        let Found::Replay(a) = claim_now(&conn, FP) else {
            panic!("a replay")
        };
        assert_eq!(a.content_type, "application/json");
        assert_eq!(a.body, br#"{"id":"ch_0001"}"#);
        assert_eq!(claim_now(&conn, &FP.replace('0', "1")), Found::Mismatch);
    }

    #[test]
    fn a_record_of_an_older_server_with_a_hex_fingerprint_still_replays() {
        let db = Db::open(&DbPath::Memory).unwrap();
        let conn = db.lock();
        conn.execute(
            "INSERT INTO idem_keys (method, path, key, fingerprint, state, claimed_ms, created_ms,
             status, content_type, body) VALUES ('POST', '/charges', 'k-1', ?1, 'done', 1, 1,
             400, 'application/problem+json', X'7B7D')",
            [FP],
        )
        .unwrap();
        let Found::Replay(a) = claim_now(&conn, FP) else {
            panic!("a replay")
        };
        assert_eq!(
            (a.status, a.content_type.as_str()),
            (400, "application/problem+json")
        );
        assert_eq!(a.body, b"{}");
        assert_eq!(claim_now(&conn, &FP.replace('0', "1")), Found::Mismatch);
    }
}
