//! Undo, the Trash and the week view in the interface (issue 9 §1.2,
//! §2.1): snapshots at 80×24 and 120×40 in both languages, and keys checked
//! against the store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use chrono::Datelike;
use crossterm::event::KeyCode;
use repbook::domain::schema::{CUSTOMER, PERSON, VISIT};
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{App, Sheet, Tab};
use support::{app, key, screen};

/// The first customer's dossier on its People tab.
fn people_of_first(a: &mut App) {
    key(a, KeyCode::Tab);
    key(a, KeyCode::Enter);
    key(a, KeyCode::Tab);
    assert_eq!(a.tab(), Some(Tab::People));
}

fn selected_person(a: &App) -> (String, String) {
    let d = a.dossier().unwrap();
    let p = &d.dossier.people[d.selected];
    (p.id.clone(), p.title().to_string())
}

/// Delete the selected record of the dossier (with its yes).
fn delete_selected(a: &mut App) {
    key(a, KeyCode::Char('d'));
    assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Confirm { .. })));
    key(a, KeyCode::Char('y'));
}

/// Delete a customer through the store, dropping its open follow-ups first.
fn delete_customer(a: &mut App, customer: &str) {
    support::drop_open_followups(a, customer);
    a.store.write(|w| w.set_alive(&CUSTOMER, customer, false)).unwrap();
}

