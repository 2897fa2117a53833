//! Checked calendar arithmetic the phrase readers share: every step that
//! could leave chrono's range returns [`DateError::OutOfRange`], never
//! panics.

use super::{DateError, Resolved};
use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};

/// Monday to Sunday, in the order Chinese calendars print them.
pub(super) const WEEKDAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

thread_local! {
    /// True while a phrase with no year or week is read for a day already
    /// past (a visit being logged as held): `fri`, `11/20`, `5号` are then
    /// the last such day on or before today, not the coming one.
    static BACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Read the phrases inside `f` looking back (see [`BACK`]).
pub(super) fn looking_back<T>(f: impl FnOnce() -> T) -> T {
    let was = BACK.with(|b| b.replace(true));
    let out = f();
    BACK.with(|b| b.set(was));
    out
}

/// Are phrases being read looking back (see [`looking_back`])?
pub(super) fn back() -> bool {
    BACK.with(std::cell::Cell::get)
}

/// `today` moved by `days`, when that is a date at all.
pub(super) fn shift(today: NaiveDate, days: i64) -> Resolved {
    TimeDelta::try_days(days).and_then(|d| today.checked_add_signed(d)).ok_or(DateError::OutOfRange)
}

/// `today` moved by `n` units of `unit_days` days, checked.
pub(super) fn offset(today: NaiveDate, n: i64, unit_days: i64) -> Resolved {
    shift(today, n.checked_mul(unit_days).ok_or(DateError::OutOfRange)?)
}

/// `today` moved by `n` working days (Monday to Friday; public holidays
/// are not known): `两个工作日后`, `next business day`.
pub(super) fn working_days(today: NaiveDate, n: i64) -> Resolved {
    if n.unsigned_abs() > 100_000 {
        return Err(DateError::OutOfRange);
    }
    let (mut day, mut left, step) = (today, n.unsigned_abs(), if n < 0 { -1 } else { 1 });
    while left > 0 {
        day = shift(day, step)?;
        if day.weekday().number_from_monday() <= 5 {
            left -= 1;
        }
    }
    Ok(day)
}

/// `today` moved by `n` calendar months; a day the target month lacks
/// becomes its last day (1月31日 + 1 month = 2月28日 or 29日).
pub(super) fn add_months(today: NaiveDate, n: i64) -> Resolved {
    let m = u32::try_from(n.unsigned_abs()).map_err(|_| DateError::OutOfRange)?;
    let moved =
        if n >= 0 { today.checked_add_months(Months::new(m)) } else { today.checked_sub_months(Months::new(m)) };
    moved.ok_or(DateError::OutOfRange)
}

/// `today` moved by `n` years (12 months each), checked.
pub(super) fn add_years(today: NaiveDate, n: i64) -> Resolved {
    add_months(today, n.checked_mul(12).ok_or(DateError::OutOfRange)?)
}

/// The unit of a count "and a half".
#[derive(Clone, Copy)]
pub(super) enum Half {
    Day,
    Week,
    Month,
    Year,
}

/// `today` moved by `n` and a half units (`sign` -1: before). Half a day
/// is no day; half a week is three days (a week and a half: ten days);
/// half a month is 15 days; half a year six months. `n` = 0 is a half
/// alone (`半个月后`, `in half a week`).
pub(super) fn and_a_half(today: NaiveDate, n: i64, unit: Half, sign: i64) -> Resolved {
    let too_far = || DateError::OutOfRange;
    match unit {
        Half::Day => offset(today, n.checked_mul(sign).ok_or_else(too_far)?, 1),
        Half::Week => {
            let days = n.checked_mul(7).and_then(|d| d.checked_add(3)).and_then(|d| d.checked_mul(sign));
            shift(today, days.ok_or_else(too_far)?)
        }
        Half::Month => add_months(today, n.checked_mul(sign).ok_or_else(too_far)?).and_then(|d| offset(d, 15, sign)),
        Half::Year => {
            let months = n.checked_mul(12).and_then(|m| m.checked_add(6)).and_then(|m| m.checked_mul(sign));
            add_months(today, months.ok_or_else(too_far)?)
        }
    }
}

/// The coming `day`: today when today is that weekday, else the next one.
pub(super) fn coming(today: NaiveDate, day: Weekday) -> Resolved {
    if back() {
        let since = (7 + i64::from(today.weekday().num_days_from_monday()) - i64::from(day.num_days_from_monday())) % 7;
        return shift(today, -since);
    }
    let ahead = (7 + i64::from(day.num_days_from_monday()) - i64::from(today.weekday().num_days_from_monday())) % 7;
    shift(today, ahead)
}

/// The last `day` strictly before today (`last fri` said on a Friday is a
/// week ago).
pub(super) fn previous(today: NaiveDate, day: Weekday) -> Resolved {
    let back = (7 + i64::from(today.weekday().num_days_from_monday()) - i64::from(day.num_days_from_monday())) % 7;
    shift(today, -(if back == 0 { 7 } else { back }))
}

/// `day` in the calendar week `weeks` away from today's (0 this week, 1
/// next, -1 last). Weeks start on Monday, as in China.
pub(super) fn in_week(today: NaiveDate, weeks: i64, day: Weekday) -> Resolved {
    let back = i64::from(today.weekday().num_days_from_monday());
    let days = weeks
        .checked_mul(7)
        .and_then(|w| w.checked_sub(back))
        .and_then(|w| w.checked_add(i64::from(day.num_days_from_monday())))
        .ok_or(DateError::OutOfRange)?;
    shift(today, days)
}

/// The first day of the month `months` away from today's.
pub(super) fn month_start(today: NaiveDate, months: i64) -> Resolved {
    let first = today.with_day(1).ok_or(DateError::OutOfRange)?;
    add_months(first, months)
}

/// The last day of the month `months` away from today's.
pub(super) fn month_end(today: NaiveDate, months: i64) -> Resolved {
    let next = month_start(today, months.checked_add(1).ok_or(DateError::OutOfRange)?)?;
    next.pred_opt().ok_or(DateError::OutOfRange)
}

/// Day `d` of the month `months` away from today's; a day that month does
/// not have is refused (下个月31号 in a month of 30 days).
pub(super) fn day_in_month(today: NaiveDate, months: i64, d: u32) -> Resolved {
    let first = month_start(today, months)?;
    first.with_day(d).ok_or(DateError::Unreadable)
}

/// The coming day `d` of a month: this month's if not yet past, else the
/// next month that has a day `d` (31号 late in November is 12月31日).
pub(super) fn coming_day(today: NaiveDate, d: u32) -> Resolved {
    if !(1..=31).contains(&d) {
        return Err(DateError::Unreadable);
    }
    if back() {
        for months in 0..=2 {
            match day_in_month(today, -months, d) {
                Ok(date) if date <= today => return Ok(date),
                Err(DateError::OutOfRange) => return Err(DateError::OutOfRange),
                _ => {}
            }
        }
        return Err(DateError::OutOfRange);
    }
    for months in 0..=2 {
        match day_in_month(today, months, d) {
            Ok(date) if date >= today => return Ok(date),
            Err(DateError::OutOfRange) => return Err(DateError::OutOfRange),
            _ => {}
        }
    }
    Err(DateError::OutOfRange)
}

/// Month and day with no year: the coming one, this year's if not yet
/// past, else the next year that has it (2月29日 waits for a leap year).
pub(super) fn coming_month_day(today: NaiveDate, m: u32, d: u32) -> Resolved {
    if NaiveDate::from_ymd_opt(2000, m, d).is_none() {
        return Err(DateError::Unreadable);
    }
    let mut year = today.year();
    let step = if back() { -1 } else { 1 };
    for _ in 0..=8 {
        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d)
            && (if back() { date <= today } else { date >= today })
        {
            return Ok(date);
        }
        year = year.checked_add(step).ok_or(DateError::OutOfRange)?;
    }
    Err(DateError::OutOfRange)
}

