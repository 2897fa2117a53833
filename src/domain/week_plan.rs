//! The weekly work plan (周工作计划, issue 10 §1): the visits and calls
//! planned for an ISO week, and suggestions the rep can accept with one key —
//! A and B customers whose contact norms fall due that week (the standings
//! Today uses), follow-ups due by the week's end, and unpaid order amounts
//! falling due in it. Pure: the store gathers the facts.

use super::cadence::NormKind;
use super::classify::{Class, Tier};
use super::entity::Entity;
use super::fields::Value;
use super::figures::Unpaid;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[path = "week_plan_reason.rs"]
mod reason;
pub use reason::{Lead, Reason, Slot, free_time, is_call, resources, time_for};

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
    /// first day still to come, moved to a later working day when that
    /// one is full (see [`suggestions`]).
    pub day: NaiveDate,
    /// Morning or afternoon of that day.
    pub slot: Slot,
    /// What for, one reason after another, in the reader's
    /// language: the planned visit's goal.
    pub purpose: String,
    /// What to bring, in the reader's language, from what it is for
    /// ([`resources`]); the rep adds a car or a colleague.
    pub resources: String,
    /// `visit` or `call`: a call when a call norm is owed and nothing calls
    /// for going there ([`is_call`]).
    pub kind: &'static str,
    /// Why, earliest first.
    pub reasons: Vec<Reason>,
    /// Kept on its day when the week's load is spread (a birthday).
    pub pinned: bool,
}

impl Suggestion {
    /// The purposes a visit made from it gets (stored values).
    pub fn purposes(&self) -> Vec<&'static str> {
        // An amount to collect is the purpose then, not keeping the
        // relationship.
        if self.reasons.iter().any(|r| matches!(r, Reason::Payment { .. })) {
            return vec!["collect_payment"];
        }
        if self.reasons.iter().any(|r| matches!(r, Reason::Cadence { .. })) {
            return vec!["keep_relationship"];
        }
        Vec::new()
    }

    /// The time it is planned at when accepted for `day`, among `items`
    /// (the week's visits and calls): the first free time from its slot's
    /// ([`free_time`] against the day's planned ones), so two accepted for
    /// one day never share a time. `now` is the rep's wall clock.
    pub fn planned_time(
        &self,
        day: NaiveDate,
        now: chrono::NaiveDateTime,
        items: &[Entity],
    ) -> Option<chrono::NaiveTime> {
        let busy: Vec<(chrono::NaiveTime, bool)> = items
            .iter()
            .filter(|v| {
                v.text("status") == Some("planned")
                    && v.text("date").and_then(super::fields::parse_iso_date) == Some(day)
            })
            .filter_map(|v| {
                let time = chrono::NaiveTime::parse_from_str(v.text("time")?, "%H:%M").ok()?;
                Some((time, v.text("kind") == Some("call")))
            })
            .collect();
        free_time(self.slot, self.kind == "call", day, now, &busy)
    }

    /// The fields of the planned visit accepting it makes: its rough time
    /// ([`Suggestion::planned_time`]), its goal the purpose; the store adds
    /// the defaults of a new visit.
    pub fn visit_values(&self, day: NaiveDate, time: Option<chrono::NaiveTime>) -> Vec<(&'static str, Value)> {
        let mut values = vec![
            ("customer_id", Value::Text(self.customer_id.clone())),
            ("kind", Value::Text(self.kind.to_string())),
            ("date", Value::Text(day.format("%Y-%m-%d").to_string())),
            ("goal", Value::Text(self.purpose.clone())),
        ];
        if let Some(time) = time {
            values.push(("time", Value::Text(time.format("%H:%M").to_string())));
        }
        if !self.resources.is_empty() {
            values.push(("materials", Value::Text(self.resources.clone())));
        }
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
    /// Never visited nor called.
    pub never_contacted: bool,
}

