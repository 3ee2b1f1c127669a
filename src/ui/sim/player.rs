//! The simulation player's screen, composed of the sequence diagram, the state panel and the
//! narration: a header with what is playing, the knob line, the diagram in the middle with the
//! state beside it (below it on a narrow terminal), and the narration at the bottom. A compare
//! puts two columns side by side with a shared time; below 100 columns it shows one side at a
//! time with a tab line. Statistics cover the body while shown.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph, Widget};

use super::draw::{fit, grouped};
use super::knob_lines;
use super::player_text::{narration, status_parts};
use super::{Diagram, StatePanel, StatsView};
use super::{compare, fold};
use crate::app::{App, Knob, Player, Side};
use crate::keymap::{Action, Context, key_label};
use crate::markdown::wrap_lines;
use crate::text::sanitize_line;
use crate::text::width::str_width;
use crate::ui::chrome;

/// Columns from which the state panel sits beside the diagram.
const SIDE_PANEL_FROM: u16 = 90;
const SIDE_PANEL_WIDTH: u16 = 33;
/// Columns from which a compare shows both runs at once.
const BOTH_FROM: u16 = 100;

/// The player's header and body (the app draws the footer).
pub struct PlayerScreen<'a> {
    pub app: &'a App,
    pub player: &'a Player,
}

impl Widget for PlayerScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 2 || area.width < 2 {
            return;
        }
        let [header, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        render(self.app, self.player, header, body, buf);
    }
}

pub fn render(app: &App, p: &Player, header: Rect, body: Rect, buf: &mut Buffer) {
    render_header(app, p, header, buf);
    // The goal wraps (at most 3 rows: at 60x18 the diagram still has room).
    let goal_lines = super::player_text::goal_line(app, p)
        .map(|l| wrap_lines(&[l], body.width.saturating_sub(1)))
        .unwrap_or_default();
    let goal_rows = u16::try_from(goal_lines.len().min(3)).unwrap_or(3);
    // Every knob keeps its name: the line takes a second row rather than lose them.
    let knob_rows = knob_lines(app, p, body.width);
    let [knobs, goal, rest] = Layout::vertical([
        Constraint::Length(u16::try_from(knob_rows.len()).unwrap_or(1)),
        Constraint::Length(goal_rows),
        Constraint::Min(0),
    ])
    .areas(body);
    Paragraph::new(knob_rows).render(knobs, buf);
    Paragraph::new(goal_lines)
        .block(Block::new().padding(Padding::left(1)))
        .render(goal, buf);

    let both = p.compare && body.width >= BOTH_FROM;
    let shown: Vec<usize> = if !p.compare {
        vec![0]
    } else if both {
        vec![0, 1]
    } else {
        vec![p.tab.min(1)]
    };
    // Wrapped once (inside the block's left padding): the story is as tall as what it draws.
    let lines = wrap_lines(&narration(app, p, &shown), rest.width.saturating_sub(1));
    let rows = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(1);
    let max = (rest.height / 3).max(3);
    let [main, story] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(rows.min(max))]).areas(rest);

    let sides: Vec<&Side> = p.sides().collect();
    if both {
        let [left, right] = compare::columns(main);
        compare::divider([left, right], app.theme.dim, buf);
        let areas = [
            side_areas(app, p, Some(0), left),
            side_areas(app, p, Some(1), right),
        ];
        let rows = compare::shared_rows(app, p, &sides, &areas);
        for (i, a) in areas.iter().enumerate() {
            draw_side(app, p, sides[i], Some(i), a, Some(&rows), buf);
        }
    } else if p.compare {
        let [tabs, col] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(main);
        tab_line(app, p, &sides, tabs, buf);
        let i = p.tab.min(sides.len() - 1);
        // Both sides' rows, laid out in this one column, so Tab shows ledgers that line up.
        let a = side_areas(app, p, None, col);
        let rows = compare::shared_rows(app, p, &sides, &[a, a]);
        draw_side(app, p, sides[i], None, &a, Some(&rows), buf);
    } else {
        let a = side_areas(app, p, None, main);
        draw_side(app, p, sides[0], None, &a, None, buf);
    }

    let rule = Block::new()
        .borders(Borders::TOP)
        .border_style(app.theme.border)
        .title(Span::styled(
            if p.input.is_some() {
                " Your turn "
            } else if p.at_end() {
                " Verdict "
            } else {
                " What happens "
            },
            app.theme.title,
        ));
    Paragraph::new(lines)
        .block(rule.padding(Padding::left(1)))
        .render(story, buf);

    if p.show_stats
        && let Some(s) = &p.stats
    {
        let r = body;
        Clear.render(r, buf);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(app.theme.border)
            .title(Span::styled(
                format!(
                    " Statistics · {} runs per side, seeds from {}{} ",
                    grouped(crate::app::TRIALS),
                    p.seed(),
                    loss(p)
                ),
                app.theme.title,
            ));
        let inner = block.inner(r);
        block.render(r, buf);
        let view = StatsView::of(&s.job, &app.theme);
        let uniform = view.uniform();
        view.render(inner, buf);
        if uniform {
            let words = wrap_lines(&[uniform_note(p)], inner.width);
            let h = u16::try_from(words.len()).unwrap_or(u16::MAX);
            if inner.height > h + 1 {
                let note = Rect {
                    y: inner.bottom() - h,
                    height: h,
                    ..inner
                };
                Clear.render(note, buf);
                Paragraph::new(words)
                    .style(app.theme.title)
                    .render(note, buf);
            }
        }
    }
}

