//! Dates written in digits. The text arrives lower-cased and NFKC-folded.
//!
//! | form | examples | meaning |
//! |---|---|---|
//! | year first | 2026-12-05 2026/12/5 2026.12.5 20261205 | that date |
//! | year last | 12/5/2026 12-5-2026 25/12/2026 | month first, as repbook reads 12/5; day first when the first number cannot be a month (25/12/2026); two-digit years are 2000–2069 or 1970–1999 |
//! | two-digit year, slashes | 26/12/05 12/5/26 25/12/26 26/12/5 | the reading (year first, month first or day first) that is a real date nearest to today: 2026-12-05, 2026-12-05, 2026-12-25, 2026-12-05 |
//! | two-digit year first | 26-12-05 26.12.5 | 2026-12-05: with dashes or dots the year comes first, as in China |
//! | no year | 12-05 12/5 12.5 30/11 | the coming 5 December; with a slash or a dot, day first when the first number cannot be a month (30/11, 30.11), as with a year; with a dash always month first (13-01 is refused) |
//! | year and month | 2026-12 2026/12 | 1 December 2026 |

use super::calendar::{coming_month_day, full_year, ymd};
use super::{DateError, Resolved, Written};
use chrono::NaiveDate;

/// Resolve a date in digits; `None` when the text is not only digits and
/// separators.
pub(super) fn resolve(s: &str, today: NaiveDate) -> Option<Resolved> {
    // Year first only when the year has three digits or more: 12/5/26 is
    // the 5 December 2026, not a day of the year 12.
    let year_first = s.split(['-', '/', '.']).next().is_some_and(|y| y.trim_start_matches(['+', '-']).len() >= 3);
    if year_first && let Some(d) = crate::domain::fields::parse_iso_date_unbounded(s) {
        return Some(Ok(d));
    }
    // 2026-12, 2026/12: a year and a month is the month's 1st (as 12月).
    if let Some((y, m)) = s.split_once(['-', '/', '.'])
        && y.len() == 4
        && (1..=2).contains(&m.len())
        && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    {
        return Some(ymd(y.parse().map_err(|_| DateError::OutOfRange).ok()?, m.parse().ok()?, 1));
    }
    if let Some(near) = short_slashed(s, today) {
        return Some(near);
    }
    Some(month_day(s)?.and_then(|(y, m, d)| match y {
        Some(y) => ymd(y, m, d),
        None => coming_month_day(today, m, d),
    }))
}

/// Three numbers of one or two digits between slashes (`26/12/05`,
/// `12/5/26`, `25/12/26`, `26/12/5`): which is the year is not written, so
/// of the readings that are real dates — year first (as in China), month
/// first, day first, the year always two digits — the one nearest to today
/// is taken (a date 21 years back for a follow-up is never what was meant).
/// `None` when the text is not of this shape.
fn short_slashed(s: &str, today: NaiveDate) -> Option<Resolved> {
    let parts: Vec<&str> = s.split('/').collect();
    let [first, second, last] = parts.as_slice() else { return None };
    let short = |p: &&str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if ![first, second, last].into_iter().all(short) {
        return None;
    }
    let number = |p: &str| p.parse::<u32>().ok();
    let (one, two, three) = (number(first)?, number(second)?, number(last)?);
    let year = |p: &str, v: u32| (p.len() == 2).then(|| full_year(i64::from(v), 2));
    let readings = [(year(first, one), two, three), (year(last, three), one, two), (year(last, three), two, one)];
    let nearest = readings
        .iter()
        .filter_map(|(year, month, day)| ymd((*year)?, *month, *day).ok())
        .min_by_key(|date| (date.signed_duration_since(today).num_days().unsigned_abs(), *date));
    Some(nearest.ok_or(DateError::Unreadable))
}

fn part(p: &str) -> Option<Result<i64, DateError>> {
    if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(p.parse().map_err(|_| DateError::OutOfRange))
}

fn small(n: i64) -> Result<u32, DateError> {
    u32::try_from(n).map_err(|_| DateError::Unreadable)
}

/// Year (if written), month and day of a date in digits.
pub(super) fn month_day(s: &str) -> Written {
    let s = s.strip_prefix('+').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let nums: Vec<Result<i64, DateError>> = parts.iter().map(|p| part(p)).collect::<Option<_>>()?;
    let Ok(nums) = nums.into_iter().collect::<Result<Vec<i64>, DateError>>() else {
        return Some(Err(DateError::OutOfRange));
    };
    Some(match (parts.as_slice(), nums.as_slice()) {
        ([one], [n]) if one.len() == 8 => {
            small(n / 10_000).and_then(|y| Ok((Some(i64::from(y)), small(n / 100 % 100)?, small(n % 100)?)))
        }
        ([y, _, _], [yn, m, d]) if y.len() >= 3 => small(*m).and_then(|m| Ok((Some(*yn), m, small(*d)?))),
        // 26-12-05, 26.12.5: the year first, as dates are written in
        // China (and as ISO orders them); with slashes the year is last.
        ([y, _, day], [yn, m, d]) if y.len() == 2 && day.len() <= 2 && !s.contains('/') => {
            small(*m).and_then(|m| Ok((Some(full_year(*yn, 2)), m, small(*d)?)))
        }
        ([_, _, year], [first, second, yn]) if year.len() == 4 || (year.len() == 2 && s.contains('/')) => {
            let (month, day) = if *first > 12 { (*second, *first) } else { (*first, *second) };
            small(month).and_then(|m| Ok((Some(full_year(*yn, year.len())), m, small(day)?)))
        }
        // 30/11, 30.11: as with a year (30/11/2026), the first number is
        // the day when it cannot be a month; 5/11 stays month first. With
        // a dash (12-05) the order is ISO's, month first always: 13-01 is
        // no date.
        ([_, _], [first, second]) => {
            let day_first = *first > 12 && !s.contains('-');
            let (month, day) = if day_first { (*second, *first) } else { (*first, *second) };
            small(month).and_then(|m| Ok((None, m, small(day)?)))
        }
        _ => return None,
    })
}
