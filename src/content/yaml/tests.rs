//! Unit tests of YAML with positions: the index of nodes and keys, line offsets, where syntax,
//! type, unknown-field and missing-field errors point, and the limits on every document.

use serde::Deserialize;

use super::*;

const SRC: &str = "bank: b\nquestions:\n  - id: q1\n    choices:\n      - text: a\n      - text: b\n        correct: yes\n";

#[test]
fn index_points_at_nodes_and_keys() {
    let doc = YamlDoc::parse("f.yaml", SRC, 0).unwrap();
    assert_eq!(doc.pos("bank"), (1, 7));
    assert_eq!(doc.key_pos("bank"), (1, 1));
    assert_eq!(doc.pos("questions[0]"), (3, 5));
    assert_eq!(doc.pos("questions[0].choices[1]"), (6, 9));
    assert_eq!(doc.key_pos("questions[0].choices[1].correct"), (7, 9));
    // Unknown paths fall back to the nearest ancestor.
    assert_eq!(doc.pos("questions[0].choices[1].nope"), (6, 9));
}

#[test]
fn line_offset_is_added() {
    let doc = YamlDoc::parse("l.md", "id: x\n", 1).unwrap();
    assert_eq!(doc.pos("id"), (2, 5));
}

#[test]
fn syntax_errors_have_a_position() {
    let err = YamlDoc::parse("f.yaml", "a: [1, 2\nb: 3\n", 0).unwrap_err();
    assert_eq!(err.file, "f.yaml");
    assert!(err.message.starts_with("YAML syntax error"), "{err}");
    assert!(err.line >= 1);
}

/// yaml_serde reads U+2028 as a line break where saphyr does not (YAML 1.1 against 1.2), so
/// this text passes the check and fails in serde. Its offset, not its line count, places it.
#[test]
fn serde_syntax_errors_count_lines_by_our_rule() {
    let err = YamlDoc::parse("f.yaml", "t: 1\na: x\u{2028}- y\n", 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "f.yaml:2:6: YAML syntax error: did not find expected key, while parsing a block mapping"
    );
}

#[test]
fn limits_apply_to_every_document() {
    let src = format!("a: {}\n", "[".repeat(100_000));
    let err = YamlDoc::parse("l.md", &src, 1).unwrap_err();
    assert_eq!((err.line, err.col), (2, 4 + 63), "{err}");
    assert!(err.message.starts_with("nesting is too deep"), "{err}");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Choice {
    text: String,
    #[serde(default)]
    correct: bool,
}

#[test]
fn type_errors_point_at_the_node() {
    let doc = YamlDoc::parse("f.yaml", SRC, 0).unwrap();
    let v = &doc.value()["questions"][0]["choices"][1];
    let err = doc
        .deserialize::<Choice>("questions[0].choices[1]", v)
        .unwrap_err();
    assert_eq!((err.line, err.col), (7, 18), "{err}");
}

#[test]
fn unknown_fields_point_at_the_key() {
    let src = "text: a\ncorect: true\n";
    let doc = YamlDoc::parse("f.yaml", src, 0).unwrap();
    let err = doc.deserialize::<Choice>("", doc.value()).unwrap_err();
    assert_eq!((err.line, err.col), (2, 1), "{err}");
    assert!(err.message.contains("unknown field `corect`"), "{err}");
}

#[test]
fn missing_fields_point_at_the_mapping() {
    let src = "x:\n  correct: true\n";
    let doc = YamlDoc::parse("f.yaml", src, 0).unwrap();
    let err = doc
        .deserialize::<Choice>("x", &doc.value()["x"])
        .unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(err.message.contains("missing field `text`"), "{err}");
}
