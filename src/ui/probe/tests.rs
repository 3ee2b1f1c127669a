use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::*;
use crate::app::probe::fixture;

fn draw(v: &ProbeView, w: u16, h: u16) -> Vec<String> {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    render(v, &Theme::monochrome(), area, &mut buf);
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect()
}

fn history_of(check: &str, w: u16, h: u16) -> Vec<String> {
    let mut v = ProbeView::new(&fixture::report());
    v.resize(h);
    v.selected = v.results.iter().position(|r| r.id.id() == check).unwrap();
    v.screen = ProbeScreen::History { scroll: 0 };
    draw(&v, w, h)
}

#[test]
fn the_list_names_each_verdict_in_words() {
    let v = ProbeView::new(&fixture::report());
    let lines = draw(&v, 80, 24);
    let row = |id: &str| lines.iter().find(|l| l.contains(id)).unwrap().clone();
    assert!(row("replay").contains("pass"), "{lines:#?}");
    assert!(row("concurrent").contains("FAIL"));
    assert!(row("mismatch").contains("unknown"));
    assert!(row("concurrent").contains("   2 req"));
    assert!(
        lines[1].starts_with("▶ pass"),
        "the first check is selected"
    );
    assert!(lines[23].contains("Enter history") && lines[23].contains("q quit"));
}

#[test]
fn the_race_shows_two_lanes_sent_together_and_two_charge_ids() {
    let lines = history_of("concurrent", 80, 24);
    let text = lines.join("\n");
    assert!(
        lines[1].contains("FAIL") && lines[1].contains("ch_2, ch_3"),
        "{text}"
    );
    let [names, l3, l4, l5, l6] = [3, 4, 5, 6, 7].map(|i| &lines[i]);
    assert!(
        names.contains("c0") && names.contains("c1") && names.ends_with("server"),
        "{text}"
    );
    // The two requests leave their own lanes together and reach the server lane.
    assert!(l3.starts_with("   0ms ├─") && l3.ends_with("▶│"), "{text}");
    assert!(l3.contains("POST /charges key=k-concurrent"));
    assert!(
        l4.starts_with("   0ms │  ├─") && l4.ends_with("▶│"),
        "{text}"
    );
    // The answers come back into them, each with its charge id and time taken.
    assert!(l5.starts_with("  51ms ├◀") && l5.contains("201 ch_2 · 51ms"));
    assert!(l6.starts_with("  53ms │  ├◀") && l6.contains("201 ch_3 · 53ms"));
    assert!(
        l6.ends_with("─┤"),
        "the answer leaves the server's lifeline: {text}"
    );
}

#[test]
fn a_dropped_connection_is_marked_and_the_replay_says_so() {
    let lines = history_of("lost-response", 80, 24);
    let text = lines.join("\n");
    let dropped = lines.iter().find(|l| l.contains("dropped")).expect(&text);
    assert!(
        dropped.starts_with("  50ms ├✗╌") && dropped.ends_with("╌│"),
        "{text}"
    );
    assert!(dropped.contains("may have happened"));
    assert!(
        lines.iter().any(|l| l.contains("201 replayed ch_4")),
        "{text}"
    );
}

#[test]
fn a_request_never_sent_has_no_arrow_to_the_server() {
    let lines = history_of("mismatch", 80, 24);
    let row = lines.iter().find(|l| l.contains("not sent")).unwrap();
    assert!(
        row.contains("connection refused") && !row.contains('▶'),
        "{row}"
    );
}

#[test]
fn many_lanes_fold_into_one_and_labels_name_the_connection() {
    let mut rep = fixture::report();
    for e in rep.history.iter_mut().filter(|e| e.check == "concurrent") {
        e.lane *= 40;
    }
    let mut v = ProbeView::new(&rep);
    v.selected = 1;
    v.screen = ProbeScreen::History { scroll: 0 };
    let lines = draw(&v, 80, 24);
    assert!(lines[3].contains("clients (41)"), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("#40 201 ch_3")));
}

#[test]
fn target_text_cannot_reach_the_terminal_raw() {
    let mut rep = fixture::report();
    rep.results[1].outcome.reason = "evil \u{1b}[2J reason".into();
    let mut v = ProbeView::new(&rep);
    v.selected = 1;
    let list = draw(&v, 80, 24).join("\n");
    v.screen = ProbeScreen::History { scroll: 0 };
    let hist = draw(&v, 80, 24).join("\n");
    assert!(!list.contains('\u{1b}') && !hist.contains('\u{1b}'));
}

#[test]
fn a_tiny_terminal_gets_a_sentence_not_a_panic() {
    let v = ProbeView::new(&fixture::report());
    assert!(draw(&v, 20, 5).join(" ").contains("too small"));
}
