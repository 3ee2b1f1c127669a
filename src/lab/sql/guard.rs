//! The fence around untrusted SQL. The learner's file (and a lab's own `setup` and `state`,
//! which come from a content tree that may not be ours) runs on a connection that cannot reach
//! the file system or load code, and whose every query has a deadline:
//!
//! - the authorizer denies `ATTACH`/`DETACH`, virtual tables, `load_extension()`, every pragma
//!   outside a short list of harmless ones, and (while the learner's file runs) transaction
//!   control, since each run already is one transaction;
//! - limits keep no attached database, short strings and SQL, a bounded database size;
//! - the progress handler stops whatever runs once the run's deadline has passed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags};

/// How long one run (one delivery of the learner's file) may take.
pub const RUN_LIMIT: Duration = Duration::from_secs(2);
/// Pages of 4 KiB: the database may grow to 64 MiB.
const MAX_PAGES: u32 = 16_384;
/// Longest string or blob a query may build.
const MAX_LENGTH: i32 = 1 << 20;
/// Longest SQL text of one statement.
const MAX_SQL: i32 = 64 * 1024;

/// Pragmas that only read the schema or change behaviour inside this database.
const PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "foreign_keys",
    "defer_foreign_keys",
    "recursive_triggers",
    "integrity_check",
    "quick_check",
];

/// What the guard of one connection shares with the runner.
#[derive(Debug, Default)]
pub struct Fence {
    /// Set while the learner's file runs: transaction control is denied then.
    pub learner: bool,
    /// When set, the progress handler stops the query past this instant.
    pub deadline: Option<Instant>,
    /// Set by the progress handler when it stopped a query.
    pub stopped: bool,
    /// Why the authorizer last said no, in words (SQLite's own message is only "not authorized").
    pub denied: Option<String>,
}

pub type Shared = Arc<Mutex<Fence>>;

/// A fresh private in-memory database with the fence up.
pub fn memory() -> rusqlite::Result<(Connection, Shared)> {
    let conn = Connection::open_in_memory_with_flags(
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    fence(conn)
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Fence> {
    // A poisoned fence only means a callback panicked; its data is still plain flags.
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn fence(mut conn: Connection) -> rusqlite::Result<(Connection, Shared)> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_CREATE, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_ATTACH_WRITE, false)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_LENGTH)?;
    conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_SQL)?;
    conn.set_limit(Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 32)?;
    conn.execute_batch(&format!(
        "PRAGMA main.max_page_count = {MAX_PAGES}; PRAGMA temp.max_page_count = {MAX_PAGES};"
    ))?;
    let shared: Shared = Arc::default();
    let auth = Arc::clone(&shared);
    conn.authorizer(Some(move |ctx: AuthContext<'_>| {
        let why = denial(&ctx, lock(&auth).learner);
        match why {
            None => Authorization::Allow,
            Some(why) => {
                lock(&auth).denied = Some(why);
                Authorization::Deny
            }
        }
    }))?;
    let progress = Arc::clone(&shared);
    conn.progress_handler(
        10_000,
        Some(move || {
            let mut f = lock(&progress);
            match f.deadline {
                Some(d) if Instant::now() > d => {
                    f.stopped = true;
                    true
                }
                _ => false,
            }
        }),
    )?;
    Ok((conn, shared))
}

/// Why the action is denied, or `None` to allow it.
fn denial(ctx: &AuthContext<'_>, learner: bool) -> Option<String> {
    match ctx.action {
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => Some(
            "ATTACH, DETACH and VACUUM INTO are not available in a lab: it has one database".into(),
        ),
        AuthAction::CreateVtable { .. } | AuthAction::DropVtable { .. } => {
            Some("virtual tables are not available in a lab".into())
        }
        AuthAction::Function { function_name }
            if function_name.eq_ignore_ascii_case("load_extension") =>
        {
            Some("load_extension() is not available in a lab".into())
        }
        AuthAction::Pragma { pragma_name, .. }
            if !PRAGMAS.iter().any(|p| p.eq_ignore_ascii_case(pragma_name)) =>
        {
            Some(format!(
                "PRAGMA {pragma_name} is not available in a lab (allowed: {})",
                PRAGMAS.join(", ")
            ))
        }
        AuthAction::Transaction { .. } if learner => Some(
            "BEGIN, COMMIT and ROLLBACK are the checker's: each run already is one transaction"
                .into(),
        ),
        _ => None,
    }
}

/// Turns the fence on for one run of learner (or lab) SQL.
pub fn arm(shared: &Shared, learner: bool) {
    let mut f = lock(shared);
    f.learner = learner;
    f.deadline = Some(Instant::now() + RUN_LIMIT);
    f.stopped = false;
    f.denied = None;
}

/// Turns the deadline and learner mode off; says whether the run was stopped for time.
pub fn disarm(shared: &Shared) -> bool {
    let mut f = lock(shared);
    f.learner = false;
    f.deadline = None;
    f.stopped
}

/// The authorizer's reason for the last denial, taken.
pub fn take_denial(shared: &Shared) -> Option<String> {
    lock(shared).denied.take()
}

/// Whether the progress handler has stopped the current run.
pub fn was_stopped(shared: &Shared) -> bool {
    lock(shared).stopped
}

/// A connection to the shared in-memory database `name` (SQLite's `memdb` VFS: several
/// connections of this process share it with real locking), fenced, with a bounded wait when
/// another connection holds the lock.
pub fn shared_memory(name: &str, busy: Duration) -> rusqlite::Result<(Connection, Shared)> {
    let conn = Connection::open_with_flags(
        format!("file:{name}?vfs=memdb"),
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(busy)?;
    fence(conn)
}
