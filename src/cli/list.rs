use std::process::ExitCode;

use super::Global;
use crate::text::sanitize_line;

pub fn run(g: &Global) -> ExitCode {
    let course = match g.course() {
        Ok(c) => c,
        Err(code) => return code,
    };
    println!("Lessons (open with `idemlab open lesson:ID`)");
    for l in &course.lessons {
        println!(
            "  lesson:{:<28} {:<12} {}",
            l.id,
            l.level.as_str(),
            sanitize_line(&l.title)
        );
    }
    println!("\nQuiz banks");
    for b in &course.banks {
        println!(
            "  quiz:{:<30} {:>3} questions  {}",
            b.id,
            b.questions.len(),
            sanitize_line(&b.title)
        );
    }
    println!("\nScenarios");
    for s in &course.scenarios {
        println!(
            "  sim:{:<31} {:<12} {}",
            s.scenario,
            s.model.name(),
            sanitize_line(&s.title)
        );
    }
    println!("\nGlossary");
    for t in &course.terms {
        println!("  term:{:<30} {}", t.id, sanitize_line(&t.term));
    }
    ExitCode::SUCCESS
}
