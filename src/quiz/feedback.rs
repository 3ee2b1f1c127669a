//! What the learner is told after an answer, built once here so the TUI and `idemlab quiz
//! --plain` say exactly the same words. The result is Markdown (choice texts and `why`s are
//! authored Markdown too), drawn by the lesson renderer in both front ends.
//!
//! A wrong answer always shows the right one, and says *how* it was wrong: for `multiple`,
//! which right choices were missed and which wrong ones were picked (each with its `why`); for
//! `order`, how many items were in place and where each one belongs; for `single`, the `why`
//! of the chosen choice. Right and wrong are said in words and with ✓/✗, never by colour alone.

use std::fmt::Write;

use super::answer::Given;
use super::grade::{Outcome, in_place, parts};
use crate::content::bank::Choice;
use crate::content::{Question, QuestionKind};
use crate::text::plural;

pub const RIGHT: &str = "✓ Right";
pub const WRONG: &str = "✗ Wrong";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub correct: bool,
    /// [`RIGHT`] or [`WRONG`].
    pub verdict: &'static str,
    /// What was right or wrong about this answer (Markdown).
    pub detail: String,
    /// The question's explanation (Markdown).
    pub explanation: String,
}

impl Feedback {
    /// Detail and explanation as one Markdown document (the verdict is drawn on its own).
    #[must_use]
    pub fn markdown(&self) -> String {
        format!("{}\n\n**Explanation.** {}", self.detail, self.explanation)
    }
}

/// The feedback for `outcome`, an answer to `q`, listing choices in the order the bank has them.
#[must_use]
pub fn feedback(q: &Question, outcome: &Outcome) -> Feedback {
    feedback_as_shown(q, outcome, &[])
}

