//! The lesson reader inside the app: scrolling, links, the table of contents, search, moving
//! between lessons, and the rule that a lesson is done once its last line has been on screen.
//! [`LessonView`] holds one lesson's rendered lines and cursor; this file maps actions onto it.

mod view;

pub use view::{LessonView, Match, Search};

use super::{App, MapFocus, Popup, Screen, Status, TextField};
use crate::content::LinkKind;
use crate::keymap::{Action, Context, key_label};
use crate::layout;

impl App {
    /// The lesson on screen, if the top screen is a lesson.
    #[must_use]
    pub fn lesson_view(&self) -> Option<&LessonView> {
        match self.stack.last() {
            Some(Screen::Lesson(v)) => Some(v),
            _ => None,
        }
    }

    /// The lesson's footer note: where Enter goes from the focused link while that link is on
    /// screen (worded by [`App::enter_note`]), else how to scroll a cut block sideways when one
    /// is on screen.
    pub(super) fn lesson_note(&self) -> Option<String> {
        let v = self.lesson_view()?;
        let cut_note = || {
            v.cut_on_screen().then(|| {
                format!(
                    "{}/{} scroll the cut block sideways",
                    key_label(Context::Lesson, Action::ScrollRight),
                    key_label(Context::Lesson, Action::ScrollLeft)
                )
            })
        };
        let Some(link) = v.focus.and_then(|f| v.rendered.links.get(f)) else {
            return cut_note();
        };
        let on_screen = link
            .spans
            .iter()
            .any(|s| (v.scroll..v.scroll + v.height).contains(&s.line));
        if !on_screen {
            return cut_note();
        }
        Some(self.enter_note(Context::Lesson, Action::Open, &link.url))
    }

    pub(super) fn lesson_view_mut(&mut self) -> Option<&mut LessonView> {
        match self.stack.last_mut() {
            Some(Screen::Lesson(v)) => Some(v),
            _ => None,
        }
    }

    /// Typing a search: characters and Backspace edit the query, Enter searches, Esc cancels.
    pub(super) fn update_search(&mut self, action: Action) {
        let Some(query) = &mut self.search_input else {
            return;
        };
        match action {
            Action::Type(c) => query.insert(c.encode_utf8(&mut [0; 4])),
            Action::Paste(text) => query.insert(&text),
            Action::DeleteBack => query.backspace(),
            Action::Back => self.search_input = None,
            Action::Submit => {
                let q = query.text().to_owned();
                self.search_input = None;
                let mut status = None;
                if let Some(v) = self.lesson_view_mut() {
                    if q.is_empty() {
                        v.search = None;
                    } else {
                        v.set_search(&q);
                        status = Some(Status::info(search_status(v)));
                    }
                }
                if status.is_some() {
                    self.status = status;
                }
                // A match scrolls the view: its position is worth saving like any other.
                self.after_scroll();
            }
            _ => {}
        }
    }

