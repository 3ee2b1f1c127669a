//! The course map as rows a cursor moves over: the review entry, every lesson, and under the
//! lesson the cursor is in, that lesson's quiz and simulations (an accordion). Only one lesson is
//! unfolded at a time, so eight lessons with thirty scenarios still fit on one screen, and what
//! you can open is always next to the lesson it belongs to.

use super::App;
use crate::content::Course;
use crate::keymap::Action;

/// One row of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapItem {
    /// Questions due for spaced review.
    Review,
    Lesson(usize),
    /// The quiz bank of the lesson at this index.
    Quiz {
        lesson: usize,
        bank: String,
    },
    /// A scenario the lesson at this index links to.
    Sim {
        lesson: usize,
        scenario: String,
    },
    /// A lab whose `lesson:` is the lesson at this index.
    Lab {
        lesson: usize,
        lab: String,
    },
}

impl MapItem {
    /// The lesson this row belongs to.
    #[must_use]
    pub fn lesson(&self) -> Option<usize> {
        match self {
            Self::Review => None,
            Self::Lesson(i)
            | Self::Quiz { lesson: i, .. }
            | Self::Sim { lesson: i, .. }
            | Self::Lab { lesson: i, .. } => Some(*i),
        }
    }
}

/// Where the cursor is: the review row, a lesson, or one of the unfolded lesson's children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapFocus {
    Review,
    #[default]
    Lesson,
    /// Index into the selected lesson's children (quiz first, then simulations).
    Child(usize),
}

/// What a lesson offers besides its text: its quiz bank, then the scenarios it links to.
#[must_use]
pub fn children(course: &Course, lesson: usize) -> Vec<MapItem> {
    let Some(l) = course.lessons.get(lesson) else {
        return Vec::new();
    };
    let quiz = l
        .quiz
        .iter()
        .filter(|b| course.bank(b).is_some())
        .map(|b| MapItem::Quiz {
            lesson,
            bank: b.clone(),
        });
    let sims = course
        .lesson_scenarios(l)
        .into_iter()
        .filter(|s| course.scenario(s).is_some())
        .map(|scenario| MapItem::Sim { lesson, scenario });
    let labs = course.lesson_labs(&l.id).map(|lab| MapItem::Lab {
        lesson,
        lab: lab.lab.clone(),
    });
    quiz.chain(sims).chain(labs).collect()
}

/// The lesson whose quiz and simulations are shown under it: the one the cursor is in, and
/// none while the cursor is on the review row (a lesson left unfolded below it would look as
/// if it belonged to the review).
#[must_use]
pub fn unfolded(selected: usize, focus: MapFocus) -> Option<usize> {
    (focus != MapFocus::Review).then_some(selected)
}

/// Every row shown when `unfolded` is the unfolded lesson (see [`unfolded`]).
#[must_use]
pub fn rows(course: &Course, unfolded: Option<usize>) -> Vec<MapItem> {
    let mut out = vec![MapItem::Review];
    for i in 0..course.lessons.len() {
        out.push(MapItem::Lesson(i));
        if Some(i) == unfolded {
            out.extend(children(course, i));
        }
    }
    out
}

/// The row index of the cursor in [`rows`].
#[must_use]
pub fn cursor_row(course: &Course, selected: usize, focus: MapFocus) -> usize {
    match focus {
        MapFocus::Review => 0,
        MapFocus::Lesson => 1 + selected.min(course.lessons.len().saturating_sub(1)),
        MapFocus::Child(c) => {
            2 + selected + c.min(children(course, selected).len().saturating_sub(1))
        }
    }
}

/// The cursor on row `row` of the rows shown for `(selected, focus)`: the new
/// `(selected, focus)`.
#[must_use]
pub fn at_row(course: &Course, selected: usize, focus: MapFocus, row: usize) -> (usize, MapFocus) {
    let rows = rows(course, unfolded(selected, focus));
    match rows.get(row.min(rows.len().saturating_sub(1))) {
        Some(MapItem::Lesson(i)) => (*i, MapFocus::Lesson),
        Some(item @ (MapItem::Quiz { .. } | MapItem::Sim { .. } | MapItem::Lab { .. })) => {
            let lesson = item.lesson().unwrap_or(selected);
            let c = children(course, lesson)
                .iter()
                .position(|x| x == item)
                .unwrap_or(0);
            (lesson, MapFocus::Child(c))
        }
        Some(MapItem::Review) | None => (selected, MapFocus::Review),
    }
}

/// The item under the cursor.
#[must_use]
pub fn item(course: &Course, selected: usize, focus: MapFocus) -> Option<MapItem> {
    match focus {
        MapFocus::Review => Some(MapItem::Review),
        MapFocus::Lesson => (selected < course.lessons.len()).then_some(MapItem::Lesson(selected)),
        MapFocus::Child(c) => children(course, selected).into_iter().nth(c),
    }
}

