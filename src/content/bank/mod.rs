//! Quiz banks. The YAML is flat (every kind's fields are optional on the wire); it is read
//! question by question and turned into a typed [`QuestionKind`], so the quiz engine never meets
//! a `single` question without a correct choice.
//!
//! This file holds the bank's types, its wire format and the bank-level rules (id, title,
//! pass mark, unique question ids); [`question`] holds the rules of one question and its
//! choices.

mod question;

use std::collections::HashMap;

use serde::Deserialize;
use serde_yaml::Value;

use super::diag::Diagnostic;
use super::yaml::{self, YamlDoc};
use crate::text::{is_kebab_case, sanitize};

pub const DEFAULT_PASS_MARK: f64 = 0.7;

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
        let Some(q) = question::question(doc, &path, q, errors) else {
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
