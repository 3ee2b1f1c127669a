//! The quiz engine's domain: everything about taking a quiz that does not depend on a screen.
//! The TUI (`app::quiz`, `ui::quiz`) and `idemlab quiz --plain` are two front ends over it, so
//! tests drive a whole quiz without a terminal and both front ends grade and explain alike.
//!
//! - [`session`]: the state machine of one sitting (start, answering, feedback, end).
//! - [`answer`]: a draft answer per kind of question and the submitted [`Given`] answer.
//! - [`grade`]: the spec's scoring (one point per question, all or nothing); [`summary`]: the
//!   score, pass or fail and time of a session.
//! - [`feedback`]: what the learner is told after each answer, shared word for word.
//! - [`shuffle`]: seeded display orders (ChaCha8), reproducible from the seed.
//! - [`schedule`]: spaced review with Leitner boxes; [`forecast`]: its dates in words.
//! - [`clock`]: injected time.

pub mod answer;
pub mod clock;
pub mod feedback;
pub mod forecast;
pub mod grade;
pub mod schedule;
pub mod session;
pub mod shuffle;
pub mod summary;

pub use answer::{Draft, Given, Incomplete};
pub use clock::{Clock, ManualClock, Moment, SystemClock};
pub use feedback::{Feedback, feedback, feedback_as_shown};
pub use grade::Outcome;
pub use schedule::Slot;
pub use session::{Item, Kind, Phase, Session, SubmitError};
pub use summary::Summary;
