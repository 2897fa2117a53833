//! Dates in the fields that hold them (issue 9 §3.2, §1.6): birthdays
//! with or without a year, the error a refused date gives, what a form
//! shows beside a date field, and next steps stored with the date their
//! words meant.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use repbook::domain::dates;
use repbook::domain::fields::{FieldSpec, Kind, Value};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const WED: &str = "2026-11-25";

#[test]
fn birthdays_take_the_day_with_or_without_a_year() {
    let spec = FieldSpec::new("birthday", Kind::Birthday);
    for (typed, want) in [
        ("11月26日", "11-26"),
        ("11月26号", "11-26"),
        ("十一月二十六日", "11-26"),
        ("11-26", "11-26"),
        ("11/26", "11-26"),
        ("26 nov", "11-26"),
        ("Nov 26", "11-26"),
        ("26th November", "11-26"),
        ("2月29日", "02-29"),
        ("1990年11月26日", "1990-11-26"),
        ("1990-11-26", "1990-11-26"),
        ("26 nov 1990", "1990-11-26"),
        ("November 26, 1990", "1990-11-26"),
    ] {
        assert_eq!(spec.parse(typed).ok(), Some(Value::Text(want.to_string())), "{typed}");
    }
    for typed in ["2月30日", "1990年2月29日", "明天", "13-01", "nov"] {
        assert!(spec.parse(typed).is_err(), "{typed}");
    }
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let err = spec.parse("1800年1月1日").unwrap_err().to_string();
    assert!(err.contains("1900-01-01 to 2200-12-31"), "{err}");
}

#[test]
fn refusals_say_what_was_typed_and_what_is_read() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    let spec = FieldSpec::new("due", Kind::Date);
    let err = spec.parse_on("下周八", d(WED)).unwrap_err().to_string();
    assert!(err.contains("下周八") && err.contains("tomorrow"), "{err}");
    repbook::i18n::set_lang(repbook::i18n::Lang::ZhCn);
    let err = spec.parse_on("someday", d(WED)).unwrap_err().to_string();
    assert!(err.contains("someday") && err.contains("明天"), "{err}");
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
}

#[test]
fn a_phrase_is_shown_with_the_date_it_means() {
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    assert_eq!(dates::with_weekday(d("2026-12-04")), "2026-12-04 Fri");
    repbook::i18n::set_lang(repbook::i18n::Lang::ZhCn);
    assert_eq!(dates::with_weekday(d("2026-12-04")), "2026-12-04 周五");
    repbook::i18n::set_lang(repbook::i18n::Lang::En);
    for phrase in ["下周五", "tomorrow", "12-05", "2026/12/5", "2026-12-5"] {
        assert!(dates::is_phrase(phrase), "{phrase}");
    }
    assert!(!dates::is_phrase("2026-12-05"));
    assert!(!dates::is_phrase(""));
}

/// Issue 9 §1.6: a next step typed `@ 下周五` is stored with the date it
/// meant when it was written, not the words (which mean another day next
/// week). The fixed clock's today is Sunday 2026-11-22.
#[test]
fn next_steps_are_stored_with_the_resolved_date() {
    use repbook::domain::schema::{FOLLOWUP, VISIT};
    let mut store = common::memory();
    let c = common::customer(&mut store, "厦门永兴物流", "厦门");
    let values =
        vec![("outcome", common::text("met")), ("next_step", common::text("call back @ 下周五\n寄合同 @ 2026-12-01"))];
    let outcome = store.write(|w| w.log_visit(&c, None, values, d("2026-11-22"))).unwrap();
    let v = store.get(&VISIT, &outcome.visit_id).unwrap().unwrap();
    assert_eq!(v.text("next_step"), Some("call back @ 2026-11-27\n寄合同 @ 2026-12-01"));
    let mut due: Vec<_> =
        store.children(&FOLLOWUP, &c).unwrap().iter().map(|f| f.text_or_empty("due").to_string()).collect();
    due.sort();
    assert_eq!(due, ["2026-11-27", "2026-12-01"]);
    // An edit that keeps the step as written keeps it (and its follow-up).
    let edit = vec![("next_step", common::text("call back @ 2026-11-27\n寄合同 @ 2026-12-01\nmail @ 明天"))];
    store.write(|w| w.update(&VISIT, &outcome.visit_id, &edit)).unwrap();
    let v = store.get(&VISIT, &outcome.visit_id).unwrap().unwrap();
    assert_eq!(v.text("next_step"), Some("call back @ 2026-11-27\n寄合同 @ 2026-12-01\nmail @ 2026-11-23"));
}
