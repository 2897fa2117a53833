//! English date phrases. The text arrives lower-cased and NFKC-folded; it
//! is read as words (spaces and commas between them, a final `.` dropped).
//!
//! | family | examples | meaning |
//! |---|---|---|
//! | days | today tomorrow yesterday, the day after tomorrow, the day before yesterday | ±0–2 days |
//! | counts | in 3 days, in two weeks, in a fortnight, in a month, in 1.5 months, in a week and a half, within 3 days, 3 days later, 2 weeks from now, 3 days ago, a year ago | ± that many days, weeks, fortnights (14 days), calendar months, years (within: by the last of them) |
//! | weekdays | fri, friday | the coming one: today when today is that day |
//! | weeks | this fri, next fri, last fri, previous fri, this past fri, fri before last, fri after next, next next wed, week after next (14 days), a week today (7 days), two weeks from today, fri next week, next week fri, next week, last week, end of week, end of next week, start of next week | this fri / fri this week: in this calendar week (Monday first); next fri / fri next week: in next week (as 下周五); fri after next: the week after; last fri (previous fri, past fri, this past fri): the last Friday before today (fri last week: Friday of last week); fri before last, the friday before last: the Friday a week before that; next / last week: 7 days on / back; a week's end is its Sunday, its start its Monday |
//! | months | end of month, end of next month, start of next month, month end, next month, last month | end of month is this month's last day; start of month alone is the coming 1st; next month alone is the same day next month |
//! | a named month's part | end of december, start of march, end of feb 2028, mid december, mid-dec, early march, late next month, middle of january | mid is the 15th, early the 5th, late the 25th; with no year, the coming one |
//! | quarters, years | end of quarter, end of next quarter, start of next year, end of the year, year end | as months: an end is this one's unless said, a start the coming one |
//! | weekends | weekend, this weekend, next weekend, last weekend, coming fri | the coming Saturday; Saturday of this / next / last calendar week; the coming Friday |
//! | deadlines | by fri, before end of month, by the 5th | the day itself |
//! | month names | 5 dec, dec 5, december 5 2026, 5th december, the 5th of december, dec. 5, 2026, 5 dec 26, dec 5 26 | with no year, the coming one; a two-digit year is 2000–2069 or 1970–1999 |
//! | day only | 5th, the 5th | the coming 5th of a month |
//! | day of a month | the 5th of next month, 1st of this month, next month 5th, 5th next month, on the 15th, last day of the month, first day of next month | that day of that month |
//! | short forms | in 2 wks, 1 wk, 2w, 3d, +3 (days), +2w, 3 mos, 1 yr | as the words |
//! | rough counts | a couple of days, in a couple of days, in a few days, a few weeks | a couple is 2, a few 3 (as 几) |
//! | a weekday with its date | fri 27 nov, friday november 27 2026, fri 27 | the date when it is that weekday (else refused); with a day alone, the coming 27th that is a Friday |
//! | a month alone | december, in december, this december, next december, last december | its 1st: the coming one; this / next / last calendar year's |
//! | parts of today | this month, this morning, this afternoon, this evening | today |

use super::calendar::{
    Half, Part, and_a_half, back, coming_day, coming_month_day, coming_part, day_in_month, full_year, part_of,
};
use super::calendar::{
    add_months, add_years, coming, coming_start, in_week, month_end, offset, previous, quarter_end, quarter_start,
    shift, working_days, year_end, year_start, ymd,
};
use super::en_words::{compact, count, day_number, is_unit, month_name, unit_of, weekday, words};
use super::{DateError, Resolved, Written};
use chrono::{Datelike, NaiveDate, Weekday};

