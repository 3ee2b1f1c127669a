//! The table: one row per binding. A context's rows, in table order, are the order of its help
//! section and of its footer hints; a `uses` row puts a shared group's rows at that place.

use super::Action::{self, *};
use super::Context::{self, *};
use super::Group::{self, *};
use super::Key::{self, BackTab, Char, Code, Ctrl, Digit, Printable, Shift, WheelDown, WheelUp};
use super::{Binding, Row, Scope};
use crossterm::event::KeyCode::{
    Backspace, Delete, Down as ArrowDown, End, Enter, Esc, F, Home, Left, PageDown as PgDn,
    PageUp as PgUp, Right, Tab, Up as ArrowUp,
};

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

/// A binding in `context`.
const fn on(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Row {
    Row::Bind(
        Scope::In(context),
        Binding {
            keys,
            action,
            help,
            hint,
        },
    )
}

/// A binding of a shared group.
const fn shared(
    group: Group,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Row {
    Row::Bind(
        Scope::Shared(group),
        Binding {
            keys,
            action,
            help,
            hint,
        },
    )
}

/// `context` takes in `group`'s rows here.
const fn uses(context: Context, group: Group) -> Row {
    Row::Uses(context, group)
}

const NONE: Option<&str> = None;

#[rustfmt::skip]
pub const TABLE: &[Row] = &[
    // Shared groups.
    shared(Scrolling, &[Code(ArrowDown), Char('j')], Down, "scroll down", Some("scroll")),
    shared(Scrolling, &[Code(ArrowUp), Char('k')], Up, "scroll up", NONE),
    shared(Paging, &[Code(PgDn), Char(' ')], PageDown, "page down", NONE),
    shared(Paging, &[Code(PgUp), Char('b')], PageUp, "page up", NONE),
    shared(Submitting, &[Code(Enter)], Submit, "submit the answer", Some("submit")),
    shared(QuestionScrolling, &[Code(PgDn)], PageDown, "scroll the question down", NONE),
    shared(QuestionScrolling, &[Code(PgUp)], PageUp, "scroll the question up", NONE),
    shared(Abandoning, &[Char('q'), Code(Esc)], Abandon, "abandon the quiz (asks first)", Some("abandon")),

    on(Map, &[Code(ArrowUp), Char('k')], Up, "previous row", NONE),
    on(Map, &[Code(ArrowDown), Char('j')], Down, "next row", Some("move")),
    on(Map, &[Code(PgDn)], PageDown, "next page of the details", NONE),
    on(Map, &[Code(PgUp)], PageUp, "previous page of the details", NONE),
    on(Map, &[Code(Home), Char('g')], Top, "first row", NONE),
    on(Map, &[Code(End), Char('G')], Bottom, "last lesson", NONE),
    on(Map, &[Code(Enter), Code(Right), Char('l')], Open, "open the lesson, quiz, sim or review", Some("open")),
    on(Map, &[Char('q'), Code(Esc)], Quit, "quit", Some("quit")),

    uses(Lesson, Scrolling),
    on(Lesson, &[Code(PgDn), Char(' '), Ctrl('d')], PageDown, "page down", NONE),
    on(Lesson, &[Code(PgUp), Char('b'), Ctrl('u')], PageUp, "page up", NONE),
    on(Lesson, &[Code(Home), Char('g')], Top, "go to the start", NONE),
    on(Lesson, &[Code(End), Char('G')], Bottom, "go to the end", NONE),
    on(Lesson, &[Code(Tab)], NextLink, "focus the next link", Some("links")),
    on(Lesson, &[BackTab], PrevLink, "focus the previous link", NONE),
    on(Lesson, &[Code(Enter)], Open, "follow the focused link", Some("follow")),
    on(Lesson, &[Char(']'), Code(Right)], NextLesson, "next lesson", Some("next")),
    on(Lesson, &[Char('['), Code(Left)], PrevLesson, "previous lesson", NONE),
    on(Lesson, &[Char('q'), Code(Esc)], Back, "back", Some("back")),
    on(Lesson, &[Char('t')], Toc, "table of contents", Some("contents")),
    on(Lesson, &[Char('/')], Action::Search, "search in the lesson", Some("search")),
    on(Lesson, &[Char('n')], NextMatch, "next search match", NONE),
    on(Lesson, &[Char('N')], PrevMatch, "previous search match", NONE),
    on(Lesson, &[Char('>')], ScrollRight, "show more of a cut diagram or code (sideways)", NONE),
    on(Lesson, &[Char('<')], ScrollLeft, "scroll a cut diagram or code back left", NONE),

    on(Context::Search, &[Printable], Type(' '), "type what to search for", NONE),
    on(Context::Search, &[Code(Backspace)], DeleteBack, "delete the last character", NONE),
    on(Context::Search, &[Code(Enter)], Submit, "search for the text typed", Some("search")),
    on(Context::Search, &[Code(Esc)], Back, "cancel the search", Some("cancel")),

    on(Contents, &[Code(ArrowDown), Char('j')], Down, "next heading", Some("move")),
    on(Contents, &[Code(ArrowUp), Char('k')], Up, "previous heading", NONE),
    on(Contents, &[Code(Enter)], Open, "go to the selected heading", Some("go")),
    on(Contents, &[Char('q'), Code(Esc)], Back, "close the contents", Some("close")),

    on(Glossary, &[Code(Tab)], NextLink, "focus the next “see also” term", Some("see also")),
    on(Glossary, &[BackTab], PrevLink, "focus the previous “see also” term", NONE),
    on(Glossary, &[Code(Enter)], Open, "open the focused term (closes when none is)", Some("open")),
    on(Glossary, &[Char('q'), Code(Esc)], Back, "back to the term before, or close", Some("back")),

    uses(Popup, Scrolling),
    on(Popup, &[Char('q'), Code(Esc), Code(Enter)], Back, "close", Some("close")),

    on(Sim, &[Char(' ')], Play, "play or pause", Some("play")),
    on(Sim, &[Code(Right), Char('l')], StepForward, "next step", Some("step")),
    on(Sim, &[Code(Left), Char('h')], StepBack, "previous step", NONE),
    on(Sim, &[Code(Home), Char('g')], Top, "first step", NONE),
    on(Sim, &[Code(End), Char('G')], Bottom, "last step (the verdict)", Some("end")),
    on(Sim, &[Code(ArrowUp), WheelUp], Up, "scroll the diagram up (a step follows the current row again)", NONE),
    on(Sim, &[Code(ArrowDown), WheelDown], Down, "scroll the diagram down", NONE),
    on(Sim, &[Code(PgUp)], PageUp, "scroll the diagram up a page", NONE),
    on(Sim, &[Code(PgDn)], PageDown, "scroll the diagram down a page", NONE),
    on(Sim, &[Char('k')], ToggleKey, "cycle key / dedup / write", Some("key")),
    on(Sim, &[Char('f')], ToggleStore, "cycle store / window / on conflict", Some("store")),
    on(Sim, &[Char('d')], ToggleDrop, "lose the first response or not", Some("drop")),
    on(Sim, &[Char('n')], ToggleLoss, "cycle random loss: 0%, 10%, 30%", Some("loss")),
    on(Sim, &[Code(Tab)], SwitchSide, "compare: the other side (the one the knob keys change, shown when narrow)", Some("side")),
    on(Sim, &[Char('c')], Compare, "compare with the counterpart", Some("compare")),
    on(Sim, &[Char('t')], Stats, "statistics of 10,000 runs", Some("stats")),
    on(Sim, &[Char('p')], Predict, "predict mode: guess first", Some("predict")),
    on(Sim, &[Char('+'), Char('=')], Faster, "play faster", NONE),
    on(Sim, &[Char('-')], Slower, "play slower", NONE),
    on(Sim, &[Char('0'), Char('R')], Restart, "restart: play from the first step", NONE),
    on(Sim, &[Char('r')], NewSeed, "run again with a new random seed", NONE),
    on(Sim, &[Char('s')], TypeSeed, "type a seed", NONE),
    on(Sim, &[Code(Enter)], Open, "challenge: watch the first run that missed the goal", NONE),
    on(Sim, &[Char('q'), Code(Esc)], Back, "leave the player", Some("back")),

    on(SimInput, &[Digit], Type('0'), "type the number", NONE),
    on(SimInput, &[Code(Backspace)], DeleteBack, "delete the last digit", NONE),
    on(SimInput, &[Code(Enter)], Open, "use the number typed", Some("ok")),
    on(SimInput, &[Code(Esc)], Back, "cancel typing", Some("cancel")),

    on(SimStats, &[Char('t'), Char('q'), Code(Esc)], Back, "close the statistics", Some("close")),

    on(QuizStart, &[Code(Enter)], Open, "begin the quiz", Some("begin")),
    on(QuizStart, &[Char('q'), Code(Esc)], Back, "back, without starting", Some("back")),

    on(QuizPick, &[Code(ArrowDown), Char('j')], Down, "pick the next choice", Some("pick")),
    on(QuizPick, &[Code(ArrowUp), Char('k')], Up, "pick the previous choice", NONE),
    on(QuizPick, DIGITS, Select(0), "pick choice 1 to 8", NONE),
    uses(QuizPick, Submitting),
    uses(QuizPick, QuestionScrolling),
    uses(QuizPick, Abandoning),

    on(QuizTick, &[Code(ArrowDown), Char('j')], Down, "select the next choice", Some("move")),
    on(QuizTick, &[Code(ArrowUp), Char('k')], Up, "select the previous choice", NONE),
    on(QuizTick, &[Char(' ')], Toggle, "tick or untick the selected choice", Some("tick")),
    on(QuizTick, DIGITS, Select(0), "tick or untick choice 1 to 8", NONE),
    uses(QuizTick, Submitting),
    uses(QuizTick, QuestionScrolling),
    uses(QuizTick, Abandoning),

    on(QuizOrder, &[Shift(ArrowDown), Char('J')], MoveItemDown, "move the selected item down", Some("move item")),
    on(QuizOrder, &[Shift(ArrowUp), Char('K')], MoveItemUp, "move the selected item up", NONE),
    on(QuizOrder, &[Code(ArrowDown), Char('j')], Down, "select the next item", Some("select")),
    on(QuizOrder, &[Code(ArrowUp), Char('k')], Up, "select the previous item", NONE),
    on(QuizOrder, DIGITS, Select(0), "select item 1 to 8", NONE),
    uses(QuizOrder, Submitting),
    uses(QuizOrder, QuestionScrolling),
    uses(QuizOrder, Abandoning),

    uses(QuizText, Submitting),
    on(QuizText, &[Code(Left)], CursorLeft, "move the cursor left", NONE),
    on(QuizText, &[Code(Right)], CursorRight, "move the cursor right", NONE),
    on(QuizText, &[Code(Home)], LineStart, "cursor to the start of the answer", NONE),
    on(QuizText, &[Code(End)], LineEnd, "cursor to the end of the answer", NONE),
    on(QuizText, &[Code(Backspace)], DeleteBack, "delete before the cursor", NONE),
    on(QuizText, &[Code(Delete)], DeleteForward, "delete after the cursor", NONE),
    uses(QuizText, QuestionScrolling),
    on(QuizText, &[Code(Esc)], Abandon, "abandon the quiz (asks first)", Some("abandon")),
    on(QuizText, &[Code(F(1))], Help, "show every key binding (? is typed here)", Some("help")),
    on(QuizText, &[Printable], Type(' '), "type the answer", NONE),

    on(QuizFeedback, &[Code(Enter)], Next, "next question (or the summary); with a link focused, follow it", Some("next")),
    on(QuizFeedback, &[Code(Tab)], NextLink, "focus the next link of the explanation", Some("links")),
    on(QuizFeedback, &[BackTab], PrevLink, "focus the previous link of the explanation", NONE),
    uses(QuizFeedback, Scrolling),
    uses(QuizFeedback, Paging),
    uses(QuizFeedback, Abandoning),

    on(QuizEnd, &[Code(ArrowDown), Char('j')], Down, "select the next action", Some("move")),
    on(QuizEnd, &[Code(ArrowUp), Char('k')], Up, "select the previous action", NONE),
    on(QuizEnd, &[Code(Enter)], Open, "do the selected action", Some("do")),
    on(QuizEnd, &[Char('r')], ReviewMissed, "review the missed questions", NONE),
    on(QuizEnd, &[Char('m')], RetakeMissed, "retake only the missed questions", NONE),
    on(QuizEnd, &[Char('a')], RetakeAll, "retake all the questions", NONE),
    on(QuizEnd, &[Code(PgDn)], PageDown, "scroll the summary down", NONE),
    on(QuizEnd, &[Code(PgUp)], PageUp, "scroll the summary up", NONE),
    on(QuizEnd, &[Char('q'), Code(Esc)], Back, "back to where the quiz was opened", Some("back")),

    on(QuizWalk, &[Code(Enter), Code(Right), Char('n')], Next, "next missed question; with a link focused, follow it", Some("next")),
    on(QuizWalk, &[Code(Tab)], NextLink, "focus the next link of the explanation", Some("links")),
    on(QuizWalk, &[BackTab], PrevLink, "focus the previous link of the explanation", NONE),
    on(QuizWalk, &[Code(Left), Char('p')], Prev, "previous missed question", Some("previous")),
    uses(QuizWalk, Scrolling),
    uses(QuizWalk, Paging),
    on(QuizWalk, &[Char('q'), Code(Esc)], Back, "back to the summary", Some("back")),

    on(QuizConfirm, &[Char('y')], Confirm, "abandon: nothing is recorded", Some("abandon")),
    on(QuizConfirm, &[Char('n'), Code(Esc), Char('q')], Back, "keep going", Some("keep going")),

    on(Lab, &[Char('e')], Edit, "edit your file in $VISUAL or $EDITOR (a save re-checks it)", Some("edit")),
    on(Lab, &[Code(Enter)], Recheck, "check the file again", Some("check")),
    on(Lab, &[Char('h')], Hint, "reveal the next hint", Some("hint")),
    on(Lab, &[Char('s')], Solution, "show the reference solution (asks first until the lab is done)", Some("solution")),
    uses(Lab, Scrolling),
    uses(Lab, Paging),
    on(Lab, &[Char('q'), Code(Esc)], Back, "back", Some("back")),

    on(LabConfirm, &[Char('y')], Confirm, "show the solution (recorded as seen)", Some("show it")),
    on(LabConfirm, &[Char('n'), Code(Esc), Char('q')], Back, "not yet", Some("not yet")),

    on(ProbeList, &[Code(ArrowDown), Char('j')], Down, "next check", Some("move")),
    on(ProbeList, &[Code(ArrowUp), Char('k')], Up, "previous check", NONE),
    on(ProbeList, &[Code(Home), Char('g')], Top, "first check", NONE),
    on(ProbeList, &[Code(End), Char('G')], Bottom, "last check", NONE),
    on(ProbeList, &[Code(Enter), Code(Right), Char('l')], Open, "show the check's history as a sequence diagram", Some("history")),
    on(ProbeList, &[Char('q'), Code(Esc)], Quit, "quit (the exit code stays the probe's)", Some("quit")),

    uses(ProbeHistory, Scrolling),
    uses(ProbeHistory, Paging),
    on(ProbeHistory, &[Code(Home), Char('g')], Top, "first request", NONE),
    on(ProbeHistory, &[Code(End), Char('G')], Bottom, "last request", NONE),
    on(ProbeHistory, &[Code(Esc), Code(Left), Char('h')], Back, "back to the checks", Some("back")),
    on(ProbeHistory, &[Char('q')], Quit, "quit (the exit code stays the probe's)", Some("quit")),
    on(Serve, &[Char('s')], ToggleStore, "switch the store mode: atomic, check-then-act, none", Some("store")),
    on(Serve, &[Char('d')], ToggleDrop, "switch drop-response: 0, 0.5, 1", Some("drop")),
    on(Serve, &[Char('c')], ToggleCrash, "switch crash: 0, 0.5, 1", Some("crash")),
    on(Serve, &[Char('w')], ToggleDelay, "switch the delay: 0, 300, 1000 ms", Some("delay")),
    on(Serve, &[Char('p'), Char(' ')], PauseLog, "pause or resume the request log", Some("pause")),
    on(Serve, &[Char('q'), Code(Esc)], Quit, "stop the server and quit", Some("quit")),

    on(Global, &[Char('?')], Help, "show every key binding", Some("help")),
    on(Global, &[Ctrl('c')], Quit, "quit from anywhere", NONE),
];
