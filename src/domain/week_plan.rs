//! The weekly work plan (周工作计划, issue 10 §1): the visits and calls
//! planned for an ISO week, and suggestions the rep can accept with one key —
//! A and B customers whose contact norms fall due that week (the standings
//! Today uses), follow-ups due by the week's end, and unpaid order amounts
//! falling due in it. Pure: the store gathers the facts.

use super::cadence::NormKind;
use super::classify::{Class, Tier};
use super::entity::Entity;
use super::fields::{Value, format_money};
use super::figures::Unpaid;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why a customer is suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// A contact norm falls due (or is overdue) by the week's end.
    Cadence {
        /// Visits or calls.
        norm: NormKind,
        /// When the contact is owed.
        due_on: NaiveDate,
    },
    /// An active follow-up is due by the week's end.
    Followup {
        /// The follow-up.
        id: String,
        /// What is to be done.
        what: String,
        /// When.
        due: NaiveDate,
    },
    /// An unpaid order amount falls due in the week.
    Payment {
        /// What is left to pay (minor units).
        amount: i64,
        /// When it is due.
        due: NaiveDate,
    },
}

impl Reason {
    fn day(&self) -> NaiveDate {
        match self {
            Reason::Cadence { due_on, .. } => *due_on,
            Reason::Followup { due, .. } | Reason::Payment { due, .. } => *due,
        }
    }

    /// One line in the active language.
    pub fn describe(&self, currency: &str) -> String {
        use crate::i18n::tf;
        let line = crate::text::one_line;
        match self {
            Reason::Cadence { norm: NormKind::Visits, due_on } => tf("plan.reason_visit_due", &[("date", due_on)]),
            Reason::Cadence { norm: NormKind::Calls, due_on } => tf("plan.reason_call_due", &[("date", due_on)]),
            Reason::Followup { what, due, .. } => tf("plan.reason_followup", &[("what", &line(what)), ("date", due)]),
            Reason::Payment { amount, due } => {
                tf("plan.reason_payment", &[("amount", &format!("{currency}{}", format_money(*amount))), ("date", due)])
            }
        }
    }
}

/// A customer the plan suggests visiting or calling.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// Its number in the plan (1, 2, …): `repbook plan accept N`.
    pub number: usize,
    /// The customer.
    pub customer_id: String,
    /// Its name.
    pub name: String,
    /// Its grade.
    pub tier: Tier,
    /// The day suggested: the earliest reason's, not before the week's
    /// first day still to come.
    pub day: NaiveDate,
    /// `visit` or `call`: a call when only the phone norm is owed.
    pub kind: &'static str,
    /// Why, earliest first.
    pub reasons: Vec<Reason>,
}

impl Suggestion {
    /// The purposes a visit made from it gets (stored values).
    pub fn purposes(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.reasons.iter().any(|r| matches!(r, Reason::Payment { .. })) {
            out.push("collect_payment");
        }
        if self.reasons.iter().any(|r| matches!(r, Reason::Cadence { .. })) {
            out.push("keep_relationship");
        }
        out
    }

    /// The fields of the planned visit accepting it makes (its goal the
    /// reasons, one a line); the store adds the defaults of a new visit.
    pub fn visit_values(&self, day: NaiveDate, currency: &str) -> Vec<(&'static str, Value)> {
        let goal: Vec<String> = self.reasons.iter().map(|r| r.describe(currency)).collect();
        let mut values = vec![
            ("customer_id", Value::Text(self.customer_id.clone())),
            ("kind", Value::Text(self.kind.to_string())),
            ("date", Value::Text(day.format("%Y-%m-%d").to_string())),
            ("goal", Value::Text(goal.join("\n"))),
        ];
        let purposes = self.purposes();
        if !purposes.is_empty() {
            values.push(("purposes", Value::Text(purposes.join(", "))));
        }
        values
    }
}

/// A customer as the suggestions need it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Grade.
    pub tier: Tier,
    /// When its next visit is owed.
    pub visit_due: NaiveDate,
    /// When its next call (or visit) is owed.
    pub call_due: NaiveDate,
}

