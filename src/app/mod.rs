//! Application state and the one place where it changes: [`App::update`] takes an [`Action`]
//! from the keymap and applies the rules (what Enter does on a link, when a lesson is done,
//! when progress is saved). Screens only draw this state.

mod autosave;
mod lesson_view;
pub mod map;
mod player;
mod player_clock;
mod player_compare;
mod player_knobs;
mod player_side;
mod quiz;
mod quiz_actions;
mod quiz_screen;
mod sim;
mod stats_job;
mod text_field;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
pub use lesson_view::{LessonView, Match, Search};
pub use map::{MapFocus, MapItem};
pub use player::{Input, Player, Side, StatsRun};
pub use player_compare::Divergence;
pub use player_knobs::Knob;
pub use quiz::QuizSettings;
pub use quiz_screen::{EndAction, OPTION_INDENT, QuizScreen, QuizView, Row};
pub use sim::TRIALS;
pub use stats_job::StatsJob;
pub use text_field::TextField;

use crate::cli::Global;
use crate::content::{Course, LinkKind};
use crate::keymap::{self, Action, Context};
use crate::progress::{Progress, Store, data_dir};
use crate::ui::{Theme, layout};

/// What the app shows first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The course map, with the last lesson reopened on top of it if there is one.
    Resume,
    Lesson(String),
    /// A quiz bank's start screen.
    Quiz(String),
    /// A review session of the questions due today.
    Review,
    /// A scenario in the simulation player.
    Sim(String),
}

/// A screen over the course map. The last one in [`App::stack`] is drawn and gets the keys;
/// Back pops it and shows the one below.
#[derive(Debug)]
pub enum Screen {
    Lesson(LessonView),
    /// The simulation player (boxed: it holds two runs and maybe a statistics job).
    Sim(Box<Player>),
    /// A quiz: its start screen, questions, feedback and summary.
    Quiz(Box<QuizScreen>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help { scroll: u16 },
    Toc { selected: usize },
    Term { id: String },
    Notice { title: String, text: String },
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
    /// Open screens; the last is on screen, and an empty stack shows the course map.
    pub stack: Vec<Screen>,
    pub popup: Option<Popup>,
    /// The search query being typed, when the search prompt is open.
    pub search_input: Option<String>,
    /// One line for the footer: a warning or the answer to the last action.
    pub status: Option<String>,
    pub running: bool,
    pub size: (u16, u16),
    /// The clock and seed quizzes use.
    quiz: QuizSettings,
}

impl App {
    #[must_use]
    pub fn new(course: Course, g: &Global, start: Start) -> Self {
        let (store, progress) = Store::open(data_dir(g.data_dir.as_deref()));
        let theme = if g.monochrome() {
            Theme::monochrome()
        } else {
            Theme::colored()
        };
        Self::with_store(course, store, progress, theme, start)
    }

    /// An app over given parts (tests use a temporary store).
    #[must_use]
    pub fn with_store(
        course: Course,
        store: Store,
        progress: Progress,
        theme: Theme,
        start: Start,
    ) -> Self {
        let status =
            (!store.warnings.is_empty()).then(|| format!("warning: {}", store.warnings.join("; ")));
        // The footer holds one line until the next key: the whole story goes in a pop-up.
        let popup = (!store.warnings.is_empty()).then(|| Popup::Notice {
            title: "Progress".into(),
            text: store.warnings.join("\n\n"),
        });
        let mut app = Self {
            course,
            progress,
            store,
            theme,
            selected: 0,
            map_focus: MapFocus::Lesson,
            due: 0,
            stack: Vec::new(),
            popup,
            search_input: None,
            status,
            running: true,
            size: (80, 24),
            quiz: QuizSettings::default(),
        };
        app.progress.forget_vanished(&app.course);
        app.refresh_due();
        // A lesson opened by name is recorded as being read at once; resuming records nothing new.
        let record = matches!(start, Start::Lesson(_));
        let open = match start {
            Start::Resume => app.progress.last_lesson.clone(),
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
        };
        if let Some(i) = open.and_then(|id| app.course.lesson_index(&id)) {
            app.selected = i;
            app.open_lesson(i, record);
        }
        app
    }

    /// The lesson on screen, if the top screen is a lesson.
    #[must_use]
    pub fn lesson_view(&self) -> Option<&LessonView> {
        match self.stack.last() {
            Some(Screen::Lesson(v)) => Some(v),
            _ => None,
        }
    }

