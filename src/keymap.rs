//! Every key binding in one table. The same table answers "what does this key do here?", writes
//! the help screen and the footer hints, so they can never disagree with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key asks the app to do. Handled in one place: [`crate::app::App::update`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    /// A character typed into a text field (not in the table: any printable key).
    Type(char),
}

/// Where a binding applies. `Global` bindings apply everywhere a more specific one does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Map,
    Lesson,
    /// The table of contents: a list to pick a heading from.
    Contents,
    /// A pop-up to read and close (help, glossary entry, notice).
    Popup,
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
            Self::Contents => "Table of contents",
            Self::Popup => "Pop-ups (help, glossary, notices)",
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
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Self::Char(c) => !ctrl && ev.code == KeyCode::Char(c),
            Self::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Self::Code(code) => !ctrl && ev.code == code,
            Self::BackTab => ev.code == KeyCode::BackTab,
            Self::Shift(code) => {
                !ctrl && ev.modifiers.contains(KeyModifiers::SHIFT) && ev.code == code
            }
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

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the binding does, for the help screen.
    pub help: &'static str,
    /// A short label for the footer, for the bindings worth showing there.
    pub hint: Option<&'static str>,
}

use Key::{BackTab, Char, Code, Ctrl, Shift};

/// The digit keys that pick an option by its number.
const DIGITS: &[Key] = &[
    Char('1'),
    Char('2'),
    Char('3'),
    Char('4'),
    Char('5'),
    Char('6'),
    Char('7'),
    Char('8'),
];

