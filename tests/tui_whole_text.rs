//! Text is never cut or run together where there is room for it (issue 9,
//! a reviewer's §10): next steps one per line beside a form, a delete
//! question that says a visit once, a prompt as wide as its question, the
//! agenda's names in full at 120 columns, a cut form value ending in `…`,
//! and a deleted record's read view saying so in its heading. The fixed
//! clock's today is Sunday 2026-11-22.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::domain::fields::Value;
use repbook::domain::schema::{CUSTOMER, FOLLOWUP, VISIT};
use repbook::i18n::{Lang, set_lang};
use repbook::tui::{App, Overlay, Tab};
use support::{app, ctrl, key, list_app, screen};

const LONG_NAME: &str = "成都瑞丰医疗器械科技股份有限公司";

/// A customer of `name`, with a visit held on 2026-11-20 whose next steps
/// are two lines, and a visit planned today.
fn customer_with_steps(a: &mut App, name: &str) -> String {
    let values = [
        ("name", Value::Text(name.into())),
        ("address", Value::Text("成都市高新区天府大道北段1700号环球中心E1区10楼东侧".into())),
    ];
    let id = a.store.write(|w| w.insert(&CUSTOMER, &values)).unwrap();
    let held = [
        ("kind", Value::Text("visit".into())),
        ("date", Value::Text("2026-11-20".into())),
        ("next_step", Value::Text("寄合同 @ 2026-12-04\n回访 @ 2026-11-26".into())),
    ];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    a.store.write(|w| w.log_visit(&id, None, held.to_vec(), today)).unwrap();
    let plan = [
        ("customer_id", Value::Text(id.clone())),
        ("kind", Value::Text("visit".into())),
        ("status", Value::Text("planned".into())),
        ("date", Value::Text("2026-11-22".into())),
    ];
    a.store.write(|w| w.insert(&VISIT, &plan)).unwrap();
    id
}

#[test]
fn next_steps_beside_a_form_are_one_per_line() {
    set_lang(Lang::ZhCn);
    let mut a = list_app(2);
    let id = customer_with_steps(&mut a, LONG_NAME);
    a.open_dossier(&id);
    key(&mut a, KeyCode::Char('L'));
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "{:?}", a.status);
    let text = screen(&mut a, 120, 40);
    let steps: Vec<&str> = text.lines().filter(|l| l.contains("→ 寄合同") || l.contains("→ 回访")).collect();
    assert_eq!(steps.len(), 2, "{text}");
    assert!(steps.iter().all(|l| !(l.contains("寄合同") && l.contains("回访"))), "{text}");
    set_lang(Lang::En);
}

#[test]
fn the_delete_question_says_visit_once() {
    set_lang(Lang::En);
    let mut a = list_app(2);
    let id = customer_with_steps(&mut a, "Acme");
    a.open_dossier(&id);
    while a.tab() != Some(Tab::Visits) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('d'));
    let Some(Overlay::Confirm { message, .. }) = &a.overlay else { panic!("d asks: {:?}", a.status) };
    assert!(message.starts_with("Delete the visit of 20"), "{message}");
    assert!(!message.contains("visit visit"), "{message}");
    set_lang(Lang::ZhCn);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('d'));
    let Some(Overlay::Confirm { message, .. }) = &a.overlay else { panic!("d asks: {:?}", a.status) };
    assert!(message.starts_with("删除20") && !message.contains("拜访 20"), "{message}");
    set_lang(Lang::En);
}

#[test]
fn the_drop_prompt_shows_the_whole_followup_at_120_columns() {
    set_lang(Lang::En);
    let mut a = list_app(2);
    let id = customer_with_steps(&mut a, "Acme");
    let what = "Call the purchasing manager about the second cold store and the spare parts price list";
    let values = [
        ("customer_id", Value::Text(id.clone())),
        ("what", Value::Text(what.into())),
        ("due", Value::Text("2026-11-25".into())),
        ("source", Value::Text("manual".into())),
        ("status", Value::Text("open".into())),
    ];
    a.store.write(|w| w.insert(&FOLLOWUP, &values)).unwrap();
    a.open_dossier(&id);
    while a.tab() != Some(Tab::Followups) {
        key(&mut a, KeyCode::Tab);
    }
    while a.dossier().unwrap().selected_item().is_some_and(|f| f.text("what") != Some(what)) {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('d'));
    assert!(matches!(a.overlay, Some(Overlay::Prompt(_))), "{:?}", a.status);
    let text = screen(&mut a, 120, 40);
    assert!(text.contains(&format!("Why drop “{what}”?")), "on one line, in full:\n{text}");
    // At 80 columns it wraps, still whole.
    let text = screen(&mut a, 80, 24);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ").replace(" │ │ ", " ");
    assert!(flat.contains("spare parts price list”?"), "{text}");
}

