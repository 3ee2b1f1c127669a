//! The simulation player inside the app: opening it, what each key does there, typing a seed
//! or a prediction, statistics in the background, and remembering a scenario watched to the
//! end. The rules live in [`Player`]; this file maps actions onto them and reports back in the
//! footer (a refused knob says why, a new seed says which).

use std::time::Instant;

use super::clock::STATS_POLL;
use super::knobs::Knob;
use super::stats_job::StatsJob;
use super::{Input, Player, PlayerError, StatsRun};
use crate::app::{App, Popup, Screen, Status};
use crate::keymap::{Action, Context, key_label as key};

/// Trials per side when the learner asks for statistics.
pub const TRIALS: u64 = 10_000;
/// Longest number a learner can type (a `u64` has 20 digits).
const MAX_DIGITS: usize = 20;

impl App {
    /// Opens scenario `id` in the simulation player, over whatever is on screen.
    pub fn open_sim(&mut self, id: &str) {
        match Player::open(&self.course, id) {
            Ok(p) => self.stack.push(Screen::Sim(Box::new(p))),
            Err(e) => {
                self.popup = Some(Popup::Notice {
                    title: "Simulation".into(),
                    text: format!("The scenario `{id}` cannot be shown: {e}"),
                });
            }
        }
    }

    /// Runs the scenario on screen with `seed` (`open sim:ID --seed N`); `Err` when the player
    /// is not on screen or the run cannot be made.
    pub fn set_sim_seed(&mut self, seed: u64) -> Result<(), PlayerError> {
        match self.player_mut() {
            Some(p) => p.set_seed(seed),
            None => Err(PlayerError::NotOpen),
        }
    }

    /// The player on screen, if the top screen is the player.
    #[must_use]
    pub fn player(&self) -> Option<&Player> {
        match self.stack.last() {
            Some(Screen::Sim(p)) => Some(p),
            _ => None,
        }
    }

    fn player_mut(&mut self) -> Option<&mut Player> {
        match self.stack.last_mut() {
            Some(Screen::Sim(p)) => Some(p),
            _ => None,
        }
    }

    /// Whether the terminal should report the mouse: only while the player is on screen (its
    /// diagram scrolls with the wheel). Elsewhere the terminal keeps its own text selection.
    #[must_use]
    pub fn wants_mouse(&self) -> bool {
        self.player().is_some()
    }

    /// The player's context: typing, statistics, or the player itself.
    pub(in crate::app) fn sim_context(p: &Player) -> Context {
        if p.input.is_some() {
            Context::SimInput
        } else if p.show_stats {
            Context::SimStats
        } else {
            Context::Sim
        }
    }

    pub(in crate::app) fn update_sim(&mut self, context: Context, action: Action) {
        let now = self.player_env.timer.now();
        let seed = (context == Context::Sim && action == Action::NewSeed)
            .then(|| (self.player_env.seeds)());
        // A page of the diagram: about half the terminal (the diagram's share of it).
        let page = isize::from(u8::try_from((self.size.1 / 2).max(4)).unwrap_or(u8::MAX));
        let Some(p) = self.player_mut() else { return };
        let status = match context {
            Context::SimInput => type_number(p, action),
            Context::SimStats => {
                close_stats(p);
                None
            }
            _ if action == Action::Back => {
                self.stack.pop();
                return;
            }
            _ => act(p, action, now, seed, page),
        };
        if status.is_some() {
            self.status = status;
        }
        self.record_solved();
        self.record_sim_end();
    }

    /// A goal just reached: recorded in progress, and the footer offers the next open
    /// challenge of the course.
    fn record_solved(&mut self) {
        let Some(p) = self.player_mut().filter(|p| p.solved_now) else {
            return;
        };
        p.solved_now = false;
        let id = p.main.id().to_owned();
        if self.progress.solve_scenario(&id) {
            self.save();
        }
        let next = self.course.scenarios.iter().find(|s| {
            s.is_challenge() && s.scenario != id && !self.progress.scenario_solved(&s.scenario)
        });
        let text = match next {
            // The title only: with the id (`sim:…`) it ran past 80 columns, cut mid-word.
            Some(s) => format!("✓ solved. Next open challenge: {}", s.title),
            None => "✓ solved. Every challenge of the course is solved".into(),
        };
        self.status = Some(Status::info(text));
    }

