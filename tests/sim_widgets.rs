//! The simulation player's widgets: every bundled trace draws at every step and any size
//! without panicking, snapshots of the diagram, the state panel and the statistics view that a
//! person has read, and the styles that carry meaning (✗ lost, the current row) in both themes.

mod common;

use idemlab::sim::{self, Run};
use idemlab::ui::Theme;
use idemlab::ui::sim::{Diagram, StatePanel, StatsView};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use common::sim::{run, scenario, scenarios};

/// The buffer's text, one line per row, trailing spaces trimmed.
fn text(buf: &Buffer) -> String {
    let a = buf.area;
    let mut out = String::new();
    for y in a.top()..a.bottom() {
        let mut line = String::new();
        for x in a.left()..a.right() {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn diagram(r: &Run, step: usize, w: u16, h: u16, theme: &Theme) -> Buffer {
    let lanes = r.participants();
    // Drawn at an offset, to catch any cell written outside the area.
    let area = Rect::new(3, 2, w, h);
    let mut buf = Buffer::empty(Rect::new(0, 0, w + 6, h + 4));
    Diagram {
        run: r,
        step,
        lanes: &lanes,
        mark: None,
        up: 0,
        theme,
    }
    .render(area, &mut buf);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if !area.contains((x, y).into()) {
                assert_eq!(
                    buf[(x, y)].symbol(),
                    " ",
                    "wrote outside its area at {x},{y}"
                );
            }
        }
    }
    let mut inner = Buffer::empty(area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            inner[(x, y)] = buf[(x, y)].clone();
        }
    }
    inner
}

fn panel(r: &Run, step: usize, w: u16, h: u16, theme: &Theme) -> Buffer {
    let st = r.state_at(step);
    let prev = step.checked_sub(1).map(|p| r.state_at(p));
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    StatePanel {
        state: &st,
        prev: prev.as_ref(),
        model: r.model,
        theme,
    }
    .render(buf.area, &mut buf);
    buf
}

#[test]
fn every_bundled_trace_draws_at_every_step_and_size() {
    let theme = Theme::colored();
    let widths: Vec<u16> = (21..=200).step_by(9).chain([20, 60, 100, 200]).collect();
    for s in scenarios() {
        let r = sim::run(&s, s.seed).expect("runs");
        let lanes = r.participants();
        let n = r.trace.len();
        let mut buf = Buffer::empty(Rect::new(0, 0, 1, 1));
        for step in 0..n + 1 {
            let st = r.state_at(step);
            let prev = r.state_at(step.saturating_sub(1));
            for (k, &w) in widths.iter().enumerate() {
                // A few heights per width, different ones across widths, 1 to 80 overall.
                for h in [1 + (k as u16 * 7) % 80, [18, 30, 3][(k + step) % 3]] {
                    let area = Rect::new(0, 0, w, h);
                    buf.resize(area);
                    buf.reset();
                    let mark = Some(step / 2);
                    Diagram {
                        run: &r,
                        step,
                        lanes: &lanes,
                        mark,
                        // Scrolled up by 0 to 3 steps: every window draws too.
                        up: step % 4,
                        theme: &theme,
                    }
                    .render(area, &mut buf);
                    StatePanel {
                        state: &st,
                        prev: Some(&prev),
                        model: r.model,
                        theme: &theme,
                    }
                    .render(area, &mut buf);
                }
            }
        }
    }
}

#[test]
fn widgets_survive_tiny_and_empty_areas() {
    let theme = Theme::monochrome();
    let r = run("consumer-crash-no-dedup");
    let lanes = r.participants();
    for (w, h) in [(0, 0), (1, 1), (1, 40), (2, 2), (5, 1), (19, 3), (200, 1)] {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        // All lanes with a mark, no lanes, and one lane.
        for (lanes, mark) in [(&lanes[..], Some(3)), (&[], None), (&lanes[..1], None)] {
            Diagram {
                run: &r,
                step: 5,
                lanes,
                mark,
                up: 0,
                theme: &theme,
            }
            .render(area, &mut buf);
        }
        let st = r.state_at(5);
        StatePanel {
            state: &st,
            prev: None,
            model: r.model,
            theme: &theme,
        }
        .render(area, &mut buf);
    }
}

#[test]
fn diagram_snapshots_of_a_lost_response() {
    let theme = Theme::monochrome();
    let r = run("retry-without-key");
    let last = r.trace.len() - 1;
    for (w, h) in [(100, 30), (80, 24), (60, 18)] {
        for (name, step) in [("first", 0), ("middle", last / 2), ("last", last)] {
            let snap = text(&diagram(&r, step, w, h, &theme));
            insta::assert_snapshot!(format!("diagram_retry_without_key_{name}_{w}x{h}"), snap);
        }
    }
}

#[test]
fn diagram_snapshots_of_other_models() {
    let theme = Theme::monochrome();
    for id in [
        "consumer-crash-no-dedup",
        "upsert-under-retry",
        "double-submit-key-per-form",
    ] {
        let r = run(id);
        let snap = text(&diagram(&r, r.trace.len() - 1, 100, 30, &theme));
        insta::assert_snapshot!(format!("diagram_{}_100x30", id.replace('-', "_")), snap);
    }
    // Too narrow for three lanes: one line per step.
    let r = run("consumer-crash-no-dedup");
    let snap = text(&diagram(&r, r.trace.len() - 1, 30, 12, &theme));
    insta::assert_snapshot!("diagram_consumer_list_30x12", snap);
}

