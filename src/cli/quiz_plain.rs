//! `idemlab quiz BANK --plain`: the quiz as a conversation on stdin and stdout, for screen
//! readers, scripts and classrooms. Plain text only (no escape sequences, whatever the
//! content holds), one question at a time, the same feedback words as the TUI (both come from
//! [`crate::quiz::feedback`]), and the same records: a finished quiz is saved like one taken in
//! the TUI; input that ends mid-quiz stops it and records nothing.

use std::io::{self, BufRead, Write};

use super::quiz_input::{Typed, how_to_answer, parse};
use crate::content::Course;
use crate::markdown::plain;
use crate::progress::{Progress, Store};
use crate::quiz::clock::duration_words;
use crate::quiz::shuffle::option_text;
use crate::quiz::summary::mark_percent;
use crate::quiz::{Clock, Kind, Moment, Phase, Session, SubmitError, feedback_as_shown, forecast};
use crate::text::sanitize_line;

/// How a plain quiz ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Finished,
    /// Input ended before the last answer: nothing recorded for that session.
    InputEnded,
}

pub struct Plain<'a, R, W> {
    pub course: &'a Course,
    pub clock: &'a dyn Clock,
    pub input: R,
    pub out: W,
    pub width: u16,
    /// Repeat each answer after the prompt (when input is not a terminal that echoes it), so a
    /// transcript reads as a conversation.
    pub echo: bool,
}

