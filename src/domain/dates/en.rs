//! English date phrases. The text arrives lower-cased and NFKC-folded; it
//! is read as words (spaces and commas between them, a final `.` dropped).
//!
//! | family | examples | meaning |
//! |---|---|---|
//! | days | today tomorrow yesterday, the day after tomorrow, the day before yesterday | ±0–2 days |
//! | counts | in 3 days, in two weeks, in a fortnight, in a month, in 1.5 months, in a week and a half, within 3 days, 3 days later, 2 weeks from now, 3 days ago, a year ago | ± that many days, weeks, fortnights (14 days), calendar months, years (within: by the last of them) |
//! | weekdays | fri, friday | the coming one: today when today is that day |
//! | weeks | this fri, next fri, last fri, fri after next, fri next week, next week fri, next week, last week, end of week, end of next week, start of next week | this fri / fri this week: in this calendar week (Monday first); next fri / fri next week: in next week (as 下周五); fri after next: the week after; last fri: the last Friday before today (fri last week: Friday of last week); next / last week: 7 days on / back; a week's end is its Sunday, its start its Monday |
//! | months | end of month, end of next month, start of next month, month end, next month, last month | end of month is this month's last day; start of month alone is the coming 1st; next month alone is the same day next month |
//! | a named month's part | end of december, start of march, end of feb 2028, mid december, mid-dec, early march, late next month, middle of january | mid is the 15th, early the 5th, late the 25th; with no year, the coming one |
//! | quarters, years | end of quarter, end of next quarter, start of next year, end of the year, year end | as months: an end is this one's unless said, a start the coming one |
//! | weekends | weekend, this weekend, next weekend, last weekend, coming fri | the coming Saturday; Saturday of this / next / last calendar week; the coming Friday |
//! | deadlines | by fri, before end of month, by the 5th | the day itself |
//! | month names | 5 dec, dec 5, december 5 2026, 5th december, the 5th of december, dec. 5, 2026, 5 dec 26, dec 5 26 | with no year, the coming one; a two-digit year is 2000–2069 or 1970–1999 |
//! | day only | 5th, the 5th | the coming 5th of a month |
//! | day of a month | the 5th of next month, 1st of this month | that day of that month |

