//! The player's footer hints follow the run on screen: the key table's hints, with each knob
//! key named as this model names the knob (`k dedup · f window` for a consumer, `k write` for
//! an upsert: the knob table's short names), the knobs that make no difference here or that a
//! goal locks left out (their key would only be refused), `c compare` only when there is a
//! counterpart, `Tab side 2` (the side the knob keys would change) only in a compare, and Space saying "pause" while the run plays.

use super::{Knob, Player};
use crate::keymap::{Action, Hint};

/// What Tab's hint says: the side it picks.
const SIDES: [&str; 2] = ["side 1", "side 2"];

/// What the play key's hint says while the run plays.
const PAUSE: &str = "pause";

impl Player {
    /// `hints` (the key table's, for the player) as they apply to this run.
    #[must_use]
    pub fn footer_hints(&self, hints: Vec<Hint>) -> Vec<Hint> {
        let s = &self.addressed_side().scenario;
        hints
            .into_iter()
            .filter_map(|(action, key, label)| {
                let label = match (&action, Knob::of_action(&action)) {
                    (_, Some(k)) if !k.matters(s) || self.locked_here(k) => return None,
                    (_, Some(k)) => k.short_name(s.model),
                    (Action::Compare, _) if self.other.is_none() => return None,
                    (Action::SwitchSide, _) if !self.compare => return None,
                    (Action::SwitchSide, _) => SIDES[1 - self.addressed()],
                    (Action::Play, _) if self.clock.playing() => PAUSE,
                    _ => label,
                };
                Some((action, key, label))
            })
            .collect()
    }
}
