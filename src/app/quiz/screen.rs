//! A quiz on screen: the domain [`Session`] plus what only a screen needs (the selection, the
//! text field, the scroll offset, the abandon dialog, the walk through missed questions) and
//! the Markdown of the current question laid out for the terminal's width.
//!
//! The body is a list of [`Row`]s, computed here and drawn by `ui::quiz`; the app uses the same
//! rows to scroll the selection or the text field into view, so the two always agree.

pub use super::view::{OPTION_INDENT, QuizView};
use crate::app::TextField;
use crate::content::{Course, QuestionKind};
use crate::keymap::{Action, Context};
use crate::markdown::MdTheme;
use crate::quiz::{Draft, Phase, Session};

/// One row of the quiz body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Blank,
    Prompt(usize),
    /// What kind of answer is expected.
    Hint,
    /// Line `line` of the option shown at position `pos`.
    Option {
        pos: usize,
        line: usize,
    },
    Field,
    Verdict,
    Feedback(usize),
}

/// One row of the summary at the end of a quiz. The app scrolls over these rows and the screen
/// draws one line for each, so the scroll limit and the drawing count the same rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndRow {
    Blank,
    /// Score, pass or not, time taken.
    Score,
    /// The best score of the bank, or what a review or retake counts for.
    Standing,
    /// Line `n` of [`QuizScreen::forecast`]: what review brings later.
    Forecast(usize),
    /// The `n`th of [`QuizScreen::end_actions`].
    Action(usize),
    /// The title over the questions.
    Questions,
    /// The question at position `n` of the session, ✓ or ✗.
    Question(usize),
}

/// What happens on the end screen's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndAction {
    /// After a pass: open what comes next in the course, the lesson's lab or the next lesson
    /// ([`QuizScreen::next`]).
    Next,
    ReviewMissed,
    RetakeMissed,
    RetakeAll,
    Back,
}

impl EndAction {
    pub const ALL: [Self; 5] = [
        Self::Next,
        Self::ReviewMissed,
        Self::RetakeMissed,
        Self::RetakeAll,
        Self::Back,
    ];

    /// The keymap action that does it directly from the summary.
    #[must_use]
    pub fn action(self) -> Action {
        match self {
            Self::Next => Action::Open,
            Self::ReviewMissed => Action::ReviewMissed,
            Self::RetakeMissed => Action::RetakeMissed,
            Self::RetakeAll => Action::RetakeAll,
            Self::Back => Action::Back,
        }
    }

    /// The label on the summary; [`Self::Next`] and [`Self::Back`] name their destination
    /// (see [`QuizScreen::end_label`]).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Next => "Go on",
            Self::ReviewMissed => "Review the missed questions",
            Self::RetakeMissed => "Retake only the missed questions",
            Self::RetakeAll => "Retake all the questions",
            Self::Back => "Back to the course",
        }
    }
}

#[derive(Debug, Clone)]
pub struct QuizScreen {
    pub session: Session,
    /// The selected option while answering, or the selected action on the end screen; `None`
    /// until the learner moves (so Enter on a fresh question never submits by accident).
    pub cursor: Option<usize>,
    pub field: TextField,
    /// First body row on screen.
    pub scroll: usize,
    /// Body rows on screen.
    pub height: usize,
    /// The "abandon this quiz?" dialog is open.
    pub confirm: bool,
    /// Reading missed question `k` (an index into [`Session::missed`]) after the end.
    pub walk: Option<usize>,
    pub view: QuizView,
    /// Per item, once answered: what happens to it next in review, in words ("Next review:
    /// tomorrow."), shown under its feedback.
    pub schedule: Vec<Option<String>>,
    /// Set when the session ends: what review brings later, one sentence per line.
    pub forecast: Vec<String>,
    /// Set when a whole bank is passed: the link target and title of what comes next.
    pub next: Option<(String, String)>,
    /// Where "back" goes: the screen the quiz was opened from ("the lesson", "the course
    /// map").
    pub back_to: String,
    /// The focused link of the feedback (an index into [`QuizView::links`]): Enter follows it
    /// instead of going on.
    pub link: Option<usize>,
}