use super::calendar::{
    Half, Part, and_a_half, coming_day, coming_month_day, coming_part, day_in_month, full_year, part_of,
};
use super::calendar::{
    WEEKDAYS, add_months, add_years, coming, coming_start, in_week, month_end, offset, previous, quarter_end,
    quarter_start, shift, working_days, year_end, year_start, ymd,
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

/// days, weeks, fortnights, months, years (one or several).
fn is_unit(w: &str) -> bool {
    matches!(w.strip_suffix('s').unwrap_or(w), "day" | "week" | "fortnight" | "month" | "year")
}

/// `today` moved by `n` of `unit` (days, weeks, months, years).
fn by_unit(today: NaiveDate, n: &str, unit: &str, sign: i64) -> Resolved {
    if let Some(whole) = n.strip_suffix(".5") {
        return and_a_half(today, count(whole)?, half_unit(unit).ok_or(DateError::Unreadable)?, sign);
    }
    let n = count(n)?.checked_mul(sign).ok_or(DateError::OutOfRange)?;
    match unit.strip_suffix('s').unwrap_or(unit) {
        "day" => offset(today, n, 1),
        "week" => offset(today, n, 7),
        "fortnight" => offset(today, n, 14),
        "month" => add_months(today, n),
        "year" => add_years(today, n),
        _ => Err(DateError::Unreadable),
    }
}

/// The unit a half is counted in (`in a week and a half`, `1.5 months`).
fn half_unit(unit: &str) -> Option<Half> {
    Some(match unit.strip_suffix('s').unwrap_or(unit) {
        "day" => Half::Day,
        "week" => Half::Week,
        "month" => Half::Month,
        "year" => Half::Year,
        _ => return None,
    })
}

/// Resolve an English phrase; `None` when it is none of the families above.
/// `by` or `before` in front (`by fri`, `before end of month`) means that
/// day: a deadline.
pub(super) fn resolve(s: &str, today: NaiveDate) -> Option<Resolved> {
    let words = words(s);
    match words.as_slice() {
        ["by" | "before", rest @ ..] if !rest.is_empty() => phrase(strip_the(rest), today),
        all => phrase(all, today),
    }
}

fn strip_the<'a>(words: &'a [&'a str]) -> &'a [&'a str] {
    match words {
        ["the", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    }
}

fn phrase(words: &[&str], today: NaiveDate) -> Option<Resolved> {
    Some(match words {
        ["today" | "tod" | "tonight"] | ["this", "week"] => shift(today, 0),
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
        // A bare duration (3 days, 2 weeks): that long from today.
        [n, unit] if count(n.strip_suffix(".5").unwrap_or(n)).is_ok() && is_unit(unit) => by_unit(today, n, unit, 1),
        ["in", "half", "a", unit] if *unit != "day" => and_a_half(today, 0, half_unit(unit)?, 1),
        ["in", "a", unit, "and", "a", "half"] | ["a", unit, "and", "a", "half"] => {
            and_a_half(today, 1, half_unit(unit)?, 1)
        }
        ["in", n, "and", "a", "half", unit] | [n, "and", "a", "half", unit] => {
            let unit = half_unit(unit)?;
            count(n).and_then(|n| and_a_half(today, n, unit, 1))
        }
        // Monday week: a week after the coming Monday.
        [w, "week"] if weekday(w).is_some() => coming(today, weekday(w)?).and_then(|d| offset(d, 1, 7)),
        ["a" | "next", "fortnight"] | ["fortnight"] => offset(today, 14, 1),
        ["next", "business" | "working", "day"] => working_days(today, 1),
        ["in", n, "business" | "working", "day" | "days"] | [n, "business" | "working", "day" | "days"] => {
            count(n).and_then(|n| working_days(today, n))
        }
        ["eow"] => in_week(today, 0, Weekday::Sun),
        ["eoy"] => year_end(today, 0),
        ["next", "quarter"] => add_months(today, 3),
        ["last", "quarter"] => add_months(today, -3),
        ["a", "week", "from", w] => coming(today, weekday(w)?).and_then(|d| offset(d, 1, 7)),
        ["within", n, unit] => by_unit(today, n, unit, 1),
        [n, unit, "ago"] => by_unit(today, n, unit, -1),
        ["end" | "start" | "beginning", "of", rest @ ..] => {
            period(if words[0] == "end" { Part::End } else { Part::Start }, strip_the(rest), today)
        }
        [unit @ ("week" | "month" | "quarter" | "year"), "end"] => period(Part::End, &[unit], today),
        [part @ ("mid" | "middle" | "early" | "late"), "of", rest @ ..]
        | [part @ ("mid" | "early" | "late"), rest @ ..]
            if !rest.is_empty() =>
        {
            period(part_word(part), strip_the(rest), today)
        }
        ["eom"] => month_end(today, 0),
        [d, "of", rel @ ("this" | "next" | "last"), "month"] => {
            let months = match *rel {
                "next" => 1,
                "last" => -1,
                _ => 0,
            };
            day_in_month(today, months, day_number(d, false)?)
        }
        _ => return weekdays(words, today).or_else(|| named(words, today)),
    })
}

type Step = fn(NaiveDate, i64) -> Resolved;

/// `mid`, `early`, `late`: the 15th, the 5th, the 25th of a month.
fn part_word(w: &str) -> Part {
    match w {
        "early" => Part::Day(5),
        "late" => Part::Day(25),
        _ => Part::Mid,
    }
}

/// A part of a month, or the end or start of a week, quarter or year: `end
/// of month`, `mid december`, `late next month`, `end of next week`, `start
/// of next year`. With no this / next / last, an end is this one's and any
/// other part the coming one.
fn period(part: Part, rest: &[&str], today: NaiveDate) -> Resolved {
    // end of december, start of march 2027, mid december
    if let [name, year @ ..] = rest
        && let Some(m) = month_name(name)
    {
        return match year {
            [] => coming_part(today, m, part),
            [y] if y.bytes().all(|b| b.is_ascii_digit()) => {
                y.parse::<i64>().map_err(|_| DateError::OutOfRange).and_then(|y| part_of(y, m, part))
            }
            _ => Err(DateError::Unreadable),
        };
    }
    let (n, unit) = match rest {
        [unit] => (None, *unit),
        ["this", unit] => (Some(0), *unit),
        ["next", unit] => (Some(1), *unit),
        ["last", unit] => (Some(-1), *unit),
        _ => return Err(DateError::Unreadable),
    };
    if unit == "month" {
        return match n {
            Some(n) => part.in_month(today, n),
            None => part.coming(today).unwrap_or_else(|| month_end(today, 0)),
        };
    }
    let (start, last): (Step, Step) = match unit {
        "week" => (|t, n| in_week(t, n, Weekday::Mon), |t, n| in_week(t, n, Weekday::Sun)),
        "quarter" => (quarter_start, quarter_end),
        "year" => (year_start, year_end),
        _ => return Err(DateError::Unreadable),
    };
    match (part, n) {
        (Part::End, n) => last(today, n.unwrap_or(0)),
        (Part::Start, Some(n)) => start(today, n),
        (Part::Start, None) => coming_start(today, start),
        (Part::Mid | Part::Day(_), _) => Err(DateError::Unreadable),
    }
}

/// fri, this fri, next fri, last fri, fri after next.
fn weekdays(words: &[&str], today: NaiveDate) -> Option<Resolved> {
    Some(match words {
        ["weekend"] => coming(today, Weekday::Sat),
        ["this", "weekend"] => in_week(today, 0, Weekday::Sat),
        ["next", "weekend"] => in_week(today, 1, Weekday::Sat),
        ["last", "weekend"] => in_week(today, -1, Weekday::Sat),
        [w] | ["this", "coming", w] | ["coming", w] => coming(today, weekday(w)?),
        ["this", w] => in_week(today, 0, weekday(w)?),
        ["next", w] => in_week(today, 1, weekday(w)?),
        ["last", w] => previous(today, weekday(w)?),
        [w, "after", "next"] => in_week(today, 2, weekday(w)?),
        [w, rel @ ("this" | "next" | "last"), "week"] | [rel @ ("this" | "next" | "last"), "week", w] => {
            let weeks = match *rel {
                "next" => 1,
                "last" => -1,
                _ => 0,
            };
            in_week(today, weeks, weekday(w)?)
        }
        _ => return None,
    })
}

/// 5 dec, dec 5, december 5 2026, 5th of december, the 5th.
fn named(words: &[&str], today: NaiveDate) -> Option<Resolved> {
    if let [d] = words {
        // A month alone (december): its first day, the coming one.
        if let Some(m) = month_name(d) {
            return Some(coming_part(today, m, Part::Start));
        }
        return day_number(d, true).map(|d| coming_day(today, d));
    }
    if let [m, y] = words
        && let Some(m) = month_name(m)
        && y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(y.parse::<i64>().map_err(|_| DateError::OutOfRange).and_then(|y| part_of(y, m, Part::Start)));
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
        // 5 dec 26: a two-digit year is 2000–2069 or 1970–1999.
        Some(y) if !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()) => {
            y.parse::<i64>().map(|n| (Some(full_year(n, y.len())), m, d)).map_err(|_| DateError::OutOfRange)
        }
        Some(_) => Err(DateError::Unreadable),
    })
}

/// `mid-december`, `early-march`: two words.
fn split_part(w: &str) -> Vec<&str> {
    match w.split_once('-') {
        Some((part @ ("mid" | "early" | "late"), rest)) => vec![part, rest],
        _ => vec![w],
    }
}

/// The words of a phrase: split on spaces and commas, a final `.` dropped,
/// a leading `the` / `on` skipped, `mid-december` read as two words.
pub(super) fn words(s: &str) -> Vec<&str> {
    // mid-december, early-march: two words.
    let words: Vec<&str> = s
        .split([' ', ',', '\t'])
        .map(|w| w.trim_end_matches('.'))
        .flat_map(split_part)
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        ["the" | "on", rest @ ..] if !rest.is_empty() => rest.to_vec(),
        _ => words,
    }
}