    pub(in crate::app) fn sim_deadline(&self) -> Option<Instant> {
        self.player().and_then(Player::deadline)
    }

    pub(in crate::app) fn sim_tick(&mut self, now: Instant) {
        if let Some(p) = self.player_mut() {
            p.tick(now);
        }
        self.record_sim_end();
    }

    /// A scenario whose last step is on screen is recorded (both, in a compare).
    fn record_sim_end(&mut self) {
        let Some(p) = self
            .player_mut()
            .filter(|p| p.at_end() && p.input.is_none())
        else {
            return;
        };
        p.seen_end = true;
        let ids: Vec<String> = p.sides().map(|s| s.id().to_owned()).collect();
        let mut news = false;
        for id in ids {
            news |= self.progress.finish_scenario(&id);
        }
        if news {
            self.save();
        }
    }
}

/// Typing a number: digits (typed or pasted) and Backspace edit it, Enter uses it, Esc
/// cancels. A number is at most [`MAX_DIGITS`] digits.
fn type_number(p: &mut Player, action: Action) -> Option<Status> {
    let text = p.input.as_mut()?.text_mut();
    match action {
        Action::Type(c) if c.is_ascii_digit() && text.len() < MAX_DIGITS => text.push(c),
        Action::Paste(pasted) => {
            let room = MAX_DIGITS.saturating_sub(text.len());
            text.extend(pasted.chars().filter(char::is_ascii_digit).take(room));
        }
        Action::DeleteBack => {
            text.pop();
        }
        Action::Open | Action::Back => return submit(p, action == Action::Open),
        _ => {}
    }
    None
}

/// Enter (`use_it`) or Esc while typing.
fn submit(p: &mut Player, use_it: bool) -> Option<Status> {
    let input = p.input.take()?;
    if !use_it {
        return None;
    }
    let text = input.text().to_owned();
    match input {
        Input::Seed(_) => match text.parse::<u64>() {
            Ok(seed) => Some(match p.set_seed(seed) {
                Ok(()) => Status::info(format!("seed {seed}")),
                Err(e) => Status::error(format!("seed {seed} not used: {e}")),
            }),
            Err(_) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
                p.input = Some(input);
                // Short enough for the status line at 60 columns; the prompt beside the
                // number already says how to cancel.
                Some(Status::info(format!(
                    "too large for a seed: the largest is {}",
                    u64::MAX
                )))
            }
            Err(_) => {
                p.input = Some(input);
                Some(Status::info(format!(
                    "type the seed in digits, then {} ({} cancels)",
                    key(Context::SimInput, Action::Open),
                    key(Context::SimInput, Action::Back)
                )))
            }
        },
        Input::Guess(_) => match text.parse::<i64>() {
            Ok(n) => {
                p.guess = Some(n);
                Some(Status::info(format!(
                    "your guess: {} = {n}. Now watch: {} plays, {} steps, {} jumps to the verdict",
                    crate::sim::counter_label(crate::sim::predicted(&p.main.scenario)),
                    key(Context::Sim, Action::Play),
                    key(Context::Sim, Action::StepForward),
                    key(Context::Sim, Action::Bottom)
                )))
            }
            Err(_) => {
                p.input = Some(input);
                Some(Status::info(format!(
                    "type your guess in digits, then {} ({} skips the guess)",
                    key(Context::SimInput, Action::Open),
                    key(Context::SimInput, Action::Back)
                )))
            }
        },
    }
}

