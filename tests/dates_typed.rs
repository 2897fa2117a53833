//! Dates as reps type them, what a new-user check still found (issue 9
//! §3.2): Chinese rough counts (两三天后 is two days, never 23), two-digit
//! years in any order, everyday phrases in both languages, a time typed in
//! a date field, and a visit's date following its status. Today is
//! Wednesday 2026-11-25; its calendar week runs from Monday 11-23 to
//! Sunday 11-29.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use repbook::domain::dates;

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
