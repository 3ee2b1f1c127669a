//! The current question's Markdown laid out for the terminal: the prompt, each option, and once
//! answered the feedback with its links (which the learner can focus and follow). The screen
//! state around it (selection, scroll, focused link) is in `screen.rs`.

use ratatui::text::Line;

use crate::content::Course;
use crate::markdown::{self, LinkSpot, MdTheme, Options};
use crate::quiz::shuffle::option_text;
use crate::quiz::{Session, feedback_as_shown};

/// The current question's Markdown laid out at `width`.
#[derive(Debug, Clone, Default)]
pub struct QuizView {
    pub width: u16,
    /// Whether it was built with the item's feedback (the item was answered).
    pub with_feedback: bool,
    pub prompt: Vec<Line<'static>>,
    /// Per choice or item (in the bank's order): its text in lines. See
    /// [`super::QuizScreen::option_at`] for which one is at a display position.
    pub options: Vec<Vec<Line<'static>>>,
    pub feedback: Vec<Line<'static>>,
    /// The links of the feedback (an explanation may name a scenario, a lesson or a term),
    /// placed on the lines of [`Self::feedback`].
    pub links: Vec<LinkSpot>,
}

/// Columns in front of an option's text: `▶ [x] 8  `.
pub const OPTION_INDENT: u16 = 9;

fn render(src: &str, theme: &MdTheme, width: u16) -> markdown::Rendered {
    let opts = Options {
        width: width.max(1),
        theme: theme.clone(),
        link_targets: false,
    };
    markdown::render(src, &opts)
}

fn md(src: &str, theme: &MdTheme, width: u16) -> Vec<Line<'static>> {
    render(src, theme, width).lines
}

impl QuizView {
    /// Lays out item `item` of `s` (with its feedback once answered, and `after`, what happens
    /// to the question next in review) at `width`.
    #[must_use]
    pub fn build(
        course: &Course,
        s: &Session,
        item: usize,
        theme: &MdTheme,
        width: u16,
        after: Option<&str>,
    ) -> Self {
        let (Some(q), Some(it)) = (s.question_at(course, item), s.items().get(item)) else {
            return Self::default();
        };
        let opt_w = width.saturating_sub(OPTION_INDENT);
        let options = (0..it.shown.len())
            .map(|i| option_text(q, i).map_or_else(Vec::new, |t| md(t, theme, opt_w)))
            .collect();
        let outcome = s.outcome(item);
        let feedback = outcome.map(|o| {
            let mut text = feedback_as_shown(q, o, &it.shown).markdown();
            if let Some(a) = after {
                text.push_str("\n\n");
                text.push_str(a);
            }
            render(&text, theme, width)
        });
        let (feedback, links) = feedback.map_or_else(Default::default, |r| (r.lines, r.links));
        Self {
            width,
            with_feedback: outcome.is_some(),
            prompt: md(&q.prompt, theme, width),
            options,
            feedback,
            links,
        }
    }
}
