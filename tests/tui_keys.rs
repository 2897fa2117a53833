//! Keys on the screens, checked against the state and the store: search,
//! filters and sort, the mouse, deleting (asks first, soft) and quitting
//! with unsaved changes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::{Event, KeyCode, KeyModifiers};
use repbook::domain::schema::CUSTOMER;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::App;
use support::{ctrl, key, list_app, screen, typed};

#[test]
fn search_narrows_and_enter_opens_the_dossier() {
    set_lang(Lang::En);
    let mut a = list_app(60);
    let total = a.list.counts().1;
    key(&mut a, KeyCode::Char('/'));
    assert!(a.searching());
    typed(&mut a, "cq");
    let (shown, _) = a.list.counts();
    assert!(shown > 0 && shown < total, "{shown} of {total}");
    assert!(a.list.selected_name().unwrap().starts_with("重庆"));
    key(&mut a, KeyCode::Backspace);
    assert!(a.list.counts().0 > shown, "backspace widens the search");
    typed(&mut a, "q");
    key(&mut a, KeyCode::Enter);
    let d = a.dossier().expect("a dossier is open");
    assert!(d.dossier.customer.title().starts_with("重庆"));
    key(&mut a, KeyCode::Esc);
    assert!(a.dossier().is_none(), "Esc goes back to the list");
    assert_eq!(a.list.query_text(), "cq", "the search is kept");
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
}

#[test]
fn filters_and_sort_combine() {
    set_lang(Lang::En);
    let mut a = list_app(60);
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter); // class
    key(&mut a, KeyCode::Down); // A
    key(&mut a, KeyCode::Enter);
    let a_count = a.list.counts().0;
    assert!(a_count > 0 && a_count < 60);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "harbor");
    key(&mut a, KeyCode::Esc);
    assert!(a.list.counts().0 <= a_count);
    key(&mut a, KeyCode::Char('x'));
    assert!(a.list.filters.is_empty());
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.list.sort, repbook::tui::Sort::Class);
}

#[test]
fn the_mouse_is_off_until_m_then_scrolls_selects_and_opens_and_can_be_turned_off() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    set_lang(Lang::En);
    let mut a = list_app(30);
    let mouse = |a: &mut App, kind: MouseEventKind, row: u16| {
        a.handle_event(&Event::Mouse(MouseEvent { kind, column: 10, row, modifiers: KeyModifiers::NONE }));
    };
    // Off at first: the terminal keeps selecting and copying text.
    assert!(!a.mouse);
    let first = a.list.selected_id();
    mouse(&mut a, MouseEventKind::ScrollDown, 5);
    assert_eq!(a.list.selected_id(), first, "ignored while off");
    key(&mut a, KeyCode::Char('m'));
    assert!(a.mouse);
    mouse(&mut a, MouseEventKind::ScrollDown, 5);
    mouse(&mut a, MouseEventKind::ScrollDown, 5);
    let after_wheel = a.list.selected_id();
    // The body starts on line 3: line 7 is the fifth customer.
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), 7);
    let clicked = a.list.selected_id();
    assert_ne!(after_wheel, clicked);
    assert!(a.dossier().is_none(), "one click selects");
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), 7);
    assert_eq!(a.dossier().map(|d| d.id().to_string()), clicked, "a second click opens");
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), 1);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('m'));
    assert!(!a.mouse);
    let before = a.list.selected_id();
    mouse(&mut a, MouseEventKind::ScrollDown, 5);
    assert_eq!(a.list.selected_id(), before, "ignored while off");
}

#[test]
fn the_list_shows_standing_and_filters_and_sorts_by_it() {
    set_lang(Lang::En);
    let mut a = list_app(30);
    // Sort: best match → name → class → most overdue.
    for _ in 0..3 {
        key(&mut a, KeyCode::Char('s'));
    }
    assert_eq!(a.list.sort, repbook::tui::Sort::Overdue);
    let text = screen(&mut a, 120, 40);
    let first = text.lines().nth(3).unwrap();
    assert!(first.contains("d late"), "the most overdue first: {first}");
    // Filter: due state → overdue.
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::Enter); // the due dimension is first
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("overdue  (") && text.contains("not due  ("), "{text}");
    let any = text.lines().position(|l| l.contains("(any)")).unwrap();
    let overdue_pos = text.lines().position(|l| l.contains("overdue  (")).unwrap() - any;
    for _ in 0..overdue_pos {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    let (shown, total) = a.list.counts();
    assert!(shown > 0 && shown < total, "{shown} of {total}");
    let text = screen(&mut a, 120, 40);
    assert!(
        text.lines().skip(3).take(shown.min(30)).all(|l| l.contains("late") || l.trim().is_empty() || l.contains('│')),
        "{text}"
    );
}

