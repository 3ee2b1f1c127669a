//! Limits every YAML text must pass before serde sees it. yaml_serde expands aliases while it
//! deserializes and its parser slows down with the square of the flow nesting depth, and neither
//! can be configured: a 200 KB quiz file of nested aliases took 4 GB and an abort, and
//! `[[[…]]]` 100,000 deep took 37 s. So each text is first walked once by saphyr-parser's event
//! parser, which keeps nothing but a counter per open collection and one size per anchor, and is
//! refused at the first event over a limit:
//!
//! - at most [`MAX_DEPTH`] lists and mappings inside each other. saphyr itself is linear here:
//!   its scanner gives up past 255 flow levels (see [`scan_refusal`]), and below that each token
//!   costs at most one look at each open level. (Inside a flow collection it buffers tokens up to
//!   the collection's end, to know whether the collection is a mapping key: memory in proportion
//!   to the file, as yaml_serde's own event list is, and freed before serde runs.)
//! - aliases may add at most [`MAX_ALIAS_NODES`] nodes and [`MAX_ALIAS_BYTES`] bytes of scalar
//!   text to the document: every anchor's size is its subtree's size with the aliases in it
//!   expanded, and each alias adds its anchor's size;
//! - an alias may not point into the node that holds it, and a file holds one document.
//!
//! A syntax error saphyr finds is the file's syntax error: what is handed on is what saphyr
//! walked to the end.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError};

use super::source::MAX_FILE_BYTES;

/// Lists and mappings inside each other. The bundled content needs 5; yaml_serde gives up at 128.
pub const MAX_DEPTH: usize = 64;
/// Nodes that aliases may add to a document, all aliases together.
pub const MAX_ALIAS_NODES: u64 = 100_000;
/// Bytes of scalar text that aliases may add to a document: as much as a file may hold.
pub const MAX_ALIAS_BYTES: u64 = MAX_FILE_BYTES;

/// Why a text was refused, and where: `index` counts characters from the start of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub index: usize,
    pub message: String,
}

/// Size of a node with its aliases expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: u64,
    bytes: u64,
}

