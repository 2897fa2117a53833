//! A date field in a form shows, as it is typed, the date a phrase resolves
//! to or why it is not a date (issue 9 §3.2). The fixed clock's today is
//! Sunday 2026-11-22.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use support::{ctrl, key, list_app, screen, to_field, typed};

/// A new trade's date field, cleared.
fn trade_date_field(lang: Lang) -> repbook::tui::App {
    set_lang(lang);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Right); // kind: order
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    a
}

#[test]
fn a_phrase_shows_its_date_and_nonsense_shows_why_before_saving() {
    let mut a = trade_date_field(Lang::ZhCn);
    typed(&mut a, "下个月5号");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("→ 2026-12-05 周六"), "{text}");
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    typed(&mut a, "下周八");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("✗ 无法识别的日期"), "{text}");
    assert!(text.contains("下周八"), "what was typed stays in sight: {text}");

    let mut a = trade_date_field(Lang::En);
    typed(&mut a, "in 99999 days");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("✗ only 1900-01-01 to 2200-12-31"), "{text}");
    // At 80 columns too, the hint leaves the text typed in sight.
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("in 99999 days") && text.contains("✗ only"), "{text}");
    set_lang(Lang::En);
}

/// The log form over the list's first customer, focus on its date, cleared.
fn log_form_date() -> repbook::tui::App {
    set_lang(Lang::En);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Char('L'));
    assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Form(_))), "{:?}", a.status);
    a
}

/// The values saving the open form would write.
fn collected(a: &mut repbook::tui::App) -> Vec<(&'static str, repbook::domain::fields::Value)> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    match &mut a.overlay {
        Some(repbook::tui::Overlay::Form(f)) => f.collect(today).unwrap(),
        _ => panic!("no form"),
    }
}

fn value(values: &[(&'static str, repbook::domain::fields::Value)], field: &str) -> Option<String> {
    values.iter().rev().find(|(f, _)| *f == field).and_then(|(_, v)| v.as_text().map(str::to_string))
}

#[test]
fn a_logged_visits_date_looks_back_and_its_status_stays_held() {
    // Sunday 2026-11-22: `fri` held is the 20th.
    let mut a = log_form_date();
    to_field(&mut a, "date");
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    typed(&mut a, "fri");
    assert!(screen(&mut a, 120, 40).contains("→ 2026-11-20 Fri"), "held: back");
    assert_eq!(value(&collected(&mut a), "date").as_deref(), Some("2026-11-20"));
    // A log records a visit held: ←/→ offer no planned status, so the
    // date never previews a forward day the save would refuse.
    to_field(&mut a, "status");
    key(&mut a, KeyCode::Left);
    assert_eq!(value(&collected(&mut a), "status").as_deref(), Some("done"));
    to_field(&mut a, "date");
    assert!(screen(&mut a, 120, 40).contains("→ 2026-11-20 Fri"), "still held: back");
    set_lang(Lang::En);
}

#[test]
fn a_visits_date_follows_the_status_chosen_in_the_form() {
    // Sunday 2026-11-22: `fri` planned is the 27th, held the 20th.
    set_lang(Lang::En);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Char('p'));
    to_field(&mut a, "date");
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    typed(&mut a, "fri");
    assert!(screen(&mut a, 120, 40).contains("→ 2026-11-27 Fri"), "planned: forward");
    assert_eq!(value(&collected(&mut a), "date").as_deref(), Some("2026-11-27"));
    to_field(&mut a, "status");
    key(&mut a, KeyCode::Right); // planned → done
    assert_eq!(value(&collected(&mut a), "status").as_deref(), Some("done"));
    to_field(&mut a, "date");
    assert!(screen(&mut a, 120, 40).contains("→ 2026-11-20 Fri"), "held: back");
    assert_eq!(value(&collected(&mut a), "date").as_deref(), Some("2026-11-20"));
}

#[test]
fn a_time_typed_with_the_day_fills_the_forms_empty_time_or_is_refused() {
    let mut a = log_form_date();
    to_field(&mut a, "time");
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    to_field(&mut a, "date");
    ctrl(&mut a, 'a');
    ctrl(&mut a, 'k');
    typed(&mut a, "fri 3pm");
    let text = screen(&mut a, 120, 40);
    assert!(text.contains("→ 2026-11-20 Fri 15:00"), "the time shown with the day: {text}");
    let values = collected(&mut a);
    assert_eq!(
        (value(&values, "date").as_deref(), value(&values, "time").as_deref()),
        (Some("2026-11-20"), Some("15:00"))
    );
    // Another time in the time field: refused, saying so, nothing dropped.
    to_field(&mut a, "time");
    typed(&mut a, "10:00");
    to_field(&mut a, "date");
    assert!(screen(&mut a, 120, 40).contains("✗ clashes with Time"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let Some(repbook::tui::Overlay::Form(f)) = &mut a.overlay else { panic!("no form") };
    let err = f.collect(today).unwrap_err().to_string();
    assert!(err.contains("15:00") && err.contains("the visit's time"), "{err}");
    // The next step's date keeps no time: refused with why.
    to_field(&mut a, "next_date");
    typed(&mut a, "明天下午3点");
    assert!(screen(&mut a, 120, 40).contains("✗ keeps no time"));
    set_lang(Lang::En);
}

/// A lunar birthday shows, as typed, that it is lunar and the Gregorian
/// day it falls on next; saving is refused with the same day, whole
/// (the date is never split at the end of a line).
#[test]
fn a_lunar_birthday_says_its_next_gregorian_day() {
    set_lang(Lang::ZhCn);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab); // People
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "王总");
    to_field(&mut a, "birthday");
    typed(&mut a, "农历八月十五");
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("✗ 农历日期，下一次是公历 2027-09-15"), "{text}");
    ctrl(&mut a, 's');
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("2027-09-15："), "{text}");
    assert!(
        text.lines().filter(|l| l.contains("2027-09-1")).all(|l| l.contains("2027-09-15")),
        "the date whole: {text}"
    );
    assert!(matches!(a.overlay, Some(repbook::tui::Overlay::Form(_))), "not saved");
    set_lang(Lang::En);
}

