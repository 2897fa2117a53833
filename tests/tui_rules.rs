//! The interface applies the library's rules, as the CLI does: a plan dated
//! later, logging again, defaults of new records, the standing, and one
//! filter model — each checked against the store or the CLI's library call.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::App;
use support::{ctrl, key, list_app, screen, typed};

/// Select the visit `id` on the open dossier's Visits tab.
fn select_visit(a: &mut App, id: &str) {
    while a.tab() != Some(repbook::tui::Tab::Visits) {
        key(a, KeyCode::Tab);
    }
    key(a, KeyCode::Char('g'));
    let pos = a.dossier().unwrap().items().iter().position(|v| v.id == id).unwrap();
    for _ in 0..pos {
        key(a, KeyCode::Down);
    }
}

#[test]
fn l_on_a_plan_dated_later_is_refused_like_the_cli_refuses_it() {
    use repbook::domain::fields::Value;
    use repbook::domain::schema::VISIT;
    set_lang(Lang::En);
    let mut a = list_app(3);
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    let values = [
        ("customer_id", Value::Text(customer.clone())),
        ("kind", Value::Text("visit".into())),
        ("status", Value::Text("planned".into())),
        ("date", Value::Text("2026-11-25".into())),
    ];
    let plan = a.store.write(|w| w.insert(&VISIT, &values)).unwrap();
    a.open_dossier(&customer);
    select_visit(&mut a, &plan);
    let changes = a.store.change_count().unwrap();
    key(&mut a, KeyCode::Char('l'));
    assert!(a.overlay.is_none(), "no log form for a visit that has not happened");
    assert!(a.status.error && a.status.text.contains("has not happened yet"), "{:?}", a.status);
    assert!(!a.status.text.contains("--"), "the interface names no CLI flag: {:?}", a.status);
    let v = a.store.get(&VISIT, &plan).unwrap().unwrap();
    assert_eq!((v.text("status"), v.text("date")), (Some("planned"), Some("2026-11-25")), "not moved to today");
    assert_eq!(a.store.change_count().unwrap(), changes);
}

#[test]
fn l_on_a_done_visit_logs_it_again_without_duplicate_followups() {
    use repbook::domain::schema::{FOLLOWUP, VISIT};
    set_lang(Lang::En);
    let mut a = list_app(3);
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    let before = a.store.children(&FOLLOWUP, &customer).unwrap().len();
    // l with nothing selected: a new visit, held today, with a next step.
    key(&mut a, KeyCode::Char('l'));
    let next = a.tabs_to_field("next_step");
    for _ in 0..next {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "Send samples @ 2026-11-27");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    assert!(a.status.text.contains("Send samples (11-27)"), "{:?}", a.status);
    let made = a.store.children(&FOLLOWUP, &customer).unwrap();
    assert_eq!(made.len(), before + 1);
    let visit = a
        .store
        .children(&VISIT, &customer)
        .unwrap()
        .into_iter()
        .find(|v| v.text("logged_on").is_some() && v.text("next_step").is_some())
        .unwrap();
    // l on that done visit: its log, to correct; saved as it is.
    select_visit(&mut a, &visit.id);
    key(&mut a, KeyCode::Char('l'));
    assert!(a.overlay.is_some(), "{:?}", a.status);
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    assert_eq!(a.store.children(&FOLLOWUP, &customer).unwrap().len(), before + 1, "no duplicate");
    assert_eq!(
        a.store.children(&VISIT, &customer).unwrap().iter().filter(|v| v.text("next_step").is_some()).count(),
        1
    );
}

