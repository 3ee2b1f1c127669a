//! What a run leaves behind: one [`TraceEvent`] per thing that happened, each carrying the state
//! it changed as [`Change`]s. A view never re-runs the engine: the state after step `i` is the
//! initial [`State`] with the changes of steps `0..=i` applied ([`crate::sim::Run::state_at`]),
//! so stepping backwards is just a smaller index.
//!
//! Arrows for a sequence diagram: a `send` (or `publish`, `redeliver`) from A to B is followed,
//! for the same attempt or delivery number, by either a `deliver` at B (the arrow lands) or a
//! `drop` (the network lost it). Every other kind happens on one lifeline (`from == to`).

use uuid::Uuid;

pub use super::state::{
    Change, DbRow, KeyRow, KeyState, MessageEffects, QueueRow, QueueState, State,
};

/// Who takes part in a run: the lifelines of a sequence diagram, declared in the order a
/// diagram draws them left to right. The network is not a lifeline: a lost message is a `drop`
/// between its sender and its receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Participant {
    User,
    Client,
    Producer,
    Broker,
    Consumer,
    Server,
    Db,
}

impl Participant {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Client => "client",
            Self::Server => "server",
            Self::Producer => "producer",
            Self::Broker => "broker",
            Self::Consumer => "consumer",
            Self::Db => "db",
        }
    }
}

/// Who acts in a step, as the narration names them: a participant, the network (a loss), or
/// the run itself (the consumer model's closing count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    User,
    Client,
    Producer,
    Broker,
    Consumer,
    Server,
    Db,
    Network,
    End,
}

impl Actor {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Client => "client",
            Self::Producer => "producer",
            Self::Broker => "broker",
            Self::Consumer => "consumer",
            Self::Server => "server",
            Self::Db => "db",
            Self::Network => "network",
            Self::End => "end",
        }
    }
}

impl From<Participant> for Actor {
    fn from(p: Participant) -> Self {
        match p {
            Participant::User => Self::User,
            Participant::Client => Self::Client,
            Participant::Producer => Self::Producer,
            Participant::Broker => Self::Broker,
            Participant::Consumer => Self::Consumer,
            Participant::Server => Self::Server,
            Participant::Db => Self::Db,
        }
    }
}

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The user submits the form (http-retry with `submissions`).
    Submit,
    /// A request or response leaves its sender.
    Send,
    /// A request, response, message or ack reaches its receiver.
    Deliver,
    /// The network (or a dead receiver) lost what was sent.
    Drop,
    /// A timer ran out: the client's request timeout, the producer's ack timeout, the broker's
    /// visibility timeout.
    Timeout,
    /// The client waits before its next attempt.
    Backoff,
    /// A server, database or consumer starts handling a request or message.
    Process,
    /// The side effect ran and committed (a charge, a row write, a consumer effect); or, with
    /// a label that says `(uncommitted)`, ran inside a transaction a crash then rolls back (no
    /// counter moves).
    Effect,
    /// A key, processed id or queue entry was recorded.
    Store,
    /// A stored response was served for a repeated key.
    Replay,
    /// 409: the same key is still in flight.
    Conflict,
    /// 422: the same key came with another payload.
    Mismatch,
    /// A stored key was older than `key_ttl_ms` and was forgotten.
    Expire,
    /// A participant died; uncommitted work is lost.
    Crash,
    /// A participant is back.
    Restart,
    /// The client (or producer) got what it wanted.
    Success,
    /// A response arrived for an attempt the client had already given up on.
    Late,
    /// The client or producer stops trying.
    GiveUp,
    /// A database error answered a write (a unique violation).
    Error,
    /// The producer hands a message to the broker.
    Publish,
    /// An acknowledgement was received and acted on.
    Ack,
    /// The broker delivers a message again.
    Redeliver,
    /// A duplicate was recognised and its effect skipped.
    Skip,
}

