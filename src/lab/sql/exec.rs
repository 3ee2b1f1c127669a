//! Running SQL text on a fenced connection: the learner's file statement by statement with
//! the delivery's parameters bound by name, each run in its own `BEGIN IMMEDIATE` transaction
//! (rolled back on error), and the lab's `state` query read back as comparable rows. Every
//! error comes back with its line and column in the text that was run.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode};

use super::guard::{self, Shared};
use super::split::{self, MAX_STATEMENTS, Piece};
use crate::lab::schema::{Delivery, Param};
use crate::lab::verdict::SqlError;
use crate::text::sanitize_line;

/// The most rows a `state` query may return.
pub const MAX_STATE_ROWS: usize = 10_000;

/// Parameter values by name (without the `:`): a delivery's, then the columns of the first row
/// of each statement that returned rows (what application code does with a query's answer).
pub type Params = BTreeMap<String, Value>;

/// Why a run did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The SQL failed: the learner's (or the lab's) mistake, with its place.
    Sql(SqlError),
    /// The run passed its deadline and was stopped.
    Stopped,
    /// Another connection held the lock past the bounded wait: nobody's SQL is to blame.
    Busy(String),
}

/// A text split into statements once, run many times.
#[derive(Debug, Clone)]
pub struct Program<'a> {
    pub src: &'a str,
    pub pieces: Vec<Piece>,
}

impl<'a> Program<'a> {
    pub fn new(src: &'a str) -> Result<Self, SqlError> {
        match split::split(src) {
            Ok(pieces) => Ok(Self { src, pieces }),
            Err(at) => Err(error_at(
                src,
                at,
                &format!("more than {MAX_STATEMENTS} statements: a lab needs a handful"),
            )),
        }
    }
}

fn error_at(src: &str, at: usize, message: &str) -> SqlError {
    let (line, col) = split::line_col(src, at);
    SqlError {
        line,
        col,
        message: sanitize_line(message),
    }
}

#[must_use]
pub fn params_of(delivery: &Delivery) -> Params {
    delivery
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Param::Null => Value::Null,
                Param::Bool(b) => Value::Integer(i64::from(*b)),
                Param::Int(i) => Value::Integer(*i),
                Param::Real(r) => Value::Real(*r),
                Param::Text(s) => Value::Text(s.clone()),
            };
            (k.clone(), v)
        })
        .collect()
}

/// Turns a rusqlite error at statement `piece` of `prog` into a [`RunError`].
fn classify(e: &rusqlite::Error, prog: &Program<'_>, piece: &Piece, fence: &Shared) -> RunError {
    if guard::was_stopped(fence) {
        return RunError::Stopped;
    }
    let start = piece.range.start;
    // SQLite's words for a denial are "not authorized"; the fence knows why.
    if let Some(why) = guard::take_denial(fence) {
        return RunError::Sql(error_at(prog.src, start, &why));
    }
    match e {
        rusqlite::Error::SqliteFailure(f, msg) => match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                RunError::Busy(msg.clone().unwrap_or_else(|| "database is locked".into()))
            }
            ErrorCode::OperationInterrupted => RunError::Stopped,
            _ => RunError::Sql(error_at(
                prog.src,
                start,
                msg.as_deref().unwrap_or(&f.to_string()),
            )),
        },
        rusqlite::Error::SqlInputError { msg, offset, .. } => {
            let at = start + usize::try_from(*offset).unwrap_or(0);
            RunError::Sql(error_at(prog.src, at, msg))
        }
        other => RunError::Sql(error_at(prog.src, start, &other.to_string())),
    }
}

/// Runs statement `i` of `prog` with `params` bound, adding the columns of the first row it
/// returns (if any) to `params` for the statements after it.
pub fn statement(
    conn: &Connection,
    fence: &Shared,
    prog: &Program<'_>,
    i: usize,
    params: &mut Params,
) -> Result<(), RunError> {
    let piece = &prog.pieces[i];
    let text = &prog.src[piece.range.clone()];
    let mut stmt = match conn.prepare(text) {
        Ok(s) => s,
        Err(rusqlite::Error::Empty) => return Ok(()),
        Err(e) => return Err(classify(&e, prog, piece, fence)),
    };
    for idx in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(idx).map(str::to_owned) else {
            return Err(RunError::Sql(error_at(
                prog.src,
                piece.range.start,
                "a `?` parameter has no name: use the delivery's names, like :order_id",
            )));
        };
        let key = &name[1..];
        let Some(v) = params.get(key) else {
            let known: Vec<String> = params.keys().map(|k| format!(":{k}")).collect();
            return Err(RunError::Sql(error_at(
                prog.src,
                piece.range.start,
                &format!("no value for {name}: a delivery has {}", known.join(", ")),
            )));
        };
        if let Err(e) = stmt.raw_bind_parameter(idx, v) {
            return Err(classify(&e, prog, piece, fence));
        }
    }
    let cols: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    if cols.is_empty() {
        return stmt
            .raw_execute()
            .map(|_| ())
            .map_err(|e| classify(&e, prog, piece, fence));
    }
    let mut rows = stmt.raw_query();
    let mut first = true;
    loop {
        match rows.next() {
            Ok(None) => return Ok(()),
            Ok(Some(row)) => {
                if first {
                    for (k, c) in cols.iter().enumerate() {
                        if let Ok(v) = row.get::<_, Value>(k) {
                            params.insert(c.clone(), v);
                        }
                    }
                    first = false;
                }
            }
            Err(e) => return Err(classify(&e, prog, piece, fence)),
        }
    }
}