/// What the week already holds and what the suggestions are made from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// Every live customer (A and B ones are suggested by cadence; the
    /// others name the customers of follow-ups and payments).
    pub customers: &'a [Candidate],
    /// The active follow-ups.
    pub followups: &'a [Entity],
    /// The order amounts unpaid.
    pub unpaid: &'a [Unpaid],
    /// The customers with a visit or call already in the week (planned or
    /// held), or planned after today and before it: they are not suggested.
    pub busy: &'a BTreeSet<String>,
    /// The days of the visits and calls already planned in the week: they
    /// count in each day's load.
    pub planned: &'a [NaiveDate],
    /// The open opportunities: what to bring for them.
    pub leads: &'a [Lead],
    /// The currency sign amounts are written with.
    pub currency: &'a str,
}

/// The suggestions for the week starting `monday`, as of `today`: none for
/// a week that is over. Each gets the earliest working day not before its
/// earliest reason's (overdue ones: the first day still to come) that has
/// room — a day holds at most its share of the week's visits and calls,
/// planned ones counted — else the least loaded one; on each day mornings
/// and afternoons alternate.
pub fn suggestions(monday: NaiveDate, today: NaiveDate, facts: Facts<'_>) -> Vec<Suggestion> {
    let Facts { customers, followups, unpaid, busy, planned, leads, currency } = facts;
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
        if due > sunday || !super::followup::is_active(f) {
            continue;
        }
        let customer = f.text_or_empty("customer_id");
        // A payment follow-up asks for what is left of its order: said as
        // that amount (a visit with the statement of account), once — an
        // amount falling due this week is said by the loop below.
        let order = f.text("ref").filter(|_| f.text("source") == Some("payment")).and_then(|r| r.split(':').nth(1));
        if let Some(u) = order.and_then(|o| unpaid.iter().find(|u| u.id == o)) {
            let owed_on = u.due.unwrap_or(due);
            if !(monday..=sunday).contains(&owed_on) {
                let overdue = owed_on < monday;
                reasons.entry(customer).or_default().push(Reason::Payment { amount: u.amount, due: owed_on, overdue });
            }
            continue;
        }
        let same_amount = f.text("source") == Some("payment")
            && unpaid
                .iter()
                .any(|u| u.customer_id == customer && u.due == Some(due) && (monday..=sunday).contains(&due));
        if same_amount {
            continue;
        }
        reasons.entry(customer).or_default().push(Reason::Followup {
            id: f.id.clone(),
            what: f.title_or_what().to_string(),
            due,
            greeting: f.text("source") == Some("birthday"),
        });
    }
    for u in unpaid {
        if let Some(due) = u.due.filter(|d| (monday..=sunday).contains(d)) {
            reasons.entry(u.customer_id.as_str()).or_default().push(Reason::Payment {
                amount: u.amount,
                due,
                overdue: false,
            });
        }
    }
    let mut out: Vec<Suggestion> = reasons
        .into_iter()
        .filter(|(id, _)| !busy.contains(*id))
        .filter_map(|(id, mut reasons)| {
            let c = by_id.get(id)?;
            reasons.sort_by_key(Reason::day);
            let earliest = reasons.first().map_or(first, Reason::day);
            let of_customer: Vec<&Lead> = leads.iter().filter(|l| l.customer_id == id).collect();
            let purpose = purposes_once(&reasons, c.tier.class(), first, currency);
            let greeting = reason::greeting_day(&reasons).map(|d| d.clamp(first, sunday));
            Some(Suggestion {
                number: 0,
                customer_id: id.to_string(),
                name: c.name.clone(),
                tier: c.tier,
                day: greeting.unwrap_or_else(|| working_day(earliest.clamp(first, sunday), first)),
                slot: Slot::Morning,
                purpose,
                resources: resources(&reasons, &of_customer, c.never_contacted),
                kind: if is_call(&reasons) { "call" } else { "visit" },
                pinned: greeting.is_some(),
                reasons,
            })
        })
        .collect();
    // Most pressing first: the earliest day owed, then the class.
    out.sort_by(|a, b| {
        (a.day, a.tier.class(), &a.name, &a.customer_id).cmp(&(b.day, b.tier.class(), &b.name, &b.customer_id))
    });
    spread(&mut out, first, sunday, planned);
    out.sort_by(|a, b| {
        (a.day, a.slot, a.tier.class(), &a.name, &a.customer_id).cmp(&(
            b.day,
            b.slot,
            b.tier.class(),
            &b.name,
            &b.customer_id,
        ))
    });
    for (i, s) in out.iter_mut().enumerate() {
        s.number = i + 1;
    }
    out
}

