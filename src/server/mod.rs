//! `idemlab serve`: a small payments API that implements the Idempotency-Key draft on a real
//! SQLite database, with faults a learner switches on, so retries by curl or by their own client
//! really charge twice, or really do not.
//!
//! The async runtime lives here and nowhere else: [`Server::start`] binds the socket (so a port
//! in use is reported at once), opens the database, and runs a two-worker tokio runtime on its
//! own thread. The rest of the app stays synchronous: it reads an [`Event`] per request from a
//! bounded ring ([`events`]: the newest kept, a lagging reader never blocks a request), reads the ledger and key store through the handle, switches [`Knobs`] live, and
//! stops the server with [`Server::shutdown`] (also on drop).
//!
//! - [`config`]: modes, knobs, limits; [`key`]: the `Idempotency-Key` field; [`canon`]: the
//!   fingerprint; [`answer`]: answers and RFC 9457 problems.
//! - [`db`]: the database ([`checkpoint`]: its WAL checkpoint, off the requests' path); [`store`]: the three store modes' transactions; [`effects`]: what
//!   each endpoint writes; [`flow`]: one request through mode and faults; [`faults`]: the seeded
//!   plan.
//! - [`api`]: routes and request checks; [`conn`]: connections, limits, shutdown;
//!   [`event`]: what is reported, and its log lines; [`events`]: the ring it is reported on.

pub mod answer;
mod api;
pub mod canon;
mod checkpoint;
pub mod config;
mod conn;
pub mod db;
mod effects;
pub mod event;
pub mod events;
pub mod faults;
mod flow;
pub mod key;
mod shared;
pub mod store;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;

pub use config::{Config, ConfigError, DbPath, Delay, Knobs, StoreMode};
pub use db::{Charge, KeyRow, Ledger};
pub use event::{Event, FingerprintMatch, Outcome, Step};
pub use events::Events;

/// Why a server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("port {port} on {ip} is already in use: choose another with --port")]
    PortInUse { ip: std::net::IpAddr, port: u16 },
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot open the database {path}: {message}")]
    Db { path: String, message: String },
    #[error("cannot start the server's runtime: {0}")]
    Runtime(io::Error),
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<shared::Shared>,
    events: Option<Events>,
    stop: tokio::sync::watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds, opens the database and starts serving.
    pub fn start(cfg: Config) -> Result<Server, StartError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("idemlab-serve")
            .enable_all()
            .build()
            .map_err(StartError::Runtime)?;
        let listener = {
            let _inside = runtime.enter();
            bind(cfg.addr)?
        };
        let addr = listener.local_addr().map_err(StartError::Runtime)?;
        let db = db::Db::open(&cfg.db).map_err(|e| StartError::Db {
            path: match &cfg.db {
                DbPath::Memory => ":memory:".into(),
                DbPath::File(p) => crate::text::sanitize_path(p),
            },
            message: e.to_string(),
        })?;
        let (tx, rx) = events::ring(cfg.event_buffer);
        let shared = Arc::new(shared::Shared::new(&cfg, Arc::new(db), tx));
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let router = api::router(Arc::clone(&shared));
        let thread = std::thread::Builder::new()
            .name("idemlab-serve".into())
            .spawn(move || {
                runtime.block_on(conn::serve(listener, router, cfg, stop_rx));
                // Handlers still running on the blocking pool finish their statement.
                runtime.shutdown_timeout(std::time::Duration::from_secs(2));
            })
            .map_err(StartError::Runtime)?;
        Ok(Server {
            addr,
            shared,
            events: Some(rx),
            stop,
            thread: Some(thread),
        })
    }

    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:7878`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The request events (once: there is one reader). The newest `Config::event_buffer` are
    /// kept for it; older ones unread are dropped and counted ([`Server::lost_events`]).
    pub fn take_events(&mut self) -> Option<Events> {
        self.events.take()
    }

    /// Events dropped unread because their reader lagged (the oldest go first).
    #[must_use]
    pub fn lost_events(&self) -> u64 {
        self.shared.lost_events()
    }

    #[must_use]
    pub fn knobs(&self) -> Knobs {
        self.shared.knobs()
    }

    /// Switches mode and faults for the requests that arrive from now on.
    pub fn set_knobs(&self, knobs: Knobs) {
        self.shared.set_knobs(knobs);
    }

    pub fn ledger(&self) -> rusqlite::Result<Ledger> {
        self.shared.db.ledger()
    }

    /// The newest `n` keys of the key store, newest first.
    pub fn keys(&self, n: usize) -> rusqlite::Result<Vec<KeyRow>> {
        self.shared.db.keys(n)
    }

    /// The newest `n` charges, newest first.
    pub fn recent_charges(&self, n: usize) -> rusqlite::Result<Vec<Charge>> {
        self.shared.db.recent_charges(n)
    }

    /// Key-store TTL in ms (the dashboard shows ages against it).
    #[must_use]
    pub fn key_ttl_ms(&self) -> i64 {
        self.shared.key_ttl_ms
    }

    /// Stops accepting, finishes or refuses (503) what is in flight, closes the database.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.shared.closing.store(true, Ordering::Relaxed);
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Binds with a deep accept queue ([`BACKLOG`]): a burst of connections waits there instead of
/// having its SYNs dropped (the client would retry only a second later). `SO_REUSEADDR`: the
/// connections a stopped server closed keep its port in TIME_WAIT for a minute, and a restart
/// must bind it all the same; a port another server listens on is still refused.
fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, StartError> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()
    } else {
        tokio::net::TcpSocket::new_v6()
    }
    .map_err(StartError::Runtime)?;
    let err = |source: io::Error| {
        if source.kind() == io::ErrorKind::AddrInUse {
            StartError::PortInUse {
                ip: addr.ip(),
                port: addr.port(),
            }
        } else {
            StartError::Bind { addr, source }
        }
    };
    socket.set_reuseaddr(true).map_err(StartError::Runtime)?;
    socket.bind(addr).map_err(err)?;
    socket.listen(BACKLOG).map_err(err)
}

/// Pending connections the kernel may queue (capped by `net.core.somaxconn`).
const BACKLOG: u32 = 4096;

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_now();
    }
}