fn screens(lang: Lang, w: u16, h: u16) -> Vec<(&'static str, String)> {
    set_lang(lang);
    let mut out = Vec::new();
    let mut a = app(12);
    key(&mut a, KeyCode::Char('w'));
    out.push(("week", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Right);
    out.push(("week_next", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Left);
    for _ in 0..3 {
        key(&mut a, KeyCode::Char('f'));
    }
    out.push(("week_followups", screen(&mut a, w, h)));
    // w: the month, the days with something on them.
    key(&mut a, KeyCode::Char('w'));
    out.push(("month_followups", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Char('w'));
    key(&mut a, KeyCode::Esc);
    people_of_first(&mut a);
    delete_selected(&mut a);
    key(&mut a, KeyCode::Char('T'));
    out.push(("trash_of_customer", screen(&mut a, w, h)));
    // Enter reads the deleted record; r asks before restoring it.
    key(&mut a, KeyCode::Enter);
    out.push(("trash_read", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('r'));
    out.push(("trash_confirm", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    // A second customer deleted (its follow-ups closed first, as the rule
    // asks), and the first one's competitor note.
    let first = a.dossier().unwrap().id().to_string();
    let customers = a.store.customers(&repbook::store::CustomerFilter::default()).unwrap();
    let second = customers.into_iter().find(|c| c.id != first).unwrap().id;
    delete_customer(&mut a, &second);
    // The first of its tabs after People with something on it.
    key(&mut a, KeyCode::Tab);
    while a.dossier().unwrap().items().is_empty() {
        key(&mut a, KeyCode::Tab);
        assert_ne!(a.tab(), Some(Tab::Followups));
    }
    delete_selected(&mut a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char(':'));
    for c in "trash".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    out.push(("trash", screen(&mut a, w, h)));
    out
}

#[test]
fn the_new_views_in_both_languages_and_sizes() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        for (w, h) in [(80, 24), (120, 40)] {
            for (name, text) in screens(lang, w, h) {
                insta::assert_snapshot!(format!("{tag}_{w}x{h}_{name}"), text);
            }
        }
    }
    set_lang(Lang::En);
}

#[test]
fn u_takes_back_a_delete_then_the_edit_before_it() {
    set_lang(Lang::En);
    let mut a = app(12);
    people_of_first(&mut a);
    let (id, name) = selected_person(&a);
    // An edit, then a delete: two levels.
    key(&mut a, KeyCode::Char('e'));
    // The department: free text.
    for _ in 0..2 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('X'));
    support::ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{}", a.status.text);
    let edited = a.store.get(&PERSON, &id).unwrap().unwrap();
    delete_selected(&mut a);
    assert!(!a.store.get(&PERSON, &id).unwrap().unwrap().alive);
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(a.status.text, format!("Undone: deleted key person {name}"));
    assert!(a.store.get(&PERSON, &id).unwrap().unwrap().alive);
    assert!(a.dossier().unwrap().dossier.people.iter().any(|p| p.id == id), "the dossier shows it again");
    key(&mut a, KeyCode::Char('u'));
    assert!(a.status.text.starts_with(&format!("Undone: edited key person {name}")), "{}", a.status.text);
    let back = a.store.get(&PERSON, &id).unwrap().unwrap();
    assert_ne!(back.values, edited.values, "the edit is taken back");
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(a.status.text, "Nothing to undo in this session.");
}

#[test]
fn history_names_what_was_deleted() {
    set_lang(Lang::En);
    let mut a = app(12);
    people_of_first(&mut a);
    let (_, name) = selected_person(&a);
    delete_selected(&mut a);
    while a.tab() != Some(Tab::History) {
        key(&mut a, KeyCode::Tab);
    }
    let text = screen(&mut a, 120, 40);
    assert!(text.contains(&format!("key person {name} · deleted")), "{text}");
}

#[test]
fn restoring_from_the_trash_brings_back_a_customer_and_asks_for_its_person() {
    set_lang(Lang::En);
    let mut a = app(12);
    people_of_first(&mut a);
    let (person, _) = selected_person(&a);
    let customer = a.dossier().unwrap().id().to_string();
    delete_selected(&mut a);
    delete_customer(&mut a, &customer);
    key(&mut a, KeyCode::Char('t'));
    key(&mut a, KeyCode::Char('T'));
    let Some(Sheet::Trash(view)) = &a.sheet else { panic!("the Trash is open") };
    assert_eq!(view.items.len(), 2);
    // The person first (deleted before): its customer comes back with it.
    let at = view.items.iter().position(|i| i.id == person).unwrap();
    for _ in 0..at {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('r'));
    let Some(repbook::tui::Overlay::Confirm { message, .. }) = &a.overlay else { panic!("asks first") };
    assert!(message.contains("is deleted too"), "{message}");
    key(&mut a, KeyCode::Char('y'));
    assert!(a.store.get(&CUSTOMER, &customer).unwrap().unwrap().alive);
    assert!(a.store.get(&PERSON, &person).unwrap().unwrap().alive);
    let Some(Sheet::Trash(view)) = &a.sheet else { panic!("the Trash stays open") };
    assert!(view.items.is_empty(), "and is read again");
    assert!(a.status.text.starts_with("Restored key person"), "{}", a.status.text);
}

#[test]
fn w_shows_the_weeks_plans_of_every_customer_and_enter_opens_one() {
    set_lang(Lang::En);
    let mut a = app(12);
    key(&mut a, KeyCode::Char('w'));
    let Some(Sheet::Week(view)) = &a.sheet else { panic!("the week view is open") };
    let (from, to) = view.range();
    assert_eq!(from.format("%Y-%m-%d").to_string(), "2026-11-16");
    let planned: Vec<_> = a
        .store
        .records(&VISIT, &repbook::store::RecordQuery { status: Some("planned".into()), ..Default::default() })
        .unwrap()
        .into_iter()
        .filter(|v| (from..=to).contains(&v.text("date").and_then(repbook::domain::fields::parse_iso_date).unwrap()))
        .collect();
    assert_eq!(view.visits.len(), planned.len());
    key(&mut a, KeyCode::Right);
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert_eq!(view.range().0.format("%Y-%m-%d").to_string(), "2026-11-23");
    if let Some(v) = view.selected_visit() {
        let id = v.id.clone();
        // Enter reads it in full; e edits it.
        key(&mut a, KeyCode::Enter);
        assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Read(_))), "Enter reads the visit");
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('e'));
        let Some(repbook::tui::Overlay::Form(form)) = &a.overlay else { panic!("the plan's form") };
        assert_eq!(form.id.as_deref(), Some(id.as_str()));
        key(&mut a, KeyCode::Esc);
    }
    // f: held, all visits and calls, then follow-ups to do, closed, and
    // all the follow-ups due that week, of every customer.
    for _ in 0..5 {
        key(&mut a, KeyCode::Char('f'));
    }
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    let (from, to) = view.range();
    let query = repbook::store::RecordQuery { from: Some(from), to: Some(to), ..Default::default() };
    let due = a.store.records(&repbook::domain::schema::FOLLOWUP, &query).unwrap();
    assert!(!due.is_empty(), "the demo has follow-ups due that week");
    assert_eq!(view.visits.iter().map(|f| &f.id).collect::<Vec<_>>(), due.iter().map(|f| &f.id).collect::<Vec<_>>());
    key(&mut a, KeyCode::Esc);
    assert!(a.sheet.is_none());
}

#[test]
fn help_says_what_a_key_does_on_the_view_it_is_asked_on() {
    set_lang(Lang::En);
    let mut a = app(20);
    key(&mut a, KeyCode::Char('w'));
    key(&mut a, KeyCode::Char('?'));
    let week = screen(&mut a, 100, 40);
    assert!(week.contains("The week or month after") && week.contains("The week or month before"), "{week}");
    assert!(week.contains("Switch between a week and a month"), "{week}");
    assert!(!week.contains("Next tab"), "← → change the week here:\n{week}");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('T'));
    key(&mut a, KeyCode::Char('?'));
    let trash = screen(&mut a, 100, 40);
    assert!(trash.contains("Restore the selected record"), "{trash}");
}

