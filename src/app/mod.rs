//! Application state (being built).
use crate::cli::Global;
use crate::content::Course;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Resume,
    Lesson(String),
}

pub struct App {
    pub course: Course,
    pub start: Start,
    pub monochrome: bool,
}

impl App {
    #[must_use]
    pub fn new(course: Course, g: &Global, start: Start) -> Self {
        Self {
            course,
            start,
            monochrome: g.monochrome(),
        }
    }
}
