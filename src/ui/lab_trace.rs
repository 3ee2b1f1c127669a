//! A client lab's failing run as a sequence diagram on the lab screen: client, server and
//! database lanes in the dashboard's glyphs (`ui/serve/lanes.rs`), one request arrow per
//! request, the commit to the database, the answer back or `✗ response dropped`, and a
//! `✗ DOUBLE CHARGE ch_0002 (first ch_0001)` line under a charge that repeated one. When the
//! failing check names an order, only that order's requests are drawn (the whole run is in
//! `lab ID --check`): that is where the dropped answer and the second charge are.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::serve::lanes::{arrow_left, arrow_right, clip, header, lanes, put};
use crate::lab::{ClientRun, Request};
use crate::theme::Theme;

/// Width of the client column (`#12 o-1 `).
const CLIENT: usize = 12;
/// Below this width the lanes do not fit: the plain lines are shown instead.
const MIN_WIDTH: usize = 44;
/// Wider than this, the lanes stop growing (arrows stay readable).
const MAX_WIDTH: usize = 96;

/// The diagram's lines for `width` columns (pure: also what tests read).
#[must_use]
pub fn lines(run: &ClientRun, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let shown: Vec<&Request> = run
        .requests
        .iter()
        .filter(|r| run.focus.is_none() || r.order == run.focus)
        .collect();
    let mut out = Vec::new();
    let title = match &run.focus {
        Some(o) => format!(
            "run {}: the requests for order {o} ({} of {} requests)",
            run.run,
            shown.len(),
            run.requests.len() + run.more
        ),
        None => format!("run {}: its requests", run.run),
    };
    out.push(Line::styled(title, t.dim));
    if width < MIN_WIDTH {
        out.extend(
            shown
                .iter()
                .map(|r| Line::raw(clip(&format!("  {}", r.line()), width))),
        );
    } else {
        let width = width.min(MAX_WIDTH);
        let (head, sx, dx) = header(width, CLIENT, t);
        out.push(head);
        for r in &shown {
            request_lines(r, width, sx, dx, t, &mut out);
        }
    }
    if run.focus.is_none() && run.more > 0 {
        out.push(Line::styled(format!("  … {} more", run.more), t.dim));
    }
    if !run.output.is_empty() {
        out.push(Line::styled("the program's last output:", t.dim));
        out.extend(
            run.output
                .iter()
                .map(|l| Line::raw(clip(&format!("  {l}"), width))),
        );
    }
    out
}

fn request_lines(
    r: &Request,
    w: usize,
    sx: usize,
    dx: usize,
    t: &Theme,
    out: &mut Vec<Line<'static>>,
) {
    let who = format!("#{} {}", r.n, r.order.as_deref().unwrap_or(""));
    let row = put(lanes(w, sx, dx), 0, &clip(who.trim_end(), CLIENT - 1));
    let row = put(
        row,
        CLIENT,
        &arrow_right(&format!("{} {}", r.method, r.path), sx - CLIENT),
    );
    let server = r.server_words();
    let row = if server.starts_with("commits") {
        let what = server.replacen("commits", "commit", 1);
        put(row, sx + 1, &arrow_right(&what, dx - sx - 1))
    } else {
        put(row, sx + 2, &clip(&server, dx - sx - 3))
    };
    out.push(Line::raw(row));
    let key = match &r.key {
        Some(k) => format!(" key {k}"),
        None => " no key".to_owned(),
    };
    let under = put(lanes(w, sx, dx), 0, &clip(&key, CLIENT - 1));
    match r.status {
        Some(_) => out.push(Line::raw(put(
            under,
            CLIENT,
            &arrow_left(&r.answer_words(), sx - CLIENT),
        ))),
        None => {
            let what = if r.fault == Some("drop-response") {
                "✗ response dropped".to_owned()
            } else {
                format!("✗ no answer ({})", r.fault.unwrap_or("crashed"))
            };
            let what = clip(&what, sx - CLIENT);
            let n = CLIENT + what.chars().count();
            out.push(Line::from(vec![
                Span::raw(under.chars().take(CLIENT).collect::<String>()),
                Span::styled(what, t.warn),
                Span::raw(under.chars().skip(n).collect::<String>()),
            ]));
        }
    }
    if let Some(first) = &r.first_charge {
        let what = format!(
            "✗ DOUBLE CHARGE {} (first {first})",
            r.charge.as_deref().unwrap_or("?")
        );
        out.push(Line::styled(
            clip(&what, w),
            t.warn.patch(Style::new().add_modifier(Modifier::REVERSED)),
        ));
    }
}