#[test]
fn the_agenda_shows_a_month_filters_by_status_and_closes_a_follow_up_where_it_is() {
    set_lang(Lang::En);
    let mut a = app(20);
    let today = a.store.clock().today();
    key(&mut a, KeyCode::Char('w'));
    // w again: the month; → the next month.
    key(&mut a, KeyCode::Char('w'));
    let Some(Sheet::Week(view)) = &a.sheet else { panic!("the agenda is open") };
    let (from, to) = view.range();
    assert_eq!((from, to), (today.with_day(1).unwrap(), repbook::domain::period::month_end(today)));
    key(&mut a, KeyCode::Right);
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert_eq!(view.range().0, repbook::domain::period::month_end(today).succ_opt().unwrap());
    key(&mut a, KeyCode::Left);
    // f three times: the follow-ups still to do this month, none closed.
    for _ in 0..3 {
        key(&mut a, KeyCode::Char('f'));
    }
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert!(!view.visits.is_empty(), "the demo has follow-ups to do this month");
    assert!(view.visits.iter().all(repbook::domain::followup::is_active));
    let query = repbook::store::RecordQuery { from: Some(from), to: Some(to), ..Default::default() };
    let all = a.store.records(&repbook::domain::schema::FOLLOWUP, &query).unwrap();
    let to_do = all.iter().filter(|f| repbook::domain::followup::is_active(f)).count();
    assert_eq!(view.visits.len(), to_do);
    // c closes the selected one, here; it leaves the list of those to do.
    let id = view.selected_visit().unwrap().id.clone();
    key(&mut a, KeyCode::Char('c'));
    assert!(matches!(a.sheet, Some(Sheet::Week(_))), "c acts on the agenda, which stays open");
    let done = a.store.get(&repbook::domain::schema::FOLLOWUP, &id).unwrap().unwrap();
    assert_eq!(done.text("status"), Some("done"));
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert_eq!(view.visits.len(), to_do - 1);
    // f: the closed ones now hold it; u takes it back.
    key(&mut a, KeyCode::Char('f'));
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert!(view.visits.iter().any(|f| f.id == id));
    key(&mut a, KeyCode::Char('u'));
    let back = a.store.get(&repbook::domain::schema::FOLLOWUP, &id).unwrap().unwrap();
    assert!(repbook::domain::followup::is_active(&back));
    // z on a follow-up to do asks for a date (f goes round: all, the
    // visits planned, held, all, then those to do).
    for _ in 0..5 {
        key(&mut a, KeyCode::Char('f'));
    }
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert!(view.selected_visit().is_some_and(repbook::domain::followup::is_active));
    key(&mut a, KeyCode::Char('z'));
    assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Prompt(_))), "z asks for the date");
}

#[test]
fn the_agenda_acts_only_on_a_row_it_shows_and_w_twice_comes_back_to_the_week() {
    use repbook::domain::schema::FOLLOWUP;
    set_lang(Lang::En);
    let mut a = app(20);
    // A follow-up selected on Today, then the agenda on an empty period.
    let mut id = None;
    for _ in 0..40 {
        if let Some(repbook::tui::today::Item::Followup(e)) = a.today.selected_item() {
            id = Some(e.id().to_string());
            break;
        }
        key(&mut a, KeyCode::Down);
    }
    let id: String = id.expect("the demo has a follow-up on Today");
    key(&mut a, KeyCode::Char('w'));
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    let week = view.range();
    // w twice: the month, then the same week again.
    key(&mut a, KeyCode::Char('w'));
    key(&mut a, KeyCode::Char('w'));
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert_eq!(view.range(), week, "w twice comes back to the week it left");
    // Far ahead, nothing: c, d, l, z act on nothing.
    for _ in 0..30 {
        key(&mut a, KeyCode::Right);
    }
    let Some(Sheet::Week(view)) = &a.sheet else { panic!() };
    assert!(view.visits.is_empty(), "nothing planned 30 weeks ahead");
    for k in ['c', 'd', 'l', 'z'] {
        key(&mut a, KeyCode::Char(k));
        assert!(a.overlay.is_none(), "{k} opened something for a row not shown");
    }
    let f = a.store.get(&FOLLOWUP, &id).unwrap().unwrap();
    assert!(repbook::domain::followup::is_active(&f), "Today's follow-up was not touched");
}
