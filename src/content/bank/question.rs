//! One question of a bank checked and typed: its id, prompt and explanation, the fields that
//! belong to its kind (and none of another kind's), and its choices or order items (2 to
//! [`MAX_CHOICES`], unique, not all pinned).

use super::{Choice, Kind, Question, QuestionKind, RawChoice, RawQuestion};
use crate::content::diag::Diagnostic;
use crate::content::yaml::YamlDoc;
use crate::text::{is_kebab_case, sanitize};

const MAX_CHOICES: usize = 8;

pub(super) fn question(
    doc: &YamlDoc,
    path: &str,
    q: RawQuestion,
    errors: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let before = errors.len();
    let at = |field: &str| format!("{path}.{field}");
    if !is_kebab_case(&q.id) {
        errors.push(doc.error_at(
            &at("id"),
            format!(
                "question id `{}` is not kebab-case: expected e.g. `same-key-twice`",
                q.id
            ),
        ));
    }
    if q.prompt.trim().is_empty() {
        errors.push(doc.error_at(
            &at("prompt"),
            "prompt is empty: expected the question in Markdown",
        ));
    }
    if q.explanation.trim().is_empty() {
        errors.push(doc.error_at(
            &at("explanation"),
            "explanation is empty: every question explains its answer",
        ));
    }
    // Fields that belong to other kinds are mistakes an author wants to hear about.
    let kind_name = match q.kind {
        Kind::Single => "single",
        Kind::Multiple => "multiple",
        Kind::TrueFalse => "true_false",
        Kind::Order => "order",
        Kind::Text => "text",
    };
    let stray = [
        (
            "choices",
            q.choices.is_some(),
            matches!(q.kind, Kind::Single | Kind::Multiple),
            "single and multiple",
        ),
        (
            "answer",
            q.answer.is_some(),
            matches!(q.kind, Kind::TrueFalse),
            "true_false",
        ),
        (
            "items",
            q.items.is_some(),
            matches!(q.kind, Kind::Order),
            "order",
        ),
        (
            "accept",
            q.accept.is_some(),
            matches!(q.kind, Kind::Text),
            "text",
        ),
    ];
    for (field, present, allowed, owners) in stray {
        if present && !allowed {
            errors.push(doc.error_at_key(&at(field), format!("`{field}` does not belong in a `{kind_name}` question: it is only for {owners} questions")));
        }
    }
    let kind = match q.kind {
        Kind::Single | Kind::Multiple => {
            let choices = choices(doc, path, q.choices, errors);
            let correct = choices.iter().filter(|c| c.correct).count();
            if matches!(q.kind, Kind::Single) {
                if correct != 1 && !choices.is_empty() {
                    errors.push(doc.error_at_key(&at("choices"), format!("a single question needs exactly one choice with `correct: true`, found {correct}")));
                }
                QuestionKind::Single { choices }
            } else {
                if correct == 0 && !choices.is_empty() {
                    errors.push(doc.error_at_key(&at("choices"), "a multiple question needs at least one choice with `correct: true`, found none"));
                }
                QuestionKind::Multiple { choices }
            }
        }
        Kind::TrueFalse => match q.answer {
            Some(answer) => QuestionKind::TrueFalse { answer },
            None => {
                errors.push(doc.error_at(
                    path,
                    "a true_false question needs `answer: true` or `answer: false`",
                ));
                QuestionKind::TrueFalse { answer: false }
            }
        },
        Kind::Order => {
            let items = q.items.unwrap_or_default();
            if items.is_empty() {
                errors.push(doc.error_at(
                    path,
                    "an order question needs `items`, written in the correct order",
                ));
            } else if !(2..=MAX_CHOICES).contains(&items.len()) {
                errors.push(doc.error_at_key(
                    &at("items"),
                    format!(
                        "an order question has 2 to {MAX_CHOICES} items, found {}",
                        items.len()
                    ),
                ));
            }
            for (j, item) in items.iter().enumerate() {
                let ip = format!("{path}.items[{j}]");
                if item.trim().is_empty() {
                    errors.push(doc.error_at(&ip, "item is empty"));
                } else if let Some(k) = items[..j].iter().position(|o| o.trim() == item.trim()) {
                    errors.push(doc.error_at(
                        &ip,
                        format!(
                            "item `{item}` repeats item {}: order items must be unique",
                            k + 1
                        ),
                    ));
                }
            }
            QuestionKind::Order {
                items: items
                    .iter()
                    .map(|s| sanitize(s.trim()).into_owned())
                    .collect(),
            }
        }
        Kind::Text => {
            let accept = q.accept.unwrap_or_default();
            if accept.iter().all(|a| a.trim().is_empty()) {
                errors.push(doc.error_at(
                    path,
                    "a text question needs `accept` with at least one non-empty answer",
                ));
            }
            QuestionKind::Text {
                accept: accept
                    .iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect(),
            }
        }
    };
    (errors.len() == before).then(|| Question {
        id: q.id,
        prompt: sanitize(&q.prompt).into_owned(),
        kind,
        explanation: sanitize(&q.explanation).into_owned(),
        tags: q.tags,
    })
}

fn choices(
    doc: &YamlDoc,
    path: &str,
    raw: Option<Vec<RawChoice>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Choice> {
    let Some(raw) = raw else {
        errors.push(doc.error_at(
            path,
            format!("this question needs `choices`: 2 to {MAX_CHOICES} of them"),
        ));
        return Vec::new();
    };
    if !(2..=MAX_CHOICES).contains(&raw.len()) {
        errors.push(doc.error_at_key(
            &format!("{path}.choices"),
            format!(
                "a question has 2 to {MAX_CHOICES} choices, found {}",
                raw.len()
            ),
        ));
    }
    let mut out: Vec<Choice> = Vec::with_capacity(raw.len());
    for (j, c) in raw.into_iter().enumerate() {
        let cp = format!("{path}.choices[{j}]");
        if c.text.trim().is_empty() {
            errors.push(doc.error_at(&format!("{cp}.text"), "choice text is empty"));
        } else if let Some(k) = out.iter().position(|o| o.text == c.text.trim()) {
            errors.push(doc.error_at(&format!("{cp}.text"), format!("choice text `{}` repeats choice {}: choice texts must be unique within a question", c.text.trim(), k + 1)));
        }
        if c.why.as_deref().is_some_and(|w| w.trim().is_empty()) {
            errors.push(doc.error_at(
                &format!("{cp}.why"),
                "`why` is empty: remove it or say why this choice is wrong",
            ));
        }
        out.push(Choice {
            text: sanitize(c.text.trim()).into_owned(),
            correct: c.correct,
            why: c.why.map(|w| sanitize(w.trim()).into_owned()),
            pin: c.pin,
        });
    }
    if out.len() >= 2 && out.iter().all(|c| c.pin) {
        errors.push(doc.error_at_key(
            &format!("{path}.choices"),
            "every choice has `pin: true`, so nothing is shuffled: pin only the choices whose place matters",
        ));
    }
    out
}
