//! Accepting and serving connections, one task each, with hyper's HTTP/1.1 connection builder
//! serving the axum router: that is what lets a handler close its own connection (the lost
//! response) by notifying the task, which drops the connection without writing a byte.
//!
//! What bad clients meet: a request head over [`MAX_HEAD`] (431, from hyper), garbage (400 and
//! closed, from hyper), a connection that sends no complete head within the read timeout
//! (closed), and past [`Config::max_connections`] open connections the one idle longest is
//! closed to make room (a new one is refused only when all are busy), so ten thousand idle
//! sockets cannot lock out a real client. Shutdown stops accepting, lets each connection finish
//! the request it is in (hyper's graceful shutdown), and after the grace period closes the rest.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::Service;

use super::config::{Config, MAX_HEAD};
use super::db::now_ms;
use super::shared::ConnCtx;

/// One open connection, as the accept loop sees it.
struct Slot {
    busy: AtomicU32,
    last_ms: AtomicI64,
    abort: Arc<Notify>,
}

type Slots = Arc<Mutex<HashMap<u64, Arc<Slot>>>>;

/// Serves until `stop` turns true, then shuts down as the module docs say.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    cfg: Config,
    mut stop: watch::Receiver<bool>,
) {
    let slots: Slots = Arc::new(Mutex::new(HashMap::new()));
    let next = AtomicU64::new(1);
    let mut tasks = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    continue;
                };
                let id = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = admit(&slots, id, cfg.max_connections) else {
                    drop(stream);
                    continue;
                };
                tasks.spawn(connection(stream, router.clone(), cfg.clone(), id, slot, Arc::clone(&slots), stop.clone()));
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            _ = stop.changed() => break,
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(cfg.grace, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tasks.shutdown().await;
    }
}

/// A slot for connection `id`, closing the longest-idle connection when all are taken.
fn admit(slots: &Slots, id: u64, max: usize) -> Option<Arc<Slot>> {
    let mut map = slots.lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() >= max {
        let idle = map
            .iter()
            .filter(|(_, s)| s.busy.load(Ordering::Relaxed) == 0)
            .min_by_key(|(_, s)| s.last_ms.load(Ordering::Relaxed))
            .map(|(id, s)| (*id, Arc::clone(s)));
        let (old, slot) = idle?;
        slot.abort.notify_one();
        map.remove(&old);
    }
    let slot = Arc::new(Slot {
        busy: AtomicU32::new(0),
        last_ms: AtomicI64::new(now_ms()),
        abort: Arc::new(Notify::new()),
    });
    map.insert(id, Arc::clone(&slot));
    Some(slot)
}

async fn connection(
    stream: TcpStream,
    router: Router,
    cfg: Config,
    id: u64,
    slot: Arc<Slot>,
    slots: Slots,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let ctx = ConnCtx {
        id,
        abort: Arc::clone(&slot.abort),
    };
    let svc_slot = Arc::clone(&slot);
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ctx.clone());
        let slot = Arc::clone(&svc_slot);
        slot.busy.fetch_add(1, Ordering::Relaxed);
        let mut router = router.clone();
        async move {
            let res = router.call(req.map(Body::new)).await;
            slot.busy.fetch_sub(1, Ordering::Relaxed);
            slot.last_ms.store(now_ms(), Ordering::Relaxed);
            res
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(cfg.read_timeout)
        .max_buf_size(MAX_HEAD)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    let mut stopping = *stop.borrow();
    if stopping {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            () = slot.abort.notified() => break,
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
    slots
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&id);
}
