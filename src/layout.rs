//! Sizes shared by the app (which wraps lesson text to the width it will get) and the screens
//! (which draw it there), so both always agree.

/// Below this the app shows a "please enlarge" screen instead of a cramped one.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;
/// Longest comfortable reading line.
pub const MAX_TEXT_WIDTH: u16 = 100;

/// Columns and rows of lesson text on a terminal of `width` x `height`: one header and one footer
/// row, two columns of margin on the left, a scrollbar and a margin on the right.
#[must_use]
pub fn lesson_text_size(width: u16, height: u16) -> (u16, usize) {
    let w = width.saturating_sub(4).clamp(1, MAX_TEXT_WIDTH);
    let h = usize::from(height.saturating_sub(2).max(1));
    (w, h)
}

#[must_use]
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}
