//! One request with an effect, from its key to its answer, in the order the store mode says
//! (see [`super::store`]), with the fault plan's draw applied at its points: the processing
//! delay after the key is claimed or checked, a crash before the effect, inside it (atomic: the
//! transaction rolls back) or after the answer is stored, and a dropped response after
//! everything is committed. A dropped or crashed request closes its connection without a byte
//! of answer. Every path ends in exactly one [`Event`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Response;
use rusqlite::Connection;

use super::answer::{Answer, kind};
use super::canon::fingerprint;
use super::config::StoreMode;
use super::db::now_ms;
use super::event::{Event, FingerprintMatch, Outcome, Step};
use super::faults::CrashPoint;
use super::shared::{ConnCtx, Shared};
use super::store::{self, Applied, Effect, Found, KeyId};

/// A request after its head and body were accepted.
pub struct Rq {
    pub method: String,
    pub path: String,
    pub key: Option<String>,
    pub body: axum::body::Bytes,
}

/// Builds the request's [`Event`] as it goes.
pub struct Trace {
    start: Instant,
    pub ev: Event,
}

impl Trace {
    pub fn new(sh: &Shared, ctx: &ConnCtx, method: &str, path: &str, key: Option<&str>) -> Trace {
        Trace {
            start: Instant::now(),
            ev: Event {
                conn: ctx.id,
                at_ms: now_ms(),
                store: sh.knobs().store,
                method: method.to_string(),
                path: path.to_string(),
                key: key.map(str::to_string),
                ..empty_event()
            },
        }
    }

    pub fn step(&mut self, step: Step) {
        let t = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.ev.steps.push((t, step));
    }

    fn applied(&mut self, a: &Applied) {
        if a.effect {
            self.step(Step::Effect(
                a.charge_id.clone().unwrap_or_else(|| "write".into()),
            ));
            self.ev.outcome = Outcome::Applied;
        } else {
            self.ev.outcome = Outcome::Rejected;
        }
        self.ev.charge_id.clone_from(&a.charge_id);
        self.ev.order.clone_from(&a.order);
        self.ev.duplicate_of.clone_from(&a.duplicate_of);
    }

    /// Sends the event and the answer.
    pub fn answer(
        mut self,
        sh: &Shared,
        outcome: Option<Outcome>,
        answer: Answer,
    ) -> Response<Body> {
        if let Some(o) = outcome {
            self.ev.outcome = o;
        }
        self.ev.status = Some(answer.status);
        self.finish(sh);
        answer.into_response()
    }

    /// Sends the event, then closes the connection without an answer.
    async fn abort(mut self, sh: &Shared, ctx: &ConnCtx, fault: &'static str) -> Response<Body> {
        self.ev.fault = Some(fault);
        if fault != "drop-response" {
            self.ev.outcome = Outcome::Crashed;
        }
        self.finish(sh);
        ctx.abort.notify_one();
        // The connection task drops this future with the connection.
        std::future::pending::<()>().await;
        Answer::empty(500).into_response()
    }

    fn finish(&mut self, sh: &Shared) {
        self.ev.elapsed_ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        sh.emit(std::mem::replace(&mut self.ev, empty_event()));
    }
}

pub(super) fn empty_event() -> Event {
    Event {
        seq: 0,
        conn: 0,
        at_ms: 0,
        elapsed_ms: 0,
        store: StoreMode::None,
        method: String::new(),
        path: String::new(),
        key: None,
        fingerprint: None,
        outcome: Outcome::Read,
        status: None,
        replayed: false,
        charge_id: None,
        order: None,
        fault: None,
        duplicate_of: None,
        key_expired: false,
        steps: Vec::new(),
    }
}

/// Runs `f` on the database, on the runtime thread itself: every statement here takes
/// microseconds (one connection, short transactions), less than a hop to tokio's blocking pool
/// and back, which measured slower. The lock is never held across an await. A database error
/// is a 503: the client may retry (the key, if claimed, stays in flight until its lease ends).
pub async fn blocking<T: Send + 'static>(
    sh: &Arc<Shared>,
    f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, Answer> {
    let result = f(&sh.db.lock());
    result.map_err(|e| {
        Answer::problem(503, &format!("the database failed: {e}")).with_header("Retry-After", "1")
    })
}

