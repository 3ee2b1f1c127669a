//! The bundled scenarios and their runs, for tests that draw or read traces.

use idemlab::content::{self, Scenario, Source};
use idemlab::sim::{self, Run};

/// Every bundled scenario.
pub fn scenarios() -> Vec<Scenario> {
    content::load(&Source::Embedded).course.scenarios
}

/// The bundled scenario `id`.
pub fn scenario(id: &str) -> Scenario {
    scenarios()
        .into_iter()
        .find(|s| s.scenario == id)
        .unwrap_or_else(|| panic!("no bundled scenario {id}"))
}

/// The bundled scenario `id` run with its own seed.
pub fn run(id: &str) -> Run {
    let s = scenario(id);
    sim::run(&s, s.seed).expect("bundled scenarios run")
}
