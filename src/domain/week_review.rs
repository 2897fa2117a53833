//! The facts of a week (issue 10 §2, Do and Check): what was planned and
//! held, calls, goals, follow-ups, new customers, orders and payments, late
//! logs, planned visits that did not happen, cadence compliance per class
//! and the A customers not contacted. Pure: the store gathers the facts.
//!
//! A visit counts as *planned* for the week when it is dated in it and was
//! entered before its day (its record id tells the day it was made) or is
//! still planned or cancelled; a visit entered on its own day as already
//! held was not planned ahead.

use super::cadence::{NormState, Standing};
use super::classify::{Class, Tier};
use super::entity::Entity;
use super::fields::parse_iso_date;
use super::figures::Figures;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A customer as the review needs it: its grade and its standing at the
/// week's end.
#[derive(Debug, Clone)]
pub struct Standings {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Grade.
    pub tier: Tier,
    /// Against its norms at the week's end.
    pub standing: Standing,
}

/// A visit or call named in the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRef {
    /// The visit.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Its name.
    pub customer: String,
    /// The day.
    pub date: NaiveDate,
    /// `visit` or `call`.
    pub kind: String,
    /// `planned`, `done`, `cancelled`.
    pub status: String,
}

/// How many customers of a class are contacted as their norms require
/// ([`Standing::norm_state`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compliance {
    /// The class.
    pub class: Class,
    /// Customers of the class.
    pub customers: u32,
    /// Of those, with no norm due or overdue at the week's end.
    pub met: u32,
    /// Of those, owed a contact still within its window in the week under
    /// way: not missed yet, and left out of the share.
    #[serde(default)]
    pub pending: u32,
}

impl Compliance {
    /// The customers judged: met or missed (the pending ones left out).
    pub fn judged(&self) -> u32 {
        self.customers.saturating_sub(self.pending)
    }

    /// The share of those judged that met their norms in per cent, rounded
    /// to the nearest ([`super::figures::percent`]); `None` when none is judged (an empty class, or every customer
    /// still inside its window).
    pub fn percent(&self) -> Option<u32> {
        let judged = self.judged();
        super::figures::percent(self.met.min(judged), judged)
    }
}

/// Do and Check of a week.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WeekFacts {
    /// `2026-W48`.
    pub week: String,
    /// Monday.
    pub from: NaiveDate,
    /// Sunday.
    pub to: NaiveDate,
    /// The day the facts stand at: Sunday, or today in the week under way.
    pub as_of: NaiveDate,
    /// Visits and calls planned for the week.
    pub planned: u32,
    /// Of those, held.
    pub planned_held: u32,
    /// In-person visits held.
    pub visits_held: u32,
    /// Calls held.
    pub calls_held: u32,
    /// Held visits and calls whose goal was met.
    pub goals_met: u32,
    /// … partly met.
    pub goals_partly: u32,
    /// … not met.
    pub goals_not_met: u32,
    /// … with no outcome logged.
    pub goals_unlogged: u32,
    /// Follow-ups made in the week.
    pub followups_made: u32,
    /// Follow-ups done in the week.
    pub followups_closed: u32,
    /// Follow-ups due by `as_of` and not done by then (dropped ones are
    /// closed).
    pub followups_overdue: u32,
    /// Orders, payments, new customers: the figures of the week.
    pub figures: Figures,
    /// Visits and calls held in the week and logged later than the next
    /// working day.
    pub late_logs: Vec<VisitRef>,
    /// Planned visits and calls of the week not held: their day past
    /// (today's are still to come), or cancelled by `as_of`.
    pub not_held: Vec<VisitRef>,
    /// Compliance per class, A to C.
    pub compliance: Vec<Compliance>,
    /// A customers with no visit or call held in the week.
    pub a_without_contact: Vec<(String, String)>,
}

/// Whether a visit dated `date` was planned ahead (see the module's note).
pub fn planned_ahead(visit: &Entity, date: NaiveDate) -> bool {
    visit.text("status") != Some("done") || super::entity::created_on(&visit.id).is_some_and(|made| made < date)
}

/// What the week's facts are made of.
#[derive(Debug, Clone, Copy)]
pub struct WeekInput<'a> {
    /// Monday.
    pub from: NaiveDate,
    /// Sunday.
    pub to: NaiveDate,
    /// Sunday, or today in the week under way or not yet begun.
    pub as_of: NaiveDate,
    /// The rep's today: a visit planned for today or later is still to
    /// come, not "not held".
    pub today: NaiveDate,
    /// The live visits and calls dated in the week, any status.
    pub visits: &'a [Entity],
    /// Every live follow-up.
    pub followups: &'a [Entity],
    /// The day each follow-up whose id does not tell it was made (a
    /// generated one's id is derived from its source): the day its insert
    /// was recorded. See [`made_on`].
    pub made: &'a HashMap<String, NaiveDate>,
    /// Every customer's standing at `as_of`.
    pub customers: &'a [Standings],
    /// Customer names by id.
    pub names: &'a HashMap<String, String>,
}

