//! What each endpoint does to the ledger, given a transaction: validate the body, write, and
//! answer. A body that fails validation writes nothing and answers 400, and that answer is what
//! a key stores (a retry with the same key gets the same 400: draft §2.6, "success or an error").

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value, json};

use super::answer::Answer;
use super::db::{INSERT_CHARGE, charge_id, now_ms, rfc3339};
use super::store::Applied;

/// The largest amount accepted (a trillion cents).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;
/// The longest order id and account id accepted.
pub const MAX_ID: usize = 128;

/// Why a body was refused: the `detail` of its 400 answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum BodyError {
    #[error("the body must be a JSON object")]
    NotObject,
    #[error("the body is not valid JSON: {0}")]
    NotJson(String),
    #[error("unknown field {}: the fields are {}", Value::String(.field.clone()), .allowed.join(", "))]
    UnknownField {
        field: String,
        allowed: Vec<&'static str>,
    },
    #[error("the field \"{0}\" is missing")]
    Missing(&'static str),
    #[error("\"{field}\" must be a whole number from {min} to {MAX_AMOUNT}, not {given}")]
    OutOfRange {
        field: &'static str,
        min: i64,
        given: Value,
    },
}

fn rejected(detail: &str) -> Applied {
    Applied::without_charge(Answer::problem(400, detail), false)
}

/// The JSON object of a body, or the 400 that says why not.
fn object(body: &[u8]) -> Result<Map<String, Value>, BodyError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(BodyError::NotObject),
        Err(e) => Err(BodyError::NotJson(e.to_string())),
    }
}

/// Refuses fields other than `allowed`.
fn only(m: &Map<String, Value>, allowed: &[&'static str]) -> Result<(), BodyError> {
    match m.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(BodyError::UnknownField {
            field: k.clone(),
            allowed: allowed.to_vec(),
        }),
        None => Ok(()),
    }
}

/// A required integer field in `min..=MAX_AMOUNT`.
fn amount(m: &Map<String, Value>, field: &'static str, min: i64) -> Result<i64, BodyError> {
    match m.get(field) {
        None => Err(BodyError::Missing(field)),
        Some(v) => match v.as_i64() {
            Some(n) if (min..=MAX_AMOUNT).contains(&n) => Ok(n),
            _ => Err(BodyError::OutOfRange {
                field,
                min,
                given: v.clone(),
            }),
        },
    }
}

/// A body of the given fields, with its one amount-like field checked.
fn fields(
    body: &[u8],
    allowed: &[&'static str],
    field: &'static str,
    min: i64,
) -> Result<(Map<String, Value>, i64), BodyError> {
    let m = object(body)?;
    only(&m, allowed)?;
    let n = amount(&m, field, min)?;
    Ok((m, n))
}

/// An id from a path or a body: 1 to [`MAX_ID`] printable ASCII characters.
#[must_use]
pub fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_ID && s.bytes().all(|b| b.is_ascii_graphic())
}

/// `POST /charges`: one charge.
pub fn charge(conn: &Connection, body: &[u8], key: Option<&str>) -> rusqlite::Result<Applied> {
    let (m, amount) = match fields(body, &["amount", "order"], "amount", 1) {
        Ok(x) => x,
        Err(d) => return Ok(rejected(&d.to_string())),
    };
    let order = match m.get("order") {
        None | Some(Value::Null) => None,
        Some(Value::String(o)) if valid_id(o) => Some(o.clone()),
        Some(v) => {
            return Ok(rejected(&format!(
                "\"order\" must be a string of 1 to {MAX_ID} printable ASCII characters, not {v}"
            )));
        }
    };
    // A second charge for the same order (or, without one, the same key) is a double charge.
    let earlier: Option<i64> = match (&order, key) {
        (Some(o), _) => conn
            .prepare_cached("SELECT seq FROM charges WHERE order_id = ?1 ORDER BY seq LIMIT 1")?
            .query_row(params![o], |r| r.get(0))
            .optional()?,
        (None, Some(k)) => conn
            .prepare_cached("SELECT seq FROM charges WHERE idem_key = ?1 ORDER BY seq LIMIT 1")?
            .query_row(params![k], |r| r.get(0))
            .optional()?,
        (None, None) => None,
    };
    let created = rfc3339(now_ms());
    conn.prepare_cached(INSERT_CHARGE)?
        .execute(params![amount, order, key, created])?;
    let id = charge_id(conn.last_insert_rowid());
    let answer = Answer::json(
        201,
        &json!({"id": id, "amount": amount, "order": order, "created": created}),
    );
    Ok(Applied {
        answer,
        effect: true,
        charge_id: Some(id),
        order,
        duplicate_of: earlier.map(charge_id),
    })
}

/// `POST /accounts/{id}/deposits`: adds to the balance (an account not seen yet starts at 0).
pub fn deposit(conn: &Connection, account: &str, body: &[u8]) -> rusqlite::Result<Applied> {
    let amount = match fields(body, &["amount"], "amount", 1) {
        Ok((_, a)) => a,
        Err(d) => return Ok(rejected(&d.to_string())),
    };
    let balance: i64 = conn
        .prepare_cached(
            "INSERT INTO accounts (id, balance) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET balance = min(balance + ?2, 9000000000000000000)
             RETURNING balance",
        )?
        .query_row(params![account, amount], |r| r.get(0))?;
    let created = rfc3339(now_ms());
    conn.prepare_cached("INSERT INTO deposits (account, amount, created) VALUES (?1, ?2, ?3)")?
        .execute(params![account, amount, created])?;
    let id = format!("dp_{:04}", conn.last_insert_rowid());
    let answer = Answer::json(
        201,
        &json!({"id": id, "account": account, "amount": amount, "balance": balance, "created": created}),
    );
    Ok(Applied::without_charge(answer, true))
}

/// `PUT /accounts/{id}/balance`: sets it; 201 when the account is new, else 200.
pub fn set_balance(conn: &Connection, account: &str, body: &[u8]) -> rusqlite::Result<Applied> {
    let balance = match fields(body, &["balance"], "balance", 0) {
        Ok((_, b)) => b,
        Err(d) => return Ok(rejected(&d.to_string())),
    };
    let existed: bool = conn
        .prepare_cached("SELECT 1 FROM accounts WHERE id = ?1")?
        .query_row(params![account], |_| Ok(()))
        .optional()?
        .is_some();
    conn.prepare_cached(
        "INSERT INTO accounts (id, balance) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET balance = ?2",
    )?
    .execute(params![account, balance])?;
    let answer = Answer::json(
        if existed { 200 } else { 201 },
        &json!({"id": account, "balance": balance}),
    );
    Ok(Applied::without_charge(answer, true))
}

/// `DELETE /accounts/{id}`: 204, then 404.
pub fn delete_account(conn: &Connection, account: &str) -> rusqlite::Result<Applied> {
    let n = conn
        .prepare_cached("DELETE FROM accounts WHERE id = ?1")?
        .execute(params![account])?;
    let answer = if n == 0 {
        Answer::problem(
            404,
            &format!("there is no account {}", Value::String(account.into())),
        )
    } else {
        Answer::empty(204)
    };
    Ok(Applied::without_charge(answer, n > 0))
}
