//! Where the lifelines go. A lane's own labels always sit right of its lifeline (the server's
//! `├ ● charge #2`, never `● charge #2 ┤`, which reads as if it happened on the network), so
//! the last lane keeps a right margin wide enough for them and every other lane's labels are
//! counted into the gap on its right; the gaps share the rest in proportion to the labels of
//! the arrows that cross them. When the width runs out, the arrows' labels are cut first (the
//! server's labels are the story), then the margins shrink and lane labels are cut with `…`
//! (never gaps below [`MIN_GAP`], where an arrow has no room for a word), then the time gutter
//! goes, and below that the diagram gives way to a list.

use ratatui::layout::Rect;

use super::Diagram;
use super::draw::width16;
use super::rows::{Shape, lane_label, message_label, shape};

/// Time gutter: a mark cell (`⋮` folded rows above, `◆` where two runs part), a space so
/// the mark never reads as part of the time (`⋮ 146ms`, not `⋮146ms`), five cells of time, a
/// space.
pub const GUTTER: u16 = 8;
/// Closest two lifelines may be.
pub const MIN_GAP: u16 = 12;
/// Without the gutter the diagram must still say something on each arrow; narrower than this,
/// the list says more.
const MIN_GAP_BARE: u16 = 14;
/// The last lane's margin when short of room: a label cut to it keeps its duplicate mark.
const KEEP: u16 = 18;
/// Events looked at to size margins and gaps: enough for any bundled trace, and bounded so a
/// huge trace costs no more per frame. The whole trace is looked at, not just the steps shown,
/// so the lanes stay put while the steps go by.
const SAMPLE: usize = 512;

/// Columns of a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geometry {
    pub gutter: bool,
    /// First column right of the gutter.
    pub x0: u16,
    /// Each lane's lifeline column.
    pub lanes: Vec<u16>,
}

/// The lanes' columns in `area`, or `None` when they do not fit (draw a list instead).
#[must_use]
pub fn geometry(area: Rect, d: &Diagram) -> Option<Geometry> {
    let n = d.lanes.len();
    if n == 0 {
        return None;
    }
    let names: Vec<u16> = d.lanes.iter().map(|p| width16(p.name())).collect();
    let last = n - 1;
    // What the labels would like: the last lane's right margin, each gap's width.
    let mut want_right = 0u16;
    let mut want: Vec<u16> = names
        .windows(2)
        .map(|w| MIN_GAP.max(w[0] - w[0] / 2 + w[1] / 2 + 1))
        .collect();
    let mut min_gaps = want.clone();
    for ev in d.run.trace.iter().take(SAMPLE) {
        match shape(ev, d.lanes) {
            Shape::OnLane { lane } => {
                let w = width16(&lane_label(ev, d.run.model).0).saturating_add(2);
                if lane == last {
                    want_right = want_right.max(w);
                } else {
                    let g = &mut want[lane];
                    *g = (*g).max(w.saturating_add(1));
                }
            }
            Shape::Depart { from, to } | Shape::Instant { from, to } if from.abs_diff(to) == 1 => {
                let w = width16(message_label(ev)).saturating_add(9);
                let g = &mut want[from.min(to)];
                *g = (*g).max(w);
            }
            _ => {}
        }
    }
    for gutter in [true, false] {
        if !gutter {
            min_gaps
                .iter_mut()
                .for_each(|g| *g = (*g).max(MIN_GAP_BARE));
            want.iter_mut().for_each(|g| *g = (*g).max(MIN_GAP_BARE));
        }
        let x0 = area.x + if gutter { GUTTER } else { 0 };
        let avail = area.right().saturating_sub(x0);
        let min_left = names[0] / 2;
        let min_right = names[last] - names[last] / 2;
        let whole = want_right.max(min_right);
        // Some air on the left too, so the lanes sit balanced under the title.
        let left = min_left.max(whole.min(avail / 10));
        let spread = |&(l, r): &(u16, u16), wanted: &[u16]| {
            spread(
                avail.checked_sub(l)?.checked_sub(r)?.checked_sub(1)?,
                wanted,
                &min_gaps,
            )
            .map(|gaps| (l, gaps))
        };
        let all_whole = |(_, g): &(u16, Vec<u16>)| g.iter().zip(&want).all(|(a, b)| a >= b);
        // Arrows keep two thirds of their labels' room: enough for `POST /charges #2…`.
        let most = |(_, g): &(u16, Vec<u16>)| {
            g.iter()
                .zip(&want)
                .all(|(a, b)| u32::from(*a) * 3 >= u32::from(*b) * 2)
        };
        // Short of room, still enough for `● c… ✗ duplicate` (see `arrows::on_lane`).
        let capped = whole.min((avail / 4).max(KEEP)).max(min_right);
        // Still short (three lanes in a compare's column): the gaps at their least and the
        // rest to the last lane's margin, so its labels keep a word (`● effect…`, not `● …`).
        let floor: u16 = min_gaps.iter().sum();
        let tight = avail
            .saturating_sub(min_left + floor + 1)
            .min(capped)
            .max(min_right);
        // Every label whole if some margins allow it; else the last lane's labels whole and
        // the arrows' labels a little cut; else the last lane's labels cut to a quarter of
        // the width (or `KEEP`), and the arrows' labels as whole as the rest allows.
        let found = [(left, whole), (min_left, whole)]
            .iter()
            .find_map(|t| spread(t, &want).filter(all_whole))
            .or_else(|| spread(&(min_left, whole), &want).filter(most))
            .or_else(|| spread(&(min_left, capped), &want))
            .or_else(|| spread(&(min_left, tight), &want))
            .or_else(|| spread(&(min_left, min_right), &want));
        if let Some((left, gaps)) = found {
            let mut x = x0 + left;
            let mut lanes = vec![x];
            for g in gaps {
                x += g;
                lanes.push(x);
            }
            return Some(Geometry { gutter, x0, lanes });
        }
    }
    None
}

/// Gaps sharing `inner` cells: each its `wanted` width plus an even share of what is left, or
/// when that is too much, its minimum plus a share in proportion to what it wanted beyond it.
fn spread(inner: u16, wanted: &[u16], min: &[u16]) -> Option<Vec<u16>> {
    if wanted.is_empty() {
        return Some(Vec::new());
    }
    let k = u32::try_from(wanted.len()).ok()?;
    let sum = |v: &[u16]| v.iter().map(|&g| u32::from(g)).sum::<u32>();
    let (inner32, want, floor) = (u32::from(inner), sum(wanted), sum(min));
    let gaps: Vec<u32> = if want <= inner32 {
        let extra = (inner32 - want) / k;
        wanted.iter().map(|&g| u32::from(g) + extra).collect()
    } else if floor <= inner32 {
        let (room, over) = (inner32 - floor, want - floor);
        wanted
            .iter()
            .zip(min)
            .map(|(&w, &m)| u32::from(m) + room * u32::from(w - m) / over.max(1))
            .collect()
    } else {
        return None;
    };
    gaps.into_iter().map(|g| u16::try_from(g).ok()).collect()
}
