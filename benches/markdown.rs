//! Lesson rendering speed: a 2,000-line lesson at width 100 (what the app renders on open and
//! on every resize), streaming a ~1.3 MB document (what `idemlab print` does), and an 8 MB table
//! of 1000 × 4000 one-letter cells (the reliability report's worst case, bounded by the
//! renderer's column, row and line limits) at the TUI's width and at width 1.
//!
//! Input is the real course lessons (front matter stripped) repeated, plus the renderer's
//! fixture so tables, quotes, alerts and nested lists are all exercised.

use std::hint::black_box;

use idemlab::markdown::{self, MdTheme, Options};

fn main() {
    divan::main();
}

/// The course lessons and the all-constructs fixture, front matter stripped.
fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "md"));
    paths.sort();
    let mut out = String::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let body = match text
            .strip_prefix("---\n")
            .and_then(|r| r.split_once("\n---\n"))
        {
            Some((_, body)) => body,
            None => &text,
        };
        out.push_str(body);
        out.push_str("\n\n");
    }
    out.push_str(include_str!("../tests/fixtures/markdown/all.md"));
    out.push_str("\n\n");
    out
}

/// `corpus` repeated until it has at least `lines` lines, cut at a blank line after that.
fn lesson(lines: usize) -> String {
    let corpus = corpus();
    let mut out = String::new();
    while out.lines().count() < lines {
        out.push_str(&corpus);
    }
    let cut = out
        .match_indices("\n\n")
        .map(|(i, _)| i)
        .find(|&i| out[..i].lines().count() >= lines)
        .unwrap_or(out.len());
    out.truncate(cut);
    out
}

fn big(bytes: usize) -> String {
    let corpus = corpus();
    let mut out = String::with_capacity(bytes + corpus.len());
    while out.len() < bytes {
        out.push_str(&corpus);
    }
    out
}

fn opts(theme: MdTheme) -> Options {
    Options {
        width: 100,
        theme,
        link_targets: false,
    }
}

#[divan::bench]
fn render_2000_line_lesson_w100(bencher: divan::Bencher) {
    let src = lesson(2000);
    let o = opts(MdTheme::colored());
    bencher.bench(|| markdown::render(black_box(&src), &o));
}

#[divan::bench(sample_count = 10)]
fn stream_1_3_mb_w100(bencher: divan::Bencher) {
    let src = big(1_300_000);
    let o = Options {
        link_targets: true,
        ..opts(MdTheme::plain())
    };
    bencher.bench(|| {
        let mut out = Vec::with_capacity(64 * 1024);
        let mut bytes = 0;
        markdown::render_each(black_box(&src), &o, &mut |line| {
            out.clear();
            let _ = markdown::write_ansi(&mut out, &line, false);
            bytes += out.len();
        });
        bytes
    });
}

/// A GFM table of `cols` × `rows` one-letter cells (8 MB at 1000 × 4000).
fn table(cols: usize, rows: usize) -> String {
    let mut out = String::with_capacity((cols * 2 + 2) * (rows + 2));
    for cell in ["h", "-"].into_iter().chain(std::iter::repeat_n("c", rows)) {
        out.push('|');
        for _ in 0..cols {
            out.push_str(cell);
            out.push('|');
        }
        out.push('\n');
    }
    out
}

#[divan::bench(sample_count = 5, args = [80, 1])]
fn render_8_mb_table(bencher: divan::Bencher, width: u16) {
    let src = table(1000, 4000);
    let o = Options {
        width,
        ..opts(MdTheme::colored())
    };
    bencher.bench(|| markdown::render(black_box(&src), &o).lines.len());
}
