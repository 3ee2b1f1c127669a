//! The state panel: what the run has done so far, in the model's own terms (the ledger and the
//! key store; the broker queue, the processed-id table and the effects per message; the
//! table's rows). Whatever changed since the previous step is highlighted and marked `◀`, so
//! the eye goes from the diagram's current row to what it did, in colour or not. A key that
//! disappeared (expired, rolled back by a crash) stays one step as a `− removed` line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use super::draw::{fit, put};
use crate::sim::Model;
use crate::sim::trace::short;
use crate::sim::{KeyState, QueueState, State};
use crate::theme::Theme;

/// The state after the current step, with what changed since `prev` highlighted.
pub struct StatePanel<'a> {
    pub state: &'a State,
    /// The state before the current step; `None` shows nothing as changed.
    pub prev: Option<&'a State>,
    pub model: Model,
    pub theme: &'a Theme,
}

/// How a line looks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Title,
    Head,
    Row,
    Empty,
    /// Something wrong: a participant down, an effect that ran twice.
    Warn,
}

struct Item {
    text: String,
    look: Look,
    changed: bool,
}

impl StatePanel<'_> {
    /// Rows the panel needs to show everything, so a screen can give it no more and no less.
    #[must_use]
    pub fn height(&self) -> u16 {
        u16::try_from(self.items(None).len()).unwrap_or(u16::MAX)
    }

    /// The counters this panel shows on rows of their own in `height` rows: all of them when
    /// everything fits, else those that are not 0 or just changed. A compare gives both sides
    /// the union of their two lists, so the two ledgers have the same rows in the same order.
    #[must_use]
    pub fn counter_rows(&self, height: u16) -> Vec<&'static str> {
        let fold = self.items(None).len() > usize::from(height);
        self.state
            .counters
            .iter()
            .filter(|(name, v)| !fold || *v != 0 || self.changed(name, *v))
            .map(|(name, _)| *name)
            .collect()
    }

    /// Draws the panel with the counters in `rows` on rows of their own and the other zeros
    /// folded on one line, whatever this panel alone would fold (see [`Self::counter_rows`]).
    pub fn render_with_rows(self, area: Rect, buf: &mut Buffer, rows: &[&str]) {
        let items = self.items(Some(rows));
        self.draw(items, area, buf);
    }

    /// Whether counter `name`, now `v`, changed at this step.
    fn changed(&self, name: &str, v: i64) -> bool {
        let was = self
            .prev
            .and_then(|p| p.counters.iter().find(|(n, _)| *n == name));
        self.prev.is_some() && was.is_none_or(|(_, w)| *w != v)
    }

    /// The panel's lines. With `keep`, the counters that are 0, did not just change and are not
    /// in `keep` go on one line (`0: conflicts, mismatches`), for a panel short of rows: the
    /// tables below them (the key store) matter more than a column of zeros.
    fn items(&self, keep: Option<&[&str]>) -> Vec<Item> {
        let (st, prev) = (self.state, self.prev);
        let mut out = Vec::new();
        let mut push = |text: String, look: Look, changed: bool| {
            out.push(Item {
                text,
                look,
                changed,
            });
        };
        push(
            (if self.model == Model::HttpRetry {
                "ledger"
            } else {
                "counters"
            })
            .into(),
            Look::Title,
            false,
        );
        // The words a learner reads (`unique violations`), not the ids of `expect`.
        let label = crate::sim::counter_label;
        let name_w = st
            .counters
            .iter()
            .map(|(n, _)| label(n).len())
            .max()
            .unwrap_or(0);
        let mut zeros = Vec::new();
        for (name, v) in &st.counters {
            let changed = self.changed(name, *v);
            if keep.is_some_and(|k| !k.contains(name)) && *v == 0 && !changed {
                zeros.push(label(name));
            } else {
                let name = label(name);
                push(format!("{name:<name_w$} {v:>6}"), Look::Row, changed);
            }
        }
        if !zeros.is_empty() {
            push(format!("0: {}", zeros.join(", ")), Look::Empty, false);
        }
        for p in &st.down {
            let changed = prev.is_some_and(|pr| !pr.down.contains(p));
            push(format!("✗ {} is down", p.name()), Look::Warn, changed);
        }
        for p in prev.map_or(&[][..], |pr| &pr.down[..]) {
            if !st.down.contains(p) {
                push(format!("↻ {} is back up", p.name()), Look::Row, true);
            }
        }
        match self.model {
            Model::HttpRetry => self.keys(&mut push),
            Model::Consumer => self.consumer(&mut push),
            Model::Upsert => self.rows(&mut push),
        }
        out
    }

    fn keys(&self, push: &mut impl FnMut(String, Look, bool)) {
        let (st, prev) = (self.state, self.prev);
        push("key store".into(), Look::Title, false);
        if st.keys.is_empty() {
            push("no keys stored".into(), Look::Empty, false);
        } else {
            push("key    amount state     resp".into(), Look::Head, false);
        }
        for r in &st.keys {
            let state = match r.state {
                KeyState::InFlight => "in flight",
                KeyState::Done => "done",
            };
            let resp = r.response.map_or("—".to_owned(), |c| c.to_string());
            let changed = prev.is_some_and(|p| !p.keys.contains(r));
            let text = format!("{:<6} {:>6} {state:<9} {resp}", short(r.key), r.fingerprint);
            push(text, Look::Row, changed);
        }
        for r in prev.map_or(&[][..], |p| &p.keys[..]) {
            if !st.keys.iter().any(|k| k.key == r.key) {
                push(format!("− {} removed", short(r.key)), Look::Row, true);
            }
        }
    }

    fn consumer(&self, push: &mut impl FnMut(String, Look, bool)) {
        let (st, prev) = (self.state, self.prev);
        push("broker queue".into(), Look::Title, false);
        if st.queue.is_empty() {
            push("queue empty".into(), Look::Empty, false);
        } else {
            push("entry msg tries state".into(), Look::Head, false);
        }
        for r in &st.queue {
            let state = match r.state {
                QueueState::Queued => "queued",
                QueueState::InFlight => "in flight",
                QueueState::Acked => "✓ acked",
            };
            let changed = prev.is_some_and(|p| !p.queue.contains(r));
            let text = format!(
                "{:>5} {:>3} {:>5} {state}",
                r.entry, r.message, r.deliveries
            );
            push(text, Look::Row, changed);
        }
        push("processed ids".into(), Look::Title, false);
        if st.dedup.is_empty() {
            push("none recorded".into(), Look::Empty, false);
        }
        for id in &st.dedup {
            let changed = prev.is_some_and(|p| !p.dedup.contains(id));
            push(short(*id), Look::Row, changed);
        }
        push("effects per message".into(), Look::Title, false);
        if st.effects.is_empty() {
            push("no effect yet".into(), Look::Empty, false);
        }
        for e in &st.effects {
            let changed = prev.is_some_and(|p| !p.effects.contains(e));
            let (more, look) = if e.effects > 1 {
                (" — duplicate", Look::Warn)
            } else {
                ("", Look::Row)
            };
            let text = format!("msg {} ({}) ×{}{more}", e.message, short(e.id), e.effects);
            push(text, look, changed);
        }
    }

    fn rows(&self, push: &mut impl FnMut(String, Look, bool)) {
        let (st, prev) = (self.state, self.prev);
        push("table orders".into(), Look::Title, false);
        if st.rows.is_empty() {
            push("no rows".into(), Look::Empty, false);
        } else {
            push("row id          n".into(), Look::Head, false);
        }
        for r in &st.rows {
            let changed = prev.is_some_and(|p| !p.rows.contains(r));
            push(
                format!("{:>3} {:<7} {:>5}", r.row, short(r.key), r.n),
                Look::Row,
                changed,
            );
        }
    }
}

