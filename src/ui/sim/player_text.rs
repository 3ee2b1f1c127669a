//! The player's words: the header's status, the goal line, and the narration under the diagram
//! (the current step's sentence, where two compared runs part, and at the end the verdict with
//! ✓ or ✗ and the learner's guess). Everything from content or the engine is sanitized here.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::app::{App, Input, Player, Side};
use crate::keymap::{Action, Context, key_label as key};
use crate::sim::{self, TraceEvent};
use crate::text::sanitize_line;

/// `(who, what)` of a step: the event's actor (`network` for a loss) and its sentence.
fn who_what(ev: &TraceEvent) -> (String, String) {
    (ev.actor.name().to_owned(), sanitize_line(&ev.text))
}

/// Parts of the header's right side, most important first.
pub fn status_parts(p: &Player) -> Vec<String> {
    let play = if p.clock.playing() {
        "▶ playing"
    } else {
        "⏸ paused"
    };
    vec![
        format!("step {}/{}", p.step() + 1, p.len()),
        play.to_owned(),
        p.clock.label(),
        format!("seed {}", p.seed()),
        format!("{} ms", p.time_ms()),
    ]
}

/// The goal of a challenge and its state, under the knobs: `○ goal: …`, then the judged
/// result in the theme's done (reached) or warning (missed) style; the glyph carries the
/// meaning without colour.
#[must_use]
pub fn goal_line(app: &App, p: &Player) -> Option<Line<'static>> {
    let c = p.challenge.as_ref()?;
    let watch = crate::keymap::key_label(crate::keymap::Context::Sim, crate::keymap::Action::Open);
    let text = sanitize_line(&c.line(&watch));
    let style = match &c.judgement {
        None => app.theme.title,
        Some(_) if c.reached() => app.theme.done,
        Some(_) => app.theme.warn,
    };
    let mut spans = vec![Span::styled(text, style)];
    // Before the first verdict: the counter the goal is about can be guessed first (an offer).
    if p.offers_prediction() {
        spans.push(Span::styled(
            format!(
                " · {} predicts the {} first",
                key(Context::Sim, Action::Predict),
                sim::counter_label(sim::predicted(&p.main.scenario))
            ),
            app.theme.dim,
        ));
    }
    Some(Line::from(spans))
}

/// `✓ text` or `✗ text`: the mark and the words carry the meaning, the colour only repeats it.
fn verdict_line(app: &App, prefix: Vec<Span<'static>>, side: &Side) -> Line<'static> {
    let v = &side.verdict;
    let (mark, style) = if v.good {
        ("✓", app.theme.done.add_modifier(Modifier::BOLD))
    } else {
        ("✗", app.theme.warn)
    };
    let mut spans = prefix;
    spans.push(Span::styled(format!("{mark} "), style));
    spans.push(Span::styled(sanitize_line(&v.text), style));
    Line::from(spans)
}

/// `1141 ms · server: receives attempt 2 · key bb43… already done …`: the steps at one
/// moment, the actor named as a label (`network:`) when it changes; the time in milliseconds,
/// as the diagram's gutter and `run` say it.
fn event_line(app: &App, prefix: Vec<Span<'static>>, evs: &[&TraceEvent]) -> Line<'static> {
    let mut spans = prefix;
    let Some(first) = evs.first() else {
        return Line::from(spans);
    };
    spans.push(Span::styled(format!("{} ms · ", first.t_ms), app.theme.dim));
    let mut last_who = String::new();
    for (i, ev) in evs.iter().enumerate() {
        let (who, what) = who_what(ev);
        if i > 0 {
            spans.push(Span::styled(" · ", app.theme.dim));
        }
        if who != last_who {
            spans.push(Span::styled(format!("{who}: "), app.theme.title));
        }
        spans.push(Span::raw(what));
        last_who = who;
    }
    Line::from(spans)
}

/// The badge of side `i` in a compare (`1`, `2`), nothing otherwise.
fn badge(app: &App, p: &Player, i: usize) -> Vec<Span<'static>> {
    if p.compare {
        vec![
            Span::styled(format!(" {} ", i + 1), app.theme.selected),
            Span::raw(" "),
        ]
    } else {
        Vec::new()
    }
}

/// What `side` did at the current step: one event, or in a compare every event at this time
/// (none if the side was waiting).
fn current_events<'a>(p: &Player, side: &'a Side) -> Vec<&'a TraceEvent> {
    if !p.compare {
        return vec![p.event(side)];
    }
    let t = p.time_ms();
    side.run.trace.iter().filter(|e| e.t_ms == t).collect()
}

