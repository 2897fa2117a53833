//! Encrypted files on the sync sheet (issue 11): `o` exports encrypted
//! after a masked passphrase typed twice; `i` asks for the passphrase of
//! an encrypted file before its preview; `S` with `[sync] encrypt` asks
//! for the passphrase once per visit to the sheet, and asks for one when
//! other devices' encrypted files wait.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::config::Config;
use repbook::i18n::{Lang, set_lang};
use repbook::store::{CustomerFilter, Store};
use repbook::sync::crypt::{self, Passphrase, Source};
use repbook::sync::{self, Selection, folder};
use repbook::tui::{App, Keymap, Theme};
use support::{ctrl, key, screen, typed};

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_string()).unwrap()
}

fn app_over(store: Store, config: Config) -> App {
    App::new(store, config, Keymap::default(), "b".into(), Theme::plain(), None).unwrap()
}

/// An archive of one customer, and an empty one of the same book.
fn pair() -> (Store, Store) {
    let mut a = common::memory();
    let mut b = common::memory();
    common::customer(&mut a, "华东机电", "上海");
    let now = b.clock().now().timestamp_millis();
    let set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now).unwrap();
    sync::apply(&mut b, &set, false, false).unwrap();
    (a, b)
}

fn customers(app: &App) -> usize {
    app.store.customers(&CustomerFilter::default()).unwrap().len()
}

#[test]
fn o_exports_an_encrypted_file_after_the_passphrase_typed_twice_and_masked() {
    set_lang(Lang::En);
    let (a, _) = pair();
    let mut app = app_over(a, Config::default());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stick.changes");
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Char('o'));
    ctrl(&mut app, 'u');
    typed(&mut app, file.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "绝密 pass");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Passphrase to encrypt (empty: not encrypted)"), "{shown}");
    assert!(!shown.contains("绝密") && !shown.contains("pass\n") && shown.contains("•••••"), "{shown}");
    key(&mut app, KeyCode::Enter);
    // Typed differently the second time: refused, nothing written.
    typed(&mut app, "绝密 pas");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("differ") && shown.contains("The same passphrase again"), "{shown}");
    assert!(!file.exists());
    ctrl(&mut app, 'u');
    typed(&mut app, "绝密 pass");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("encrypted with the passphrase"), "{shown}");
    assert!(shown.contains("Passphrase given: kept in memory"), "{shown}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(crypt::is_encrypted(&bytes));
    assert!(crypt::decrypt(&bytes, &pass("绝密 pass")).is_ok());
    // Left empty: a plain file.
    let plain = dir.path().join("plain.changes");
    key(&mut app, KeyCode::Char('o'));
    ctrl(&mut app, 'u');
    typed(&mut app, plain.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    key(&mut app, KeyCode::Enter);
    assert!(!crypt::is_encrypted(&std::fs::read(&plain).unwrap()));
}

#[test]
fn i_asks_the_passphrase_of_an_encrypted_file_before_its_preview() {
    set_lang(Lang::En);
    let (mut a, b) = pair();
    common::customer(&mut a, "北方重工", "天津");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.changes");
    sync::export_to(&a, &Selection::All, &file, Some(&pass("口令"))).unwrap();
    let mut app = app_over(b, Config::default());
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Char('i'));
    typed(&mut app, file.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Passphrase of a.changes"), "{shown}");
    typed(&mut app, "口号");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("does not open") && shown.contains("Passphrase of a.changes"), "{shown}");
    assert_eq!(customers(&app), 1);
    ctrl(&mut app, 'u');
    typed(&mut app, "口令");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("changes to apply 1,") && shown.contains("北方重工"), "{shown}");
    assert_eq!(customers(&app), 1, "nothing imported before yes");
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(customers(&app), 2);
    assert_eq!(app.store.digest().unwrap(), a.digest().unwrap());
}

