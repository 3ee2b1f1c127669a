//! The probe's results view, on a terminal after the table: the checks with their verdicts,
//! and one check's history as a sequence diagram. State and key handling only; drawing is in
//! `ui::probe`. It is built from a finished [`Report`], so what it shows is what the table,
//! the JSON and `history.jsonl` say: the same exchanges, nothing re-run.

use crossterm::event::KeyEvent;

use crate::keymap::{self, Action, Context};
use crate::probe::{CheckResult, Exchange, Report};

/// Which of the two screens is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeScreen {
    /// The checks, one row each.
    List,
    /// The selected check's history; `scroll` is the first diagram row shown.
    History { scroll: usize },
}

/// One row of a check's sequence diagram: a request leaving its client lane, or what came
/// back to it (an answer, silence, a dropped connection).
#[derive(Debug, Clone, Copy)]
pub struct DiagramRow<'a> {
    /// Milliseconds from the start of the run.
    pub at_ms: u64,
    pub ex: &'a Exchange,
    /// False: the request; true: its outcome.
    pub answer: bool,
}

/// The view's whole state.
#[derive(Debug)]
pub struct ProbeView {
    pub target: String,
    pub endpoint: String,
    pub results: Vec<CheckResult>,
    /// Every exchange of the run, in order (each names its check).
    pub history: Vec<Exchange>,
    /// The highlighted check (index into `results`).
    pub selected: usize,
    pub screen: ProbeScreen,
    /// The key list is shown over the screen.
    pub help: bool,
    pub running: bool,
    /// Rows the diagram has on screen, set by the last resize (for paging).
    pub page: usize,
}

impl ProbeView {
    #[must_use]
    pub fn new(rep: &Report) -> Self {
        Self {
            target: rep.target.clone(),
            endpoint: rep.endpoint.clone(),
            results: rep.results.clone(),
            history: rep.history.clone(),
            selected: 0,
            screen: ProbeScreen::List,
            help: false,
            running: true,
            page: 10,
        }
    }

    /// The key table's context for the screen that is up.
    #[must_use]
    pub fn context(&self) -> Context {
        if self.help {
            return Context::Popup;
        }
        match self.screen {
            ProbeScreen::List => Context::ProbeList,
            ProbeScreen::History { .. } => Context::ProbeHistory,
        }
    }

    /// The selected check's exchanges, in the order they were sent.
    #[must_use]
    pub fn selected_history(&self) -> Vec<&Exchange> {
        let Some(r) = self.results.get(self.selected) else {
            return Vec::new();
        };
        let id = r.id.id();
        self.history.iter().filter(|e| e.check == id).collect()
    }

    /// The selected check's diagram, one row per request sent and one per outcome, in time
    /// order (within one millisecond in sending order, each outcome right after its request,
    /// so a lost answer shows before the retry that follows it), so concurrent requests show
    /// as sent together and answered one by one. A request never sent has no outcome row.
    #[must_use]
    pub fn diagram(&self) -> Vec<DiagramRow<'_>> {
        let mut rows = Vec::new();
        for ex in self.selected_history() {
            rows.push(DiagramRow {
                at_ms: ex.t_ms,
                ex,
                answer: false,
            });
            if !matches!(ex.outcome, crate::probe::Sent::NotSent { .. }) {
                rows.push(DiagramRow {
                    at_ms: ex.t_ms.saturating_add(ex.dur_ms),
                    ex,
                    answer: true,
                });
            }
        }
        rows.sort_by_key(|r| (r.at_ms, r.ex.seq, r.answer));
        rows
    }

    fn diagram_rows(&self) -> usize {
        self.diagram().len()
    }

    pub fn resize(&mut self, height: u16) {
        // Header, two lines of reason, lane names and footer take the rest.
        self.page = usize::from(height).saturating_sub(6).max(1);
    }

    pub fn handle_key(&mut self, ev: &KeyEvent) {
        if let Some(a) = keymap::action(self.context(), ev) {
            self.update(&a);
        }
    }

    /// What an action does here. Keys that mean nothing on a screen are ignored.
    pub fn update(&mut self, a: &Action) {
        if self.help {
            match a {
                Action::Quit => self.running = false,
                Action::Back | Action::Help => self.help = false,
                _ => {}
            }
            return;
        }
        let last = self.results.len().saturating_sub(1);
        let max_scroll = self.diagram_rows().saturating_sub(self.page);
        match (self.screen, a) {
            (_, Action::Quit) => self.running = false,
            (_, Action::Help) => self.help = true,
            (ProbeScreen::List, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (ProbeScreen::List, Action::Down) => self.selected = (self.selected + 1).min(last),
            (ProbeScreen::List, Action::Top) => self.selected = 0,
            (ProbeScreen::List, Action::Bottom) => self.selected = last,
            (ProbeScreen::List, Action::Open) if !self.results.is_empty() => {
                self.screen = ProbeScreen::History { scroll: 0 };
            }
            (ProbeScreen::History { .. }, Action::Back) => self.screen = ProbeScreen::List,
            (ProbeScreen::History { scroll }, a) => {
                let to = match a {
                    Action::Up => scroll.saturating_sub(1),
                    Action::Down => scroll + 1,
                    Action::PageUp => scroll.saturating_sub(self.page),
                    Action::PageDown => scroll + self.page,
                    Action::Top => 0,
                    Action::Bottom => max_scroll,
                    _ => scroll,
                };
                self.screen = ProbeScreen::History {
                    scroll: to.min(max_scroll),
                };
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub mod fixture;
#[cfg(test)]
mod tests;
