//! Periods lists are asked for: a week (Monday to Sunday) and a month. The
//! CLI's `--week`/`--month` and the interface's week view use these.

use chrono::{Datelike, Duration, NaiveDate};

/// Monday and Sunday of the week `day` falls in.
pub fn week_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (monday, monday + Duration::days(6))
}

/// First and last day of a month as reps write it: `2026-11`, `2026-1`,
/// `2026/11`, `2026.11`, `2026年11月`, `202611`; `None` for anything else
/// or a year outside 1900–2200 (the range of every date in repbook).
pub fn month(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let t = text.trim();
    let t = t.strip_suffix('月').unwrap_or(t);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (y, m) = match t.split_once(['-', '/', '.', '年']) {
        Some(parts) => parts,
        None if t.len() == 6 && digits(t) => t.split_at(4),
        None => return None,
    };
    let (y, m) = (y.trim(), m.trim());
    if y.len() != 4 || m.len() > 2 || !digits(y) || !digits(m) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(year, m.parse().ok()?, 1)?;
    Some((first, month_end(first)))
}

/// A month as reps type it: as [`month`] reads it, or in words — `this
/// month`, `本月`, `当月`, or what the date parser reads as a day (`last
/// month`, `next month`, `上月`, `上个月`, `下个月`, `上月底`): the month that
/// day falls in. `None` for anything else.
pub fn month_in_words(text: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if let Some(m) = month(text) {
        return Some(m);
    }
    let folded = text.trim().to_lowercase();
    let day = match folded.as_str() {
        "this month" | "本月" | "当月" | "这个月" => today,
        other => super::dates::resolve(other, today).ok()?,
    };
    let first = day.with_day(1)?;
    Some((first, month_end(first)))
}

/// The last day of the month `day` falls in.
pub fn month_end(day: NaiveDate) -> NaiveDate {
    let next = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(day)
}

/// The weeks of the month starting `first`, Monday to Sunday, cut at the
/// month's first and last day: 4 to 6 of them, the first and the last
/// possibly short.
pub fn month_weeks(first: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let last = month_end(first);
    let mut out = Vec::new();
    let mut start = first;
    while start <= last {
        let end = week_of(start).1.min(last);
        out.push((start, end));
        match end.succ_opt() {
            Some(next) => start = next,
            None => break,
        }
    }
    out
}

/// Why typed text names no week ([`read_week`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadWeek {
    /// Not a week in any form repbook reads.
    Unreadable,
    /// An ISO week of a year outside 1900–2200 (the dates repbook keeps):
    /// the year as typed.
    Year(String),
    /// A day (`9999-12-31`, `in 99999 weeks`) outside the dates repbook
    /// keeps.
    OutOfRange,
    /// A week number the year does not have: the year and its last week
    /// (52 or 53).
    Number {
        /// The ISO year.
        year: i32,
        /// Its last ISO week.
        last: u32,
    },
}

/// The last ISO week of `year`: 52, or 53 for a long year (None outside
/// the calendar).
fn last_week(year: i32) -> Option<u32> {
    NaiveDate::from_ymd_opt(year, 12, 28).map(|d| d.iso_week().week())
}

/// The Monday of week `week` of ISO year `year`, or why there is none.
fn week_of_year(year: i32, week: u32) -> Result<NaiveDate, BadWeek> {
    let last = last_week(year).ok_or_else(|| BadWeek::Year(year.to_string()))?;
    if !(1..=last).contains(&week) {
        return Err(BadWeek::Number { year, last });
    }
    NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).ok_or(BadWeek::Number { year, last })
}

/// The Monday of a week as a rep names it: an ISO week (`2026-W48`), a
/// week number of today's ISO year (`W48`, `48`, `第48周`), `this week`,
/// `本周`, `这周`, or any day the date parser reads (`下周`, `next week`,
/// `上周`, `12月5日`, `fri`): the week that day falls in. `None` when it is
/// none of these.
pub fn week_named(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    read_week(text, today).ok()
}

/// [`week_named`], saying why text names no week: a year repbook does not
/// keep (`9999-W52`, `0000-W01`) or a week number the year lacks
/// (`2026-W54`, `2027-W53`) is told apart from what is no week at all. No
/// year or number overflows, however many digits it has.
pub fn read_week(text: &str, today: NaiveDate) -> Result<NaiveDate, BadWeek> {
    if let Some(found) = iso_week_read(text) {
        return found.map(|(monday, _)| monday);
    }
    let t = text.trim().to_lowercase();
    let number = t.strip_prefix('w').or_else(|| t.strip_prefix('第').and_then(|r| r.strip_suffix('周'))).unwrap_or(&t);
    if !number.is_empty() && number.len() <= 2 && number.bytes().all(|b| b.is_ascii_digit()) {
        let week: u32 = number.parse().map_err(|_| BadWeek::Unreadable)?;
        return week_of_year(today.iso_week().year(), week);
    }
    let day = match t.as_str() {
        "this week" | "本周" | "这周" | "这个星期" | "本星期" => Ok(today),
        _ => super::dates::resolve(&t, today),
    };
    day.map(|d| week_of(d).0).map_err(|e| match e {
        super::dates::DateError::OutOfRange => BadWeek::OutOfRange,
        _ => BadWeek::Unreadable,
    })
}