#[test]
fn folder_sync_asks_the_passphrase_once_and_for_waiting_encrypted_files() {
    set_lang(Lang::En);
    let (mut a, b) = pair();
    let root = tempfile::tempdir().unwrap();
    let share = root.path().join("share");
    let mut config = Config::default();
    config.sync.dir = Some(share.clone());
    config.sync.encrypt = true;
    let mut app = app_over(b, config.clone());
    key(&mut app, KeyCode::Char('S'));
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Folder files are written encrypted"), "{shown}");
    common::customer(&mut app.store, "南方机械", "广州");
    key(&mut app, KeyCode::Char('S'));
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Passphrase to encrypt this device's folder files"), "{shown}");
    assert!(!share.exists(), "nothing written before the passphrase");
    typed(&mut app, "共享");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "共享");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("changes written 1 ·"), "{shown}");
    let files: Vec<_> = std::fs::read_dir(&share).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert!(crypt::is_encrypted(&std::fs::read(&files[0]).unwrap()));
    // a, encrypting too, writes its file; S again asks nothing more.
    common::customer(&mut a, "北方重工", "天津");
    folder::sync_with(&mut a, &share, true, &mut Source::given(Some(pass("共享")))).unwrap();
    key(&mut app, KeyCode::Char('S'));
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("files taken in 1 ·") && !shown.contains("Passphrase of"), "{shown}");
    assert_eq!(app.store.digest().unwrap(), a.digest().unwrap());
    // A new, empty archive without encryption: the waiting files ask for
    // the passphrase.
    let c = common::memory();
    config.sync.encrypt = false;
    let mut other = app_over(c, config);
    key(&mut other, KeyCode::Char('S'));
    key(&mut other, KeyCode::Char('S'));
    let shown = screen(&mut other, 120, 40);
    assert!(shown.contains("Passphrase of the folder's encrypted files"), "{shown}");
    assert!(shown.contains("files taken in 0 ·") && shown.contains("encrypted"), "{shown}");
    typed(&mut other, "共享");
    key(&mut other, KeyCode::Enter);
    let shown = screen(&mut other, 120, 40);
    assert!(shown.contains("files taken in 2 ·"), "{shown}");
    assert_eq!(other.store.digest().unwrap(), a.digest().unwrap());
}

#[test]
fn the_passphrase_prompt_in_chinese_at_80_by_24() {
    set_lang(Lang::ZhCn);
    let (a, _) = pair();
    let mut app = app_over(a, Config::default());
    let dir = tempfile::tempdir().unwrap();
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Char('o'));
    ctrl(&mut app, 'u');
    typed(&mut app, dir.path().join("u盘.changes").to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "口令");
    let shown = screen(&mut app, 80, 24);
    set_lang(Lang::En);
    assert!(shown.contains("加密口令（留空：不加密）") && !shown.contains("口令\n"), "{shown}");
    assert!(shown.contains("••"), "{shown}");
}

#[test]
fn a_kept_passphrase_that_does_not_open_a_file_says_so_before_asking() {
    set_lang(Lang::En);
    let (mut a, b) = pair();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a.changes"), dir.path().join("b.changes"));
    sync::export_to(&a, &Selection::All, &first, Some(&pass("甲口令"))).unwrap();
    common::customer(&mut a, "北方重工", "天津");
    sync::export_to(&a, &Selection::All, &second, Some(&pass("乙口令"))).unwrap();
    let mut app = app_over(b, Config::default());
    key(&mut app, KeyCode::Char('S'));
    for (file, passphrase) in [(&first, Some("甲口令")), (&second, None)] {
        key(&mut app, KeyCode::Char('i'));
        typed(&mut app, file.to_str().unwrap());
        key(&mut app, KeyCode::Enter);
        if let Some(p) = passphrase {
            typed(&mut app, p);
            key(&mut app, KeyCode::Enter);
            key(&mut app, KeyCode::Char('y'));
        }
    }
    // The kept one was tried on b.changes: why it is asked is said, not wiped.
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("does not open") && shown.contains("Passphrase of b.changes"), "{shown}");
    typed(&mut app, "乙口令");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(customers(&app), 2);
}