#[test]
fn n_on_visits_and_followups_starts_from_the_same_defaults_as_the_cli() {
    use repbook::domain::schema::FOLLOWUP;
    set_lang(Lang::En);
    let mut a = list_app(3);
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    while a.tab() != Some(repbook::tui::Tab::Followups) {
        key(&mut a, KeyCode::Tab);
    }
    let before = a.store.children(&FOLLOWUP, &customer).unwrap().len();
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Call back");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "only what to do had to be typed: {:?}", a.status);
    let all = a.store.children(&FOLLOWUP, &customer).unwrap();
    assert_eq!(all.len(), before + 1);
    let f = all.iter().find(|f| f.text("what") == Some("Call back")).unwrap();
    assert_eq!((f.text("status"), f.text("source"), f.text("due")), (Some("open"), Some("manual"), Some("2026-11-22")));
    // A new follow-up is offered only what the life cycle allows: its
    // status stays open, and the required From has no blank choice.
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Never mind");
    for (field, presses) in [("status", 4), ("source", 9)] {
        let at = a.tabs_to_field(field);
        for _ in 0..at {
            key(&mut a, KeyCode::Tab);
        }
        let mut seen = Vec::new();
        for i in 0..presses {
            key(&mut a, if i % 3 == 2 { KeyCode::Left } else { KeyCode::Right });
            seen.push(field_text(&a, field));
        }
        assert!(seen.iter().all(|t| !t.is_empty()), "{field}: {seen:?}");
        if field == "status" {
            assert!(seen.iter().all(|t| t == "open"), "{seen:?}");
        }
    }
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let made = a.store.children(&FOLLOWUP, &customer).unwrap();
    assert_eq!(made.iter().find(|f| f.text("what") == Some("Never mind")).unwrap().text("status"), Some("open"));
}

/// The text of `field` in the open form.
fn field_text(a: &App, field: &str) -> String {
    match &a.overlay {
        Some(repbook::tui::Overlay::Form(f)) => f.fields.iter().find(|x| x.spec.name == field).unwrap().text(),
        _ => panic!("no form"),
    }
}

