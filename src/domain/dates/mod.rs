//! Dates as reps type them, in both languages (DESIGN.md §6), one parser
//! for the CLI and the interface: numbers (`numeric`: 2026-12-05, 2026/12/5,
//! 12/5/2026, 20261205, 12-05), Chinese phrases (`zh`: 三天后, 本周五,
//! 下下周三, 月底, 下个月5号, 2026年12月5日, 5号) and English ones (`en`: in 3
//! days, last fri, end of next month, 5 dec, december 5 2026, the 5th).
//! Each module lists its families and what every phrase means. The caller
//! shows the resolved date before saving ([`with_weekday`], [`is_phrase`]).
//!
//! The rules for the ambiguous phrases, in both languages: a weekday alone
//! (周五, fri) is the coming one, today when today is that day; 本周五 /
//! this fri, 上周五, 下周五 / next fri and 下下周五 / fri after next are the
//! Friday of this, last, next and the week after next calendar week,
//! weeks starting on Monday as in China; `last fri` is the last Friday
//! before today; a month and day without a year (12月5日, dec 5, 12-05) is
//! the coming one; a day alone (5号, the 5th) is the coming such day.
//!
//! Every date a user gives lies in the window [`FIRST`]..=[`LAST`]: a
//! relative date that lands outside it (`in 99999999 days`) is refused with
//! [`DateError::OutOfRange`], never computed with arithmetic that can
//! overflow (see the README, "Bounds on what you type").

mod calendar;
mod en;
mod en_words;
mod numeric;
mod time;
pub mod when;
mod zh;
mod zh_festivals;
pub use zh_festivals::lunar_birthday;
mod zh_numbers;

pub use time::parse_time;

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

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
    /// A date with a clock time (`fri 3pm`) where the record keeps no time
    /// (a follow-up's due date, a birthday): the time would be lost.
    TimeNotKept,
    /// A date with a clock time other than the one the record's time field
    /// holds.
    TimeClash,
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
            DateError::TimeNotKept | DateError::TimeClash => {
                let (day, time) = when::clock_after(value).unwrap_or_default();
                let key =
                    if self == DateError::TimeNotKept { "error.date_time_not_kept" } else { "error.date_time_clash" };
                crate::Error::invalid(key, &[("field", &field), ("value", &value), ("day", &day), ("time", &time)])
            }
        }
    }
}

type Resolved = Result<NaiveDate, DateError>;

/// A calendar date as written: the year if written, the month, the day;
/// `None` when the text is not in the family being read.
type Written = Option<Result<(Option<i64>, u32, u32), DateError>>;

/// Resolve what the user typed against `today`; `None` when it is not a
/// date or lies outside the window (see [`resolve`] for which).
pub fn parse(input: &str, today: NaiveDate) -> Option<NaiveDate> {
    resolve(input, today).ok()
}

/// A count in digits or Chinese numerals (`2`, `两`, `十二`), for readers
/// other than dates (contact rates); `None` when it is not one.
pub fn count(s: &str) -> Option<i64> {
    zh_numbers::number(s)?.ok()
}

/// Resolve what the user typed against `today`: a date within
/// [`FIRST`]..=[`LAST`], or why not. Never panics, whatever `input` and
/// `today` are. The phrases read, and what each means, are listed in the
/// README ("Dates as you say them") and in the `zh`, `en` and `numeric`
/// modules, one table per family.
pub fn resolve(input: &str, today: NaiveDate) -> Resolved {
    when::read(input, today, when::Around::default()).map(|r| r.date)
}

/// The day of a phrase that may carry a clock time after it, such as a
/// next step's `@ 下周五 14:30`: the time is the caller's to keep (see
/// [`time_after`]). Date fields read through [`resolve`] or [`when::read`],
/// which never drop a time.
pub fn resolve_day(input: &str, today: NaiveDate) -> Resolved {
    let d = resolve_any(input, today, true)?;
    if in_window(d) { Ok(d) } else { Err(DateError::OutOfRange) }
}

/// The day of a phrase with no clock time after it (a part of the day,
/// `下周五下午`, is read as the day).
fn resolve_date(input: &str, today: NaiveDate) -> Resolved {
    let d = resolve_any(input, today, false)?;
    if in_window(d) { Ok(d) } else { Err(DateError::OutOfRange) }
}

