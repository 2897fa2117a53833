//! Issue 9 in the interface: `p` opens the plan it is on, a second plan for
//! one day is warned about (form and `visit plan`), and what reaches the
//! user's eyes is whole. Each checked against the store or the CLI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod cli_env;
#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::domain::fields::Value;
use repbook::domain::schema::VISIT;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{App, Item, Overlay};
use support::{ctrl, key, screen, typed};

/// Move down Today until the selected row matches `wanted`.
fn select_on_today(a: &mut App, wanted: impl Fn(&Item) -> bool) {
    while a.today.selected_item().as_ref().is_some_and(|i| !wanted(i)) {
        let before = a.today.selected;
        key(a, KeyCode::Down);
        assert_ne!(a.today.selected, before, "no such row on Today");
    }
}

fn visits(a: &App, customer: &str) -> Vec<repbook::domain::entity::Entity> {
    a.store.children(&VISIT, customer).unwrap()
}

fn field_text(a: &App, field: &str) -> String {
    match &a.overlay {
        Some(Overlay::Form(f)) => f.fields.iter().find(|x| x.spec.name == field).unwrap().text(),
        _ => panic!("no form"),
    }
}

#[test]
fn p_on_a_planned_visit_opens_that_plan_and_saves_no_duplicate() {
    set_lang(Lang::En);
    let mut a = support::app(40);
    select_on_today(&mut a, |i| matches!(i, Item::Planned(_)));
    let Some(Item::Planned(plan)) = a.today.selected_item() else { panic!() };
    let customer = plan.text_or_empty("customer_id").to_string();
    let before = visits(&a, &customer).len();
    key(&mut a, KeyCode::Char('p'));
    let Some(Overlay::Form(form)) = &a.overlay else { panic!("a form: {:?}", a.status) };
    assert_eq!(form.id.as_deref(), Some(plan.id.as_str()), "the plan itself, not a new one");
    assert_eq!(field_text(&a, "date"), plan.text_or_empty("date"));
    let goal = a.tabs_to_field("goal");
    for _ in 0..goal {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, " — bring 2 samples by Friday");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let after = visits(&a, &customer);
    assert_eq!(after.len(), before, "no second visit saved");
    let saved = after.iter().find(|v| v.id == plan.id).unwrap();
    assert!(saved.text_or_empty("goal").ends_with("bring 2 samples by Friday"), "{saved:?}");
}

#[test]
fn a_second_plan_for_the_same_day_is_warned_about_in_the_form_and_the_cli() {
    set_lang(Lang::En);
    let mut a = support::app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    let plan = [
        ("customer_id", Value::Text(customer.clone())),
        ("kind", Value::Text("call".into())),
        ("status", Value::Text("planned".into())),
        ("date", Value::Text("2026-11-24".into())),
    ];
    a.store.write(|w| w.insert(&VISIT, &plan)).unwrap();
    key(&mut a, KeyCode::Char('p'));
    let date = a.tabs_to_field("date");
    for _ in 0..date {
        key(&mut a, KeyCode::Tab);
    }
    let warning = "already planned with this customer on 2026-11-24";
    assert!(!screen(&mut a, 120, 40).contains(warning));
    ctrl(&mut a, 'u');
    typed(&mut a, "2026-11-24");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains(warning), "{text}");
    // A warning, not a refusal: it saves.
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    assert_eq!(visits(&a, &customer).iter().filter(|v| v.text("date") == Some("2026-11-24")).count(), 2);
    // The CLI warns by the same rule.
    let env = cli_env::Env::new();
    let c = env.id(&["customer", "add", "重庆恒达"]);
    let first = env.run(&["visit", "plan", &c, "--date", "2026-12-07"]);
    assert!(!String::from_utf8_lossy(&first.stderr).contains("second plan"));
    let second = env.run(&["visit", "plan", &c, "--date", "2026-12-07", "--kind", "call"]);
    assert!(second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("already planned with this customer on 2026-12-07"), "{err}");
}

