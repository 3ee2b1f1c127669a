//! What a link opens, seen from its destination, so the reader can tell a glossary term from a
//! simulation before following it (issue 12): each kind has a one-cell marker drawn in front of
//! the link's text and, in colour, a style of its own. The marker carries the meaning; the
//! colour only repeats it (NO_COLOR keeps the markers).
//!
//! The schemes are the content format's (`lesson:`, `term:`, `sim:`, `quiz:`, `lab:`); the
//! renderer sits below `content`, so it reads the prefix itself.

/// The kind of a link, by its destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    Lesson,
    Term,
    Sim,
    Quiz,
    Lab,
    /// Anything else: a web address, mail. The app does not open these.
    Web,
}

impl LinkKind {
    /// Every kind, in the order the legend lists them.
    pub const ALL: [Self; 6] = [
        Self::Lesson,
        Self::Term,
        Self::Sim,
        Self::Quiz,
        Self::Lab,
        Self::Web,
    ];

    /// The kind of `url` and the id after its scheme (the whole URL for [`LinkKind::Web`]).
    #[must_use]
    pub fn of(url: &str) -> (Self, &str) {
        const SCHEMES: [(&str, LinkKind); 5] = [
            ("lesson:", LinkKind::Lesson),
            ("term:", LinkKind::Term),
            ("sim:", LinkKind::Sim),
            ("quiz:", LinkKind::Quiz),
            ("lab:", LinkKind::Lab),
        ];
        for (scheme, kind) in SCHEMES {
            if let Some(id) = url.strip_prefix(scheme) {
                return (kind, id);
            }
        }
        (Self::Web, url)
    }

    /// The one-cell marker drawn before the link's text.
    #[must_use]
    pub fn marker(self) -> &'static str {
        match self {
            Self::Lesson => "»",
            Self::Term => "ⓘ",
            Self::Sim => "▶",
            Self::Quiz => "?",
            Self::Lab => "✎",
            Self::Web => "↗",
        }
    }

    /// The kind in words, as a reader says it ("simulation").
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Self::Lesson => "lesson",
            Self::Term => "glossary",
            Self::Sim => "simulation",
            Self::Quiz => "quiz",
            Self::Lab => "lab",
            Self::Web => "web page",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width::str_width;

    #[test]
    fn kinds_by_scheme_and_markers_are_one_distinct_cell() {
        assert_eq!(LinkKind::of("sim:retry"), (LinkKind::Sim, "retry"));
        assert_eq!(LinkKind::of("term:key"), (LinkKind::Term, "key"));
        assert_eq!(LinkKind::of("https://x"), (LinkKind::Web, "https://x"));
        assert_eq!(LinkKind::of("simulation"), (LinkKind::Web, "simulation"));
        let marks: Vec<&str> = LinkKind::ALL.iter().map(|k| k.marker()).collect();
        for (i, m) in marks.iter().enumerate() {
            assert_eq!(str_width(m), 1, "{m}");
            assert!(!marks[..i].contains(m), "{m} twice");
        }
    }
}
