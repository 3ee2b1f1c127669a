//! `idemlab list`: every lesson, quiz bank, scenario, lab and glossary term with the id to open it
//! by. The ids line up in one column, as wide as the longest (`sim:` ids can be long). Lessons
//! come in course order, and banks, scenarios and labs in the order the lessons first name them
//! (`Course::rank`), so the list reads like the course; those no lesson names come last.

use std::process::ExitCode;

use super::Global;
use crate::text::width::str_width;
use crate::text::{plural, sanitize_line};

/// The id column is at least this wide, so short ids leave room as before.
const MIN_ID: usize = 35;

pub fn run(g: &Global) -> ExitCode {
    let mut course = match g.course() {
        Ok(c) => c,
        Err(code) => return code,
    };
    in_course_order(&mut course);
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
    println!("\n{}", size_line(&course));
    ExitCode::SUCCESS
}

/// Sorts banks, scenarios and labs by where the lessons first name them (a stable sort, so
/// unnamed ones keep their file order at the end).
fn in_course_order(course: &mut crate::content::Course) {
    use crate::content::LinkKind;
    let mut banks = std::mem::take(&mut course.banks);
    banks.sort_by_cached_key(|b| course.rank(LinkKind::Quiz, &b.id));
    course.banks = banks;
    let mut sims = std::mem::take(&mut course.scenarios);
    sims.sort_by_cached_key(|s| course.rank(LinkKind::Sim, &s.scenario));
    course.scenarios = sims;
    let mut labs = std::mem::take(&mut course.labs);
    labs.sort_by_cached_key(|l| course.rank(LinkKind::Lab, &l.lab));
    course.labs = labs;
}

/// How long the course is, counted: `11 lessons (about 2 hours of reading at 200 words a
/// minute), 11 quizzes with 151 questions, 30 scenarios (13 of them challenges), 14 labs, 54
/// glossary terms`. A challenge is a scenario with a `goal:`. The README's "first five
/// minutes" quotes these numbers, and a test holds it to them.
#[must_use]
pub fn size_line(course: &crate::content::Course) -> String {
    let words: usize = course
        .lessons
        .iter()
        .map(|l| l.body.split_whitespace().count())
        .sum();
    let hours = (words + 6_000) / 12_000;
    let reading = if hours == 0 {
        format!("about {} minutes of reading", words.div_ceil(200))
    } else {
        format!("about {} of reading", plural(hours, "hour"))
    };
    let questions: usize = course.banks.iter().map(|b| b.questions.len()).sum();
    let challenges = match course.scenarios.iter().filter(|s| s.is_challenge()).count() {
        0 => String::new(),
        1 => " (1 of them a challenge)".to_owned(),
        n => format!(" ({n} of them challenges)"),
    };
    format!(
        "{} ({reading} at 200 words a minute), {} with {}, {}{challenges}, {}, {}",
        plural(course.lessons.len(), "lesson"),
        crate::text::count(
            i64::try_from(course.banks.len()).unwrap_or(i64::MAX),
            "quiz",
            "quizzes"
        ),
        plural(questions, "question"),
        plural(course.scenarios.len(), "scenario"),
        plural(course.labs.len(), "lab"),
        plural(course.terms.len(), "glossary term"),
    )
}