/// A long message is read whole in the status bar at 80×24 (it was cut
/// after three lines), here the lunar birthday's in English.
#[test]
fn a_long_message_is_shown_whole_at_80_columns() {
    set_lang(Lang::En);
    let mut a = list_app(2);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab); // People
    key(&mut a, KeyCode::Char('n'));
    typed(&mut a, "Wang");
    to_field(&mut a, "birthday");
    typed(&mut a, "农历八月十五");
    ctrl(&mut a, 's');
    let text = screen(&mut a, 80, 24);
    let bar: String = text.lines().rev().take(8).collect::<Vec<_>>().join(" ");
    assert!(bar.contains("in the notes.") && !bar.contains('…'), "{text}");
}

/// A next step's date words show the date saving stores, before saving,
/// as a date field's do (issue 9, a reviewer's §8).
#[test]
fn a_next_step_shows_the_date_its_words_mean_before_saving() {
    for (lang, step, want) in [
        (
            Lang::ZhCn,
            "寄合同 @ 下周五\n回访 @ 下下周三 14:30",
            ["寄合同 → 2026-11-27 周五", "回访 → 2026-12-02 周三 14:30"],
        ),
        (
            Lang::En,
            "Send the contract @ next fri\nCall back @ 2026-12-09",
            ["Send the contract → 2026-11-27 Fri", "Call back → 2026-12-09 Wed"],
        ),
    ] {
        set_lang(lang);
        let mut a = list_app(2);
        key(&mut a, KeyCode::Char('L'));
        let at = a.tabs_to_field("next_step");
        for _ in 0..at {
            key(&mut a, KeyCode::Tab);
        }
        ctrl(&mut a, 'a');
        ctrl(&mut a, 'k');
        for (i, line) in step.lines().enumerate() {
            if i > 0 {
                key(&mut a, KeyCode::Enter);
            }
            typed(&mut a, line);
        }
        let text = screen(&mut a, 120, 40);
        for w in want {
            assert!(text.contains(w), "{w}: {text}");
        }
        // A step whose date cannot be read says so before saving.
        key(&mut a, KeyCode::Enter);
        typed(&mut a, "x @ 下周八");
        let text = screen(&mut a, 120, 40);
        assert!(text.contains("✗ x @ 下周八"), "{text}");
    }
    set_lang(Lang::En);
}