impl<R: BufRead, W: Write> Plain<'_, R, W> {
    /// Runs `session` and, while questions were missed and the learner wants to, retakes of the
    /// missed ones. Each finished session is recorded in `progress` and saved in `store`.
    pub fn run(
        &mut self,
        mut session: Session,
        progress: &mut Progress,
        store: &mut Store,
    ) -> io::Result<Ended> {
        self.intro(&session, progress)?;
        loop {
            if !self.session(&mut session, progress, store)? {
                let said = if session.kind() == Kind::Review {
                    "\nInput ended before the review did: the answers you gave are saved."
                } else {
                    "\nInput ended before the quiz did: nothing was recorded."
                };
                writeln!(self.out, "{said}")?;
                return Ok(Ended::InputEnded);
            }
            let now = self.clock.now();
            progress.record_quiz(self.course, &session, now);
            let before = store.warnings.len();
            store.save_last(progress);
            self.summary(&session, progress, now)?;
            for w in &store.warnings[before..] {
                writeln!(self.out, "Warning: {}", sanitize_line(w))?;
            }
            let missed = session.missed().len();
            if missed == 0 {
                return Ok(Ended::Finished);
            }
            let what = if missed == 1 {
                "the missed question".to_owned()
            } else {
                format!("the {missed} missed questions")
            };
            write!(
                self.out,
                "\nRetake {what} now? Type y, or press Enter to finish: "
            )?;
            self.out.flush()?;
            match self.line()? {
                Some(l) if matches!(l.trim().to_lowercase().as_str(), "y" | "yes") => {
                    session = session.retake(self.course, true);
                    writeln!(
                        self.out,
                        "\nRetake (practice: it counts for review, not for the bank's score), seed {}.",
                        session.seed()
                    )?;
                }
                Some(_) => return Ok(Ended::Finished),
                None => {
                    writeln!(self.out)?;
                    return Ok(Ended::Finished);
                }
            }
        }
    }

    fn intro(&mut self, s: &Session, progress: &Progress) -> io::Result<()> {
        match s.bank_of(self.course) {
            Some(bank) => {
                writeln!(
                    self.out,
                    "{}: {} questions, pass mark {}%, seed {}.",
                    sanitize_line(&bank.title),
                    s.len(),
                    mark_percent(bank.pass_mark),
                    s.seed()
                )?;
                let best = match (progress.bank_best(&bank.id), progress.bank_record(&bank.id)) {
                    (Some(b), Some(r)) => format!(
                        "{} of {}, {} ({})",
                        b.correct,
                        b.total,
                        if b.passed { "passed" } else { "not passed" },
                        super::plural(r.attempts as usize, "attempt")
                    ),
                    _ => "none yet".to_owned(),
                };
                writeln!(self.out, "Best so far: {best}.")?;
            }
            None => writeln!(
                self.out,
                "Review: {} due, seed {}.",
                super::plural(s.len(), "question"),
                s.seed()
            )?,
        }
        let stop = if s.kind() == Kind::Review {
            "End of input stops the review; each answer is saved as you give it."
        } else {
            "End of input stops the quiz without recording it."
        };
        writeln!(
            self.out,
            "Answer with a number, several numbers (1,3), every number in your order (3,1,2), or words, as each question says. {stop}"
        )
    }

    /// One line of input without its line break; `None` at end of input.
    fn line(&mut self) -> io::Result<Option<String>> {
        let mut buf = String::new();
        if self.input.read_line(&mut buf)? == 0 {
            return Ok(None);
        }
        let line = buf.trim_end_matches(['\n', '\r']).to_owned();
        if self.echo {
            writeln!(self.out, "{}", sanitize_line(&line))?;
        }
        Ok(Some(line))
    }

    fn markdown(&mut self, src: &str, first: &str, rest: &str) -> io::Result<()> {
        let width = self
            .width
            .saturating_sub(u16::try_from(rest.len()).unwrap_or(0));
        for (i, text) in plain::text_lines(src, width.max(20)).iter().enumerate() {
            let prefix = if i == 0 { first } else { rest };
            writeln!(self.out, "{prefix}{text}")?;
        }
        Ok(())
    }

    /// Asks every question of `s`; false when input ended first. In a review each answer is
    /// saved as it is given, so stopping part-way keeps them.
    fn session(
        &mut self,
        s: &mut Session,
        progress: &mut Progress,
        store: &mut Store,
    ) -> io::Result<bool> {
        s.begin(self.course, self.clock.now().unix);
        while s.phase() == Phase::Answering {
            if !self.ask(s)? {
                return Ok(false);
            }
            let now = self.clock.now();
            if s.kind() == Kind::Review && progress.record_answer(self.course, s, s.pos(), now) {
                let before = store.warnings.len();
                store.save_last(progress);
                for w in &store.warnings[before..] {
                    writeln!(self.out, "Warning: {}", sanitize_line(w))?;
                }
            }
            self.feedback(s, progress, now)?;
            s.next(self.course, self.clock.now().unix);
        }
        Ok(true)
    }

    fn ask(&mut self, s: &mut Session) -> io::Result<bool> {
        let course = self.course;
        let (Some(q), Some(item)) = (s.question(course), s.item().cloned()) else {
            return Ok(true);
        };
        let n = item.shown.len();
        let bank = if s.kind() == Kind::Review {
            format!(" · {}", sanitize_line(&course.banks[item.bank].title))
        } else {
            String::new()
        };
        writeln!(
            self.out,
            "\nQuestion {} of {}{bank} · {}",
            s.pos() + 1,
            s.len(),
            how_to_answer(&q.kind, n)
        )?;
        self.markdown(&q.prompt, "", "")?;
        for (pos, &idx) in item.shown.iter().enumerate() {
            let text = option_text(q, idx).unwrap_or_default();
            self.markdown(text, &format!("  {}. ", pos + 1), "     ")?;
        }
        loop {
            write!(self.out, "Your answer: ")?;
            self.out.flush()?;
            let Some(line) = self.line()? else {
                return Ok(false);
            };
            match parse(&q.kind, n, &line) {
                Err(msg) => writeln!(self.out, "{msg}")?,
                Ok(typed) => {
                    match typed {
                        Typed::One(p) => s.choose(p),
                        Typed::Several(ps) => ps.into_iter().for_each(|p| s.choose(p)),
                        Typed::Order(ps) => s.arrange(&ps),
                        Typed::Text(t) => s.set_text(&t),
                    }
                    match s.submit(course) {
                        Ok(_) | Err(SubmitError::NotAnswering) => return Ok(true),
                        Err(SubmitError::Incomplete(_)) => {
                            writeln!(self.out, "Please answer ({}).", how_to_answer(&q.kind, n))?;
                        }
                    }
                }
            }
        }
    }

    fn feedback(&mut self, s: &Session, progress: &Progress, now: Moment) -> io::Result<()> {
        let (Some(q), Some(o), Some(item)) =
            (s.question(self.course), s.outcome(s.pos()), s.item())
        else {
            return Ok(());
        };
        let f = feedback_as_shown(q, o, &item.shown);
        writeln!(self.out, "{}", f.verdict)?;
        self.markdown(&f.markdown(), "", "")?;
        let next = progress
            .schedule_after(self.course, s, s.pos(), now)
            .and_then(|(slot, step)| forecast::after_answer(slot, step, o.correct, now));
        if let Some(next) = next {
            writeln!(self.out, "{next}")?;
        }
        Ok(())
    }

    fn summary(&mut self, s: &Session, progress: &Progress, now: Moment) -> io::Result<()> {
        let sum = s.summary(self.course);
        let verdict = match (sum.passed(), sum.pass_mark, s.kind()) {
            (Some(p), Some(m), _) => format!(
                "{}, the pass mark is {}%",
                if p { "✓ passed" } else { "✗ not passed" },
                mark_percent(m)
            ),
            (_, _, Kind::Review) => "review".to_owned(),
            _ => "practice, not scored".to_owned(),
        };
        writeln!(
            self.out,
            "\nScore: {} of {} right ({}%): {verdict}. Time: {}.",
            sum.correct,
            sum.total,
            sum.percent(),
            if sum.elapsed_secs == 0 {
                "less than a second".to_owned()
            } else {
                duration_words(sum.elapsed_secs)
            }
        )?;
        for i in 0..s.len() {
            let Some(q) = s.question_at(self.course, i) else {
                continue;
            };
            let mark = if s.is_missed(i) { "✗" } else { "✓" };
            writeln!(
                self.out,
                "  {mark} {}. {}",
                i + 1,
                first_line(&q.prompt, 70)
            )?;
        }
        let due = progress.due_questions(self.course, now.unix).len();
        if let Some(next) = progress.next_review(self.course, now.unix) {
            let later = Moment { unix: next, ..now };
            writeln!(
                self.out,
                "Saved. Missed questions come back for review from {} (idemlab quiz review --plain asks them).",
                later.date_string()
            )?;
        } else {
            writeln!(self.out, "Saved.")?;
        }
        if let Some(c) = forecast::coming(&progress.review_forecast(self.course, now), now, 3) {
            writeln!(self.out, "{c}.")?;
        }
        if let Some((at, n)) = progress.next_drill(self.course, now.unix) {
            writeln!(
                self.out,
                "{} can be practised again {} (idemlab quiz review --plain).",
                super::plural(n, "missed question"),
                forecast::when(at, now)
            )?;
        }
        if due > 0 {
            let verb = if due == 1 { "is" } else { "are" };
            writeln!(
                self.out,
                "{} {verb} due for review now.",
                super::plural(due, "question")
            )?;
        }
        Ok(())
    }
}

/// The first paragraph of a Markdown prompt on one line, as text, cut to `max` characters.
#[must_use]
fn first_line(prompt: &str, max: usize) -> String {
    let line = plain::first_paragraph(prompt);
    if line.chars().count() <= max {
        line
    } else {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}
