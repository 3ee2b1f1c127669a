//! Drawing one whole app frame with the simulation player on a 200x60 terminal: target under
//! 2 ms, so playback at ~30 frames a second costs a few percent of a core at most. The frame is
//! drawn at the last step (the longest diagram, the verdict) and at the middle one, for one run
//! and for a compare.

use crossterm::event::KeyCode;
use divan::{Bencher, black_box};
use idemlab::app::{App, Start};
use idemlab::content::{self, Source};
use idemlab::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

// The tests' app helpers; this bench uses only some of them.
#[allow(dead_code)]
#[path = "../tests/common/screen.rs"]
mod screen;

fn main() {
    divan::main();
}

fn player(id: &str, keys: &[KeyCode]) -> (App, tempfile::TempDir) {
    let course = content::load(&Source::Embedded).into_result().unwrap();
    let (mut app, data) = screen::app(course, Theme::colored(), Start::Sim(id.into()));
    app.resize(200, 60);
    for &k in keys {
        screen::press(&mut app, k);
    }
    (app, data)
}

fn frame(b: Bencher, app: &App) {
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    b.bench_local(|| {
        buf.reset();
        black_box(app).render(area, &mut buf);
    });
}

#[divan::bench(args = ["retry-without-key", "consumer-crash-no-dedup", "concurrent-retry-atomic"])]
fn single_last_step(b: Bencher, id: &str) {
    let (app, _d) = player(id, &[KeyCode::End]);
    frame(b, &app);
}

#[divan::bench(args = ["retry-without-key", "consumer-crash-no-dedup", "concurrent-retry-atomic"])]
fn compare_last_step(b: Bencher, id: &str) {
    let (app, _d) = player(id, &[KeyCode::Char('c'), KeyCode::End]);
    frame(b, &app);
}

#[divan::bench]
fn compare_middle_step(b: Bencher) {
    let keys: Vec<KeyCode> = std::iter::once(KeyCode::Char('c'))
        .chain(std::iter::repeat_n(KeyCode::Right, 8))
        .collect();
    let (app, _d) = player("retry-without-key", &keys);
    frame(b, &app);
}

/// A long trace: 100 messages through a consumer that crashes now and then.
#[divan::bench]
fn single_long_trace(b: Bencher) {
    let (mut app, _d) = player("consumer-crash-no-dedup", &[]);
    let Some(idemlab::app::Screen::Sim(p)) = app.stack.last_mut() else {
        panic!("player expected")
    };
    let mut s = p.main.scenario.clone();
    s.producer.messages = 100;
    s.consumer.crash_before_ack = 0.1;
    p.apply(s).unwrap();
    p.go_to(usize::MAX);
    let n = p.len();
    assert!(n > 1000, "{n} steps");
    frame(b, &app);
}
