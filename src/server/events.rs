//! The way the server's [`Event`]s reach the synchronous side: a ring of the newest
//! `Config::event_buffer` events. A request handler only pushes (a short lock, never a wait),
//! so a reader that lags, or stops reading, never slows a request; when the ring is full the
//! oldest event makes room and is counted, so memory stays bounded and the reader can say how
//! many it never saw ("n events not shown").
//!
//! [`Events`] is the one reader; its methods mirror a std `Receiver` (`recv`, `recv_timeout`,
//! `try_recv`, `try_iter`, iteration until the server is gone).

use std::collections::VecDeque;
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::event::Event;

struct State {
    buf: VecDeque<Event>,
    /// Events pushed out of a full ring, never read.
    dropped: u64,
    /// The server is gone: nothing more will come.
    closed: bool,
    /// The reader is gone: nothing is kept any more.
    unread: bool,
}

struct Ring {
    state: Mutex<State>,
    ready: Condvar,
    cap: usize,
}

impl Ring {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The server's end: pushes, dropping the oldest when full.
pub struct EventTx(Arc<Ring>);

/// The reader's end.
pub struct Events(Arc<Ring>);

/// A ring of `cap` events (at least 1).
#[must_use]
pub fn ring(cap: usize) -> (EventTx, Events) {
    let ring = Arc::new(Ring {
        state: Mutex::new(State {
            buf: VecDeque::new(),
            dropped: 0,
            closed: false,
            unread: false,
        }),
        ready: Condvar::new(),
        cap: cap.max(1),
    });
    (EventTx(Arc::clone(&ring)), Events(ring))
}

impl EventTx {
    /// Keeps `ev`; in a full ring the oldest event goes (and is counted).
    pub fn send(&self, ev: Event) {
        let mut s = self.0.lock();
        if s.unread {
            return;
        }
        if s.buf.len() >= self.0.cap {
            s.buf.pop_front();
            s.dropped += 1;
        }
        s.buf.push_back(ev);
        drop(s);
        self.0.ready.notify_one();
    }

    /// Events pushed out unread so far.
    #[must_use]
    pub fn dropped(&self) -> u64 {
        self.0.lock().dropped
    }
}

impl Drop for EventTx {
    fn drop(&mut self) {
        self.0.lock().closed = true;
        self.0.ready.notify_all();
    }
}

impl Events {
    /// The oldest event kept, waiting for one; `None` once the server is gone and all are read.
    #[must_use]
    pub fn recv(&self) -> Option<Event> {
        let mut s = self.0.lock();
        loop {
            if let Some(ev) = s.buf.pop_front() {
                return Some(ev);
            }
            if s.closed {
                return None;
            }
            s = self.0.ready.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// As [`Events::recv`], waiting at most `timeout`.
    ///
    /// # Errors
    /// `Timeout` when none came in time, `Disconnected` when the server is gone.
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Event, RecvTimeoutError> {
        let deadline = Instant::now() + timeout;
        let mut s = self.0.lock();
        loop {
            if let Some(ev) = s.buf.pop_front() {
                return Ok(ev);
            }
            if s.closed {
                return Err(RecvTimeoutError::Disconnected);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(RecvTimeoutError::Timeout);
            }
            s = self
                .0
                .ready
                .wait_timeout(s, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// The oldest event kept, without waiting.
    #[must_use]
    pub fn try_recv(&self) -> Option<Event> {
        self.0.lock().buf.pop_front()
    }

    /// Every event kept now, oldest first, without waiting.
    pub fn try_iter(&self) -> impl Iterator<Item = Event> + '_ {
        std::iter::from_fn(|| self.try_recv())
    }

    /// Events pushed out of the full ring before they were read.
    #[must_use]
    pub fn dropped(&self) -> u64 {
        self.0.lock().dropped
    }

    /// Events waiting to be read.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.lock().buf.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many events the ring keeps.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.0.cap
    }
}

/// A server nobody listens to keeps no events.
impl Drop for Events {
    fn drop(&mut self) {
        let mut s = self.0.lock();
        s.unread = true;
        s.buf.clear();
    }
}

/// Waits for each event until the server is gone.
impl Iterator for Events {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        self.recv()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(seq: u64) -> Event {
        let mut e = super::super::flow::empty_event();
        e.seq = seq;
        e
    }

    #[test]
    fn a_full_ring_keeps_the_newest_and_counts_the_rest() {
        let (tx, rx) = ring(3);
        for s in 1..=10 {
            tx.send(ev(s));
        }
        assert_eq!(rx.dropped(), 7);
        assert_eq!(tx.dropped(), 7);
        let kept: Vec<u64> = rx.try_iter().map(|e| e.seq).collect();
        assert_eq!(kept, [8, 9, 10]);
        assert_eq!(
            rx.recv_timeout(Duration::from_millis(10)),
            Err(RecvTimeoutError::Timeout)
        );
        tx.send(ev(11));
        drop(tx);
        assert_eq!(rx.recv().map(|e| e.seq), Some(11));
        assert_eq!(rx.recv(), None, "the server is gone");
        assert_eq!(
            rx.recv_timeout(Duration::from_millis(10)),
            Err(RecvTimeoutError::Disconnected)
        );
    }

    #[test]
    fn without_a_reader_nothing_is_kept() {
        let (tx, rx) = ring(3);
        tx.send(ev(1));
        drop(rx);
        tx.send(ev(2));
        assert_eq!(tx.0.lock().buf.len(), 0);
    }

    #[test]
    fn a_waiting_reader_wakes_on_a_push_from_another_thread() {
        let (tx, rx) = ring(2);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            tx.send(ev(1));
        });
        assert_eq!(rx.recv().map(|e| e.seq), Some(1));
        t.join().unwrap();
    }
}
