//! Every knob of every model, as one declarative table ([`KNOBS`], in `table.rs`): one row per
//! knob with its YAML path, type and bounds, default (read from the scenario types), the words
//! the player shows and the words `run --describe` prints. The row drives everything that knows
//! about knobs, so a knob is added in one place:
//!
//! - [`validate`] checks a [`Scenario`] against every row of its model (content maps each
//!   [`Invalid`] to the knob's line; `run --set` and the player print it);
//! - [`Knob::get`] / [`Knob::set`] / [`Knob::set_yaml`] read and write a knob by path
//!   (`run --set`, the player's cycling, a goal's `with:`);
//! - [`Knob::values`] lists a knob's finite value set, for enumerating a goal's knobs;
//! - `describe` prints the rows; [`Model::groups`] is derived from them.
//!
//! Knob groups are the first segment of the paths (`retry`, `network`, …); a model has the
//! groups of its rows.

mod table;
mod value;

pub use table::KNOBS;
pub use value::{Field, KnobValue, ScriptEntry};

use crate::sim::scenario::{Model, Scenario};

/// What kind of value a knob holds and the bounds a scenario must keep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Type {
    /// An integer, within `min..=max` where given.
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    /// A probability, `0..=1`.
    Prob,
    /// A `[min, max]` range of milliseconds, `min <= max`.
    Range,
    Bool,
    /// One of a fixed set of words.
    Choice(&'static [Choice]),
    /// A list of faults for numbered attempts or deliveries.
    Script(&'static Script),
}

/// One value of a [`Type::Choice`] knob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// As written in YAML (`per_operation`).
    pub name: &'static str,
    /// As the player shows it (`per operation`).
    pub words: &'static str,
}

/// The shape of a [`Type::Script`] knob's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Script {
    /// The field that numbers the entry: `attempt` or `delivery`.
    pub number: &'static str,
    /// `attempts`, `deliveries`: for "numbered from 1".
    pub numbers: &'static str,
    /// The fault that needs `ms:` and what the milliseconds mean; `None`: no entry takes `ms`.
    pub timed: Option<(&'static str, &'static str)>,
}

/// A numeric value the player or a goal steps through, with the player's word for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub value: i64,
    pub words: &'static str,
}

/// One knob: one row of [`KNOBS`].
#[derive(Debug, Clone, Copy)]
pub struct Knob {
    /// YAML path, as in a scenario file and `--set` (`retry.backoff.base_ms`).
    pub path: &'static str,
    /// The models that have it.
    pub models: &'static [Model],
    pub ty: Type,
    /// Another knob this one may not exceed (`base_ms` and `max_ms`), checked at this one.
    pub at_most: Option<&'static str>,
    /// Added to the out-of-range message (`(first try plus retries)`).
    pub hint: &'static str,
    /// What `run --describe` says it does.
    pub doc: &'static str,
    /// What the player calls it, long and short, if the player flips it.
    pub player: Option<(&'static str, &'static str)>,
    /// The values an integer knob steps through (player, goals); empty: not enumerable.
    pub steps: &'static [Step],
    /// Whether the knob changes the run of `s` at all: `db.on_conflict` only matters to an
    /// upsert that updates, `server.store` only when the client sends a key. The player hides
    /// a knob that does not (a test runs every value of it and sees the same trace).
    pub matters: fn(&Scenario) -> bool,
    pub(crate) get: fn(&Scenario) -> KnobValue,
    pub(crate) put: fn(&mut Scenario, serde_yaml::Value) -> Result<(), serde_yaml::Error>,
}

/// Why a knob or a scenario was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnobError {
    #[error("`{group}` is not a knob group of model `{model}`: expected a path under {expected}")]
    NotInModel {
        group: String,
        model: &'static str,
        expected: String,
    },
    #[error("unknown knob `{path}`: expected one of {expected}")]
    Unknown { path: String, expected: String },
    /// The value does not have the knob's type (what it takes, in words).
    #[error("{0}")]
    Type(String),
    /// The value has the type but breaks a bound (the message says which).
    #[error("{0}")]
    Bounds(String),
}

/// A knob of a scenario out of its bounds: where (a YAML path, possibly into a script entry)
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub error: KnobError,
}

