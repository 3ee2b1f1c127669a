//! The simulation player's drawing widgets: the sequence diagram, the state panel and the
//! statistics view. Each is a plain value borrowed from the player's state and drawn with
//! `impl Widget`, so the player screen composes them and tests render them into a `Buffer`.
//! They decide nothing and keep no state between frames: the same inputs give the same frame.

mod arrows;
mod bars;
pub mod compare;
mod diagram;
mod draw;
mod fold;
mod knob_line;
mod lanes;
pub mod legend;
mod list;
pub mod player;
mod player_text;
mod rows;
#[cfg(test)]
mod scrolled_rows;
mod state_panel;
mod stats;

pub use diagram::Diagram;
pub use knob_line::knob_lines;
pub use state_panel::StatePanel;
pub use stats::StatsView;