/// A full date typed with its year. A year chrono cannot hold (or one
/// far outside the window) is out of range; a day the month lacks is not a
/// date.
pub(super) fn ymd(y: i64, m: u32, d: u32) -> Resolved {
    if NaiveDate::from_ymd_opt(2000, m, d).is_none() {
        return Err(DateError::Unreadable);
    }
    let y = i32::try_from(y).map_err(|_| DateError::OutOfRange)?;
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok(date),
        // 2月29日 of a year that is not a leap year.
        None if NaiveDate::from_ymd_opt(y, 1, 1).is_some() => Err(DateError::Unreadable),
        None => Err(DateError::OutOfRange),
    }
}

/// The first day of the year `years` away from today's.
pub(super) fn year_start(today: NaiveDate, years: i64) -> Resolved {
    let y = i64::from(today.year()).checked_add(years).ok_or(DateError::OutOfRange)?;
    ymd(y, 1, 1)
}

/// The last day of the year `years` away from today's.
pub(super) fn year_end(today: NaiveDate, years: i64) -> Resolved {
    let y = i64::from(today.year()).checked_add(years).ok_or(DateError::OutOfRange)?;
    ymd(y, 12, 31)
}

/// The first day of the quarter (January, April, July, October) `quarters`
/// away from today's.
pub(super) fn quarter_start(today: NaiveDate, quarters: i64) -> Resolved {
    let back = i64::from(today.month0() % 3);
    let months = quarters.checked_mul(3).and_then(|m| m.checked_sub(back)).ok_or(DateError::OutOfRange)?;
    month_start(today, months)
}