impl App {
    pub(super) fn update_map(&mut self, action: Action) {
        let course = &self.course;
        let row = cursor_row(course, self.selected, self.map_focus);
        let (selected, focus) = match action {
            Action::Up => at_row(course, self.selected, self.map_focus, row.saturating_sub(1)),
            Action::Down => at_row(course, self.selected, self.map_focus, row + 1),
            Action::Top => (self.selected, MapFocus::Review),
            // The last lesson, not its last child: the lesson is what End is looked for.
            Action::Bottom => (course.lessons.len().saturating_sub(1), MapFocus::Lesson),
            Action::Open => {
                match item(course, self.selected, self.map_focus) {
                    Some(MapItem::Lesson(i)) => self.open_lesson(i, true),
                    Some(MapItem::Quiz { bank, .. }) => self.open_quiz(&bank),
                    Some(MapItem::Sim { scenario, .. }) => self.open_sim(&scenario),
                    Some(MapItem::Lab { lab, .. }) => self.open_lab(&lab),
                    Some(MapItem::Review) => self.open_review(),
                    None => {}
                }
                return;
            }
            // The details pane turns its pages (the screen wraps the count around).
            Action::PageDown | Action::PageUp => {
                let step = if action == Action::PageDown { 1 } else { -1 };
                self.details_page = self.details_page.wrapping_add(step);
                return;
            }
            _ => return,
        };
        if (selected, focus) != (self.selected, self.map_focus) {
            self.details_page = 0;
        }
        self.selected = selected;
        self.map_focus = focus;
    }

    /// Puts the map's cursor on lab `id`'s row under its lesson.
    pub fn focus_on_lab(&mut self, id: &str) {
        self.focus_map_on(&MapItem::Lab {
            lesson: 0,
            lab: id.to_owned(),
        });
    }

    /// Where a bare `idemlab` starts: the last lesson, reopened, if it is still being read and
    /// no review is due; otherwise `None` and the map, its cursor on the review row (reviews
    /// due) or on the first lesson not done after the last one read.
    pub(super) fn resume(&mut self) -> Option<String> {
        let last = self.progress.last_lesson.clone();
        let at = last.as_deref().and_then(|id| self.course.lesson_index(id));
        if let Some(i) = at {
            self.selected = i;
        }
        if self.due > 0 {
            self.map_focus = MapFocus::Review;
            return None;
        }
        let done = |app: &Self, i: usize| {
            app.progress.lesson_state(&app.course.lessons[i].id)
                == crate::progress::LessonState::Done
        };
        match at {
            Some(i) if done(self, i) => {
                let n = self.course.lessons.len();
                self.selected = (i..n).chain(0..i).find(|&j| !done(self, j)).unwrap_or(i);
                self.map_focus = MapFocus::Lesson;
                None
            }
            _ => last,
        }
    }

    /// Puts the map's cursor on the first row opening the same bank or scenario as `item` (its
    /// `lesson` is ignored), so Back from something opened directly lands next to it.
    pub(super) fn focus_map_on(&mut self, item: &MapItem) {
        let same = |x: &MapItem| match (x, item) {
            (MapItem::Quiz { bank: a, .. }, MapItem::Quiz { bank: b, .. }) => a == b,
            (MapItem::Sim { scenario: a, .. }, MapItem::Sim { scenario: b, .. }) => a == b,
            (MapItem::Lab { lab: a, .. }, MapItem::Lab { lab: b, .. }) => a == b,
            _ => false,
        };
        for lesson in 0..self.course.lessons.len() {
            if let Some(c) = children(&self.course, lesson).iter().position(same) {
                self.selected = lesson;
                self.map_focus = MapFocus::Child(c);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, Source};

    fn course() -> Course {
        content::load(&Source::Embedded).course
    }

    #[test]
    fn only_the_selected_lesson_unfolds_and_the_cursor_walks_every_row() {
        let c = course();
        let (mut sel, mut focus) = (0, MapFocus::Review);
        let mut seen = Vec::new();
        loop {
            let row = cursor_row(&c, sel, focus);
            seen.push(item(&c, sel, focus).expect("cursor is on a row"));
            let next = at_row(&c, sel, focus, row + 1);
            if next == (sel, focus) {
                break;
            }
            (sel, focus) = next;
        }
        let lessons = seen
            .iter()
            .filter(|i| matches!(i, MapItem::Lesson(_)))
            .count();
        assert_eq!(lessons, c.lessons.len());
        let quizzes = seen
            .iter()
            .filter(|i| matches!(i, MapItem::Quiz { .. }))
            .count();
        assert_eq!(
            quizzes,
            c.lessons.iter().filter(|l| l.quiz.is_some()).count()
        );
        assert!(seen.iter().any(|i| matches!(
            i,
            MapItem::Sim { scenario, .. } if scenario == "retry-without-key"
        )));
        // Walking back up from the last row reaches the review row again.
        let mut steps = 0;
        while focus != MapFocus::Review && steps < 1000 {
            let row = cursor_row(&c, sel, focus);
            (sel, focus) = at_row(&c, sel, focus, row.saturating_sub(1));
            steps += 1;
        }
        assert_eq!(focus, MapFocus::Review);
    }

    #[test]
    fn on_the_review_row_no_lesson_is_unfolded_and_down_reaches_lesson_one() {
        let c = course();
        let last = c.lessons.len() - 1;
        assert_eq!(
            rows(&c, unfolded(last, MapFocus::Review)).len(),
            1 + c.lessons.len()
        );
        assert!(rows(&c, unfolded(last, MapFocus::Lesson)).len() > 1 + c.lessons.len());
        assert_eq!(at_row(&c, last, MapFocus::Review, 1), (0, MapFocus::Lesson));
    }

    #[test]
    fn moving_up_from_a_lesson_lands_on_the_previous_lesson_not_its_children() {
        let c = course();
        let row = cursor_row(&c, 2, MapFocus::Lesson);
        assert_eq!(
            at_row(&c, 2, MapFocus::Lesson, row - 1),
            (1, MapFocus::Lesson)
        );
    }
}