/// What the reasons are for, each purpose once (two follow-ups may say the
/// same), one after another.
fn purposes_once(reasons: &[Reason], class: Class, first: NaiveDate, currency: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in reasons.iter().map(|r| r.purpose(class, first, currency)) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out.join(crate::i18n::t("plan.purpose_sep"))
}

/// Give each suggestion (most pressing first, its `day` the one wanted) a
/// day with room and a slot: the working days from `first` to `sunday`
/// (the weekend days only when no working day is left) share the week's
/// load evenly, planned visits and calls counted.
fn spread(out: &mut [Suggestion], first: NaiveDate, sunday: NaiveDate, planned: &[NaiveDate]) {
    use chrono::Datelike;
    let all: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= sunday).collect();
    let working: Vec<NaiveDate> = all.iter().copied().filter(|d| d.weekday().number_from_monday() <= 5).collect();
    let days = if working.is_empty() { all } else { working };
    if days.is_empty() {
        return;
    }
    let mut load: BTreeMap<NaiveDate, usize> = days.iter().map(|d| (*d, 0)).collect();
    for d in planned {
        if let Some(n) = load.get_mut(d) {
            *n += 1;
        }
    }
    let cap = (out.len() + load.values().sum::<usize>()).div_ceil(days.len()).max(1);
    for s in out.iter_mut() {
        let with_room = days.iter().copied().filter(|d| *d >= s.day).find(|d| load.get(d).is_some_and(|n| *n < cap));
        let day = with_room.or_else(|| days.iter().copied().min_by_key(|d| (load.get(d).copied(), *d)));
        // A birthday is greeted on the day, whatever the load.
        let day = if s.pinned { Some(s.day) } else { day };
        let Some(day) = day else { continue };
        let n = load.entry(day).or_default();
        s.day = day;
        s.slot = if n.is_multiple_of(2) { Slot::Morning } else { Slot::Afternoon };
        *n += 1;
    }
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
    /// Last week's Act items carried into this week's plan (`p` in the
    /// review), as the review's Plan shows them.
    pub carried: Vec<super::review::ActItem>,
    /// How many live A and B customers the archive holds (the customers
    /// whose norms the suggestions watch).
    pub key_customers: usize,
    /// The week is over (nothing is suggested for it).
    pub over: bool,
}

/// The items as their fields, and their resources.
fn plan_items<S: serde::Serializer>(items: &[Entity], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for e in items {
        // What the sheets show as resources, beside the fields it comes from.
        let mut json = e.to_json();
        json.insert("resources".into(), serde_json::Value::String(WeekPlan::resources(e)));
        seq.serialize_element(&json)?;
    }
    seq.end()
}

impl WeekPlan {
    /// The catalog key of what to say when there is no suggestion: all is
    /// covered, or there is no A or B customer to suggest from.
    pub fn no_suggestions_key(&self) -> &'static str {
        if self.over {
            "plan.no_suggestions_over"
        } else if self.key_customers == 0 {
            "plan.no_suggestions_no_key"
        } else {
            "plan.no_suggestions"
        }
    }

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
#[path = "week_plan_tests.rs"]
mod tests;
