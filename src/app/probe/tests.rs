use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn press(v: &mut ProbeView, code: KeyCode) {
    v.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn view() -> ProbeView {
    let mut v = ProbeView::new(&fixture::report());
    v.resize(24);
    v
}

#[test]
fn arrows_move_over_the_checks_and_stop_at_the_ends() {
    let mut v = view();
    press(&mut v, KeyCode::Up);
    assert_eq!(v.selected, 0);
    press(&mut v, KeyCode::Down);
    assert_eq!(v.results[v.selected].id.id(), "concurrent");
    for _ in 0..10 {
        press(&mut v, KeyCode::Down);
    }
    assert_eq!(v.selected, v.results.len() - 1);
    press(&mut v, KeyCode::Char('g'));
    assert_eq!(v.selected, 0);
}

#[test]
fn enter_shows_the_selected_checks_history_and_esc_goes_back() {
    let mut v = view();
    press(&mut v, KeyCode::Down);
    press(&mut v, KeyCode::Enter);
    assert_eq!(v.screen, ProbeScreen::History { scroll: 0 });
    assert_eq!(v.context(), Context::ProbeHistory);
    let hist = v.selected_history();
    assert_eq!(hist.len(), 2);
    assert!(hist.iter().all(|e| e.check == "concurrent"));
    press(&mut v, KeyCode::Esc);
    assert_eq!(v.screen, ProbeScreen::List);
    assert!(v.running, "Esc on the history goes back, it does not quit");
    assert_eq!(
        v.results[v.selected].id.id(),
        "concurrent",
        "the selection is kept"
    );
}

#[test]
fn q_quits_from_either_screen_and_esc_quits_the_list() {
    for keys in [
        &[KeyCode::Char('q')][..],
        &[KeyCode::Esc],
        &[KeyCode::Enter, KeyCode::Char('q')],
    ] {
        let mut v = view();
        for &k in keys {
            press(&mut v, k);
        }
        assert!(!v.running, "{keys:?} should quit");
    }
}

#[test]
fn the_diagram_puts_requests_and_outcomes_in_time_order() {
    let mut v = view();
    v.selected = 1; // concurrent: both sent at 100 ms, answered at 151 and 153
    let rows: Vec<(u64, bool, usize)> = v
        .diagram()
        .iter()
        .map(|r| (r.at_ms, r.answer, r.ex.lane))
        .collect();
    assert_eq!(
        rows,
        [
            (100, false, 0),
            (100, false, 1),
            (151, true, 0),
            (153, true, 1)
        ]
    );
    v.selected = 3; // never sent: no outcome row
    assert_eq!(v.diagram().len(), 1);
}

#[test]
fn scrolling_the_history_stays_within_its_rows() {
    let mut v = view();
    v.resize(9); // three diagram rows on screen
    v.selected = 0;
    press(&mut v, KeyCode::Enter);
    press(&mut v, KeyCode::PageDown);
    press(&mut v, KeyCode::PageDown);
    assert_eq!(
        v.screen,
        ProbeScreen::History { scroll: 1 },
        "4 rows, 3 shown"
    );
    press(&mut v, KeyCode::Home);
    assert_eq!(v.screen, ProbeScreen::History { scroll: 0 });
    press(&mut v, KeyCode::Up);
    assert_eq!(v.screen, ProbeScreen::History { scroll: 0 });
}

#[test]
fn help_opens_over_either_screen_and_closes_with_esc() {
    let mut v = view();
    press(&mut v, KeyCode::Enter);
    press(&mut v, KeyCode::Char('?'));
    assert!(v.help);
    assert_eq!(v.context(), Context::Popup);
    press(&mut v, KeyCode::Esc);
    assert!(!v.help && v.running);
    assert_eq!(v.screen, ProbeScreen::History { scroll: 0 });
}