impl Knob {
    /// The knob's group: the first segment of its path.
    #[must_use]
    pub fn group(&self) -> &'static str {
        self.path.split('.').next().unwrap_or(self.path)
    }

    /// The last segment of its path, as messages name it (`base_ms`).
    #[must_use]
    pub fn leaf(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    #[must_use]
    pub fn has(&self, model: Model) -> bool {
        self.models.contains(&model)
    }

    /// The knob's value in `s`.
    #[must_use]
    pub fn get(&self, s: &Scenario) -> KnobValue {
        (self.get)(s)
    }

    /// Writes a YAML value into the knob of `s`; a value of the wrong type is refused with
    /// serde's words and `s` is left as it was. Bounds are [`validate`]'s business, so several
    /// knobs can be set before the scenario is checked once.
    pub fn set_yaml(&self, s: &mut Scenario, v: serde_yaml::Value) -> Result<(), KnobError> {
        let given = serde_yaml::to_string(&v).unwrap_or_default();
        let given: String = given.trim().chars().take(40).collect();
        (self.put)(s, v).map_err(|_| {
            KnobError::Type(format!(
                "`{}` takes {} ({}), not `{}`",
                self.path,
                self.kind_words(),
                self.bounds(),
                crate::text::sanitize_line(&given)
            ))
        })
    }

    /// What kind of value the knob takes, in words (`a whole number`), for a value of the
    /// wrong type: serde's own words name Rust types (`expected u64`).
    fn kind_words(&self) -> &'static str {
        match self.ty {
            Type::Int { .. } => "a whole number",
            Type::Prob => "a probability",
            Type::Range => "a range",
            Type::Bool => "true or false",
            Type::Choice(_) => "one of its words",
            Type::Script(_) => "a list",
        }
    }

    /// Writes `v` into the knob of `s` (see [`set_yaml`](Self::set_yaml)).
    pub fn set(&self, s: &mut Scenario, v: &KnobValue) -> Result<(), KnobError> {
        self.set_yaml(s, v.to_yaml(self.ty))
    }

    /// Every value the knob can take, when that is a short list (a choice, a flag, the steps
    /// of an integer): what a goal enumerates. `None` for a probability, a range or a script.
    #[must_use]
    pub fn values(&self) -> Option<Vec<KnobValue>> {
        match self.ty {
            Type::Bool => Some(vec![KnobValue::Bool(false), KnobValue::Bool(true)]),
            Type::Choice(cs) => Some(cs.iter().map(|c| KnobValue::Word(c.name.into())).collect()),
            Type::Int { .. } if !self.steps.is_empty() => {
                Some(self.steps.iter().map(|s| KnobValue::Int(s.value)).collect())
            }
            _ => None,
        }
    }

    /// The player's word for the knob's value in `s` (`per operation`, `on`); `None` for a
    /// value with no word.
    #[must_use]
    pub fn words(&self, s: &Scenario) -> Option<&'static str> {
        match (self.ty, self.get(s)) {
            (Type::Choice(cs), KnobValue::Word(w)) => {
                cs.iter().find(|c| c.name == w).map(|c| c.words)
            }
            (Type::Int { .. }, KnobValue::Int(n)) => self
                .steps
                .iter()
                .find(|st| st.value == n)
                .map(|st| st.words),
            _ => None,
        }
    }

    /// `s` with the knob at the next of its [`values`](Self::values), the first after the
    /// last (and after a value not in the list).
    #[must_use]
    pub fn cycled(&self, s: &Scenario) -> Option<Scenario> {
        let all = self.values()?;
        let now = self.get(s);
        let next = match all.iter().position(|v| *v == now) {
            Some(i) => &all[(i + 1) % all.len()],
            None => all.first()?,
        };
        let mut s = s.clone();
        self.set(&mut s, next).ok()?;
        Some(s)
    }

    /// `from 1 to 20`, `>= 1`, `none | fixed | exponential`, `<= max_ms`.
    #[must_use]
    pub fn bounds(&self) -> String {
        if let Some(other) = self.at_most {
            return format!("<= {}", leaf(other));
        }
        if let Some(below) = KNOBS.iter().find(|k| k.at_most == Some(self.path)) {
            return format!(">= {}", below.leaf());
        }
        match self.ty {
            Type::Int {
                min: Some(a),
                max: Some(b),
            } => format!("from {a} to {b}"),
            Type::Int { min: Some(a), .. } => format!(">= {a}"),
            Type::Int { max: Some(b), .. } => format!("<= {b}"),
            Type::Int { .. } => "any integer".into(),
            Type::Prob => "from 0 to 1".into(),
            Type::Range => "[min, max], min <= max".into(),
            Type::Bool => "true | false".into(),
            Type::Choice(cs) => cs.iter().map(|c| c.name).collect::<Vec<_>>().join(" | "),
            Type::Script(sh) => match sh.timed {
                Some(_) => format!("list of {{{}, fault, ms}}", sh.number),
                None => format!("list of {{{}, fault}}", sh.number),
            },
        }
    }

    /// Each way the knob's value in `s` breaks its bounds.
    fn check(&self, s: &Scenario, out: &mut Vec<Invalid>) {
        let mut bad = |path: String, msg: String| {
            out.push(Invalid {
                path,
                error: KnobError::Bounds(msg),
            });
        };
        let (leaf, here) = (self.leaf(), self.path.to_owned());
        match (self.ty, self.get(s)) {
            (Type::Int { min, max }, KnobValue::Int(v)) => match (min, max) {
                (Some(a), Some(b)) if v < a || v > b => bad(
                    here,
                    format!(
                        "{leaf} {v} is out of range: expected {a} to {b}{}",
                        self.hint
                    ),
                ),
                (Some(1), None) if v < 1 => bad(here, format!("{leaf} must be above 0")),
                (Some(a), None) if v < a => bad(here, format!("{leaf} must be at least {a}")),
                _ => {}
            },
            (Type::Prob, KnobValue::Float(p)) if !(0.0..=1.0).contains(&p) => bad(
                here,
                format!("probability {p} is out of range: expected 0 to 1"),
            ),
            (Type::Range, KnobValue::Range([lo, hi])) if lo > hi => bad(
                here,
                format!("range [{lo}, {hi}] has min above max: expected [min, max]"),
            ),
            (Type::Script(sh), KnobValue::Script(entries)) => {
                for (i, e) in entries.iter().enumerate() {
                    let p = format!("{}[{i}]", self.path);
                    if e.number == 0 {
                        bad(
                            format!("{p}.{}", sh.number),
                            format!("{} are numbered from 1", sh.numbers),
                        );
                    }
                    match (sh.timed, e.ms) {
                        (Some((fault, what)), None) if e.fault == fault => {
                            bad(p, format!("a `{fault}` fault needs `ms:`, {what}"))
                        }
                        (Some((fault, _)), Some(_)) if e.fault != fault => bad(
                            format!("{p}.ms"),
                            format!("`ms` only applies to a `{fault}` fault"),
                        ),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        if let Some(other) = self.at_most.and_then(knob)
            && let (KnobValue::Int(a), KnobValue::Int(b)) = (self.get(s), other.get(s))
            && a > b
        {
            bad(
                self.path.to_owned(),
                format!("{leaf} {a} is above {} {b}", other.leaf()),
            );
        }
    }
}

fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// The row of the knob at `path`, of any model.
#[must_use]
pub fn knob(path: &str) -> Option<&'static Knob> {
    KNOBS.iter().find(|k| k.path == path)
}

/// The knobs of `model`, in table order.
pub fn of(model: Model) -> impl Iterator<Item = &'static Knob> {
    KNOBS.iter().filter(move |k| k.has(model))
}

/// The knob of `model` at `path`, or why there is none: a group the model does not have, or
/// an unknown knob (the message lists the group's knobs).
pub fn lookup(model: Model, path: &str) -> Result<&'static Knob, KnobError> {
    let group = path.split(['.', '[']).next().unwrap_or_default();
    let groups = groups(model);
    if !groups.contains(&group) {
        return Err(KnobError::NotInModel {
            group: group.to_owned(),
            model: model.name(),
            expected: groups.join(", "),
        });
    }
    of(model).find(|k| k.path == path).ok_or_else(|| {
        let known: Vec<&str> = of(model)
            .filter(|k| k.group() == group)
            .map(|k| k.path)
            .collect();
        KnobError::Unknown {
            path: path.to_owned(),
            expected: known.join(", "),
        }
    })
}

/// The knob groups of `model`, in table order.
#[must_use]
pub fn groups(model: Model) -> Vec<&'static str> {
    let mut gs: Vec<&'static str> = Vec::new();
    for k in of(model) {
        if !gs.contains(&k.group()) {
            gs.push(k.group());
        }
    }
    gs
}

/// Is `name` a knob group of some model.
#[must_use]
pub fn is_group(name: &str) -> bool {
    KNOBS.iter().any(|k| k.group() == name)
}

/// Each knob of `s`'s model out of its bounds, in table order. Knobs of other models are not
/// looked at (a file cannot set them: their groups are refused where the file is read).
#[must_use]
pub fn validate(s: &Scenario) -> Vec<Invalid> {
    let mut out = Vec::new();
    for k in of(s.model) {
        k.check(s, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
