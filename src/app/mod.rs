//! Application state and the one place where it changes: [`App::update`] takes an [`Action`]
//! from the keymap and applies the rules (what Enter does on a link, when a lesson is done,
//! when progress is saved). Screens only draw this state.

mod autosave;
mod lab;
mod lesson;
mod link_note;
pub mod map;
mod player;
mod popup;
pub mod probe;
mod quiz;
pub mod serve;
mod status;
mod text_field;

use crossterm::event::KeyEvent;
pub use lab::{FileProblem, LabScreen, SolutionView};
pub use lesson::{LessonView, Match, Search};
pub use map::{MapFocus, MapItem};
pub use player::{
    Divergence, Input, Knob, ManualTimer, Player, PlayerEnv, PlayerError, Side, StatsJob, StatsRun,
    SystemTimer, TRIALS, Timer,
};
pub use quiz::{EndAction, EndRow, OPTION_INDENT, QuizScreen, QuizSettings, QuizView, Row};
use status::keeps_status;
pub use status::{Severity, Status};
pub use text_field::TextField;

use crate::content::Course;
use crate::keymap::{self, Action, Context};
use crate::layout;
use crate::progress::{Progress, Store};
use crate::theme::Theme;

/// What the app shows first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The course map, with the last lesson reopened on top of it while it is being read (not
    /// when it is done, nor when reviews are due: then the map shows where to go next).
    Resume,
    Lesson(String),
    /// A quiz bank's start screen.
    Quiz(String),
    /// A review session of the questions due today.
    Review,
    /// A scenario in the simulation player.
    Sim(String),
    /// A lab's screen.
    Lab(String),
    /// A glossary entry, over the course map.
    Term(String),
}

/// A screen over the course map. The last one in [`App::stack`] is drawn and gets the keys;
/// Back pops it and shows the one below.
#[derive(Debug)]
pub enum Screen {
    /// A lesson in the reader (boxed: its rendered lines, links and cut lines).
    Lesson(Box<LessonView>),
    /// The simulation player (boxed: it holds two runs and maybe a statistics job).
    Sim(Box<Player>),
    /// A quiz: its start screen, questions, feedback and summary.
    Quiz(Box<QuizScreen>),
    /// A lab: task, the learner's file, verdicts.
    Lab(Box<LabScreen>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: u16,
    },
    Toc {
        selected: usize,
    },
    /// A glossary entry; `focus` is the "see also" term selected, `trail` the entries it was
    /// reached from (Back returns to the last one).
    Term {
        id: String,
        focus: Option<usize>,
        trail: Vec<(String, Option<usize>)>,
    },
    Notice {
        title: String,
        text: String,
    },
}

pub struct App {
    pub course: Course,
    pub progress: Progress,
    store: Store,
    pub theme: Theme,
    /// Selected lesson on the course map: the one unfolded to show its quiz and simulations.
    pub selected: usize,
    /// Whether the map's cursor is on that lesson, one of its children, or the review row.
    pub map_focus: MapFocus,
    /// Questions due for review, counted when the map is shown (drawing stays pure).
    pub due: usize,
    /// The page of the course map's details pane (PgDn/PgUp); the screen takes it modulo the
    /// pages there are, so it never points past the end.
    pub details_page: i32,
    /// Open screens; the last is on screen, and an empty stack shows the course map.
    pub stack: Vec<Screen>,
    pub popup: Option<Popup>,
    /// The search query being typed, when the search prompt is open.
    pub search_input: Option<TextField>,
    /// One line for the footer: a warning or the answer to the last action.
    pub status: Option<Status>,
    pub running: bool,
    /// Set by [`App::quit`]: what its last save could not do, for the terminal's owner to say
    /// once the screen is restored (the footer is gone by then).
    pub exit_warnings: Vec<String>,
    pub size: (u16, u16),
    /// The clock and seed quizzes use.
    quiz: QuizSettings,
    /// The clock and new seeds the simulation player uses.
    player_env: PlayerEnv,
    /// Where lab files live: `<data dir>/labs/` unless `--workspace` says otherwise.
    pub workspace: Option<crate::lab::Workspace>,
    /// A file the learner asked to edit (`e`), for the terminal side to hand to the editor.
    edit_request: Option<std::path::PathBuf>,
}

