//! Dates as reps type them, in both languages (DESIGN.md §6): ISO dates,
//! 今天 明天 后天 大后天 昨天 前天, 下周一, 周五 / 星期五 (the coming one), 3天后,
//! 2周后, 12月5日, today, tomorrow, yesterday, next mon, fri, in 3 days,
//! in 2 weeks, 12-05. The caller shows the resolved date before saving.
//!
//! Every date a user gives lies in the window [`FIRST`]..=[`LAST`]: a
//! relative date that lands outside it (`in 99999999 days`) is refused with
//! [`DateError::OutOfRange`], never computed with arithmetic that can
//! overflow (see the README, "Bounds on what you type").

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

/// The first date repbook takes from a user.
pub const FIRST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last date repbook takes from a user.
pub const LAST: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Is `d` within the dates repbook takes ([`FIRST`]..=[`LAST`])?
pub fn in_window(d: NaiveDate) -> bool {
    (FIRST..=LAST).contains(&d)
}

/// Why typed text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any form repbook reads.
    Unreadable,
    /// A date, but before [`FIRST`] or after [`LAST`] (or too far away to
    /// compute at all).
    OutOfRange,
}

impl DateError {
    /// The error for the field labelled `field` given `value`, one sentence
    /// in the active language.
    pub fn to_error(self, field: &str, value: &str) -> crate::Error {
        match self {
            DateError::Unreadable => crate::Error::invalid(
                "error.bad_value",
                &[("field", &field), ("value", &value), ("expected", &crate::i18n::t("expect.date"))],
            ),
            DateError::OutOfRange => crate::Error::invalid(
                "error.date_range",
                &[("field", &field), ("value", &value), ("first", &FIRST), ("last", &LAST)],
            ),
        }
    }
}

type Resolved = Result<NaiveDate, DateError>;

const WEEKDAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

fn zh_weekday(c: char) -> Option<Weekday> {
    let i = "一二三四五六日天".find(c).map(|b| b / 3)?;
    Some(WEEKDAYS[i.min(6)])
}

fn en_weekday(s: &str) -> Option<Weekday> {
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let s = s.trim_end_matches('.');
    if s.len() < 3 {
        return None;
    }
    let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    (0..7).find(|&i| names[i] == s || full[i].starts_with(s)).map(|i| WEEKDAYS[i])
}

/// `today` moved by `days`, when that is a date at all.
fn shift(today: NaiveDate, days: i64) -> Resolved {
    TimeDelta::try_days(days).and_then(|d| today.checked_add_signed(d)).ok_or(DateError::OutOfRange)
}

/// `today` moved by `n` units of `unit_days` days, checked.
fn offset(today: NaiveDate, n: i64, unit_days: i64) -> Resolved {
    shift(today, n.checked_mul(unit_days).ok_or(DateError::OutOfRange)?)
}

/// The next `day` strictly after `today` (today itself counts as a week away).
fn coming(today: NaiveDate, day: Weekday) -> Resolved {
    let ahead = (7 + i64::from(day.num_days_from_monday()) - i64::from(today.weekday().num_days_from_monday())) % 7;
    shift(today, if ahead == 0 { 7 } else { ahead })
}

/// That weekday in next week (weeks start on Monday).
fn next_week(today: NaiveDate, day: Weekday) -> Resolved {
    let back = i64::from(today.weekday().num_days_from_monday());
    shift(today, 7 - back + i64::from(day.num_days_from_monday()))
}

/// Month and day in the coming year: this year if not yet past, else next.
fn month_day(today: NaiveDate, m: u32, d: u32) -> Resolved {
    let this = NaiveDate::from_ymd_opt(today.year(), m, d);
    match this {
        Some(date) if date >= today => Ok(date),
        _ => today
            .year()
            .checked_add(1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .or(this)
            .ok_or(DateError::Unreadable),
    }
}

/// A count as typed: digits that do not fit are a date too far away, not
/// an unreadable one.
fn count(n: &str) -> Result<i64, DateError> {
    let n = n.trim();
    n.parse().map_err(|_| {
        let digits = n.strip_prefix(['-', '+']).unwrap_or(n);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            DateError::OutOfRange
        } else {
            DateError::Unreadable
        }
    })
}

