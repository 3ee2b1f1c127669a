//! Tests of the store: files on disk, two stores on one directory, the debounce.

use std::fs;

use super::*;
use crate::progress::file::LOCK_WAIT;

fn open(dir: &Path) -> (Store, Progress) {
    Store::open(Some(dir.to_path_buf()))
}

#[test]
fn round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut p) = open(dir.path());
    p.reading("a", 42);
    store.save(&mut p);
    let (store2, p2) = open(dir.path());
    assert_eq!(p, p2);
    assert!(store2.warnings.is_empty());
}

#[test]
fn corrupt_file_is_moved_aside_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(FILE), b"{not json").unwrap();
    let (store, p) = open(dir.path());
    assert_eq!(p, Progress::default());
    assert_eq!(store.warnings.len(), 1, "{:?}", store.warnings);
    let kept: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    assert!(
        kept.iter()
            .any(|n| n.starts_with("progress.json.") && n.ends_with(".bak")),
        "{kept:?}"
    );
    let bak = kept.iter().find(|n| n.ends_with(".bak")).unwrap();
    assert_eq!(fs::read(dir.path().join(bak)).unwrap(), b"{not json");
}

#[test]
fn a_read_only_store_leaves_a_corrupt_file_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(FILE), b"{not json").unwrap();
    let (store, p) = Store::open_read_only(Some(dir.path().to_path_buf()));
    assert_eq!(p, Progress::default());
    assert!(
        store.warnings[0].contains("left as it is"),
        "{:?}",
        store.warnings
    );
    assert_eq!(fs::read(dir.path().join(FILE)).unwrap(), b"{not json");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(FILE),
        b"\xEF\xBB\xBF{\"version\":1,\"last_lesson\":\"a\"}",
    )
    .unwrap();
    let (store, p) = open(dir.path());
    assert!(store.warnings.is_empty(), "{:?}", store.warnings);
    assert_eq!(p.last_lesson.as_deref(), Some("a"));
}

#[test]
fn future_version_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(FILE), br#"{"version": 99, "lessons": {}}"#).unwrap();
    let (store, p) = open(dir.path());
    assert_eq!(p.version, VERSION);
    assert!(
        store.warnings[0].contains("newer idemlab"),
        "{:?}",
        store.warnings
    );
}

#[test]
fn unwritable_directory_warns_once_and_keeps_going() {
    // A data directory below a regular file cannot be created, even by root.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, b"x").unwrap();
    let (mut store, mut p) = open(&blocker.join("data"));
    p.reading("a", 1);
    store.save(&mut p);
    p.reading("a", 2);
    store.save(&mut p);
    assert!(!store.is_writable());
    assert_eq!(store.warnings.len(), 1, "{:?}", store.warnings);
    assert!(
        store.warnings[0].contains("will not be saved"),
        "{:?}",
        store.warnings
    );
}

#[test]
fn two_stores_on_one_directory_keep_both_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut pa) = open(dir.path());
    let (mut b, mut pb) = open(dir.path());
    pa.reading("one", 10);
    a.save(&mut pa);
    pb.reading("two", 20);
    pb.finish_scenario("s");
    b.save(&mut pb);
    // B's save brought A's lesson in; A's next save brings B's records.
    assert_eq!(pb.position("one"), 10);
    pa.reading("one", 11);
    a.save(&mut pa);
    let (_, p) = open(dir.path());
    assert_eq!(p.position("one"), 11);
    assert_eq!(p.position("two"), 20);
    assert!(p.scenario_finished("s"));
}

#[test]
fn a_reset_by_another_store_is_not_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut pa) = open(dir.path());
    pa.reading("old", 5);
    pa.finish_scenario("s");
    a.save(&mut pa);
    let (mut r, mut pr) = open(dir.path());
    r.reset(&mut pr).unwrap();
    assert!(!dir.path().join(FILE).exists());
    // A still holds the old records and saves after reading one more lesson.
    pa.reading("new", 7);
    a.save(&mut pa);
    let (_, p) = open(dir.path());
    assert_eq!(p.lessons.keys().collect::<Vec<_>>(), ["new"]);
    assert!(!p.scenario_finished("s"));
    assert_eq!(pa, p, "A now shows the reset too");
}

