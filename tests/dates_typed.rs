//! Dates as reps type them, what a new-user check still found (issue 9
//! §3.2): Chinese rough counts (两三天后 is two days, never 23), two-digit
//! years in any order, everyday phrases in both languages, a time typed in
//! a date field, and a visit's date following its status. Today is
//! Wednesday 2026-11-25; its calendar week runs from Monday 11-23 to
//! Sunday 11-29.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use repbook::domain::dates::{self, DateError, when};

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

fn refused(table: &[&str]) {
    let today = d(WED);
    let wrong: Vec<String> = table
        .iter()
        .filter(|typed| dates::resolve(typed, today).is_ok())
        .map(|typed| format!("{typed:?}: got {:?}, want refused", dates::resolve(typed, today)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn chinese_rough_counts_are_the_earlier_never_a_big_number() {
    check(&[
        ("三四天后", "2026-11-28"),
        ("两三天后", "2026-11-27"),
        ("三两天后", "2026-11-27"),
        ("五六天后", "2026-11-30"),
        ("七八天后", "2026-12-02"),
        ("一两周后", "2026-12-02"),
        ("两三个星期后", "2026-12-09"),
        ("三四个月后", "2027-02-25"),
        ("三四天内", "2026-11-28"),
        ("两三天前", "2026-11-23"),
        ("两三个工作日后", "2026-11-27"),
        ("几天后", "2026-11-28"),
        ("过几天", "2026-11-28"),
        ("过三四天", "2026-11-28"),
        ("过两天", "2026-11-27"),
        ("几周后", "2026-12-16"),
        ("一个多月后", "2026-12-25"),
        ("两个多星期后", "2026-12-09"),
        ("十多天后", "2026-12-05"),
        ("一年多后", "2027-11-25"),
        ("前两天", "2026-11-23"),
        ("前几天", "2026-11-22"),
        ("前三四天", "2026-11-22"),
        // Numbers still read as numbers.
        ("十五天后", "2026-12-10"),
        ("二十天后", "2026-12-15"),
        ("一百零五天后", "2027-03-10"),
        ("三十天后", "2026-12-25"),
        // Years alone are read digit by digit.
        ("二〇二六年十二月五日", "2026-12-05"),
        ("二六年十二月五日", "2026-12-05"),
        ("二〇二七年一月初", "2027-01-01"),
    ]);
    // 十几天 spans eleven to nineteen days: refused, never guessed; digits
    // that are no rough range (三五天, 二四天) or more than two are refused too.
    refused(&["十几天后", "几十天后", "三五天后", "二四天后", "三四五天后", "二三四天后", "三四号", "十几号"]);
}

#[test]
fn two_digit_years_in_any_order_take_the_real_date_nearest_today() {
    check(&[
        ("26/12/05", "2026-12-05"),
        ("26/12/5", "2026-12-05"),
        ("12/5/26", "2026-12-05"),
        ("12/05/26", "2026-12-05"),
        ("25/12/26", "2026-12-25"),
        ("5/12/26", "2026-12-05"),
        ("27/1/15", "2027-01-15"),
        ("1/15/27", "2027-01-15"),
        ("11/20/26", "2026-11-20"),
        ("5 Dec 26", "2026-12-05"),
        ("dec 5 26", "2026-12-05"),
        ("5th december 26", "2026-12-05"),
        ("5 dec 90", "1990-12-05"),
        // Fixed forms keep their reading: a four-digit year, dashes and
        // dots with the year first.
        ("12/5/2026", "2026-12-05"),
        ("26-12-05", "2026-12-05"),
        ("26.12.5", "2026-12-05"),
        ("2026/12/05", "2026-12-05"),
    ]);
    refused(&["26/13/45", "99/99/99", "31/2/30", "1/2/3/4", "123/1/2"]);
    // A birthday names no today: its two-digit year stays last.
    assert_eq!(dates::calendar_date("5 dec 90"), Ok((Some(d("1990-12-05")), 12, 5)));
}

/// What a visit's date field reads with a time typed after the day, its
/// time field as it stands, and whether the visit was held.
fn visit(typed: &str, time: &str, held: bool) -> Result<(String, Option<String>), DateError> {
    let around = when::Around { time: Some(time), held };
    when::read(typed, d(WED), around).map(|r| (r.date.to_string(), r.fill_time))
}

#[test]
fn a_time_typed_with_the_day_fills_a_visits_empty_time_and_is_never_dropped() {
    for (typed, date, time) in [
        ("fri 3pm", "2026-11-27", "15:00"),
        ("tomorrow 3pm", "2026-11-26", "15:00"),
        ("tomorrow at 3pm", "2026-11-26", "15:00"),
        ("明天下午3点", "2026-11-26", "15:00"),
        ("下周五 14:30", "2026-12-04", "14:30"),
        ("fri 9:00", "2026-11-27", "09:00"),
        ("明天 9点", "2026-11-26", "09:00"),
        ("2026-12-05 14:30", "2026-12-05", "14:30"),
        ("下周五上午10点", "2026-12-04", "10:00"),
        ("下周五10点半", "2026-12-04", "10:30"),
        ("fri 10:30am", "2026-11-27", "10:30"),
    ] {
        assert_eq!(visit(typed, "", false), Ok((date.to_string(), Some(time.to_string()))), "{typed:?}");
        // The same time already in the field: nothing to fill, no clash.
        assert_eq!(visit(typed, time, false), Ok((date.to_string(), None)), "{typed:?} with {time}");
        // Another time in the field: refused, never overwritten.
        assert_eq!(visit(typed, "08:15", false), Err(DateError::TimeClash), "{typed:?} over 08:15");
        // A date field with no time beside it (a follow-up's due date, a
        // next step's date): refused, saying the time cannot be kept.
        assert_eq!(dates::resolve(typed, d(WED)), Err(DateError::TimeNotKept), "{typed:?}");
    }
    // A part of the day alone is no time: the day, nothing filled.
    assert_eq!(visit("下周五下午", "", false), Ok(("2026-12-04".to_string(), None)));
    assert_eq!(visit("fri afternoon", "08:15", false), Ok(("2026-11-27".to_string(), None)));
    // A held visit's day looks back, with its time.
    assert_eq!(visit("fri 3pm", "", true), Ok(("2026-11-20".to_string(), Some("15:00".to_string()))));
    // A birthday keeps no time.
    assert_eq!(dates::calendar_date("11月26日 下午3点"), Err(DateError::TimeNotKept));
    assert_eq!(dates::calendar_date("nov 26 3pm"), Err(DateError::TimeNotKept));
}

#[test]
fn the_messages_say_the_time_cannot_be_kept_or_clashes_in_both_languages() {
    use repbook::i18n::{Lang, set_lang};
    set_lang(Lang::En);
    let kept = DateError::TimeNotKept.to_error("due", "fri 3pm").to_string();
    assert!(kept.contains("15:00") && kept.contains("the day alone (fri)"), "{kept}");
    let clash = DateError::TimeClash.to_error("date", "fri 3pm").to_string();
    assert!(clash.contains("15:00") && clash.contains("the visit's time"), "{clash}");
    set_lang(Lang::ZhCn);
    let kept = DateError::TimeNotKept.to_error("到期日", "明天下午3点").to_string();
    assert!(kept.contains("15:00") && kept.contains("只记日期") && kept.contains("明天"), "{kept}");
    set_lang(Lang::En);
}

#[test]
fn chinese_phrases_a_rep_expects() {
    check(&[
        ("下周星期三", "2026-12-02"),
        ("本周礼拜五", "2026-11-27"),
        ("下星期周一", "2026-11-30"),
        ("下个月月底", "2026-12-31"),
        ("本月月初", "2026-11-01"),
        ("下月月中", "2026-12-15"),
        ("第一天", "2026-11-25"),
        ("第二天", "2026-11-26"),
        ("第三天", "2026-11-27"),
        ("第五天", "2026-11-29"),
        ("次周一", "2026-11-30"),
        ("次月初", "2026-12-01"),
        ("次周", "2026-12-02"),
        ("年中", "2027-06-30"),
        ("今年年中", "2026-06-30"),
        ("明年年中", "2027-06-30"),
        ("明年年底", "2027-12-31"),
        ("廿五号", "2026-11-25"),
        ("廿号", "2026-12-20"),
        ("卅号", "2026-11-30"),
        ("十二月廿五日", "2026-12-25"),
    ]);
    refused(&["第零天", "下个月月", "年中中"]);
}

#[test]
fn english_phrases_a_rep_expects() {
    check(&[
        ("this month", "2026-11-25"),
        ("two weeks from today", "2026-12-09"),
        ("3 days from today", "2026-11-28"),
        ("week after next", "2026-12-09"),
        ("a week today", "2026-12-02"),
        ("next next wed", "2026-12-09"),
        ("in 2 wks", "2026-12-09"),
        ("1 wk", "2026-12-02"),
        ("2w", "2026-12-09"),
        ("3d", "2026-11-28"),
        ("+3", "2026-11-28"),
        ("+2w", "2026-12-09"),
        ("in 3 mos", "2027-02-25"),
        ("1 yr", "2027-11-25"),
        ("a couple of days", "2026-11-27"),
        ("in a couple of days", "2026-11-27"),
        ("in a few days", "2026-11-28"),
        ("a few weeks", "2026-12-16"),
        ("on the 15th", "2026-12-15"),
        ("on 15th", "2026-12-15"),
        ("next month 5th", "2026-12-05"),
        ("5th next month", "2026-12-05"),
        ("fri 27 nov", "2026-11-27"),
        ("Friday, November 27 2026", "2026-11-27"),
        ("Fri 27", "2026-11-27"),
        ("mon 30", "2026-11-30"),
        ("this afternoon", "2026-11-25"),
        ("this morning", "2026-11-25"),
        ("in december", "2026-12-01"),
        ("this december", "2026-12-01"),
        ("next december", "2027-12-01"),
        ("last december", "2025-12-01"),
        ("2026-12", "2026-12-01"),
        ("2027/1", "2027-01-01"),
        ("last day of the month", "2026-11-30"),
        ("last day of next month", "2026-12-31"),
        ("first day of next month", "2026-12-01"),
    ]);
    // A weekday that is not the date's is a slip: refused, never guessed.
    refused(&["thu 27 nov", "fri 32", "+", "+3x", "2026-13", "3 w ago later", "in 2 fortnightly"]);
    // A 27th that is a Saturday: the coming one, months away.
    let sat = dates::resolve("sat 27", d(WED)).unwrap();
    assert_eq!((sat.format("%d %a").to_string(), sat > d(WED)), ("27 Sat".to_string(), true));
    // Held: the last one.
    let held = dates::looking_back(|| dates::resolve("fri 27", d("2026-12-01"))).unwrap();
    assert_eq!(held, d("2026-11-27"));
}

#[test]
fn four_digits_in_a_time_field_are_hours_and_minutes() {
    use repbook::domain::fields::parse_time;
    for (typed, want) in [("1430", "14:30"), ("0930", "09:30"), ("0000", "00:00"), ("2359", "23:59")] {
        assert_eq!(parse_time(typed).as_deref(), Some(want), "{typed}");
    }
    for typed in ["2400", "1460", "14300", "143"] {
        assert_eq!(parse_time(typed), None, "{typed}");
    }
}

#[test]
fn the_de_form_of_a_month_and_day_yearless_day_first_and_english_last_weekdays() {
    check(&[
        // 的 between a month and its day, in every month+day phrase.
        ("下个月的5号", "2026-12-05"),
        ("下月的5号", "2026-12-05"),
        ("本月的20号", "2026-11-20"),
        ("上个月的5号", "2026-10-05"),
        ("这个月的28号", "2026-11-28"),
        ("下下个月的1号", "2027-01-01"),
        ("12月的5号", "2026-12-05"),
        ("十二月的五日", "2026-12-05"),
        ("明年3月的1日", "2027-03-01"),
        ("2027年1月的8日", "2027-01-08"),
        ("下个月的月底", "2026-12-31"),
        // Day first without a year when the first number cannot be a
        // month, as 30/11/2026 is; 5/11 stays month first as 5/11/2026.
        ("30/11", "2026-11-30"),
        ("25/12", "2026-12-25"),
        ("30.11", "2026-11-30"),
        ("13.1", "2027-01-13"),
        ("5/11", "2027-05-11"),
        ("5/11/2026", "2026-05-11"),
        ("30/11/2026", "2026-11-30"),
        // Every English "last" form of a weekday.
        ("previous friday", "2026-11-20"),
        ("past fri", "2026-11-20"),
        ("this past friday", "2026-11-20"),
        ("previous wed", "2026-11-18"),
        ("the friday before last", "2026-11-13"),
        ("fri before last", "2026-11-13"),
        ("the fri before last", "2026-11-13"),
    ]);
    refused(&["13/13", "32/11", "30-11", "下个月的", "月的5号", "past", "before last"]);
    // A birthday takes the 的 form too.
    assert_eq!(dates::calendar_date("11月的26日"), Ok((None, 11, 26)));
    assert_eq!(dates::calendar_date("26/11"), Ok((None, 11, 26)));
}
