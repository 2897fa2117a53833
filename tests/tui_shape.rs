//! The interface's shape (issue 9 §4): keys rebound in `[keys]` work, and
//! help, the status bar and every hint line show them (built from the live
//! keymap), never the defaults; one value says where the user is.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{App, Keymap, Overlay, Screen};
use std::collections::BTreeMap;
use support::{ctrl, key, screen, typed};

fn rebound() -> App {
    let mut a = support::app(6);
    let user: BTreeMap<String, Vec<String>> = [
        ("plan", &["P"][..]),
        ("save", &["ctrl-w"]),
        ("help", &["h"]),
        ("yes", &["o", "enter"]),
        ("restore", &["R"]),
        // P and R were the weekly plan's and the review's only keys:
        // a config taking them must give those a key too.
        ("week_plan", &["f7"]),
        ("review", &["f9"]),
    ]
    .into_iter()
    .map(|(a, k)| (a.to_string(), k.iter().map(|k| (*k).to_string()).collect()))
    .collect();
    a.set_keymap(Keymap::new(&user).unwrap());
    a
}

fn status_bar(text: &str) -> &str {
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap()
}

#[test]
fn help_status_bar_and_hints_show_the_keys_in_force() {
    set_lang(Lang::En);
    let mut a = rebound();
    let text = screen(&mut a, 120, 40);
    let bar = status_bar(&text);
    assert!(bar.contains("h keys") && bar.contains("P prepare"), "{bar}");
    assert!(!bar.contains("? keys") && !bar.contains("p prepare"), "{bar}");

    // Help lists the new keys beside what they do.
    key(&mut a, KeyCode::Char('h'));
    let help = screen(&mut a, 120, 80);
    let line = help.lines().find(|l| l.contains("Prepare a visit")).expect("help lists plan");
    assert!(line.contains("│ P ") && !line.contains(" p "), "{line}");
    let line = help.lines().find(|l| l.contains("Show keys")).unwrap();
    assert!(line.contains("│ h ") && !line.contains('?'), "{line}");
    key(&mut a, KeyCode::Esc);

    // The old key does nothing; the new one opens the plan form, whose
    // hint says how to save, and that key saves.
    key(&mut a, KeyCode::Char('p'));
    assert!(a.overlay.is_none(), "p is no longer plan");
    key(&mut a, KeyCode::Char('P'));
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "P plans: {:?}", a.status);
    let form = screen(&mut a, 120, 40);
    assert!(form.contains("Ctrl-W save") && !form.contains("Ctrl-S"), "{form}");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "Ctrl-S is no longer save");

    // A question's hint too, and its rebound key.
    let mut a = rebound();
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    assert!(a.dossier().is_some());
    // Its open follow-ups dropped first: a customer with one open is
    // refused before any question.
    let customer = a.dossier().unwrap().id().to_string();
    support::drop_open_followups(&mut a, &customer);
    key(&mut a, KeyCode::Char('d'));
    let ask = screen(&mut a, 120, 40);
    assert!(ask.contains("o / Enter: yes") && !ask.contains("y / Enter"), "{ask}");
    key(&mut a, KeyCode::Char('y'));
    assert!(a.overlay.is_some(), "y is no longer yes");
    key(&mut a, KeyCode::Char('o'));
    // Yes was carried out: the customer is in the Trash.
    assert!(a.overlay.is_none(), "{:?}", a.status);
    assert!(!a.store.get(&repbook::domain::schema::CUSTOMER, &customer).unwrap().unwrap().alive, "{:?}", a.status);
}

#[test]
fn a_rebound_sheet_key_works_and_its_hint_says_so() {
    set_lang(Lang::En);
    let mut a = rebound();
    key(&mut a, KeyCode::Char('T'));
    let trash = screen(&mut a, 120, 40);
    assert!(trash.contains("R restore") && !trash.contains("r restore"), "{trash}");
}

#[test]
fn the_form_saves_with_the_rebound_key() {
    set_lang(Lang::En);
    let mut a = rebound();
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('n'));
    assert!(matches!(a.overlay, Some(Overlay::Form(_))));
    typed(&mut a, "Rebound Trading Co");
    let before = a.list.counts().1;
    ctrl(&mut a, 'w');
    assert!(a.overlay.is_none(), "saved: {:?}", a.status);
    assert_eq!(a.list.counts().1, before + 1);
}

