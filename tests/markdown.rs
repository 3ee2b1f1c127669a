//! The lesson Markdown renderer: snapshots of a fixture using every construct at 80, 40 and 20
//! columns, targeted layout asserts, a few style asserts, and properties over arbitrary input.

use idemlab::markdown::{self, MdTheme, Options, Rendered};
use proptest::prelude::*;
use ratatui::style::{Color, Modifier};
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

const ALL: &str = include_str!("fixtures/markdown/all.md");

fn opts(width: u16) -> Options {
    Options {
        width,
        theme: MdTheme::plain(),
        link_targets: false,
    }
}

fn render(src: &str, width: u16) -> Rendered {
    markdown::render(src, &opts(width))
}

fn line_text(l: &Line<'_>) -> String {
    l.spans.iter().map(|s| s.content.as_ref()).collect()
}

fn text(r: &Rendered) -> String {
    r.lines.iter().map(line_text).collect::<Vec<_>>().join("\n")
}

fn lines(src: &str, width: u16) -> Vec<String> {
    render(src, width).lines.iter().map(line_text).collect()
}

/// The text of `line` between cell columns `col` and `col + width`.
fn cells(line: &str, col: usize, width: usize) -> String {
    let mut x = 0;
    let mut out = String::new();
    for c in line.chars() {
        let w = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        if x >= col && x + w <= col + width {
            out.push(c);
        }
        x += w;
    }
    out
}

/// Invariants every rendering must keep.
fn check(r: &Rendered, width: u16) {
    assert_eq!(r.lines.len(), r.offsets.len());
    assert!(
        r.offsets.windows(2).all(|w| w[0] <= w[1]),
        "offsets decrease"
    );
    for l in &r.lines {
        assert!(
            l.width() <= usize::from(width.max(1)),
            "{:?} wider than {width}",
            line_text(l)
        );
        for s in &l.spans {
            assert!(
                !s.content.chars().any(|c| c.is_control()),
                "control char in {:?}",
                s.content
            );
        }
    }
}

#[test]
fn snapshots_of_every_construct() {
    for width in [80, 40, 20] {
        let r = render(ALL, width);
        check(&r, width);
        insta::assert_snapshot!(format!("all_{width}"), text(&r));
    }
}

#[test]
fn snapshot_with_link_targets_in_color() {
    let o = Options {
        width: 60,
        theme: MdTheme::colored(),
        link_targets: true,
    };
    let src = "See [the retry sim](sim:retry-with-key), <https://example.com>, ![d](d.png).";
    let r = markdown::render(src, &o);
    check(&r, 60);
    insta::assert_snapshot!("link_targets_60", text(&r));
}

#[test]
fn list_items_have_a_hanging_indent() {
    let out = lines(
        "- one two three four five six seven\n  - alpha beta gamma delta epsilon\n\n\
         10. ten eleven twelve thirteen",
        16,
    );
    assert_eq!(
        out,
        [
            "• one two three",
            "  four five six",
            "  seven",
            "  ◦ alpha beta",
            "    gamma delta",
            "    epsilon",
            "",
            "10. ten eleven",
            "    twelve",
            "    thirteen",
        ]
    );
}

#[test]
fn loose_and_tight_lists_are_spaced_differently() {
    assert_eq!(lines("- a\n- b", 20), ["• a", "• b"]);
    assert_eq!(lines("- a\n\n- b", 20), ["• a", "", "• b"]);
    assert_eq!(lines("3. a\n4. b", 20), ["3. a", "4. b"]);
    assert_eq!(lines("-\n- b", 20), ["•", "• b"]);
}

#[test]
fn every_quote_line_has_its_bar() {
    let src = "> one two three four five six seven eight\n>\n> > nine ten eleven twelve thirteen";
    let out = lines(src, 16);
    assert!(out.len() > 5);
    for l in &out {
        assert!(l.starts_with('│'), "{l:?}");
    }
    assert!(out.iter().filter(|l| l.starts_with("│ │ ")).count() >= 2);
    assert!(
        out.contains(&"│".to_owned()),
        "blank line inside the quote keeps its bar"
    );
}

#[test]
fn code_is_clipped_not_wrapped() {
    let src =
        "```\nlet x = some_function_with_a_long_name(argument_one, argument_two);\nshort\n```";
    for width in [30, 12, 3, 1] {
        let r = render(src, width);
        check(&r, width);
        let out: Vec<String> = r.lines.iter().map(line_text).collect();
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].ends_with('→'), "{out:?}");
        if width >= 3 {
            assert!(out[1].trim_start().starts_with("sh"), "{out:?}");
        }
    }
    assert_eq!(lines("```\n\tx\n```", 40), ["        x"]);
    // A diagram that fits with a smaller indent gets it rather than being clipped.
    let diagram = format!("```text\n{}\n```", "-".repeat(77));
    assert_eq!(lines(&diagram, 80), [format!("  {}", "-".repeat(77))]);
}