#[test]
fn a_birthday_saved_is_a_followup_at_once_in_the_form_and_the_cli() {
    use repbook::domain::schema::FOLLOWUP;
    set_lang(Lang::En);
    let mut a = support::app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    let birthdays = |a: &App| {
        a.store
            .children(&FOLLOWUP, &customer)
            .unwrap()
            .into_iter()
            .filter(|f| f.text("source") == Some("birthday"))
            .count()
    };
    let before = birthdays(&a);
    while a.tab() != Some(repbook::tui::Tab::People) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "寿星");
    let at = a.tabs_to_field("birthday");
    for _ in 0..at {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "1975-11-26");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    assert_eq!(birthdays(&a), before + 1, "made as the person is saved, not at the next start");
    // The start of the day makes no second one.
    assert_eq!(a.store.generate_followups(a.store.clock().today()).unwrap(), 0);
    // `person add` makes it too.
    let env = cli_env::Env::new();
    let c = env.id(&["customer", "add", "重庆恒达"]);
    let soon = (chrono::Local::now().date_naive() + chrono::Duration::days(3)).format("%m-%d").to_string();
    env.ok(&["person", "add", &c, "王建华", "--birthday", &soon]);
    let list = env.json(&["followup", "list", &c]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
}

#[test]
fn a_one_line_field_edited_outside_keeps_one_line() {
    set_lang(Lang::En);
    let mut a = support::app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('n'));
    // The name: one line. The editor hands back two.
    a.set_editor_text("重庆\n恒达机电\n");
    assert_eq!(field_text(&a, "name"), "重庆 恒达机电", "shown and saved alike, on one line");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let all = a.store.customers(&repbook::domain::filter::CustomerFilter::default()).unwrap();
    assert!(all.iter().any(|c| c.title() == "重庆 恒达机电"));
    // A long field keeps its lines.
    a.close_dossier();
    key(&mut a, KeyCode::Char('n'));
    for _ in 0..a.tabs_to_field("notes") {
        key(&mut a, KeyCode::Tab);
    }
    a.set_editor_text("one\ntwo\n");
    assert_eq!(field_text(&a, "notes"), "one\ntwo");
}

#[test]
fn snoozing_into_the_past_is_refused_in_the_prompt_and_the_cli() {
    use repbook::domain::schema::FOLLOWUP;
    set_lang(Lang::En);
    let mut a = support::app(40);
    select_on_today(&mut a, |i| matches!(i, Item::Followup(_)));
    let Some(Item::Followup(f)) = a.today.selected_item() else { panic!() };
    key(&mut a, KeyCode::Char('z'));
    ctrl(&mut a, 'u');
    typed(&mut a, "2026-11-20");
    key(&mut a, KeyCode::Enter);
    assert!(a.status.error && a.status.text.contains("past"), "{:?}", a.status);
    assert!(matches!(a.overlay, Some(Overlay::Prompt(_))), "the prompt stays to type another date");
    assert_eq!(a.store.get(&FOLLOWUP, f.id()).unwrap().unwrap().text("due"), f.text("due"), "not moved");
    ctrl(&mut a, 'u');
    typed(&mut a, "2026-11-27");
    key(&mut a, KeyCode::Enter);
    assert!(!a.status.error, "{:?}", a.status);
    assert_eq!(a.store.get(&FOLLOWUP, f.id()).unwrap().unwrap().text("due"), Some("2026-11-27"));
    let env = cli_env::Env::new();
    let c = env.id(&["customer", "add", "重庆恒达"]);
    let id = env.id(&["followup", "add", &c, "寄合同"]);
    let out = env.run(&["followup", "snooze", &id, "--until", "2000-01-03"]);
    let (_, err) = cli_env::failure(&out);
    assert!(err.contains("past"), "{err}");
    // Nor by an edit: the status made snoozed with a past day, or the
    // day of a snoozed one moved back.
    let out = env.run(&["followup", "edit", &id, "--status", "snoozed", "--due", "yesterday"]);
    let (_, err) = cli_env::failure(&out);
    assert!(err.contains("past"), "{err}");
    env.ok(&["followup", "snooze", &id, "--until", "in 3 days"]);
    let out = env.run(&["followup", "edit", &id, "--due", "2000-01-03"]);
    let (_, err) = cli_env::failure(&out);
    assert!(err.contains("past"), "{err}");
}

