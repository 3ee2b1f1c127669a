//! Big or degenerate lessons render in bounded memory and time: tables keep a limited number of
//! columns and rows, a giant word is broken over a limited number of lines, and one rendering
//! stops at a line budget. Each limit leaves a visible note, and what is shown is the start of
//! the content, in order.

use idemlab::markdown::{self, MAX_COLS, MAX_LINES, MAX_ROWS, MdTheme, Options, WORD_LINES};
use ratatui::text::Line;

fn lines(src: &str, width: u16) -> Vec<String> {
    let opts = Options {
        width,
        theme: MdTheme::plain(),
        link_targets: true,
    };
    let r = markdown::render(src, &opts);
    assert_eq!(r.lines.len(), r.offsets.len());
    for l in &r.lines {
        assert!(l.width() <= usize::from(width), "{l:?} wider than {width}");
    }
    r.lines.iter().map(line_text).collect()
}

fn line_text(l: &Line<'_>) -> String {
    l.spans.iter().map(|s| s.content.as_ref()).collect()
}

fn table(cols: usize, rows: usize) -> String {
    let head: String = (0..cols).map(|j| format!("h{j}|")).collect();
    let body: String = (0..rows)
        .map(|i| {
            let cells: String = (0..cols).map(|j| format!("r{i}c{j}|")).collect();
            format!("|{cells}\n")
        })
        .collect();
    format!("|{head}\n|{}\n{body}", "-|".repeat(cols))
}

#[test]
fn a_huge_table_keeps_its_first_columns_and_rows_and_says_what_is_left_out() {
    let src = table(MAX_COLS + 8, MAX_ROWS + 200);
    // At width 1 every cell is a column of single characters: the line budget ends it.
    let narrow = lines(&src, 1);
    assert!(narrow.len() <= MAX_LINES + 4, "{}", narrow.len());
    assert_eq!(narrow[..4], ["h", "0", ":", "r"]);
    for width in [37, 200] {
        let out = lines(&src, width);
        let all = out.join("\n");
        let last = MAX_COLS - 1;
        assert!(all.contains(&format!("r0c{last}")), "width {width}");
        assert!(!all.contains(&format!("c{MAX_COLS}")), "width {width}");
        let last_row = MAX_ROWS - 1;
        assert!(all.contains(&format!("r{last_row}c0")), "width {width}");
        assert!(!all.contains(&format!("r{MAX_ROWS}c")), "width {width}");
        // The note may wrap; its words are all there.
        let words = all.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.ends_with("… 200 more rows and 8 more columns not shown"),
            "width {width}: {}",
            out[out.len().saturating_sub(3)..].join("|")
        );
    }
    let wide = lines(&src, 200).join("\n");
    assert!(wide.contains("… 200 more rows and 8 more columns not shown"));
}

#[test]
fn a_table_within_the_limits_is_shown_whole() {
    let src = table(4, 30);
    let out = lines(&src, 80);
    assert_eq!(out.len(), 32, "{out:?}");
    assert!(out.iter().all(|l| !l.contains("not shown")));
}

#[test]
fn one_giant_word_is_broken_over_a_bounded_number_of_lines() {
    let word = "x".repeat(1_000_000);
    for width in [1, 2, 37] {
        let out = lines(&format!("before {word} after"), width);
        let broken = out.iter().filter(|l| l.starts_with('x')).count();
        assert!(broken <= WORD_LINES, "width {width}: {broken}");
        assert!(out.iter().any(|l| l.starts_with('…')), "width {width}");
        // The text after the word is still there.
        let tail: String = out[out.len().saturating_sub(5)..].concat();
        assert!(tail.ends_with("after"), "width {width}: {tail}");
    }
    // A long word that fits in the allowed lines is kept whole.
    let url = "y".repeat(300);
    let out = lines(&url, 40);
    assert_eq!(out.concat(), url);
}

#[test]
fn one_rendering_stops_at_the_line_budget_with_a_note() {
    let src = "word\n\n".repeat(MAX_LINES);
    let out = lines(&src, 80);
    assert!(out.len() <= MAX_LINES + 4, "{}", out.len());
    assert!(out.len() >= MAX_LINES, "{}", out.len());
    assert!(out[..MAX_LINES].iter().all(|l| l.is_empty() || l == "word"));
    let tail = out[MAX_LINES..].join(" ");
    assert!(
        tail.contains("the rest of this lesson is not shown"),
        "{tail}"
    );
    // The same in the streaming renderer `print` uses.
    let mut n = 0;
    let opts = Options {
        width: 80,
        theme: MdTheme::plain(),
        link_targets: true,
    };
    markdown::render_each(&src, &opts, &mut |_| n += 1);
    assert_eq!(n, out.len());
}

#[test]
fn a_long_code_block_stops_at_the_line_budget() {
    let src = format!("```\n{}```\n", "let x = 1;\n".repeat(MAX_LINES + 10));
    let out = lines(&src, 80);
    assert!(out.len() <= MAX_LINES + 4, "{}", out.len());
    assert_eq!(out[MAX_LINES - 1].trim(), "let x = 1;");
    let tail = out[MAX_LINES..].join(" ");
    assert!(
        tail.contains("the rest of this lesson is not shown"),
        "{tail}"
    );
}