/// A request that writes: `make` builds its effect (given the key it is charged under).
pub async fn effectful(
    sh: Arc<Shared>,
    ctx: ConnCtx,
    rq: Rq,
    keyed: bool,
    make: impl FnOnce(Option<String>) -> Box<Effect<'static>> + Send + 'static,
) -> Response<Body> {
    let mut tr = Trace::new(&sh, &ctx, &rq.method, &rq.path, rq.key.as_deref());
    let knobs = sh.knobs();
    tr.ev.store = knobs.store;
    let draw = sh.draw(&knobs);
    let delay = Duration::from_millis(draw.delay_ms);
    let key = rq
        .key
        .clone()
        .filter(|_| keyed && knobs.store != StoreMode::None);
    let now = now_ms();
    let ttl = sh.ttl_ms();
    let lease = sh.lease_ms();
    sh.maybe_purge(now).await;

    let Some(k) = key else {
        // `none`, or no key: the effect alone.
        tokio::time::sleep(delay).await;
        if draw.crash == Some(CrashPoint::BeforeEffect) {
            return tr.abort(&sh, &ctx, CrashPoint::BeforeEffect.name()).await;
        }
        let effect = make(rq.key.clone().filter(|_| keyed));
        let applied = match blocking(&sh, move |c| store::apply(c, effect)).await {
            Ok(a) => a,
            Err(e) => return tr.answer(&sh, Some(Outcome::Rejected), e),
        };
        tr.applied(&applied);
        if let Some(point) = draw.crash.filter(|_| applied.effect) {
            return tr.abort(&sh, &ctx, point.name()).await;
        }
        if draw.drop_response && applied.effect {
            return tr.abort(&sh, &ctx, "drop-response").await;
        }
        return tr.answer(&sh, None, applied.answer);
    };

    let fp = fingerprint(&rq.method, &rq.path, &rq.body);
    let (method, path) = (rq.method.clone(), rq.path.clone());
    let atomic = knobs.store == StoreMode::Atomic;
    let found = {
        let (m, p, k, fp) = (method.clone(), path.clone(), k.clone(), fp.clone());
        blocking(&sh, move |c| {
            let id = KeyId {
                method: &m,
                path: &p,
                key: &k,
            };
            if atomic {
                store::claim(c, &id, &fp, now, ttl, lease)
            } else {
                store::check(c, &id, &fp, now, ttl)
            }
        })
        .await
    };
    let found = match found {
        Ok(f) => f,
        Err(e) => return tr.answer(&sh, Some(Outcome::Rejected), e),
    };
    let seen = match &found {
        Found::Proceed {
            reclaimed: true, ..
        } => "stale in-flight: reclaimed",
        Found::Proceed { expired: true, .. } => "expired: new",
        Found::Proceed { .. } => "absent",
        Found::Replay(_) => "done: replay",
        Found::InFlight => "in flight",
        Found::Mismatch => "other payload",
    };
    tr.step(if atomic {
        Step::Claim(seen)
    } else {
        Step::Check(seen)
    });
    match found {
        Found::Replay(mut answer) => {
            tr.ev.fingerprint = Some(FingerprintMatch::Same);
            tr.ev.replayed = true;
            tr.ev.charge_id = serde_json::from_slice::<serde_json::Value>(&answer.body)
                .ok()
                .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(str::to_string))
                .filter(|id| id.starts_with("ch_"));
            answer.headers.push(("Idempotent-Replayed", "true".into()));
            return tr.answer(&sh, Some(Outcome::Replayed), answer);
        }
        Found::InFlight => {
            tr.ev.fingerprint = Some(FingerprintMatch::Same);
            let a = Answer::idempotency_problem(
                409,
                kind::IN_FLIGHT,
                "Request in flight",
                "a request with this Idempotency-Key is still being processed; retry after Retry-After",
            )
            .with_header("Retry-After", "1");
            return tr.answer(&sh, Some(Outcome::InFlight), a);
        }
        Found::Mismatch => {
            tr.ev.fingerprint = Some(FingerprintMatch::Different);
            let a = Answer::idempotency_problem(
                422,
                kind::MISMATCH,
                "Idempotency-Key reused",
                "this Idempotency-Key was first used with another request payload; \
                 the original is kept: resend it unchanged, or use a new key for a new request",
            );
            return tr.answer(&sh, Some(Outcome::Mismatch), a);
        }
        Found::Proceed { expired, .. } => {
            tr.ev.fingerprint = Some(FingerprintMatch::New);
            tr.ev.key_expired = expired;
        }
    }

    tokio::time::sleep(delay).await;
    if draw.crash == Some(CrashPoint::BeforeEffect) {
        return tr.abort(&sh, &ctx, CrashPoint::BeforeEffect.name()).await;
    }
    let effect = make(Some(k.clone()));
    let crash_inside = draw.crash == Some(CrashPoint::AfterEffect);
    let applied = if atomic {
        let (m, p, k) = (method.clone(), path.clone(), k.clone());
        let r = blocking(&sh, move |c| {
            store::apply_and_store(
                c,
                &KeyId {
                    method: &m,
                    path: &p,
                    key: &k,
                },
                effect,
                crash_inside,
            )
        })
        .await;
        match r {
            Ok(Some(a)) => {
                tr.applied(&a);
                tr.step(Step::Store);
                a
            }
            Ok(None) => {
                tr.step(Step::Rollback);
                return tr.abort(&sh, &ctx, CrashPoint::AfterEffect.name()).await;
            }
            Err(e) => return tr.answer(&sh, Some(Outcome::Rejected), e),
        }
    } else {
        let a = match blocking(&sh, move |c| store::apply(c, effect)).await {
            Ok(a) => a,
            Err(e) => return tr.answer(&sh, Some(Outcome::Rejected), e),
        };
        tr.applied(&a);
        if crash_inside {
            return tr.abort(&sh, &ctx, CrashPoint::AfterEffect.name()).await;
        }
        let (m, p, k, fp, answer) = (
            method.clone(),
            path.clone(),
            k.clone(),
            fp,
            a.answer.clone(),
        );
        let stored = blocking(&sh, move |c| {
            store::store_done(
                c,
                &KeyId {
                    method: &m,
                    path: &p,
                    key: &k,
                },
                &fp,
                &answer,
                now_ms(),
            )
        })
        .await;
        if let Err(e) = stored {
            return tr.answer(&sh, Some(Outcome::Rejected), e);
        }
        tr.step(Step::Store);
        a
    };
    if draw.crash == Some(CrashPoint::AfterStore) {
        return tr.abort(&sh, &ctx, CrashPoint::AfterStore.name()).await;
    }
    if draw.drop_response && applied.effect {
        return tr.abort(&sh, &ctx, "drop-response").await;
    }
    tr.answer(&sh, None, applied.answer)
}

/// The 400 for a missing key under `--require-key`.
#[must_use]
pub fn missing_key() -> Answer {
    Answer::idempotency_problem(
        400,
        kind::MISSING_KEY,
        "Idempotency-Key missing",
        "this server requires an Idempotency-Key header on POST requests \
         (e.g. Idempotency-Key: \"8e03978e-40d5-43e8-bc93-6894a57f9324\")",
    )
}