/// Every player key outside typing and statistics.
fn act(
    p: &mut Player,
    action: Action,
    now: Instant,
    seed: Option<u64>,
    page: isize,
) -> Option<Status> {
    let manual = |p: &mut Player| p.clock.pause();
    match action {
        Action::Play => p.toggle_play(now),
        Action::StepForward => {
            manual(p);
            p.step_by(1);
        }
        Action::StepBack => {
            manual(p);
            p.step_by(-1);
        }
        Action::Top => {
            manual(p);
            p.go_to(0);
        }
        // Looking back pauses (the next step would follow the current row again).
        Action::Up | Action::PageUp => {
            manual(p);
            p.scroll(if action == Action::Up { 1 } else { page });
        }
        Action::Down => p.scroll(-1),
        Action::PageDown => p.scroll(-page),
        Action::Bottom => {
            manual(p);
            p.go_to(usize::MAX);
        }
        Action::Faster | Action::Slower => {
            p.change_speed(if action == Action::Faster { 1 } else { -1 }, now);
            return Some(Status::info(format!("speed {}", p.clock.label())));
        }
        Action::Restart => p.restart(now),
        Action::NewSeed => {
            let seed = seed?;
            return Some(match p.set_seed(seed) {
                Ok(()) => Status::info(format!(
                    "new seed {seed}: {} types one, to replay a run",
                    key(Context::Sim, Action::TypeSeed)
                )),
                Err(e) => Status::error(format!("seed {seed} not used: {e}")),
            });
        }
        Action::TypeSeed => {
            manual(p);
            p.input = Some(Input::Seed(String::new()));
        }
        Action::ToggleKey | Action::ToggleStore | Action::ToggleDrop | Action::ToggleLoss => {
            let knob = Knob::of_action(&action)?;
            return Some(match p.toggle(knob) {
                Ok(done) => Status::info(done),
                Err(refused) => Status::from(&refused),
            });
        }
        Action::Compare => {
            return p
                .toggle_compare()
                .err()
                .map(|e| Status::error(e.to_string()));
        }
        Action::Predict => {
            p.predict = !p.predict;
            if p.predict {
                p.ask();
            } else {
                p.guess = None;
                return Some(Status::info("predict mode off"));
            }
        }
        Action::Stats => {
            manual(p);
            start_stats(p, now);
        }
        Action::Open => {
            return Some(match p.watch_failure() {
                Ok(done) => Status::info(done),
                Err(why) => Status::from(&why),
            });
        }
        Action::SwitchSide if p.compare => return Some(Status::info(p.switch_side())),
        Action::SwitchSide => {
            return Some(Status::info(format!(
                "nothing to switch: {} compares two runs",
                key(Context::Sim, Action::Compare)
            )));
        }
        _ => {}
    }
    None
}

/// Hides the statistics. A job still running is cancelled (nobody watches it, and it would keep
/// a core busy); a finished one is kept, so reopening the same settings is free.
fn close_stats(p: &mut Player) {
    p.show_stats = false;
    if let Some(run) = &mut p.stats {
        run.job.poll();
        if run.job.is_running() {
            run.job.cancel();
            p.stats = None;
        }
    }
}

/// Shows statistics of the current settings, starting a job unless these settings have one.
fn start_stats(p: &mut Player, now: Instant) {
    let mut label = p.main.id().to_owned();
    if p.changed() {
        label.push_str(" (your knobs)");
    }
    let mut sides = vec![(label, p.main.scenario.clone())];
    sides.extend(
        p.sides()
            .skip(1)
            .map(|s| (s.id().to_owned(), s.scenario.clone())),
    );
    let same = p
        .stats
        .as_ref()
        .is_some_and(|s| s.sides == sides && s.seed == p.seed());
    if !same {
        p.stats = Some(StatsRun {
            job: StatsJob::start(sides.clone(), p.seed(), TRIALS),
            sides,
            seed: p.seed(),
            next_poll: now + STATS_POLL,
        });
    }
    p.show_stats = true;
}

#[cfg(test)]
mod tests {
    use super::TRIALS;
    use crate::keymap::{Action, Context, bindings};

    /// The help line for statistics names the number of trials; it must follow [`TRIALS`].
    #[test]
    fn the_statistics_key_says_how_many_runs() {
        let digits = TRIALS.to_string();
        let mut grouped = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(d);
        }
        let help = bindings(Context::Sim)
            .into_iter()
            .find(|b| b.action == Action::Stats)
            .map(|b| b.help)
            .unwrap_or_default();
        assert!(help.contains(&format!("{grouped} runs")), "{help}");
    }
}
