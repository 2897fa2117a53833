//! On Today a row is its record (issue 9 §1.1): `e` edits the visit or the
//! follow-up the row shows, not its customer; a delete's question says how
//! to take it back in the interface.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{Item, Overlay};
use support::{app, key, list_app};

fn edit_form_table(a: &repbook::tui::App) -> &'static str {
    match &a.overlay {
        Some(Overlay::Form(f)) => f.table.name,
        other => panic!("no form open: {:?}", other.is_some()),
    }
}

/// A kind of Today row, and the table of the form `e` opens on it.
type Row = (fn(&Item) -> bool, &'static str);

#[test]
fn e_on_today_edits_what_the_row_is() {
    set_lang(Lang::En);
    let rows: [Row; 3] = [
        (|i| matches!(i, Item::Planned(_)), "visit"),
        (|i| matches!(i, Item::Followup(_)), "followup"),
        (|i| matches!(i, Item::Overdue(_)), "customer"),
    ];
    for (wanted, table) in rows {
        let mut a = app(60);
        for _ in 0..200 {
            if a.today.selected_item().as_ref().is_some_and(wanted) {
                break;
            }
            key(&mut a, KeyCode::Down);
        }
        assert!(a.today.selected_item().as_ref().is_some_and(wanted), "the demo's Today has such a row");
        key(&mut a, KeyCode::Char('e'));
        assert_eq!(edit_form_table(&a), table);
    }
}

#[test]
fn a_delete_says_the_trash_and_undo_bring_it_back() {
    set_lang(Lang::En);
    let mut a = list_app(5);
    // The first customer with no follow-up open (one with a follow-up open
    // is refused before any question).
    for _ in 0..5 {
        key(&mut a, KeyCode::Char('d'));
        if a.overlay.is_some() {
            break;
        }
        key(&mut a, KeyCode::Down);
    }
    let Some(Overlay::Confirm { message, .. }) = &a.overlay else { panic!("asks first: {:?}", a.status) };
    assert!(message.contains("Trash (T)") && message.contains("u undoes"), "{message}");
    assert!(!message.contains("command line"), "{message}");
}

#[test]
fn a_prompt_answers_on_enter_even_when_yes_is_bound_only_to_a_letter() {
    use repbook::tui::Keymap;
    set_lang(Lang::En);
    let mut a = app(60);
    let user: std::collections::BTreeMap<String, Vec<String>> =
        [("yes".to_string(), vec!["Y".to_string()])].into_iter().collect();
    a.set_keymap(Keymap::new(&user).unwrap());
    for _ in 0..200 {
        if a.today.selected_item().as_ref().is_some_and(|i| matches!(i, Item::Followup(_))) {
            break;
        }
        key(&mut a, KeyCode::Down);
    }
    let Some(Item::Followup(f)) = a.today.selected_item() else { panic!("a follow-up row") };
    key(&mut a, KeyCode::Char('d'));
    assert!(matches!(a.overlay, Some(Overlay::Prompt(_))), "asks for the reason");
    let text = support::screen(&mut a, 100, 30);
    assert!(text.contains("Enter"), "the hint names a key that answers:\n{text}");
    support::typed(&mut a, "客户不需要了");
    key(&mut a, KeyCode::Enter);
    let now = a.store.get(&repbook::domain::schema::FOLLOWUP, f.id()).unwrap().unwrap();
    assert_eq!(now.text("status"), Some("dropped"), "{:?}", a.status);
    assert_eq!(now.text("reason"), Some("客户不需要了"));
}

#[test]
fn typing_over_the_offered_snooze_date_replaces_it() {
    set_lang(Lang::En);
    let mut a = app(60);
    for _ in 0..200 {
        if a.today.selected_item().as_ref().is_some_and(|i| matches!(i, Item::Followup(_))) {
            break;
        }
        key(&mut a, KeyCode::Down);
    }
    let Some(Item::Followup(f)) = a.today.selected_item() else { panic!("a follow-up row") };
    key(&mut a, KeyCode::Char('z'));
    support::typed(&mut a, "in 3 days");
    key(&mut a, KeyCode::Enter);
    let now = a.store.get(&repbook::domain::schema::FOLLOWUP, f.id()).unwrap().unwrap();
    let today = a.store.clock().today();
    assert_eq!(
        now.text("due"),
        Some((today + chrono::Duration::days(3)).format("%Y-%m-%d").to_string().as_str()),
        "{:?}",
        a.status
    );
}

/// Enter on a Today row opens its dossier on the tab that shows it, with
/// that very record selected: the next key (`c`, `e`, `l`, `d`) acts on
/// what the user chose, not on the tab's first row (review of issue 9).
#[test]
fn enter_on_today_selects_the_record_the_row_is() {
    set_lang(Lang::En);
    let mut a = app(60);
    let mut checked = 0;
    let mut not_first = 0;
    for _ in 0..120 {
        let Some(item) = a.today.selected_item() else {
            key(&mut a, KeyCode::Down);
            continue;
        };
        let record = item.record().map(str::to_string);
        key(&mut a, KeyCode::Enter);
        let d = a.dossier().expect("a dossier opens");
        if let Some(record) = &record {
            assert_eq!(d.selected_item().map(|e| e.id.as_str()), Some(record.as_str()), "tab {:?}", d.tab);
            checked += 1;
            not_first += usize::from(d.selected > 0);
        }
        key(&mut a, KeyCode::Esc);
        assert!(a.dossier().is_none(), "back to Today");
        let before = a.today.selected;
        key(&mut a, KeyCode::Down);
        if a.today.selected == before {
            break;
        }
    }
    assert!(checked > 20, "{checked} rows checked");
    assert!(not_first > 0, "some row is not its tab's first, so the test can fail");
}