impl App {
    /// An app over an opened progress store and a theme (the command line builds both; tests
    /// use a temporary store).
    #[must_use]
    pub fn with_store(
        course: Course,
        store: Store,
        progress: Progress,
        theme: Theme,
        start: Start,
    ) -> Self {
        Self::with_workspace(course, store, progress, theme, start, None)
    }

    /// [`App::with_store`] with lab files in `workspace` (`--workspace` / `IDEMLAB_WORKSPACE`)
    /// instead of `<data dir>/labs/`; set before `start` opens anything, so a lab opened by
    /// name never makes its starter file in the wrong folder.
    #[must_use]
    pub fn with_workspace(
        course: Course,
        store: Store,
        progress: Progress,
        theme: Theme,
        start: Start,
        workspace: Option<crate::lab::Workspace>,
    ) -> Self {
        let status =
            (!store.warnings.is_empty()).then(|| Status::warning(store.warnings.join("; ")));
        // The footer holds one line until the next key: the whole story goes in a pop-up.
        let popup = (!store.warnings.is_empty()).then(|| Popup::Notice {
            title: "Progress".into(),
            text: store.warnings.join("\n\n"),
        });
        let workspace = workspace.or_else(|| {
            store.path().and_then(|p| {
                p.parent()
                    .map(|d| crate::lab::Workspace::new(d.join("labs")))
            })
        });
        let mut app = Self {
            workspace,
            edit_request: None,
            course,
            progress,
            store,
            theme,
            selected: 0,
            map_focus: MapFocus::Lesson,
            due: 0,
            details_page: 0,
            stack: Vec::new(),
            popup,
            search_input: None,
            status,
            running: true,
            exit_warnings: Vec::new(),
            size: (80, 24),
            quiz: QuizSettings::default(),
            player_env: PlayerEnv::default(),
        };
        app.progress.forget_vanished(&app.course);
        app.refresh_due();
        // A lesson opened by name is recorded as being read at once; resuming records nothing new.
        let record = matches!(start, Start::Lesson(_));
        let open = match start {
            Start::Resume => app.resume(),
            Start::Lesson(id) => Some(id),
            Start::Quiz(id) => {
                app.focus_map_on(&MapItem::Quiz {
                    lesson: 0,
                    bank: id.clone(),
                });
                app.open_quiz(&id);
                None
            }
            Start::Review => {
                app.open_review();
                None
            }
            Start::Sim(id) => {
                app.focus_map_on(&MapItem::Sim {
                    lesson: 0,
                    scenario: id.clone(),
                });
                app.open_sim(&id);
                None
            }
            Start::Lab(id) => {
                app.focus_on_lab(&id);
                app.open_lab(&id);
                None
            }
            Start::Term(id) => {
                app.open_term(&id);
                None
            }
        };
        if let Some(i) = open.and_then(|id| app.course.lesson_index(&id)) {
            app.selected = i;
            app.open_lesson(i, record);
        }
        app
    }

