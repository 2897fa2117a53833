//! Periods lists are asked for: a week (Monday to Sunday) and a month. The
//! CLI's `--week`/`--month` and the interface's week view use these.

use chrono::{Datelike, Duration, NaiveDate};

/// Monday and Sunday of the week `day` falls in.
pub fn week_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (monday, monday + Duration::days(6))
}

/// First and last day of a month written `YYYY-MM` (or `YYYY-M`); `None`
/// for anything else.
pub fn month(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (y, m) = text.trim().split_once('-')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || m.is_empty() || m.len() > 2 || !digits(y) || !digits(m) {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year().checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for bad in ["2026-13", "26-11", "2026", "2026-", "november", "2026-11-01", "+999-01"] {
            assert_eq!(month(bad), None, "{bad}");
        }
    }
}
