//! The terminal interface: snapshots of every screen at 80×24 and 120×40 in
//! both languages, and the daily loop by keyboard checked against the store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::domain::schema::PERSON;
use repbook::i18n::{Lang, set_lang};
use repbook::tui::App;
use support::{app, ctrl, key, list_app, screen, typed};

/// Every screen, as a user reaches it by keys.
fn screens(lang: Lang, w: u16, h: u16) -> Vec<(&'static str, String)> {
    set_lang(lang);
    let mut out = Vec::new();
    let mut a = app(12);
    out.push(("today", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Tab);
    out.push(("list", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Char('/'));
    // 长春 by its initials: 长 read as chang, not zhang.
    typed(&mut a, "cc");
    out.push(("search", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Enter);
    out.push(("dossier_overview", screen(&mut a, w, h)));
    for name in [
        "dossier_people",
        "dossier_competitors",
        "dossier_records",
        "dossier_visits",
        "dossier_followups",
        "dossier_opportunities",
        "dossier_history",
    ] {
        key(&mut a, KeyCode::Tab);
        out.push((name, screen(&mut a, w, h)));
    }
    // History → Overview → People.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "曾国强");
    out.push(("form_new_person", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Esc);
    out.push(("confirm_discard", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Char('y'));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('f'));
    out.push(("filter_menu", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Down); // class
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    out.push(("list_filtered", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Char('?'));
    out.push(("help", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Esc);
    // The daily loop: prepare, log, snooze — from a dossier.
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('p'));
    for _ in 0..6 {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "加强客情");
    out.push(("form_plan", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    key(&mut a, KeyCode::Char('l'));
    out.push(("form_log", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Esc);
    if matches!(a.overlay, Some(repbook::tui::Overlay::Confirm { .. })) {
        key(&mut a, KeyCode::Char('y'));
    }
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('t'));
    // Today's first follow-up due, snoozed.
    while a.today.selected_item().as_ref().is_some_and(|i| !matches!(i, repbook::tui::Item::Followup(_))) {
        let before = a.today.selected;
        key(&mut a, KeyCode::Down);
        if a.today.selected == before {
            break;
        }
    }
    key(&mut a, KeyCode::Char('z'));
    out.push(("prompt_snooze", screen(&mut a, w, h)));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char(':'));
    out.push(("palette", screen(&mut a, w, h)));
    out.push(("too_small", screen(&mut a, 40, 10)));
    out
}

/// Nothing is masked: the clock is fixed and carries its own time zone
/// (UTC), so every date and time on screen is deterministic and checked.
fn snapshot_all(lang: Lang, tag: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        for (name, text) in screens(lang, w, h) {
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_{name}"), text);
        }
    }
}

#[test]
fn every_screen_in_english() {
    snapshot_all(Lang::En, "en");
}

#[test]
fn every_screen_in_chinese() {
    snapshot_all(Lang::ZhCn, "zh");
}

#[test]
fn a_bad_value_keeps_the_form_open_with_the_error_and_loses_nothing() {
    set_lang(Lang::En);
    let mut a = list_app(3);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('e'));
    // Purchases is the 10th field of a customer.
    for _ in 0..9 {
        key(&mut a, KeyCode::Tab);
    }
    // A field of fixed values takes no typed text: 9 is no score.
    let before = form_text(&a, "purchase");
    typed(&mut a, "9");
    assert_eq!(form_text(&a, "purchase"), before, "a score is chosen, not typed");
    typed(&mut a, "3");
    assert_eq!(form_text(&a, "purchase"), "3", "typing picks the matching choice");
    // A norm is text: a bad one keeps the form open with the error.
    for _ in 0..a.tabs_to_field("call_norm") {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "sometimes");
    ctrl(&mut a, 's');
    assert!(a.status.error, "{:?}", a.status);
    assert!(a.status.text.contains("per week"), "{}", a.status.text);
    assert!(a.overlay.is_some(), "the form stays open with what was typed");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("per week"), "the error is shown at the field");
    // Fixed, the error goes at once, before saving.
    ctrl(&mut a, 'u');
    typed(&mut a, "2 per week");
    assert!(!a.status.error, "{:?} {:?}", a.status, form_text(&a, "call_norm"));
    let text = screen(&mut a, 120, 40);
    assert!(!text.contains("sometimes"), "no stale error:\n{text}");
}

fn form_text(a: &App, field: &str) -> String {
    match &a.overlay {
        Some(repbook::tui::Overlay::Form(f)) => f.fields.iter().find(|x| x.spec.name == field).unwrap().text(),
        _ => panic!("no form"),
    }
}

#[test]
fn dates_in_forms_take_everyday_words_and_show_the_resolved_date() {
    set_lang(Lang::ZhCn);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    assert_eq!(a.tab(), Some(repbook::tui::Tab::Records));
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Tab); // kind → date
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Right); // kind: order
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    typed(&mut a, "下周五");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("→ 2026-11-27 周五"), "{text}");
    ctrl(&mut a, 's');
    let trades = &a.dossier().unwrap().dossier.trades;
    assert!(trades.iter().any(|t| t.text("date") == Some("2026-11-27")), "saved as the resolved date");
    let _ = PERSON;
}

#[test]
fn the_daily_loop_by_keyboard_prepare_log_and_follow_up() {
    use repbook::domain::schema::{FOLLOWUP, VISIT};
    set_lang(Lang::En);
    let mut a = list_app(12);
    key(&mut a, KeyCode::Char('/'));
    typed(&mut a, "cc");
    key(&mut a, KeyCode::Enter);
    let customer = a.dossier().unwrap().id().to_string();
    let planned_before = a.store.children(&VISIT, &customer).unwrap().len();
    // p: prepare a visit for today with a SMART goal.
    key(&mut a, KeyCode::Char('p'));
    for _ in 0..6 {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "Collect 50k by Friday");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let visits = a.store.children(&VISIT, &customer).unwrap();
    assert_eq!(visits.len(), planned_before + 1);
    let plan = visits.iter().find(|v| v.text("goal") == Some("Collect 50k by Friday")).unwrap().id.clone();
    // l on the plan (Visits tab): outcome by →, a next step, saved.
    while a.tab() != Some(repbook::tui::Tab::Visits) {
        key(&mut a, KeyCode::Tab);
    }
    let pos = a.dossier().unwrap().items().iter().position(|v| v.id == plan).unwrap();
    for _ in 0..pos {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('l'));
    key(&mut a, KeyCode::Right); // outcome: met
    for _ in 0..9 {
        key(&mut a, KeyCode::Tab);
    }
    typed(&mut a, "Send the contract");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "tomorrow");
    ctrl(&mut a, 's');
    assert!(a.overlay.is_none(), "{:?}", a.status);
    let v = a.store.get(&VISIT, &plan).unwrap().unwrap();
    assert_eq!((v.text("status"), v.text("outcome")), (Some("done"), Some("met")), "the plan itself was logged");
    let f = a.store.children(&FOLLOWUP, &customer).unwrap();
    let step =
        f.iter().find(|f| f.text("what") == Some("Send the contract")).expect("the next step became a follow-up");
    assert_eq!(step.text("due"), Some("2026-11-23"));
    assert!(a.status.text.contains("Follow-up added"), "{:?}", a.status);
    // On Today it is there; c completes it, z snoozes another, d asks a reason.
    key(&mut a, KeyCode::Char('t'));
    let find = |a: &App, what: &str| {
        a.today.items().any(|i| matches!(i, repbook::tui::Item::Upcoming(f) if f.text("what") == Some(what)))
    };
    assert!(find(&a, "Send the contract"));
    while !matches!(a.today.selected_item(), Some(repbook::tui::Item::Upcoming(f)) if f.text("what") == Some("Send the contract"))
    {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('c'));
    assert_eq!(a.store.get(&FOLLOWUP, &step.id).unwrap().unwrap().text("status"), Some("done"));
    assert!(!find(&a, "Send the contract"), "done leaves the agenda");
    key(&mut a, KeyCode::Char('g'));
    while !matches!(a.today.selected_item(), Some(repbook::tui::Item::Followup(_))) {
        key(&mut a, KeyCode::Down);
    }
    let Some(repbook::tui::Item::Followup(due)) = a.today.selected_item() else { unreachable!() };
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Enter); // no reason given
    assert!(a.status.error, "a drop needs a reason");
    assert_eq!(a.store.get(&FOLLOWUP, due.id()).unwrap().unwrap().text("status"), Some("open"));
    typed(&mut a, "customer paid");
    key(&mut a, KeyCode::Enter);
    let dropped = a.store.get(&FOLLOWUP, due.id()).unwrap().unwrap();
    assert_eq!((dropped.text("status"), dropped.text("reason")), (Some("dropped"), Some("customer paid")));
}

