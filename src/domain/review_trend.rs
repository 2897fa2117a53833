//! The review's pictures (issue 10 §3): visits and calls held per week and
//! the share of goals met, for the twelve weeks up to a week. Pure: the
//! store gives the held visits and calls of those weeks.

use super::entity::Entity;
use super::fields::parse_iso_date;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many weeks the pictures show.
pub const WEEKS: i64 = 12;

/// One week of the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekPoint {
    /// Monday.
    pub monday: NaiveDate,
    /// In-person visits held.
    pub visits: u32,
    /// Calls held.
    pub calls: u32,
    /// Of those held, goals met.
    pub goals_met: u32,
}

impl WeekPoint {
    /// Goals met in per cent of what was held, rounded to the nearest
    /// ([`super::figures::percent`]); `None` when
    /// nothing was held.
    pub fn met_percent(&self) -> Option<u32> {
        let held = self.visits + self.calls;
        super::figures::percent(self.goals_met, held)
    }

    /// `W48`: the week's number.
    pub fn short(&self) -> String {
        self.monday.format("W%V").to_string()
    }
}

/// The weeks of the trend, oldest first, the last being the week shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    /// Twelve weeks.
    pub weeks: Vec<WeekPoint>,
}

/// The first day of the trend ending with the week starting `monday`.
pub fn first_day(monday: NaiveDate) -> NaiveDate {
    monday.checked_sub_signed(Duration::weeks(WEEKS - 1)).unwrap_or(monday)
}

/// The trend of the twelve weeks ending with the week starting `monday`,
/// from visits and calls (those not held are left out).
pub fn trend(monday: NaiveDate, visits: &[Entity]) -> Trend {
    let first = first_day(monday);
    let mut weeks: Vec<WeekPoint> = (0..WEEKS)
        .filter_map(|i| first.checked_add_signed(Duration::weeks(i)))
        .map(|monday| WeekPoint { monday, visits: 0, calls: 0, goals_met: 0 })
        .collect();
    for v in visits.iter().filter(|v| v.text("status") == Some("done")) {
        let Some(date) = v.text("date").and_then(parse_iso_date) else { continue };
        let Ok(i) = usize::try_from((date - first).num_days().div_euclid(7)) else { continue };
        let Some(w) = weeks.get_mut(i) else { continue };
        if v.text("kind") == Some("call") {
            w.calls += 1;
        } else {
            w.visits += 1;
        }
        if v.text("outcome") == Some("met") {
            w.goals_met += 1;
        }
    }
    Trend { weeks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Value;
    use crate::domain::schema::VISIT;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn v(date: &str, kind: &str, status: &str, outcome: Option<&str>) -> Entity {
        let mut values = std::collections::BTreeMap::new();
        values.insert("date", Value::Text(date.into()));
        values.insert("kind", Value::Text(kind.into()));
        values.insert("status", Value::Text(status.into()));
        if let Some(o) = outcome {
            values.insert("outcome", Value::Text(o.into()));
        }
        Entity { table: &VISIT, id: date.into(), alive: true, updated_ms: 0, values }
    }

    #[test]
    fn twelve_weeks_across_the_year_with_week_53() {
        // Ending with 2027-W01 (Jan 4): W53 of 2026 is the week before.
        let t = trend(
            d(2027, 1, 4),
            &[
                v("2026-12-31", "visit", "done", Some("met")),
                v("2027-01-01", "call", "done", Some("partly")),
                v("2027-01-02", "visit", "planned", None),
                v("2027-01-05", "call", "done", Some("met")),
                v("2026-10-19", "visit", "done", Some("met")), // the first week
                v("2026-10-18", "visit", "done", Some("met")), // before it
                v("2027-01-11", "visit", "done", Some("met")), // after it
            ],
        );
        assert_eq!(t.weeks.len(), 12);
        assert_eq!(t.weeks[0].monday, d(2026, 10, 19));
        assert_eq!((t.weeks[0].visits, t.weeks[0].met_percent()), (1, Some(100)));
        let w53 = &t.weeks[10];
        assert_eq!((w53.short().as_str(), w53.visits, w53.calls, w53.goals_met), ("W53", 1, 1, 1));
        assert_eq!(w53.met_percent(), Some(50));
        assert_eq!((t.weeks[11].calls, t.weeks[11].met_percent()), (1, Some(100)));
        assert_eq!(t.weeks[5].met_percent(), None, "a week with nothing held");
        assert_eq!(t.weeks.iter().map(|w| w.visits + w.calls).sum::<u32>(), 4);
    }
}
