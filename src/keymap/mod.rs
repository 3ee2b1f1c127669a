//! Every key binding in one table ([`table::TABLE`]). The same table answers "what does this
//! key do here?", writes the help screen and the footer hints, and names keys in messages
//! ([`key_label`]), so they can never disagree with what the keys do. Every input reaches the
//! app as an [`Action`]: typing into a field is the `Type` action of a text-entry context
//! (search, a seed, a text answer), and a paste is [`Action::Paste`].
//!
//! Rows shared by several screens (scrolling, submitting an answer, abandoning a quiz) are
//! written once, in a [`Group`], and a context takes them in at the place they belong with a
//! `uses` row, so help and hints keep each screen's order.

mod lookup;
mod table;
#[cfg(test)]
mod tests;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub use lookup::{
    Hint, action, bindings, hints, key_label, key_label_for, keys_label, mouse_action,
};
pub use table::TABLE;

/// What a key asks the app to do. Handled in one place: [`crate::app::App::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    Back,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    NextLink,
    PrevLink,
    Toc,
    Search,
    NextMatch,
    PrevMatch,
    NextLesson,
    PrevLesson,
    /// Shift cut code and diagrams sideways in the reader.
    ScrollRight,
    ScrollLeft,
    // The simulation player.
    Play,
    StepForward,
    StepBack,
    Faster,
    Slower,
    Restart,
    NewSeed,
    TypeSeed,
    ToggleKey,
    ToggleStore,
    ToggleDrop,
    ToggleLoss,
    Compare,
    Predict,
    Stats,
    SwitchSide,
    // Quizzes.
    /// Pick, tick or select option N (0-based); the table binds it to the digit keys and
    /// [`action`] fills in which digit was pressed.
    Select(u8),
    Toggle,
    MoveItemUp,
    MoveItemDown,
    Submit,
    Next,
    Prev,
    Abandon,
    Confirm,
    ReviewMissed,
    RetakeMissed,
    RetakeAll,
    // Editing a line of text (a search, a number, a text answer).
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    // Labs.
    /// Open the lab's file in `$VISUAL`/`$EDITOR`.
    Edit,
    /// Reveal the next hint.
    Hint,
    /// Run the checks again.
    Recheck,
    /// Show the reference solution (after a confirmation if the lab is not done).
    Solution,
    // The `serve` dashboard.
    /// Switch the server's next fault knob: a crash at a seeded point.
    ToggleCrash,
    /// Switch the server's processing delay.
    ToggleDelay,
    /// Freeze the request log (requests keep being served and counted).
    PauseLog,
    /// A character typed into a field: the table binds it to [`Key::Printable`] or
    /// [`Key::Digit`], and [`action`] fills in the character.
    Type(char),
    /// Text pasted into the terminal (bracketed paste), for the field being typed in. Not in
    /// the table: the terminal sends it as one event.
    Paste(String),
}

/// Where a binding applies. `Global` bindings apply everywhere a more specific one does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Map,
    Lesson,
    /// Typing a search in a lesson.
    Search,
    /// The table of contents: a list to pick a heading from.
    Contents,
    /// A pop-up to read and close (help, notice).
    Popup,
    /// A glossary entry: its "see also" terms are links.
    Glossary,
    /// The simulation player.
    Sim,
    /// The player asks for a number (a seed, a prediction).
    SimInput,
    /// The player's statistics over many runs.
    SimStats,
    /// A quiz's start screen.
    QuizStart,
    /// A single-choice or true/false question.
    QuizPick,
    /// A multiple-choice question.
    QuizTick,
    /// An order question.
    QuizOrder,
    /// A text question: printable keys type into the answer.
    QuizText,
    /// Right or wrong, and why, after an answer.
    QuizFeedback,
    /// The summary at the end of a quiz.
    QuizEnd,
    /// Reading the missed questions again after a quiz.
    QuizWalk,
    /// "Abandon this quiz?"
    QuizConfirm,
    /// A lab: task, file, verdicts.
    Lab,
    /// "Show the solution before the lab is done?"
    LabConfirm,
    /// `idemlab probe` on a terminal: the checks and their verdicts.
    ProbeList,
    /// `idemlab probe` on a terminal: one check's history as a sequence diagram.
    ProbeHistory,
    /// The `idemlab serve` dashboard.
    Serve,
}