/// The prompt while the learner types a number.
fn prompt(app: &App, p: &Player, input: &Input) -> Vec<Line<'static>> {
    let t = &app.theme;
    let (question, help) = match input {
        Input::Seed(_) => (
            if p.compare {
                "Seed for both runs:"
            } else {
                "Seed for this run:"
            }
            .to_owned(),
            format!(
                "{} runs it · {} cancels",
                key(Context::SimInput, Action::Open),
                key(Context::SimInput, Action::Back)
            ),
        ),
        Input::Guess(_) => (
            format!("Predict first. {}", sim::question(&p.main.scenario)),
            format!(
                "type a number · {} · {} skips",
                key(Context::SimInput, Action::Open),
                key(Context::SimInput, Action::Back)
            ),
        ),
    };
    vec![
        Line::from(Span::styled(question, t.title)),
        Line::from(vec![
            Span::styled("› ", t.key),
            Span::raw(input.text().to_owned()),
            Span::styled("█", t.dim),
            Span::styled(format!("   {help}"), t.dim),
        ]),
    ]
}

/// The learner's guess against the result, for the counter predict mode asked about (the
/// goal's in a challenge, else the headline).
fn guess_line(app: &App, guess: i64, side: &Side) -> Line<'static> {
    let name = sim::predicted(&side.scenario);
    let c = sim::counter_label(name);
    let truth = sim::predicted_value(&side.scenario, &side.run);
    if guess == truth {
        Line::from(vec![
            Span::styled("✓ ", app.theme.done),
            Span::raw(format!("Your guess, {c} = {guess}, was right.")),
        ])
    } else {
        Line::from(vec![
            Span::styled("✗ ", app.theme.warn),
            Span::raw(format!(
                "Your guess was {c} = {guess}; the run ended with {c} = {truth}."
            )),
        ])
    }
}

/// Narration lines for the sides on screen (`shown`: indices into `p.sides()`).
pub fn narration(app: &App, p: &Player, shown: &[usize]) -> Vec<Line<'static>> {
    if let Some(input) = &p.input {
        return prompt(app, p, input);
    }
    let sides: Vec<&Side> = p.sides().collect();
    let mut lines = Vec::new();
    // The first frame says what the scenario is about (the map's Details pane says the same),
    // while the knobs are as written: "charged twice" must not stand over a run that is not.
    if p.step() == 0 && !p.at_end() {
        for &i in shown.iter().filter(|i| p.as_written(**i)) {
            let Some(side) = sides.get(i) else { continue };
            let mut spans = badge(app, p, i);
            spans.push(Span::styled(
                sanitize_line(&side.scenario.summary),
                app.theme.title,
            ));
            lines.push(Line::from(spans));
        }
    }
    // At the end of a compare the verdicts say it all; a single run keeps its last sentence.
    let events = !(p.compare && p.at_end());
    for &i in shown.iter().filter(|_| events) {
        let Some(side) = sides.get(i) else { continue };
        let evs = current_events(p, side);
        if evs.is_empty() {
            let mut spans = badge(app, p, i);
            spans.push(Span::styled(
                format!("{} ms · nothing happens in this run", p.time_ms()),
                app.theme.dim,
            ));
            lines.push(Line::from(spans));
        } else {
            lines.push(event_line(app, badge(app, p, i), &evs));
        }
    }
    if let Some(diffs) = p.parting() {
        lines.push(parting_line(app, &diffs));
    }
    if p.at_end() {
        for &i in shown {
            let Some(side) = sides.get(i) else { continue };
            lines.push(verdict_line(app, badge(app, p, i), side));
        }
        if let Some(g) = p.guess {
            lines.push(guess_line(app, g, &p.main));
        }
    }
    lines
}

/// `◆ Here the two runs part: replays 0 ≠ 1`.
fn parting_line(app: &App, diffs: &[(&str, i64, i64)]) -> Line<'static> {
    let what = if diffs.is_empty() {
        "their tables differ".to_owned()
    } else {
        let diffs: Vec<String> = diffs
            .iter()
            .map(|(n, a, b)| format!("{n} {a} ≠ {b}"))
            .collect();
        diffs.join(", ")
    };
    Line::from(vec![
        Span::styled("◆ Here the two runs part: ", app.theme.warn),
        Span::raw(what),
    ])
}
