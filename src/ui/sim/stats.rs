//! The statistics view: for each counter, how its value spread over many trials, as a
//! horizontal bar chart (ratatui's `BarChart`: one bar per value, its length the share of
//! trials, labelled with the value and the percentage), with the mean and the range. The sides
//! of a compare stand side by side (stacked when narrow) and their counters line up row for
//! row, so `charges` without a key sits next to `charges` with one. While the job runs, a line
//! gauge shows how far it got; a side that failed shows its error sentence.
//!
//! The view takes plain data, not the job, so tests can draw any moment of a run.

use ratatui::buffer::Buffer;
use ratatui::layout::{Direction, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, LineGauge, Widget};

use super::draw::{fit, grouped, put_line};
use crate::app::StatsJob;
use crate::markdown::wrap_lines;
use crate::sim::{CounterStats, SimError, Stats, counter_label, trial_seed};
use crate::text::sanitize_line;
use crate::text::width::str_width;
use crate::theme::Theme;

/// Histograms of every counter over many trials, one column per side of a compare.
pub struct StatsView<'a> {
    /// Every side's label, in order (a scenario id or title; sanitized here).
    pub labels: &'a [String],
    /// The sides finished so far, in the order of `labels`.
    pub results: &'a [(String, Result<Stats, SimError>)],
    /// Trials done and to do, over all sides.
    pub progress: (u64, u64),
    pub theme: &'a Theme,
}

impl<'a> StatsView<'a> {
    /// The view of a job's current results.
    #[must_use]
    pub fn of(job: &'a StatsJob, theme: &'a Theme) -> Self {
        Self {
            labels: job.labels(),
            results: job.results(),
            progress: (job.done(), job.total()),
            theme,
        }
    }

    /// Lines of histogram each counter gets: as many as its most varied side needs, cut from
    /// the last counters first when `room` runs out (each keeps its summary line).
    /// Whether every side has finished and no counter varied over its trials: nothing in these
    /// settings is random, so every trial ran alike (the player then says what would differ).
    #[must_use]
    pub fn uniform(&self) -> bool {
        let (done, total) = self.progress;
        done >= total
            && !self.results.is_empty()
            && self.results.iter().all(|(_, r)| {
                r.as_ref()
                    .is_ok_and(|s| s.counters.iter().all(|c| c.min == c.max))
            })
    }

    /// The widest counter name of every side, so values start in one column.
    fn name_width(&self) -> usize {
        self.results
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .flat_map(|s| s.counters.iter().map(|c| str_width(counter_label(c.name))))
            .max()
            .unwrap_or(0)
    }

    fn allot(&self, room: usize) -> Vec<usize> {
        let stats: Vec<&Stats> = self
            .results
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .collect();
        let Some(first) = stats.first() else {
            return Vec::new();
        };
        let want: Vec<usize> = (0..first.counters.len())
            .map(|k| {
                let bars = |s: &&Stats| s.counters.get(k).map_or(0, |c| c.histogram.len());
                let most = stats.iter().map(bars).max().unwrap_or(0);
                if most > 1 { most } else { 0 }
            })
            .collect();
        let mut left = room.saturating_sub(want.len());
        want.iter()
            .map(|&w| {
                let got = w.min(left);
                left -= got;
                got
            })
            .collect()
    }
}

impl Widget for StatsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let t = self.theme;
        let (done, total) = self.progress;
        let mut body = area;
        if done < total {
            let ratio = if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            };
            let label = format!("running {} / {} trials ", grouped(done), grouped(total));
            LineGauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(fit(&label, usize::from(area.width)).into_owned())
                .filled_symbol("━")
                .unfilled_symbol("─")
                .filled_style(t.key)
                .unfilled_style(t.dim)
                .render(Rect { height: 1, ..area }, buf);
            body.y += 1;
            body.height -= 1;
        }
        let n = u16::try_from(self.labels.len().max(self.results.len()).max(1)).unwrap_or(1);
        let side_by_side = area.width / n >= 30 || body.height < 8 * n;
        let cols: Vec<Rect> = (0..n)
            .map(|i| {
                if side_by_side {
                    let w = (body.width + 1) / n;
                    Rect::new(body.x + i * w, body.y, w.saturating_sub(1), body.height)
                        .intersection(body)
                } else {
                    let h = body.height / n;
                    Rect::new(body.x, body.y + i * h, body.width, h).intersection(body)
                }
            })
            .collect();
        let allot = self.allot(usize::from(cols[0].height.saturating_sub(2)));
        let name_w = self.name_width();
        for (i, col) in cols.into_iter().enumerate() {
            let label = self
                .labels
                .get(i)
                .or_else(|| self.results.get(i).map(|r| &r.0));
            let title = sanitize_line(label.map_or("", |l| l.as_str()));
            put_line(buf, col, col.y, &title, t.title);
            let rest = Rect {
                y: col.y.saturating_add(1),
                height: col.height.saturating_sub(1),
                ..col
            };
            match self.results.get(i).map(|r| &r.1) {
                None => put_line(buf, rest, rest.y, "running…", t.dim),
                Some(Err(e)) => error(&e.to_string(), rest, buf, t),
                Some(Ok(s)) => side(s, &allot, name_w, rest, buf, t),
            }
        }
    }
}

