//! When progress is written while the app runs. Lesson changes, a finished lesson, quiz or
//! scenario are saved at once; the reading position is saved as the learner reads, at most once
//! a second ([`crate::progress::SAVE_EVERY`]): at once if the last save is that old, else at a
//! deadline the event loop wakes up for, so a killed app loses at most a second of reading and
//! an idle one does not wake up at all. A save another instance kept waiting is tried again
//! by the next, and quitting makes a last one that waits longer.

use std::time::Instant;

use super::App;

impl App {
    /// Saves the reading position soon (see the module doc).
    pub(super) fn save_soon(&mut self) {
        let before = self.store.warnings.len();
        self.store.save_soon(&mut self.progress, Instant::now());
        self.show_store_warning(before);
    }

    /// When a waiting save is due.
    pub(super) fn save_deadline(&self) -> Option<Instant> {
        self.store.save_deadline()
    }

    /// Runs a waiting save whose deadline has come.
    pub(super) fn save_if_due(&mut self, now: Instant) {
        let before = self.store.warnings.len();
        self.store.save_if_due(&mut self.progress, now);
        self.show_store_warning(before);
    }

    /// Saves what is not saved yet, a waiting save or one another instance kept from happening
    /// (waiting out other instances: nothing saves after this), and stops. What could not be
    /// saved is in [`App::exit_warnings`].
    pub fn quit(&mut self) {
        self.leave_lesson();
        let before = self.store.warnings.len();
        self.store.save_last(&mut self.progress);
        self.exit_warnings = self.store.warnings[before..].to_vec();
        self.running = false;
    }

    /// The first warning a save added since there were `before`, in the footer.
    pub(super) fn show_store_warning(&mut self, before: usize) {
        if let Some(w) = self.store.warnings.get(before) {
            self.status = Some(super::Status::warning(w.clone()));
        }
    }
}
