//! `idemlab list`: every lesson, quiz bank, scenario, lab and glossary term with the id to open it
//! by. The ids line up in one column, as wide as the longest (`sim:` ids can be long).

use std::process::ExitCode;

use super::Global;
use crate::text::sanitize_line;
use crate::text::width::str_width;

/// The id column is at least this wide, so short ids leave room as before.
const MIN_ID: usize = 35;

pub fn run(g: &Global) -> ExitCode {
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let lessons: Vec<String> = course
        .lessons
        .iter()
        .map(|l| format!("lesson:{}", l.id))
        .collect();
    let banks: Vec<String> = course
        .banks
        .iter()
        .map(|b| format!("quiz:{}", b.id))
        .collect();
    let sims: Vec<String> = course
        .scenarios
        .iter()
        .map(|s| format!("sim:{}", s.scenario))
        .collect();
    let labs: Vec<String> = course
        .labs
        .iter()
        .map(|l| format!("lab:{}", l.lab))
        .collect();
    let terms: Vec<String> = course
        .terms
        .iter()
        .map(|t| format!("term:{}", t.id))
        .collect();
    let w = [&lessons, &banks, &sims, &labs, &terms]
        .into_iter()
        .flatten()
        .map(|id| str_width(id))
        .max()
        .unwrap_or(0)
        .max(MIN_ID);
    println!("Lessons (open with `idemlab open lesson:ID`)");
    for (l, id) in course.lessons.iter().zip(&lessons) {
        println!(
            "  {id:<w$} {:<12} {}",
            l.level.as_str(),
            sanitize_line(&l.title)
        );
    }
    println!("\nQuiz banks");
    for (b, id) in course.banks.iter().zip(&banks) {
        println!(
            "  {id:<w$} {:>3} questions  {}",
            b.questions.len(),
            sanitize_line(&b.title)
        );
    }
    println!("\nScenarios");
    for (s, id) in course.scenarios.iter().zip(&sims) {
        println!(
            "  {id:<w$} {:<12} {}",
            s.model.name(),
            sanitize_line(&s.title)
        );
    }
    if !course.labs.is_empty() {
        println!("\nLabs (check your file with `idemlab lab ID --check`)");
        for (l, id) in course.labs.iter().zip(&labs) {
            println!(
                "  {id:<w$} {:<12} {}",
                l.level.as_str(),
                sanitize_line(&l.title)
            );
        }
    }
    println!("\nGlossary");
    for (t, id) in course.terms.iter().zip(&terms) {
        println!("  {id:<w$} {}", sanitize_line(&t.term));
    }
    ExitCode::SUCCESS
}
