//! The words of English date phrases: weekday and month names, days of
//! the month, counts and units (with their short forms), and the split of
//! a phrase into words.

use super::DateError;
use super::calendar::WEEKDAYS;
use chrono::Weekday;

pub(super) fn weekday(s: &str) -> Option<Weekday> {
    let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    (s.len() >= 3).then_some(())?;
    names.iter().position(|n| n.starts_with(s)).map(|i| WEEKDAYS[i])
}

/// `dec`, `december`, `sept`: the month's number.
pub(super) fn month_name(s: &str) -> Option<u32> {
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
pub(super) fn day_number(s: &str, ordinal_only: bool) -> Option<u32> {
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
pub(super) fn count(s: &str) -> Result<i64, DateError> {
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
        _ => match super::zh_numbers::number(s) {
            Some(n) => n,
            None => Err(DateError::Unreadable),
        },
    }
}

/// days, weeks, fortnights, months, years (one or several), and their
/// short forms (`d`, `w`, `wk`, `wks`, `mo`, `mos`, `yr`, `yrs`).
pub(super) fn unit_of(w: &str) -> Option<&'static str> {
    Some(match w {
        "d" | "dy" | "dys" => "day",
        "w" | "wk" | "wks" => "week",
        "mo" | "mos" | "mth" | "mths" => "month",
        "y" | "yr" | "yrs" => "year",
        _ => match w.strip_suffix('s').unwrap_or(w) {
            "day" => "day",
            "week" => "week",
            "fortnight" => "fortnight",
            "month" => "month",
            "year" => "year",
            _ => return None,
        },
    })
}

pub(super) fn is_unit(w: &str) -> bool {
    unit_of(w).is_some()
}

/// `2w`, `3d`, `+3`, `+2w`: a count and its unit written as one word, a
/// count after `+` (days unless a unit follows).
pub(super) fn compact(w: &str) -> Vec<&str> {
    let body = w.strip_prefix('+').unwrap_or(w);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 20 {
        return vec![w];
    }
    let (n, unit) = body.split_at(digits);
    match (w.starts_with('+'), unit) {
        (true, "") => vec!["in", n, "days"],
        (plus, unit) if is_unit(unit) && unit_of(unit) != Some("fortnight") => {
            if plus {
                vec!["in", n, unit]
            } else {
                vec![n, unit]
            }
        }
        _ => vec![w],
    }
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
    // on the 15th: `on` and `the` in front, either or both.
    let mut words = words.as_slice();
    while let ["the" | "on", rest @ ..] = words
        && !rest.is_empty()
    {
        words = rest;
    }
    words.to_vec()
}
