//! Help and hints say what the keys do where the user is (issue 9, a
//! reviewer's §13): `d` on Follow-ups drops with a reason; the template
//! key only in forms with templates; Enter on an empty tab says there is
//! nothing to open and how to add; `e` in a History change's read view
//! edits the record the change is about; help's footer says "more" only
//! while there is more.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{Overlay, Tab};
use support::{app, dossier_on, key, screen, typed};

#[test]
fn help_on_followups_says_d_drops_with_a_reason() {
    for (lang, drop, delete) in [
        (Lang::En, "Drop the selected follow-up, with a reason", "Delete (can be restored)"),
        (Lang::ZhCn, "放弃所选跟进，需写明原因", "删除（可恢复）"),
    ] {
        set_lang(lang);
        let mut a = app(12);
        dossier_on(&mut a, Tab::Followups);
        key(&mut a, KeyCode::Char('?'));
        let text = screen(&mut a, 120, 40).split_whitespace().collect::<Vec<_>>().join(" ").replace(" │ │ ", " ");
        assert!(text.contains(drop), "{text}");
        assert!(!text.contains(delete), "{text}");
    }
    set_lang(Lang::En);
}

#[test]
fn the_template_key_is_offered_only_where_templates_fill_the_form() {
    set_lang(Lang::En);
    let mut a = app(12);
    dossier_on(&mut a, Tab::People);
    for (k, what) in [('e', "person"), ('n', "new person")] {
        key(&mut a, KeyCode::Char(k));
        assert!(matches!(a.overlay, Some(Overlay::Form(_))), "{what}");
        let text = screen(&mut a, 120, 40);
        assert!(text.contains("Ctrl-S save") && !text.contains("template"), "{what}: {text}");
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('y'));
    }
    while a.tab() != Some(Tab::Overview) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('e'));
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("Ctrl-S save") && !text.contains("template"), "customer: {text}");
    key(&mut a, KeyCode::Esc);
    // A visit to prepare has templates.
    key(&mut a, KeyCode::Char('p'));
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("Ctrl-T template"), "visit: {text}");
}

#[test]
fn enter_on_an_empty_tab_says_there_is_nothing_to_open_and_how_to_add() {
    set_lang(Lang::En);
    let mut a = app(3);
    let values = [("name", repbook::domain::fields::Value::Text("Empty Co".into()))];
    let id = a.store.write(|w| w.insert(&repbook::domain::schema::CUSTOMER, &values)).unwrap();
    a.open_dossier(&id);
    while a.tab() != Some(Tab::Competitors) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.overlay.is_none());
    assert_eq!(a.status.text, "The Competitors tab is empty: nothing to open. n adds one.");
    set_lang(Lang::ZhCn);
    a.status.text.clear();
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.status.text, "竞争对手标签页是空的：没有可打开的内容。按 n 添加。");
    set_lang(Lang::En);
}

#[test]
fn e_in_a_history_changes_read_view_edits_its_record() {
    set_lang(Lang::En);
    let mut a = app(12);
    dossier_on(&mut a, Tab::People);
    key(&mut a, KeyCode::Char('e'));
    typed(&mut a, "x");
    support::ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    while a.tab() != Some(Tab::History) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Enter);
    let Some(Overlay::Read(view)) = &a.overlay else { panic!("Enter reads the change") };
    assert!(view.target.is_some(), "the change's record is its target");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("e edit"), "e is offered: {text}");
    key(&mut a, KeyCode::Char('e'));
    let Some(Overlay::Form(f)) = &a.overlay else { panic!("e edits: {:?}", a.status) };
    assert!(f.title.starts_with("Edit key person"), "{}", f.title);
}

#[test]
fn help_says_more_only_while_there_is_more_below() {
    set_lang(Lang::En);
    let mut a = app(12);
    dossier_on(&mut a, Tab::Visits);
    key(&mut a, KeyCode::Char('?'));
    let text = screen(&mut a, 80, 14);
    assert!(text.contains("more ·"), "{text}");
    for _ in 0..60 {
        key(&mut a, KeyCode::PageDown);
    }
    let text = screen(&mut a, 80, 14);
    assert!(!text.contains("more ·"), "at the end: {text}");
    assert!(text.contains("back up"), "{text}");
}
