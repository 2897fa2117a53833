//! The weekly work plan and the week's facts (issue 10 §1–2), gathered for
//! the pure builders in `domain::week_plan` and `domain::week_review`; and
//! accepting a suggestion, which plans a visit the way `repbook visit plan`
//! does.

use super::{RecordQuery, Store};
use crate::config::Cadence;
use crate::domain::schema::{FOLLOWUP, OPPORTUNITY, VISIT};
use crate::domain::week_plan::{Candidate, Facts, Lead, WeekPlan, suggestions};
use crate::domain::week_review::{Standings, WeekFacts, WeekInput, week_facts};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

/// A suggestion accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The planned visit made.
    pub visit_id: String,
    /// Its customer's name.
    pub customer: String,
    /// Its day.
    pub day: NaiveDate,
    /// `visit` or `call`.
    pub kind: &'static str,
    /// Morning or afternoon.
    pub slot: crate::domain::week_plan::Slot,
    /// The time it was planned at (`09:30`), if any.
    pub time: Option<String>,
}

impl Accepted {
    /// When on its day, as said: the time planned, else the slot.
    pub fn when(&self) -> String {
        self.time.clone().unwrap_or_else(|| self.slot.label().to_string())
    }
}

impl Store {
    /// The visits and calls of live customers dated in `from..=to`, any
    /// status, by day and time.
    fn visits_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<crate::domain::entity::Entity>> {
        self.records(&VISIT, &RecordQuery { from: Some(from), to: Some(to), ..RecordQuery::default() })
    }

    /// The weekly plan of the week starting `monday` (any day of it will
    /// do), as of `today`: the visits and calls dated in it and the
    /// suggestions, numbered.
    pub fn week_plan(
        &self,
        cadence: &Cadence,
        currency: &str,
        monday: NaiveDate,
        today: NaiveDate,
    ) -> Result<WeekPlan> {
        let (monday, sunday) = crate::domain::period::week_of(monday);
        let items = self.visits_between(monday, sunday)?;
        let standings = self.standings(cadence, today)?;
        let customers: Vec<Candidate> = standings
            .iter()
            .map(|s| Candidate {
                id: s.id.clone(),
                name: s.name.clone(),
                tier: s.tier,
                visit_due: s.standing.visits.due_on,
                call_due: s.standing.calls.due_on,
                never_contacted: s.standing.visits.last.is_none() && s.standing.calls.last.is_none(),
            })
            .collect();
        // A visit or call planned between tomorrow and the week will have
        // reset its customer's clock by then: no suggestion for it. (One
        // planned today may already be past without a log: not counted.)
        let before: Vec<crate::domain::entity::Entity> = match (today.succ_opt(), monday.pred_opt()) {
            (Some(tomorrow), Some(eve)) if tomorrow <= eve => self.visits_between(tomorrow, eve)?,
            _ => Vec::new(),
        };
        let busy: BTreeSet<String> = items
            .iter()
            .filter(|v| matches!(v.text("status"), Some("planned" | "done")))
            .chain(before.iter().filter(|v| v.text("status") == Some("planned")))
            .map(|v| v.text_or_empty("customer_id").to_string())
            .collect();
        let unpaid = crate::domain::figures::unpaid(&self.trade_facts(today)?, today);
        let followups = self.active_followups()?;
        let planned: Vec<NaiveDate> = items
            .iter()
            .filter(|v| v.text("status") == Some("planned"))
            .filter_map(|v| v.text("date").and_then(crate::domain::fields::parse_iso_date))
            .collect();
        let leads = self.leads()?;
        let facts = Facts {
            leads: &leads,
            customers: &customers,
            followups: &followups,
            unpaid: &unpaid,
            busy: &busy,
            planned: &planned,
            currency,
        };
        let suggestions = suggestions(monday, today, facts);
        let all: HashMap<&str, &str> = standings.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
        let names = items
            .iter()
            .filter_map(|v| {
                let id = v.text_or_empty("customer_id");
                all.get(id).map(|n| (id.to_string(), (*n).to_string()))
            })
            .collect();
        let carried = self.carried_acts(monday)?;
        let week = crate::domain::period::iso_week_label(monday);
        let key_customers = standings.iter().filter(|s| s.tier.class() != crate::domain::classify::Class::C).count();
        let over = sunday < today;
        Ok(WeekPlan { week, monday, sunday, items, names, suggestions, carried, key_customers, over })
    }

