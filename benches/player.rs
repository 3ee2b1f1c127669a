//! Drawing the simulation player's widgets. Target: a Diagram + StatePanel frame at 200x60 in
//! under 2 ms, so playing at 30 fps costs a few percent of one core and stepping feels instant.

use divan::{Bencher, black_box};
use idemlab::content::{self, Source};
use idemlab::sim::{self, Run};
use idemlab::ui::Theme;
use idemlab::ui::sim::{Diagram, StatePanel};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn main() {
    divan::main();
}

fn runs() -> Vec<Run> {
    content::load(&Source::Embedded)
        .course
        .scenarios
        .iter()
        .map(|s| sim::run(s, s.seed).expect("bundled scenarios run"))
        .collect()
}

fn retry_without_key() -> Run {
    let loaded = content::load(&Source::Embedded);
    let s = loaded
        .course
        .scenario("retry-without-key")
        .expect("bundled");
    sim::run(s, s.seed).expect("runs")
}

fn largest() -> Run {
    runs()
        .into_iter()
        .max_by_key(|r| r.trace.len())
        .expect("some scenarios")
}

/// One frame: the state at the last step and the step before, the diagram on the left, the
/// state panel on the right, into a reused 200x60 buffer.
fn frame(b: Bencher, r: &Run) {
    let theme = Theme::colored();
    let lanes = r.participants();
    let step = r.trace.len() - 1;
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    b.bench_local(|| {
        buf.reset();
        let st = r.state_at(step);
        let prev = r.state_at(step - 1);
        let d = Diagram {
            run: black_box(r),
            step,
            lanes: &lanes,
            mark: Some(step / 2),
            up: 0,
            theme: &theme,
        };
        d.render(Rect::new(0, 0, 164, 60), &mut buf);
        let p = StatePanel {
            state: &st,
            prev: Some(&prev),
            model: r.model,
            theme: &theme,
        };
        p.render(Rect::new(165, 0, 35, 60), &mut buf);
        black_box(&buf);
    });
}

#[divan::bench]
fn frame_retry_without_key(b: Bencher) {
    frame(b, &retry_without_key());
}

#[divan::bench]
fn frame_largest_bundled_trace(b: Bencher) {
    frame(b, &largest());
}
