//! The state a run's steps change: each model's tables (key store, broker queue, processed ids,
//! effects per message, rows) and the [`Change`]s a [`super::trace::TraceEvent`] carries. A view
//! rebuilds the [`State`] after any step by applying the changes of the steps up to it.

use uuid::Uuid;

use super::trace::Participant;

/// How far a server has got with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Recorded, request still being processed (only with `store: atomic`).
    InFlight,
    /// Finished: the response is stored and will be replayed.
    Done,
}

/// A row of the server's idempotency-key store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    pub key: Uuid,
    /// The payload the key was first used with (the amount): a retry with another is a 422.
    pub fingerprint: i64,
    pub state: KeyState,
    /// The stored response status, once done.
    pub response: Option<u16>,
    /// Virtual time the row was written; it expires `key_ttl_ms` later.
    pub stored_at_ms: u64,
}

/// Where a copy of a message is in the broker's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueState {
    Queued,
    InFlight,
    Acked,
}

/// One copy of a message in the broker's queue (a re-published message is a second copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    /// Position in the queue, from 1.
    pub entry: u32,
    /// Which of the producer's messages, from 1.
    pub message: u32,
    pub id: Uuid,
    pub deliveries: u32,
    pub state: QueueState,
}

/// A row of the upsert model's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbRow {
    /// The table's own row id (serial), from 1.
    pub row: u32,
    /// The client-generated id the client writes under.
    pub key: Uuid,
    pub n: i64,
}

/// How often a consumer's effect has run for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageEffects {
    pub message: u32,
    pub id: Uuid,
    pub effects: i64,
}

/// One change to the state, carried by the event that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An outcome counter's new value (the ledger balance is the `balance` counter).
    Counter { name: &'static str, value: i64 },
    /// A participant went down or came back.
    Up { who: Participant, up: bool },
    /// A key-store row was written (`Some`) or removed (`None`).
    Key { key: Uuid, row: Option<KeyRow> },
    /// A broker queue entry was added or changed.
    Queue { row: QueueRow },
    /// A consumer's processed-id table gained (`true`) or lost an id.
    Dedup { id: Uuid, present: bool },
    /// A consumer's committed effect count for one message.
    Effects { row: MessageEffects },
    /// A table row was written.
    Row { row: DbRow },
}

/// Everything a view shows at one step: counters, who is up, and each model's tables.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// In the order of `Model::counters()`.
    pub counters: Vec<(&'static str, i64)>,
    /// Participants currently down (crashed, not yet restarted).
    pub down: Vec<Participant>,
    /// http-retry: the key store, in the order rows were first written.
    pub keys: Vec<KeyRow>,
    /// consumer: the broker's queue.
    pub queue: Vec<QueueRow>,
    /// consumer: processed message ids.
    pub dedup: Vec<Uuid>,
    /// consumer: committed effects per message.
    pub effects: Vec<MessageEffects>,
    /// upsert: the table.
    pub rows: Vec<DbRow>,
}

impl State {
    /// Applies one change.
    pub fn apply(&mut self, c: &Change) {
        match c {
            Change::Counter { name, value } => {
                if let Some(slot) = self.counters.iter_mut().find(|(n, _)| n == name) {
                    slot.1 = *value;
                }
            }
            Change::Up { who, up } => {
                self.down.retain(|p| p != who);
                if !up {
                    self.down.push(*who);
                }
            }
            Change::Key { key, row } => match (self.keys.iter().position(|r| r.key == *key), row) {
                (Some(i), Some(r)) => self.keys[i] = r.clone(),
                (Some(i), None) => {
                    self.keys.remove(i);
                }
                (None, Some(r)) => self.keys.push(r.clone()),
                (None, None) => {}
            },
            Change::Queue { row } => upsert_by(&mut self.queue, row, |r| r.entry),
            Change::Dedup { id, present } => {
                self.dedup.retain(|d| d != id);
                if *present {
                    self.dedup.push(*id);
                }
            }
            Change::Effects { row } => upsert_by(&mut self.effects, row, |r| r.message),
            Change::Row { row } => upsert_by(&mut self.rows, row, |r| r.row),
        }
    }
}

fn upsert_by<T: Clone, K: PartialEq>(v: &mut Vec<T>, row: &T, key: impl Fn(&T) -> K) {
    match v.iter().position(|r| key(r) == key(row)) {
        Some(i) => v[i] = row.clone(),
        None => v.push(row.clone()),
    }
}
