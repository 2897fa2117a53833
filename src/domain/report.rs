//! The monthly visit statistics table (客户拜访统计表, DOMAIN §7): a row
//! per customer visited, called or due in a month, with its visits and
//! calls per week of the month, goals met, last contact and whether its
//! contact norms are met; subtotals by class and a grand total. Pure: the
//! store gathers the facts, the CLI and the interface show the result.

use super::cadence::{NormState, Standing};
use super::classify::{Class, Tier};
use super::period::{month_end, month_weeks};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

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
    /// Customers owed a contact still within its window in the month
    /// under way: neither met nor missed, left out of the share.
    pub norm_pending: u32,
    /// Customers counted.
    pub customers: u32,
}

impl Counts {
    fn new(weeks: usize) -> Self {
        Counts { visits_by_week: vec![0; weeks], calls_by_week: vec![0; weeks], ..Counts::default() }
    }

    /// The customers judged against their norms: met or missed (those still
    /// due in the month under way left out).
    pub fn norm_judged(&self) -> u32 {
        self.customers.saturating_sub(self.norm_pending)
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
        self.norm_pending += other.norm_pending;
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
    /// Its counts (`norm_met` and `norm_pending` 1 or 0, `customers` 1).
    pub counts: Counts,
    /// Last visit or call up to the table's day.
    pub last_contact: Option<NaiveDate>,
    /// Both norms met on the table's day.
    pub norm_met: bool,
    /// Met, still due (the month under way, its window open) or missed.
    pub norm: NormState,
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
/// the customers' standings as of `as_of` (the month's last day, or
/// `today` while it runs or before it begins). A customer is in it when it was visited or
/// called in the month, or is due or overdue on that day; its norms are
/// met, still due or missed as [`Standing::norm_state`] says.
pub fn visit_stats(
    month: NaiveDate,
    (as_of, today): (NaiveDate, NaiveDate),
    held: &[Held],
    subjects: &[Subject],
) -> VisitStats {
    let phase = super::cadence::period_phase(month, as_of, today);
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
            let norm = s.standing.norm_state(phase);
            let mut c = counts.get(s.id.as_str()).cloned();
            if c.is_none() && norm == NormState::Met {
                return None;
            }
            let c = c.get_or_insert_with(|| Counts::new(weeks.len()));
            c.customers = 1;
            c.norm_met = u32::from(norm == NormState::Met);
            c.norm_pending = u32::from(norm == NormState::Pending);
            Some(StatsRow {
                id: s.id.clone(),
                name: s.name.clone(),
                tier: s.tier,
                counts: c.clone(),
                last_contact: s.last_contact,
                norm_met: norm == NormState::Met,
                norm,
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