#[test]
fn narrow_tables_become_a_list() {
    let src = "| name | meaning of the column |\n|---|---:|\n| key | one per operation |";
    let wide = lines(src, 40);
    assert_eq!(
        wide,
        [
            "name │ meaning of the column",
            "─────┼──────────────────────",
            "key  │     one per operation",
        ]
    );
    let narrow = lines(src, 12);
    assert!(narrow.iter().all(|l| !l.contains('│')), "{narrow:?}");
    assert_eq!(narrow[0], "name: key");
    assert!(narrow[1].starts_with("meaning of"), "{narrow:?}");
    assert!(
        narrow[2..].iter().all(|l| l.starts_with("  ")),
        "{narrow:?}"
    );
}

#[test]
fn table_cells_wrap_within_their_column() {
    let src = "| a | b |\n|---|---|\n| short | a cell with several words in it |";
    let r = render(src, 24);
    check(&r, 24);
    let out: Vec<String> = r.lines.iter().map(line_text).collect();
    assert!(out.len() > 3, "{out:?}");
    let bar = out[0].find('│');
    assert!(
        out.iter()
            .filter(|l| l.contains('│'))
            .all(|l| l.find('│') == bar)
    );
}

#[test]
fn link_spans_cover_the_link_text_on_screen() {
    let src = "Some words and then [a link whose text wraps over lines](sim:x) and \
               [日本語のリンク](term:y), also in a table:\n\n| k | v |\n|---|---|\n| x | [z](term:z) |";
    for width in [80, 30, 14, 7] {
        let r = render(src, width);
        check(&r, width);
        assert_eq!(r.links.len(), 3);
        for link in &r.links {
            assert!(!link.spans.is_empty());
            let on_screen: Vec<String> = link
                .spans
                .iter()
                .map(|s| {
                    cells(
                        &line_text(&r.lines[s.line]),
                        usize::from(s.col),
                        usize::from(s.width),
                    )
                })
                .collect();
            // The kind's marker is part of the link on screen (the focus covers it).
            let strip = |s: &str| s.replace([' ', '\u{a0}'], "");
            assert_eq!(
                strip(&on_screen.concat()),
                strip(&format!("{}{}", link.kind.marker(), link.text)),
                "width {width}"
            );
            assert!(
                on_screen
                    .iter()
                    .all(|s| !s.starts_with(' ') && !s.ends_with(' '))
            );
        }
        assert_eq!(r.links[0].url, "sim:x");
        assert_eq!(r.links[2].text, "z");
    }
}

#[test]
fn headings_point_at_their_lines() {
    for width in [80, 40, 20] {
        let r = render(ALL, width);
        assert_eq!(r.headings.len(), 4);
        for h in &r.headings {
            let first_word = h.text.split(' ').next().unwrap_or_default();
            assert!(
                line_text(&r.lines[h.line]).contains(first_word),
                "{h:?} at {width}"
            );
        }
        assert_eq!(r.headings[0].level, 1);
        assert_eq!(r.headings[1].text, "Lists");
    }
}

#[test]
fn headings_stand_out_in_plain_text() {
    assert_eq!(
        lines("# Title\n\n## Sub\n\n### Deep", 40),
        ["Title", "═════", "", "Sub", "───", "", "### Deep"]
    );
}

#[test]
fn offsets_restore_a_reading_position() {
    let wide = render(ALL, 80);
    let narrow = render(ALL, 20);
    let h = &wide.headings[2];
    let offset = wide.offsets[h.line];
    let line = narrow.line_at_offset(offset);
    assert_eq!(line, narrow.headings[2].line);
}

#[test]
fn render_each_streams_the_same_lines() {
    for width in [80, 20] {
        let mut streamed = Vec::new();
        markdown::render_each(ALL, &opts(width), &mut |l| streamed.push(l));
        assert_eq!(streamed, render(ALL, width).lines);
    }
}

#[test]
fn control_characters_never_reach_the_output() {
    let src = "a\x1b[31mred\x07 `c\x1b]0;t\x07` <b\x1b>\n\n```\n\x1b[2J\u{9b}x\u{202e}\n```\n\n\
               <div>\x1b[1m</div>\n\n[l\x1b](u\x1b)";
    for width in [80, 5] {
        let r = render(src, width);
        check(&r, width);
        assert!(r.links.iter().all(|l| !l.url.contains('\x1b')));
        assert!(!text(&r).contains('\u{202e}'));
    }
}

#[test]
fn images_and_html_are_literal() {
    assert_eq!(lines("![a diagram](x.png)", 40), ["[image: a diagram]"]);
    assert_eq!(lines("x <b>y</b>", 40), ["x <b>y</b>"]);
    assert_eq!(lines("---", 5), ["─────"]);
}

#[test]
fn alerts_get_a_label() {
    assert_eq!(lines("> [!NOTE]\n> Read me.", 40), ["│ Note", "│ Read me."]);
}

// ----- styles ---------------------------------------------------------------------------------

fn styled(src: &str, theme: MdTheme) -> Rendered {
    markdown::render(
        src,
        &Options {
            width: 60,
            theme,
            link_targets: true,
        },
    )
}

