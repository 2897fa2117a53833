//! A week's review as the rep keeps it (issue 10 §2–§4, DOMAIN.md §7): the
//! four parts Plan / Do / Check / Act put together from the stored review,
//! its Act items, last week's Act items carried into this week's plan and
//! the facts of the week ([`super::week_review`]). Pure: the store gathers,
//! the CLI and the screen show the same [`Review`].
//!
//! A closed review is kept as written: its facts and its work plan are
//! frozen (JSON in `week_review.frozen`) and shown instead of the live ones,
//! so later edits to the data do not change it. Reopening drops the frozen
//! copy; closing again freezes the facts as they then stand.

use super::entity::Entity;
use super::week_review::WeekFacts;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One visit or call of the week's work plan, as the review shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    /// The visit.
    pub id: String,
    /// The day.
    pub date: String,
    /// Rough time, if any.
    pub time: String,
    /// `visit` or `call`.
    pub kind: String,
    /// `planned`, `done`, `cancelled`.
    pub status: String,
    /// The customer's name.
    pub customer: String,
    /// Purposes (stored values, comma separated).
    pub purposes: String,
    /// The goal.
    pub goal: String,
}

impl PlanLine {
    /// The line of a visit, its customer named from `names`.
    pub fn of(v: &Entity, names: &HashMap<String, String>) -> Self {
        let text = |f: &str| v.text_or_empty(f).to_string();
        Self {
            id: v.id.clone(),
            date: text("date"),
            time: text("time"),
            kind: text("kind"),
            status: text("status"),
            customer: names.get(v.text_or_empty("customer_id")).cloned().unwrap_or_default(),
            purposes: text("purposes"),
            goal: text("goal"),
        }
    }
}

/// What a closed review keeps: its facts and its work plan as they stood.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Frozen {
    /// Do and Check.
    pub facts: WeekFacts,
    /// The week's visits and calls.
    pub plan: Vec<PlanLine>,
    /// The pictures' twelve weeks (absent from reviews closed before
    /// they were kept).
    #[serde(default)]
    pub trend: Option<super::review_trend::Trend>,
}

/// An Act item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActItem {
    /// Its number in the week's list, from 1.
    pub number: usize,
    /// Its id.
    pub id: String,
    /// What to change.
    pub what: String,
    /// The customer it concerns, if any.
    pub customer_id: Option<String>,
    /// That customer's name.
    pub customer: Option<String>,
    /// The follow-up made of it.
    pub followup_id: Option<String>,
    /// Carried into the next week's plan.
    pub carried: bool,
}

impl ActItem {
    /// The item of a stored record, numbered `number`.
    pub fn of<S: std::hash::BuildHasher>(e: &Entity, number: usize, names: &HashMap<String, String, S>) -> Self {
        let customer_id = e.text("customer_id").map(str::to_string);
        Self {
            number,
            id: e.id.clone(),
            what: e.text_or_empty("change").to_string(),
            customer: customer_id.as_ref().and_then(|c| names.get(c).cloned()),
            customer_id,
            followup_id: e.text("followup_id").map(str::to_string),
            carried: matches!(e.get("carried"), super::fields::Value::Bool(true)),
        }
    }
}

/// A week's review: the four parts.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// `2026-W48`.
    pub week: String,
    /// Monday.
    pub monday: NaiveDate,
    /// Sunday.
    pub sunday: NaiveDate,
    /// The stored review, once anything was written for the week.
    pub id: Option<String>,
    /// Plan: the week's goals, as the rep wrote them.
    pub goals: String,
    /// Plan: last week's Act items carried into this week.
    pub carried: Vec<ActItem>,
    /// Plan: the week's visits and calls (frozen with a closed review).
    pub plan: Vec<PlanLine>,
    /// Do and Check from the data (frozen with a closed review).
    pub facts: WeekFacts,
    /// Check: what worked.
    pub worked: String,
    /// Check: what did not, and why.
    pub not_worked: String,
    /// Act: what to change.
    pub acts: Vec<ActItem>,
    /// Closed: kept as written.
    pub closed: bool,
    /// Closed, but its frozen copy could not be read: the live facts are
    /// shown instead.
    pub frozen_unreadable: bool,
    /// The pictures' twelve weeks as they stood at closing, for a closed
    /// review.
    #[serde(skip)]
    pub frozen_trend: Option<super::review_trend::Trend>,
}

