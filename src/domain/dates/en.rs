//! English date phrases. The text arrives lower-cased and NFKC-folded; it
//! is read as words (spaces and commas between them, a final `.` dropped).
//!
//! | family | examples | meaning |
//! |---|---|---|
//! | days | today tomorrow yesterday, the day after tomorrow, the day before yesterday | ±0–2 days |
//! | counts | in 3 days, in two weeks, in a month, 3 days later, 2 weeks from now, 3 days ago, a year ago | ± that many days, weeks, calendar months, years |
//! | weekdays | fri, friday | the coming one: today when today is that day |
//! | weeks | this fri, next fri, last fri, fri after next, next week, last week | this fri: in this calendar week (Monday first); next fri: in next week (as 下周五); fri after next: the week after; last fri: the last Friday before today; next / last week: 7 days on / back |
//! | months | end of month, end of next month, start of next month, month end, next month, last month | end of month is this month's last day; start of month alone is the coming 1st; next month alone is the same day next month |
//! | month names | 5 dec, dec 5, december 5 2026, 5th december, the 5th of december, dec. 5, 2026 | with no year, the coming one |
//! | day only | 5th, the 5th | the coming 5th of a month |

use super::calendar::{
    WEEKDAYS, add_months, add_years, coming, coming_day, coming_month_day, in_week, month_end, month_start, offset,
    previous, shift, ymd,
};
use super::{DateError, Resolved, Written};
use chrono::{NaiveDate, Weekday};

fn weekday(s: &str) -> Option<Weekday> {
    let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    (s.len() >= 3).then_some(())?;
    names.iter().position(|n| n.starts_with(s)).map(|i| WEEKDAYS[i])
}

/// `dec`, `december`, `sept`: the month's number.
fn month_name(s: &str) -> Option<u32> {
    let names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (s.len() >= 3).then_some(())?;
    let i = names.iter().position(|n| n.starts_with(s)).or_else(|| (s == "sept").then_some(8))?;
    u32::try_from(i + 1).ok()
}

/// `5`, `5th`, `1st`, `22nd`, `3rd`: a day of the month.
fn day_number(s: &str, ordinal_only: bool) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|x| s.strip_suffix(x));
    let digits = match digits {
        Some(d) => d,
        None if ordinal_only => return None,
        None => s,
    };
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A count: digits, `a` / `an`, or a number word up to thirty.
fn count(s: &str) -> Result<i64, DateError> {
    let words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    if let Some(i) = words.iter().position(|w| *w == s) {
        return Ok(i as i64);
    }
    match s {
        "a" | "an" => Ok(1),
        "fifteen" => Ok(15),
        "twenty" => Ok(20),
        "thirty" => Ok(30),
        _ => match super::zh::number(s) {
            Some(n) => n,
            None => Err(DateError::Unreadable),
        },
    }
}

/// `today` moved by `n` of `unit` (days, weeks, months, years).
fn by_unit(today: NaiveDate, n: &str, unit: &str, sign: i64) -> Resolved {
    let n = count(n)?.checked_mul(sign).ok_or(DateError::OutOfRange)?;
    match unit.strip_suffix('s').unwrap_or(unit) {
        "day" => offset(today, n, 1),
        "week" => offset(today, n, 7),
        "month" => add_months(today, n),
        "year" => add_years(today, n),
        _ => Err(DateError::Unreadable),
    }
}

/// Resolve an English phrase; `None` when it is none of the families above.
pub(super) fn resolve(s: &str, today: NaiveDate) -> Option<Resolved> {
    let words = words(s);
    let words = words.as_slice();
    Some(match words {
        ["today" | "tod"] => shift(today, 0),
        ["tomorrow" | "tmr" | "tmrw"] => shift(today, 1),
        ["yesterday"] => shift(today, -1),
        ["day", "after", "tomorrow"] => shift(today, 2),
        ["day", "before", "yesterday"] => shift(today, -2),
        ["next", "week"] => shift(today, 7),
        ["last", "week"] => shift(today, -7),
        ["next", "month"] => add_months(today, 1),
        ["last", "month"] => add_months(today, -1),
        ["next", "year"] => add_years(today, 1),
        ["last", "year"] => add_years(today, -1),
        ["in", n, unit] | ["in", n, unit, "time"] | [n, unit, "later"] | [n, unit, "from", "now"] => {
            by_unit(today, n, unit, 1)
        }
        [n, unit, "ago"] => by_unit(today, n, unit, -1),
        ["end" | "start" | "beginning", "of", rest @ ..] => {
            let months = match rest {
                ["month"] | ["the", "month"] => None,
                ["this", "month"] => Some(0),
                ["next", "month"] => Some(1),
                ["last", "month"] => Some(-1),
                _ => return Some(Err(DateError::Unreadable)),
            };
            match (words[0], months) {
                ("end", m) => month_end(today, m.unwrap_or(0)),
                (_, Some(m)) => month_start(today, m),
                (_, None) => coming_day(today, 1),
            }
        }
        ["month", "end"] | ["eom"] => month_end(today, 0),
        _ => return weekdays(words, today).or_else(|| named(words, today)),
    })
}

/// fri, this fri, next fri, last fri, fri after next.
fn weekdays(words: &[&str], today: NaiveDate) -> Option<Resolved> {
    Some(match words {
        [w] => coming(today, weekday(w)?),
        ["this", w] => in_week(today, 0, weekday(w)?),
        ["next", w] => in_week(today, 1, weekday(w)?),
        ["last", w] => previous(today, weekday(w)?),
        [w, "after", "next"] => in_week(today, 2, weekday(w)?),
        _ => return None,
    })
}

/// 5 dec, dec 5, december 5 2026, 5th of december, the 5th.
fn named(words: &[&str], today: NaiveDate) -> Option<Resolved> {
    if let [d] = words {
        return day_number(d, true).map(|d| coming_day(today, d));
    }
    Some(month_day(words)?.and_then(|(y, m, d)| match y {
        Some(y) => ymd(y, m, d),
        None => coming_month_day(today, m, d),
    }))
}

/// Words that name a month and a day, perhaps a year: year (if written),
/// month, day.
pub(super) fn month_day(words: &[&str]) -> Written {
    let (m, d, y) = match words {
        [d, "of", m] | [d, m] if month_name(m).is_some() => (month_name(m)?, day_number(d, false)?, None),
        [m, d] if month_name(m).is_some() => (month_name(m)?, day_number(d, false)?, None),
        [d, "of", m, y] | [d, m, y] if month_name(m).is_some() => (month_name(m)?, day_number(d, false)?, Some(*y)),
        [m, d, y] if month_name(m).is_some() => (month_name(m)?, day_number(d, false)?, Some(*y)),
        _ => return None,
    };
    Some(match y {
        None => Ok((None, m, d)),
        Some(y) if !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()) => {
            y.parse::<i64>().map(|y| (Some(y), m, d)).map_err(|_| DateError::OutOfRange)
        }
        Some(_) => Err(DateError::Unreadable),
    })
}

/// The words of a phrase: split on spaces and commas, a final `.` dropped,
/// a leading `the` / `on` skipped.
pub(super) fn words(s: &str) -> Vec<&str> {
    let words: Vec<&str> =
        s.split([' ', ',', '\t']).map(|w| w.trim_end_matches('.')).filter(|w| !w.is_empty()).collect();
    match words.as_slice() {
        ["the" | "on", rest @ ..] if !rest.is_empty() => rest.to_vec(),
        _ => words,
    }
}
