//! The course: every lesson, glossary term, quiz bank and scenario of one content tree, loaded
//! and validated together. Loading never stops at the first mistake: a [`Loaded`] holds what
//! could be read and every diagnostic, so `check` lists them all and the app can refuse a broken
//! tree with the whole list.

pub mod bank;
pub mod diag;
pub mod glossary;
pub mod lab;
pub mod lesson;
mod links;
mod order;
pub mod scenario;
pub mod source;
mod validate;
pub mod yaml;
mod yaml_guard;

pub use bank::{Bank, Question, QuestionKind};
pub use diag::Diagnostic;
pub use glossary::Term;
pub use lesson::{Lesson, Level, Link, LinkKind};
pub use order::Rank;
pub use scenario::Scenario;
pub use source::Source;

/// A validated course.
#[derive(Debug, Clone, Default)]
pub struct Course {
    /// In the order of their file names.
    pub lessons: Vec<Lesson>,
    pub terms: Vec<Term>,
    pub banks: Vec<Bank>,
    pub scenarios: Vec<Scenario>,
    /// In the order of their file names.
    pub labs: Vec<crate::lab::Lab>,
}

/// What loading produced: the course as far as it could be read, and every problem found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub course: Course,
    pub errors: Vec<Diagnostic>,
}

impl Loaded {
    /// The course if it has no errors, else every error.
    pub fn into_result(self) -> Result<Course, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(self.course)
        } else {
            Err(self.errors)
        }
    }
}

/// Whether loading also runs every lab on its solution and starter (labs.md): `check` does,
/// the app and the other commands trust a tree that `check` passed and start without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labs {
    Parse,
    Run,
}

/// Loads and validates files already read (the layout filter applied by the caller).
#[must_use]
pub fn load_files(files: &[source::SourceFile]) -> Loaded {
    with_errors(validate::load_files(files, Labs::Parse), Vec::new())
}

/// Loads and validates every file of `source`.
#[must_use]
pub fn load(source: &Source) -> Loaded {
    load_with(source, Labs::Parse)
}

/// Loads and validates every file of `source`, running the labs if asked.
#[must_use]
pub fn load_with(source: &Source, labs: Labs) -> Loaded {
    let (files, read_errors) = source.files();
    with_errors(validate::load_files(&files, labs), read_errors)
}

/// Adds `more` to the errors of `loaded` and puts them all in file, line, column order.
fn with_errors(mut loaded: Loaded, mut more: Vec<Diagnostic>) -> Loaded {
    loaded.errors.append(&mut more);
    loaded
        .errors
        .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    loaded.errors.dedup();
    loaded
}

impl Course {
    #[must_use]
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    #[must_use]
    pub fn lesson_index(&self, id: &str) -> Option<usize> {
        self.lessons.iter().position(|l| l.id == id)
    }

    #[must_use]
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    #[must_use]
    pub fn bank(&self, id: &str) -> Option<&Bank> {
        self.banks.iter().find(|b| b.id == id)
    }

    #[must_use]
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.scenario == id)
    }

    #[must_use]
    pub fn lab(&self, id: &str) -> Option<&crate::lab::Lab> {
        self.labs.iter().find(|l| l.lab == id)
    }

    /// The labs whose `lesson:` is `lesson`, in file order.
    pub fn lesson_labs<'a>(&'a self, lesson: &'a str) -> impl Iterator<Item = &'a crate::lab::Lab> {
        self.labs
            .iter()
            .filter(move |l| l.lesson.as_deref() == Some(lesson))
    }

    /// Scenario ids a lesson links to, in order of first appearance.
    #[must_use]
    pub fn lesson_scenarios(&self, lesson: &Lesson) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in lesson.links.iter().filter(|l| l.kind == LinkKind::Sim) {
            if !out.contains(&l.target) {
                out.push(l.target.clone());
            }
        }
        out
    }
}
