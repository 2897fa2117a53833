//! Dates as reps type them (issue 9 §3.2): one table per family, against a
//! fixed today, each with phrases that must be refused. Today is Wednesday
//! 2026-11-25 unless a table says otherwise; its calendar week runs from
//! Monday 11-23 to Sunday 11-29.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use repbook::domain::dates::{self, DateError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const WED: &str = "2026-11-25";

fn check(today: &str, table: &[(&str, &str)]) {
    let today = d(today);
    let mut wrong = Vec::new();
    for (typed, want) in table {
        let got = dates::resolve(typed, today);
        if got != Ok(d(want)) {
            wrong.push(format!("{typed:?}: got {got:?}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "on {today}:\n{}", wrong.join("\n"));
}

fn refused(today: &str, table: &[(&str, DateError)]) {
    let today = d(today);
    for (typed, why) in table {
        assert_eq!(dates::resolve(typed, today), Err(*why), "{typed:?} on {today}");
    }
}

#[test]
fn chinese_numerals_and_counts() {
    check(
        WED,
        &[
            ("三天后", "2026-11-28"),
            ("3天后", "2026-11-28"),
            ("３天后", "2026-11-28"),
            ("3 天后", "2026-11-28"),
            ("3日后", "2026-11-28"),
            ("3天以后", "2026-11-28"),
            ("十天之后", "2026-12-05"),
            ("十五天后", "2026-12-10"),
            ("二十天后", "2026-12-15"),
            ("一百天后", "2027-03-05"),
            ("两周后", "2026-12-09"),
            ("2周后", "2026-12-09"),
            ("两个星期后", "2026-12-09"),
            ("三个礼拜后", "2026-12-16"),
            ("半个月后", "2026-12-10"),
            ("一个月后", "2026-12-25"),
            ("三个月后", "2027-02-25"),
            ("半年后", "2027-05-25"),
            ("一年后", "2027-11-25"),
            ("三天前", "2026-11-22"),
            ("3天前", "2026-11-22"),
            ("十天以前", "2026-11-15"),
            ("两周前", "2026-11-11"),
            ("一个月前", "2026-10-25"),
            ("今天", "2026-11-25"),
            ("明天", "2026-11-26"),
            ("后天", "2026-11-27"),
            ("大后天", "2026-11-28"),
            ("昨天", "2026-11-24"),
            ("前天", "2026-11-23"),
            ("大前天", "2026-11-22"),
        ],
    );
    // A month on from the 31st is the last day of the next month.
    check("2027-01-31", &[("一个月后", "2027-02-28"), ("下个月", "2027-02-28"), ("in a month", "2027-02-28")]);
    refused(
        WED,
        &[
            ("天后", DateError::Unreadable),
            ("十几天后", DateError::Unreadable),
            ("三个天后", DateError::Unreadable),
            ("九千九百九十九万天后", DateError::OutOfRange),
            ("99999999天后", DateError::OutOfRange),
        ],
    );
}

#[test]
fn dates_with_a_year() {
    check(
        WED,
        &[
            ("2026年12月5日", "2026-12-05"),
            ("2026年12月5号", "2026-12-05"),
            ("2026 年 12 月 5 日", "2026-12-05"),
            ("二〇二六年十二月五日", "2026-12-05"),
            ("2025年3月1日", "2025-03-01"),
            ("明年3月1日", "2027-03-01"),
            ("去年12月5日", "2025-12-05"),
            ("今年1月1日", "2026-01-01"),
            ("2026-12-05", "2026-12-05"),
            ("2026/12/5", "2026-12-05"),
            ("2026.12.5", "2026-12-05"),
            ("２０２６／１２／５", "2026-12-05"),
            ("20261205", "2026-12-05"),
            ("12/5/2026", "2026-12-05"),
            ("12-5-2026", "2026-12-05"),
            ("25/12/2026", "2026-12-25"),
            ("december 5 2026", "2026-12-05"),
            ("Dec 5, 2027", "2027-12-05"),
            ("5 december 2026", "2026-12-05"),
            ("5th of December 2026", "2026-12-05"),
        ],
    );
    refused(
        WED,
        &[
            ("2026年2月30日", DateError::Unreadable),
            ("2026年13月1日", DateError::Unreadable),
            ("2026/02/29", DateError::Unreadable),
            ("20261305", DateError::Unreadable),
            ("feb 30 2026", DateError::Unreadable),
            ("2300年1月1日", DateError::OutOfRange),
            ("1899年12月31日", DateError::OutOfRange),
            ("dec 5 99999", DateError::OutOfRange),
            ("12/5/99999", DateError::Unreadable),
        ],
    );
}

#[test]
fn this_last_and_after_next_week() {
    check(
        WED,
        &[
            ("周五", "2026-11-27"),
            ("星期五", "2026-11-27"),
            ("礼拜五", "2026-11-27"),
            ("周三", "2026-11-25"),
            ("周一", "2026-11-30"),
            ("周日", "2026-11-29"),
            ("星期天", "2026-11-29"),
            ("礼拜天", "2026-11-29"),
            ("本周五", "2026-11-27"),
            ("这周五", "2026-11-27"),
            ("这个星期五", "2026-11-27"),
            ("本周一", "2026-11-23"),
            ("上周五", "2026-11-20"),
            ("上个星期一", "2026-11-16"),
            ("上上周五", "2026-11-13"),
            ("下周五", "2026-12-04"),
            ("下星期一", "2026-11-30"),
            ("下个礼拜天", "2026-12-06"),
            ("下下周三", "2026-12-09"),
            ("下下个星期五", "2026-12-11"),
            ("周末", "2026-11-28"),
            ("下周末", "2026-12-05"),
            ("下周", "2026-12-02"),
            ("上周", "2026-11-18"),
            ("fri", "2026-11-27"),
            ("Friday", "2026-11-27"),
            ("on friday", "2026-11-27"),
            ("wed", "2026-11-25"),
            ("mon", "2026-11-30"),
            ("this fri", "2026-11-27"),
            ("this mon", "2026-11-23"),
            ("next fri", "2026-12-04"),
            ("next mon", "2026-11-30"),
            ("last fri", "2026-11-20"),
            ("last tue", "2026-11-24"),
            ("last wed", "2026-11-18"),
            ("fri after next", "2026-12-11"),
            ("next week", "2026-12-02"),
            ("last week", "2026-11-18"),
        ],
    );
    // On a Sunday, 本周五 was two days ago and 下周五 is in five days.
    check("2026-11-29", &[("本周五", "2026-11-27"), ("下周五", "2026-12-04"), ("周五", "2026-12-04")]);
    refused(
        WED,
        &[
            ("下周八", DateError::Unreadable),
            ("周", DateError::Unreadable),
            ("上周九", DateError::Unreadable),
            ("next", DateError::Unreadable),
            ("last foo", DateError::Unreadable),
            ("mo", DateError::Unreadable),
        ],
    );
}

#[test]
fn month_words() {
    check(
        WED,
        &[
            ("月底", "2026-11-30"),
            ("月末", "2026-11-30"),
            ("本月底", "2026-11-30"),
            ("这个月底", "2026-11-30"),
            ("上个月底", "2026-10-31"),
            ("上月底", "2026-10-31"),
            ("下月底", "2026-12-31"),
            ("下个月末", "2026-12-31"),
            ("月初", "2026-12-01"),
            ("本月初", "2026-11-01"),
            ("下月初", "2026-12-01"),
            ("下个月初", "2026-12-01"),
            ("上个月初", "2026-10-01"),
            ("月中", "2026-12-15"),
            ("本月中", "2026-11-15"),
            ("下个月5号", "2026-12-05"),
            ("下月5日", "2026-12-05"),
            ("下个月十五号", "2026-12-15"),
            ("本月5号", "2026-11-05"),
            ("这个月30号", "2026-11-30"),
            ("上个月5号", "2026-10-05"),
            ("下个月", "2026-12-25"),
            ("上个月", "2026-10-25"),
            ("下下个月", "2027-01-25"),
            ("end of month", "2026-11-30"),
            ("end of the month", "2026-11-30"),
            ("end of next month", "2026-12-31"),
            ("end of last month", "2026-10-31"),
            ("month end", "2026-11-30"),
            ("start of month", "2026-12-01"),
            ("start of next month", "2026-12-01"),
            ("beginning of this month", "2026-11-01"),
            ("next month", "2026-12-25"),
            ("last month", "2026-10-25"),
        ],
    );
    check("2028-02-10", &[("月底", "2028-02-29"), ("end of month", "2028-02-29")]);
    refused(
        WED,
        &[
            ("本月31号", DateError::Unreadable),
            ("下个月32号", DateError::Unreadable),
            ("end of weak", DateError::Unreadable),
            ("月", DateError::Unreadable),
        ],
    );
}

#[test]
fn years_and_quarters() {
    check(
        WED,
        &[
            ("年底", "2026-12-31"),
            ("今年底", "2026-12-31"),
            ("明年底", "2027-12-31"),
            ("去年底", "2025-12-31"),
            ("年初", "2027-01-01"),
            ("明年初", "2027-01-01"),
            ("今年初", "2026-01-01"),
            ("季度末", "2026-12-31"),
            ("季末", "2026-12-31"),
            ("本季度末", "2026-12-31"),
            ("下季度初", "2027-01-01"),
            ("下季度末", "2027-03-31"),
            ("上季度末", "2026-09-30"),
            ("季初", "2027-01-01"),
            ("本季度初", "2026-10-01"),
            ("end of year", "2026-12-31"),
            ("end of the year", "2026-12-31"),
            ("year end", "2026-12-31"),
            ("end of next year", "2027-12-31"),
            ("start of next year", "2027-01-01"),
            ("start of year", "2027-01-01"),
            ("end of quarter", "2026-12-31"),
            ("end of next quarter", "2027-03-31"),
            ("start of this quarter", "2026-10-01"),
            ("quarter end", "2026-12-31"),
        ],
    );
    // On the first day of a quarter, 季初 and start of quarter are today.
    check("2027-01-01", &[("季初", "2027-01-01"), ("年初", "2027-01-01"), ("start of quarter", "2027-01-01")]);
    refused(WED, &[("季度", DateError::Unreadable), ("end of decade", DateError::Unreadable)]);
}

#[test]
fn a_named_months_end_start_or_middle() {
    check(
        WED,
        &[
            ("12月底", "2026-12-31"),
            ("11月底", "2026-11-30"),
            ("十一月初", "2027-11-01"),
            ("3月中", "2027-03-15"),
            ("2月底", "2027-02-28"),
            ("明年2月底", "2027-02-28"),
            ("2028年2月底", "2028-02-29"),
            ("end of december", "2026-12-31"),
            ("start of march", "2027-03-01"),
            ("end of feb 2028", "2028-02-29"),
            ("1st of this month", "2026-11-01"),
            ("31st of last month", "2026-10-31"),
            ("the 5th of next month", "2026-12-05"),
        ],
    );
    refused(WED, &[("13月底", DateError::Unreadable), ("end of smarch", DateError::Unreadable)]);
}

#[test]
fn weekends() {
    check(
        WED,
        &[
            ("weekend", "2026-11-28"),
            ("this weekend", "2026-11-28"),
            ("next weekend", "2026-12-05"),
            ("coming fri", "2026-11-27"),
            ("this coming monday", "2026-11-30"),
            ("last weekend", "2026-11-21"),
            ("上周末", "2026-11-21"),
            ("下周末", "2026-12-05"),
        ],
    );
    refused(WED, &[("weekends", DateError::Unreadable), ("周末末", DateError::Unreadable)]);
}

#[test]
fn deadlines_mean_the_day() {
    check(
        WED,
        &[
            ("月底前", "2026-11-30"),
            ("下周三之前", "2026-12-02"),
            ("周五以前", "2026-11-27"),
            ("by fri", "2026-11-27"),
            ("before end of month", "2026-11-30"),
            ("by the 5th", "2026-12-05"),
            ("by dec 5", "2026-12-05"),
            ("12月底前", "2026-12-31"),
        ],
    );
    refused(
        WED,
        &[
            ("by", DateError::Unreadable),
            ("before", DateError::Unreadable),
            ("前", DateError::Unreadable),
            ("by someday", DateError::Unreadable),
        ],
    );
}

#[test]
fn a_part_of_the_day_after_the_day_is_the_day() {
    check(
        WED,
        &[
            ("下周五下午", "2026-12-04"),
            ("明天上午", "2026-11-26"),
            ("明早", "2026-11-26"),
            ("今晚", "2026-11-25"),
            ("后天晚上", "2026-11-27"),
            ("月底前下午", "2026-11-30"),
            ("2026-12-05 下午", "2026-12-05"),
            ("明天 下午", "2026-11-26"),
            ("fri afternoon", "2026-11-27"),
            ("next mon in the morning", "2026-11-30"),
            ("tonight", "2026-11-25"),
        ],
    );
    refused(
        WED,
        &[
            ("下午", DateError::Unreadable),
            ("someday 14:30", DateError::Unreadable),
            ("at 3pm", DateError::Unreadable),
            ("afternoon", DateError::Unreadable),
            ("14:30", DateError::Unreadable),
            ("31st of next month 25:00", DateError::Unreadable),
            // A clock time is never dropped: a date field with no time
            // beside it refuses it (tests/dates_typed.rs has the visit's).
            ("下周五 14:30", DateError::TimeNotKept),
            ("tomorrow at 3pm", DateError::TimeNotKept),
            ("明天下午3点", DateError::TimeNotKept),
        ],
    );
}

#[test]
fn within_a_count_or_a_period() {
    check(
        WED,
        &[
            ("3天内", "2026-11-28"),
            ("一周之内", "2026-12-02"),
            ("两个月以内", "2027-01-25"),
            ("within 3 days", "2026-11-28"),
            ("本周内", "2026-11-29"),
            ("下周内", "2026-12-06"),
            ("本月内", "2026-11-30"),
            ("月内", "2026-11-30"),
            ("下个月内", "2026-12-31"),
            ("本季度内", "2026-12-31"),
            ("年内", "2026-12-31"),
            ("明年内", "2027-12-31"),
        ],
    );
    refused(WED, &[("内", DateError::Unreadable)]);
}

#[test]
fn english_month_names() {
    check(
        WED,
        &[
            ("5 dec", "2026-12-05"),
            ("dec 5", "2026-12-05"),
            ("December 5", "2026-12-05"),
            ("5th december", "2026-12-05"),
            ("the 5th of december", "2026-12-05"),
            ("Dec. 5", "2026-12-05"),
            ("december 5th", "2026-12-05"),
            ("1 jan", "2027-01-01"),
            ("march 3", "2027-03-03"),
            ("25 nov", "2026-11-25"),
            ("24 nov", "2027-11-24"),
            ("sept 9", "2027-09-09"),
            ("29 feb", "2028-02-29"),
        ],
    );
    refused(
        WED,
        &[
            ("dec 32", DateError::Unreadable),
            ("30 feb", DateError::Unreadable),
            ("5 decembre", DateError::Unreadable),
            ("de 5", DateError::Unreadable),
        ],
    );
}

#[test]
fn relative_days() {
    check(
        WED,
        &[
            ("today", "2026-11-25"),
            ("Tomorrow", "2026-11-26"),
            ("yesterday", "2026-11-24"),
            ("the day after tomorrow", "2026-11-27"),
            ("day before yesterday", "2026-11-23"),
            ("in 3 days", "2026-11-28"),
            ("in three days", "2026-11-28"),
            ("in a week", "2026-12-02"),
            ("in 2 weeks", "2026-12-09"),
            ("in a month", "2026-12-25"),
            ("in 1 year", "2027-11-25"),
            ("3 days later", "2026-11-28"),
            ("2 weeks from now", "2026-12-09"),
            ("3 days ago", "2026-11-22"),
            ("a week ago", "2026-11-18"),
            ("2 months ago", "2026-09-25"),
        ],
    );
    refused(
        WED,
        &[
            ("in 3 moons", DateError::Unreadable),
            ("in days", DateError::Unreadable),
            ("in some days", DateError::Unreadable),
            ("soon", DateError::Unreadable),
            ("", DateError::Unreadable),
            ("in 99999999 days", DateError::OutOfRange),
            ("in 99999999999 months", DateError::OutOfRange),
            ("99999 years ago", DateError::OutOfRange),
        ],
    );
}

#[test]
fn a_day_of_the_month_alone() {
    check(
        WED,
        &[
            ("5号", "2026-12-05"),
            ("5日", "2026-12-05"),
            ("25号", "2026-11-25"),
            ("28号", "2026-11-28"),
            ("十五号", "2026-12-15"),
            ("31号", "2026-12-31"),
            ("the 5th", "2026-12-05"),
            ("5th", "2026-12-05"),
        ],
    );
    check("2027-01-31", &[("30号", "2027-03-30"), ("31号", "2027-01-31")]);
    refused(WED, &[("32号", DateError::Unreadable), ("0号", DateError::Unreadable), ("99th", DateError::Unreadable)]);
}
