//! The server→dashboard path is bounded: the server keeps the newest `event_buffer` events for
//! a reader that lags (or does not read at all) and drops the oldest, counting them; a flood of
//! requests is answered at full speed meanwhile, and the dashboard says how many it never saw.

mod serve_util;

use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use serve_util::{Conn, JSON, start_with};

use idemlab::app::serve::Dashboard;

const BOUND: usize = 50;
const FLOOD: usize = 400;

#[test]
fn a_flood_past_the_bound_keeps_the_newest_events_and_never_blocks_a_request() {
    let mut server = start_with(|c| c.event_buffer = BOUND);
    let events = server.take_events().expect("events");
    let addr = server.addr();
    // Nobody reads the events while the flood runs.
    let mut conn = Conn::open(addr);
    let t = Instant::now();
    for i in 0..FLOOD {
        let key = format!("\"k-{i}\"");
        let body = format!(r#"{{"amount": 1, "order": "o-{i}"}}"#);
        let r = conn
            .send(
                "POST",
                "/charges",
                &[JSON, ("Idempotency-Key", key.as_str())],
                Some(&body),
            )
            .expect("answered while the events pile up");
        assert_eq!(r.status, 201);
    }
    assert!(
        t.elapsed() < Duration::from_secs(60),
        "the flood was answered in {:?}",
        t.elapsed()
    );
    let lost = (FLOOD - BOUND) as u64;
    assert_eq!(server.lost_events(), lost);
    assert_eq!(events.dropped(), lost);
    assert_eq!(events.len(), BOUND, "memory stays at the bound");
    // The newest are the ones kept.
    let kept: Vec<u64> = events.try_iter().map(|e| e.seq).collect();
    let newest: Vec<u64> = ((FLOOD - BOUND + 1) as u64..=FLOOD as u64).collect();
    assert_eq!(kept, newest);
    assert_eq!(server.ledger().unwrap().count, FLOOD as u64);

    // The dashboard reads the count from the server and says it.
    let mut d = Dashboard::new(server, 1, true);
    d.refresh();
    assert_eq!(d.not_shown, lost);
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 20));
    (&d).render(buf.area, &mut buf);
    let top: String = (0..100).map(|x| buf[(x, 1)].symbol().to_string()).collect();
    assert!(top.contains(&format!("{lost} events not shown")), "{top}");
}
