//! Reading an answer typed on one line, for `idemlab quiz --plain`: numbers for choices, a
//! comma (or space) separated list for several or for an order, words for a text answer.
//! Every mistake gets a message that says what to type instead; nothing here is scored.

use crate::content::QuestionKind;

/// An answer read from a line, in display positions (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    One(usize),
    Several(Vec<usize>),
    Order(Vec<usize>),
    Text(String),
}

/// What to type for a question of this kind with `n` choices or items, e.g. for the header.
#[must_use]
pub fn how_to_answer(kind: &QuestionKind, n: usize) -> String {
    match kind {
        QuestionKind::Single { .. } => format!("choose one: type its number, 1 to {n}"),
        QuestionKind::Multiple { .. } => {
            "choose every right answer: type their numbers, e.g. 1,3".to_owned()
        }
        QuestionKind::TrueFalse { .. } => "true or false: type 1 (true) or 2 (false)".to_owned(),
        QuestionKind::Order { .. } => format!(
            "put in order: type all {n} numbers in the right order, e.g. {}",
            example_order(n)
        ),
        QuestionKind::Text { .. } => "type your answer".to_owned(),
    }
}

fn example_order(n: usize) -> String {
    let mut v: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    if n >= 2 {
        v.swap(0, 1);
    }
    v.join(",")
}

/// Why a line is not an answer; each says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Nothing typed; `how` is [`how_to_answer`].
    #[error("Please answer ({how}).")]
    Empty { how: String },
    #[error("There is no number {k} here: use 1 to {n}.")]
    NoSuchNumber { k: usize, n: usize },
    /// `token` is already sanitized for the terminal.
    #[error("“{token}” is not a number: use 1 to {n}.")]
    NotANumber { token: String, n: usize },
    #[error("Type 1 for true or 2 for false.")]
    NotTrueFalse,
    #[error("Choose one: type a single number from 1 to {n}.")]
    NotOne { n: usize },
    #[error("Give each number once, e.g. 1,3.")]
    Repeated,
    #[error("Give every number from 1 to {n} once, in your order, e.g. {example}.")]
    NotAnOrder { n: usize, example: String },
}

fn numbers(line: &str, n: usize) -> Result<Vec<usize>, AnswerError> {
    line.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| match t.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => Ok(k - 1),
            Ok(k) => Err(AnswerError::NoSuchNumber { k, n }),
            Err(_) => Err(AnswerError::NotANumber {
                token: crate::text::sanitize_line(t),
                n,
            }),
        })
        .collect()
}

/// Reads `line` as an answer to a question of `kind` with `n` choices or items.
pub fn parse(kind: &QuestionKind, n: usize, line: &str) -> Result<Typed, AnswerError> {
    let line = line.trim();
    if line.is_empty() {
        return Err(AnswerError::Empty {
            how: how_to_answer(kind, n),
        });
    }
    match kind {
        QuestionKind::Text { .. } => Ok(Typed::Text(line.to_owned())),
        QuestionKind::TrueFalse { .. } => match line.to_lowercase().as_str() {
            "1" | "t" | "true" | "y" | "yes" => Ok(Typed::One(0)),
            "2" | "f" | "false" | "n" | "no" => Ok(Typed::One(1)),
            _ => Err(AnswerError::NotTrueFalse),
        },
        QuestionKind::Single { .. } => match numbers(line, n)?.as_slice() {
            [one] => Ok(Typed::One(*one)),
            _ => Err(AnswerError::NotOne { n }),
        },
        QuestionKind::Multiple { .. } => {
            let mut v = numbers(line, n)?;
            let len = v.len();
            v.sort_unstable();
            v.dedup();
            if v.len() == len {
                Ok(Typed::Several(v))
            } else {
                Err(AnswerError::Repeated)
            }
        }
        QuestionKind::Order { .. } => {
            let v = numbers(line, n)?;
            let mut sorted = v.clone();
            sorted.sort_unstable();
            if sorted == (0..n).collect::<Vec<_>>() {
                Ok(Typed::Order(v))
            } else {
                Err(AnswerError::NotAnOrder {
                    n,
                    example: example_order(n),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> [QuestionKind; 5] {
        [
            QuestionKind::Single { choices: vec![] },
            QuestionKind::Multiple { choices: vec![] },
            QuestionKind::TrueFalse { answer: true },
            QuestionKind::Order { items: vec![] },
            QuestionKind::Text { accept: vec![] },
        ]
    }

    #[test]
    fn good_answers() {
        let [single, multiple, tf, order, text] = kinds();
        assert_eq!(parse(&single, 3, " 2 "), Ok(Typed::One(1)));
        assert_eq!(parse(&multiple, 4, "3, 1"), Ok(Typed::Several(vec![0, 2])));
        assert_eq!(parse(&multiple, 4, "1 4"), Ok(Typed::Several(vec![0, 3])));
        assert_eq!(parse(&tf, 2, "False"), Ok(Typed::One(1)));
        assert_eq!(parse(&tf, 2, "1"), Ok(Typed::One(0)));
        assert_eq!(parse(&order, 3, "3,1,2"), Ok(Typed::Order(vec![2, 0, 1])));
        assert_eq!(parse(&text, 0, "  422 x "), Ok(Typed::Text("422 x".into())));
    }

    #[test]
    fn mistakes_say_what_to_type() {
        let [single, multiple, tf, order, _] = kinds();
        assert_eq!(
            parse(&single, 3, "7").unwrap_err().to_string(),
            "There is no number 7 here: use 1 to 3."
        );
        assert_eq!(
            parse(&single, 3, "1,2").unwrap_err().to_string(),
            "Choose one: type a single number from 1 to 3."
        );
        assert_eq!(
            parse(&single, 3, "two").unwrap_err().to_string(),
            "“two” is not a number: use 1 to 3."
        );
        assert_eq!(
            parse(&multiple, 3, "1,1").unwrap_err().to_string(),
            "Give each number once, e.g. 1,3."
        );
        assert_eq!(
            parse(&tf, 2, "maybe").unwrap_err().to_string(),
            "Type 1 for true or 2 for false."
        );
        assert_eq!(
            parse(&order, 3, "1,2").unwrap_err().to_string(),
            "Give every number from 1 to 3 once, in your order, e.g. 2,1,3."
        );
        assert_eq!(
            parse(&single, 3, "").unwrap_err().to_string(),
            "Please answer (choose one: type its number, 1 to 3)."
        );
    }
}
