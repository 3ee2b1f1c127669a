//! Unit tests of the wrapper: greedy words, broken long words, clusters and wide characters,
//! styles and link placements across a word, `wrap_lines` keeping spaces, and `measure`.

use super::*;
use ratatui::style::{Modifier, Style};

fn plain(lines: &[WLine]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

fn wrap_str(s: &str, w: usize) -> Vec<String> {
    let mut i = Inline::default();
    i.push(s, Style::new(), None);
    let mut lines = Vec::new();
    assert!(!wrap(&i, w, usize::MAX, &mut lines, &mut Vec::new()));
    for l in &lines {
        assert!(l.width <= w);
        assert_eq!(l.width, l.spans.iter().map(Span::width).sum::<usize>());
    }
    plain(&lines)
}

#[test]
fn greedy_words() {
    assert_eq!(wrap_str("aa bb cc dd", 5), ["aa bb", "cc dd"]);
    assert_eq!(wrap_str("aa  bb   cc", 80), ["aa bb cc"]);
    assert_eq!(wrap_str("  lead", 80), ["lead"]);
}

#[test]
fn long_words_are_broken() {
    assert_eq!(wrap_str("ab abcdefgh", 4), ["ab", "abcd", "efgh"]);
    assert_eq!(wrap_str("x", 1), ["x"]);
}

#[test]
fn wide_chars_and_clusters() {
    assert_eq!(str_width("日本語"), 6);
    assert_eq!(wrap_str("日本語", 4), ["日本", "語"]);
    assert_eq!(wrap_str("日", 1), ["…"]);
    // e + combining acute stays together; the ZWJ family is one 2-cell cluster.
    assert_eq!(
        wrap_str("e\u{301}e\u{301}e\u{301}", 2),
        ["e\u{301}e\u{301}", "e\u{301}"]
    );
    let family = "👨\u{200D}👩\u{200D}👧";
    assert_eq!(Clusters::new(family).count(), 1);
    assert_eq!(wrap_str(&format!("{family}{family}"), 3), [family, family]);
    assert_eq!(clip("日本語", 5), ("日本", 4));
    assert_eq!(
        Clusters::new("👍🏽🇫🇷").map(|(c, _)| c).collect::<Vec<_>>(),
        ["👍🏽", "🇫🇷"]
    );
}

#[test]
fn styles_across_a_word_and_link_placements() {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut i = Inline::default();
    i.push("see ", Style::new(), None);
    i.push("the retry", bold, Some(0));
    i.push("ing sim now", Style::new(), None);
    let mut lines = Vec::new();
    let mut links = Vec::new();
    wrap(&i, 9, usize::MAX, &mut lines, &mut links);
    assert_eq!(plain(&lines), ["see the", "retrying", "sim now"]);
    assert_eq!(lines[1].spans[0].style, bold);
    assert_eq!(
        links,
        [
            Placement {
                line: 0,
                link: 0,
                col: 4,
                width: 3
            },
            Placement {
                line: 1,
                link: 0,
                col: 0,
                width: 5
            },
        ]
    );
}

#[test]
fn styled_lines_keep_their_spaces_and_style() {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let lines = [
        Line::from(vec![
            Span::raw("  1  see "),
            Span::styled("the retry", bold),
        ]),
        Line::default(),
        Line::from("x"),
    ];
    let rows = wrap_lines(&lines, 10);
    let text: Vec<String> = rows
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert_eq!(text, ["  1  see", "the retry", "", "x"]);
    assert!(rows.iter().all(|l| l.width() <= 10));
    assert_eq!(rows[1].spans[0].style, bold);
    // A box sized by the rows is exactly as tall as what it draws.
    assert_eq!(wrap_lines(&lines, 80).len(), 3);
    assert_eq!(wrap_lines(&[Line::from("abcdef")], 0).len(), 6);
    // The lessons' wrapper still collapses spaces.
    assert_eq!(wrap_str("  a  b", 80), ["a b"]);
}

#[test]
fn measure_counts_widest_line_and_word() {
    let mut i = Inline::default();
    i.push("ab cdef", Style::new(), None);
    i.hard_break();
    i.push("x", Style::new(), None);
    assert_eq!(measure(&i), (7, 4));
}