/// The feedback for `outcome`, listing choices in the order they were `shown` (display
/// position → choice index, as [`super::Item::shown`]), so the learner does not have to match
/// them up again. An empty `shown` is the bank's order.
#[must_use]
pub fn feedback_as_shown(q: &Question, outcome: &Outcome, shown: &[usize]) -> Feedback {
    let detail = match (&q.kind, &outcome.given) {
        (QuestionKind::Single { choices }, Given::Choice(i)) => single(choices, *i),
        (QuestionKind::Multiple { choices }, Given::Choices(p)) => multiple(choices, p, shown),
        (QuestionKind::TrueFalse { answer }, Given::Bool(b)) => true_false(*answer, *b),
        (QuestionKind::Order { items }, Given::Order(o)) => order(items, o),
        (QuestionKind::Text { accept }, Given::Text(t)) => text(accept, t, outcome.correct),
        _ => "This answer does not fit the question.".to_owned(),
    };
    Feedback {
        correct: outcome.correct,
        verdict: if outcome.correct { RIGHT } else { WRONG },
        detail,
        explanation: q.explanation.trim().to_owned(),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn why(c: &Choice) -> String {
    c.why
        .as_deref()
        .map(|w| format!(" — {}", one_line(w)))
        .unwrap_or_default()
}

fn single(choices: &[Choice], picked: usize) -> String {
    let Some(c) = choices.get(picked) else {
        return String::new();
    };
    if c.correct {
        return format!("- ✓ You chose: {}", one_line(&c.text));
    }
    let mut s = format!("- ✗ You chose: {}{}", one_line(&c.text), why(c));
    if let Some(right) = choices.iter().find(|c| c.correct) {
        let _ = write!(s, "\n- ✓ The right answer: {}", one_line(&right.text));
    }
    s
}

fn multiple(choices: &[Choice], picked: &[usize], shown: &[usize]) -> String {
    let p = parts(choices, picked);
    let right = p.hit.len() + p.missed.len();
    let mut s = match (p.missed.len(), p.wrong.len()) {
        (0, 0) => format!("You picked exactly the right {}.", plural(right, "choice")),
        (_, 0) => format!(
            "You picked {} of the {right} right choices and nothing wrong; the missing {} below.",
            p.hit.len(),
            if p.missed.len() == 1 {
                "one is"
            } else {
                "ones are"
            }
        ),
        (0, w) => format!(
            "You picked all {right} right choices, but also {}.",
            plural(w, "wrong one")
        ),
        (_, w) => format!(
            "You picked {} of the {right} right choices, and {}.",
            p.hit.len(),
            plural(w, "wrong one")
        ),
    };
    s.push('\n');
    // Every choice worth a line, in the order the learner saw them.
    let place = |i: usize| shown.iter().position(|&x| x == i).unwrap_or(i);
    let mut listed: Vec<usize> = p
        .hit
        .iter()
        .chain(&p.missed)
        .chain(&p.wrong)
        .copied()
        .collect();
    listed.sort_by_key(|&i| place(i));
    for i in listed {
        let c = &choices[i];
        if p.hit.contains(&i) {
            let _ = write!(s, "\n- ✓ {}: right, and you picked it", one_line(&c.text));
        } else if p.missed.contains(&i) {
            let _ = write!(
                s,
                "\n- ✗ {}: right, but you did not pick it{}",
                one_line(&c.text),
                why(c)
            );
        } else {
            let _ = write!(
                s,
                "\n- ✗ {}: wrong, but you picked it{}",
                one_line(&c.text),
                why(c)
            );
        }
    }
    s
}

fn true_false(answer: bool, given: bool) -> String {
    let word = |b: bool| if b { "true" } else { "false" };
    if answer == given {
        format!(
            "You answered **{}**, and the statement is {}.",
            word(given),
            word(answer)
        )
    } else {
        format!(
            "You answered **{}**, but the statement is **{}**.",
            word(given),
            word(answer)
        )
    }
}

fn order(items: &[String], given: &[usize]) -> String {
    let n = items.len();
    let placed = in_place(given);
    let mut s = match placed {
        p if p == n => "Every item is in its place.\n".to_owned(),
        1 => format!("1 of {n} items was in its place. The right order, and where you put each:\n"),
        p => format!(
            "{p} of {n} items were in their place. The right order, and where you put each:\n"
        ),
    };
    for (i, item) in items.iter().enumerate() {
        let yours = given.iter().position(|&x| x == i);
        // Where it belongs, said by its neighbour: easier to act on than a position number.
        let belongs = match i.checked_sub(1).and_then(|b| items.get(b)) {
            None => "it comes first".to_owned(),
            Some(before) => format!("it comes right after “{}”", one_line(before)),
        };
        let note = match yours {
            Some(p) if p == i => "✓ in place".to_owned(),
            Some(p) => format!(
                "✗ you put it {}; {belongs}",
                crate::text::ordinal(p as u64 + 1)
            ),
            None => format!("✗ missing; {belongs}"),
        };
        let _ = write!(s, "\n{}. {} — {note}", i + 1, one_line(item));
    }
    s
}

/// `s` with every ASCII punctuation character escaped, so typed text shows as typed.
#[must_use]
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn quoted(s: &str) -> String {
    format!("“{}”", escape_markdown(&one_line(s)))
}

fn text(accept: &[String], typed: &str, correct: bool) -> String {
    const SHOWN: usize = 5;
    let list: Vec<String> = accept.iter().take(SHOWN).map(|a| quoted(a)).collect();
    let more = accept.len().saturating_sub(SHOWN);
    let more = if more > 0 {
        format!(" (and {more} more)")
    } else {
        String::new()
    };
    if correct {
        if accept.len() > 1 {
            format!(
                "You wrote {}. Accepted answers: {}{more}.",
                quoted(typed),
                list.join(", ")
            )
        } else {
            format!("You wrote {}.", quoted(typed))
        }
    } else {
        format!(
            "You wrote {}, which is not an accepted answer.\n\n- ✓ The right answer: {}{more}",
            quoted(typed),
            list.join(" or ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_feedback_counts_items_in_place_in_good_english() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert!(order(&items, &[0, 2, 1]).starts_with("1 of 3 items was in its place."));
        assert!(order(&items, &[1, 2, 0]).starts_with("0 of 3 items were in their place."));
        assert!(order(&items, &[0, 1, 2]).starts_with("Every item is in its place."));
    }

    #[test]
    fn a_misplaced_item_is_told_which_item_it_follows() {
        let items: Vec<String> = ["send", "lose the response", "retry"]
            .map(String::from)
            .to_vec();
        let s = order(&items, &[1, 0, 2]);
        assert!(
            s.contains("1. send — ✗ you put it 2nd; it comes first"),
            "{s}"
        );
        assert!(
            s.contains("2. lose the response — ✗ you put it 1st; it comes right after “send”"),
            "{s}"
        );
        assert!(s.contains("3. retry — ✓ in place"), "{s}");
    }

    #[test]
    fn several_choices_are_listed_in_the_order_shown() {
        let c = |t: &str, correct: bool| Choice {
            text: t.into(),
            correct,
            why: None,
            pin: false,
        };
        let choices = [c("a", true), c("b", false), c("c", true), c("d", false)];
        // Shown as d, c, b, a; picked a and b.
        let s = multiple(&choices, &[0, 1], &[3, 2, 1, 0]);
        let at = |needle: &str| s.find(needle).unwrap_or(usize::MAX);
        assert!(
            at("- ✗ c:") < at("- ✗ b:") && at("- ✗ b:") < at("- ✓ a:"),
            "{s}"
        );
        // Without a display order: the bank's.
        let s = multiple(&choices, &[0, 1], &[]);
        let at = |needle: &str| s.find(needle).unwrap_or(usize::MAX);
        assert!(
            at("- ✓ a:") < at("- ✗ b:") && at("- ✗ b:") < at("- ✗ c:"),
            "{s}"
        );
    }

    #[test]
    fn typed_text_cannot_inject_markdown() {
        assert_eq!(escape_markdown("*a* [b](c)"), "\\*a\\* \\[b\\]\\(c\\)");
    }
}