fn render_header(app: &App, p: &Player, area: Rect, buf: &mut Buffer) {
    let w = usize::from(area.width);
    // The status goes first: as many parts as leave the title 20 cells.
    let mut right = String::new();
    for part in status_parts(p) {
        let next = if right.is_empty() {
            part
        } else {
            format!("{right} · {part}")
        };
        if str_width(&next) + 24 > w {
            break;
        }
        right = next;
    }
    let title = run_title(p, 0, &p.main.scenario);
    let room = w.saturating_sub(str_width(&right) + 4);
    chrome::header(&fit(&title, room), &right, app.theme.header, area, buf);
}

/// The title of side `side`'s run: once the learner's knobs make it another run, it says so
/// first (`changed store · Retrying a payment…`; the words survive a cut), in the header and
/// over a compare's column alike.
fn run_title(p: &Player, side: usize, scenario: &crate::sim::Scenario) -> String {
    let changed: Vec<&str> = p
        .changed_knobs_on(side)
        .into_iter()
        .map(|k| k.short_name(scenario.model))
        .collect();
    if changed.is_empty() {
        sanitize_line(&scenario.title)
    } else {
        format!(
            "changed {} · {}",
            changed.join(", "),
            sanitize_line(&scenario.title)
        )
    }
}

/// `1 retry-without-key ✗ │ 2 retry-with-key ✓   Tab switches`.
fn tab_line(app: &App, p: &Player, sides: &[&Side], area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::raw(" ")];
    for (i, s) in sides.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", app.theme.dim));
        }
        let label = format!("{} {}", i + 1, sanitize_line(s.id()));
        spans.push(if i == p.tab.min(1) {
            Span::styled(format!("▶ {label}"), app.theme.selected)
        } else {
            Span::raw(label)
        });
    }
    spans.push(Span::styled(
        format!("  {} switches", key_label(Context::Sim, Action::SwitchSide)),
        app.theme.dim,
    ));
    Line::from(spans).render(area, buf);
}

/// Where one run's parts go: its title (in a wide compare), the diagram, and the state.
#[derive(Clone, Copy)]
pub(super) struct SideAreas {
    title: Option<Rect>,
    diagram: Rect,
    pub(super) panel: Rect,
}