#[test]
fn forms_name_what_they_edit_and_where_a_followup_came_from_in_words() {
    use repbook::domain::schema::FOLLOWUP;
    set_lang(Lang::En);
    let mut a = support::app(12);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().dossier.customer.title().to_string();
    // A held visit with a next step: its follow-up refers to the visit.
    key(&mut a, KeyCode::Char('l'));
    for _ in 0..a.tabs_to_field("next_step") {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "Send samples @ 2026-11-27");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let id = a.dossier().unwrap().id().to_string();
    let f =
        a.store.children(&FOLLOWUP, &id).unwrap().into_iter().find(|f| f.text("what") == Some("Send samples")).unwrap();
    assert!(f.text_or_empty("ref").starts_with("visit:"));
    a.open_dossier(&id);
    while a.tab() != Some(repbook::tui::Tab::Followups) {
        key(&mut a, KeyCode::Tab);
    }
    let pos = a.dossier().unwrap().items().iter().position(|x| x.id == f.id).unwrap();
    for _ in 0..pos {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('e'));
    let text = screen(&mut a, 120, 40);
    assert!(!text.contains("visit:"), "no internal reference:\n{text}");
    let words = format!("visit of 2026-11-22 to {customer}");
    assert!(text.contains(&words), "{words}\n{text}");
    // It is read only: typing does not change it.
    for _ in 0..a.tabs_to_field("ref") {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "x");
    key(&mut a, KeyCode::Esc);
    assert!(a.overlay.is_none(), "nothing changed, nothing to confirm");
    // Edit and delete of a visit say which visit.
    while a.tab() != Some(repbook::tui::Tab::Visits) {
        key(&mut a, KeyCode::Tab);
    }
    // The visit logged (a visit planned later may be listed above it).
    let pos = a.dossier().unwrap().items().iter().position(|x| f.text_or_empty("ref").contains(x.id.as_str())).unwrap();
    for _ in 0..pos {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('e'));
    let text = screen(&mut a, 120, 40);
    assert!(text.contains(&format!("Edit visit: visit of 2026-11-22 to {customer}")), "{text}");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('d'));
    let Some(Overlay::Confirm { message, .. }) = &a.overlay else { panic!() };
    assert!(message.contains(&format!("visit of 2026-11-22 to {customer}")), "{message}");
}

#[test]
fn a_call_is_logged_from_today_in_under_ten_keys() {
    set_lang(Lang::En);
    let mut a = support::app(40);
    // An overdue customer on Today: the rep calls them.
    select_on_today(&mut a, |i| matches!(i, Item::Overdue(_)));
    let customer = a.today.selected_item().unwrap().customer().to_string();
    let before = visits(&a, &customer).len();
    let mut keys = 0;
    let mut press = |a: &mut App, k: KeyCode| {
        key(a, k);
        keys += 1;
    };
    press(&mut a, KeyCode::Char('L'));
    let Some(Overlay::Form(form)) = &a.overlay else { panic!("{:?}", a.status) };
    assert_eq!(form.fields[form.focus].spec.name, "notes", "the form opens on what was said");
    assert_eq!(field_text(&a, "kind"), "phone call");
    // The note is text, typed (not counted as keys); then save.
    typed(&mut a, "报价已收到");
    ctrl(&mut a, 's');
    keys += 1;
    assert!(a.overlay.is_none(), "{:?}", a.status);
    assert!(keys < 10, "{keys} keys");
    let after = visits(&a, &customer);
    assert_eq!(after.len(), before + 1);
    let call = after.iter().find(|v| v.text("notes") == Some("报价已收到")).unwrap();
    assert_eq!(
        (call.text("kind"), call.text("status"), call.text("date")),
        (Some("call"), Some("done"), Some("2026-11-22"))
    );
}