impl Widget for StatePanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let mut items = self.items(None);
        if items.len() > usize::from(area.height) {
            items = self.items(Some(&[]));
        }
        self.draw(items, area, buf);
    }
}

impl StatePanel<'_> {
    fn draw(&self, items: Vec<Item>, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let t = self.theme;
        let height = usize::from(area.height);
        let cut = items.len() > height;
        let shown = if cut { height - 1 } else { items.len() };
        // Room for ` ◀` on the right.
        let text_w = usize::from(area.width.saturating_sub(2));
        for (k, item) in items.iter().take(shown).enumerate() {
            let y = area.y + u16::try_from(k).unwrap_or(u16::MAX);
            let (indent, mut style) = match item.look {
                Look::Title => (0, t.title),
                Look::Head => (1, t.dim.add_modifier(Modifier::UNDERLINED)),
                Look::Row => (1, Style::new()),
                Look::Empty => (1, t.dim),
                Look::Warn => (1, t.warn.add_modifier(Modifier::BOLD)),
            };
            if item.changed {
                style = style.patch(t.reading.add_modifier(Modifier::BOLD));
            }
            let text = fit(&item.text, text_w.saturating_sub(indent));
            let x = area.x + u16::try_from(indent).unwrap_or(0);
            let end = put(buf, area, x, y, area.right(), &text, style);
            if item.changed {
                put(
                    buf,
                    area,
                    end.saturating_add(1),
                    y,
                    area.right(),
                    "◀",
                    style,
                );
            }
        }
        if cut {
            let more = format!("… {} more", items.len() - shown);
            let y = area.bottom() - 1;
            put(
                buf,
                area,
                area.x + 1,
                y,
                area.right(),
                &fit(&more, text_w),
                t.dim,
            );
        }
    }
}
