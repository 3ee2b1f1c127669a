//! `run --set PATH=VALUE`: each value is written through its knob's row of the table, then the
//! scenario is validated once, so the order of the flags does not matter.

use serde_yaml::Value;

use crate::content::scenario::Scenario;
use crate::content::yaml;
use crate::sim::knobs;

/// Applies every `--set PATH=VALUE`, then validates the result once against the knob table:
/// the order of the flags does not matter (`base_ms` above the old `max_ms` is fine when
/// `max_ms` is raised too).
pub fn apply_sets(base: &Scenario, sets: &[String]) -> Result<Scenario, String> {
    let mut s = base.clone();
    for raw in sets {
        set_one(&mut s, raw).map_err(|m| format!("--set {raw}: {m}"))?;
    }
    let bad = knobs::validate(&s);
    if bad.is_empty() {
        Ok(s)
    } else {
        let msgs: Vec<String> = bad.iter().map(|b| b.error.to_string()).collect();
        Err(format!("--set: {}", msgs.join("; ")))
    }
}

/// Writes one `PATH=VALUE` into the scenario, checking the path and the value's type.
fn set_one(s: &mut Scenario, raw: &str) -> Result<(), String> {
    let (path, value) = raw
        .split_once('=')
        .ok_or("expected KEY=VALUE, e.g. --set network.drop_response=0.3")?;
    let knob = knobs::lookup(s.model, path.trim()).map_err(|e| e.to_string())?;
    // Checked like content: an alias bomb or deep nesting in a value is refused, not expanded.
    let v: Value = yaml::check("--set", value, 0)
        .map_err(|d| format!("not a YAML value: {}", d.message))?
        .from_str()
        .map_err(|e| format!("not a YAML value: {e}"))?;
    knob.set_yaml(s, v).map_err(|e| e.to_string())
}