#[test]
fn the_agenda_gives_names_the_room_there_is() {
    set_lang(Lang::ZhCn);
    let mut a = app(3);
    customer_with_steps(&mut a, LONG_NAME);
    key(&mut a, KeyCode::Char('w'));
    let text = screen(&mut a, 120, 40);
    assert!(text.contains(LONG_NAME), "{text}");
    insta::assert_snapshot!("agenda_zh_120x40", text);
    // At 80 columns a name cut ends in …
    let text = screen(&mut a, 80, 24);
    insta::assert_snapshot!("agenda_zh_80x24", text);
    set_lang(Lang::En);
}

#[test]
fn a_form_value_cut_to_its_field_ends_in_an_ellipsis() {
    set_lang(Lang::ZhCn);
    let mut a = list_app(2);
    let id = customer_with_steps(&mut a, LONG_NAME);
    a.open_dossier(&id);
    key(&mut a, KeyCode::Char('e'));
    let Some(Overlay::Form(f)) = &a.overlay else { panic!("e edits: {:?}", a.status) };
    assert!(f.fields.iter().any(|f| f.spec.name == "address"));
    // Past the address: it is in sight and not focused.
    for _ in 0..=a.tabs_to_field("address") {
        key(&mut a, KeyCode::Tab);
    }
    let text = screen(&mut a, 80, 24);
    let line =
        text.lines().find(|l| l.contains("成都市高新区")).unwrap_or_else(|| panic!("the address in sight:\n{text}"));
    assert!(line.trim_end().trim_end_matches('│').trim_end().ends_with('…'), "{line}");
    // A date field with a phrase too long for the room beside its preview.
    set_lang(Lang::En);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    while a.tab() != Some(Tab::Followups) {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('n'));
    let at = a.tabs_to_field("due");
    for _ in 0..at {
        key(&mut a, KeyCode::Tab);
    }
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    support::typed(&mut a, "the last day of next month");
    key(&mut a, KeyCode::Tab);
    let text = screen(&mut a, 80, 24);
    let line = text.lines().find(|l| l.contains("the last day")).expect("the date in sight");
    assert!(line.contains("the last day of next month") || line.contains('…'), "{line}");
    set_lang(Lang::En);
}

#[test]
fn a_deleted_records_read_view_says_so_in_its_heading() {
    set_lang(Lang::En);
    let mut a = list_app(2);
    let values = [("name", Value::Text("Acme".into())), ("payment_habits", Value::Text("pays late".into()))];
    let id = a.store.write(|w| w.insert(&CUSTOMER, &values)).unwrap();
    a.store.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap();
    key(&mut a, KeyCode::Char('T'));
    key(&mut a, KeyCode::Enter);
    let Some(Overlay::Read(view)) = &a.overlay else { panic!("Enter reads: {:?}", a.status) };
    assert!(view.title.ends_with("(deleted)"), "{}", view.title);
    assert!(view.fields.iter().all(|(label, _)| !label.is_empty()), "no unlabelled line: {:?}", view.fields);
    let text = screen(&mut a, 120, 40);
    insta::assert_snapshot!("trash_read_en_120x40", text);
}

#[test]
fn a_chosen_opportunity_too_wide_reads_from_its_start_and_ends_in_an_ellipsis() {
    set_lang(Lang::En);
    let mut a = list_app(2);
    let id = a.store.write(|w| w.insert(&CUSTOMER, &[("name", Value::Text("杭州金泰电子".into()))])).unwrap();
    let need = "Yearly spare parts framework agreement for all three plants and the warehouse";
    let values = [
        ("customer_id", Value::Text(id.clone())),
        ("need", Value::Text(need.into())),
        ("funnel_stage", Value::Text("low_interest".into())),
        ("state", Value::Text("open".into())),
    ];
    a.store.write(|w| w.insert(&repbook::domain::opportunity::OPPORTUNITY, &values)).unwrap();
    a.open_dossier(&id);
    key(&mut a, KeyCode::Char('l'));
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "l logs: {:?}", a.status);
    support::to_field(&mut a, "opportunity");
    key(&mut a, KeyCode::Right);
    for (focused, width) in [(true, 120), (false, 120), (true, 80)] {
        if !focused {
            key(&mut a, KeyCode::Tab);
        }
        let text = screen(&mut a, width, 40);
        let line = text.lines().find(|l| l.contains("Opportunity")).unwrap_or_else(|| panic!("{text}"));
        let value = line.split("Opportunity moved").nth(1).unwrap_or_else(|| panic!("{line}")).trim_start();
        assert!(value.starts_with("Yearly spare parts"), "read from its start: {line}");
        assert!(value.contains('…') && !value.contains("warehouse"), "cut with …: {line}");
        if !focused {
            key(&mut a, KeyCode::BackTab);
        }
    }
}
