//! The simulation player's drawing widgets: the sequence diagram, the state panel and the
//! statistics view. Each is a plain value borrowed from the player's state and drawn with
//! `impl Widget`, so the player screen composes them and tests render them into a `Buffer`.

mod diagram;
pub mod player;
mod player_text;
mod state_panel;
mod stats;

pub use diagram::Diagram;
pub use state_panel::StatePanel;
pub use stats::StatsView;