impl Kind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Send => "send",
            Self::Deliver => "deliver",
            Self::Drop => "drop",
            Self::Timeout => "timeout",
            Self::Backoff => "backoff",
            Self::Process => "process",
            Self::Effect => "effect",
            Self::Store => "store",
            Self::Replay => "replay",
            Self::Conflict => "conflict",
            Self::Mismatch => "mismatch",
            Self::Expire => "expire",
            Self::Crash => "crash",
            Self::Restart => "restart",
            Self::Success => "success",
            Self::Late => "late",
            Self::GiveUp => "give_up",
            Self::Error => "error",
            Self::Publish => "publish",
            Self::Ack => "ack",
            Self::Redeliver => "redeliver",
            Self::Skip => "skip",
        }
    }
}

/// One step of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEvent {
    /// Virtual time in milliseconds; never decreases along a trace.
    pub t_ms: u64,
    pub kind: Kind,
    pub from: Participant,
    /// Equal to `from` for events on one lifeline.
    pub to: Participant,
    /// The attempt (http-retry, upsert: numbered across the run from 1), publish or delivery
    /// number (consumer) this event belongs to.
    pub attempt: Option<u32>,
    /// The idempotency key, message id or row id involved.
    pub key: Option<Uuid>,
    /// Who acts (by default the sender, `from`): the narration's subject.
    pub actor: Actor,
    /// A sentence for humans about what `actor` does, without the actor (see
    /// [`sentence`](Self::sentence)).
    pub text: String,
    /// A few words for a diagram where the kind alone does not say it: what a message carries
    /// (`POST /charges #2 key=3f2a…`, `201 replayed`, `msg 1 (delivery 2)`), what an effect did
    /// (`charge #2`, `n 0→1`), how long a backoff waits. Empty otherwise.
    pub label: String,
    /// This step is the harmful repeat the lesson is about, set by the model's rules when it
    /// happens: a second charge for the one payment (or a PUT that changes the balance again),
    /// a consumer's effect run again for a message already applied, a write that changes the
    /// row again. A view marks it (`● charge #2 ✗ duplicate`) from this flag, never from text.
    pub duplicate: bool,
    pub changes: Vec<Change>,
}

impl TraceEvent {
    pub(crate) fn new(t_ms: u64, kind: Kind, from: Participant, to: Participant) -> Self {
        Self {
            t_ms,
            kind,
            from,
            to,
            attempt: None,
            key: None,
            actor: Actor::from(from),
            text: String::new(),
            label: String::new(),
            duplicate: false,
            changes: Vec::new(),
        }
    }

    pub(crate) fn at(mut self, attempt: u32) -> Self {
        self.attempt = Some(attempt);
        self
    }

    pub(crate) fn key(mut self, key: Option<Uuid>) -> Self {
        self.key = key;
        self
    }

    /// Who acts, when it is not the sender (the network losing a message).
    pub(crate) fn by(mut self, actor: Actor) -> Self {
        self.actor = actor;
        self
    }

    pub(crate) fn text(mut self, text: String) -> Self {
        self.text = text;
        self
    }

    pub(crate) fn label(mut self, label: String) -> Self {
        self.label = label;
        self
    }

    /// Marks this step as the harmful repeat (the `duplicate` field).
    pub(crate) fn duplicate(mut self, duplicate: bool) -> Self {
        self.duplicate = duplicate;
        self
    }

    /// `server: receives attempt 2`: the actor and the text, as `run` prints it.
    #[must_use]
    pub fn sentence(&self) -> String {
        format!("{}: {}", self.actor.name(), self.text)
    }

    pub(crate) fn change(mut self, c: Change) -> Self {
        self.changes.push(c);
        self
    }

    pub(crate) fn changes(mut self, cs: impl IntoIterator<Item = Change>) -> Self {
        self.changes.extend(cs);
        self
    }
}

/// `3f2a…`: enough of a key to tell keys apart in a sentence.
#[must_use]
pub fn short(key: Uuid) -> String {
    let mut s = key.simple().to_string();
    s.truncate(4);
    s.push('…');
    s
}