/// The facts of a week, with its figures (orders, payments, new customers).
pub fn week_facts(input: WeekInput<'_>, figures: Figures) -> WeekFacts {
    let WeekInput { from, to, as_of, today, visits, followups, customers, names, made } = input;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut f = WeekFacts {
        week: super::period::iso_week_label(from),
        from,
        to,
        as_of,
        planned: 0,
        planned_held: 0,
        visits_held: 0,
        calls_held: 0,
        goals_met: 0,
        goals_partly: 0,
        goals_not_met: 0,
        goals_unlogged: 0,
        followups_made: 0,
        followups_closed: 0,
        followups_overdue: 0,
        figures,
        late_logs: Vec::new(),
        not_held: Vec::new(),
        compliance: Vec::new(),
        a_without_contact: Vec::new(),
    };
    let mut contacted = std::collections::HashSet::new();
    for v in visits {
        let Some(date) = v.text("date").and_then(parse_iso_date).filter(|d| (from..=to).contains(d)) else {
            continue;
        };
        let reference = || VisitRef {
            id: v.id.clone(),
            customer_id: v.text_or_empty("customer_id").to_string(),
            customer: name_of(v.text_or_empty("customer_id")),
            date,
            kind: v.text_or_empty("kind").to_string(),
            status: v.text_or_empty("status").to_string(),
        };
        let held = v.text("status") == Some("done");
        if planned_ahead(v, date) {
            f.planned += 1;
            if held {
                f.planned_held += 1;
            } else if date < today || v.text("status") == Some("cancelled") {
                // A plan for today (or later) is still to come; a cancelled
                // one will not happen, whatever its day in the week.
                f.not_held.push(reference());
            }
        }
        if !held {
            continue;
        }
        contacted.insert(v.text_or_empty("customer_id").to_string());
        if v.text("kind") == Some("call") {
            f.calls_held += 1;
        } else {
            f.visits_held += 1;
        }
        match v.text("outcome") {
            Some("met") => f.goals_met += 1,
            Some("partly") => f.goals_partly += 1,
            Some("not_met") => f.goals_not_met += 1,
            _ => f.goals_unlogged += 1,
        }
        if super::visit::logged_late(v) {
            f.late_logs.push(reference());
        }
    }
    for fu in followups {
        let day = |field: &str| fu.text(field).and_then(parse_iso_date);
        let made_on = made_on(fu, made);
        // Made after the day the facts stand at: not there then. A past
        // week's figures do not change when follow-ups are generated later
        // with due days in it.
        if made_on.is_some_and(|d| d > as_of) {
            continue;
        }
        if made_on.is_some_and(|d| (from..=to).contains(&d)) {
            f.followups_made += 1;
        }
        let done_on = day("done_on").filter(|_| fu.text("status") == Some("done"));
        if done_on.is_some_and(|d| (from..=to).contains(&d)) {
            f.followups_closed += 1;
        }
        // Open at the end of `as_of`: still active, or done only later.
        let open_then = super::followup::is_active(fu) || done_on.is_some_and(|d| d > as_of);
        if open_then && day("due").is_some_and(|d| d <= as_of) {
            f.followups_overdue += 1;
        }
    }
    (f.compliance, f.a_without_contact) =
        compliance(customers, &contacted, super::cadence::period_phase(from, as_of, today));
    f.not_held.sort_by(|a, b| (a.date, &a.customer, &a.id).cmp(&(b.date, &b.customer, &b.id)));
    f.late_logs.sort_by(|a, b| (a.date, &a.customer, &a.id).cmp(&(b.date, &b.customer, &b.id)));
    f
}

/// The day a record was made: the day in its id (a UUIDv7, the demo's
/// history too), else the day `made` gives (its insert in the change log),
/// else unknown (counted as always there).
pub fn made_on<S: std::hash::BuildHasher>(e: &Entity, made: &HashMap<String, NaiveDate, S>) -> Option<NaiveDate> {
    super::entity::created_on(&e.id).or_else(|| made.get(&e.id).copied())
}

/// Compliance per class, A to C ([`Standing::norm_state`] in the week's
/// `phase`), and the A customers not in `contacted`, by name.
fn compliance(
    customers: &[Standings],
    contacted: &std::collections::HashSet<String>,
    phase: super::cadence::Phase,
) -> (Vec<Compliance>, Vec<(String, String)>) {
    let mut out = Vec::new();
    let mut a_without_contact = Vec::new();
    for class in [Class::A, Class::B, Class::C] {
        let of_class: Vec<&Standings> = customers.iter().filter(|c| c.tier.class() == class).collect();
        let count = |state: NormState| {
            let n = of_class.iter().filter(|c| c.standing.norm_state(phase) == state).count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        out.push(Compliance {
            class,
            customers: u32::try_from(of_class.len()).unwrap_or(u32::MAX),
            met: count(NormState::Met),
            pending: count(NormState::Pending),
        });
        // A week not begun has not failed to contact anyone yet.
        if class == Class::A && phase != super::cadence::Phase::Ahead {
            a_without_contact = of_class
                .iter()
                .filter(|c| !contacted.contains(&c.id))
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect();
            a_without_contact.sort_by(|a: &(String, String), b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        }
    }
    (out, a_without_contact)
}

#[cfg(test)]
#[path = "week_review_tests.rs"]
mod tests;
