//! Quiz banks. The YAML is flat (every kind's fields are optional on the wire); it is read
//! question by question and turned into a typed [`QuestionKind`], so the quiz engine never meets
//! a `single` question without a correct choice.

use std::collections::HashMap;

use serde::Deserialize;
use serde_yaml::Value;

use super::diag::Diagnostic;
use super::yaml::{self, YamlDoc};
use crate::text::{is_kebab_case, sanitize};

pub const DEFAULT_PASS_MARK: f64 = 0.7;
const MAX_CHOICES: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub why: Option<String>,
    /// Shown at the position it is written at; the shuffle moves only unpinned choices (for a
    /// choice that refers to another, or "none of the above").
    pub pin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionKind {
    Single {
        choices: Vec<Choice>,
    },
    Multiple {
        choices: Vec<Choice>,
    },
    TrueFalse {
        answer: bool,
    },
    /// Items in the correct order.
    Order {
        items: Vec<String>,
    },
    Text {
        accept: Vec<String>,
    },
}

impl QuestionKind {
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Single { .. } => "single",
            Self::Multiple { .. } => "multiple",
            Self::TrueFalse { .. } => "true_false",
            Self::Order { .. } => "order",
            Self::Text { .. } => "text",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub kind: QuestionKind,
    pub explanation: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Bank {
    pub id: String,
    pub title: String,
    pub lesson: Option<String>,
    pub pass_mark: f64,
    pub questions: Vec<Question>,
    pub file: String,
}

/// The bank file with questions of type `Q`: typed for the fast path, raw values for the path
/// that reads questions one at a time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BankFile<Q> {
    bank: String,
    title: String,
    #[serde(default)]
    lesson: Option<String>,
    #[serde(default)]
    pass_mark: Option<f64>,
    questions: Vec<Q>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Single,
    Multiple,
    TrueFalse,
    Order,
    Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    kind: Kind,
    prompt: String,
    #[serde(default)]
    choices: Option<Vec<RawChoice>>,
    #[serde(default)]
    answer: Option<bool>,
    #[serde(default)]
    items: Option<Vec<String>>,
    #[serde(default)]
    accept: Option<Vec<String>>,
    explanation: String,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    text: String,
    #[serde(default)]
    correct: bool,
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    pin: bool,
}

impl<Q> BankFile<Q> {
    /// The header (with no questions, typed for [`build`]) and the questions apart.
    fn split(self) -> (BankFile<RawQuestion>, Vec<Q>) {
        let Self {
            bank,
            title,
            lesson,
            pass_mark,
            questions,
        } = self;
        (
            BankFile {
                bank,
                title,
                lesson,
                pass_mark,
                questions: Vec::new(),
            },
            questions,
        )
    }
}

/// Reads a bank file. A file that deserializes in one typed pass (every valid bank, whatever
/// its size) never builds a value tree; one that does not is read question by question so that
/// every mistake is reported. `None` when the file is not YAML or its header cannot be read.
pub fn parse_source(
    file: &str,
    src: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Bank, YamlDoc)> {
    let checked = yaml::check(file, src, 0).map_err(|d| errors.push(d)).ok()?;
    if let Ok(typed) = checked.from_str::<BankFile<RawQuestion>>() {
        let doc = YamlDoc::unparsed(file, checked, 0);
        let (header, questions) = typed.split();
        let bank = build(&doc, header, questions.into_iter().map(Ok), errors);
        return Some((bank, doc));
    }
    let doc = YamlDoc::parse_checked(file, checked, 0)
        .map_err(|d| errors.push(d))
        .ok()?;
    let bank = parse(&doc, errors)?;
    Some((bank, doc))
}

/// Parses a bank from its value tree, one question at a time.
pub fn parse(doc: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<Bank> {
    let file: BankFile<Value> = match doc.deserialize("", doc.value()) {
        Ok(f) => f,
        Err(d) => {
            errors.push(d);
            return None;
        }
    };
    let (header, questions) = file.split();
    let raw: Vec<_> = questions
        .iter()
        .enumerate()
        .map(|(i, v)| doc.deserialize::<RawQuestion>(&format!("questions[{i}]"), v))
        .collect();
    Some(build(doc, header, raw.into_iter(), errors))
}

fn build(
    doc: &YamlDoc,
    file: BankFile<RawQuestion>,
    raw: impl ExactSizeIterator<Item = Result<RawQuestion, Diagnostic>>,
    errors: &mut Vec<Diagnostic>,
) -> Bank {
    if !is_kebab_case(&file.bank) {
        errors.push(doc.error_at(
            "bank",
            format!(
                "bank id `{}` is not kebab-case: expected e.g. `idempotency-keys`",
                file.bank
            ),
        ));
    }
    if file.title.trim().is_empty() {
        errors.push(doc.error_at("title", "title is empty: expected the bank's title"));
    }
    let pass_mark = file.pass_mark.unwrap_or(DEFAULT_PASS_MARK);
    if !(pass_mark > 0.0 && pass_mark <= 1.0) {
        errors.push(doc.error_at("pass_mark", format!("pass_mark {pass_mark} is out of range: expected a fraction of points above 0 and at most 1, e.g. 0.8")));
    }
    if raw.len() == 0 {
        errors.push(doc.error_at(
            "questions",
            "the bank has no questions: expected at least one",
        ));
    }
    let mut questions: Vec<Question> = Vec::with_capacity(raw.len());
    let mut first_use: HashMap<String, usize> = HashMap::new();
    for (i, q) in raw.enumerate() {
        let path = format!("questions[{i}]");
        let q = match q {
            Ok(q) => q,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        // Ids are checked before the question's own rules, so a repeated id is reported even on
        // a question with other mistakes.
        if let Some(first) = first_use.get(&q.id) {
            errors.push(doc.error_at(&format!("{path}.id"), format!("question id `{}` is used twice in this bank (first by question {}): ids must be unique", q.id, first + 1)));
        } else {
            first_use.insert(q.id.clone(), i);
        }
        let Some(q) = question(doc, &path, q, errors) else {
            continue;
        };
        questions.push(q);
    }
    Bank {
        id: file.bank,
        title: sanitize(&file.title).into_owned(),
        lesson: file.lesson,
        pass_mark,
        questions,
        file: doc.file.clone(),
    }
}

fn question(
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