#[test]
fn strong_is_bold_and_links_are_underlined() {
    let r = styled("**bold** [l](x)", MdTheme::colored());
    let spans = &r.lines[0].spans;
    assert_eq!(spans[0].content, "bold");
    assert!(spans[0].style.add_modifier.contains(Modifier::BOLD));
    let link = spans.iter().find(|s| s.content == "l").expect("link span");
    assert!(link.style.add_modifier.contains(Modifier::UNDERLINED));
    assert_eq!(
        styled("`c`", MdTheme::colored()).lines[0].spans[0].content,
        "c"
    );
}

#[test]
fn monochrome_has_no_colors_and_plain_no_styles() {
    let no_color = |c: Option<Color>| matches!(c, None | Some(Color::Reset));
    for l in styled(ALL, MdTheme::monochrome()).lines {
        for s in &l.spans {
            assert!(no_color(s.style.fg) && no_color(s.style.bg), "{s:?}");
        }
    }
    let mono = styled("*e* **s**", MdTheme::monochrome());
    assert!(
        mono.lines[0]
            .spans
            .iter()
            .any(|s| s.style.add_modifier.contains(Modifier::ITALIC))
    );
    for l in styled(ALL, MdTheme::plain()).lines {
        for s in &l.spans {
            assert_eq!(s.style, ratatui::style::Style::new(), "{s:?}");
        }
    }
    let plain = styled("`c` **s** _e_ ~~x~~", MdTheme::plain());
    assert_eq!(line_text(&plain.lines[0]), "`c` **s** _e_ ~~x~~");
}

// ----- write_ansi -----------------------------------------------------------------------------

fn ansi(r: &Rendered, styled: bool) -> String {
    let mut out = Vec::new();
    for l in &r.lines {
        markdown::write_ansi(&mut out, l, styled).expect("write to a Vec");
    }
    String::from_utf8(out).expect("UTF-8")
}

/// True if every ESC in `s` starts an SGR sequence (`ESC [ digits/; m`).
fn only_sgr(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        let after = &rest[i + 1..];
        let Some(body) = after.strip_prefix('[') else {
            return false;
        };
        let end = body.find(|c: char| !(c.is_ascii_digit() || c == ';'));
        match end {
            Some(e) if body[e..].starts_with('m') => rest = &body[e + 1..],
            _ => return false,
        }
    }
    true
}

#[test]
fn write_ansi_plain_has_no_escapes_and_styled_only_sgr() {
    let src = format!("{ALL}\n\nHostile: \x1b]8;;http://x\x07link\x1b]8;;\x07 \x1b[2J");
    let r = styled(&src, MdTheme::colored());
    let plain = ansi(&r, false);
    assert!(!plain.contains('\x1b'));
    assert_eq!(plain.lines().count(), r.lines.len());
    let colored = ansi(&r, true);
    assert!(colored.contains("\x1b[1m"));
    assert!(only_sgr(&colored));
    assert!(!colored.contains('\x07'));
    assert!(!only_sgr("\x1b]0;x\x07") && !only_sgr("\x1b[2J") && only_sgr("a\x1b[1;38;5;3mb"));
}

// ----- properties -----------------------------------------------------------------------------

fn markdownish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "#", "*", "_", "`", ">", "-", "|", "[", "]", "(", ")", "\n", " ", "x", "yy", "1", "2.",
        "日本", "👍🏽", "e\u{301}", "\t", "~", "!", "<", "\u{1b}", "```", "    ", "\n\n", "---",
    ]);
    prop::collection::vec(atoms, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_renders_within_width(src in any::<String>(), width in 1u16..200) {
        check(&render(&src, width), width);
    }

    #[test]
    fn markdownish_text_renders_within_width(src in markdownish(), width in 1u16..200) {
        let r = render(&src, width);
        check(&r, width);
        let styled = markdown::render(&src, &Options {
            width, theme: MdTheme::colored(), link_targets: true,
        });
        check(&styled, width);
        for link in &styled.links {
            for s in &link.spans {
                prop_assert!(s.line < styled.lines.len());
                prop_assert!(usize::from(s.col) + usize::from(s.width) <= usize::from(width));
            }
        }
    }

    #[test]
    fn paragraph_words_are_kept_in_order(
        words in prop::collection::vec("[a-z]{1,12}|日本語|[0-9]{1,30}", 1..40),
        width in 1u16..200,
    ) {
        let src = words.join(" ");
        let out: String = lines(&src, width).concat();
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        if width >= 2 {
            prop_assert_eq!(strip(&out), strip(&src));
        }
    }
}

#[test]
fn deep_nesting_and_wide_tables_stay_in_bounds() {
    let quotes = format!("{} deep text that wraps around", ">".repeat(60));
    let lists: String = (0..30)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect();
    let cols = 40;
    let table = format!(
        "|{}\n|{}\n|{}",
        "head|".repeat(cols),
        "---|".repeat(cols),
        "cell value|".repeat(cols)
    );
    for src in [quotes, lists, table] {
        for width in [1, 2, 5, 13, 40, 200] {
            check(&render(&src, width), width);
        }
    }
}