#[test]
fn a_save_waits_for_a_held_lock_then_warns_and_tries_again_later() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut p) = open(dir.path());
    a.lock_wait = Duration::from_millis(20);
    let held = file::lock(&dir.path().join(LOCK), LOCK_WAIT).unwrap();
    p.reading("a", 1);
    a.save(&mut p);
    assert!(a.warnings[0].contains("tries again"), "{:?}", a.warnings);
    assert!(a.is_writable());
    assert!(!dir.path().join(FILE).exists());
    drop(held);
    a.save(&mut p);
    assert_eq!(open(dir.path()).1.position("a"), 1);
}

/// A save another instance kept waiting stays due (the next save, or the last, makes it),
/// and the last save of a process waits longer than one mid-session: with many instances
/// saving at once on a slow disk, a quiz's last answers were lost before.
#[test]
fn a_save_kept_waiting_stays_due_and_the_last_save_waits_it_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut p) = open(dir.path());
    a.lock_wait = Duration::from_millis(20);
    let held = file::lock(&dir.path().join(LOCK), LOCK_WAIT).unwrap();
    p.reading("a", 1);
    a.save(&mut p);
    assert!(a.save_deadline().is_some(), "still to be saved");
    // Another instance holds the lock for far longer than this store's usual wait.
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
    });
    a.save_last(&mut p);
    release.join().unwrap();
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert_eq!(open(dir.path()).1.position("a"), 1);
    assert!(a.save_deadline().is_none());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_opened_for_long_nor_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join(FILE);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to test
    }
    let (mut store, mut p) = open(dir.path());
    assert!(store.warnings[0].contains("a FIFO"), "{:?}", store.warnings);
    p.reading("a", 1);
    store.save(&mut p);
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn the_debounce_saves_at_once_then_at_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut p) = open(dir.path());
    let t0 = Instant::now();
    p.reading("a", 1);
    store.save_soon(&mut p, t0);
    assert_eq!(
        store.save_deadline(),
        None,
        "the first change is saved at once"
    );
    assert_eq!(open(dir.path()).1.position("a"), 1);
    p.reading("a", 2);
    // Within the second after that save, whatever the time now.
    let just_after = store.last_save.unwrap();
    store.save_soon(&mut p, just_after);
    let due = store.save_deadline().expect("a save is waiting");
    store.save_if_due(&mut p, due - Duration::from_millis(1));
    assert_eq!(
        open(dir.path()).1.position("a"),
        1,
        "not before its deadline"
    );
    store.save_if_due(&mut p, due);
    assert_eq!(open(dir.path()).1.position("a"), 2);
    assert_eq!(store.save_deadline(), None);
}

#[test]
fn an_import_of_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut p) = open(dir.path());
    p.reading("a", 3);
    store.save(&mut p);
    let before = fs::read(dir.path().join(FILE)).unwrap();
    let bad = dir.path().join("bad.json");
    fs::write(&bad, b"{\"version\": 1, \"lessons\": []}").unwrap();
    let err = store.import(&mut p, &bad).unwrap_err();
    assert!(err.to_string().contains("does not match"), "{err}");
    assert!(matches!(
        err,
        crate::progress::StoreError::NotProgress {
            why: crate::progress::ParseError::Format(_),
            ..
        }
    ));
    assert_eq!(fs::read(dir.path().join(FILE)).unwrap(), before);
    assert_eq!(p.position("a"), 3);
}

#[test]
fn a_file_spoiled_after_loading_is_moved_aside_at_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut p) = open(dir.path());
    p.reading("a", 1);
    store.save(&mut p);
    fs::write(dir.path().join(FILE), b"{spoiled").unwrap();
    p.reading("a", 2);
    store.save(&mut p);
    assert!(
        store.warnings[0].contains("replaces"),
        "{:?}",
        store.warnings
    );
    assert_eq!(open(dir.path()).1.position("a"), 2);
    let baks = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .count();
    assert_eq!(baks, 1);
}