#[test]
fn ctrl_t_fills_the_plan_from_the_purpose_template() {
    set_lang(Lang::ZhCn);
    let mut a = list_app(3);
    // A customer with no visit planned (`p` on one with a plan opens it).
    let has_plan = |a: &repbook::tui::App| {
        let id = a.list.selected_id().unwrap();
        a.store
            .children(&repbook::domain::schema::VISIT, &id)
            .unwrap()
            .iter()
            .any(|v| v.text("status") == Some("planned"))
    };
    while has_plan(&a) {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('p'));
    for _ in 0..5 {
        key(&mut a, KeyCode::Tab);
    }
    // Purposes, a checklist: Space ticks 了解公司, → Space ticks 推动订单.
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Char(' '));
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("☑ 推动订单/进货"), "the option shown is ticked:\n{text}");
    ctrl(&mut a, 't');
    // Who: the customer's key people are offered; Space ticks the first.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char(' '));
    let customer = a.dossier().unwrap().id().to_string();
    let first_person = a.store.children(&PERSON, &customer).unwrap()[0].title().to_string();
    assert!(a.status.text.contains("模板"), "{:?}", a.status);
    ctrl(&mut a, 's');
    let id = a.dossier().unwrap().id().to_string();
    let v = a.store.children(&repbook::domain::schema::VISIT, &id).unwrap();
    let plan = v.iter().find(|v| v.text("status") == Some("planned")).unwrap();
    assert_eq!(plan.text("purposes"), Some("understand_company, push_order"));
    assert!(plan.text("questions").is_some_and(|q| q.contains("采购计划")), "{:?}", plan.text("questions"));
    assert_eq!(plan.text("who"), Some(first_person.as_str()), "picked from the dossier's key people");
}

