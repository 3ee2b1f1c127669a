//! The course map: the review entry, every lesson in order with its level and state, and under
//! the selected lesson its quiz (best score, pass state) and simulations (watched or not), each
//! openable from here. The details pane describes whatever the cursor is on. Wide terminals get
//! the details beside the list, narrow ones below it.
//!
//! This file holds the frame (header, the split between list and details) and the marks both
//! halves use; [`rows`] draws the list, [`details`] the pane.

mod details;
mod rows;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

use super::chrome;
use crate::app::App;
use crate::progress::BankScore;
use crate::progress::LessonState;

/// Symbol and word for a lesson state: never colour alone.
pub fn state_mark(state: LessonState) -> &'static str {
    match state {
        LessonState::Done => "✓",
        LessonState::Reading => "◐",
        LessonState::NotStarted => "○",
    }
}

/// `s` cut to `width` cells, ending in `…` when anything was cut.
pub(super) fn truncate(s: &str, width: usize) -> String {
    crate::text::width::fit(s, width).into_owned()
}

pub fn render(app: &App, header: Rect, body: Rect, buf: &mut Buffer) {
    let course = &app.course;
    let done = course
        .lessons
        .iter()
        .filter(|l| app.progress.lesson_state(&l.id) == LessonState::Done)
        .count();
    let passed = course
        .banks
        .iter()
        .filter(|b| app.progress.bank_best(&b.id).is_some_and(|s| s.passed))
        .count();
    let mut right = format!("{done}/{} lessons done", course.lessons.len());
    if !course.banks.is_empty() {
        right.push_str(&format!(
            " · {passed}/{} quizzes passed",
            course.banks.len()
        ));
    }
    if app.due > 0 {
        right.push_str(&format!(" · {} due", app.due));
    }
    chrome::header(
        "idemlab · Course map",
        &right,
        app.theme.header,
        header,
        buf,
    );

    let (list_area, detail_area) = if body.width >= 100 {
        let [a, b] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(body);
        (a, b)
    } else {
        let [a, b] = Layout::vertical([Constraint::Min(4), Constraint::Length(9)]).areas(body);
        (a, b)
    };
    rows::render_list(app, list_area, buf);
    details::render_details(app, detail_area, buf);
}

/// Symbol and words for a bank's best score.
pub fn score_mark(best: Option<BankScore>) -> (&'static str, String) {
    match best {
        None => ("○", "not taken".into()),
        Some(s) => (
            if s.passed { "✓" } else { "✗" },
            format!(
                "best {}/{} {}",
                s.correct,
                s.total,
                if s.passed { "passed" } else { "not passed" }
            ),
        ),
    }
}