/// The table. Order is the order of the help screen and of footer hints.
pub const BINDINGS: &[Binding] = &[
    Binding {
        context: Context::Map,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "previous row",
        hint: None,
    },
    Binding {
        context: Context::Map,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "next row",
        hint: Some("move"),
    },
    Binding {
        context: Context::Map,
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "next page of the details",
        hint: None,
    },
    Binding {
        context: Context::Map,
        keys: &[Code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "previous page of the details",
        hint: None,
    },
    Binding {
        context: Context::Map,
        keys: &[Code(KeyCode::Home), Char('g')],
        action: Action::Top,
        help: "first row",
        hint: None,
    },
    Binding {
        context: Context::Map,
        keys: &[Code(KeyCode::End), Char('G')],
        action: Action::Bottom,
        help: "last lesson",
        hint: None,
    },
    Binding {
        context: Context::Map,
        keys: &[Code(KeyCode::Enter), Code(KeyCode::Right), Char('l')],
        action: Action::Open,
        help: "open the lesson, quiz, sim or review",
        hint: Some("open"),
    },
    Binding {
        context: Context::Map,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Quit,
        help: "quit",
        hint: Some("quit"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "scroll down",
        hint: Some("scroll"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "scroll up",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::PageDown), Char(' '), Ctrl('d')],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::PageUp), Char('b'), Ctrl('u')],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::Home), Char('g')],
        action: Action::Top,
        help: "go to the start",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::End), Char('G')],
        action: Action::Bottom,
        help: "go to the end",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::Tab)],
        action: Action::NextLink,
        help: "focus the next link",
        hint: Some("links"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[BackTab],
        action: Action::PrevLink,
        help: "focus the previous link",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Open,
        help: "follow the focused link",
        hint: Some("follow"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[Char(']'), Code(KeyCode::Right)],
        action: Action::NextLesson,
        help: "next lesson",
        hint: Some("next"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[Char('['), Code(KeyCode::Left)],
        action: Action::PrevLesson,
        help: "previous lesson",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Back,
        help: "back",
        hint: Some("back"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[Char('t')],
        action: Action::Toc,
        help: "table of contents",
        hint: Some("contents"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[Char('/')],
        action: Action::Search,
        help: "search in the lesson",
        hint: Some("search"),
    },
    Binding {
        context: Context::Lesson,
        keys: &[Char('n')],
        action: Action::NextMatch,
        help: "next search match",
        hint: None,
    },
    Binding {
        context: Context::Lesson,
        keys: &[Char('N')],
        action: Action::PrevMatch,
        help: "previous search match",
        hint: None,
    },
    Binding {
        context: Context::Contents,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "next heading",
        hint: Some("move"),
    },
    Binding {
        context: Context::Contents,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "previous heading",
        hint: None,
    },
    Binding {
        context: Context::Contents,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Open,
        help: "go to the selected heading",
        hint: Some("go"),
    },
    Binding {
        context: Context::Contents,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Back,
        help: "close the contents",
        hint: Some("close"),
    },
    Binding {
        context: Context::Popup,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "scroll down",
        hint: Some("scroll"),
    },
    Binding {
        context: Context::Popup,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "scroll up",
        hint: None,
    },
    Binding {
        context: Context::Popup,
        keys: &[Char('q'), Code(KeyCode::Esc), Code(KeyCode::Enter)],
        action: Action::Back,
        help: "close",
        hint: Some("close"),
    },
    // The simulation player.
    Binding {
        context: Context::Sim,
        keys: &[Char(' ')],
        action: Action::Play,
        help: "play or pause",
        hint: Some("play"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Code(KeyCode::Right), Char('l')],
        action: Action::StepForward,
        help: "next step",
        hint: Some("step"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Code(KeyCode::Left), Char('h')],
        action: Action::StepBack,
        help: "previous step",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Code(KeyCode::Home), Char('g')],
        action: Action::Top,
        help: "first step",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Code(KeyCode::End), Char('G')],
        action: Action::Bottom,
        help: "last step (the verdict)",
        hint: Some("end"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('k')],
        action: Action::ToggleKey,
        help: "cycle key / dedup / write",
        hint: Some("key"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('f')],
        action: Action::ToggleStore,
        help: "cycle store / window / on conflict",
        hint: Some("store"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('d')],
        action: Action::ToggleDrop,
        help: "lose the first response or not",
        hint: Some("drop"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('n')],
        action: Action::ToggleLoss,
        help: "cycle random loss: 0%, 10%, 30%",
        hint: Some("loss"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('c')],
        action: Action::Compare,
        help: "compare with the counterpart",
        hint: Some("compare"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('t')],
        action: Action::Stats,
        help: "statistics of 10,000 runs",
        hint: Some("stats"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('p')],
        action: Action::Predict,
        help: "predict mode: guess first",
        hint: Some("predict"),
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('+'), Char('=')],
        action: Action::Faster,
        help: "play faster",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('-')],
        action: Action::Slower,
        help: "play slower",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('0'), Char('R')],
        action: Action::Restart,
        help: "restart: play from the first step",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('r')],
        action: Action::NewSeed,
        help: "run again with a new random seed",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('s')],
        action: Action::TypeSeed,
        help: "type a seed",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Code(KeyCode::Tab)],
        action: Action::SwitchSide,
        help: "other side of a narrow compare",
        hint: None,
    },
    Binding {
        context: Context::Sim,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Back,
        help: "leave the player",
        hint: Some("back"),
    },
    Binding {
        context: Context::SimInput,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Open,
        help: "use the number typed",
        hint: Some("ok"),
    },
    Binding {
        context: Context::SimInput,
        keys: &[Code(KeyCode::Esc)],
        action: Action::Back,
        help: "cancel typing",
        hint: Some("cancel"),
    },
    Binding {
        context: Context::SimStats,
        keys: &[Char('t'), Char('q'), Code(KeyCode::Esc)],
        action: Action::Back,
        help: "close the statistics",
        hint: Some("close"),
    },
    Binding {
        context: Context::QuizStart,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Open,
        help: "begin the quiz",
        hint: Some("begin"),
    },
    Binding {
        context: Context::QuizStart,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Back,
        help: "back, without starting",
        hint: Some("back"),
    },
    Binding {
        context: Context::QuizPick,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "pick the next choice",
        hint: Some("pick"),
    },
    Binding {
        context: Context::QuizPick,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "pick the previous choice",
        hint: None,
    },
    Binding {
        context: Context::QuizPick,
        keys: DIGITS,
        action: Action::Select(0),
        help: "pick choice 1 to 8",
        hint: None,
    },
    Binding {
        context: Context::QuizPick,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Submit,
        help: "submit the answer",
        hint: Some("submit"),
    },
    Binding {
        context: Context::QuizPick,
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "scroll the question down",
        hint: None,
    },
    Binding {
        context: Context::QuizPick,
        keys: &[Code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "scroll the question up",
        hint: None,
    },
    Binding {
        context: Context::QuizPick,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Abandon,
        help: "abandon the quiz (asks first)",
        hint: Some("abandon"),
    },
    Binding {
        context: Context::QuizTick,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "select the next choice",
        hint: Some("move"),
    },
    Binding {
        context: Context::QuizTick,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "select the previous choice",
        hint: None,
    },
    Binding {
        context: Context::QuizTick,
        keys: &[Char(' ')],
        action: Action::Toggle,
        help: "tick or untick the selected choice",
        hint: Some("tick"),
    },
    Binding {
        context: Context::QuizTick,
        keys: DIGITS,
        action: Action::Select(0),
        help: "tick or untick choice 1 to 8",
        hint: None,
    },
    Binding {
        context: Context::QuizTick,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Submit,
        help: "submit the answer",
        hint: Some("submit"),
    },
    Binding {
        context: Context::QuizTick,
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "scroll the question down",
        hint: None,
    },
    Binding {
        context: Context::QuizTick,
        keys: &[Code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "scroll the question up",
        hint: None,
    },
    Binding {
        context: Context::QuizTick,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Abandon,
        help: "abandon the quiz (asks first)",
        hint: Some("abandon"),
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Shift(KeyCode::Down), Char('J')],
        action: Action::MoveItemDown,
        help: "move the selected item down",
        hint: Some("move item"),
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Shift(KeyCode::Up), Char('K')],
        action: Action::MoveItemUp,
        help: "move the selected item up",
        hint: None,
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "select the next item",
        hint: Some("select"),
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "select the previous item",
        hint: None,
    },
    Binding {
        context: Context::QuizOrder,
        keys: DIGITS,
        action: Action::Select(0),
        help: "select item 1 to 8",
        hint: None,
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Submit,
        help: "submit the answer",
        hint: Some("submit"),
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "scroll the question down",
        hint: None,
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "scroll the question up",
        hint: None,
    },
    Binding {
        context: Context::QuizOrder,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Abandon,
        help: "abandon the quiz (asks first)",
        hint: Some("abandon"),
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Submit,
        help: "submit the answer",
        hint: Some("submit"),
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::Left)],
        action: Action::CursorLeft,
        help: "move the cursor left",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::Right)],
        action: Action::CursorRight,
        help: "move the cursor right",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::Home)],
        action: Action::LineStart,
        help: "cursor to the start of the answer",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::End)],
        action: Action::LineEnd,
        help: "cursor to the end of the answer",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::Backspace)],
        action: Action::DeleteBack,
        help: "delete before the cursor",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::Delete)],
        action: Action::DeleteForward,
        help: "delete after the cursor",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "scroll the question down",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "scroll the question up",
        hint: None,
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::Esc)],
        action: Action::Abandon,
        help: "abandon the quiz (asks first)",
        hint: Some("abandon"),
    },
    Binding {
        context: Context::QuizText,
        keys: &[Code(KeyCode::F(1))],
        action: Action::Help,
        help: "show every key binding (? is typed here)",
        hint: Some("help"),
    },
    Binding {
        context: Context::QuizFeedback,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Next,
        help: "next question (or the summary)",
        hint: Some("next"),
    },
    Binding {
        context: Context::QuizFeedback,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "scroll down",
        hint: Some("scroll"),
    },
    Binding {
        context: Context::QuizFeedback,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "scroll up",
        hint: None,
    },
    Binding {
        context: Context::QuizFeedback,
        keys: &[Code(KeyCode::PageDown), Char(' ')],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Binding {
        context: Context::QuizFeedback,
        keys: &[Code(KeyCode::PageUp), Char('b')],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    Binding {
        context: Context::QuizFeedback,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Abandon,
        help: "abandon the quiz (asks first)",
        hint: Some("abandon"),
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "select the next action",
        hint: Some("move"),
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "select the previous action",
        hint: None,
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Code(KeyCode::Enter)],
        action: Action::Open,
        help: "do the selected action",
        hint: Some("do"),
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Char('r')],
        action: Action::ReviewMissed,
        help: "review the missed questions",
        hint: None,
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Char('m')],
        action: Action::RetakeMissed,
        help: "retake only the missed questions",
        hint: None,
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Char('a')],
        action: Action::RetakeAll,
        help: "retake all the questions",
        hint: None,
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "scroll the summary down",
        hint: None,
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "scroll the summary up",
        hint: None,
    },
    Binding {
        context: Context::QuizEnd,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Back,
        help: "back to where the quiz was opened",
        hint: Some("back"),
    },
    Binding {
        context: Context::QuizWalk,
        keys: &[Code(KeyCode::Enter), Code(KeyCode::Right), Char('n')],
        action: Action::Next,
        help: "next missed question",
        hint: Some("next"),
    },
    Binding {
        context: Context::QuizWalk,
        keys: &[Code(KeyCode::Left), Char('p')],
        action: Action::Prev,
        help: "previous missed question",
        hint: Some("previous"),
    },
    Binding {
        context: Context::QuizWalk,
        keys: &[Code(KeyCode::Down), Char('j')],
        action: Action::Down,
        help: "scroll down",
        hint: Some("scroll"),
    },
    Binding {
        context: Context::QuizWalk,
        keys: &[Code(KeyCode::Up), Char('k')],
        action: Action::Up,
        help: "scroll up",
        hint: None,
    },
    Binding {
        context: Context::QuizWalk,
        keys: &[Code(KeyCode::PageDown), Char(' ')],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Binding {
        context: Context::QuizWalk,
        keys: &[Code(KeyCode::PageUp), Char('b')],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    Binding {
        context: Context::QuizWalk,
        keys: &[Char('q'), Code(KeyCode::Esc)],
        action: Action::Back,
        help: "back to the summary",
        hint: Some("back"),
    },
    Binding {
        context: Context::QuizConfirm,
        keys: &[Char('y')],
        action: Action::Confirm,
        help: "abandon: nothing is recorded",
        hint: Some("abandon"),
    },
    Binding {
        context: Context::QuizConfirm,
        keys: &[Char('n'), Code(KeyCode::Esc), Char('q')],
        action: Action::Back,
        help: "keep going",
        hint: Some("keep going"),
    },
    Binding {
        context: Context::Global,
        keys: &[Char('?')],
        action: Action::Help,
        help: "show every key binding",
        hint: Some("help"),
    },
    Binding {
        context: Context::Global,
        keys: &[Ctrl('c')],
        action: Action::Quit,
        help: "quit from anywhere",
        hint: None,
    },
];

/// The action `ev` asks for in `context`: a binding of the context first, then a global one.
/// Only key presses count (Windows also reports releases).
#[must_use]
pub fn action(context: Context, ev: &KeyEvent) -> Option<Action> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let find = |ctx: Context| {
        BINDINGS
            .iter()
            .filter(|b| b.context == ctx)
            .find(|b| b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    };
    let found = find(context).or_else(|| find(Context::Global))?;
    Some(match (found, ev.code) {
        (Action::Select(_), KeyCode::Char(c @ '1'..='9')) => {
            Action::Select(u8::try_from(u32::from(c) - u32::from('1')).unwrap_or(0))
        }
        (a, _) => a,
    })
}

/// `j/↓` style label of a binding's keys.
#[must_use]
pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("/")
}

