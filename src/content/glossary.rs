//! The glossary: terms that `term:` links in lessons open.

use serde::Deserialize;
use serde_yaml::Value;

use super::diag::Diagnostic;
use super::yaml::YamlDoc;
use crate::text::{is_kebab_case, sanitize};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub term: String,
    pub definition: String,
    #[serde(default)]
    pub see_also: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    terms: Vec<Value>,
}

/// Parses the glossary; each term is read on its own so one mistake hides no other.
pub fn parse(doc: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Vec<(Term, String)> {
    let file: GlossaryFile = match doc.deserialize("", doc.value()) {
        Ok(f) => f,
        Err(d) => {
            errors.push(d);
            return Vec::new();
        }
    };
    let mut terms = Vec::new();
    for (i, raw) in file.terms.iter().enumerate() {
        let path = format!("terms[{i}]");
        match doc.deserialize::<Term>(&path, raw) {
            Ok(mut t) => {
                if !is_kebab_case(&t.id) {
                    errors.push(doc.error_at(
                        &format!("{path}.id"),
                        format!(
                            "term id `{}` is not kebab-case: expected e.g. `idempotency-key`",
                            t.id
                        ),
                    ));
                }
                if t.term.trim().is_empty() {
                    errors.push(doc.error_at(
                        &format!("{path}.term"),
                        "term is empty: expected the term as shown to learners",
                    ));
                }
                if t.definition.trim().is_empty() {
                    errors.push(doc.error_at(&format!("{path}.definition"), "definition is empty"));
                }
                t.term = sanitize(&t.term).into_owned();
                t.definition = sanitize(t.definition.trim()).into_owned();
                terms.push((t, path));
            }
            Err(d) => errors.push(d),
        }
    }
    terms
}