impl QuizScreen {
    #[must_use]
    pub fn new(session: Session) -> Self {
        Self {
            session,
            cursor: None,
            field: TextField::default(),
            scroll: 0,
            height: 1,
            confirm: false,
            walk: None,
            view: QuizView::default(),
            schedule: Vec::new(),
            forecast: Vec::new(),
            next: None,
            back_to: "the course map".to_owned(),
            link: None,
        }
    }

    /// The summary's label for `a`, naming where it goes.
    #[must_use]
    pub fn end_label(&self, a: EndAction) -> String {
        match (a, &self.next) {
            (EndAction::Next, Some((_, title))) => format!("Next: {title}"),
            (EndAction::Back, _) => format!("Back to {}", self.back_to),
            _ => a.label().to_owned(),
        }
    }

    /// Remembers what happens next to item `item` in review (shown with its feedback).
    pub fn set_schedule(&mut self, item: usize, words: Option<String>) {
        if self.schedule.len() <= item {
            self.schedule.resize(item + 1, None);
        }
        self.schedule[item] = words;
    }

    /// The session item on screen: the current one, or the missed one being walked through.
    #[must_use]
    pub fn shown_item(&self) -> usize {
        match self.walk {
            Some(k) => self.session.missed().get(k).copied().unwrap_or(0),
            None => self.session.pos(),
        }
    }

    /// The choice or item (bank index) shown at display position `pos`: order items move as the
    /// learner arranges them, choices stay where the shuffle put them.
    #[must_use]
    pub fn option_at(&self, pos: usize) -> Option<usize> {
        match self.session.draft() {
            Draft::Arrange(a) if self.walk.is_none() && !self.view.with_feedback => {
                a.get(pos).copied()
            }
            _ => self
                .session
                .items()
                .get(self.shown_item())?
                .shown
                .get(pos)
                .copied(),
        }
    }