/// Lays out one run: a title (in a compare), the diagram, and the state beside or below it.
/// Both sides of a compare are sized alike, so one side's areas fit the other's run.
fn side_areas(app: &App, p: &Player, label: Option<usize>, area: Rect) -> SideAreas {
    let mut area = area;
    let mut title = None;
    if label.is_some() {
        let [t, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        title = Some(t);
        area = rest;
    }
    if label.is_none() && area.width >= SIDE_PANEL_FROM {
        let [diagram, panel] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(SIDE_PANEL_WIDTH)])
                .spacing(1)
                .areas(area);
        return SideAreas {
            title,
            diagram,
            panel,
        };
    }
    // Below: as tall as the state needs, but the diagram keeps at least half. The diagram
    // comes first for the rows that show every causal step (folds marked in the rows),
    // then the state for a third, then the diagram again for folds on lines of their own.
    let rows = |f: fn(&[crate::sim::TraceEvent], usize) -> usize| {
        let n = p.sides().map(|s| f(&s.run.trace, p.side_step(s))).max();
        u16::try_from(n.unwrap_or(0))
            .unwrap_or(u16::MAX)
            .saturating_add(1)
    };
    let tallest = p
        .sides()
        .map(|s| {
            // As tall as it is drawn, or without this step's "− removed" lines.
            with_panel(app, p, s, |panel| {
                let bare = StatePanel {
                    prev: None,
                    ..panel
                }
                .height();
                panel.height().max(bare)
            })
        })
        .max()
        .unwrap_or(0);
    let full = tallest.min(area.height / 2);
    let h = full
        .min(area.height.saturating_sub(rows(fold::wanted)))
        .max(full.min(area.height / 3))
        .min(area.height.saturating_sub(rows(fold::needed)))
        .max(2);
    // The diagram never takes more rows than the whole run has (one per event, and the lane
    // names): the ledger stands right under it, not under a gap (report §6, compare at 200×50).
    let whole = p.sides().map(|s| s.run.trace.len()).max().unwrap_or(0);
    let whole = u16::try_from(whole).unwrap_or(u16::MAX).saturating_add(1);
    let [diagram, panel, _] = Layout::vertical([
        Constraint::Length(area.height.saturating_sub(h).min(whole)),
        Constraint::Length(h),
        Constraint::Min(0),
    ])
    .areas(area);
    SideAreas {
        title,
        diagram,
        panel,
    }
}

/// Draws one run in its areas. `rows`: in a compare, the counters both ledgers show on rows of
/// their own (see `compare::shared_rows`); `None` lets the panel fold its own zeros.
fn draw_side(
    app: &App,
    p: &Player,
    side: &Side,
    label: Option<usize>,
    areas: &SideAreas,
    rows: Option<&[&str]>,
    buf: &mut Buffer,
) {
    if let (Some(i), Some(title)) = (label, areas.title) {
        // The side the knob keys change (Tab picks it) wears the badge; the other is dim.
        let badge = if i == p.addressed() {
            app.theme.selected
        } else {
            app.theme.dim
        };
        // Cut with `…` inside its column: a title never runs up to the other side.
        let room = usize::from(title.width).saturating_sub(5);
        Line::from(vec![
            Span::styled(format!(" {} ", i + 1), badge),
            Span::styled(
                format!(" {}", fit(&run_title(p, i, &side.scenario), room)),
                app.theme.title,
            ),
        ])
        .render(title, buf);
    }
    let lanes = p.lanes();
    Diagram {
        run: &side.run,
        step: p.side_step(side),
        lanes: &lanes,
        mark: p.mark(side),
        up: p.scrolled_up(),
        theme: &app.theme,
    }
    .render(areas.diagram, buf);
    with_panel(app, p, side, |panel| match rows {
        Some(rows) => panel.render_with_rows(areas.panel, buf, rows),
        None => panel.render(areas.panel, buf),
    });
}

/// `f` with the ledger panel of `side` at the player's step: the one place a side's state and
/// the state before it become a [`StatePanel`], for drawing and for a compare's shared rows.
pub(super) fn with_panel<R>(
    app: &App,
    p: &Player,
    side: &Side,
    f: impl FnOnce(StatePanel<'_>) -> R,
) -> R {
    let (state, prev) = p.states(side);
    f(StatePanel {
        state: &state,
        prev: prev.as_ref(),
        model: side.run.model,
        theme: &app.theme,
    })
}

/// Under statistics where every trial ran alike: why, and the key that makes runs differ
/// (or that this challenge locks it).
fn uniform_note(p: &Player) -> Line<'static> {
    let why = "Every trial ran alike: nothing in these settings is random.";
    let what = if p.locked(Knob::Loss) {
        "This challenge's goal locks random loss.".to_owned()
    } else {
        format!(
            "{} turns on random loss, so runs differ.",
            key_label(Context::Sim, Action::ToggleLoss)
        )
    };
    Line::from(format!("{why} {what}"))
}

/// ` · random loss 30%`, when the runs have random loss.
fn loss(p: &Player) -> String {
    let s = &p.main.scenario;
    if s.network.drop_request > 0.0 || s.network.drop_response > 0.0 {
        format!(" · random loss {}", Knob::Loss.value(s))
    } else {
        String::new()
    }
}
