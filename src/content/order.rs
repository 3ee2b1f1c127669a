//! Course order: where in the course a bank, scenario or lab first comes up. `list` and anything
//! else that lists the course's parts use it, so a learner reads them in the order the lessons
//! meet them rather than alphabetically (a bank, scenario or lab no lesson names comes last).

use super::Course;
use super::lesson::LinkKind;

/// A sort key: the index of the first lesson that names the item, then the place of that mention
/// in the lesson (a lesson's own `quiz:` bank counts after its body's links). Items no lesson
/// names sort after every named one.
pub type Rank = (usize, usize);

impl Course {
    /// Where `id` of `kind` first comes up in the lessons, in course order.
    #[must_use]
    pub fn rank(&self, kind: LinkKind, id: &str) -> Rank {
        for (i, lesson) in self.lessons.iter().enumerate() {
            if let Some(at) = lesson
                .links
                .iter()
                .position(|l| l.kind == kind && l.target == id)
            {
                return (i, at);
            }
            if kind == LinkKind::Quiz && lesson.quiz.as_deref() == Some(id) {
                return (i, lesson.links.len());
            }
        }
        (usize::MAX, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::lesson::{Lesson, Level, Link};

    fn lesson(id: &str, quiz: Option<&str>, links: &[(LinkKind, &str)]) -> Lesson {
        Lesson {
            id: id.into(),
            title: id.into(),
            summary: String::new(),
            level: Level::Beginner,
            requires: Vec::new(),
            quiz: quiz.map(Into::into),
            body: String::new(),
            links: links
                .iter()
                .map(|(kind, target)| Link {
                    kind: *kind,
                    target: (*target).into(),
                    line: 1,
                    col: 1,
                })
                .collect(),
            file: format!("{id}.md"),
        }
    }

    #[test]
    fn the_first_mention_wins_and_unnamed_items_come_last() {
        let course = Course {
            lessons: vec![
                lesson(
                    "a",
                    Some("qa"),
                    &[(LinkKind::Sim, "zeta"), (LinkKind::Lab, "l1")],
                ),
                lesson(
                    "b",
                    Some("qb"),
                    &[(LinkKind::Sim, "alpha"), (LinkKind::Sim, "zeta")],
                ),
            ],
            ..Course::default()
        };
        assert_eq!(course.rank(LinkKind::Sim, "zeta"), (0, 0));
        assert_eq!(course.rank(LinkKind::Sim, "alpha"), (1, 0));
        assert_eq!(course.rank(LinkKind::Quiz, "qa"), (0, 2));
        assert_eq!(course.rank(LinkKind::Quiz, "qb"), (1, 2));
        assert_eq!(course.rank(LinkKind::Sim, "never"), (usize::MAX, 0));
        assert!(course.rank(LinkKind::Sim, "zeta") < course.rank(LinkKind::Sim, "alpha"));
    }
}
