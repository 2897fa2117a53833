//! The monthly visit statistics table (客户拜访统计表, DOMAIN §7): a row
//! per customer visited, called or due in a month, with its visits and
//! calls per week of the month, goals met, last contact and whether its
//! contact norms are met; subtotals by class and a grand total. Pure: the
//! store gathers the facts, the CLI and the interface show the result.

use super::cadence::{Due, Standing};
use super::classify::{Class, Tier};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The first day of the month `text` names: `2026-11`, `2026/11`,
/// `2026年11月`, `202611`. `None` when it names no month repbook takes
/// (years 1900–2200, as every date).
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let t = text.trim().trim_end_matches('月');
    let (y, m) = if let Some((y, m)) = t.split_once(['-', '/', '.', '年']) {
        (y.trim(), m.trim())
    } else if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        t.split_at(4)
    } else {
        return None;
    };
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// The last day of the month that starts on `first`.
pub fn month_end(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(first)
}

/// The weeks of a month, Monday to Sunday as everywhere in repbook, cut at
/// the month's first and last day: 4 to 6 of them, the first and the last
/// possibly short.
pub fn month_weeks(first: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let last = month_end(first);
    let mut out = Vec::new();
    let mut start = first;
    while start <= last {
        let to_sunday = 6 - i64::from(start.weekday().num_days_from_monday());
        let end = (start + Duration::days(to_sunday)).min(last);
        out.push((start, end));
        match end.succ_opt() {
            Some(next) => start = next,
            None => break,
        }
    }
    out
}

/// A visit or call held (done).
#[derive(Debug, Clone)]
pub struct Held {
    /// The customer.
    pub customer_id: String,
    /// The day.
    pub date: NaiveDate,
    /// A call (else in person).
    pub call: bool,
    /// Its outcome against the goal (`met`, `partly`, `not_met`), if logged.
    pub outcome: Option<String>,
}

/// A customer as the table needs it: its class and its standing at the end
/// of the month (or today, in the month under way).
#[derive(Debug, Clone)]
pub struct Subject {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Grade.
    pub tier: Tier,
    /// Against its norms, as of the table's day.
    pub standing: Standing,
    /// Last visit or call up to that day.
    pub last_contact: Option<NaiveDate>,
}

/// Counts of one row, one class or the whole month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// In-person visits per week of the month.
    pub visits_by_week: Vec<u32>,
    /// Calls per week of the month.
    pub calls_by_week: Vec<u32>,
    /// Visits in the month.
    pub visits: u32,
    /// Calls in the month.
    pub calls: u32,
    /// Visits and calls whose goal was met.
    pub goals_met: u32,
    /// … partly met.
    pub goals_partly: u32,
    /// Customers whose norms are met (for a class or the month).
    pub norm_met: u32,
    /// Customers counted.
    pub customers: u32,
}

impl Counts {
    fn new(weeks: usize) -> Self {
        Counts { visits_by_week: vec![0; weeks], calls_by_week: vec![0; weeks], ..Counts::default() }
    }

    fn add(&mut self, other: &Counts) {
        for (a, b) in self.visits_by_week.iter_mut().zip(&other.visits_by_week) {
            *a += b;
        }
        for (a, b) in self.calls_by_week.iter_mut().zip(&other.calls_by_week) {
            *a += b;
        }
        self.visits += other.visits;
        self.calls += other.calls;
        self.goals_met += other.goals_met;
        self.goals_partly += other.goals_partly;
        self.norm_met += other.norm_met;
        self.customers += other.customers;
    }
}

/// One customer's row.
#[derive(Debug, Clone, Serialize)]
pub struct StatsRow {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Grade (`A1` … `C`).
    pub tier: Tier,
    /// Its counts (`norm_met` is 1 or 0, `customers` 1).
    pub counts: Counts,
    /// Last visit or call up to the table's day.
    pub last_contact: Option<NaiveDate>,
    /// Both norms met on the table's day.
    pub norm_met: bool,
}

/// The month's table.
#[derive(Debug, Clone, Serialize)]
pub struct VisitStats {
    /// The month's first day.
    pub month: NaiveDate,
    /// The day standings are taken on: the month's last day, or today in
    /// the month under way.
    pub as_of: NaiveDate,
    /// Its weeks, Monday to Sunday, cut at the month's ends.
    pub weeks: Vec<(NaiveDate, NaiveDate)>,
    /// Rows by class (A, B, C), then name.
    pub rows: Vec<StatsRow>,
    /// Subtotals by class.
    pub by_class: BTreeMap<Class, Counts>,
    /// The whole month.
    pub total: Counts,
}

/// Build the table for the month starting `month` from what was held and
/// the customers' standings as of `as_of`. A customer is in it when it was
/// visited or called in the month, or is due or overdue on that day.
pub fn visit_stats(month: NaiveDate, as_of: NaiveDate, held: &[Held], subjects: &[Subject]) -> VisitStats {
    let weeks = month_weeks(month);
    let last = month_end(month);
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    for h in held.iter().filter(|h| (month..=last).contains(&h.date)) {
        let Some(week) = weeks.iter().position(|(s, e)| (*s..=*e).contains(&h.date)) else { continue };
        let c = counts.entry(h.customer_id.as_str()).or_insert_with(|| Counts::new(weeks.len()));
        if h.call {
            c.calls_by_week[week] += 1;
            c.calls += 1;
        } else {
            c.visits_by_week[week] += 1;
            c.visits += 1;
        }
        match h.outcome.as_deref() {
            Some("met") => c.goals_met += 1,
            Some("partly") => c.goals_partly += 1,
            _ => {}
        }
    }
    let mut rows: Vec<StatsRow> = subjects
        .iter()
        .filter_map(|s| {
            let due = s.standing.due() != Due::Ok;
            let mut c = counts.get(s.id.as_str()).cloned();
            if c.is_none() && !due {
                return None;
            }
            let c = c.get_or_insert_with(|| Counts::new(weeks.len()));
            c.customers = 1;
            c.norm_met = u32::from(!due);
            Some(StatsRow {
                id: s.id.clone(),
                name: s.name.clone(),
                tier: s.tier,
                counts: c.clone(),
                last_contact: s.last_contact,
                norm_met: !due,
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.tier.class(), &a.name, &a.id).cmp(&(b.tier.class(), &b.name, &b.id)));
    let mut by_class: BTreeMap<Class, Counts> = BTreeMap::new();
    let mut total = Counts::new(weeks.len());
    for r in &rows {
        by_class.entry(r.tier.class()).or_insert_with(|| Counts::new(weeks.len())).add(&r.counts);
        total.add(&r.counts);
    }
    VisitStats { month, as_of, weeks, rows, by_class, total }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn months_are_read_in_the_ways_reps_write_them() {
        for text in ["2026-11", "2026/11", "2026年11月", "202611", " 2026-11 ", "2026.11"] {
            assert_eq!(parse_month(text), Some(d(2026, 11, 1)), "{text}");
        }
        for bad in ["2026-13", "2026-0", "11", "", "1899-12", "2201-01", "99999999999-1", "2026-11-05x"] {
            assert_eq!(parse_month(bad), None, "{bad}");
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
        // December ends the year.
        assert_eq!(month_end(d(2026, 12, 1)), d(2026, 12, 31));
        assert_eq!(month_weeks(d(2200, 12, 1)).last().map(|w| w.1), Some(d(2200, 12, 31)));
    }
}
