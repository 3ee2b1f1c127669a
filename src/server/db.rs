//! The server's SQLite database: the ledger (charges, accounts, deposits), the key store and the
//! counters `GET /ledger` reports. WAL journal with `synchronous = NORMAL`: a committed
//! transaction survives the process being killed (it is in the WAL, in the OS's hands), which is
//! the promise here; a power cut may lose the last ones. The WAL is checkpointed by a thread of
//! its own ([`super::checkpoint`]), not inside a request's commit. One connection behind a mutex: every
//! statement is short, and the store modes decide how many transactions a request takes, which
//! is what makes `check-then-act` race and `atomic` not.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use super::checkpoint::Checkpointer;
use super::config::DbPath;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS charges (
    seq INTEGER PRIMARY KEY,
    amount INTEGER NOT NULL,
    order_id TEXT,
    idem_key TEXT,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS charges_by_order ON charges (order_id);
CREATE INDEX IF NOT EXISTS charges_by_key ON charges (idem_key);
CREATE TABLE IF NOT EXISTS idem_keys (
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint BLOB NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    claimed_ms INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    status INTEGER,
    content_type TEXT,
    body BLOB,
    replays INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (method, path, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idem_keys_by_age ON idem_keys (created_ms);
CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deposits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    amount INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS id_floor (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO id_floor (tbl, n) SELECT 'charges', seq FROM sqlite_sequence WHERE name = 'charges'
    ON CONFLICT (tbl) DO UPDATE SET n = max(n, excluded.n);
";

/// Empties the ledger, the accounts and the key store. A charge's seq is not AUTOINCREMENT (that
/// costs a write to `sqlite_sequence` in every charge's commit): the highest seq handed out so
/// far is kept in `id_floor` instead, which [`INSERT_CHARGE`] starts after, so ids are never
/// reused after a reset. (A file made by an older server keeps its AUTOINCREMENT; the schema
/// above copies its `sqlite_sequence` into the floor when opened.)
pub const RESET: &str = "
BEGIN IMMEDIATE;
INSERT INTO id_floor (tbl, n) SELECT 'charges', coalesce(max(seq), 0) FROM charges WHERE true
    ON CONFLICT (tbl) DO UPDATE SET n = max(n, excluded.n);
DELETE FROM charges; DELETE FROM idem_keys; DELETE FROM accounts;
DELETE FROM deposits; DELETE FROM counters;
COMMIT;";

/// Adds a charge (amount, order, key, created) under the next seq: after the last one, and
/// after the floor a reset left.
pub const INSERT_CHARGE: &str = "
INSERT INTO charges (seq, amount, order_id, idem_key, created) VALUES (
    max(coalesce((SELECT max(seq) FROM charges), 0),
        coalesce((SELECT n FROM id_floor WHERE tbl = 'charges'), 0)) + 1,
    ?1, ?2, ?3, ?4)";

pub struct Db {
    conn: Arc<Mutex<Connection>>,
    /// Dropped after `conn` (fields drop in order): the writer's hook ends the thread.
    _checkpoint: Option<Checkpointer>,
}

/// A row of the key store, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    pub method: String,
    pub path: String,
    pub key: String,
    pub in_flight: bool,
    pub status: Option<u16>,
    pub created_ms: i64,
    pub replays: u64,
}

/// What `GET /ledger` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub count: u64,
    pub charges_by_order: Vec<(String, u64)>,
    pub replays: u64,
    pub conflicts: u64,
    pub mismatches: u64,
}

/// A charge as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub id: String,
    pub amount: i64,
    pub order: Option<String>,
    pub created: String,
}

impl Db {
    /// Opens (creating) the database and its tables.
    pub fn open(path: &DbPath) -> rusqlite::Result<Db> {
        let conn = match path {
            DbPath::Memory => Connection::open_in_memory()?,
            DbPath::File(p) => Connection::open(p)?,
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if matches!(path, DbPath::File(_)) {
            // Smaller pages for a new file (an existing one keeps its own): a keyed charge
            // dirties about 7 pages over its two commits, each copied whole into the WAL, so
            // 2 KiB pages take it from 29.5 to 16.5 KiB of WAL per request (8 frames).
            conn.execute_batch("PRAGMA page_size = 2048;")?;
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(rusqlite::Error::InvalidParameterName(format!(
                    "the database refused WAL mode (it stays {mode})"
                )));
            }
        }
        conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
        conn.execute_batch(SCHEMA)?;
        // A key left in flight is a request of a server that died (killed, crashed): no request
        // of this one is running yet, so it may be taken over by the next retry at once.
        conn.execute(
            "UPDATE idem_keys SET claimed_ms = 0 WHERE state = 'in_flight'",
            [],
        )?;
        let conn = Arc::new(Mutex::new(conn));
        // Without a checkpoint thread the writer checkpoints itself, slower but as safe.
        let checkpoint = match path {
            DbPath::File(p) => Checkpointer::start(&conn, p).ok(),
            DbPath::Memory => None,
        };
        Ok(Db {
            conn,
            _checkpoint: checkpoint,
        })
    }

    /// The connection, whoever held it last (a panic in a statement leaves SQLite consistent:
    /// an open transaction is rolled back when the next one begins).
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        conn
    }

    /// Adds one to a counter of `GET /ledger`.
    pub fn bump(conn: &Connection, name: &str) -> rusqlite::Result<()> {
        conn.execute(
            "INSERT INTO counters (name, n) VALUES (?1, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1",
            params![name],
        )
        .map(drop)
    }

    pub fn ledger(&self) -> rusqlite::Result<Ledger> {
        let conn = self.lock();
        let count: i64 = conn.query_row("SELECT count(*) FROM charges", [], |r| r.get(0))?;
        let mut stmt = conn.prepare_cached(
            "SELECT order_id, count(*) FROM charges WHERE order_id IS NOT NULL
             GROUP BY order_id ORDER BY order_id",
        )?;
        let by_order = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .map(|r| r.map(|(o, n)| (o, n.unsigned_abs())))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let counter = |name: &str| -> rusqlite::Result<u64> {
            conn.query_row(
                "SELECT n FROM counters WHERE name = ?1",
                params![name],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|n| n.unwrap_or(0).unsigned_abs())
        };
        Ok(Ledger {
            count: count.unsigned_abs(),
            charges_by_order: by_order,
            replays: counter("replays")?,
            conflicts: counter("conflicts")?,
            mismatches: counter("mismatches")?,
        })
    }

    pub fn charges(&self, limit: usize) -> rusqlite::Result<Vec<Charge>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT seq, amount, order_id, created FROM charges ORDER BY seq LIMIT ?1",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        stmt.query_map(params![limit], charge_of)?.collect()
    }

    /// The newest charges, newest first.
    pub fn recent_charges(&self, limit: usize) -> rusqlite::Result<Vec<Charge>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT seq, amount, order_id, created FROM charges ORDER BY seq DESC LIMIT ?1",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        stmt.query_map(params![limit], charge_of)?.collect()
    }

    /// The charge `ch_…`, if there is one.
    pub fn charge(&self, id: &str) -> rusqlite::Result<Option<Charge>> {
        let Some(seq) = charge_seq(id) else {
            return Ok(None);
        };
        let conn = self.lock();
        conn.query_row(
            "SELECT seq, amount, order_id, created FROM charges WHERE seq = ?1",
            params![seq],
            charge_of,
        )
        .optional()
    }

    /// The newest keys, newest first.
    pub fn keys(&self, limit: usize) -> rusqlite::Result<Vec<KeyRow>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT method, path, key, state, status, created_ms, replays FROM idem_keys
             ORDER BY claimed_ms DESC LIMIT ?1",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        stmt.query_map(params![limit], |r| {
            Ok(KeyRow {
                method: r.get(0)?,
                path: r.get(1)?,
                key: r.get(2)?,
                in_flight: r.get::<_, String>(3)? == "in_flight",
                status: r
                    .get::<_, Option<i64>>(4)?
                    .and_then(|s| u16::try_from(s).ok()),
                created_ms: r.get(5)?,
                replays: r.get::<_, i64>(6)?.unsigned_abs(),
            })
        })?
        .collect()
    }

    /// Empties the ledger, the accounts and the key store.
    pub fn reset(&self) -> rusqlite::Result<()> {
        self.lock().execute_batch(RESET)
    }
}

