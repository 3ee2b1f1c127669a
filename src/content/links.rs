//! Whether an interactive link (`sim:`, `quiz:`, `lesson:`, `term:`, `lab:`) points at
//! something in the course, for lesson bodies and for the Markdown of quiz banks
//! (explanations and choices' `why`): a learner who follows a link must land somewhere.

use std::collections::HashSet;

use pulldown_cmark::{Event, Parser, Tag};
use serde_yaml::Value;

use super::diag::Diagnostic;
use super::lesson::LinkKind;
use super::yaml::YamlDoc;

/// The ids of everything a link may name.
pub(super) struct Ids<'a> {
    pub lessons: &'a HashSet<&'a str>,
    pub banks: &'a HashSet<&'a str>,
    pub scenarios: &'a HashSet<&'a str>,
    pub terms: &'a HashSet<&'a str>,
    pub labs: &'a HashSet<&'a str>,
}

impl Ids<'_> {
    /// The error for a link to `kind:target`, or `None` when the target exists.
    pub(super) fn dangling(&self, kind: LinkKind, target: &str) -> Option<String> {
        let (known, what) = match kind {
            LinkKind::Sim => (self.scenarios, "scenario in assets/scenarios/"),
            LinkKind::Quiz => (self.banks, "quiz bank in quizzes/"),
            LinkKind::Lesson => (self.lessons, "lesson in lessons/"),
            LinkKind::Term => (self.terms, "term in lessons/glossary.yaml"),
            LinkKind::Lab => (self.labs, "lab in assets/labs/"),
        };
        (!known.contains(target)).then(|| {
            format!(
                "link `{}:{target}` points nowhere: there is no {what} with that id",
                kind.scheme()
            )
        })
    }

    /// Checks the links in every question's `explanation` and every choice's `why` of a bank,
    /// reporting each dangling one at the field that holds it.
    pub(super) fn check_bank(&self, doc: &YamlDoc, errors: &mut Vec<Diagnostic>) {
        let Some(qs) = doc.value().get("questions").and_then(Value::as_sequence) else {
            return;
        };
        for (i, q) in qs.iter().enumerate() {
            let mut fields = vec![(format!("questions[{i}].explanation"), q.get("explanation"))];
            if let Some(cs) = q.get("choices").and_then(Value::as_sequence) {
                fields.extend(
                    cs.iter()
                        .enumerate()
                        .map(|(j, c)| (format!("questions[{i}].choices[{j}].why"), c.get("why"))),
                );
            }
            for (path, text) in fields {
                let Some(text) = text.and_then(Value::as_str) else {
                    continue;
                };
                for (kind, target) in links_in(text) {
                    let message = if target.is_empty() {
                        Some(format!(
                            "link `{}:` has no target: expected `{}:<id>`",
                            kind.scheme(),
                            kind.scheme()
                        ))
                    } else {
                        self.dangling(kind, &target)
                    };
                    if let Some(m) = message {
                        errors.push(doc.error_at(&path, m));
                    }
                }
            }
        }
    }
}

/// The interactive links of a Markdown text, in order.
fn links_in(text: &str) -> Vec<(LinkKind, String)> {
    Parser::new(text)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => {
                LinkKind::parse(&dest_url).map(|(k, t)| (k, t.to_owned()))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_links_that_point_nowhere_are_reported_at_their_field() {
        let src = "bank: b\ntitle: B\nquestions:\n  - id: q\n    kind: single\n    prompt: P\n    choices:\n      - text: A\n        correct: true\n      - text: B\n        why: See [the term](term:nope).\n    explanation: |\n      See [the scenario](sim:retry-with-key) and [this](sim:gone) and [web](https://x.org).\n";
        let doc = YamlDoc::parse("quizzes/b.yaml", src, 0).expect("yaml");
        let scenarios: HashSet<&str> = ["retry-with-key"].into();
        let none = HashSet::new();
        let ids = Ids {
            lessons: &none,
            banks: &none,
            scenarios: &scenarios,
            terms: &none,
            labs: &none,
        };
        let mut errors = Vec::new();
        ids.check_bank(&doc, &mut errors);
        let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "quizzes/b.yaml:13:7: link `sim:gone` points nowhere: there is no scenario in assets/scenarios/ with that id",
                "quizzes/b.yaml:11:14: link `term:nope` points nowhere: there is no term in lessons/glossary.yaml with that id",
            ]
        );
    }
}