/// What a week's review is made of.
pub struct ReviewInput<'a> {
    /// The stored review of the week, if any.
    pub stored: Option<&'a Entity>,
    /// Its live Act items, in the order made.
    pub acts: &'a [Entity],
    /// Last week's live Act items, in the order made.
    pub last_acts: &'a [Entity],
    /// The week's facts as they stand now.
    pub facts: WeekFacts,
    /// The week's visits and calls as they stand now.
    pub plan: Vec<PlanLine>,
    /// Customer names by id.
    pub names: &'a HashMap<String, String>,
}

/// Put the review together; a closed one shows its frozen facts and plan.
pub fn assemble(input: ReviewInput<'_>) -> Review {
    let ReviewInput { stored, acts, last_acts, facts, plan, names } = input;
    let text = |f: &str| stored.map(|e| e.text_or_empty(f).to_string()).unwrap_or_default();
    let closed = stored.is_some_and(|e| matches!(e.get("closed"), super::fields::Value::Bool(true)));
    let frozen: Option<Frozen> =
        if closed { stored.and_then(|e| e.text("frozen")).and_then(|j| serde_json::from_str(j).ok()) } else { None };
    let frozen_unreadable = closed && frozen.is_none();
    let (facts, plan, frozen_trend) = match frozen {
        Some(mut f) => {
            // Frozen figures keep their numbers; their words are the
            // reader's (the stages' labels, in the active language).
            f.facts.figures.funnel.relabel();
            (f.facts, f.plan, f.trend)
        }
        None => (facts, plan, None),
    };
    let items = |list: &[Entity]| -> Vec<ActItem> {
        list.iter().enumerate().map(|(i, e)| ActItem::of(e, i + 1, names)).collect()
    };
    Review {
        week: facts.week.clone(),
        monday: facts.from,
        sunday: facts.to,
        id: stored.map(|e| e.id.clone()),
        goals: text("goals"),
        carried: carried(last_acts, names),
        plan,
        worked: text("worked"),
        not_worked: text("not_worked"),
        acts: items(acts),
        closed,
        frozen_unreadable,
        frozen_trend,
        facts,
    }
}

/// Last week's Act items (`last_acts`, live, in the order made) carried
/// into this week's plan, numbered as in last week's list: the review's
/// Plan and the weekly plan show the same.
pub fn carried<S: std::hash::BuildHasher>(last_acts: &[Entity], names: &HashMap<String, String, S>) -> Vec<ActItem> {
    last_acts.iter().enumerate().map(|(i, e)| ActItem::of(e, i + 1, names)).filter(|a| a.carried).collect()
}

/// Whether the week starting `monday` can be closed on `today`: once it
/// has begun (a review of what has not happened yet is refused).
pub fn can_close(monday: NaiveDate, today: NaiveDate) -> bool {
    monday <= today
}

/// Whether the week starting `monday` is over on `today` (its Sunday has
/// passed): closing one that is not keeps its figures as they stand today.
pub fn is_over(monday: NaiveDate, today: NaiveDate) -> bool {
    monday.checked_add_signed(chrono::Duration::days(6)).is_none_or(|sunday| sunday < today)
}

/// When a follow-up made of an Act item of the week starting `monday` is
/// due by default: the next week's Monday, or today when that has passed.
pub fn followup_due(monday: NaiveDate, today: NaiveDate) -> NaiveDate {
    monday.checked_add_signed(chrono::Duration::weeks(1)).map_or(today, |next| next.max(today))
}