/// One side's counters, their values in one column after names `name_w` wide.
fn side(s: &Stats, allot: &[usize], name_w: usize, area: Rect, buf: &mut Buffer, t: &Theme) {
    let last = trial_seed(s.seed, s.trials.saturating_sub(1));
    let seeds = format!(
        "{} trials · seeds {} to {}",
        grouped(s.trials),
        s.seed,
        grouped(last)
    );
    put_line(buf, area, area.y, &seeds, t.dim);
    let mut y = area.y.saturating_add(1);
    for (k, c) in s.counters.iter().enumerate() {
        if y >= area.bottom() {
            break;
        }
        let lines = allot.get(k).copied().unwrap_or(0);
        // The words a learner reads (`unique violations`), as the ledger says them.
        let name = counter_label(c.name);
        let pad = " ".repeat(name_w.saturating_sub(str_width(name)));
        let summary = if c.min == c.max {
            format!("{name}{pad}  {} in every trial", c.min)
        } else {
            format!(
                "{name}{pad}  mean {:.2}  min {}  max {}",
                c.mean, c.min, c.max
            )
        };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let style = if c.min == c.max { Style::new() } else { bold };
        put_line(buf, area, y, &summary, style);
        y += 1;
        let h = u16::try_from(lines).unwrap_or(0).min(area.bottom() - y);
        if h > 0 && s.trials > 0 {
            let chart = Rect::new(area.x + 1, y, area.width.saturating_sub(1), h);
            histogram(c, s.trials, usize::from(h), t).render(chart, buf);
        }
        y += u16::try_from(lines).unwrap_or(0);
    }
}

/// A counter's histogram as horizontal bars: `  2  48.5% ███████`. With more values than
/// `lines`, the most frequent are kept (in value order) and the last line says how many are not.
fn histogram<'a>(c: &CounterStats, trials: u64, lines: usize, t: &Theme) -> BarChart<'a> {
    let mut shown: Vec<(i64, u64)> = c.histogram.iter().map(|(&v, &n)| (v, n)).collect();
    let hidden = shown.len().saturating_sub(lines);
    if hidden > 0 {
        shown.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        shown.truncate(lines.saturating_sub(1));
        shown.sort_unstable();
    }
    let label_w = shown
        .iter()
        .map(|(v, _)| str_width(&v.to_string()))
        .max()
        .unwrap_or(1);
    let mut bars: Vec<Bar> = shown
        .iter()
        .map(|&(v, n)| {
            let pct = n as f64 * 100.0 / trials as f64;
            Bar::default()
                .value(n)
                .label(format!("{v:>label_w$} {:>6}", format!("{pct:.1}%")))
                .text_value(String::new())
        })
        .collect();
    if hidden > 0 {
        bars.push(
            Bar::default()
                .value(0)
                .label("…")
                .text_value(format!("{hidden} more values")),
        );
    }
    let bar = match t.selected.bg {
        Some(c) => Style::new().fg(c),
        None => Style::new(),
    };
    BarChart::default()
        .direction(Direction::Horizontal)
        .data(ratatui::widgets::BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .max(trials.max(1))
        .bar_style(bar)
        .value_style(t.selected)
        .label_style(t.dim)
}

/// A failed side: its sentence, wrapped.
fn error(msg: &str, area: Rect, buf: &mut Buffer, t: &Theme) {
    let style = t.warn.add_modifier(Modifier::BOLD);
    let text = Line::from(format!("✗ {}", sanitize_line(msg)));
    for (k, line) in wrap_lines(&[text], area.width).iter().enumerate() {
        let y = area.y.saturating_add(u16::try_from(k).unwrap_or(u16::MAX));
        let line: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        put_line(buf, area, y, &line, style);
    }
}