    /// The open opportunities as the suggestions need them: a stage in
    /// the second half of the configured buying process asks for a quote.
    fn leads(&self) -> Result<Vec<Lead>> {
        let stages = self.stages();
        let n = stages.names().len();
        let all = self.records(&OPPORTUNITY, &RecordQuery::default())?;
        Ok(all
            .iter()
            .filter(|o| crate::domain::opportunity::is_open(o))
            .map(|o| {
                let product = o.text("product").filter(|p| !p.trim().is_empty());
                let at = stages.index(o.text_or_empty("funnel_stage")).unwrap_or(0);
                Lead {
                    customer_id: o.text_or_empty("customer_id").to_string(),
                    what: product.unwrap_or_else(|| o.text_or_empty("need")).to_string(),
                    late: at * 2 >= n && n > 1,
                }
            })
            .collect())
    }

    /// Accept suggestion `number` of the week starting `monday`: plan a
    /// visit (or call) to its customer on `day` (default: the suggested
    /// day), with the defaults of every new visit, as `repbook visit plan`
    /// does. The day must fall in the week. The visit can be deleted (and
    /// restored) like any other, and `u` takes it back in the interface.
    pub fn accept_suggestion(
        &mut self,
        cadence: &Cadence,
        currency: &str,
        monday: NaiveDate,
        number: usize,
        day: Option<NaiveDate>,
    ) -> Result<Accepted> {
        let today = self.clock().today();
        let plan = self.week_plan(cadence, currency, monday, today)?;
        let s = plan
            .suggestion(number)
            .ok_or_else(|| {
                Error::invalid(
                    "plan.no_suggestion",
                    &[("n", &number), ("week", &plan.week), ("count", &plan.suggestions.len())],
                )
            })?
            .clone();
        let day = day.unwrap_or(s.day);
        if !(plan.monday..=plan.sunday).contains(&day) {
            return Err(Error::invalid(
                "plan.day_outside_week",
                &[("date", &day), ("week", &plan.week), ("from", &plan.monday), ("to", &plan.sunday)],
            ));
        }
        let now = self
            .clock()
            .local(self.clock().now().timestamp_millis())
            .unwrap_or_else(|| day.and_time(chrono::NaiveTime::default()));
        let time = s.planned_time(day, now, &plan.items);
        let mut values = s.visit_values(day, time);
        let slot = time.map_or(s.slot, crate::domain::week_plan::Slot::of);
        crate::domain::defaults::fill(VISIT.name, today, &mut values);
        let visit_id = self.write(|w| w.insert(&VISIT, &values))?;
        let time = values.iter().find(|(f, _)| *f == "time").and_then(|(_, v)| v.as_text().map(str::to_string));
        Ok(Accepted { visit_id, customer: s.name, day, kind: s.kind, slot, time })
    }

    /// Do and Check of the week starting `monday` (any day of it will do),
    /// as of `today`: the facts stand at its Sunday, or at today in the
    /// week under way.
    pub fn week_review(&self, cadence: &Cadence, monday: NaiveDate, today: NaiveDate) -> Result<WeekFacts> {
        let (from, to) = crate::domain::period::week_of(monday);
        let as_of = to.min(today);
        let visits = self.visits_between(from, to)?;
        let followups = self.records(&FOLLOWUP, &RecordQuery::default())?;
        let made = self.made_days(&FOLLOWUP)?;
        let customers: Vec<Standings> = self
            .standings_on(cadence, as_of)?
            .into_iter()
            .map(|(s, _)| Standings { id: s.id, name: s.name, tier: s.tier, standing: s.standing })
            .collect();
        let names = self.customer_names()?;
        let figures = self.figures(from, to)?;
        Ok(week_facts(
            WeekInput {
                from,
                to,
                as_of,
                today,
                visits: &visits,
                followups: &followups,
                made: &made,
                customers: &customers,
                names: &names,
            },
            figures,
        ))
    }

    /// The day each record of `table` whose id does not tell it was made
    /// (ids derived from a source: generated follow-ups) had its insert
    /// recorded, on the rep's clock ([`crate::domain::week_review::made_on`]
    /// reads the others' day from their id).
    pub fn made_days(&self, table: &'static crate::domain::schema::Table) -> Result<HashMap<String, NaiveDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.uuid, min(l.hlc) FROM change_log l JOIN col_ref c ON c.n = l.col JOIN row_ref r ON r.n = l.row
             WHERE c.tbl = ?1 AND c.col = '_insert' GROUP BY l.row",
        )?;
        let rows = stmt
            .query_map([table.name], |r| Ok((super::ids::key_id(r.get_ref(0)?), r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let clock = self.clock();
        Ok(rows
            .into_iter()
            .filter(|(id, _)| crate::domain::entity::created_on(id).is_none())
            .filter_map(|(id, hlc)| clock.local(crate::hlc::Hlc::from_i64(hlc).millis()).map(|t| (id, t.date())))
            .collect())
    }
}