/// One run: the whole file for one delivery in its own `BEGIN IMMEDIATE` transaction,
/// committed when every statement succeeded and rolled back otherwise.
pub fn run(
    conn: &Connection,
    fence: &Shared,
    prog: &Program<'_>,
    delivery: &Delivery,
) -> Result<(), RunError> {
    let begin = Piece { range: 0..0 };
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        return Err(classify(&e, prog, &begin, fence));
    }
    guard::arm(fence, true);
    let mut params = params_of(delivery);
    let mut result = Ok(());
    for i in 0..prog.pieces.len() {
        result = statement(conn, fence, prog, i, &mut params);
        if result.is_err() {
            break;
        }
    }
    guard::disarm(fence);
    if result.is_ok() {
        if let Err(e) = conn.execute_batch("COMMIT") {
            let end = Piece {
                range: prog.src.len()..prog.src.len(),
            };
            result = Err(classify(&e, prog, &end, fence));
        } else {
            return Ok(());
        }
    }
    // Never leave a transaction open, whatever failed (rolling back a finished one is harmless).
    if !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    result
}

/// Runs a lab's own SQL text (its `setup`) as one batch, fenced and with a deadline.
pub fn batch(conn: &Connection, fence: &Shared, src: &str) -> Result<(), RunError> {
    let prog = Program::new(src).map_err(RunError::Sql)?;
    guard::arm(fence, false);
    let mut params = Params::new();
    let mut result = Ok(());
    for i in 0..prog.pieces.len() {
        result = statement(conn, fence, &prog, i, &mut params);
        if result.is_err() {
            break;
        }
    }
    guard::disarm(fence);
    result
}

/// One cell of a state row: shown as the learner would write it, compared with its type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cell {
    key: String,
    pub shown: String,
}

pub type Row = Vec<Cell>;

/// The state: the `state` query's column names and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

fn cell(v: &Value) -> Cell {
    let shown = match v {
        Value::Null => "NULL".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(s) => sanitize_line(s),
        Value::Blob(b) => {
            let hex: String = b.iter().take(16).map(|x| format!("{x:02x}")).collect();
            format!("x'{hex}{}'", if b.len() > 16 { "…" } else { "" })
        }
    };
    Cell {
        key: format!("{v:?}"),
        shown,
    }
}

/// Reads the state with the lab's `state` query.
pub fn state(conn: &Connection, fence: &Shared, query: &str) -> Result<State, RunError> {
    let prog = Program::new(query).map_err(RunError::Sql)?;
    let Some(piece) = prog.pieces.first() else {
        return Err(RunError::Sql(error_at(
            query,
            0,
            "the state query is empty",
        )));
    };
    guard::arm(fence, false);
    let result = read_rows(conn, fence, &prog, piece);
    guard::disarm(fence);
    result
}

fn read_rows(
    conn: &Connection,
    fence: &Shared,
    prog: &Program<'_>,
    piece: &Piece,
) -> Result<State, RunError> {
    let fail = |e: &rusqlite::Error| classify(e, prog, piece, fence);
    let mut stmt = conn
        .prepare(&prog.src[piece.range.clone()])
        .map_err(|e| fail(&e))?;
    let columns: Vec<String> = stmt.column_names().map(sanitize_line).collect();
    let n = columns.len();
    let mut rows = Vec::new();
    let mut q = stmt.raw_query();
    while let Some(row) = q.next().map_err(|e| fail(&e))? {
        if rows.len() == MAX_STATE_ROWS {
            return Err(RunError::Sql(error_at(
                prog.src,
                piece.range.start,
                &format!("the state has more than {MAX_STATE_ROWS} rows"),
            )));
        }
        let mut r = Vec::with_capacity(n);
        for k in 0..n {
            r.push(cell(&row.get::<_, Value>(k).map_err(|e| fail(&e))?));
        }
        rows.push(r);
    }
    Ok(State { columns, rows })
}