/// Rows several contexts share, written once in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// ↓/↑ scroll a text (lesson, pop-up, feedback, missed questions).
    Scrolling,
    /// Page keys of the quiz's reading screens.
    Paging,
    /// Enter submits an answer, on every kind of question.
    Submitting,
    /// Page keys scroll a long question.
    QuestionScrolling,
    /// q/Esc asks to abandon a quiz.
    Abandoning,
}

impl Context {
    /// The quiz contexts, in help-screen order.
    pub const QUIZ: [Self; 9] = [
        Self::QuizStart,
        Self::QuizPick,
        Self::QuizTick,
        Self::QuizOrder,
        Self::QuizText,
        Self::QuizFeedback,
        Self::QuizEnd,
        Self::QuizWalk,
        Self::QuizConfirm,
    ];

    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "Everywhere",
            Self::Map => "Course map",
            Self::Lesson => "Lesson",
            Self::Search => "Lesson, typing a search",
            Self::Contents => "Table of contents",
            Self::Popup => "Pop-ups (help, notices)",
            Self::Glossary => "Glossary entry",
            Self::Sim => "Simulation player",
            Self::SimInput => "Simulation player, typing a number",
            Self::SimStats => "Simulation statistics",
            Self::QuizStart => "Quiz: start",
            Self::QuizPick => "Quiz: choose one (single, true/false)",
            Self::QuizTick => "Quiz: choose several (multiple)",
            Self::QuizOrder => "Quiz: put in order",
            Self::QuizText => "Quiz: type the answer",
            Self::QuizFeedback => "Quiz: after an answer",
            Self::QuizEnd => "Quiz: summary",
            Self::QuizWalk => "Quiz: missed questions",
            Self::QuizConfirm => "Quiz: abandon?",
            Self::Lab => "Lab",
            Self::LabConfirm => "Lab: show the solution?",
            Self::ProbeList => "Probe results (idemlab probe on a terminal)",
            Self::ProbeHistory => "Probe: a check's history",
            Self::Serve => "Server dashboard (idemlab serve)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Shift+Tab (crossterm reports it as BackTab).
    BackTab,
    /// A named key with Shift held (Shift+↑). Put these before the plain key in a context:
    /// [`Key::Code`] ignores Shift.
    Shift(KeyCode),
    /// Any printable character typed without Ctrl or Alt (a text-entry context).
    Printable,
    /// A digit 0–9 typed without Ctrl or Alt (a number being typed).
    Digit,
    /// The mouse wheel turned up (away from the user), or down: not a key, but bound like one
    /// so the table says what it does ([`mouse_action`]).
    WheelUp,
    WheelDown,
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let plain = !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self {
            Self::Char(c) => !ctrl && ev.code == KeyCode::Char(c),
            Self::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Self::Code(code) => !ctrl && ev.code == code,
            Self::BackTab => ev.code == KeyCode::BackTab,
            Self::Shift(code) => {
                !ctrl && ev.modifiers.contains(KeyModifiers::SHIFT) && ev.code == code
            }
            Self::Printable => plain && matches!(ev.code, KeyCode::Char(c) if !c.is_control()),
            Self::Digit => plain && matches!(ev.code, KeyCode::Char(c) if c.is_ascii_digit()),
            Self::WheelUp | Self::WheelDown => false,
        }
    }

    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Char(' ') => "Space".into(),
            Self::Char(c) => c.to_string(),
            Self::Ctrl(c) => format!("Ctrl-{c}"),
            Self::BackTab => "Shift-Tab".into(),
            Self::Shift(code) => format!("Shift-{}", Self::Code(code).label()),
            Self::Printable => "any printable key".into(),
            Self::Digit => "0–9".into(),
            Self::WheelUp => "wheel up".into(),
            Self::WheelDown => "wheel down".into(),
            Self::Code(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }
}

/// One binding: keys, the action they ask for, and the words for help and the footer.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// What the binding does, for the help screen.
    pub help: &'static str,
    /// A short label for the footer, for the bindings worth showing there.
    pub hint: Option<&'static str>,
}

/// Where a row of the table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    In(Context),
    Shared(Group),
}

/// One row of the table: a binding, or a context taking in a group's bindings at this place.
#[derive(Debug)]
pub enum Row {
    Bind(Scope, Binding),
    Uses(Context, Group),
}
