//! `idemlab progress --json`: the progress file's own records (so scripts that read them keep
//! working) plus what a teacher collecting results needs without the course at hand: every
//! lesson, quiz bank and scenario in course order with its title and state, each bank's best
//! score and due questions (same-day drills included), and what review brings on which day.

use serde_json::{Value, json};

use crate::content::Course;
use crate::progress::Progress;
use crate::quiz::Moment;

/// The JSON document `--json` prints.
///
/// # Errors
/// If the progress cannot be turned into JSON (it always can).
pub fn document(course: &Course, progress: &Progress, now: Moment) -> serde_json::Result<Value> {
    let date = |unix: u64| Moment { unix, ..now }.date_string();
    let mut doc = serde_json::to_value(progress)?;
    let lessons: Vec<Value> = course
        .lessons
        .iter()
        .map(|l| {
            json!({
                "id": l.id,
                "title": l.title,
                "level": l.level.as_str(),
                "state": progress.lesson_state(&l.id).label(),
            })
        })
        .collect();
    let quizzes: Vec<Value> = super::progress::banks_in_course_order(course)
        .into_iter()
        .map(|b| {
            let rec = progress.bank_record(&b.id);
            let next = rec.and_then(|r| {
                r.questions
                    .values()
                    .filter(|q| q.leitner_box > 0)
                    .filter_map(|q| q.due)
                    .filter(|&d| d > now.unix)
                    .min()
            });
            json!({
                "id": b.id,
                "title": b.title,
                "questions": b.questions.len(),
                "attempts": rec.map_or(0, |r| r.attempts),
                "best": rec.and_then(|r| r.best).map(|s| json!({
                    "correct": s.correct, "total": s.total, "passed": s.passed, "date": date(s.at),
                })),
                "due_now": progress.due_in_bank(course, &b.id, now.unix),
                "next_due": next.map(date),
            })
        })
        .collect();
    let scenarios: Vec<Value> = course
        .scenarios
        .iter()
        .map(|s| {
            json!({
                "id": s.scenario,
                "title": s.title,
                "watched": progress.scenario_finished(&s.scenario),
            })
        })
        .collect();
    let coming: Vec<Value> = progress
        .review_forecast(course, now)
        .into_iter()
        .map(|(due, n)| json!({ "date": date(due), "questions": n }))
        .collect();
    // `due_now` counts what a review asks now, as the text and the map do: the questions due
    // and those missed earlier whose same-day learning step is over (`drill_now` of them).
    let drill_now = progress.drill_questions(course, now.unix).len();
    let next_drill = progress
        .next_drill(course, now.unix)
        .map(|(at, n)| json!({ "at_unix": at, "questions": n }));
    let review = json!({
        "due_now": progress.review_questions(course, now.unix).len(),
        "drill_now": drill_now,
        "next_drill": next_drill,
        "next_due": progress.next_review(course, now.unix).map(date),
        "coming": coming,
    });
    if let Some(obj) = doc.as_object_mut() {
        obj.insert(
            "course".to_owned(),
            json!({
                "lessons": lessons,
                "quizzes": quizzes,
                "scenarios": scenarios,
                "review": review,
            }),
        );
    }
    Ok(doc)
}