/// Open the dossier of a customer, a plan and a held visit of its own.
fn with_visits(a: &mut App) -> (String, String, String) {
    use repbook::domain::fields::Value;
    use repbook::domain::schema::VISIT;
    key(a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    let visit = |status: &str, date: &str| {
        vec![
            ("customer_id", Value::Text(customer.clone())),
            ("kind", Value::Text("visit".into())),
            ("status", Value::Text(status.into())),
            ("date", Value::Text(date.into())),
        ]
    };
    let plan = a.store.write(|w| w.insert(&VISIT, &visit("planned", "2026-11-26"))).unwrap();
    let held = a.store.write(|w| w.insert(&VISIT, &visit("done", "2026-11-20"))).unwrap();
    a.open_dossier(&customer);
    (customer, plan, held)
}

#[test]
fn the_edit_form_cannot_mark_a_later_plan_held() {
    use repbook::domain::schema::VISIT;
    set_lang(Lang::En);
    let mut a = list_app(3);
    let (_, plan, _) = with_visits(&mut a);
    select_visit(&mut a, &plan);
    key(&mut a, KeyCode::Char('e'));
    assert!(a.overlay.is_some(), "{:?}", a.status);
    let at = a.tabs_to_field("status");
    for _ in 0..at {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Right);
    assert_eq!(field_text(&a, "status"), "done");
    let changes = a.store.change_count().unwrap();
    ctrl(&mut a, 's');
    assert!(a.status.error && a.status.text.contains("has not happened yet"), "{:?}", a.status);
    assert!(a.overlay.is_some(), "the form stays open");
    assert_eq!(a.store.get(&VISIT, &plan).unwrap().unwrap().text("status"), Some("planned"));
    assert_eq!(a.store.change_count().unwrap(), changes);
}

#[test]
fn a_next_step_edited_on_a_held_visit_in_the_form_becomes_a_followup() {
    use repbook::domain::schema::FOLLOWUP;
    set_lang(Lang::En);
    let mut a = list_app(3);
    let (customer, _, held) = with_visits(&mut a);
    let before = a.store.children(&FOLLOWUP, &customer).unwrap().len();
    select_visit(&mut a, &held);
    key(&mut a, KeyCode::Char('e'));
    let at = a.tabs_to_field("next_step");
    for _ in 0..at {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "Secret step @ 2026-11-30");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let all = a.store.children(&FOLLOWUP, &customer).unwrap();
    assert_eq!(all.len(), before + 1);
    assert!(a.status.text.contains("Follow-up added: Secret step (11-30)"), "{:?}", a.status);
    let f = all.iter().find(|f| f.text("what") == Some("Secret step")).unwrap();
    assert_eq!((f.text("due"), f.text("status")), (Some("2026-11-30"), Some("open")));
}

#[test]
fn logging_again_in_the_interface_says_added_and_kept_truthfully() {
    use repbook::domain::schema::FOLLOWUP;
    set_lang(Lang::En);
    let mut a = list_app(3);
    let (customer, _, held) = with_visits(&mut a);
    let log = |a: &mut App, steps: &str| {
        select_visit(a, &held);
        key(a, KeyCode::Char('l'));
        let at = a.tabs_to_field("next_step");
        for _ in 0..at {
            key(a, KeyCode::Tab);
        }
        // Replace what is there.
        ctrl(a, 'u');
        while !field_text(a, "next_step").is_empty() {
            key(a, KeyCode::Backspace);
            key(a, KeyCode::Delete);
        }
        typed(a, steps);
        ctrl(a, 's');
        assert!(a.overlay.is_none(), "{:?}", a.status);
        a.status.text.clone()
    };
    let first = log(&mut a, "Send contract @ 2026-11-23");
    assert!(first.contains("Follow-up added: Send contract (11-23)"), "{first}");
    let before = a.store.children(&FOLLOWUP, &customer).unwrap().len();
    let again = log(&mut a, "Send contract @ 2026-11-23");
    assert!(again.contains("Follow-up kept: Send contract (11-23)") && !again.contains("added"), "{again}");
    let moved = log(&mut a, "Book demo @ 2026-11-24");
    assert!(moved.contains("Follow-up added: Book demo (11-24)"), "{moved}");
    assert!(moved.contains("Kept, no longer a next step: Send contract (11-23)"), "{moved}");
    assert_eq!(a.store.children(&FOLLOWUP, &customer).unwrap().len(), before + 1);
}

#[test]
fn the_dossier_overview_shows_the_standing() {
    set_lang(Lang::En);
    let mut a = list_app(30);
    // The most overdue customer first, then its dossier.
    for _ in 0..3 {
        key(&mut a, KeyCode::Char('s'));
    }
    let list = screen(&mut a, 120, 40);
    let row = list.lines().nth(3).unwrap().to_string();
    let cells: Vec<&str> = row.split("  ").map(str::trim).collect();
    let late = cells.iter().rev().find(|c| c.contains("late")).unwrap().to_string();
    key(&mut a, KeyCode::Enter);
    assert!(a.dossier().unwrap().standing.is_some());
    let text = screen(&mut a, 120, 40);
    assert!(text.contains(&late), "the list says {late:?}; the overview says the same:\n{text}");
}

#[test]
fn the_list_and_the_cli_filter_with_one_model_due_state_and_deleted_ones() {
    use repbook::domain::cadence::Due;
    use repbook::domain::filter::CustomerFilter;
    set_lang(Lang::En);
    let mut a = list_app(30);
    let today = a.store.clock().today();
    // Due state → overdue, through the filter menu.
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::Enter);
    let text = screen(&mut a, 120, 40);
    let any = text.lines().position(|l| l.contains("(any)")).unwrap();
    let at = text.lines().position(|l| l.contains("overdue  (")).unwrap() - any;
    for _ in 0..at {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    let want = CustomerFilter { due: Some(Due::Overdue), ..CustomerFilter::default() };
    assert_eq!(a.list.filter(), want);
    let cli = a.store.customers_on(&want, &repbook::config::Cadence::default(), today).unwrap();
    assert_eq!(a.list.counts().0, cli.len(), "the list and `customer list --due overdue` agree");
    key(&mut a, KeyCode::Char('x'));
    // A deleted customer is hidden until the Deleted filter asks for it.
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "待删除客户");
    ctrl(&mut a, 's');
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.dossier().is_none() && !a.home(), "back on the list");
    let total = a.list.counts().0;
    key(&mut a, KeyCode::Char('f'));
    for _ in 0..repbook::tui::Dim::ALL.len() - 1 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert!(a.list.filter().include_deleted);
    assert_eq!(a.list.counts().0, total + 1, "the deleted one is listed too");
    let text = screen(&mut a, 120, 40);
    let row = text.lines().find(|l| l.contains("待删除客户")).expect("listed");
    assert!(row.contains("(deleted)"), "{row}");
    let cli = a.store.customers(&a.list.filter()).unwrap();
    assert_eq!(cli.len(), a.list.counts().0, "`customer list --deleted` lists the same");
}

/// Move down Today until the selected row matches `wanted`.
fn select_on_today(a: &mut App, wanted: impl Fn(&repbook::tui::Item) -> bool) {
    while a.today.selected_item().as_ref().is_some_and(|i| !wanted(i)) {
        let before = a.today.selected;
        key(a, KeyCode::Down);
        assert_ne!(a.today.selected, before, "no such row on Today");
    }
}

