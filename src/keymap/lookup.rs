//! Reading the table: what a key does in a context, the rows a context shows in help, the
//! footer hints, and the name of the key for an action (for messages that name a key).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseEvent, MouseEventKind};

use super::table::TABLE;
use super::{Action, Binding, Context, Row, Scope};

/// The rows of `context` in table order, a group's rows at the place the context uses it.
/// Global rows are not included (they apply after these).
#[must_use]
pub fn bindings(context: Context) -> Vec<&'static Binding> {
    let mut out = Vec::new();
    for row in TABLE {
        match row {
            Row::Bind(Scope::In(c), b) if *c == context => out.push(b),
            Row::Uses(c, group) if *c == context => {
                out.extend(TABLE.iter().filter_map(|r| match r {
                    Row::Bind(Scope::Shared(g), b) if g == group => Some(b),
                    _ => None,
                }));
            }
            _ => {}
        }
    }
    out
}

/// The action `ev` asks for in `context`: a binding of the context first, then a global one.
/// Only key presses count (Windows also reports releases).
#[must_use]
pub fn action(context: Context, ev: &KeyEvent) -> Option<Action> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let find = |ctx: Context| {
        bindings(ctx)
            .into_iter()
            .find(|b| b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action.clone())
    };
    let found = find(context).or_else(|| find(Context::Global))?;
    Some(match (found, ev.code) {
        (Action::Select(_), KeyCode::Char(c @ '1'..='9')) => {
            Action::Select(u8::try_from(u32::from(c) - u32::from('1')).unwrap_or(0))
        }
        (Action::Type(_), KeyCode::Char(c)) => Action::Type(c),
        (a, _) => a,
    })
}

/// The action a turn of the mouse wheel asks for in `context` (its [`Key::WheelUp`] or
/// [`Key::WheelDown`] row), or a global one; clicks and moves ask for nothing.
///
/// [`Key::WheelUp`]: super::Key::WheelUp
/// [`Key::WheelDown`]: super::Key::WheelDown
#[must_use]
pub fn mouse_action(context: Context, ev: &MouseEvent) -> Option<Action> {
    let key = match ev.kind {
        MouseEventKind::ScrollUp => super::Key::WheelUp,
        MouseEventKind::ScrollDown => super::Key::WheelDown,
        _ => return None,
    };
    let find = |ctx: Context| {
        bindings(ctx)
            .into_iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    };
    find(context).or_else(|| find(Context::Global))
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

/// The label of the first key bound to `action` in `context` (or everywhere), for a message
/// that names the key, so the text follows the table; `?` when nothing is bound.
#[must_use]
pub fn key_label(context: Context, action: Action) -> String {
    bindings(context)
        .into_iter()
        .chain(bindings(Context::Global))
        .find(|b| b.action == action)
        .map_or_else(|| "?".to_owned(), |b| b.keys[0].label())
}

/// A footer hint: the action, its first key's label, and the hint's label.
pub type Hint = (Action, String, &'static str);

/// Footer hints for a context, in table order. A context that binds an action itself (the
/// text answer binds help to F1, since `?` is typed) hides the global hint for it.
#[must_use]
pub fn hints(context: Context) -> Vec<Hint> {
    let own = bindings(context);
    let global = bindings(Context::Global)
        .into_iter()
        .filter(|g| !own.iter().any(|b| b.action == g.action));
    let all: Vec<&Binding> = own.iter().copied().chain(global).collect();
    all.iter()
        .filter_map(|b| b.hint.map(|h| (b.action.clone(), pair_label(b, &all), h)))
        .collect()
}

/// A hinted "down" key whose "up" twin is bound too is shown as the pair (`↑↓ move`,
/// `Shift-↑↓ move item`), so the footer does not suggest one can only go down.
fn pair_label(b: &Binding, all: &[&Binding]) -> String {
    let twin = match b.action {
        Action::Down => Action::Up,
        Action::MoveItemDown => Action::MoveItemUp,
        _ => return b.keys[0].label(),
    };
    let down = b.keys[0].label();
    let up = all
        .iter()
        .find(|o| o.action == twin)
        .map(|o| o.keys[0].label());
    match up {
        Some(up) if up == down.replace('↓', "↑") && down.contains('↓') => {
            down.replace('↓', "↑↓")
        }
        _ => down,
    }
}

/// The label of `preferred` if it asks for `action` in `context`, else of the key that does:
/// for a message that names the most telling of several keys ("Esc closes" rather than "q
/// closes") and still follows the table if the key is rebound.
#[must_use]
pub fn key_label_for(context: Context, action: Action, preferred: super::Key) -> String {
    let bound = bindings(context)
        .into_iter()
        .chain(bindings(Context::Global))
        .find(|b| b.action == action)
        .is_some_and(|b| b.keys.contains(&preferred));
    if bound {
        preferred.label()
    } else {
        key_label(context, action)
    }
}