/// The suggestions for the week starting `monday`, as of `today`: none for
/// a week that is over. `customers` are every live customer (A and B ones
/// are suggested by cadence; the others name the customers of follow-ups
/// and payments); `followups` are the active ones; `unpaid` the order
/// amounts unpaid; `busy` the customers with a visit or call already in the
/// week (planned or held): they are not suggested again.
pub fn suggestions(
    monday: NaiveDate,
    today: NaiveDate,
    customers: &[Candidate],
    followups: &[Entity],
    unpaid: &[Unpaid],
    busy: &BTreeSet<String>,
) -> Vec<Suggestion> {
    let sunday = monday + Duration::days(6);
    let first = monday.max(today);
    if first > sunday {
        return Vec::new();
    }
    let by_id: HashMap<&str, &Candidate> = customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut reasons: BTreeMap<&str, Vec<Reason>> = BTreeMap::new();
    for c in customers.iter().filter(|c| matches!(c.tier.class(), Class::A | Class::B)) {
        for (norm, due_on) in [(NormKind::Visits, c.visit_due), (NormKind::Calls, c.call_due)] {
            // A visit owed covers the call owed the same week.
            let covered = norm == NormKind::Calls && c.visit_due <= sunday;
            if due_on <= sunday && !covered {
                reasons.entry(c.id.as_str()).or_default().push(Reason::Cadence { norm, due_on });
            }
        }
    }
    for f in followups {
        let Some(due) = f.text("due").and_then(super::fields::parse_iso_date) else { continue };
        if due <= sunday && super::followup::is_active(f) {
            reasons.entry(f.text_or_empty("customer_id")).or_default().push(Reason::Followup {
                id: f.id.clone(),
                what: f.title_or_what().to_string(),
                due,
            });
        }
    }
    for u in unpaid {
        if let Some(due) = u.due.filter(|d| (monday..=sunday).contains(d)) {
            reasons.entry(u.customer_id.as_str()).or_default().push(Reason::Payment { amount: u.amount, due });
        }
    }
    let mut out: Vec<Suggestion> = reasons
        .into_iter()
        .filter(|(id, _)| !busy.contains(*id))
        .filter_map(|(id, mut reasons)| {
            let c = by_id.get(id)?;
            reasons.sort_by_key(Reason::day);
            let earliest = reasons.first().map_or(first, Reason::day);
            let only_calls = reasons.iter().all(|r| matches!(r, Reason::Cadence { norm: NormKind::Calls, .. }));
            Some(Suggestion {
                number: 0,
                customer_id: id.to_string(),
                name: c.name.clone(),
                tier: c.tier,
                day: working_day(earliest.clamp(first, sunday), first),
                kind: if only_calls { "call" } else { "visit" },
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.day, a.tier.class(), &a.name, &a.customer_id).cmp(&(b.day, b.tier.class(), &b.name, &b.customer_id))
    });
    for (i, s) in out.iter_mut().enumerate() {
        s.number = i + 1;
    }
    out
}

/// `day`, or the Friday before it when it falls on a weekend (reps are
/// not sent out on Saturdays and Sundays), unless that Friday is before
/// `first`.
fn working_day(day: NaiveDate, first: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let back = i64::from(day.weekday().number_from_monday().saturating_sub(5));
    let friday = day - Duration::days(back);
    if friday >= first { friday } else { day }
}

/// The weekly plan of an ISO week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekPlan {
    /// `2026-W48`.
    pub week: String,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Its Sunday.
    pub sunday: NaiveDate,
    /// The visits and calls dated in the week (any status), by day and time.
    #[serde(serialize_with = "plan_items")]
    pub items: Vec<Entity>,
    /// Customer names by id, for the items.
    pub names: HashMap<String, String>,
    /// What to add, numbered.
    pub suggestions: Vec<Suggestion>,
}

/// The items as their fields.
fn plan_items<S: serde::Serializer>(items: &[Entity], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for e in items {
        seq.serialize_element(&e.to_json())?;
    }
    seq.end()
}

impl WeekPlan {
    /// The suggestion numbered `n`.
    pub fn suggestion(&self, n: usize) -> Option<&Suggestion> {
        self.suggestions.iter().find(|s| s.number == n)
    }

    /// The resources a plan item needs: who comes along and what to bring.
    pub fn resources(item: &Entity) -> String {
        [item.text("who"), item.text("materials")]
            .into_iter()
            .flatten()
            .map(|t| crate::text::one_line(t).into_owned())
            .filter(|t| !t.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    fn cand(id: &str, tier: &str, visit_due: NaiveDate, call_due: NaiveDate) -> Candidate {
        Candidate {
            id: id.into(),
            name: id.to_uppercase(),
            tier: Tier::parse(tier).unwrap_or(Tier::C),
            visit_due,
            call_due,
        }
    }

    #[test]
    fn a_and_b_customers_due_by_the_weeks_end_are_suggested_once_each() {
        let monday = d(11, 23);
        let customers = [
            cand("a", "A1", d(11, 25), d(11, 24)),  // visit owed Wednesday (covers the call)
            cand("b", "B2", d(12, 20), d(11, 27)),  // only a call owed
            cand("c", "C1", d(11, 1), d(11, 1)),    // C: never by cadence
            cand("late", "A2", d(11, 2), d(11, 2)), // overdue: Monday
            cand("busy", "A1", d(11, 24), d(11, 24)),
        ];
        let unpaid = [
            Unpaid { customer_id: "c".into(), ordered: d(10, 1), due: Some(d(11, 26)), amount: 12_000 },
            Unpaid { customer_id: "b".into(), ordered: d(10, 1), due: Some(d(12, 26)), amount: 500 },
        ];
        let busy: BTreeSet<String> = ["busy".to_string()].into();
        let s = suggestions(monday, d(11, 22), &customers, &[], &unpaid, &busy);
        let got: Vec<(usize, &str, NaiveDate, &str)> =
            s.iter().map(|s| (s.number, s.customer_id.as_str(), s.day, s.kind)).collect();
        assert_eq!(
            got,
            vec![
                (1, "late", d(11, 23), "visit"),
                (2, "a", d(11, 25), "visit"),
                (3, "c", d(11, 26), "visit"),
                (4, "b", d(11, 27), "call"),
            ]
        );
        assert_eq!(s[0].reasons.len(), 1, "the visit owed covers the call");
        assert_eq!(s[2].purposes(), vec!["collect_payment"]);
        // In the week under way the days already gone are not suggested.
        let s = suggestions(monday, d(11, 26), &customers, &[], &unpaid, &busy);
        assert!(s.iter().all(|s| s.day >= d(11, 26)));
        // A week that is over has none.
        assert!(suggestions(monday, d(11, 30), &customers, &[], &unpaid, &busy).is_empty());
    }
}