/// A held visit with a note too long for one line, on the open dossier's
/// Visits tab, selected.
fn long_visit(a: &mut App, lang: Lang) -> String {
    use repbook::domain::fields::Value;
    use repbook::domain::schema::VISIT;
    let customer = a.dossier().unwrap().id().to_string();
    let notes = if lang == Lang::En {
        "The purchasing manager asked for a second quote covering the whole of next year's volume, with delivery to both plants and a thirty-day payment term; \
         she will decide after the board meeting on the 5th. Bring the updated samples and the test report."
    } else {
        "采购经理要求就明年的全部用量再报一次价，两个厂区都要送货，付款期三十天；她会在五号的董事会之后决定。下次带上新的样品和检测报告，并请技术部的同事一起去，解答关于耐腐蚀性能的问题。"
    };
    let values = [
        ("customer_id", Value::Text(customer.clone())),
        ("kind", Value::Text("call".into())),
        ("status", Value::Text("done".into())),
        ("date", Value::Text("2026-11-21".into())),
        ("outcome", Value::Text("partly".into())),
        ("notes", Value::Text(notes.into())),
    ];
    let id = a.store.write(|w| w.insert(&VISIT, &values)).unwrap();
    a.open_dossier(&customer);
    while a.tab() != Some(repbook::tui::Tab::Visits) {
        key(a, KeyCode::Tab);
    }
    let pos = a.dossier().unwrap().items().iter().position(|v| v.id == id).unwrap();
    key(a, KeyCode::Char('g'));
    for _ in 0..pos {
        key(a, KeyCode::Down);
    }
    notes.to_string()
}

/// The words of `text` all appear on `screen`, in order (wrapping may
/// break lines between them).
fn reads_in_full(screen: &str, text: &str) -> bool {
    // Inside the frame only: the screen under it shows at its sides.
    fn inside(l: &str) -> &str {
        match (l.find('│'), l.rfind('│')) {
            (Some(a), Some(b)) if a < b => &l[a + '│'.len_utf8()..b],
            _ => l,
        }
    }
    let flat: String = screen.lines().map(inside).collect::<Vec<_>>().join(" ");
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '│').collect::<String>();
    squeeze(&flat).contains(&squeeze(text))
}

#[test]
fn enter_on_a_record_reads_every_field_in_full_and_e_edits_it() {
    for lang in [Lang::En, Lang::ZhCn] {
        let tag = if lang == Lang::En { "en" } else { "zh" };
        set_lang(lang);
        let mut a = list_app(12);
        key(&mut a, KeyCode::Enter);
        let notes = long_visit(&mut a, lang);
        key(&mut a, KeyCode::Enter);
        assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Read(_))), "Enter reads, it does not edit");
        for (w, h) in [(80, 24), (120, 40)] {
            let text = screen(&mut a, w, h);
            assert!(reads_in_full(&text, &notes), "the whole note at {w}×{h}:\n{text}");
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_read_visit"), text);
        }
        key(&mut a, KeyCode::Char('e'));
        assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Form(_))), "e edits from the read view");
        key(&mut a, KeyCode::Esc);
        // A key person: v reads the card in full too.
        while a.tab() != Some(repbook::tui::Tab::People) {
            key(&mut a, KeyCode::Tab);
        }
        key(&mut a, KeyCode::Char('v'));
        assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Read(_))));
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_read_person"), screen(&mut a, w, h));
        }
        key(&mut a, KeyCode::Esc);
        // History: Enter reads the change, it does not open "Edit customer".
        while a.tab() != Some(repbook::tui::Tab::History) {
            key(&mut a, KeyCode::Tab);
        }
        key(&mut a, KeyCode::Enter);
        assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Read(_))), "a read view of the change");
        let text = screen(&mut a, 80, 24);
        assert!(reads_in_full(&text, &notes.chars().take(40).collect::<String>()), "{text}");
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_read_change"), screen(&mut a, w, h));
        }
        // e edits the record the change is about, as e on the History
        // line does (a change itself is never edited).
        key(&mut a, KeyCode::Char('e'));
        assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Form(_))), "e edits the change's record");
        key(&mut a, KeyCode::Esc);
    }
}