#[test]
fn state_panel_snapshots() {
    let theme = Theme::monochrome();
    for id in [
        "retry-without-key",
        "retry-with-key",
        "consumer-crash-no-dedup",
        "upsert-under-retry",
    ] {
        let r = run(id);
        let snap = text(&panel(&r, r.trace.len() - 1, 34, 24, &theme));
        insta::assert_snapshot!(format!("state_panel_{}_last", id.replace('-', "_")), snap);
    }
}

/// Both sides of the compare, as bundled or with random losses instead of the scripted one.
fn stats_sides(noisy: bool) -> Vec<(String, Result<sim::Stats, sim::SimError>)> {
    ["retry-without-key", "retry-with-key"]
        .iter()
        .map(|id| {
            let mut s = scenario(id);
            if noisy {
                s.network.script.clear();
                s.network.drop_request = 0.1;
                s.network.drop_response = 0.3;
            }
            (s.scenario.clone(), sim::trials(&s, s.seed, 10_000))
        })
        .collect()
}

fn stats(sides: &[(String, Result<sim::Stats, sim::SimError>)], done: u64) -> String {
    let theme = Theme::monochrome();
    let labels: Vec<String> = sides.iter().map(|(l, _)| l.clone()).collect();
    let finished = if done >= 20_000 { sides } else { &sides[..1] };
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    StatsView {
        labels: &labels,
        results: finished,
        progress: (done, 20_000),
        theme: &theme,
    }
    .render(buf.area, &mut buf);
    text(&buf)
}

#[test]
fn stats_view_snapshots_compare_without_and_with_key() {
    // As bundled, the scripted loss makes every trial the same.
    insta::assert_snapshot!(
        "stats_retry_without_vs_with_key_100x30",
        stats(&stats_sides(false), 20_000)
    );
    // With random losses the histograms spread.
    let noisy = stats_sides(true);
    insta::assert_snapshot!(
        "stats_noisy_retry_without_vs_with_key_100x30",
        stats(&noisy, 20_000)
    );
    // Half done: the first side only, and the progress.
    insta::assert_snapshot!("stats_running_100x30", stats(&noisy, 12_500));
}

#[test]
fn stats_view_never_panics() {
    let theme = Theme::colored();
    let s = scenario("consumer-crash-no-dedup");
    let mut broken = scenario("retry-without-key");
    broken.retry.timeout_ms = sim::MAX_TIME_MS;
    broken.network.drop_request = 1.0;
    let sides = vec![
        ("a".to_owned(), sim::trials(&s, 1, 300)),
        ("b".to_owned(), sim::trials(&broken, 1, 10)),
        ("c".to_owned(), sim::trials(&s, 1, 0)),
    ];
    let labels: Vec<String> = sides
        .iter()
        .map(|(l, _)| l.clone())
        .chain(["d".into()])
        .collect();
    for w in (0..=200).step_by(9) {
        for h in [0, 1, 2, 5, 12, 30, 80] {
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            StatsView {
                labels: &labels,
                results: &sides,
                progress: (3, 7),
                theme: &theme,
            }
            .render(buf.area, &mut buf);
        }
    }
}

/// The lost response: ✗ on the drop's row, styled, and the current row highlighted, in both
/// themes.
#[test]
fn lost_message_and_current_row_are_marked_in_both_themes() {
    let r = run("retry-without-key");
    let drop = r
        .trace
        .iter()
        .position(|e| e.kind == sim::Kind::Drop)
        .expect("a drop");
    for theme in [Theme::colored(), Theme::monochrome()] {
        let buf = diagram(&r, drop, 100, 30, &theme);
        let a = buf.area;
        // Nothing after the current step: the drop is the last row drawn.
        let y = a.y + 1 + u16::try_from(drop).unwrap();
        let row: String = (a.left()..a.right())
            .map(|x| buf[(x, y)].symbol())
            .collect();
        assert!(row.contains("✗ lost"), "{row}");
        let x = (a.left()..a.right())
            .find(|&x| buf[(x, y)].symbol() == "✗")
            .unwrap();
        assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
        for x in a.left()..a.right() {
            assert_eq!(buf[(x, y)].bg, theme.selected.bg.unwrap_or_default());
            assert!(buf[(x, y)].modifier.contains(theme.selected.add_modifier));
        }
        assert!(text(&buf).lines().count() as u16 == a.height);
        assert!(
            (y + 1..a.bottom())
                .all(|yy| (a.left()..a.right()).all(|x| buf[(x, yy)].symbol() == " ")),
            "nothing after the current step"
        );
    }
}

/// An arrow lands only once its `deliver` step is reached, and a marked step shows only once
/// it is reached too.
#[test]
fn nothing_is_drawn_ahead_of_the_current_step() {
    let theme = Theme::monochrome();
    let r = run("retry-without-key");
    let lanes = r.participants();
    let at = |step: usize, mark: Option<usize>| {
        let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
        Diagram {
            run: &r,
            step,
            lanes: &lanes,
            mark,
            up: 0,
            theme: &theme,
        }
        .render(buf.area, &mut buf);
        text(&buf)
    };
    assert_eq!(r.trace[0].kind, sim::Kind::Send);
    assert_eq!(r.trace[1].kind, sim::Kind::Deliver);
    let sent = at(0, Some(1));
    assert!(sent.contains('╮') && !sent.contains('▶'), "{sent}");
    assert!(!sent.contains("diverges"), "{sent}");
    let landed = at(1, Some(1));
    assert!(landed.contains('▶'), "{landed}");
    assert!(landed.contains("◆ diverges"), "{landed}");
}