/// Monday and Sunday of an ISO week as reps write it: `2026-W48`,
/// `2026W48`, `2026-w48`, `2026-W5`; `None` for anything else, a week the
/// year does not have (`2027-W53`) or a year outside 1900–2200.
pub fn iso_week(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    iso_week_read(text).and_then(Result::ok)
}

/// Text written as an ISO week (digits, `W`, digits): its Monday and
/// Sunday, or why that week is not one; `None` when the text is not
/// written so.
fn iso_week_read(text: &str) -> Option<Result<(NaiveDate, NaiveDate), BadWeek>> {
    let t = text.trim();
    let (y, w) = t.split_once(['W', 'w'])?;
    let y = y.strip_suffix('-').unwrap_or(y);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(y) || !digits(w) {
        return None;
    }
    // A year of any length is a year: out of range unless 1900–2200
    // (four digits, parsed without overflow).
    let year = (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten().filter(|y| (1900..=2200).contains(y));
    let Some(year) = year else { return Some(Err(BadWeek::Year(y.to_string()))) };
    let week = w.parse::<u32>().unwrap_or(u32::MAX);
    Some(week_of_year(year, week).map(|monday| (monday, monday + Duration::days(6))))
}

/// The ISO week `day` falls in, as `2026-W48` (the year is the week's,
/// which differs from the day's around New Year).
pub fn iso_week_label(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The Monday `weeks` weeks from `monday`, or `monday` itself when that
/// week would fall outside the dates repbook keeps (1900–2200): the
/// screens' week before / after stops there, never overflowing.
pub fn shift_week(monday: NaiveDate, weeks: i64) -> NaiveDate {
    let (first, last) = (week_of(super::dates::FIRST).0, week_of(super::dates::LAST).0);
    Duration::try_weeks(weeks)
        .and_then(|d| monday.checked_add_signed(d))
        .filter(|m| (first..=last).contains(m))
        .unwrap_or(monday)
}

/// Monday of the week a weekly plan is for by default: next week from
/// Friday to Sunday (the plan is made at the end of the week before), this
/// week from Monday to Thursday.
pub fn plan_week(today: NaiveDate) -> NaiveDate {
    let (monday, _) = week_of(today);
    if today.weekday().number_from_monday() >= 5 { monday + Duration::days(7) } else { monday }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_named_in_words() {
        let today = d(2026, 11, 25);
        for (typed, monday) in [
            ("2026-W49", d(2026, 11, 30)),
            ("49", d(2026, 11, 30)),
            ("W49", d(2026, 11, 30)),
            ("第49周", d(2026, 11, 30)),
            ("this week", d(2026, 11, 23)),
            ("本周", d(2026, 11, 23)),
            ("下周", d(2026, 11, 30)),
            ("next week", d(2026, 11, 30)),
            ("上周", d(2026, 11, 16)),
            ("12月5日", d(2026, 11, 30)),
        ] {
            assert_eq!(week_named(typed, today), Some(monday), "{typed}");
        }
        for typed in ["", "W60", "soon", "123"] {
            assert_eq!(week_named(typed, today), None, "{typed}");
        }
    }

    #[test]
    fn a_month_in_words() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 20).unwrap_or_default();
        let first = |t: &str| month_in_words(t, today).map(|(f, _)| f.format("%Y-%m").to_string());
        for (typed, month) in [
            ("this month", "2027-01"),
            ("This Month", "2027-01"),
            ("本月", "2027-01"),
            ("last month", "2026-12"),
            ("上月", "2026-12"),
            ("上个月", "2026-12"),
            ("next month", "2027-02"),
            ("2026-11", "2026-11"),
            ("2026年11月", "2026-11"),
        ] {
            assert_eq!(first(typed).as_deref(), Some(month), "{typed}");
        }
        assert_eq!(month_in_words("上月", today).map(|(_, l)| l), NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(first("someday"), None);
        assert_eq!(first("2026-13"), None);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_week_runs_monday_to_sunday() {
        // 2026-11-22 is a Sunday.
        assert_eq!(week_of(d(2026, 11, 22)), (d(2026, 11, 16), d(2026, 11, 22)));
        assert_eq!(week_of(d(2026, 11, 23)), (d(2026, 11, 23), d(2026, 11, 29)));
        assert_eq!(week_of(d(2026, 12, 31)), (d(2026, 12, 28), d(2027, 1, 3)));
    }

    #[test]
    fn months_have_their_real_length() {
        assert_eq!(month("2026-11"), Some((d(2026, 11, 1), d(2026, 11, 30))));
        assert_eq!(month("2028-2"), Some((d(2028, 2, 1), d(2028, 2, 29))));
        assert_eq!(month("2026-12"), Some((d(2026, 12, 1), d(2026, 12, 31))));
        for bad in ["2026-13", "26-11", "2026", "2026-", "november", "2026-11-01", "+999-01", "1899-12", "2201-01"] {
            assert_eq!(month(bad), None, "{bad}");
        }
        for text in ["2026/11", "2026年11月", "202611", " 2026-11 ", "2026.11"] {
            assert_eq!(month(text), Some((d(2026, 11, 1), d(2026, 11, 30))), "{text}");
        }
    }

    #[test]
    fn a_months_weeks_run_monday_to_sunday_cut_at_its_ends() {
        // November 2026 starts on a Sunday and ends on a Monday.
        let w = month_weeks(d(2026, 11, 1));
        assert_eq!(w.first(), Some(&(d(2026, 11, 1), d(2026, 11, 1))));
        assert_eq!(w.get(1), Some(&(d(2026, 11, 2), d(2026, 11, 8))));
        assert_eq!(w.last(), Some(&(d(2026, 11, 30), d(2026, 11, 30))));
        assert_eq!(w.len(), 6);
        // February 2027 starts on a Monday: four whole weeks.
        assert_eq!(month_weeks(d(2027, 2, 1)).len(), 4);
        assert_eq!(month_weeks(d(2200, 12, 1)).last().map(|w| w.1), Some(d(2200, 12, 31)));
    }

    #[test]
    fn iso_weeks_read_and_label_across_years() {
        assert_eq!(iso_week("2026-W48"), Some((d(2026, 11, 23), d(2026, 11, 29))));
        assert_eq!(iso_week("2026w48"), iso_week("2026-W48"));
        // 2026 has 53 ISO weeks: the last runs into 2027.
        assert_eq!(iso_week("2026-W53"), Some((d(2026, 12, 28), d(2027, 1, 3))));
        assert_eq!(iso_week("2027-W01"), Some((d(2027, 1, 4), d(2027, 1, 10))));
        // 2020-W01 starts in 2019.
        assert_eq!(iso_week("2020-W1"), Some((d(2019, 12, 30), d(2020, 1, 5))));
        for bad in ["2027-W53", "2026-W00", "2026-W54", "2026-48", "W48", "2026-W", "2026-W480", "1899-W10", "2026-Wx"]
        {
            assert_eq!(iso_week(bad), None, "{bad}");
        }
        assert_eq!(iso_week_label(d(2027, 1, 3)), "2026-W53");
        assert_eq!(iso_week_label(d(2019, 12, 30)), "2020-W01");
        assert_eq!(iso_week_label(d(2026, 11, 23)), "2026-W48");
    }

    #[test]
    fn a_far_off_or_missing_week_says_why() {
        let today = d(2026, 11, 25);
        for typed in
            ["9999-W52", "9999-W53", "0000-W01", "1899-W52", "2201-W01", "12345-W01", "99999999999999999999-W1"]
        {
            assert!(matches!(read_week(typed, today), Err(BadWeek::Year(_))), "{typed}");
        }
        assert_eq!(read_week("2026-W54", today), Err(BadWeek::Number { year: 2026, last: 53 }));
        assert_eq!(read_week("2027-W53", today), Err(BadWeek::Number { year: 2027, last: 52 }));
        assert_eq!(read_week("2026-W00", today), Err(BadWeek::Number { year: 2026, last: 53 }));
        assert_eq!(read_week("2026-W99999999999999", today), Err(BadWeek::Number { year: 2026, last: 53 }));
        assert_eq!(read_week("W60", today), Err(BadWeek::Number { year: 2026, last: 53 }));
        assert_eq!(read_week("soon", today), Err(BadWeek::Unreadable));
        assert_eq!(read_week("9999-12-31", today), Err(BadWeek::OutOfRange));
        // The ends of the years kept are weeks.
        assert_eq!(read_week("2026-W53", today), Ok(d(2026, 12, 28)));
        assert_eq!(read_week("1900-W01", today), Ok(d(1900, 1, 1)));
        assert_eq!(read_week("2200-W52", today), Ok(d(2200, 12, 22)));
    }

    #[test]
    fn weeks_shift_within_the_dates_kept() {
        assert_eq!(shift_week(d(2026, 11, 23), 1), d(2026, 11, 30));
        assert_eq!(shift_week(d(2026, 11, 23), -1), d(2026, 11, 16));
        // The last week kept (Monday 2200-12-29) and the first (1900-01-01).
        assert_eq!(shift_week(d(2200, 12, 29), 1), d(2200, 12, 29));
        assert_eq!(shift_week(d(1900, 1, 1), -1), d(1900, 1, 1));
        assert_eq!(shift_week(d(2026, 11, 23), i64::MAX), d(2026, 11, 23));
        assert_eq!(shift_week(d(2026, 11, 23), i64::MIN), d(2026, 11, 23));
    }

    #[test]
    fn the_plan_is_for_next_week_from_friday() {
        // 2026-11-19 is a Thursday, the 20th a Friday, the 22nd a Sunday.
        assert_eq!(plan_week(d(2026, 11, 19)), d(2026, 11, 16));
        assert_eq!(plan_week(d(2026, 11, 20)), d(2026, 11, 23));
        assert_eq!(plan_week(d(2026, 11, 22)), d(2026, 11, 23));
        assert_eq!(plan_week(d(2026, 11, 23)), d(2026, 11, 23));
    }
}