#[test]
fn delete_asks_first_is_soft_and_never_drops_open_followups() {
    set_lang(Lang::En);
    let mut a = list_app(4);
    // A customer with no follow-ups, added by keyboard.
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "待删除客户");
    ctrl(&mut a, 's');
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "dsckh");
    key(&mut a, KeyCode::Esc);
    let id = a.list.selected_id().unwrap();
    assert_eq!(a.list.selected_name(), Some("待删除客户"));
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Char('n'));
    assert!(a.store.get(&CUSTOMER, &id).unwrap().unwrap().alive, "no means no");
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Char('y'));
    assert!(!a.store.get(&CUSTOMER, &id).unwrap().unwrap().alive, "soft: the row is still there");
    assert_eq!(a.list.counts().1, 4);
    // A customer with open follow-ups is not deleted; the status bar says
    // why at once, before any question (a yes would only be refused).
    let busy = a.store.active_followups().unwrap()[0].text("customer_id").unwrap().to_string();
    a.open_dossier(&busy);
    key(&mut a, KeyCode::Char('d'));
    assert!(a.overlay.is_none(), "no question to say yes to: {:?}", a.status);
    assert!(a.store.get(&CUSTOMER, &busy).unwrap().unwrap().alive);
    assert!(a.status.error && a.status.text.contains("open follow-up"), "{:?}", a.status);
}

#[test]
fn a_dirty_form_asks_before_quitting() {
    set_lang(Lang::En);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "半截客户");
    ctrl(&mut a, 'c');
    assert!(!a.quit, "unsaved work is not dropped silently");
    key(&mut a, KeyCode::Char('n'));
    assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Form(_))), "back to the form");
    ctrl(&mut a, 'c');
    key(&mut a, KeyCode::Char('y'));
    assert!(a.quit);
}

#[test]
fn a_person_added_by_keyboard_is_in_the_store_with_its_change_records() {
    set_lang(Lang::En);
    let mut a = list_app(5);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    let before = a.dossier().unwrap().dossier.people.len();
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "曾国强");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "采购总监");
    // Buying role: the 9th field; → picks the first role.
    for _ in 0..7 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Right);
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "saved and closed: {:?}", a.status);
    let people = &a.dossier().unwrap().dossier.people;
    assert_eq!(people.len(), before + 1);
    let p = people.iter().find(|p| p.title() == "曾国强").unwrap();
    assert_eq!(p.text("title"), Some("采购总监"));
    assert_eq!(p.text("role"), Some("economic_buyer"));
    let recorded: Vec<_> = a.store.changes().unwrap().into_iter().filter(|c| c.row == p.id).collect();
    assert_eq!(recorded.len(), 1, "one record creates the row");
    let initial: serde_json::Value = serde_json::from_str(recorded[0].value.as_deref().unwrap()).unwrap();
    let fields: Vec<&str> = initial.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["customer_id", "name", "role", "title"]);
}

/// The ids of the first `n` rows shown.
fn first_rows(a: &mut App, n: usize) -> Vec<String> {
    a.list.jump(false);
    let mut ids = Vec::new();
    for _ in 0..n {
        ids.push(a.list.selected_id().unwrap());
        a.list.move_by(1);
    }
    a.list.jump(false);
    ids
}

#[test]
fn a_query_matching_many_shows_its_first_page_at_once_then_counts_every_hit() {
    set_lang(Lang::En);
    let mut a = list_app(700);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "c");
    assert!(a.list.counting(), "more hits than a page: the first page first");
    assert_eq!(a.list.counts().0, 200);
    let page = first_rows(&mut a, 200);
    let shown = screen(&mut a, 120, 12);
    assert!(shown.contains("200+ of") && shown.contains("(counting…)"), "{shown}");
    // The run loop counts a slice at a time while no key waits.
    let mut slices = 0;
    while !a.list.advance() {
        slices += 1;
        assert!(slices < 1_000, "the count ends");
    }
    assert!(!a.list.counting());
    let (hits, _) = a.list.counts();
    assert!(hits > 200, "{hits}");
    assert_eq!(first_rows(&mut a, 200), page, "every hit listed: the page first, in the same order");
    assert!(!screen(&mut a, 120, 12).contains("counting"));
    // The same query typed again: its hits are known, nothing to count.
    typed(&mut a, "x");
    key(&mut a, KeyCode::Backspace);
    assert!(!a.list.counting());
    assert_eq!(a.list.counts().0, hits);
}