#[test]
fn a_new_customer_with_a_close_name_is_warned_about_in_the_form_and_the_cli() {
    use repbook::domain::filter::CustomerFilter;
    set_lang(Lang::En);
    let mut a = support::app(12);
    key(&mut a, KeyCode::Tab);
    let all = a.store.customers(&CustomerFilter::default()).unwrap();
    let existing = all.iter().find(|c| c.title().chars().count() > 4).unwrap().title().to_string();
    key(&mut a, KeyCode::Char('n'));
    // The same name, with a space: most often the same customer typed twice.
    let mut chars = existing.chars();
    let first: String = chars.by_ref().take(2).collect();
    typed(&mut a, &format!("{first} {}", chars.collect::<String>()));
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "not saved yet");
    assert!(a.status.text.contains("close name") && a.status.text.contains(&existing), "{:?}", a.status);
    let text = screen(&mut a, 120, 40);
    assert!(text.contains(&format!("close name is already in the archive: {existing}")), "{text}");
    assert_eq!(a.store.customers(&CustomerFilter::default()).unwrap().len(), all.len());
    // Saved again as it is: added, it is the rep's call.
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    assert_eq!(a.store.customers(&CustomerFilter::default()).unwrap().len(), all.len() + 1);
    // The CLI warns by the same rule, and adds.
    let env = cli_env::Env::new();
    env.id(&["customer", "add", "重庆恒达"]);
    let out = env.run(&["customer", "add", "重庆恒大"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("重庆恒达") && err.contains("the same pinyin"), "{err}");
    let out = env.run(&["customer", "add", "厦门永兴"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("close name"));
}

#[test]
fn an_empty_archive_says_how_to_begin() {
    for lang in [Lang::En, Lang::ZhCn] {
        set_lang(lang);
        let tag = if lang == Lang::En { "en" } else { "zh" };
        let mut a = support::app(0);
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen(&mut a, w, h);
            assert!(text.contains("repbook --demo") && text.contains("repbook customer add"), "{text}");
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_welcome"), text);
        }
        key(&mut a, KeyCode::Char('n'));
        let Some(Overlay::Form(f)) = &a.overlay else { panic!("n adds the first customer") };
        assert_eq!(f.table.name, "customer");
        typed(&mut a, "重庆恒达");
        ctrl(&mut a, 's');
        key(&mut a, KeyCode::Char('t'));
        let text = screen(&mut a, 80, 24);
        assert!(!text.contains("repbook --demo"), "once there is a customer, Today is Today:\n{text}");
    }
}

#[test]
fn slash_starts_a_new_search_with_the_old_one_selected() {
    set_lang(Lang::En);
    let mut a = support::app(60);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "cq");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.list.query_text(), "cq", "kept after the dossier");
    // Typing replaces the old query.
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "xm");
    assert_eq!(a.list.query_text(), "xm");
    key(&mut a, KeyCode::Esc);
    // → keeps it, to refine it.
    key(&mut a, KeyCode::Char('/'));
    key(&mut a, KeyCode::Right);
    typed(&mut a, "y");
    assert_eq!(a.list.query_text(), "xmy");
    // Ctrl-U clears the line.
    ctrl(&mut a, 'u');
    assert_eq!(a.list.query_text(), "");
}

/// Only what is inside the overlay's frame: the screen under it lists
/// follow-ups due the same day in the order of their ids, which differ
/// from run to run.
fn framed(screen: &str) -> String {
    let mut out = Vec::new();
    for line in screen.lines() {
        let (Some(a), Some(b)) = (line.find(['│', '┌', '└']), line.rfind(['│', '┐', '┘'])) else {
            continue;
        };
        if a < b {
            out.push(line[a..b + '│'.len_utf8()].to_string());
        }
    }
    out.join("\n")
}

#[test]
fn the_call_form_and_the_cancel_question_in_both_languages() {
    for lang in [Lang::En, Lang::ZhCn] {
        set_lang(lang);
        let tag = if lang == Lang::En { "en" } else { "zh" };
        let mut a = support::app(40);
        select_on_today(&mut a, |i| matches!(i, Item::Overdue(_)));
        key(&mut a, KeyCode::Char('L'));
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_log_call"), framed(&screen(&mut a, w, h)));
        }
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('t'));
        a.today.selected = 0;
        select_on_today(&mut a, |i| matches!(i, Item::Planned(_)));
        key(&mut a, KeyCode::Char('d'));
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_cancel_plan"), framed(&screen(&mut a, w, h)));
        }
    }
}
