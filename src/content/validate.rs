//! Parsing every file and the rules that span files: unique ids, file names that match ids,
//! references that resolve (`requires`, `quiz`, `lesson`, `compare`, `see_also`, the links of
//! lesson bodies and quiz explanations) and `requires` without cycles.

use std::collections::{HashMap, HashSet};

use super::diag::Diagnostic;
use super::lesson::{self, ParsedLesson};
use super::links::Ids;
use super::source::SourceFile;
use super::yaml::YamlDoc;
use super::{Course, Labs, Loaded, bank, glossary, lab, scenario};

pub(super) fn load_files(files: &[SourceFile], run_labs: Labs) -> Loaded {
    let mut errors = Vec::new();
    let mut lessons: Vec<ParsedLesson> = Vec::new();
    let mut banks = Vec::new();
    let mut scenarios = Vec::new();
    let mut labs = Vec::new();
    let mut terms = Vec::new();
    let mut glossary_doc = None;

    for f in files {
        let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
        if f.rel == "lessons/glossary.yaml" {
            if let Some(doc) = yaml(f, &mut errors) {
                terms = glossary::parse(&doc, &mut errors);
                glossary_doc = Some(doc);
            }
        } else if f.rel.starts_with("lessons/") {
            let parsed = lesson::parse(&f.display, &f.text, &mut errors);
            check_lesson_file_name(name, &parsed, &mut errors);
            lessons.push(parsed);
        } else if f.rel.starts_with("quizzes/") {
            if let Some((b, doc)) = bank::parse_source(&f.display, &f.text, &mut errors) {
                expect_file_name(&doc, "bank", &b.id, name, &mut errors);
                banks.push((b, doc));
            }
        } else if f.rel.starts_with("assets/labs/") {
            if let Some(doc) = yaml(f, &mut errors)
                && let Some((l, valid)) = lab::parse(&doc, &mut errors)
            {
                expect_file_name(&doc, "lab", &l.lab, name, &mut errors);
                labs.push((l, doc, valid));
            }
        } else if let Some(doc) = yaml(f, &mut errors)
            && let Some(s) = scenario::parse(&doc, &mut errors)
        {
            // The layout filter only lets scenarios through here.
            expect_file_name(&doc, "scenario", &s.scenario, name, &mut errors);
            scenarios.push((s, doc));
        }
    }

    if run_labs == Labs::Run {
        let runnable: Vec<&lab::Lab> = labs.iter().filter(|x| x.2).map(|x| &x.0).collect();
        let mut ran = lab::run_all(&runnable).into_iter();
        for (l, doc, _) in labs.iter().filter(|x| x.2) {
            if let Some(r) = ran.next() {
                lab::report(doc, l, r, &mut errors);
            }
        }
    }
    let labs: Vec<_> = labs.into_iter().map(|(l, doc, _)| (l, doc)).collect();

    let lesson_ids = unique_ids(
        lessons
            .iter()
            .filter(|p| !p.lesson.id.is_empty())
            .map(|p| (p.lesson.id.as_str(), p.front.as_ref(), "id")),
        "lesson",
        &mut errors,
    );
    let bank_ids = unique_ids(
        banks.iter().map(|(b, d)| (b.id.as_str(), Some(d), "bank")),
        "bank",
        &mut errors,
    );
    let scenario_ids = unique_ids(
        scenarios
            .iter()
            .map(|(s, d)| (s.scenario.as_str(), Some(d), "scenario")),
        "scenario",
        &mut errors,
    );
    let lab_ids = unique_ids(
        labs.iter().map(|(l, d)| (l.lab.as_str(), Some(d), "lab")),
        "lab",
        &mut errors,
    );
    let term_ids: HashSet<&str> = {
        let mut seen = HashSet::new();
        for (t, path) in &terms {
            if !seen.insert(t.id.as_str())
                && let Some(doc) = &glossary_doc
            {
                errors.push(doc.error_at(
                    &format!("{path}.id"),
                    format!("term id `{}` is used twice: ids must be unique", t.id),
                ));
            }
        }
        seen
    };

    let ids = Ids {
        lessons: &lesson_ids,
        banks: &bank_ids,
        scenarios: &scenario_ids,
        terms: &term_ids,
        labs: &lab_ids,
    };
    for p in &lessons {
        let l = &p.lesson;
        if let Some(doc) = &p.front {
            for (i, r) in l.requires.iter().enumerate() {
                if r == &l.id {
                    errors.push(
                        doc.error_at(&format!("requires[{i}]"), "a lesson cannot require itself"),
                    );
                } else if !lesson_ids.contains(r.as_str()) {
                    errors.push(doc.error_at(
                        &format!("requires[{i}]"),
                        format!(
                            "requires unknown lesson `{r}`: expected the id of a lesson in lessons/"
                        ),
                    ));
                }
            }
            if let Some(q) = &l.quiz
                && !bank_ids.contains(q.as_str())
            {
                errors.push(doc.error_at(
                    "quiz",
                    format!(
                        "unknown quiz bank `{q}`: expected the `bank:` id of a file in quizzes/"
                    ),
                ));
            }
        }
        for link in &l.links {
            if let Some(m) = ids.dangling(link.kind, &link.target) {
                errors.push(Diagnostic::new(&l.file, link.line, link.col, m));
            }
        }
    }
    cycles(&lessons, &mut errors);

    if let Some(doc) = &glossary_doc {
        for (t, path) in &terms {
            for (i, s) in t.see_also.iter().enumerate() {
                if s == &t.id {
                    errors.push(doc.error_at(
                        &format!("{path}.see_also[{i}]"),
                        "a term cannot point to itself in see_also",
                    ));
                } else if !term_ids.contains(s.as_str()) {
                    errors.push(doc.error_at(
                        &format!("{path}.see_also[{i}]"),
                        format!(
                            "see_also names unknown term `{s}`: expected a term id of this glossary"
                        ),
                    ));
                }
            }
        }
    }
    for (b, doc) in &banks {
        ids.check_bank(doc, &mut errors);
        if let Some(l) = &b.lesson
            && !lesson_ids.contains(l.as_str())
        {
            errors.push(doc.error_at(
                "lesson",
                format!("unknown lesson `{l}`: expected the id of a lesson in lessons/"),
            ));
        }
    }
    for (l, doc) in &labs {
        if let Some(lesson) = &l.lesson
            && !lesson_ids.contains(lesson.as_str())
        {
            errors.push(doc.error_at(
                "lesson",
                format!("unknown lesson `{lesson}`: expected the id of a lesson in lessons/"),
            ));
        }
    }
    for (s, doc) in &scenarios {
        if let Some(c) = &s.compare {
            match scenarios.iter().find(|(o, _)| &o.scenario == c) {
                _ if c == &s.scenario => errors.push(doc.error_at("compare", "a scenario cannot be compared with itself")),
                None => errors.push(doc.error_at("compare", format!("unknown scenario `{c}`: expected the id of a scenario in assets/scenarios/"))),
                Some((o, _)) if o.model != s.model => errors.push(doc.error_at("compare", format!("`{c}` runs model `{}` but this scenario runs `{}`: a comparison needs the same model", o.model.name(), s.model.name()))),
                Some(_) => {}
            }
        }
    }

    let course = Course {
        lessons: lessons.into_iter().map(|p| p.lesson).collect(),
        terms: terms.into_iter().map(|(t, _)| t).collect(),
        banks: banks.into_iter().map(|(b, _)| b).collect(),
        scenarios: scenarios.into_iter().map(|(s, _)| s).collect(),
        labs: labs.into_iter().map(|(l, _)| l).collect(),
    };
    Loaded { course, errors }
}