/// Walks `src` once and refuses it at the first syntax error or limit passed.
pub fn check(src: &str) -> Result<(), Refusal> {
    // Running totals with aliases expanded, and what aliases added to them.
    let mut total = Size::default();
    let mut added = Size::default();
    // One entry per open collection: its anchor (0 for none) and the totals before it.
    let mut open: Vec<(usize, Size)> = Vec::new();
    // Sizes of the anchors of this document whose node is complete.
    let mut anchors: HashMap<usize, Size> = HashMap::new();
    let mut documents = 0usize;
    for item in Parser::new_from_str(src) {
        let (event, span) = item.map_err(|e| scan_refusal(src, &e))?;
        let at = span.start.index();
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(refuse(at, "only one YAML document is allowed per file"));
                }
            }
            Event::Scalar(text, _, anchor, _) => {
                let size = Size {
                    nodes: 1,
                    bytes: text.len() as u64,
                };
                total.add(size);
                if anchor > 0 {
                    anchors.insert(anchor, size);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() == MAX_DEPTH {
                    return Err(refuse(at, depth_message()));
                }
                open.push((anchor, total));
                total.nodes += 1;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, before)) = open.pop()
                    && anchor > 0
                {
                    let size = Size {
                        nodes: total.nodes - before.nodes,
                        bytes: total.bytes - before.bytes,
                    };
                    anchors.insert(anchor, size);
                }
            }
            Event::Alias(id) => {
                let Some(&size) = anchors.get(&id) else {
                    return Err(refuse(
                        at,
                        format!(
                            "alias `{}` refers to the node it is part of",
                            alias_name(src, at)
                        ),
                    ));
                };
                total.add(size);
                added.add(size);
                if added.nodes > MAX_ALIAS_NODES {
                    return Err(refuse(
                        at,
                        format!(
                            "alias `{}` repeats too much: aliases may add at most {MAX_ALIAS_NODES} nodes to a file",
                            alias_name(src, at)
                        ),
                    ));
                }
                if added.bytes > MAX_ALIAS_BYTES {
                    return Err(refuse(
                        at,
                        format!(
                            "alias `{}` repeats too much: aliases may add at most {MAX_ALIAS_BYTES} bytes of text to a file",
                            alias_name(src, at)
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

impl Size {
    fn add(&mut self, other: Self) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

fn refuse(index: usize, message: impl Into<String>) -> Refusal {
    Refusal {
        index,
        message: message.into(),
    }
}

fn depth_message() -> String {
    format!("nesting is too deep: at most {MAX_DEPTH} lists and mappings may be inside each other")
}

/// saphyr's scanner refuses flow nesting past 255 levels with its own words, at the 256th level,
/// before it has emitted the events of the levels before (it looks ahead to the end of a flow
/// collection to know whether it is a mapping key). Say it like the depth limit, at the level that
/// passed it: the text up to saphyr's stop, walked again, reaches that level without the error.
fn scan_refusal(src: &str, e: &ScanError) -> Refusal {
    let index = e.marker().index();
    if e.info() != "recursion limit exceeded" {
        return refuse(index, format!("YAML syntax error: {}", e.info()));
    }
    let end = src.char_indices().nth(index).map_or(src.len(), |(i, _)| i);
    match check(&src[..end]) {
        Err(r) if r.message == depth_message() && r.index < index => r,
        _ => refuse(index, depth_message()),
    }
}

/// The `*name` that starts at character `index` of `src`, shortened if it is long.
fn alias_name(src: &str, index: usize) -> String {
    const MAX_CHARS: usize = 40;
    let name: String = src
        .chars()
        .skip(index)
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .take(MAX_CHARS + 1)
        .collect();
    if name.chars().count() > MAX_CHARS {
        let short: String = name.chars().take(MAX_CHARS).collect();
        format!("{short}…")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(src: &str) -> Refusal {
        check(src).expect_err("refused")
    }

    #[test]
    fn ordinary_yaml_passes() {
        let src = "a: &x [1, {b: 2}]\nc: *x\nd:\n  - e: |\n      text\n";
        assert_eq!(check(src), Ok(()));
    }

    /// 9 levels of 9 aliases: 9^8 copies of `[x]`. Anchor `l4` has 13,942 nodes; the aliases of
    /// lines 2 to 5 add 15,678, so the seventh `*l4` on line 6 crosses 100,000.
    #[test]
    fn alias_bomb_is_refused_at_the_alias() {
        let mut src = String::from("a0: &l0 [x]\n");
        for i in 1..9 {
            let refs = vec![format!("*l{}", i - 1); 9].join(", ");
            src.push_str(&format!("a{i}: &l{i} [{refs}]\n"));
        }
        let r = refused(&src);
        assert_eq!(
            r.message,
            "alias `*l4` repeats too much: aliases may add at most 100000 nodes to a file"
        );
        let line6: usize = src.lines().take(5).map(|l| l.len() + 1).sum();
        assert_eq!(r.index, line6 + "a5: &l5 [".len() + 6 * "*l4, ".len());
    }

    #[test]
    fn aliases_of_big_text_are_refused() {
        let big = "x".repeat(1 << 20);
        let src = format!("a: &t {big}\nb: [{}]\n", ["*t"; 9].join(", "));
        let r = refused(&src);
        assert!(r.message.contains("bytes of text"), "{r:?}");
        // The ninth alias crosses 8 MiB: one file's worth repeated is still allowed.
        assert_eq!(r.index, src.chars().count() - 4, "{r:?}");
    }

    #[test]
    fn self_reference_is_refused() {
        let r = refused("a: &a [1, *a]\n");
        assert_eq!(r.message, "alias `*a` refers to the node it is part of");
        assert_eq!(r.index, 10);
    }

    #[test]
    fn depth_is_capped_for_every_kind_of_nesting() {
        let n = 100_000;
        let flow_seq = format!("x: {}{}\n", "[".repeat(n), "]".repeat(n));
        let flow_map = format!("x: {}1{}\n", "{a: ".repeat(n), "}".repeat(n));
        let unclosed = format!("x: {}\n", "[".repeat(n));
        let block = format!("x:\n{}1\n", "- ".repeat(n));
        // Refused at the 65th collection: the top mapping is the first.
        let cases = [
            (&flow_seq, 3 + 63),
            (&flow_map, 3 + 63 * "{a: ".len()),
            (&unclosed, 3 + 63),
            (&block, 3 + 63 * "- ".len()),
        ];
        for (src, at) in cases {
            let r = refused(src);
            assert_eq!(r.message, depth_message(), "{r:?}");
            assert_eq!(r.index, at, "{}", &src[..20]);
        }
        // Exactly the limit is fine: the top mapping plus 63 lists.
        let ok = format!(
            "x: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(check(&ok), Ok(()));
        let over = format!("x: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(refused(&over).index, 3 + MAX_DEPTH - 1);
    }

    #[test]
    fn one_document_per_file() {
        let r = refused("a: 1\n---\nb: 2\n");
        assert_eq!(r.message, "only one YAML document is allowed per file");
        assert_eq!(r.index, 5);
    }

    #[test]
    fn syntax_errors_pass_through() {
        let r = refused("a: [1, 2\nb: 3\n");
        assert!(r.message.starts_with("YAML syntax error: "), "{r:?}");
        let r = refused("a: *nope\n");
        assert!(r.message.contains("unknown anchor"), "{r:?}");
    }
}