/// The last day of the quarter `quarters` away from today's.
pub(super) fn quarter_end(today: NaiveDate, quarters: i64) -> Resolved {
    let next = quarter_start(today, quarters.checked_add(1).ok_or(DateError::OutOfRange)?)?;
    next.pred_opt().ok_or(DateError::OutOfRange)
}

/// The coming first day of a year or a quarter: today when today is one,
/// else the next one.
pub(super) fn coming_start(today: NaiveDate, start: fn(NaiveDate, i64) -> Resolved) -> Resolved {
    let this = start(today, 0)?;
    if this == today || back() { Ok(this) } else { start(today, 1) }
}

/// A part of a month: its first day, its 15th, its last day, or a given
/// day (上旬 / early is the 5th, 下旬 / late the 25th: the middle of the
/// first and last ten days, as 月中 / mid is the 15th).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Start,
    Mid,
    End,
    Day(u32),
}

impl Part {
    /// The coming such day of a month when no month is named (月初, 下旬);
    /// `None` for the end, which is this month's (月底).
    pub(super) fn coming(self, today: NaiveDate) -> Option<Resolved> {
        match self {
            Part::Start => Some(coming_day(today, 1)),
            Part::Mid => Some(coming_day(today, 15)),
            Part::Day(d) => Some(coming_day(today, d)),
            Part::End => None,
        }
    }

    /// That part of the month `months` away from today's.
    pub(super) fn in_month(self, today: NaiveDate, months: i64) -> Resolved {
        match self {
            Part::Start => month_start(today, months),
            Part::Mid => day_in_month(today, months, 15),
            Part::Day(d) => day_in_month(today, months, d),
            Part::End => month_end(today, months),
        }
    }
}

/// A year written with two digits (`26年`, `12/5/26`): 00–69 are 2000–2069,
/// 70–99 are 1970–1999, as `date` and POSIX `%y` read them. Other years as
/// written.
pub(super) fn full_year(y: i64, digits: usize) -> i64 {
    match (digits, y) {
        (2, 0..=69) => 2000 + y,
        (2, 70..=99) => 1900 + y,
        _ => y,
    }
}

/// That part of month `m` in `year`.
pub(super) fn part_of(year: i64, m: u32, part: Part) -> Resolved {
    let first = ymd(year, m, 1)?;
    match part {
        Part::Start => Ok(first),
        Part::Mid => first.with_day(15).ok_or(DateError::OutOfRange),
        Part::End => first.checked_add_months(Months::new(1)).and_then(|n| n.pred_opt()).ok_or(DateError::OutOfRange),
        Part::Day(d) => first.with_day(d).ok_or(DateError::Unreadable),
    }
}

/// That part of month `m`, the coming one: this year's if not yet past,
/// else next year's (12月底, end of december).
pub(super) fn coming_part(today: NaiveDate, m: u32, part: Part) -> Resolved {
    let this = part_of(i64::from(today.year()), m, part)?;
    match (back(), this >= today) {
        (false, true) => Ok(this),
        (false, false) => part_of(i64::from(today.year()) + 1, m, part),
        (true, _) if this <= today => Ok(this),
        (true, _) => part_of(i64::from(today.year()) - 1, m, part),
    }
}
