//! The `serve` dashboard on a real server (127.0.0.1:0): a key from the table switches the
//! store mode the server runs, and the next requests follow it; the drawn dashboard marks a
//! double charge in words, shows the mode and the key store, and has no colour under NO_COLOR.

mod serve_util;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use serve_util::{charge, start};

use idemlab::app::serve::Dashboard;
use idemlab::keymap::{self, Context};
use idemlab::server::{Events, Knobs, Server, StoreMode};

fn press(d: &mut Dashboard, c: char) {
    let action = keymap::action(
        Context::Serve,
        &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
    )
    .unwrap_or_else(|| panic!("{c} is bound on the dashboard"));
    d.update(action);
}

/// Feeds the dashboard the `n` next events, as the loop does.
fn feed(d: &mut Dashboard, rx: &Events, n: usize) {
    for _ in 0..n {
        let ev = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("an event per request");
        d.on_event(ev);
    }
    d.refresh();
}

fn text(d: &Dashboard, w: u16, h: u16) -> (String, Buffer) {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    d.render(buf.area, &mut buf);
    let mut s = String::new();
    for y in 0..h {
        for x in 0..w {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    (s, buf)
}

fn dashboard(knobs: Knobs, mono: bool) -> (Dashboard, Events, std::net::SocketAddr) {
    let mut server: Server = start(knobs);
    let rx = server.take_events().expect("events");
    let addr = server.addr();
    (Dashboard::new(server, 7, mono), rx, addr)
}

#[test]
fn the_store_key_switches_the_running_server_from_none_to_atomic() {
    let knobs = Knobs {
        store: StoreMode::None,
        ..Knobs::default()
    };
    let (mut d, rx, a) = dashboard(knobs, false);
    let body = r#"{"amount": 500, "order": "o-1"}"#;
    assert_eq!(charge(a, Some("k-1"), body).unwrap().status, 201);
    assert_eq!(charge(a, Some("k-1"), body).unwrap().status, 201);
    feed(&mut d, &rx, 2);
    assert_eq!(d.ledger.as_ref().unwrap().count, 2, "none ignores the key");
    assert_eq!(d.doubles, 1);

    press(&mut d, 's');
    assert_eq!(d.store(), StoreMode::Atomic);
    let body = r#"{"amount": 500, "order": "o-2"}"#;
    let first = charge(a, Some("k-2"), body).unwrap();
    let again = charge(a, Some("k-2"), body).unwrap();
    assert_eq!(first.status, 201);
    assert_eq!(again.status, 201);
    assert_eq!(again.header("Idempotent-Replayed"), Some("true"));
    assert_eq!(first.body, again.body);
    feed(&mut d, &rx, 2);
    assert_eq!(
        d.ledger.as_ref().unwrap().count,
        3,
        "atomic charged k-2 once"
    );
    assert_eq!(d.doubles, 1);

    press(&mut d, 's');
    assert_eq!(d.store(), StoreMode::CheckThenAct);
    press(&mut d, 'd');
    assert!((d.knobs().drop_response - 0.5).abs() < f64::EPSILON);
    press(&mut d, 'q');
    assert!(!d.running);
}

#[test]
fn a_dropped_retry_is_drawn_as_a_double_charge_in_words_without_colour() {
    let knobs = Knobs {
        store: StoreMode::None,
        drop_response: 1.0,
        ..Knobs::default()
    };
    let (mut d, rx, a) = dashboard(knobs, true);
    let body = r#"{"amount": 1000, "order": "o-1"}"#;
    assert!(
        charge(a, Some("k-1"), body).is_err(),
        "the answer is dropped"
    );
    assert!(charge(a, Some("k-1"), body).is_err(), "the retry's too");
    feed(&mut d, &rx, 2);
    let (s, buf) = text(&d, 80, 24);
    assert!(s.contains("store none · drop-response 1"), "{s}");
    assert!(s.contains("✗ drop-response"), "{s}");
    assert!(s.contains("✗ DOUBLE CHARGE ch_0002 (first ch_0001)"), "{s}");
    assert!(s.contains("ledger: 2 charges"), "{s}");
    assert!(s.contains("o-1 ✗ twice"), "{s}");
    assert!(s.contains("s store"), "the keys are on the footer: {s}");
    for cell in buf.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (ratatui::style::Color::Reset, ratatui::style::Color::Reset)
        );
    }

    // Paused, new requests are held, not drawn; resuming shows them.
    press(&mut d, 'p');
    assert_eq!(
        charge(a, None, r#"{"amount": 5}"#).map(|r| r.status).ok(),
        None
    );
    feed(&mut d, &rx, 1);
    let (s, _) = text(&d, 80, 24);
    assert!(s.contains("PAUSED (1 held)"), "{s}");
    assert!(!s.contains("c3 "), "{s}");
    press(&mut d, 'p');
    let (s, _) = text(&d, 80, 24);
    assert!(s.contains("c3 "), "{s}");
}

#[test]
fn keys_in_the_store_show_state_status_and_replays() {
    let (mut d, rx, a) = dashboard(Knobs::default(), false);
    let body = r#"{"amount": 1, "order": "o-9"}"#;
    charge(a, Some("key-abc"), body).unwrap();
    charge(a, Some("key-abc"), body).unwrap();
    feed(&mut d, &rx, 2);
    let (s, _) = text(&d, 80, 24);
    let row = s
        .lines()
        .find(|l| l.contains("key-abc ") && l.contains("done"))
        .unwrap_or_else(|| panic!("the key store lists key-abc as done: {s}"));
    assert!(row.contains(" 201 "), "{row}");
    assert!(row.trim_end().ends_with(" 1"), "one replay: {row}");
    assert!(s.contains("◀─201 replay ch_0001"), "{s}");
    assert!(
        s.contains(" key key-abc"),
        "the key is drawn under its request: {s}"
    );
}
