//! What every mark of the player's diagram and ledger means, as one table: `?` in the player
//! shows it above the keys. It sits beside the widgets that draw the marks (`rows.rs`,
//! `arrows.rs`, `diagram.rs`, `state_panel.rs`, `knob_line.rs`), and a test draws every
//! bundled scenario at every step (and every challenge's knob line) and fails on a mark drawn
//! there that has no row here, so a new glyph cannot reach the screen unexplained.

/// `(marks, meaning)`, in the order a learner meets them.
#[rustfmt::skip]
pub const LEGEND: &[(&str, &str)] = &[
    ("│", "a lifeline: one participant (client, server, broker, database) over time, going down"),
    ("─▶ ◀─", "a message arriving where the arrow points"),
    ("╭ ╮ ╰ ╯", "a message's bends: it leaves at one row and arrives rows later"),
    ("┊", "a message still on its way at that row"),
    ("├ ┤", "something happens at that participant; the words say what"),
    ("┃ ┣ ┫", "the server is working on a request, from arrival to answer (the attempt it is for)"),
    ("●", "an effect: money charged, a row written, a message's effect run"),
    ("✗", "lost on the way, a crash, or an effect repeated (✗ duplicate)"),
    ("✓", "it went right: a replay instead of a second effect, a request done"),
    ("⏱", "a timeout: no answer in time, so a retry or a redelivery follows"),
    ("⋮", "rows folded to fit (⋮ 3 rows), or a wait before the next try"),
    ("◆", "compare: the event where the two runs first differ"),
    ("⊘", "refused: 409 key in flight, 422 other payload, an error, the client gives up"),
    ("↻", "a restart after a crash"),
    ("↺", "rolled back: a crash undid an effect that was not committed"),
    ("■", "the end: the producer has nothing more to send"),
    ("+", "a row added: a key stored, a message queued, an id recorded"),
    ("−", "a row removed: a key that expired"),
    ("→", "becomes: n 1→2, a stored key → the answer it replays"),
    ("◀", "in the ledger: a value this step changed"),
    ("×", "how many times: a message whose effect ran ×2"),
    ("—", "nothing yet: a key with no stored answer, or a duplicate's note"),
    ("…", "cut short to fit: an id (bb43…) or more rows (… 2 more)"),
    ("○", "on the goal line: a challenge's goal, not judged yet (✓ reached, ✗ missed)"),
    ("🔒", "on the knob line: locked by the goal, so it stays as it is (knobs with a key are yours)"),
];

/// Whether `c` is explained by a row of [`LEGEND`].
#[must_use]
pub fn explains(c: char) -> bool {
    LEGEND.iter().any(|(marks, _)| marks.contains(c))
}