/// `today` moved by `n` of `unit` (days, weeks, months, years).
fn by_unit(today: NaiveDate, n: &str, unit: &str, sign: i64) -> Resolved {
    if let Some(whole) = n.strip_suffix(".5") {
        return and_a_half(today, count(whole)?, half_unit(unit).ok_or(DateError::Unreadable)?, sign);
    }
    let n = count(n)?.checked_mul(sign).ok_or(DateError::OutOfRange)?;
    match unit_of(unit).unwrap_or(unit) {
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
    Some(match unit_of(unit)? {
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
    // A couple of days is two, a few days three (as 几天 is).
    let s = s.replace("a couple of ", "2 ").replace("couple of ", "2 ").replace("a few ", "3 ");
    let words: Vec<&str> = words(&s).into_iter().flat_map(compact).collect();
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
        ["today" | "tod" | "tonight"] | ["this", "week" | "month" | "morning" | "afternoon" | "evening"] => {
            shift(today, 0)
        }
        ["week", "after", "next"] => shift(today, 14),
        ["a", "week", "tomorrow"] => shift(today, 8),
        ["last" | "first", "day", "of", rest @ ..] => {
            period(if words[0] == "last" { Part::End } else { Part::Start }, strip_the(rest), today)
        }
        ["tomorrow" | "tmr" | "tmrw"] => shift(today, 1),
        ["yesterday"] => shift(today, -1),
        ["day", "after", "tomorrow"] => shift(today, 2),
        ["day", "before", "yesterday"] => shift(today, -2),
        ["next", "week"] | ["a", "week", "today"] => shift(today, 7),
        ["last", "week"] => shift(today, -7),
        ["next", "month"] => add_months(today, 1),
        ["last", "month"] => add_months(today, -1),
        ["next", "year"] => add_years(today, 1),
        ["last", "year"] => add_years(today, -1),
        ["in", n, unit] | ["in", n, unit, "time"] | [n, unit, "later"] | [n, unit, "from", "now" | "today"] => {
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
        // next month 5th, 5th next month, the 5th of next month.
        [d, "of", rel @ ("this" | "next" | "last"), "month"]
        | [rel @ ("this" | "next" | "last"), "month", d]
        | [d, rel @ ("this" | "next" | "last"), "month"] => {
            let months = match *rel {
                "next" => 1,
                "last" => -1,
                _ => 0,
            };
            day_in_month(today, months, day_number(d, false)?)
        }
        _ => {
            return weekdays(words, today)
                .or_else(|| named(words, today))
                .or_else(|| month_alone(words, today))
                .or_else(|| with_weekday(words, today));
        }
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
        // last fri, previous fri, past fri, this past fri: the last one
        // before today.
        ["last" | "previous" | "past", w] | ["this", "past", w] => previous(today, weekday(w)?),
        // (the) fri before last: the one before that.
        [w, "before", "last"] => previous(today, weekday(w)?).and_then(|d| shift(d, -7)),
        [w, "after", "next"] | ["next", "next", w] => in_week(today, 2, weekday(w)?),
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

/// in december (the coming 1st of December), this / next / last december
/// (the 1st of December this, next or last calendar year, as `next fri` is
/// in next calendar week).
fn month_alone(words: &[&str], today: NaiveDate) -> Option<Resolved> {
    let (years, m) = match words {
        ["in", m] => (None, month_name(m)?),
        [rel @ ("this" | "next" | "last"), m] => (Some(relative(rel)), month_name(m)?),
        _ => return None,
    };
    Some(match years {
        None => coming_part(today, m, Part::Start),
        Some(n) => i64::from(today.year()).checked_add(n).ok_or(DateError::OutOfRange).and_then(|y| ymd(y, m, 1)),
    })
}

/// this 0, next 1, last -1.
fn relative(w: &str) -> i64 {
    match w {
        "next" => 1,
        "last" => -1,
        _ => 0,
    }
}

/// A weekday before a date (`fri 27 nov`, `friday, november 27 2026`): the
/// date, when it is that weekday (else refused: one of the two is a slip);
/// before a day alone (`fri 27`): the coming 27th that is a Friday.
fn with_weekday(words: &[&str], today: NaiveDate) -> Option<Resolved> {
    let [w, rest @ ..] = words else { return None };
    let day = weekday(w)?;
    if let [d] = rest
        && let Some(d) = day_number(d, false)
    {
        let step = if back() { -1 } else { 1 };
        for months in 0..=28 {
            match day_in_month(today, months * step, d) {
                Ok(date) if date.weekday() == day && (if back() { date <= today } else { date >= today }) => {
                    return Some(Ok(date));
                }
                Err(DateError::OutOfRange) => return Some(Err(DateError::OutOfRange)),
                _ => {}
            }
        }
        return Some(Err(DateError::Unreadable));
    }
    let date = named(rest, today)?;
    Some(date.and_then(|date| if date.weekday() == day { Ok(date) } else { Err(DateError::Unreadable) }))
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
