//! Which side of a compare the knob keys change. Tab picks it, in a wide compare as in a
//! narrow one (where it is also the side on screen): side 1 is the scenario opened, side 2 its
//! counterpart. Design knobs (key, store, …) change the side picked; network knobs change both
//! whatever Tab says, since the two runs are compared under the same faults. A goal is side
//! 1's: it locks side 1's knobs (and the network, which side 1 shares), never side 2's design.

use super::knobs::{Knob, flipped, validate};
use super::{Player, PlayerError, Side};
use crate::sim::Scenario;

impl Player {
    /// The side the design knobs change: 1 in a compare after Tab, else 0.
    #[must_use]
    pub fn addressed(&self) -> usize {
        if self.compare && self.other.is_some() {
            self.tab.min(1)
        } else {
            0
        }
    }

    /// The side the design knobs change.
    #[must_use]
    pub fn addressed_side(&self) -> &Side {
        match (self.addressed(), &self.other) {
            (1, Some(o)) => o,
            _ => &self.main,
        }
    }

    /// The addressed side's scenario as the course wrote it (to underline what changed).
    #[must_use]
    pub fn addressed_original(&self) -> &Scenario {
        match (self.addressed(), &self.original_other) {
            (1, Some(o)) => o,
            _ => &self.original,
        }
    }

    /// Whether side `i` (0 the scenario opened, 1 its counterpart) still runs as the course
    /// wrote it: its summary describes this run only then.
    #[must_use]
    pub fn as_written(&self, i: usize) -> bool {
        match i {
            0 => self.main.scenario == self.original,
            _ => self.other.as_ref().map(|o| &o.scenario) == self.original_other.as_ref(),
        }
    }

    /// Whether `knob` is locked on the addressed side.
    #[must_use]
    pub fn locked_here(&self, knob: Knob) -> bool {
        if self.addressed() == 1 && !knob.is_network() {
            false
        } else {
            self.locked(knob)
        }
    }

    /// Tab: the other side; says which side the knob keys change now.
    pub(super) fn switch_side(&mut self) -> String {
        self.tab = 1 - self.tab.min(1);
        let side = self.addressed_side();
        format!(
            "the knob keys change side {}: {}",
            self.addressed() + 1,
            side.id()
        )
    }

    /// Flips a design knob of side 2 and runs it again (side 1 stays); `Err` says why not.
    pub(super) fn toggle_other(&mut self, knob: Knob) -> Result<String, PlayerError> {
        let Some(o) = &self.other else {
            return Err(PlayerError::NothingToCompare);
        };
        let model = o.scenario.model;
        let refused = |why: PlayerError| PlayerError::KnobRefused {
            knob: knob.name(model),
            why: Box::new(why),
        };
        if !knob.matters(&o.scenario) {
            return Err(refused(PlayerError::NoDifference));
        }
        let at_verdict = self.at_end() && self.len() > 1;
        let next = flipped(&o.scenario, knob);
        validate(&next).map_err(refused)?;
        let value = knob.value(&next);
        let side = Side::new(next, self.seed()).map_err(refused)?;
        self.other = Some(side);
        self.after_change();
        if at_verdict && self.input.is_none() {
            self.go_to(usize::MAX);
        }
        Ok(format!("side 2 · {}: {value}", knob.name(model)))
    }
}