    /// When the app must wake up without input (an animation frame, a background job's
    /// progress, a reading position waiting to be saved); `None` lets the event loop sleep
    /// until input comes.
    #[must_use]
    pub fn deadline(&self) -> Option<std::time::Instant> {
        match (self.sim_deadline(), self.save_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Advances whatever [`App::deadline`] asked to wake up for.
    pub fn tick(&mut self, now: std::time::Instant) {
        self.sim_tick(now);
        self.save_if_due(now);
    }

    /// What the event loop does after each wake: [`tick`](Self::tick) if the deadline has come.
    pub fn tick_if_due(&mut self, now: std::time::Instant) {
        if self.deadline().is_some_and(|at| at <= now) {
            self.tick(now);
        }
    }

    /// Text pasted into the terminal (bracketed paste): an action like a key, for the field
    /// being typed in (elsewhere it does nothing).
    pub fn handle_paste(&mut self, text: &str) {
        if layout::too_small(self.size.0, self.size.1) {
            return;
        }
        self.update(Action::Paste(text.to_owned()));
    }

    /// A mouse event: the wheel asks for what the table binds it to (the player scrolls its
    /// diagram); clicks and moves do nothing. Like a key, nothing while the terminal is too small.
    pub fn handle_mouse(&mut self, ev: &crossterm::event::MouseEvent) {
        if layout::too_small(self.size.0, self.size.1) {
            return;
        }
        if let Some(action) = keymap::mouse_action(self.context(), ev) {
            self.update(action);
        }
    }

    /// The context that decides what keys mean right now.
    #[must_use]
    pub fn context(&self) -> Context {
        if self.search_input.is_some() {
            Context::Search
        } else if matches!(self.popup, Some(Popup::Toc { .. })) {
            Context::Contents
        } else if matches!(self.popup, Some(Popup::Term { .. })) {
            Context::Glossary
        } else if self.popup.is_some() {
            Context::Popup
        } else {
            match self.stack.last() {
                None => Context::Map,
                Some(Screen::Lesson(_)) => Context::Lesson,
                Some(Screen::Sim(p)) => Self::sim_context(p),
                Some(Screen::Quiz(q)) => q.context(&self.course),
                Some(Screen::Lab(s)) => Self::lab_context(s),
            }
        }
    }

    /// Adapts every open lesson to a new terminal size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let (w, h) = layout::lesson_text_size(width, height);
        for screen in &mut self.stack {
            match screen {
                Screen::Lesson(v) => {
                    let body = &self.course.lessons[v.lesson].body;
                    v.relayout(body, &self.theme.md, w, h, None);
                }
                // The player lays itself out at every frame.
                Screen::Sim(_) => {}
                Screen::Quiz(q) => q.relayout(&self.course, &self.theme.md, w, h),
                Screen::Lab(_) => {}
            }
        }
        self.after_scroll();
    }

    /// A key: the table says which action it is in the current context, if any. While the
    /// terminal is too small the "please enlarge" screen hides the app, so only quitting works
    /// there: a key must not act on a screen the learner cannot see.
    pub fn handle_key(&mut self, ev: &KeyEvent) {
        if let Some(action) = keymap::action(self.context(), ev) {
            if layout::too_small(self.size.0, self.size.1) && action != Action::Quit {
                return;
            }
            self.update(action);
        }
    }

    /// Applies one action. The only place where state changes in answer to input.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit();
            return;
        }
        if action == Action::Help {
            self.popup = if matches!(self.popup, Some(Popup::Help { .. })) {
                None
            } else {
                Some(Popup::Help { scroll: 0 })
            };
            return;
        }
        let context = self.context();
        if !keeps_status(context, &action) {
            self.status = None;
        }
        match context {
            Context::Search => self.update_search(action),
            Context::Popup | Context::Contents => self.update_popup(action),
            Context::Glossary => self.update_term(action),
            Context::Map => self.update_map(action),
            Context::Lesson | Context::Global => self.update_lesson(action),
            ctx @ (Context::Sim | Context::SimInput | Context::SimStats) => {
                self.update_sim(ctx, action);
            }
            ctx @ (Context::QuizStart
            | Context::QuizPick
            | Context::QuizTick
            | Context::QuizOrder
            | Context::QuizText
            | Context::QuizFeedback
            | Context::QuizEnd
            | Context::QuizWalk
            | Context::QuizConfirm) => self.update_quiz(ctx, action),
            Context::Lab | Context::LabConfirm => self.update_lab(action),
            // The probe's view runs on its own ([`probe::ProbeView`]), never inside the app.
            Context::ProbeList | Context::ProbeHistory => {}
            // The dashboard runs its own loop (`app::serve`), never inside the course app.
            Context::Serve => {}
        }
        if self.stack.is_empty() {
            self.refresh_due();
        }
    }

    /// Replaces the player's clock and seed source (tests inject a [`ManualTimer`]).
    pub fn set_player_env(&mut self, env: PlayerEnv) {
        self.player_env = env;
    }

    /// The footer's text, without its severity.
    #[must_use]
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// Recounts the questions due for review, for the course map.
    pub fn refresh_due(&mut self) {
        self.due = self.reviews_due();
    }

    fn save(&mut self) {
        let before = self.store.warnings.len();
        self.store.save(&mut self.progress);
        self.show_store_warning(before);
    }
}
