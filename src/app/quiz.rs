//! The quiz screens' state on the app side (filled in with the TUI).

use super::App;

impl App {
    /// Seeds the quiz on screen (if it has not begun) and every quiz opened after.
    pub fn set_quiz_seed(&mut self, _seed: u64) {}
}