fn yaml(f: &SourceFile, errors: &mut Vec<Diagnostic>) -> Option<YamlDoc> {
    YamlDoc::parse(&f.display, &f.text, 0)
        .map_err(|d| errors.push(d))
        .ok()
}

fn check_lesson_file_name(name: &str, p: &ParsedLesson, errors: &mut Vec<Diagnostic>) {
    let Some(doc) = &p.front else { return };
    if p.lesson.id.is_empty() {
        return;
    }
    let (num, rest) = name.split_once('-').unwrap_or(("", name));
    let expected_rest = format!("{}.md", p.lesson.id);
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) || rest != expected_rest {
        let prefix = if num.bytes().all(|b| b.is_ascii_digit()) && !num.is_empty() {
            num
        } else {
            "NN"
        };
        errors.push(doc.error_at("id", format!("file name `{name}` does not match id `{}`: expected `{prefix}-{expected_rest}` (NN sets the lesson's place in the course)", p.lesson.id)));
    }
}

fn expect_file_name(
    doc: &YamlDoc,
    field: &str,
    id: &str,
    name: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let expected = format!("{id}.yaml");
    if name != expected {
        errors.push(doc.error_at(
            field,
            format!("file name `{name}` does not match {field} id `{id}`: expected `{expected}`"),
        ));
    }
}