#[test]
fn a_dossier_opened_while_searching_goes_back_to_the_list_not_to_a_search_behind_it() {
    set_lang(Lang::En);
    let mut a = support::list_app(20);
    key(&mut a, KeyCode::Char('m'));
    key(&mut a, KeyCode::Char('/'));
    assert!(a.searching());
    // Two clicks on a row open its dossier while the search field had the keys.
    let click = |a: &mut App| {
        let kind = MouseEventKind::Down(MouseButton::Left);
        a.handle_event(&Event::Mouse(MouseEvent { kind, column: 10, row: 5, modifiers: KeyModifiers::NONE }));
    };
    click(&mut a);
    click(&mut a);
    assert!(a.dossier().is_some() && !a.searching(), "a dossier, no search field behind it");
    key(&mut a, KeyCode::Esc);
    assert!(a.dossier().is_none() && !a.home() && !a.searching(), "back on the list");
    // Keys are the list's again: j moves, it is not typed into the query.
    let before = a.list.selected;
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.list.selected, before + 1);
    assert_eq!(a.list.query_text(), "");
    // Esc from a dossier opened from Today goes back to Today.
    key(&mut a, KeyCode::Char('t'));
    assert!(matches!(a.screen, Screen::Today));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('t'));
    assert!(a.home() && a.dossier().is_none());
}

#[test]
fn help_never_cuts_a_description_and_scrolls_when_taller_than_the_screen() {
    for (lang, w, h, wanted) in [
        (
            Lang::En,
            100,
            16,
            &[
                "Search customers",
                "Open (in a dossier: read the item in full)",
                "Log a phone call (its fields first)",
                "Quit",
            ][..],
        ),
        (
            Lang::En,
            80,
            24,
            &["Undo the last change of this session", "New (customer, or what the tab holds)", "Show keys"],
        ),
        (Lang::ZhCn, 80, 24, &["打开（在档案里：完整查看所选条目）", "撤销本次会话的上一个改动", "退出"]),
    ] {
        set_lang(lang);
        let mut a = support::app(3);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Char('?'));
        // Too short for the list's keys: ↓ scrolls, and every description
        // shows in full on some screen.
        let mut seen = screen(&mut a, w, h);
        for _ in 0..80 {
            key(&mut a, KeyCode::Down);
            seen.push_str(&screen(&mut a, w, h));
        }
        assert!(a.overlay.is_some(), "↓ scrolls help, it does not close it");
        for text in wanted {
            assert!(seen.contains(text), "{text}:\n{seen}");
        }
        key(&mut a, KeyCode::Esc);
        assert!(a.overlay.is_none());
    }
    set_lang(Lang::En);
}

#[test]
fn the_palette_offers_what_works_on_the_screen_under_it_in_full() {
    set_lang(Lang::En);
    let mut a = support::app(6);
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "filter");
    let on_today = screen(&mut a, 80, 24);
    assert!(!on_today.contains("Filter the list"), "Today has no filter:\n{on_today}");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "filter");
    let on_list = screen(&mut a, 80, 24);
    assert!(on_list.contains("f  Filter the list"), "{on_list}");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Some(Overlay::Filter(_))), "runs it");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char(':'));
    typed(&mut a, "open");
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Open (in a dossier: read the item in full)"), "not cut:\n{text}");
}

#[test]
fn a_search_kept_behind_the_list_says_how_to_change_it() {
    set_lang(Lang::En);
    let mut a = support::list_app(20);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "a");
    let hint = "(/ changes the search, Esc clears it; keys act on the list)";
    assert!(!screen(&mut a, 100, 20).contains(hint), "typing into the field: no hint");
    key(&mut a, KeyCode::Enter);
    assert!(a.dossier().is_some());
    key(&mut a, KeyCode::Esc);
    assert!(!a.searching() && a.list.query_text() == "a");
    let shown = screen(&mut a, 100, 20);
    let first = shown.lines().find(|l| l.contains("/ a")).unwrap_or_default();
    assert!(first.contains(hint), "{shown}");
    // Too narrow for it: the query alone.
    assert!(!screen(&mut a, 40, 20).contains("changes the search"));
    key(&mut a, KeyCode::Esc);
    assert!(!screen(&mut a, 100, 20).contains(hint), "no search, no hint");
}