/// Run `f` with phrases that name no year or week looking back: for a day
/// already past, such as the day a visit was held (`visit log --date fri`
/// on a Monday is last Friday, `11/20` this year's 20 November, `5号` the
/// last 5th). Relative phrases (`昨天`, `上周五`, `3 days ago`) mean the
/// same either way.
pub fn looking_back<T>(f: impl FnOnce() -> T) -> T {
    calendar::looking_back(f)
}

/// Lower-cased, NFKC-folded (full-width digits and slashes become ASCII),
/// trimmed.
fn fold(input: &str) -> String {
    input.nfkc().collect::<String>().trim().to_lowercase()
}

fn resolve_any(input: &str, today: NaiveDate, clock: bool) -> Resolved {
    let s = fold(input);
    if s.is_empty() {
        return Err(DateError::Unreadable);
    }
    match phrase(&s, today) {
        // A part of the day after the day (`下周五下午`, `fri afternoon`)
        // is no time a field holds: the day is read without it. A clock
        // time (`下周五 14:30`) is read only when the caller keeps it.
        Err(DateError::Unreadable) => match split_time(&s) {
            Some((day, time)) if clock || parse_time(time).is_none() => phrase(day, today),
            _ => Err(DateError::Unreadable),
        },
        read => read,
    }
}

/// Times of day a rep writes after the day.
const HOURS: [&str; 6] = ["上午", "下午", "晚上", "早上", "中午", "傍晚"];
const HOURS_EN: [&str; 5] = ["morning", "afternoon", "evening", "noon", "night"];

/// A clock time as written: `14:30`, `14：30`, `9点`, `9点半`, `下午3点`,
/// `3pm`, `10:30am` (a bare number is a day, not a time).
fn is_clock(t: &str) -> bool {
    let t = t.trim();
    let marked = t.contains([':', '：', '点', '點']) || t.ends_with("am") || t.ends_with("pm");
    marked && parse_time(t).is_some()
}

/// The day and the time of day written after it, when there is one:
/// `下周五 14:30`, `fri 9:00`, `tomorrow at 3pm`, `fri afternoon`,
/// `下周五下午`, `下周五上午10点`, `明天 下午`.
fn split_time(s: &str) -> Option<(&str, &str)> {
    let s = s.trim();
    let mut day = s;
    // A clock time, after a space or attached (下周五10点).
    if let Some((d, _)) = s.rsplit_once(char::is_whitespace).filter(|(_, t)| is_clock(t)) {
        day = d;
    } else if let Some(i) = s.char_indices().map(|(i, _)| i).find(|&i| i > 0 && is_clock(&s[i..])) {
        day = &s[..i];
    }
    // A part of the day, after a space or attached (下周五下午).
    let words = HOURS.iter().chain(HOURS_EN.iter());
    if let Some(d) = words.clone().find_map(|h| day.trim_end().strip_suffix(h)) {
        day = d;
    }
    let day = day.trim_end();
    let day = day.strip_suffix(" at").or_else(|| day.strip_suffix(" in the")).unwrap_or(day).trim_end();
    let time = s[day.len()..].trim();
    let time = time.strip_prefix("at ").or_else(|| time.strip_prefix("in the ")).unwrap_or(time).trim();
    (day.len() < s.len() && !day.is_empty()).then_some((day, time))
}

/// The time of day written after a date phrase (`14:30` in `下周五 14:30`,
/// `下午` in `下周五下午`): what a next step keeps beside the date its words
/// are replaced by.
pub fn time_after(input: &str) -> Option<&str> {
    split_time(input).map(|(_, time)| time)
}

fn phrase(s: &str, today: NaiveDate) -> Resolved {
    if let Some(r) = numeric::resolve(s, today) {
        return r;
    }
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(r) = zh::resolve(&compact, today) {
        return r;
    }
    en::resolve(s, today).unwrap_or(Err(DateError::Unreadable))
}

/// A date written as a calendar date, with or without its year (`11月26日`,
/// `11-26`, `26 nov`, `1990-11-26`, `1990年11月26日`, `nov 26 1990`): the
/// year if written, the month and the day. Birthdays are read with this:
/// it needs no today. A month and day checked against a leap year (02-29
/// is a birthday); a year makes it a date that must exist and lie within
/// [`FIRST`]..=[`LAST`].
pub fn calendar_date(input: &str) -> Result<(Option<NaiveDate>, u32, u32), DateError> {
    match calendar_date_only(input) {
        // 11月26日 3pm: a birthday keeps no time; never dropped silently.
        Err(DateError::Unreadable) if when::clock_after(input).is_some_and(|(d, _)| calendar_date_only(&d).is_ok()) => {
            Err(DateError::TimeNotKept)
        }
        read => read,
    }
}