fn unique_ids<'a>(
    items: impl Iterator<Item = (&'a str, Option<&'a YamlDoc>, &'a str)>,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> HashSet<&'a str> {
    let mut first: HashMap<&str, String> = HashMap::new();
    for (id, doc, field) in items {
        if let Some(prev) = first.get(id) {
            if let Some(doc) = doc {
                errors.push(doc.error_at(
                    field,
                    format!("{what} id `{id}` is already used by {prev}: ids must be unique"),
                ));
            }
        } else {
            first.insert(id, doc.map_or_else(String::new, |d| d.file.clone()));
        }
    }
    first.into_keys().collect()
}

/// Reports each cycle in `requires` once, at the lesson where the walk closes it.
fn cycles(lessons: &[ParsedLesson], errors: &mut Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = lessons
        .iter()
        .enumerate()
        .map(|(i, p)| (p.lesson.id.as_str(), i))
        .collect();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; lessons.len()];
    for start in 0..lessons.len() {
        if state[start] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let reqs = &lessons[node].lesson.requires;
            if *next >= reqs.len() {
                state[node] = 2;
                path.pop();
                continue;
            }
            let req_i = *next;
            *next += 1;
            let Some(&child) = index.get(reqs[req_i].as_str()) else {
                continue;
            };
            if child == node {
                // Reported as "cannot require itself".
                continue;
            }
            match state[child] {
                0 => {
                    state[child] = 1;
                    path.push((child, 0));
                }
                1 => {
                    let from = path.iter().position(|&(n, _)| n == child).unwrap_or(0);
                    let mut names: Vec<&str> = path[from..]
                        .iter()
                        .map(|&(n, _)| lessons[n].lesson.id.as_str())
                        .collect();
                    names.push(&lessons[child].lesson.id);
                    if let Some(doc) = &lessons[node].front {
                        errors.push(doc.error_at(
                            &format!("requires[{req_i}]"),
                            format!("`requires` forms a cycle: {}", names.join(" -> ")),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> SourceFile {
        SourceFile {
            rel: rel.into(),
            display: rel.into(),
            text: text.into(),
        }
    }

    fn lesson(id: &str, requires: &str) -> String {
        format!(
            "---\nid: {id}\ntitle: T\nsummary: S\nlevel: beginner\nrequires: [{requires}]\n---\nbody\n"
        )
    }

    #[test]
    fn cycles_are_reported_once_with_the_path() {
        let files = [
            file("lessons/01-a.md", &lesson("a", "c")),
            file("lessons/02-b.md", &lesson("b", "a")),
            file("lessons/03-c.md", &lesson("c", "b")),
        ];
        let loaded = load_files(&files, Labs::Parse);
        let msgs: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].contains("cycle: a -> c -> b -> a"), "{msgs:?}");
        assert!(msgs[0].starts_with("lessons/02-b.md:6:12:"), "{msgs:?}");
    }

    #[test]
    fn unknown_requires_points_at_the_item() {
        let files = [file("lessons/01-a.md", &lesson("a", "x, nope"))];
        let msgs: Vec<String> = load_files(&files, Labs::Parse)
            .errors
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[1].starts_with("lessons/01-a.md:6:15: requires unknown lesson `nope`"),
            "{msgs:?}"
        );
    }
}
