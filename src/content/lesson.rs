//! A lesson file: YAML front matter between `---` lines, then a CommonMark body. Links with the
//! spec's schemes (`sim:`, `quiz:`, `lesson:`, `term:`, `lab:`) are collected with their positions so
//! `check` can say which link in which file points nowhere.

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Deserialize;

use super::diag::{Diagnostic, LineIndex};
use super::yaml::YamlDoc;
use crate::text::{is_kebab_case, sanitize};

/// A lesson's level is the same scale as a lab's: one type, kept with the lab schema below us.
pub use crate::lab::schema::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    Sim,
    Quiz,
    Lesson,
    Term,
    Lab,
}

impl LinkKind {
    #[must_use]
    pub fn scheme(self) -> &'static str {
        match self {
            Self::Sim => "sim",
            Self::Quiz => "quiz",
            Self::Lesson => "lesson",
            Self::Term => "term",
            Self::Lab => "lab",
        }
    }

    /// The kind and target of an interactive link, or `None` for any other URL.
    #[must_use]
    pub fn parse(url: &str) -> Option<(Self, &str)> {
        let (scheme, rest) = url.split_once(':')?;
        let kind = match scheme {
            "sim" => Self::Sim,
            "quiz" => Self::Quiz,
            "lesson" => Self::Lesson,
            "term" => Self::Term,
            "lab" => Self::Lab,
            _ => return None,
        };
        Some((kind, rest))
    }
}

/// An interactive link in a lesson body, with its position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub target: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    summary: String,
    level: Level,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    quiz: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub level: Level,
    pub requires: Vec<String>,
    pub quiz: Option<String>,
    /// The Markdown body, sanitized: no control characters but newlines.
    pub body: String,
    pub links: Vec<Link>,
    /// The file as shown in errors.
    pub file: String,
}

/// Front matter plus the parsed document, kept so cross-reference errors can point at fields.
#[derive(Debug)]
pub struct ParsedLesson {
    pub lesson: Lesson,
    pub front: Option<YamlDoc>,
}

/// Splits `text` into (front matter, its first line number, body, the body's byte offset).
fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 4;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &text[4..offset];
            let body_start = offset + line.len();
            return Some((front, 1, &text[body_start..], body_start));
        }
        offset += line.len();
    }
    None
}

/// Parses one lesson file. Errors in the front matter are returned with whatever could be read,
/// so `print` can still show an author the body of a lesson whose header is wrong.
pub fn parse(display: &str, text: &str, errors: &mut Vec<Diagnostic>) -> ParsedLesson {
    parse_with(display, text, errors, true)
}

/// Like [`parse`] without scanning the body for links: for previewing a file, where no link
/// is checked and the body is about to be parsed by the renderer anyway.
pub fn parse_for_preview(display: &str, text: &str, errors: &mut Vec<Diagnostic>) -> ParsedLesson {
    parse_with(display, text, errors, false)
}

fn parse_with(
    display: &str,
    text: &str,
    errors: &mut Vec<Diagnostic>,
    links: bool,
) -> ParsedLesson {
    let mut lesson = Lesson {
        id: String::new(),
        title: String::new(),
        summary: String::new(),
        level: Level::Beginner,
        requires: Vec::new(),
        quiz: None,
        body: String::new(),
        links: Vec::new(),
        file: display.to_owned(),
    };
    let Some((front, offset, body, body_start)) = split_front_matter(text) else {
        errors.push(Diagnostic::new(
            display,
            1,
            1,
            "missing front matter: a lesson starts with a `---` line, YAML fields (id, title, summary, level), and another `---` line",
        ));
        lesson.body = sanitize(text).into_owned();
        if links {
            lesson.links = collect_links(display, text, 0, errors);
        }
        return ParsedLesson {
            lesson,
            front: None,
        };
    };
    lesson.body = sanitize(body).into_owned();
    if links {
        lesson.links = collect_links(display, text, body_start, errors);
    }
    let doc = match YamlDoc::parse(display, front, offset) {
        Ok(doc) => doc,
        Err(d) => {
            errors.push(d);
            return ParsedLesson {
                lesson,
                front: None,
            };
        }
    };
    match doc.deserialize::<FrontMatter>("", doc.value()) {
        Ok(fm) => {
            check_fields(&doc, &fm, errors);
            lesson.id = fm.id;
            lesson.title = sanitize(&fm.title).into_owned();
            lesson.summary = sanitize(&fm.summary).into_owned();
            lesson.level = fm.level;
            lesson.requires = fm.requires;
            lesson.quiz = fm.quiz;
        }
        Err(d) => errors.push(d),
    }
    ParsedLesson {
        lesson,
        front: Some(doc),
    }
}

fn check_fields(doc: &YamlDoc, fm: &FrontMatter, errors: &mut Vec<Diagnostic>) {
    if !is_kebab_case(&fm.id) {
        errors.push(doc.error_at("id", format!("lesson id `{}` is not kebab-case: expected lowercase letters, digits and single dashes, e.g. `idempotency-keys`", fm.id)));
    }
    if fm.title.trim().is_empty() {
        errors.push(doc.error_at("title", "title is empty: expected the lesson's title"));
    }
    if fm.summary.trim().is_empty() {
        errors.push(doc.error_at(
            "summary",
            "summary is empty: expected one line for the course map",
        ));
    } else if fm.summary.trim().contains('\n') {
        errors.push(doc.error_at(
            "summary",
            "summary has several lines: expected one line for the course map",
        ));
    }
}

fn collect_links(
    display: &str,
    text: &str,
    body_start: usize,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Link> {
    let body = &text[body_start..];
    let mut links = Vec::new();
    let index = LineIndex::new(text);
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    for (event, range) in parser.into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some((kind, target)) = LinkKind::parse(&dest_url) else {
            continue;
        };
        let (line, col) = index.line_col(body_start + range.start);
        if target.is_empty() {
            errors.push(Diagnostic::new(
                display,
                line,
                col,
                format!(
                    "link `{dest_url}` has no target: expected `{}:<id>`",
                    kind.scheme()
                ),
            ));
            continue;
        }
        links.push(Link {
            kind,
            target: target.to_owned(),
            line,
            col,
        });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "---\nid: keys\ntitle: Keys\nsummary: One line\nlevel: intermediate\nrequires: [a]\nquiz: keys\n---\n# Keys\n\nSee [the sim](sim:retry-with-key) and [x](https://example.com).\n";

    #[test]
    fn parses_front_matter_and_links() {
        let mut errors = Vec::new();
        let p = parse("lessons/01-keys.md", OK, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let l = p.lesson;
        assert_eq!(
            (l.id.as_str(), l.level, l.quiz.as_deref()),
            ("keys", Level::Intermediate, Some("keys"))
        );
        assert_eq!(l.requires, vec!["a"]);
        assert!(l.body.starts_with("# Keys"));
        assert_eq!(
            l.links,
            vec![Link {
                kind: LinkKind::Sim,
                target: "retry-with-key".into(),
                line: 11,
                col: 5
            }]
        );
    }

    #[test]
    fn missing_front_matter_is_reported_at_line_one() {
        let mut errors = Vec::new();
        parse("l.md", "# Title\n", &mut errors);
        assert_eq!(errors[0].to_string().split(": ").next(), Some("l.md:1:1"));
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let mut errors = Vec::new();
        let src = "---\nid: Bad_Id\ntitle: T\nsummary: S\nlevel: expert\n---\nbody\n";
        parse("l.md", src, &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].to_string().starts_with("l.md:5:8: "),
            "{}",
            errors[0]
        );
        assert!(errors[0].message.contains("expert"), "{}", errors[0]);
    }
}
