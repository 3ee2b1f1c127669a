use std::process::ExitCode;

use super::{Global, plural};
use crate::content;

pub fn run(g: &Global) -> ExitCode {
    let loaded = content::load_with(&g.source(), content::Labs::Run);
    if loaded.errors.is_empty() {
        let c = &loaded.course;
        println!(
            "ok: {}, {}, {}, {}, {} in {}",
            plural(c.lessons.len(), "lesson"),
            plural(c.banks.len(), "quiz bank"),
            plural(c.scenarios.len(), "scenario"),
            plural(c.labs.len(), "lab"),
            plural(c.terms.len(), "glossary term"),
            g.shown_source()
        );
        ExitCode::SUCCESS
    } else {
        for e in &loaded.errors {
            println!("{e}");
        }
        eprintln!("{} found", plural(loaded.errors.len(), "error"));
        ExitCode::FAILURE
    }
}