    /// Lays out the item on screen again (after a move, an answer or a resize).
    pub fn relayout(&mut self, course: &Course, theme: &MdTheme, width: u16, height: usize) {
        self.height = height.max(1);
        let item = self.shown_item();
        let after = self.schedule.get(item).and_then(Option::as_deref);
        self.view = QuizView::build(course, &self.session, item, theme, width, after);
        if self.link.is_some_and(|l| l >= self.view.links.len()) {
            self.link = None;
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// Focuses the feedback's next (or previous) link; past the last one (or before the first)
    /// no link is focused, so Enter goes on again. Scrolls the focused link into view.
    pub fn focus_link(&mut self, forward: bool) {
        let n = self.view.links.len();
        self.link = match (self.link, forward) {
            (_, _) if n == 0 => None,
            (None, true) => Some(0),
            (None, false) => Some(n - 1),
            (Some(l), true) => (l + 1 < n).then_some(l + 1),
            (Some(l), false) => l.checked_sub(1),
        };
        let Some(link) = self.link.and_then(|l| self.view.links.get(l)) else {
            return;
        };
        let lines: Vec<usize> = link.spans.iter().map(|s| s.line).collect();
        self.reveal(|r| matches!(r, Row::Feedback(i) if lines.contains(&i)));
    }

    /// Where the focused link goes (`sim:retry-with-key`).
    #[must_use]
    pub fn focused_url(&self) -> Option<&str> {
        self.link
            .and_then(|l| self.view.links.get(l))
            .map(|l| l.url.as_str())
    }

    /// What Enter follows on this screen, if it follows a link: the focused link of the
    /// feedback (after an answer or in the missed questions), or on the summary the next lesson
    /// when "next" is the selected action. The footer names it before the learner presses.
    #[must_use]
    pub fn enter_url(&self) -> Option<&str> {
        match (self.session.phase(), self.walk) {
            (Phase::End, None) => {
                let selected = self.end_actions().get(self.cursor?).copied();
                match (selected, &self.next) {
                    (Some(EndAction::Next), Some((url, _))) => Some(url),
                    _ => None,
                }
            }
            (Phase::Feedback | Phase::End, _) => self.focused_url(),
            _ => None,
        }
    }

    #[must_use]
    pub fn context(&self, course: &Course) -> Context {
        if self.confirm {
            return Context::QuizConfirm;
        }
        if self.walk.is_some() {
            return Context::QuizWalk;
        }
        match self.session.phase() {
            Phase::Start => Context::QuizStart,
            Phase::Feedback => Context::QuizFeedback,
            Phase::End => Context::QuizEnd,
            Phase::Answering => match self.session.question(course).map(|q| &q.kind) {
                Some(QuestionKind::Multiple { .. }) => Context::QuizTick,
                Some(QuestionKind::Order { .. }) => Context::QuizOrder,
                Some(QuestionKind::Text { .. }) => Context::QuizText,
                _ => Context::QuizPick,
            },
        }
    }

    /// The end screen's actions for this session.
    #[must_use]
    pub fn end_actions(&self) -> Vec<EndAction> {
        let mut out = Vec::new();
        if self.next.is_some() {
            out.push(EndAction::Next);
        }
        if !self.session.missed().is_empty() {
            out.extend([EndAction::ReviewMissed, EndAction::RetakeMissed]);
        }
        out.extend([EndAction::RetakeAll, EndAction::Back]);
        out
    }

    /// The body of a question or feedback screen, row by row.
    #[must_use]
    pub fn rows(&self) -> Vec<Row> {
        let v = &self.view;
        let mut rows = vec![Row::Blank];
        rows.extend((0..v.prompt.len()).map(Row::Prompt));
        rows.push(Row::Blank);
        if v.with_feedback {
            rows.push(Row::Verdict);
            rows.push(Row::Blank);
            rows.extend((0..v.feedback.len()).map(Row::Feedback));
            return rows;
        }
        rows.push(Row::Hint);
        rows.push(Row::Blank);
        if matches!(self.session.draft(), Draft::Text(_)) {
            rows.push(Row::Field);
        }
        for pos in 0..v.options.len() {
            let n = self
                .option_at(pos)
                .and_then(|i| v.options.get(i))
                .map_or(1, Vec::len);
            rows.extend((0..n.max(1)).map(|line| Row::Option { pos, line }));
        }
        rows
    }

    /// Rows of the end screen: a blank, the score, the best score, the forecast and a blank;
    /// the actions; a blank and a title; then one row per question.
    #[must_use]
    pub fn end_layout(&self) -> Vec<EndRow> {
        let mut rows = vec![EndRow::Blank, EndRow::Score, EndRow::Standing];
        rows.extend((0..self.forecast.len()).map(EndRow::Forecast));
        rows.push(EndRow::Blank);
        rows.extend((0..self.end_actions().len()).map(EndRow::Action));
        rows.extend([EndRow::Blank, EndRow::Questions]);
        rows.extend((0..self.session.len()).map(EndRow::Question));
        rows
    }

    fn body_len(&self) -> usize {
        if self.session.phase() == Phase::End && self.walk.is_none() {
            self.end_layout().len()
        } else {
            self.rows().len()
        }
    }

    #[must_use]
    pub fn max_scroll(&self) -> usize {
        self.body_len().saturating_sub(self.height)
    }

    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
    }

    /// Scrolls so that every row matching `want` is on screen (the first one if they do not
    /// all fit).
    pub fn reveal(&mut self, want: impl Fn(Row) -> bool) {
        let rows = self.rows();
        let Some(first) = rows.iter().position(|&r| want(r)) else {
            return;
        };
        let last = rows.iter().rposition(|&r| want(r)).unwrap_or(first);
        if last >= self.scroll + self.height {
            self.scroll = (last + 1).saturating_sub(self.height);
        }
        if first < self.scroll {
            self.scroll = first;
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_end_action_is_bound_on_the_summary() {
        for a in EndAction::ALL {
            let key = crate::keymap::key_label(Context::QuizEnd, a.action());
            assert_ne!(key, "?", "{a:?} has no key");
            // Only Next shares its key (Enter) with "do the selected action", which it is when
            // it is offered: it comes first.
            assert!(a == EndAction::Next || a.action() != Action::Open, "{a:?}");
        }
    }
}