/// The label of the first key bound to `action` in `context`, for a screen that names the key
/// in its text (so the text follows the table); `?` when nothing is bound.
#[must_use]
pub fn key_label(context: Context, action: Action) -> String {
    BINDINGS
        .iter()
        .find(|b| b.context == context && b.action == action)
        .map_or_else(|| "?".to_owned(), |b| b.keys[0].label())
}

/// A footer hint: the action, its first key's label, and the hint's label.
pub type Hint = (Action, String, &'static str);

/// Footer hints for a context, in table order. A context that binds an action itself (the
/// text answer binds help to F1, since `?` is typed) hides the global hint for it.
#[must_use]
pub fn hints(context: Context) -> Vec<Hint> {
    let own = |a: Action| {
        BINDINGS
            .iter()
            .any(|b| b.context == context && b.action == a)
    };
    BINDINGS
        .iter()
        .filter(|b| b.context == context || (b.context == Context::Global && !own(b.action)))
        .filter_map(|b| b.hint.map(|h| (b.action, b.keys[0].label(), h)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn context_bindings_win_then_global() {
        assert_eq!(
            action(Context::Map, &key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            action(Context::Map, &key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            action(
                Context::Lesson,
                &key(KeyCode::Char('q'), KeyModifiers::NONE)
            ),
            Some(Action::Back)
        );
        assert_eq!(
            action(
                Context::Lesson,
                &key(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Action::Quit)
        );
        assert_eq!(
            action(Context::Popup, &key(KeyCode::Char('?'), KeyModifiers::NONE)),
            Some(Action::Help)
        );
        assert_eq!(
            action(Context::Lesson, &key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevLink)
        );
        assert_eq!(
            action(
                Context::Lesson,
                &key(KeyCode::Char('x'), KeyModifiers::NONE)
            ),
            None
        );
    }

    #[test]
    fn every_context_can_move_and_close() {
        for ctx in [
            Context::Map,
            Context::Lesson,
            Context::Contents,
            Context::Popup,
        ] {
            let has = |a: Action| BINDINGS.iter().any(|b| b.context == ctx && b.action == a);
            assert!(has(Action::Down) && has(Action::Up), "{ctx:?} cannot move");
            assert!(
                has(Action::Back) || has(Action::Quit),
                "{ctx:?} cannot be left"
            );
        }
        assert!(
            BINDINGS
                .iter()
                .any(|b| b.context == Context::Contents && b.action == Action::Open)
        );
    }

    #[test]
    fn releases_are_ignored() {
        let mut ev = key(KeyCode::Char('j'), KeyModifiers::NONE);
        ev.kind = KeyEventKind::Release;
        assert_eq!(action(Context::Map, &ev), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.context);
                    }
                }
            }
        }
    }

    #[test]
    fn every_vim_key_has_an_arrow_or_named_alternative() {
        // In the player `k` flips the idempotency key: a letter, not a direction.
        for b in BINDINGS.iter().filter(|b| b.action != Action::ToggleKey) {
            if b.keys
                .iter()
                .any(|k| matches!(k, Char('j' | 'k' | 'h' | 'l')))
            {
                assert!(b.keys.iter().any(|k| matches!(k, Code(_))), "{}", b.help);
            }
        }
    }
}

#[cfg(test)]
mod readme_tests {
    use super::*;

    /// The README's key table is written by hand; this keeps it honest.
    #[test]
    fn readme_describes_every_binding() {
        let readme = include_str!("../README.md");
        for b in BINDINGS {
            assert!(
                readme.contains(b.help),
                "README does not mention `{}`",
                b.help
            );
            for k in b.keys {
                let label = k.label();
                assert!(
                    readme.contains(&label),
                    "README does not mention key `{label}` ({})",
                    b.help
                );
            }
        }
    }
}