    fn lesson_view_mut(&mut self) -> Option<&mut LessonView> {
        match self.stack.last_mut() {
            Some(Screen::Lesson(v)) => Some(v),
            _ => None,
        }
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

    /// Text pasted into the terminal (bracketed paste): goes to the field being typed in.
    pub fn handle_paste(&mut self, text: &str) {
        if self.paste_into_sim(text) || self.quiz_paste(text) {
            return;
        }
        if let Some(q) = &mut self.search_input {
            q.extend(
                text.chars()
                    .filter(|c| !c.is_control())
                    .take(200usize.saturating_sub(q.chars().count())),
            );
        }
    }

    /// The context that decides what keys mean right now.
    #[must_use]
    pub fn context(&self) -> Context {
        if matches!(self.popup, Some(Popup::Toc { .. })) {
            Context::Contents
        } else if self.popup.is_some() {
            Context::Popup
        } else {
            match self.stack.last() {
                None => Context::Map,
                Some(Screen::Lesson(_)) => Context::Lesson,
                Some(Screen::Sim(p)) => Self::sim_context(p),
                Some(Screen::Quiz(q)) => q.context(&self.course),
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
            }
        }
        self.after_scroll();
    }

    pub fn handle_key(&mut self, ev: &KeyEvent) {
        if ev.kind != KeyEventKind::Press {
            return;
        }
        if self.search_input.is_some() {
            self.edit_search(ev);
            return;
        }
        if self.quiz_typing(ev) {
            return;
        }
        if let Some(action) = keymap::action(self.context(), ev) {
            self.update(action);
        } else if self.context() == Context::SimInput {
            self.type_into_sim(ev);
        }
    }

    fn edit_search(&mut self, ev: &KeyEvent) {
        let Some(query) = &mut self.search_input else {
            return;
        };
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match ev.code {
            KeyCode::Char('c') if ctrl => self.update(Action::Quit),
            KeyCode::Esc => self.search_input = None,
            KeyCode::Enter => {
                let q = std::mem::take(query);
                self.search_input = None;
                let mut status = None;
                if let Some(v) = self.lesson_view_mut() {
                    if q.is_empty() {
                        v.search = None;
                    } else {
                        v.set_search(&q);
                        let n = v.search.as_ref().map_or(0, |s| s.matches.len());
                        status = Some(if n == 0 {
                            format!("no match for “{q}”")
                        } else {
                            format!("{n} matches for “{q}” (n next, N previous)")
                        });
                    }
                }
                if status.is_some() {
                    self.status = status;
                }
                // A match scrolls the view: its position is worth saving like any other.
                self.after_scroll();
            }
            KeyCode::Backspace => {
                query.pop();
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() && query.chars().count() < 200 => {
                query.push(c)
            }
            _ => {}
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
        self.status = None;
        match self.context() {
            Context::Popup | Context::Contents => self.update_popup(action),
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
        }
        if self.stack.is_empty() {
            self.refresh_due();
        }
    }

    fn update_map(&mut self, action: Action) {
        let course = &self.course;
        let row = map::cursor_row(course, self.selected, self.map_focus);
        let (selected, focus) = match action {
            Action::Up => map::at_row(course, self.selected, row.saturating_sub(1)),
            Action::Down => map::at_row(course, self.selected, row + 1),
            Action::Top => (self.selected, MapFocus::Review),
            // The last lesson, not its last child: the lesson is what End is looked for.
            Action::Bottom => (course.lessons.len().saturating_sub(1), MapFocus::Lesson),
            Action::Open => {
                match map::item(course, self.selected, self.map_focus) {
                    Some(MapItem::Lesson(i)) => self.open_lesson(i, true),
                    Some(MapItem::Quiz { bank, .. }) => self.open_quiz(&bank),
                    Some(MapItem::Sim { scenario, .. }) => self.open_sim(&scenario),
                    Some(MapItem::Review) => self.open_review(),
                    None => {}
                }
                return;
            }
            _ => return,
        };
        self.selected = selected;
        self.map_focus = focus;
    }

    /// Puts the map's cursor on the first row opening the same bank or scenario as `item` (its
    /// `lesson` is ignored), so Back from something opened directly lands next to it.
    fn focus_map_on(&mut self, item: &MapItem) {
        let same = |x: &MapItem| match (x, item) {
            (MapItem::Quiz { bank: a, .. }, MapItem::Quiz { bank: b, .. }) => a == b,
            (MapItem::Sim { scenario: a, .. }, MapItem::Sim { scenario: b, .. }) => a == b,
            _ => false,
        };
        for lesson in 0..self.course.lessons.len() {
            if let Some(c) = map::children(&self.course, lesson).iter().position(same) {
                self.selected = lesson;
                self.map_focus = MapFocus::Child(c);
                return;
            }
        }
    }

    /// Recounts the questions due for review, for the course map.
    pub fn refresh_due(&mut self) {
        self.due = self.reviews_due();
    }

    fn update_lesson(&mut self, action: Action) {
        let Some(Screen::Lesson(v)) = self.stack.last_mut() else {
            return;
        };
        let page = isize::try_from(v.height.saturating_sub(2).max(1)).unwrap_or(1);
        match action {
            Action::Down => v.scroll_by(1),
            Action::Up => v.scroll_by(-1),
            Action::PageDown => v.scroll_by(page),
            Action::PageUp => v.scroll_by(-page),
            Action::Top => v.scroll_to(0),
            Action::Bottom => v.scroll_to(usize::MAX),
            Action::NextLink => v.focus_link(true),
            Action::PrevLink => v.focus_link(false),
            Action::Toc => {
                if v.rendered.headings.is_empty() {
                    self.status = Some("this lesson has no headings".into());
                } else {
                    let selected = v
                        .rendered
                        .headings
                        .iter()
                        .rposition(|h| h.line <= v.scroll)
                        .unwrap_or(0);
                    self.popup = Some(Popup::Toc { selected });
                }
            }
            Action::Search => self.search_input = Some(String::new()),
            Action::NextMatch | Action::PrevMatch => {
                if v.search.as_ref().is_none_or(|s| s.matches.is_empty()) {
                    self.status = Some("no search: press / to search".into());
                } else {
                    v.next_match(action == Action::NextMatch);
                }
            }
            Action::Open => match v.focused_url().map(str::to_owned) {
                Some(url) => self.follow(&url),
                None => self.status = Some("no link selected: Tab moves to the next link".into()),
            },
            Action::NextLesson | Action::PrevLesson => {
                let cur = v.lesson;
                let next = if action == Action::NextLesson {
                    cur + 1
                } else {
                    cur.wrapping_sub(1)
                };
                if next < self.course.lessons.len() {
                    self.leave_lesson();
                    self.stack.pop();
                    self.selected = next;
                    self.open_lesson(next, true);
                } else {
                    self.status = Some(if action == Action::NextLesson {
                        "this is the last lesson".into()
                    } else {
                        "this is the first lesson".into()
                    });
                }
            }
            Action::Back => {
                self.leave_lesson();
                if let Some(Screen::Lesson(v)) = self.stack.pop() {
                    self.selected = v.lesson;
                    self.map_focus = MapFocus::Lesson;
                }
            }
            _ => {}
        }
        self.after_scroll();
    }

    fn update_popup(&mut self, action: Action) {
        let headings = self.lesson_view().map_or(0, |v| v.rendered.headings.len());
        match (&mut self.popup, action) {
            (_, Action::Back) => self.popup = None,
            (Some(Popup::Help { scroll }), Action::Down) => *scroll = scroll.saturating_add(1),
            (Some(Popup::Help { scroll }), Action::Up) => *scroll = scroll.saturating_sub(1),
            (Some(Popup::Toc { selected }), Action::Down) => {
                *selected = (*selected + 1).min(headings.saturating_sub(1))
            }
            (Some(Popup::Toc { selected }), Action::Up) => *selected = selected.saturating_sub(1),
            (Some(Popup::Toc { selected }), Action::Open) => {
                let sel = *selected;
                self.popup = None;
                if let Some(v) = self.lesson_view_mut() {
                    let line = v.rendered.headings.get(sel).map_or(0, |h| h.line);
                    v.scroll_to(line);
                }
                self.after_scroll();
            }
            _ => {}
        }
    }

    /// Follows a link from a lesson.
    fn follow(&mut self, url: &str) {
        match LinkKind::parse(url) {
            Some((LinkKind::Lesson, id)) => match self.course.lesson_index(id) {
                Some(i) => {
                    self.leave_lesson();
                    self.open_lesson(i, true);
                }
                None => self.status = Some(format!("no lesson `{id}` in this course")),
            },
            Some((LinkKind::Term, id)) => {
                if self.course.term(id).is_some() {
                    self.popup = Some(Popup::Term { id: id.to_owned() });
                } else {
                    self.status = Some(format!("no glossary term `{id}`"));
                }
            }
            Some((LinkKind::Quiz, id)) => self.open_quiz(id),
            Some((LinkKind::Sim, id)) => self.open_sim(id),
            None => {
                self.popup = Some(Popup::Notice {
                    title: "External link".into(),
                    text: format!("idemlab does not open web pages. The link goes to:\n\n{url}"),
                });
            }
        }
    }

    fn open_lesson(&mut self, index: usize, save: bool) {
        let (w, h) = layout::lesson_text_size(self.size.0, self.size.1);
        let lesson = &self.course.lessons[index];
        let pos = self.progress.position(&lesson.id);
        let id = lesson.id.clone();
        self.stack.push(Screen::Lesson(LessonView::new(
            index,
            &lesson.body,
            &self.theme.md,
            w,
            h,
            pos,
        )));
        self.progress.reading(&id, pos);
        self.after_scroll();
        if save {
            self.save();
        }
    }

    /// Records the reading position of the lesson on screen.
    fn leave_lesson(&mut self) {
        if let Some(v) = self.lesson_view() {
            let id = self.course.lessons[v.lesson].id.clone();
            self.progress.reading(&id, v.position());
            self.save();
        }
    }

    /// A lesson is done once its last line has been on screen; the position is saved as the
    /// learner reads (see `autosave.rs`).
    fn after_scroll(&mut self) {
        let Some(v) = self.lesson_view() else { return };
        let (id, position, at_end) = (
            self.course.lessons[v.lesson].id.clone(),
            v.position(),
            v.at_end(),
        );
        let moved = self.progress.reading(&id, position);
        if at_end && self.progress.lesson_state(&id) != crate::progress::LessonState::Done {
            self.progress.finished(&id);
            self.save();
        } else if moved {
            self.save_soon();
        }
    }

    fn save(&mut self) {
        let before = self.store.warnings.len();
        self.store.save(&mut self.progress);
        self.show_store_warning(before);
    }

    pub fn quit(&mut self) {
        self.leave_lesson();
        self.save_pending();
        self.running = false;
    }
}
