//! The sync sheet (issue 11 §6): `S` opens it over any screen; it shows this
//! device and the conflicts side by side; `K`, `O` and `e` resolve the
//! selected one; `i` previews a file before importing it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "support/tui.rs"]
mod support;

use common::text;
use crossterm::event::KeyCode;
use repbook::config::Config;
use repbook::domain::schema::CUSTOMER;
use repbook::i18n::{Lang, set_lang};
use repbook::store::Store;
use repbook::sync::{self, Selection};
use repbook::tui::{App, Keymap, Theme};
use support::{key, screen, typed};

fn send(from: &Store, to: &mut Store) {
    let set =
        sync::decode(&sync::build(from, &Selection::All).unwrap().bytes, to.clock().now().timestamp_millis()).unwrap();
    sync::apply(to, &set, false, false).unwrap();
}

/// An interface over an archive holding one conflict on a Chinese customer,
/// and the other device's archive.
fn conflicted() -> (App, Store, String) {
    let mut a = common::memory();
    let mut b = common::memory();
    let id = common::customer(&mut a, "华东机电", "上海");
    send(&a, &mut b);
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("周三上门拜访，带样品"))])).unwrap();
    b.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("周四电话跟进报价"))])).unwrap();
    send(&a, &mut b);
    let app = App::new(b, Config::default(), Keymap::default(), "b".into(), Theme::plain(), None).unwrap();
    (app, a, id)
}

#[test]
fn the_sync_sheet_in_both_languages_and_sizes() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        set_lang(lang);
        for (w, h) in [(80, 24), (120, 40)] {
            let (mut app, _, _) = conflicted();
            key(&mut app, KeyCode::Char('S'));
            // Only what is random or local is masked: ids, the digest, the
            // local time of the fixed clock.
            insta::with_settings!({filters => vec![
                (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[time]"),
                (r"\b[0-9a-f]{16}…", "[digest]…"),
                (r"\[[0-9a-f]{8}\]", "[id]"),
                (r"\b[0-9a-f]{8}\b", "[device]"),
            ]}, {
                insta::assert_snapshot!(format!("sync_{tag}_{w}x{h}"), screen(&mut app, w, h));
            });
        }
    }
    set_lang(Lang::En);
}

#[test]
fn keys_on_the_sheet_resolve_the_conflict_and_the_resolution_syncs() {
    set_lang(Lang::En);
    let (mut app, mut a, id) = conflicted();
    key(&mut app, KeyCode::Char('S'));
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("周三上门拜访，带样品") && shown.contains("周四电话跟进报价"), "{shown}");
    // e: a merged value, typed over the kept one.
    key(&mut app, KeyCode::Char('e'));
    typed(&mut app, "，周三也上门");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Resolved conflict") && shown.contains("Conflicts to review: 0"), "{shown}");
    send(&app.store, &mut a);
    assert_eq!(a.get(&CUSTOMER, &id).unwrap().unwrap().get("notes"), &text("周四电话跟进报价，周三也上门"));
    assert_eq!(a.digest().unwrap(), app.store.digest().unwrap());
}

#[test]
fn o_takes_the_other_value_and_i_previews_a_file_before_importing_it() {
    set_lang(Lang::En);
    let (mut app, mut a, id) = conflicted();
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Char('O'));
    assert_eq!(app.store.get(&CUSTOMER, &id).unwrap().unwrap().get("notes"), &text("周三上门拜访，带样品"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.changes");
    common::customer(&mut a, "北方重工", "天津");
    sync::export_to(&a, &Selection::All, &file, None).unwrap();
    key(&mut app, KeyCode::Char('i'));
    typed(&mut app, file.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("changes to apply 1,") && shown.contains("北方重工"), "{shown}");
    assert_eq!(
        app.store.customers(&repbook::store::CustomerFilter::default()).unwrap().len(),
        1,
        "nothing imported before yes"
    );
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.store.customers(&repbook::store::CustomerFilter::default()).unwrap().len(), 2);
    // The list shows what the import brought (it reloads: an import
    // touches too much to pin down).
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Tab);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("北方重工") && shown.contains("华东机电"), "{shown}");
}

#[test]
fn the_chinese_preview_keeps_to_chinese_punctuation() {
    set_lang(Lang::ZhCn);
    let (mut app, mut a, _) = conflicted();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.changes");
    common::customer(&mut a, "北方重工", "天津");
    sync::export_to(&a, &Selection::All, &file, None).unwrap();
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Char('i'));
    typed(&mut app, file.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    let shown: String = screen(&mut app, 120, 40).chars().filter(|c| !c.is_whitespace() && *c != '│').collect();
    // "…暂存 0 条；北方重工。现在导入吗？", no ". " or "; " of English.
    assert!(shown.contains("；北方重工。现在导入吗？"), "{shown}");
    set_lang(Lang::En);
}
