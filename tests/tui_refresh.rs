//! The interface on an archive file shares it with other processes: it
//! shows their writes within a second, updates only the rows a save touched
//! (never reloading the whole list), and a form saved over a change it did
//! not see keeps both values.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::config::Config;
use repbook::domain::fields::Value;
use repbook::domain::schema::CUSTOMER;
use repbook::i18n::{Lang, set_lang};
use repbook::store::Store;
use repbook::tui::{App, Keymap, Theme};
use std::path::Path;
use support::{ctrl, key, screen, typed};

fn store(path: &Path) -> Store {
    support::file_store(path)
}

/// The interface open on a demo archive file, the list fully loaded.
fn app_on_file(path: &Path) -> App {
    let mut s = store(path);
    repbook::demo::generate(&mut s, 40, repbook::demo::SEED).unwrap();
    let mut app =
        App::new(store(path), Config::default(), Keymap::default(), "t".into(), Theme::plain(), Some(path.into()))
            .unwrap();
    app.wait_loaded();
    key(&mut app, KeyCode::Tab);
    app
}

/// Open the selected customer's edit form; returns its name.
fn edit_selected(app: &mut App) -> String {
    let name = app.list.selected_name().unwrap().to_string();
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('e'));
    name
}

/// Type over the name (the form's first field) and save.
fn rename_in_form(app: &mut App, old: &str, new: &str) {
    for _ in 0..old.chars().count() {
        key(app, KeyCode::Backspace);
    }
    typed(app, new);
    ctrl(app, 's');
    assert!(app.overlay.is_none(), "{:?}", app.status);
}

fn id_named(s: &Store, name: &str) -> String {
    s.customers(&repbook::store::CustomerFilter::default()).unwrap().into_iter().find(|c| c.title() == name).unwrap().id
}

#[test]
fn a_write_from_another_process_shows_within_a_second_without_a_reload() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut app = app_on_file(&path);
    let (_, before) = app.list.counts();
    assert!(!app.watch_now(), "nothing written elsewhere yet");
    // Another terminal: a new customer and a rename.
    let mut cli = store(&path);
    let first = app.list.selected_name().unwrap().to_string();
    let id = id_named(&cli, &first);
    cli.write(|w| w.update(&CUSTOMER, &id, &[("name", Value::Text("AAA Renamed Elsewhere".into()))])).unwrap();
    cli.write(|w| w.insert(&CUSTOMER, &[("name", Value::Text("Zed Outside Trading".into()))])).unwrap();
    assert!(app.watch_now(), "the write is noticed");
    assert!(!app.reloading_list(), "only the touched rows were updated");
    assert_eq!(app.list.counts().1, before + 1);
    assert_eq!(app.list.selected_name(), Some("AAA Renamed Elsewhere"), "the selection follows its customer");
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "zed");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 120, 40).contains("Zed Outside Trading"));
}

#[test]
fn a_save_updates_its_row_in_place() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut app = app_on_file(&path);
    let name = edit_selected(&mut app);
    rename_in_form(&mut app, &name, "AAAA First By Name");
    assert!(!app.reloading_list(), "a save does not reload the whole list");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list.selected_name(), Some("AAAA First By Name"), "moved to its new place, still selected");
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Home);
    assert_eq!(app.list.selected_name(), Some("AAAA First By Name"), "first by name");
    assert_eq!(app.list.data().len(), app.list.counts().1, "no row twice");
}

#[test]
fn a_form_saved_over_an_outside_change_keeps_both_values() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut app = app_on_file(&path);
    let name = edit_selected(&mut app);
    // Meanwhile, in another terminal: the same customer's name and phone.
    let mut cli = store(&path);
    let id = id_named(&cli, &name);
    cli.write(|w| {
        w.update(
            &CUSTOMER,
            &id,
            &[("name", Value::Text("Name From CLI".into())), ("phone", Value::Text("023-999".into()))],
        )
    })
    .unwrap();
    rename_in_form(&mut app, &name, "Name From Form");
    let c = cli.get(&CUSTOMER, &id).unwrap().unwrap();
    assert_eq!(c.title(), "Name From Form", "the later save wins the field it changed");
    assert_eq!(c.text("phone"), Some("023-999"), "a field the form did not touch keeps the outside change");
    let conflicts = cli.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].value.as_deref(), Some("\"Name From CLI\""), "the losing value is kept for review");
    // And shown, in the dossier's History, with the edit that replaced it.
    while app.tab() != Some(repbook::tui::Tab::History) {
        key(&mut app, KeyCode::Tab);
    }
    // Wide enough for an entry of the demo customer's history in full.
    let shown = screen(&mut app, 600, 60);
    let line = shown.lines().find(|l| l.contains("Name From CLI")).unwrap_or_else(|| panic!("{shown}"));
    assert!(line.contains("kept") && line.contains("Name From Form"), "{line}");
}

#[test]
fn the_first_write_of_a_session_is_prepared_on_a_second_thread() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    {
        let mut s = store(&path);
        s.keep_daily_backups(0);
        repbook::demo::generate(&mut s, 40, repbook::demo::SEED).unwrap();
    }
    let mut app =
        App::new(store(&path), Config::default(), Keymap::default(), "t".into(), Theme::plain(), Some(path.clone()))
            .unwrap();
    app.wait_loaded();
    assert!(repbook::store::backups(&path).is_empty(), "nothing written before the first frame");
    // After the first frame: the check, the day's backup and the follow-ups
    // dated facts call for happen on the second thread.
    app.tick();
    app.wait_loaded();
    assert_eq!(repbook::store::backups(&path).len(), 1, "the day's backup");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    assert_eq!(store(&path).generate_followups(today).unwrap(), 0, "every follow-up due was made");
}

/// What the background load renders (a generated follow-up's words) is in
/// the interface's language, not the loader thread's default.
#[test]
fn a_background_load_speaks_the_interfaces_language() {
    set_lang(Lang::ZhCn);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut app = app_on_file(&path);
    key(&mut app, KeyCode::Tab);
    let text = screen(&mut app, 120, 60);
    assert!(text.contains("催收货款") && !text.contains("Collect payment"), "{text}");
    set_lang(Lang::En);
}

/// The list takes a query as soon as the saved search index is read: its
/// names only (no class, kind or standing) until the rows' facts follow,
/// and filters apply once they do.
#[test]
fn the_list_is_searchable_before_its_rows_facts_are_read() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    drop(app_on_file(&path));
    let mut app =
        App::new(store(&path), Config::default(), Keymap::default(), "t".into(), Theme::plain(), Some(path.clone()))
            .unwrap();
    app.wait_list_searchable();
    assert!(!app.list.loaded, "the rows' facts are still to come");
    assert!(!app.list.data().has_facts());
    assert_eq!(app.list.counts().1, 40, "everyone searchable");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "cq");
    let (found, _) = app.list.counts();
    assert!(found > 0 && found < 40, "{found}");
    let name = app.list.selected_name().unwrap().to_string();
    assert!(name.starts_with("重庆"), "{name}");
    let early = screen(&mut app, 120, 12);
    assert!(early.contains("(loading…)") && !early.contains("A1 ") && !early.contains("overdue"), "{early}");
    app.wait_loaded();
    assert!(app.list.loaded && app.list.data().has_facts());
    assert_eq!(app.list.counts().0, found, "the same hits once the facts are read");
    assert_eq!(app.list.selected_name(), Some(name.as_str()));
    assert!(!screen(&mut app, 120, 12).contains("(loading…)"));
}
