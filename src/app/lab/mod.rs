//! The lab screen's state and rules: which lab, the learner's file as last read, the verdicts
//! of the last check, how many hints are shown, and whether the solution is. The checks run
//! here (they take milliseconds); the terminal side (handing the terminal to an editor,
//! watching the file) lives in `tui` and calls [`App::lab_file_changed`] and
//! [`App::take_edit_request`].

use std::path::PathBuf;

use super::{App, Popup, Screen, Status};
use crate::keymap::{Action, Context};
use crate::lab::{self, Report, Verdict};

/// Is the solution on screen?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolutionView {
    Hidden,
    /// "Show the solution before the lab is done?"
    Asking,
    Shown,
}

/// Why the lab screen shows no file; the words are the screen's.
#[derive(Debug, thiserror::Error)]
pub enum FileProblem {
    /// Before the first read (the screen opens and reads at once).
    #[error("your file is not read yet")]
    NotRead,
    #[error("no workspace: no data directory was found; start idemlab with --workspace DIR")]
    NoWorkspace,
    #[error("cannot use your file: {0}")]
    Unusable(lab::FileError),
}

#[derive(Debug)]
pub struct LabScreen {
    /// Index into `course.labs`.
    pub lab: usize,
    /// The learner's file, if the workspace has one.
    pub path: Option<PathBuf>,
    /// Its text, or why it cannot be read.
    pub file: Result<String, FileProblem>,
    /// The verdicts of the last check, or why there are none.
    pub report: Option<Result<Report, lab::LabError>>,
    pub hints: usize,
    pub solution: SolutionView,
    pub scroll: u16,
}

impl LabScreen {
    /// Done when the last check passed every check.
    #[must_use]
    pub fn passing(&self) -> bool {
        matches!(&self.report, Some(Ok(r)) if r.verdict() == Verdict::Pass)
    }
}

impl App {
    /// Opens lab `id`: its file is created from the starter if needed, and checked.
    pub fn open_lab(&mut self, id: &str) {
        let Some(lab) = self.course.labs.iter().position(|l| l.lab == id) else {
            self.status = Some(Status::error(format!("no lab `{id}` in this course")));
            return;
        };
        let hints = self.progress.lab(id).map_or(0, |r| r.hints);
        self.stack.push(Screen::Lab(Box::new(LabScreen {
            lab,
            path: None,
            file: Err(FileProblem::NotRead),
            report: None,
            hints: hints.min(self.course.labs[lab].hints.len()),
            solution: SolutionView::Hidden,
            scroll: 0,
        })));
        self.lab_file_changed();
    }

    /// The lab screen on top, if it is.
    #[must_use]
    pub fn lab_screen(&self) -> Option<&LabScreen> {
        match self.stack.last() {
            Some(Screen::Lab(s)) => Some(s),
            _ => None,
        }
    }

    /// The file the terminal side should watch: the lab file on screen.
    #[must_use]
    pub fn watched_file(&self) -> Option<PathBuf> {
        self.lab_screen().and_then(|s| s.path.clone())
    }

    /// The file to hand to an editor, once: set by `e`, taken by the terminal side.
    pub fn take_edit_request(&mut self) -> Option<PathBuf> {
        self.edit_request.take()
    }

    /// Back from the editor: what went wrong, if anything, in the footer.
    pub fn after_editor(&mut self, problem: Option<String>) {
        self.status = problem.map(Status::error);
    }

    /// Reads the lab file again and re-runs the checks (a save, Enter, back from the editor).
    pub fn lab_file_changed(&mut self) {
        let ws = self.workspace.clone();
        let Some(Screen::Lab(s)) = self.stack.last_mut() else {
            return;
        };
        let l = &self.course.labs[s.lab];
        let Some(ws) = ws else {
            s.file = Err(FileProblem::NoWorkspace);
            s.report = None;
            return;
        };
        s.path = Some(ws.path(l));
        match ws.read(l) {
            Ok((path, text)) => {
                s.path = Some(path);
                s.report = Some(lab::check(l, &text));
                s.file = Ok(text);
            }
            Err(e) => {
                s.file = Err(FileProblem::Unusable(e));
                s.report = None;
            }
        }
        let id = l.lab.clone();
        let report = match &s.report {
            Some(Ok(r)) => Some(r.clone()),
            _ => None,
        };
        if let Some(r) = report
            && self.progress.record_lab_check(&id, &r)
        {
            self.save();
        }
    }

    pub(super) fn lab_context(s: &LabScreen) -> Context {
        if s.solution == SolutionView::Asking {
            Context::LabConfirm
        } else {
            Context::Lab
        }
    }

    pub(super) fn update_lab(&mut self, action: Action) {
        let done = self.lab_screen().is_some_and(|s| {
            s.passing()
                || self.progress.lab_state(&self.course.labs[s.lab].lab)
                    == crate::progress::LabState::Done
        });
        let Some(Screen::Lab(s)) = self.stack.last_mut() else {
            return;
        };
        if s.solution == SolutionView::Asking {
            s.solution = if action == Action::Confirm {
                SolutionView::Shown
            } else {
                SolutionView::Hidden
            };
            if s.solution == SolutionView::Shown {
                self.record_solution_seen();
            }
            return;
        }
        match action {
            Action::Back => {
                self.stack.pop();
            }
            Action::Recheck => {
                self.lab_file_changed();
                self.status = Some(Status::info("checked again"));
            }
            Action::Hint => {
                let total = self.course.labs[s.lab].hints.len();
                if s.hints < total {
                    s.hints += 1;
                    let (id, n) = (self.course.labs[s.lab].lab.clone(), s.hints);
                    if self.progress.reveal_lab_hints(&id, n) {
                        self.save();
                    }
                } else {
                    self.status = Some(Status::info(format!(
                        "all {total} hints are shown; s shows the solution"
                    )));
                }
            }
            Action::Solution => {
                if s.solution == SolutionView::Shown {
                    s.solution = SolutionView::Hidden;
                } else if done {
                    s.solution = SolutionView::Shown;
                    self.record_solution_seen();
                } else {
                    s.solution = SolutionView::Asking;
                }
            }
            Action::Edit => match std::env::var_os("VISUAL")
                .filter(|v| !v.is_empty())
                .or_else(|| std::env::var_os("EDITOR").filter(|v| !v.is_empty()))
            {
                None => {
                    self.popup = Some(Popup::Notice {
                        title: "No editor".into(),
                        text: "Neither $VISUAL nor $EDITOR is set. Set one (for example `export EDITOR=nano`) and press e again, or edit the file in any editor: every save is checked here.".into(),
                    });
                }
                Some(_) => match s.path.clone() {
                    Some(p) => self.edit_request = Some(p),
                    None => self.status = Some(Status::error("there is no file to edit")),
                },
            },
            Action::Down => s.scroll = s.scroll.saturating_add(1),
            Action::Up => s.scroll = s.scroll.saturating_sub(1),
            Action::PageDown => s.scroll = s.scroll.saturating_add(10),
            Action::PageUp => s.scroll = s.scroll.saturating_sub(10),
            _ => {}
        }
    }

    fn record_solution_seen(&mut self) {
        let Some(s) = self.lab_screen() else { return };
        let id = self.course.labs[s.lab].lab.clone();
        if self.progress.see_lab_solution(&id) {
            self.save();
        }
    }
}
