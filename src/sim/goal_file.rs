//! A goal as its file writes it. The fields are [`Goal`]'s, but `holds` is read in the order
//! the author wrote its conditions, which the `BTreeMap` a goal judges with forgets: the first
//! condition written is the one the goal is about, and predict mode asks for its counter
//! (`sim::predicted`). So the order is kept beside the map, in [`Goal::order`].

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use super::goal::Goal;
use super::scenario::Expect;

/// `goal:` as read from a file; it becomes a [`Goal`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GoalFile {
    text: String,
    knobs: Vec<String>,
    #[serde(default)]
    with: BTreeMap<String, serde_yaml::Value>,
    #[serde(default = "one")]
    trials: u64,
    holds: Written,
}

fn one() -> u64 {
    1
}

/// Counter conditions in the order written; a counter written twice keeps its first place and
/// its last value, as a map would.
struct Written(Vec<(String, Expect)>);

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Written;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of counter conditions")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
                let mut out: Vec<(String, Expect)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Expect>()? {
                    match out.iter_mut().find(|(n, _)| *n == k) {
                        Some(slot) => slot.1 = v,
                        None => out.push((k, v)),
                    }
                }
                Ok(Written(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl From<GoalFile> for Goal {
    fn from(f: GoalFile) -> Self {
        Self {
            text: f.text,
            knobs: f.knobs,
            with: f.with,
            trials: f.trials,
            order: f.holds.0.iter().map(|(n, _)| n.clone()).collect(),
            holds: f.holds.0.into_iter().collect(),
        }
    }
}
