//! The player tells the story (issue 12): the harmful repeat is marked when it happens, `charge
//! #N` names the attempt whose charge it is, work in progress draws an activation bar, the
//! server's labels sit right of its lane, and no internal name reaches the learner's text.
//! Read from the rendered diagram (the cells a learner sees) and from the traces.

mod common;

use idemlab::sim::{self, Counters, Kind, Run};
use idemlab::ui::Theme;
use idemlab::ui::sim::Diagram;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use common::sim::{run, scenarios};

/// The diagram of `r` at `step`, one string per row, trailing spaces trimmed.
fn diagram(r: &Run, step: usize, w: u16, h: u16) -> Vec<String> {
    let lanes = r.participants();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    let theme = Theme::monochrome();
    Diagram {
        run: r,
        step,
        lanes: &lanes,
        mark: None,
        up: 0,
        theme: &theme,
    }
    .render(area, &mut buf);
    (0..h)
        .map(|y| {
            let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
            line.trim_end().to_owned()
        })
        .collect()
}

fn rows_with<'a>(rows: &'a [String], needle: &str) -> Vec<&'a String> {
    rows.iter().filter(|r| r.contains(needle)).collect()
}

#[test]
fn the_second_charge_is_marked_as_the_duplicate_when_it_happens() {
    let r = run("retry-without-key");
    let last = r.trace.len() - 1;
    let second = r
        .trace
        .iter()
        .rposition(|e| e.kind == Kind::Effect)
        .unwrap();
    for (w, h) in [(100, 30), (80, 24)] {
        let rows = diagram(&r, last, w, h);
        let dup = rows_with(&rows, "● charge #2");
        assert_eq!(dup.len(), 1, "{rows:#?}");
        assert!(dup[0].contains("✗ duplicate"), "{rows:#?}");
        for row in rows_with(&rows, "● charge #1") {
            assert!(!row.contains("duplicate"), "{rows:#?}");
        }
        // Marked at its own step, before the verdict.
        let at = diagram(&r, second, w, h);
        assert!(at.iter().any(|row| row.contains("✗ duplicate")), "{at:#?}");
        let before = diagram(&r, second - 1, w, h);
        assert!(
            !before.iter().any(|row| row.contains("duplicate")),
            "{before:#?}"
        );
    }
}

/// Across every bundled scenario and a few seeds, the duplicate flag counts exactly the
/// repeats the counters show: charges beyond the first, effects beyond one per message.
#[test]
fn the_duplicate_flag_counts_the_harmful_repeats() {
    for s in scenarios() {
        for seed in [1, 7, 42, s.seed] {
            let r = sim::run(&s, seed).unwrap();
            let dups: Vec<_> = r.trace.iter().filter(|e| e.duplicate).collect();
            assert!(
                dups.iter().all(|e| e.kind == Kind::Effect),
                "{} seed {seed}: only effects are duplicates",
                s.scenario
            );
            let n = dups.len() as i64;
            match &r.counters {
                Counters::Http(_) if s.client.operation == sim::scenario::Operation::Charge => {
                    let charges = r.counters.get("charges").unwrap();
                    assert_eq!(n, (charges - 1).max(0), "{} seed {seed}", s.scenario);
                }
                Counters::Consumer(_) => {
                    let st = r.state_at(r.trace.len());
                    let extra: i64 = st.effects.iter().map(|m| (m.effects - 1).max(0)).sum();
                    assert_eq!(n, extra, "{} seed {seed}", s.scenario);
                }
                _ => {}
            }
        }
    }
    // The upsert and PUT forms: an increment applied twice is, setting the same value is not,
    // and a late PUT that undoes the newer value is.
    for (id, want) in [
        ("increment-under-retry", 1),
        ("upsert-increment-under-retry", 1),
        ("insert-under-retry", 1),
        ("set-under-retry", 0),
        ("upsert-under-retry", 0),
        ("put-set-under-retry", 0),
        ("late-put-reverts-newer-value", 1),
        ("put-newer-value-lands-last", 0),
    ] {
        let r = run(id);
        assert_eq!(r.trace.iter().filter(|e| e.duplicate).count(), want, "{id}");
    }
}

/// `charge #N` is attempt N's charge, numbered like `process #N` and `POST /charges #N`: in the
/// concurrency scenario attempt 2 charges first, so `● charge #2` stands above `● charge #1`.
#[test]
fn charge_numbers_name_the_attempt_whose_charge_it_is() {
    let r = run("concurrent-retry-check-then-act");
    let rows = diagram(&r, r.trace.len() - 1, 120, 40);
    let at = |needle: &str| {
        rows.iter()
            .position(|row| row.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {rows:#?}"))
    };
    assert!(at("● charge #2") < at("● charge #1"), "{rows:#?}");
    assert!(at("process #1") < at("process #2"), "{rows:#?}");
    // Attempt 1's charge comes second: it is the duplicate.
    assert!(rows[at("● charge #1")].contains("✗ duplicate"), "{rows:#?}");
    for s in scenarios()
        .iter()
        .filter(|s| s.model == sim::Model::HttpRetry)
        .filter(|s| s.client.operation == sim::scenario::Operation::Charge)
    {
        let r = sim::run(s, s.seed).unwrap();
        for e in r.trace.iter().filter(|e| e.kind == Kind::Effect) {
            let n = e.attempt.unwrap();
            assert!(
                e.label.ends_with(&format!("#{n}")) || e.label.contains(&format!("#{n} ")),
                "{}: {:?} is attempt {n}'s effect",
                s.scenario,
                e.label
            );
        }
    }
}

/// A lane's own labels sit right of its lifeline in every model, run and size (`├ ✓ replay, no
/// charge`, never `✓ replay, no charge ┤`, which reads as if it happened on the network): the
/// only `┤` drawn is a message leaving the lane leftwards (`─┤`).
#[test]
fn lane_labels_sit_right_of_their_lifeline() {
    for s in scenarios() {
        let r = sim::run(&s, s.seed).unwrap();
        for (w, h) in [(100, 30), (80, 24), (60, 18)] {
            for step in 0..r.trace.len() {
                for row in diagram(&r, step, w, h) {
                    let cells: Vec<char> = row.chars().collect();
                    for (x, &c) in cells.iter().enumerate() {
                        if c == '┤' || c == '┫' {
                            assert!(
                                x > 0 && cells[x - 1] == '─',
                                "{} at {w}x{h}, step {step}: a label left of a lifeline in {row:?}",
                                s.scenario
                            );
                        }
                    }
                }
            }
        }
    }
}