fn number_then(s: &str, suffixes: &[&str]) -> Option<Result<i64, DateError>> {
    suffixes.iter().find_map(|suf| s.strip_suffix(suf)).map(count)
}

/// Resolve what the user typed against `today`; `None` when it is not a
/// date or lies outside the window (see [`resolve`] for which).
pub fn parse(input: &str, today: NaiveDate) -> Option<NaiveDate> {
    resolve(input, today).ok()
}

/// Resolve what the user typed against `today`: a date within
/// [`FIRST`]..=[`LAST`], or why not. Never panics, whatever `input` and
/// `today` are.
pub fn resolve(input: &str, today: NaiveDate) -> Resolved {
    let d = resolve_any(input, today)?;
    if in_window(d) { Ok(d) } else { Err(DateError::OutOfRange) }
}

fn resolve_any(input: &str, today: NaiveDate) -> Resolved {
    let s = input.trim().to_lowercase();
    if s.is_empty() {
        return Err(DateError::Unreadable);
    }
    if let Some(d) = super::fields::parse_iso_date_unbounded(&s) {
        return Ok(d);
    }
    let rel = |days: i64| shift(today, days);
    match s.as_str() {
        "今天" | "今日" | "today" | "tod" => return rel(0),
        "明天" | "明日" | "tomorrow" | "tmr" | "tmrw" => return rel(1),
        "后天" | "後天" => return rel(2),
        "大后天" => return rel(3),
        "昨天" | "yesterday" => return rel(-1),
        "前天" => return rel(-2),
        _ => {}
    }
    // 下周一 / 下星期五 / 下礼拜三
    for prefix in ["下周", "下星期", "下礼拜"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return zh_weekday(c).map_or(Err(DateError::Unreadable), |w| next_week(today, w));
            }
        }
    }
    // 周五 / 星期五 / 礼拜五: the coming one.
    for prefix in ["周", "星期", "礼拜"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return zh_weekday(c).map_or(Err(DateError::Unreadable), |w| coming(today, w));
            }
        }
    }
    if let Some(n) = number_then(&s, &["天后", "日后"]) {
        return offset(today, n?, 1);
    }
    if let Some(n) = number_then(&s, &["周后", "个星期后", "星期后"]) {
        return offset(today, n?, 7);
    }
    if let Some(n) = number_then(&s, &["天前"]) {
        return offset(today, n?, -1);
    }
    // 12月5日 / 12月5号
    if let Some((m, rest)) = s.split_once('月') {
        let d = rest.trim_end_matches(['日', '号']);
        let (Ok(m), Ok(d)) = (m.trim().parse(), d.trim().parse()) else { return Err(DateError::Unreadable) };
        return month_day(today, m, d);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        ["next", "week"] => return rel(7),
        ["next", day] => return en_weekday(day).map_or(Err(DateError::Unreadable), |w| next_week(today, w)),
        ["in", n, unit] | [n, unit, "later"] => {
            return match unit.trim_end_matches('s') {
                "day" => offset(today, count(n)?, 1),
                "week" => offset(today, count(n)?, 7),
                _ => Err(DateError::Unreadable),
            };
        }
        [n, unit, "ago"] => {
            return match unit.trim_end_matches('s') {
                "day" => offset(today, count(n)?, -1),
                "week" => offset(today, count(n)?, -7),
                _ => Err(DateError::Unreadable),
            };
        }
        [day] => {
            if let Some(w) = en_weekday(day) {
                return coming(today, w);
            }
        }
        _ => {}
    }
    // 12-05 or 12/5: month and day.
    let md = s.replace('/', "-");
    if let Some((m, d)) = md.split_once('-')
        && !d.contains('-')
        && let (Ok(m), Ok(d)) = (m.parse(), d.parse())
    {
        return month_day(today, m, d);
    }
    Err(DateError::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn everyday_words_resolve_against_a_fixed_today() {
        // 2026-11-22 is a Sunday.
        let today = d("2026-11-22");
        for (typed, want) in [
            ("2026-12-05", "2026-12-05"),
            ("2026/1/3", "2026-01-03"),
            ("今天", "2026-11-22"),
            ("明天", "2026-11-23"),
            ("后天", "2026-11-24"),
            ("大后天", "2026-11-25"),
            ("昨天", "2026-11-21"),
            ("下周一", "2026-11-23"),
            ("下周五", "2026-11-27"),
            ("下星期日", "2026-11-29"),
            ("周五", "2026-11-27"),
            ("星期五", "2026-11-27"),
            ("周日", "2026-11-29"),
            ("3天后", "2026-11-25"),
            ("2周后", "2026-12-06"),
            ("12月5日", "2026-12-05"),
            ("1月5号", "2027-01-05"),
            ("today", "2026-11-22"),
            ("Tomorrow", "2026-11-23"),
            ("next mon", "2026-11-23"),
            ("next friday", "2026-11-27"),
            ("fri", "2026-11-27"),
            ("sunday", "2026-11-29"),
            ("in 3 days", "2026-11-25"),
            ("in 2 weeks", "2026-12-06"),
            ("3 days ago", "2026-11-19"),
            ("12-05", "2026-12-05"),
            ("11/20", "2027-11-20"),
        ] {
            assert_eq!(parse(typed, today), Some(d(want)), "{typed}");
        }
    }

    #[test]
    fn from_a_wednesday_the_coming_friday_is_this_week() {
        let wed = d("2026-11-25");
        assert_eq!(parse("周五", wed), Some(d("2026-11-27")));
        assert_eq!(parse("下周五", wed), Some(d("2026-12-04")));
        assert_eq!(parse("周三", wed), Some(d("2026-12-02")), "today's weekday means next week's");
    }

    #[test]
    fn big_numbers_are_out_of_range_not_a_panic() {
        let today = d("2026-11-22");
        for typed in [
            "in 99999999 days",
            "99999999天后",
            "in 9223372036854775807 days",
            "99999999周后",
            "in 3000000 weeks",
            "9223372036854775807 weeks ago",
            "-9223372036854775808天前",
            "in 99999999999999999999999 days",
            "+59522-12-11",
            "1899-12-31",
            "2201-01-01",
        ] {
            assert_eq!(resolve(typed, today), Err(DateError::OutOfRange), "{typed}");
            assert_eq!(parse(typed, today), None, "{typed}");
        }
        assert_eq!(resolve("1900-01-01", today), Ok(FIRST));
        assert_eq!(resolve("2200-12-31", today), Ok(LAST));
        assert_eq!(resolve("in 3 fortnights", today), Err(DateError::Unreadable));
    }

    #[test]
    fn the_ends_of_the_calendar_as_today_do_not_panic() {
        for today in [NaiveDate::MIN, NaiveDate::MAX, FIRST, LAST] {
            for typed in ["tomorrow", "yesterday", "next mon", "下周日", "fri", "12-31", "1月1日", "in 2 weeks"] {
                if let Ok(got) = resolve(typed, today) {
                    assert!(in_window(got), "{typed} on {today}: {got}");
                }
            }
        }
        assert_eq!(resolve("tomorrow", LAST), Err(DateError::OutOfRange));
        assert_eq!(resolve("12-31", LAST), Ok(LAST), "this year's, not next");
    }

    #[test]
    fn nonsense_is_refused() {
        let today = d("2026-11-22");
        for typed in ["", "soon", "下周八", "2026-02-30", "13月1日", "in 3 fortnights", "next", "mo"] {
            assert_eq!(parse(typed, today), None, "{typed}");
        }
    }
}
