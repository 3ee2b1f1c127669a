//! Scoring, as the content spec states it: one point per question; `multiple` scores only when
//! the chosen set is exactly the correct set, `order` only when every item is in place. Partial
//! credit exists only in the feedback ([`Parts`], [`in_place`]), never in the score.
//!
//! Text answers are compared after trimming, folding runs of white space to one space, and
//! Unicode lowercasing (`str::to_lowercase`). There is no Unicode normalization (NFC): bank
//! answers and typed answers in this course are ASCII or typed the same way, and an extra
//! dependency for a case no bank has is not worth it; a precomposed `é` and `e` + combining
//! accent would therefore differ.

use super::answer::Given;
use crate::content::bank::Choice;
use crate::content::{Question, QuestionKind};

/// A submitted answer and whether it scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub given: Given,
    pub correct: bool,
}

/// `s` as text answers are compared.
#[must_use]
pub fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Grades `given` against `q`. An answer of the wrong shape for the question is wrong.
#[must_use]
pub fn grade(q: &Question, given: Given) -> Outcome {
    let correct = match (&q.kind, &given) {
        (QuestionKind::Single { choices }, Given::Choice(i)) => {
            choices.get(*i).is_some_and(|c| c.correct)
        }
        (QuestionKind::Multiple { choices }, Given::Choices(picked)) => {
            let p = parts(choices, picked);
            p.missed.is_empty() && p.wrong.is_empty()
        }
        (QuestionKind::TrueFalse { answer }, Given::Bool(b)) => answer == b,
        (QuestionKind::Order { items }, Given::Order(order)) => {
            order.len() == items.len() && in_place(order) == items.len()
        }
        (QuestionKind::Text { accept }, Given::Text(t)) => {
            let t = normalize(t);
            accept.iter().any(|a| normalize(a) == t)
        }
        _ => false,
    };
    Outcome { given, correct }
}

/// A `multiple` answer taken apart, each list in bank order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parts {
    /// Right choices the learner picked.
    pub hit: Vec<usize>,
    /// Right choices the learner did not pick.
    pub missed: Vec<usize>,
    /// Wrong choices the learner picked.
    pub wrong: Vec<usize>,
}

#[must_use]
pub fn parts(choices: &[Choice], picked: &[usize]) -> Parts {
    let mut p = Parts::default();
    for (i, c) in choices.iter().enumerate() {
        match (c.correct, picked.contains(&i)) {
            (true, true) => p.hit.push(i),
            (true, false) => p.missed.push(i),
            (false, true) => p.wrong.push(i),
            (false, false) => {}
        }
    }
    p
}

/// How many items of an `order` answer are where they belong.
#[must_use]
pub fn in_place(order: &[usize]) -> usize {
    order.iter().enumerate().filter(|&(i, &x)| i == x).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(text: &str, correct: bool) -> Choice {
        Choice {
            text: text.into(),
            correct,
            why: None,
            pin: false,
        }
    }

    fn q(kind: QuestionKind) -> Question {
        Question {
            id: "q".into(),
            prompt: "p".into(),
            kind,
            explanation: "e".into(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn single_scores_only_the_correct_choice() {
        let q = q(QuestionKind::Single {
            choices: vec![choice("a", false), choice("b", true)],
        });
        assert!(grade(&q, Given::Choice(1)).correct);
        assert!(!grade(&q, Given::Choice(0)).correct);
        assert!(!grade(&q, Given::Choice(9)).correct);
    }

    #[test]
    fn multiple_scores_only_the_exact_set_and_parts_say_what_was_off() {
        let choices = vec![
            choice("a", true),
            choice("b", true),
            choice("c", false),
            choice("d", true),
        ];
        let q = q(QuestionKind::Multiple {
            choices: choices.clone(),
        });
        assert!(grade(&q, Given::Choices(vec![0, 1, 3])).correct);
        // A subset of the right ones, and a superset: no point either way.
        assert!(!grade(&q, Given::Choices(vec![0, 1])).correct);
        assert!(!grade(&q, Given::Choices(vec![0, 1, 2, 3])).correct);
        assert_eq!(
            parts(&choices, &[0, 2]),
            Parts {
                hit: vec![0],
                missed: vec![1, 3],
                wrong: vec![2]
            }
        );
    }

    #[test]
    fn true_false_and_wrong_shapes() {
        let q = q(QuestionKind::TrueFalse { answer: false });
        assert!(grade(&q, Given::Bool(false)).correct);
        assert!(!grade(&q, Given::Bool(true)).correct);
        assert!(!grade(&q, Given::Choice(1)).correct);
    }

    #[test]
    fn order_scores_only_when_wholly_right_and_counts_near_misses() {
        let q = q(QuestionKind::Order {
            items: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        });
        assert!(grade(&q, Given::Order(vec![0, 1, 2, 3])).correct);
        // Two swapped neighbours: 2 of 4 in place, still no point.
        let near = vec![0, 2, 1, 3];
        assert!(!grade(&q, Given::Order(near.clone())).correct);
        assert_eq!(in_place(&near), 2);
        assert!(!grade(&q, Given::Order(vec![0, 1, 2])).correct);
    }

    #[test]
    fn text_is_trimmed_case_folded_and_space_folded() {
        let q = q(QuestionKind::Text {
            accept: vec!["422 Unprocessable Content".into(), "Größe".into()],
        });
        for ok in [
            "422 unprocessable content",
            "  422   UNPROCESSABLE content ",
            "GRÖßE",
        ] {
            assert!(grade(&q, Given::Text(ok.into())).correct, "{ok}");
        }
        assert!(!grade(&q, Given::Text("422".into())).correct);
        assert!(!grade(&q, Given::Text("422 Unprocessable".into())).correct);
    }
}