    pub(super) fn update_lesson(&mut self, action: Action) {
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
                    self.status = Some(Status::info("this lesson has no headings"));
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
            Action::Search => self.search_input = Some(TextField::default()),
            Action::ScrollRight | Action::ScrollLeft if !v.shift(action == Action::ScrollRight) => {
                self.status = Some(Status::info(
                    "nothing in this lesson is cut: every line fits the screen",
                ));
            }
            Action::NextMatch | Action::PrevMatch => {
                if v.search.as_ref().is_none_or(|s| s.matches.is_empty()) {
                    self.status = Some(Status::info(format!(
                        "no search: press {} to search",
                        key_label(Context::Lesson, Action::Search)
                    )));
                } else {
                    let wrapped = v.next_match(action == Action::NextMatch);
                    let mut text = search_status(v);
                    if wrapped {
                        text.push_str(if action == Action::NextMatch {
                            " · wrapped to the top"
                        } else {
                            " · wrapped to the bottom"
                        });
                    }
                    self.status = Some(Status::info(text));
                }
            }
            Action::Open => match v.focused_url().map(str::to_owned) {
                Some(url) => self.follow(&url),
                None => {
                    self.status = Some(Status::info(format!(
                        "no link selected: {} moves to the next link",
                        key_label(Context::Lesson, Action::NextLink)
                    )));
                }
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
                    self.status = Some(Status::info(if action == Action::NextLesson {
                        "this is the last lesson"
                    } else {
                        "this is the first lesson"
                    }));
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

    /// Follows a link from a lesson.
    pub(super) fn follow(&mut self, url: &str) {
        match LinkKind::parse(url) {
            Some((LinkKind::Lesson, id)) => match self.course.lesson_index(id) {
                Some(i) => {
                    self.leave_lesson();
                    self.open_lesson(i, true);
                }
                None => {
                    self.status = Some(Status::error(format!("no lesson `{id}` in this course")))
                }
            },
            Some((LinkKind::Term, id)) => {
                if self.course.term(id).is_some() {
                    self.open_term(id);
                } else {
                    self.status = Some(Status::error(format!("no glossary term `{id}`")));
                }
            }
            Some((LinkKind::Quiz, id)) => self.open_quiz(id),
            Some((LinkKind::Sim, id)) => self.open_sim(id),
            Some((LinkKind::Lab, id)) => self.open_lab(id),
            None => {
                self.popup = Some(Popup::Notice {
                    title: "External link".into(),
                    text: format!("idemlab does not open web pages. The link goes to:\n\n{url}"),
                });
            }
        }
    }

    pub(super) fn open_lesson(&mut self, index: usize, save: bool) {
        let (w, h) = layout::lesson_text_size(self.size.0, self.size.1);
        let lesson = &self.course.lessons[index];
        let pos = self.progress.position(&lesson.id);
        let id = lesson.id.clone();
        self.stack.push(Screen::Lesson(Box::new(LessonView::new(
            index,
            &lesson.body,
            &self.theme.md,
            w,
            h,
            pos,
        ))));
        self.progress.reading(&id, pos);
        self.after_scroll();
        if save {
            self.save();
        }
    }

    /// Records the reading position of the lesson on screen.
    pub(super) fn leave_lesson(&mut self) {
        if let Some(v) = self.lesson_view() {
            let id = self.course.lessons[v.lesson].id.clone();
            self.progress.reading(&id, v.position());
            self.save();
        }
    }

    /// A lesson is done once every part of it has been on screen, read through to its last
    /// line: a jump (`G`, a search, the contents) does not read what it skips
    /// ([`crate::progress::Progress::read_through`]). The position is saved as the learner
    /// reads (see `autosave.rs`).
    pub(super) fn after_scroll(&mut self) {
        let Some(v) = self.lesson_view() else { return };
        let lesson = &self.course.lessons[v.lesson];
        let end = lesson.body.len();
        let (id, position, below) = (lesson.id.clone(), v.position(), v.below(end));
        // The first screen starts the reading, wherever its first block's offset is.
        let top = if v.scroll == 0 { 0 } else { position };
        let moved = self.progress.reading(&id, position);
        let read = self.progress.read_through(&id, top, below, end);
        if read && self.progress.lesson_state(&id) != crate::progress::LessonState::Done {
            self.progress.finished(&id);
            self.save();
        } else if moved {
            self.save_soon();
        }
    }
}

/// `match 3 of 7 for “x” (n next, N previous)`, or `no match for “x”`.
fn search_status(v: &LessonView) -> String {
    let Some(s) = &v.search else {
        return String::new();
    };
    let q = crate::text::sanitize_line(&s.query);
    match s.matches.len() {
        0 => format!("no match for “{q}”"),
        n => format!(
            "match {} of {n} for “{q}” ({} next, {} previous)",
            s.current + 1,
            key_label(Context::Lesson, Action::NextMatch),
            key_label(Context::Lesson, Action::PrevMatch)
        ),
    }
}
