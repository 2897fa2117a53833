//! Dates as reps type them, the families a second check found refused
//! (issue 9 §3.2): two-digit years, the thirds of a month (上旬 / 中旬 /
//! 下旬, early / mid / late), a month and a half, fortnights, a weekday
//! named with its week after it, a week's end and start, and times of day
//! with their part of the day (下午两点, 3pm). Today is Wednesday
//! 2026-11-25; its calendar week runs from Monday 11-23 to Sunday 11-29.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use repbook::domain::dates::{self, DateError};
use repbook::domain::fields::parse_time;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const WED: &str = "2026-11-25";

fn check(table: &[(&str, &str)]) {
    let today = d(WED);
    let wrong: Vec<String> = table
        .iter()
        .filter(|(typed, want)| dates::resolve(typed, today) != Ok(d(want)))
        .map(|(typed, want)| format!("{typed:?}: got {:?}, want {want}", dates::resolve(typed, today)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn refused(table: &[(&str, DateError)]) {
    for (typed, why) in table {
        assert_eq!(dates::resolve(typed, d(WED)), Err(*why), "{typed:?}");
    }
}

#[test]
fn two_digit_years() {
    check(&[
        ("26年12月5日", "2026-12-05"),
        ("26年12月5号", "2026-12-05"),
        ("二六年十二月五日", "2026-12-05"),
        ("27年1月3日", "2027-01-03"),
        ("12/5/26", "2026-12-05"),
        ("26-12-05", "2026-12-05"),
        ("26.12.5", "2026-12-05"),
        ("27-01-05", "2027-01-05"),
        ("25/12/26", "2026-12-25"),
        ("26年12月底", "2026-12-31"),
        ("69年1月1日", "2069-01-01"),
        ("70年1月1日", "1970-01-01"),
        ("90年11月26日", "1990-11-26"),
    ]);
    refused(&[("12/5/126", DateError::Unreadable), ("26年2月30日", DateError::Unreadable)]);
    // A birthday with a two-digit year is that date.
    assert_eq!(dates::calendar_date("90年11月26日"), Ok((Some(d("1990-11-26")), 11, 26)));
    assert_eq!(dates::calendar_date("11/26/90"), Ok((Some(d("1990-11-26")), 11, 26)));
}

#[test]
fn thirds_of_a_month() {
    check(&[
        ("12月上旬", "2026-12-05"),
        ("12月中旬", "2026-12-15"),
        ("12月下旬", "2026-12-25"),
        ("十二月下旬", "2026-12-25"),
        ("11月上旬", "2027-11-05"),
        ("下个月上旬", "2026-12-05"),
        ("下月中旬", "2026-12-15"),
        ("本月下旬", "2026-11-25"),
        ("上个月下旬", "2026-10-25"),
        ("下旬", "2026-11-25"),
        ("上旬", "2026-12-05"),
        ("中旬", "2026-12-15"),
        ("月中旬", "2026-12-15"),
        ("明年3月上旬", "2027-03-05"),
        ("2027年1月下旬", "2027-01-25"),
        ("下旬前", "2026-11-25"),
        ("mid december", "2026-12-15"),
        ("mid-dec", "2026-12-15"),
        ("middle of december", "2026-12-15"),
        ("early march", "2027-03-05"),
        ("late november", "2026-11-25"),
        ("late next month", "2026-12-25"),
        ("mid month", "2026-12-15"),
        ("mid next month", "2026-12-15"),
        ("early next month", "2026-12-05"),
        ("mid december 2027", "2027-12-15"),
        ("by mid december", "2026-12-15"),
    ]);
    refused(&[
        ("mid", DateError::Unreadable),
        ("mid next week", DateError::Unreadable),
        ("late 2027", DateError::Unreadable),
        ("13月上旬", DateError::Unreadable),
        ("十二月旬", DateError::Unreadable),
    ]);
}

#[test]
fn a_month_and_a_half_and_fortnights() {
    check(&[
        ("一个半月后", "2027-01-09"),
        ("1个半月后", "2027-01-09"),
        ("两个半月后", "2027-02-09"),
        ("一个半月前", "2026-10-10"),
        ("一年半后", "2028-05-25"),
        ("两年半以后", "2029-05-25"),
        ("in a fortnight", "2026-12-09"),
        ("in two fortnights", "2026-12-23"),
        ("a fortnight ago", "2026-11-11"),
        ("2 fortnights from now", "2026-12-23"),
    ]);
    refused(&[
        ("99999999个半月后", DateError::OutOfRange),
        ("9223372036854775807年半后", DateError::OutOfRange),
        ("in 9223372036854775807 fortnights", DateError::OutOfRange),
        ("个半月后", DateError::Unreadable),
    ]);
}

#[test]
fn a_weekday_with_its_week_after_it_and_a_weeks_ends() {
    check(&[
        ("fri next week", "2026-12-04"),
        ("friday next week", "2026-12-04"),
        ("on tuesday next week", "2026-12-01"),
        ("next week fri", "2026-12-04"),
        ("fri this week", "2026-11-27"),
        ("mon this week", "2026-11-23"),
        ("fri last week", "2026-11-20"),
        ("end of week", "2026-11-29"),
        ("end of the week", "2026-11-29"),
        ("end of this week", "2026-11-29"),
        ("by end of week", "2026-11-29"),
        ("end of next week", "2026-12-06"),
        ("week end", "2026-11-29"),
        ("start of next week", "2026-11-30"),
        ("start of week", "2026-11-30"),
        ("周初", "2026-11-30"),
        ("下周初", "2026-11-30"),
    ]);
    refused(&[("fri next month", DateError::Unreadable), ("fry next week", DateError::Unreadable)]);
}

#[test]
fn times_of_day_with_their_part_of_the_day() {
    for (typed, want) in [
        ("下午两点", "14:00"),
        ("下午3点", "15:00"),
        ("下午三点半", "15:30"),
        ("上午十点", "10:00"),
        ("早上7点半", "07:30"),
        ("晚上8点", "20:00"),
        ("中午12点", "12:00"),
        ("凌晨2点", "02:00"),
        ("3点一刻", "15:15"),
        ("凌晨3点一刻", "03:15"),
        ("3:30", "15:30"),
        ("03:30", "03:30"),
        ("下午2:30", "14:30"),
        ("half past 3", "15:30"),
        ("quarter to 4", "15:45"),
        ("9点15分", "09:15"),
        ("十点零五分", "10:05"),
        ("3pm", "15:00"),
        ("3 pm", "15:00"),
        ("10:30am", "10:30"),
        ("12pm", "12:00"),
        ("12am", "00:00"),
        ("14:30", "14:30"),
        ("１４：３０", "14:30"),
        ("noon", "12:00"),
    ] {
        assert_eq!(parse_time(typed).as_deref(), Some(want), "{typed}");
    }
    for typed in ["下午", "13pm", "上午15点", "25点", "3点99", "soon", "下午-3点"] {
        assert_eq!(parse_time(typed), None, "{typed}");
    }
    // A time after the day is read for the time field, never dropped: a
    // date field with no time refuses it; the day is read without it where
    // the time is kept (a next step's text, a visit's time field).
    let today = d(WED);
    for typed in ["下周五下午两点", "下周五 下午3点", "fri next week 3pm", "12月下旬 上午十点"] {
        assert_eq!(dates::resolve(typed, today), Err(DateError::TimeNotKept), "{typed}");
        assert!(dates::resolve_day(typed, today).is_ok(), "{typed}");
        assert!(dates::time_after(typed).and_then(parse_time).is_some(), "{typed}");
    }
    assert_eq!(dates::resolve_day("下周五下午两点", today), Ok(d("2026-12-04")));
}

#[test]
fn for_a_day_already_past_phrases_with_no_year_look_back() {
    let today = d(WED);
    let back = |typed: &str| dates::looking_back(|| dates::resolve(typed, today));
    for (typed, want) in [
        ("fri", "2026-11-20"),
        ("周五", "2026-11-20"),
        ("wed", "2026-11-25"),
        ("11/20", "2026-11-20"),
        ("11月20日", "2026-11-20"),
        ("nov 20", "2026-11-20"),
        ("12/20", "2025-12-20"),
        ("5号", "2026-11-05"),
        ("月初", "2026-11-01"),
        ("昨天", "2026-11-24"),
        ("上周五", "2026-11-20"),
        ("3 days ago", "2026-11-22"),
    ] {
        assert_eq!(back(typed), Ok(d(want)), "{typed}");
    }
    // Outside, the same phrases look forward again.
    assert_eq!(dates::resolve("fri", today), Ok(d("2026-11-27")));
}

#[test]
fn working_days_months_alone_halves_and_other_everyday_words() {
    // Wednesday 2026-11-25.
    check(&[
        ("两个工作日后", "2026-11-27"),
        ("三个工作日后", "2026-11-30"),
        ("5个工作日内", "2026-12-02"),
        ("next business day", "2026-11-26"),
        ("in 3 business days", "2026-11-30"),
        ("2 working days", "2026-11-27"),
        ("隔天", "2026-11-26"),
        ("第二天", "2026-11-26"),
        ("过两天", "2026-11-27"),
        ("明年", "2027-11-25"),
        ("去年", "2025-11-25"),
        ("下季度", "2027-02-25"),
        ("next quarter", "2027-02-25"),
        ("周中", "2026-11-25"),
        ("下周中", "2026-12-02"),
        ("12月", "2026-12-01"),
        ("明年1月", "2027-01-01"),
        ("2027年3月", "2027-03-01"),
        ("december", "2026-12-01"),
        ("jan 2027", "2027-01-01"),
        ("1.5个月后", "2027-01-09"),
        ("1.5年后", "2028-05-25"),
        ("in a month and a half", "2027-01-09"),
        ("in a year and a half", "2028-05-25"),
        ("in half a month", "2026-12-10"),
        ("in half a year", "2027-05-25"),
        ("a fortnight", "2026-12-09"),
        ("next fortnight", "2026-12-09"),
        ("eow", "2026-11-29"),
        ("eoy", "2026-12-31"),
        ("3 days", "2026-11-28"),
        ("2 weeks", "2026-12-09"),
        ("a week from friday", "2026-12-04"),
        ("this week", "2026-11-25"),
        // Still read as before.
        ("下个月", "2026-12-25"),
        ("dec 5", "2026-12-05"),
        ("5 dec", "2026-12-05"),
        ("next fri", "2026-12-04"),
    ]);
    refused(&[
        ("月", DateError::Unreadable),
        ("99999999个工作日后", DateError::OutOfRange),
        ("3 parsecs", DateError::Unreadable),
    ]);
}

/// A count and a half in every unit, both languages, digits or words
/// (a week and a half is ten days), and a weekday followed by `week`.
#[test]
fn halves_of_weeks_and_decimal_counts() {
    check(&[
        ("一周半后", "2026-12-05"),
        ("一个半星期后", "2026-12-05"),
        ("一个半礼拜后", "2026-12-05"),
        ("1.5周后", "2026-12-05"),
        ("两周半后", "2026-12-12"),
        ("半周后", "2026-11-28"),
        ("一周半前", "2026-11-15"),
        ("一天半后", "2026-11-26"),
        ("2.5个月后", "2027-02-09"),
        ("1.5年后", "2028-05-25"),
        ("in 1.5 months", "2027-01-09"),
        ("1.5 months", "2027-01-09"),
        ("in 1.5 weeks", "2026-12-05"),
        ("in a week and a half", "2026-12-05"),
        ("a week and a half", "2026-12-05"),
        ("in two and a half weeks", "2026-12-12"),
        ("in 2 and a half months", "2027-02-09"),
        ("in half a week", "2026-11-28"),
        ("in 1.5 years", "2028-05-25"),
        ("1.5 weeks ago", "2026-11-15"),
        ("monday week", "2026-12-07"),
        ("mon week", "2026-12-07"),
        ("wednesday week", "2026-12-02"),
        ("fri week", "2026-12-04"),
    ]);
    refused(&[("in 1.5 fortnights", DateError::Unreadable), ("in 99999999999.5 years", DateError::OutOfRange)]);
}
