//! The table's own rules: context before global, every screen can be left, no key bound twice
//! in a context, vim keys have arrow alternatives, typing contexts, and the README.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Key::{Char, Code, Digit, Printable};
use super::*;

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

/// Every context, with the rows it sees.
const ALL: [Context; 24] = [
    Context::Global,
    Context::Map,
    Context::Lesson,
    Context::Search,
    Context::Contents,
    Context::Popup,
    Context::Glossary,
    Context::Sim,
    Context::SimInput,
    Context::SimStats,
    Context::QuizStart,
    Context::QuizPick,
    Context::QuizTick,
    Context::QuizOrder,
    Context::QuizText,
    Context::QuizFeedback,
    Context::QuizEnd,
    Context::QuizWalk,
    Context::QuizConfirm,
    Context::Lab,
    Context::LabConfirm,
    Context::ProbeList,
    Context::ProbeHistory,
    Context::Serve,
];

#[test]
fn context_bindings_win_then_global() {
    let plain = |ctx, c| action(ctx, &key(KeyCode::Char(c), KeyModifiers::NONE));
    assert_eq!(plain(Context::Map, 'j'), Some(Action::Down));
    assert_eq!(plain(Context::Map, 'q'), Some(Action::Quit));
    assert_eq!(plain(Context::Lesson, 'q'), Some(Action::Back));
    assert_eq!(
        action(
            Context::Lesson,
            &key(KeyCode::Char('c'), KeyModifiers::CONTROL)
        ),
        Some(Action::Quit)
    );
    assert_eq!(plain(Context::Popup, '?'), Some(Action::Help));
    assert_eq!(
        action(Context::Lesson, &key(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Some(Action::PrevLink)
    );
    assert_eq!(plain(Context::Lesson, 'x'), None);
    // A shared group's rows apply where a context uses them.
    assert_eq!(plain(Context::Lesson, 'j'), Some(Action::Down));
    assert_eq!(plain(Context::QuizWalk, ' '), Some(Action::PageDown));
    assert_eq!(plain(Context::Lesson, ' '), Some(Action::PageDown));
}

#[test]
fn typing_contexts_turn_keys_into_characters() {
    let plain = |ctx, c| action(ctx, &key(KeyCode::Char(c), KeyModifiers::NONE));
    // In a search and a text answer every printable key is typed, `?` and `q` included.
    for ctx in [Context::Search, Context::QuizText] {
        for c in ['a', 'q', '?', 'é', '/', ' '] {
            assert_eq!(plain(ctx, c), Some(Action::Type(c)), "{ctx:?} {c}");
        }
        assert_eq!(
            action(ctx, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit),
            "Ctrl-c still quits"
        );
        assert_eq!(
            action(ctx, &key(KeyCode::Char('x'), KeyModifiers::ALT)),
            None
        );
    }
    // A number takes digits; other keys keep their meaning (`?` is help).
    assert_eq!(plain(Context::SimInput, '7'), Some(Action::Type('7')));
    assert_eq!(plain(Context::SimInput, 'x'), None);
    assert_eq!(plain(Context::SimInput, '?'), Some(Action::Help));
    assert_eq!(
        action(
            Context::Search,
            &key(KeyCode::Backspace, KeyModifiers::NONE)
        ),
        Some(Action::DeleteBack)
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
        let has = |a: Action| bindings(ctx).iter().any(|b| b.action == a);
        assert!(has(Action::Down) && has(Action::Up), "{ctx:?} cannot move");
        assert!(
            has(Action::Back) || has(Action::Quit),
            "{ctx:?} cannot be left"
        );
    }
    for ctx in ALL.into_iter().filter(|c| *c != Context::Global) {
        let rows = bindings(ctx);
        assert!(!rows.is_empty(), "{ctx:?} has no keys");
        assert!(
            rows.iter().any(|b| matches!(
                b.action,
                Action::Back | Action::Quit | Action::Abandon | Action::Confirm
            )),
            "{ctx:?} cannot be left"
        );
    }
    assert!(
        bindings(Context::Contents)
            .iter()
            .any(|b| b.action == Action::Open)
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
    for ctx in ALL {
        let rows = bindings(ctx);
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                for k in a.keys {
                    assert!(!b.keys.contains(k), "{k:?} bound twice in {ctx:?}");
                }
            }
        }
        // A context that types every printable key binds no other character key.
        if rows.iter().any(|b| b.keys.contains(&Printable)) {
            assert!(
                rows.iter()
                    .flat_map(|b| b.keys)
                    .all(|k| !matches!(k, Char(_) | Digit)),
                "{ctx:?} types every character and binds one too"
            );
        }
    }
}

#[test]
fn every_group_is_used_and_every_row_is_reachable() {
    for row in TABLE {
        if let Row::Bind(Scope::Shared(g), b) = row {
            assert!(
                TABLE
                    .iter()
                    .any(|r| matches!(r, Row::Uses(_, used) if used == g)),
                "group {g:?} ({}) is used by no context",
                b.help
            );
        }
    }
}

#[test]
fn every_vim_key_has_an_arrow_or_named_alternative() {
    // In the player `k` flips the idempotency key, and in a lab `h` is a hint: letters, not
    // directions.
    for ctx in ALL {
        for b in bindings(ctx)
            .into_iter()
            .filter(|b| b.action != Action::ToggleKey && b.action != Action::Hint)
        {
            if b.keys
                .iter()
                .any(|k| matches!(k, Char('j' | 'k' | 'h' | 'l')))
            {
                assert!(b.keys.iter().any(|k| matches!(k, Code(_))), "{}", b.help);
            }
        }
    }
}

#[test]
fn messages_name_the_key_the_table_binds() {
    assert_eq!(key_label(Context::Lesson, Action::Search), "/");
    assert_eq!(key_label(Context::Lesson, Action::NextLink), "Tab");
    assert_eq!(key_label(Context::QuizText, Action::Help), "F1");
    assert_eq!(key_label(Context::Lesson, Action::Help), "?");
    assert_eq!(key_label(Context::QuizPick, Action::Submit), "Enter");
    assert_eq!(
        key_label(Context::Map, Action::Compare),
        "?",
        "not bound there"
    );
    let esc = Code(KeyCode::Esc);
    assert_eq!(key_label_for(Context::Popup, Action::Back, esc), "Esc");
    assert_eq!(
        key_label_for(Context::Map, Action::Open, esc),
        "Enter",
        "Esc does not open: the key that does is named"
    );
}

/// The README's key table is written by hand; this keeps it honest.
#[test]
fn readme_describes_every_binding() {
    let readme = include_str!("../../README.md");
    for row in TABLE {
        let Row::Bind(_, b) = row else { continue };
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

#[test]
fn a_hinted_down_key_is_shown_with_its_up_twin() {
    let map = hints(Context::Map);
    assert!(
        map.iter()
            .any(|(_, key, hint)| key == "↑↓" && *hint == "move"),
        "{map:?}"
    );
}