/// Today with one row of every kind: a plan, an unlogged visit, a
/// birthday, follow-ups due and upcoming, overdue customers.
fn today_with_every_kind() -> App {
    use repbook::domain::fields::Value;
    use repbook::domain::schema::{CUSTOMER, PERSON, VISIT};
    let mut a = support::app(40);
    let customer = a.store.customers(&repbook::domain::filter::CustomerFilter::default()).unwrap()[0].id.clone();
    let visit = |status: &str, date: &str| {
        vec![
            ("customer_id", Value::Text(customer.clone())),
            ("kind", Value::Text("visit".into())),
            ("status", Value::Text(status.into())),
            ("date", Value::Text(date.into())),
        ]
    };
    a.store.write(|w| w.insert(&VISIT, &visit("planned", "2026-11-24"))).unwrap();
    a.store.write(|w| w.insert(&VISIT, &visit("planned", "2026-11-19"))).unwrap();
    let person = [
        ("customer_id", Value::Text(customer.clone())),
        ("name", Value::Text("寿星".into())),
        ("birthday", Value::Text("1980-11-25".into())),
    ];
    a.store.write(|w| w.insert(&PERSON, &person)).unwrap();
    assert!(a.store.get(&CUSTOMER, &customer).unwrap().is_some());
    a.reload_list().unwrap();
    a
}

#[test]
fn d_on_today_acts_on_the_row_never_on_the_customer() {
    use repbook::domain::schema::{CUSTOMER, VISIT};
    use repbook::tui::{Item, Overlay};
    set_lang(Lang::En);
    let customers = |a: &App| a.store.customers(&repbook::domain::filter::CustomerFilter::default()).unwrap().len();
    // A planned visit and one whose day passed unlogged: d asks to cancel
    // that plan, naming it, and only that.
    for unlogged in [false, true] {
        let mut a = today_with_every_kind();
        let before = customers(&a);
        select_on_today(
            &mut a,
            |i| if unlogged { matches!(i, Item::Unlogged(_)) } else { matches!(i, Item::Planned(_)) },
        );
        let Some(Item::Planned(plan) | Item::Unlogged(plan)) = a.today.selected_item() else { panic!() };
        key(&mut a, KeyCode::Char('d'));
        let Some(Overlay::Confirm { message, .. }) = &a.overlay else { panic!("asks first: {:?}", a.status) };
        let date = plan.text_or_empty("date").to_string();
        assert!(message.starts_with("Cancel the planned visit of") && message.contains(&date), "{message}");
        let text = screen(&mut a, 80, 24);
        // However the customer's name wraps it, the end of the question shows.
        assert!(text.contains("again.") && text.contains("cancelled"), "the whole question is on screen:\n{text}");
        key(&mut a, KeyCode::Char('y'));
        let v = a.store.get(&VISIT, &plan.id).unwrap().unwrap();
        assert_eq!((v.alive, v.text("status")), (true, Some("cancelled")), "the plan is cancelled, kept");
        let customer = plan.text_or_empty("customer_id").to_string();
        assert!(a.store.get(&CUSTOMER, &customer).unwrap().unwrap().alive, "its customer is not touched");
        assert_eq!(customers(&a), before);
    }
    // A follow-up, due or upcoming: d asks for the reason to drop it.
    for upcoming in [false, true] {
        let mut a = today_with_every_kind();
        select_on_today(
            &mut a,
            |i| if upcoming { matches!(i, Item::Upcoming(_)) } else { matches!(i, Item::Followup(_)) },
        );
        key(&mut a, KeyCode::Char('d'));
        assert!(matches!(a.overlay, Some(Overlay::Prompt(_))), "asks for a reason");
    }
    // An overdue customer or a birthday: d deletes nothing and says so.
    for birthday in [false, true] {
        let mut a = today_with_every_kind();
        let (before, changes) = (customers(&a), a.store.change_count().unwrap());
        select_on_today(
            &mut a,
            |i| if birthday { matches!(i, Item::Birthday(_)) } else { matches!(i, Item::Overdue(_)) },
        );
        key(&mut a, KeyCode::Char('d'));
        assert!(a.overlay.is_none());
        assert!(a.status.text.contains("does nothing on this row"), "{:?}", a.status);
        key(&mut a, KeyCode::Char('y'));
        key(&mut a, KeyCode::Enter);
        assert_eq!((customers(&a), a.store.change_count().unwrap()), (before, changes), "nothing written");
    }
}