/// A week in the list of reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewState {
    /// `2026-W48`.
    pub week: String,
    /// Closed.
    pub closed: bool,
    /// Check notes written (what worked, what did not).
    pub notes: bool,
    /// Goals written.
    pub goals: bool,
    /// Live Act items.
    pub acts: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Value;
    use crate::domain::schema::{REVIEW_ACT, WEEK_REVIEW};
    use crate::domain::week_review::{WeekInput, week_facts};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn entity(table: &'static crate::domain::schema::Table, id: &str, fields: &[(&'static str, Value)]) -> Entity {
        Entity { table, id: id.into(), alive: true, updated_ms: 0, values: fields.iter().cloned().collect() }
    }

    fn facts(from: NaiveDate) -> WeekFacts {
        let names = HashMap::new();
        let to = from + chrono::Duration::days(6);
        let input = WeekInput {
            from,
            to,
            as_of: to,
            today: to,
            visits: &[],
            followups: &[],
            customers: &[],
            names: &names,
            made: &std::collections::HashMap::new(),
        };
        week_facts(input, crate::domain::figures::Figures::default())
    }

    #[test]
    fn a_closed_review_shows_its_frozen_facts_not_the_live_ones() {
        let monday = d(2026, 11, 23);
        let mut then = facts(monday);
        then.visits_held = 7;
        let line = PlanLine {
            id: "v".into(),
            date: "2026-11-24".into(),
            time: String::new(),
            kind: "visit".into(),
            status: "done".into(),
            customer: "甲".into(),
            purposes: String::new(),
            goal: String::new(),
        };
        let frozen =
            serde_json::to_string(&Frozen { facts: then, plan: vec![line.clone()], trend: None }).unwrap_or_default();
        let stored = entity(
            &WEEK_REVIEW,
            "r",
            &[
                ("week", Value::Text("2026-W48".into())),
                ("worked", Value::Text("早上电话".into())),
                ("closed", Value::Bool(true)),
                ("frozen", Value::Text(frozen)),
            ],
        );
        let names = HashMap::from([("c".to_string(), "乙".to_string())]);
        let acts = [entity(
            &REVIEW_ACT,
            "a1",
            &[
                ("review_id", Value::Text("r".into())),
                ("change", Value::Text("周一先打电话".into())),
                ("customer_id", Value::Text("c".into())),
                ("carried", Value::Bool(true)),
            ],
        )];
        let input = ReviewInput {
            stored: Some(&stored),
            acts: &acts,
            last_acts: &acts,
            facts: facts(monday),
            plan: vec![],
            names: &names,
        };
        let r = assemble(input);
        assert!(r.closed && !r.frozen_unreadable);
        assert_eq!(r.facts.visits_held, 7, "the frozen figure, not today's 0");
        assert_eq!(r.plan, [line]);
        assert_eq!(r.worked, "早上电话");
        assert_eq!(r.acts[0].customer.as_deref(), Some("乙"));
        assert_eq!(r.carried.len(), 1);
        // Reopened: the live facts again.
        let open =
            entity(&WEEK_REVIEW, "r", &[("week", Value::Text("2026-W48".into())), ("closed", Value::Bool(false))]);
        let input = ReviewInput {
            stored: Some(&open),
            acts: &[],
            last_acts: &[],
            facts: facts(monday),
            plan: vec![],
            names: &names,
        };
        assert_eq!(assemble(input).facts.visits_held, 0);
    }

    #[test]
    fn a_closed_review_whose_copy_is_unreadable_says_so() {
        let stored = entity(
            &WEEK_REVIEW,
            "r",
            &[
                ("week", Value::Text("2026-W48".into())),
                ("closed", Value::Bool(true)),
                ("frozen", Value::Text("{".into())),
            ],
        );
        let names = HashMap::new();
        let input = ReviewInput {
            stored: Some(&stored),
            acts: &[],
            last_acts: &[],
            facts: facts(d(2026, 11, 23)),
            plan: vec![],
            names: &names,
        };
        let r = assemble(input);
        assert!(r.closed && r.frozen_unreadable);
    }

    #[test]
    fn an_act_follow_up_is_due_next_monday_or_today() {
        assert_eq!(followup_due(d(2026, 11, 23), d(2026, 11, 27)), d(2026, 11, 30));
        assert_eq!(followup_due(d(2026, 12, 28), d(2027, 1, 1)), d(2027, 1, 4), "across the year from W53");
        assert_eq!(followup_due(d(2026, 11, 2), d(2026, 11, 27)), d(2026, 11, 27));
    }

    #[test]
    fn a_week_is_over_once_its_sunday_has_passed() {
        assert!(!is_over(d(2026, 11, 23), d(2026, 11, 23)), "its Monday");
        assert!(!is_over(d(2026, 11, 23), d(2026, 11, 29)), "its Sunday");
        assert!(is_over(d(2026, 11, 23), d(2026, 11, 30)));
        assert!(is_over(d(2026, 12, 28), d(2027, 1, 4)), "W53 across the year");
    }

    #[test]
    fn only_a_week_begun_can_be_closed() {
        assert!(can_close(d(2026, 11, 23), d(2026, 11, 23)));
        assert!(!can_close(d(2026, 11, 30), d(2026, 11, 29)));
    }
}