fn charge_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Charge> {
    Ok(Charge {
        id: charge_id(r.get(0)?),
        amount: r.get(1)?,
        order: r.get(2)?,
        created: r.get(3)?,
    })
}

/// A charge's id is its place in the ledger: `ch_0001` is the first charge ever made on this
/// database (ids are never reused, not even after a reset).
#[must_use]
pub fn charge_id(seq: i64) -> String {
    format!("ch_{seq:04}")
}

fn charge_seq(id: &str) -> Option<i64> {
    let digits = id.strip_prefix("ch_")?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seq: i64 = digits.parse().ok()?;
    (charge_id(seq) == id).then_some(seq)
}

/// Milliseconds since the Unix epoch.
#[must_use]
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// RFC 3339 UTC with milliseconds, e.g. `2026-12-02T16:11:15.123Z` (the calendar from the
/// `time` crate the project already uses, not a second hand-written one).
#[must_use]
pub fn rfc3339(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_an_older_server_reset_after_3_charges_goes_on_at_4() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let old = Connection::open(&path).unwrap();
            old.execute_batch(
                "CREATE TABLE charges (seq INTEGER PRIMARY KEY AUTOINCREMENT, amount INTEGER NOT NULL,
                 order_id TEXT, idem_key TEXT, created TEXT NOT NULL);
                 INSERT INTO charges (amount, created) VALUES (1, 'a'), (2, 'b'), (3, 'c');
                 DELETE FROM charges;",
            )
            .unwrap();
        }
        let db = Db::open(&DbPath::File(path)).unwrap();
        let next = |db: &Db| {
            let conn = db.lock();
            conn.execute(
                INSERT_CHARGE,
                params![5, None::<String>, None::<String>, "d"],
            )
            .unwrap();
            conn.last_insert_rowid()
        };
        assert_eq!(next(&db), 4);
        db.reset().unwrap();
        assert_eq!(next(&db), 5);
        db.reset().unwrap();
        db.reset().unwrap();
        assert_eq!(next(&db), 6);
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(rfc3339(1_796_227_875_000), "2026-12-02T16:11:15.000Z");
    }
}