fn calendar_date_only(input: &str) -> Result<(Option<NaiveDate>, u32, u32), DateError> {
    let s = fold(input);
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let found = numeric::month_day(&s)
        .or_else(|| zh::month_day(&compact))
        .or_else(|| en::month_day(&en_words::words(&s)))
        .unwrap_or(Err(DateError::Unreadable))?;
    match found {
        (Some(y), m, d) => {
            let date = calendar::ymd(y, m, d)?;
            if in_window(date) { Ok((Some(date), m, d)) } else { Err(DateError::OutOfRange) }
        }
        (None, m, d) if NaiveDate::from_ymd_opt(2000, m, d).is_some() => Ok((None, m, d)),
        (None, ..) => Err(DateError::Unreadable),
    }
}

/// True when `input` is a phrase rather than an ISO date (`YYYY-MM-DD`):
/// the date it resolves to is then worth showing back to the user.
pub fn is_phrase(input: &str) -> bool {
    let s = input.trim();
    !s.is_empty() && super::fields::parse_iso_date_unbounded(s).is_none_or(|d| d.format("%Y-%m-%d").to_string() != s)
}

/// What a date field shows beside the text as it is typed, in the active
/// language: the date it resolves to (`→ 2026-12-04 Fri`), or why it is
/// not one, short enough to sit beside the field (`✗ not a date`; saving
/// then says in full what is read); `None` while the field is empty. The
/// interface's forms and prompts all show this.
pub fn preview(input: &str, today: NaiveDate) -> Option<String> {
    preview_in(input, today, when::Around::default())
}

/// [`preview`] for a date field of a record `around` it (a visit: its
/// time field and whether it was held): the time typed with the day is
/// shown with it (`→ 2026-12-04 Fri 15:00`), or why it cannot be kept.
pub fn preview_in(input: &str, today: NaiveDate, around: when::Around) -> Option<String> {
    if input.trim().is_empty() {
        return None;
    }
    Some(match when::read(input, today, around) {
        Ok(when::Read { date, fill_time: Some(time) }) => format!("→ {} {time}", with_weekday(date)),
        Ok(when::Read { date, fill_time: None }) => format!("→ {}", with_weekday(date)),
        Err(e @ (DateError::TimeNotKept | DateError::TimeClash)) => {
            let key = if e == DateError::TimeNotKept { "tui.date_time_not_kept" } else { "tui.date_time_clash" };
            format!("✗ {}", crate::i18n::t(key))
        }
        Err(DateError::Unreadable) => format!("✗ {}", crate::i18n::t("tui.date_unknown")),
        Err(DateError::OutOfRange) => {
            format!("✗ {}", crate::i18n::tf("expect.date_window", &[("first", &FIRST), ("last", &LAST)]))
        }
    })
}

/// A date with its weekday in the active language: `2026-12-04 Fri`,
/// `2026-12-04 周五`.
pub fn with_weekday(d: NaiveDate) -> String {
    let day = crate::i18n::lookup(&format!("tui.weekday_{}", d.weekday().num_days_from_monday())).unwrap_or("");
    format!("{} {day}", d.format("%Y-%m-%d"))
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
            ("周日", "2026-11-22"),
            ("3天后", "2026-11-25"),
            ("2周后", "2026-12-06"),
            ("12月5日", "2026-12-05"),
            ("1月5号", "2027-01-05"),
            ("today", "2026-11-22"),
            ("Tomorrow", "2026-11-23"),
            ("next mon", "2026-11-23"),
            ("next friday", "2026-11-27"),
            ("fri", "2026-11-27"),
            ("sunday", "2026-11-22"),
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
        assert_eq!(parse("周三", wed), Some(d("2026-11-25")), "today's weekday means today");
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
        assert_eq!(resolve("in 3 blinks", today), Err(DateError::Unreadable));
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
        for typed in ["", "soon", "下周八", "2026-02-30", "13月1日", "in 3 blinks", "next", "mo"] {
            assert_eq!(parse(typed, today), None, "{typed}");
        }
    }
}
