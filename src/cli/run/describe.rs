//! `run --describe MODEL`: a model's knobs (path, default, bounds, words) and counters, as text
//! or JSON, read from the knob table and the counter enum through `sim::describe`.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::usage;
use crate::content::scenario::Model;
use crate::sim;

fn model_named(name: &str) -> Option<Model> {
    [Model::HttpRetry, Model::Consumer, Model::Upsert]
        .into_iter()
        .find(|m| m.name() == name)
}

pub(super) fn describe(name: &str, json: bool) -> ExitCode {
    let Some(model) = model_named(name) else {
        return usage(&format!(
            "no model `{name}`: expected http-retry, consumer or upsert"
        ));
    };
    let d = sim::describe(model);
    if json {
        let v = serde_json::json!({
            "model": model.name(),
            "summary": d.summary,
            "knobs": d.knobs.iter().map(|k| serde_json::json!({
                "path": k.path, "default": k.default, "bounds": k.bounds, "doc": k.doc,
            })).collect::<Vec<_>>(),
            "counters": d.counters.iter().map(|c| serde_json::json!({
                "name": c.name, "doc": c.doc,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let mut out = format!(
        "model {}: {}\n\nknobs (override with --set PATH=VALUE):\n",
        model.name(),
        d.summary
    );
    for k in &d.knobs {
        let _ = writeln!(
            out,
            "  {}  [default {}]  ({})\n      {}",
            k.path, k.default, k.bounds, k.doc
        );
    }
    out.push_str("\ncounters (usable in `expect`):\n");
    for c in &d.counters {
        let _ = writeln!(out, "  {:<18} {}", c.name, c.doc);
    }
    print!("{out}");
    ExitCode::SUCCESS
}
