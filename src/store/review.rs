//! Week reviews (issue 10 §2–§4): reading a week's review with its facts,
//! the list of reviews, and the writes the CLI and the screen share —
//! goals and Check notes, Act items, an Act item made a follow-up or
//! carried into next week's plan, closing (freezing the figures) and
//! reopening. Every write goes through [`Writer`], so undo, the Trash,
//! history and sync see it.

use super::archive::{from_row_pub, load};
use super::changes::Writer;
use super::{Snapshot, Store};
use crate::config::Cadence;
use crate::domain::entity::Entity;
use crate::domain::fields::Value;
use crate::domain::period;
use crate::domain::review::{self, Frozen, PlanLine, Review, ReviewInput, ReviewState};
use crate::domain::schema::{CUSTOMER, FOLLOWUP, REVIEW_ACT, Table, WEEK_REVIEW};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

fn select(conn: &Connection, table: &'static Table, filter: &str, arg: &str) -> Result<Vec<Entity>> {
    let cols: String = table.fields.iter().map(|f| format!(", {}", f.name)).collect();
    let sql = format!("SELECT id, cl, updated_ms{cols} FROM {} WHERE cl % 2 = 1 AND {filter} ORDER BY id", table.name);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([arg], |r| from_row_pub(table, r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live review of a week, if any.
pub(super) fn stored(conn: &Connection, week: &str) -> Result<Option<Entity>> {
    Ok(select(conn, &WEEK_REVIEW, "week = ?1", week)?.into_iter().next())
}

/// The live Act items of a week's review, in the order made. An item that
/// named no customer when it was made a follow-up names the follow-up's
/// customer (chosen then): a record's customer link is never changed
/// (`error.move_record`), so the item reads it through its follow-up.
fn acts_of(conn: &Connection, week: &str) -> Result<Vec<Entity>> {
    let Some(r) = stored(conn, week)? else { return Ok(Vec::new()) };
    let mut acts = select(conn, &REVIEW_ACT, "review_id = ?1", &r.id)?;
    for a in acts.iter_mut().filter(|a| a.text("customer_id").is_none()) {
        let Some(f) = a.text("followup_id").map(str::to_string) else { continue };
        if let Some(c) = load(conn, &FOLLOWUP, &f)?.and_then(|f| f.text("customer_id").map(str::to_string)) {
            a.values.insert("customer_id", Value::Text(c));
        }
    }
    Ok(acts)
}

/// The refusal to make an Act item a follow-up twice: it names the
/// follow-up made of it by its text, due day and short id (the CLI and
/// the interface say the same).
fn has_followup(conn: &Connection, followup_id: &str) -> Result<Error> {
    let short = crate::text::short_id(followup_id);
    Ok(match load(conn, &FOLLOWUP, followup_id)? {
        Some(f) => {
            let due = f
                .text("due")
                .and_then(crate::domain::fields::parse_iso_date)
                .map(crate::domain::dates::with_weekday)
                .unwrap_or_default();
            let what = crate::text::one_line(f.text_or_empty("what")).into_owned();
            Error::invalid("review.act_has_followup", &[("what", &what), ("due", &due), ("id", &short)])
        }
        None => Error::invalid("review.act_has_followup_id", &[("id", &short)]),
    })
}

fn week_label(monday: NaiveDate) -> String {
    period::iso_week_label(monday)
}

impl Store {
    /// The review of the week `day` falls in, as of `today`: the stored
    /// parts, last week's Act items carried into it, and the facts (frozen
    /// when the review is closed).
    pub fn review(&self, cadence: &Cadence, day: NaiveDate, today: NaiveDate) -> Result<Review> {
        let (monday, sunday) = period::week_of(day);
        let week = week_label(monday);
        let facts = self.week_review(cadence, monday, today)?;
        let names = self.customer_names()?;
        let visits = self.records(
            &crate::domain::schema::VISIT,
            &super::RecordQuery { from: Some(monday), to: Some(sunday), ..super::RecordQuery::default() },
        )?;
        let plan = visits.iter().map(|v| PlanLine::of(v, &names)).collect();
        let stored = stored(&self.conn, &week)?;
        let acts = acts_of(&self.conn, &week)?;
        let last_acts = self.last_week_acts(monday)?;
        Ok(review::assemble(ReviewInput {
            stored: stored.as_ref(),
            acts: &acts,
            last_acts: &last_acts,
            facts,
            plan,
            names: &names,
        }))
    }

    /// The live Act items of the week before the one starting `monday`.
    fn last_week_acts(&self, monday: NaiveDate) -> Result<Vec<Entity>> {
        let last = monday.checked_sub_signed(chrono::Duration::weeks(1)).map(week_label).unwrap_or_default();
        acts_of(&self.conn, &last)
    }

    /// Last week's Act items carried into the plan of the week starting
    /// `monday` (any day of it will do): what the weekly plan and the
    /// review's Plan show under "From last week's Act".
    pub fn carried_acts(&self, monday: NaiveDate) -> Result<Vec<review::ActItem>> {
        let (monday, _) = period::week_of(monday);
        Ok(review::carried(&self.last_week_acts(monday)?, &self.customer_names()?))
    }

    /// Every stored review, newest week first, with this week's (`today`)
    /// whether written or not.
    pub fn review_list(&self, today: NaiveDate) -> Result<Vec<ReviewState>> {
        let all = select(&self.conn, &WEEK_REVIEW, "?1 = ?1", "")?;
        let mut out = Vec::new();
        for r in &all {
            let has = |f: &str| r.text(f).is_some_and(|t| !t.trim().is_empty());
            out.push(ReviewState {
                week: r.text_or_empty("week").to_string(),
                closed: matches!(r.get("closed"), Value::Bool(true)),
                notes: has("worked") || has("not_worked"),
                goals: has("goals"),
                acts: select(&self.conn, &REVIEW_ACT, "review_id = ?1", &r.id)?.len(),
            });
        }
        let this = week_label(period::week_of(today).0);
        if !out.iter().any(|s| s.week == this) {
            out.push(ReviewState { week: this, closed: false, notes: false, goals: false, acts: 0 });
        }
        out.sort_by(|a, b| b.week.cmp(&a.week));
        out.dedup_by(|a, b| a.week == b.week);
        Ok(out)
    }

    /// The id of Act item `number` (from 1) of the week starting `monday`.
    pub fn act_by_number(&self, monday: NaiveDate, number: usize) -> Result<String> {
        let week = week_label(monday);
        let acts = acts_of(&self.conn, &week)?;
        number
            .checked_sub(1)
            .and_then(|i| acts.get(i))
            .map(|e| e.id.clone())
            .ok_or_else(|| Error::invalid("review.no_act", &[("n", &number), ("week", &week), ("count", &acts.len())]))
    }

    /// Whether Act item `id` may still be made a follow-up: refused, naming
    /// the follow-up, when it is one already (the interface asks nothing
    /// then; [`Writer::act_to_followup`] refuses the same).
    pub fn check_act_followup(&self, id: &str) -> Result<()> {
        let act = load(&self.conn, &REVIEW_ACT, id)?.filter(|e| e.alive);
        let act = act.ok_or_else(|| Error::NotFound { what: REVIEW_ACT.noun, id: id.to_string() })?;
        match act.text("followup_id") {
            Some(f) => Err(has_followup(&self.conn, f)?),
            None => Ok(()),
        }
    }

    /// The stored review of a week as a snapshot for an edit form, if any.
    pub fn review_snapshot(&self, monday: NaiveDate) -> Result<Option<Snapshot>> {
        match stored(&self.conn, &week_label(monday))? {
            Some(r) => self.snapshot(&WEEK_REVIEW, &r.id).map(Some),
            None => Ok(None),
        }
    }

    /// Close the week starting `monday` as of `today`: its facts and work
    /// plan are frozen with it. Refused for a week not begun, or one
    /// already closed.
    pub fn close_review(&mut self, cadence: &Cadence, monday: NaiveDate, today: NaiveDate) -> Result<()> {
        let r = self.review(cadence, monday, today)?;
        if !review::can_close(r.monday, today) {
            return Err(Error::invalid("review.not_begun", &[("week", &r.week)]));
        }
        if r.closed {
            return Err(Error::invalid("review.already_closed", &[("week", &r.week)]));
        }
        let trend = Some(self.review_trend(r.monday)?);
        let frozen = serde_json::to_string(&Frozen { facts: r.facts, plan: r.plan, trend })
            .map_err(|e| Error::Invalid(e.to_string()))?;
        self.write(|w| {
            let id = w.review_id(&r.week)?;
            w.update(&WEEK_REVIEW, &id, &[("closed", Value::Bool(true)), ("frozen", Value::Text(frozen))])
        })?;
        Ok(())
    }

    /// Reopen a closed week: its frozen copy goes (undo brings it back);
    /// closing it again freezes the facts as they then stand.
    pub fn reopen_review(&mut self, monday: NaiveDate) -> Result<()> {
        let week = week_label(monday);
        let closed = stored(&self.conn, &week)?.filter(|r| matches!(r.get("closed"), Value::Bool(true)));
        let Some(r) = closed else {
            return Err(Error::invalid("review.not_closed", &[("week", &week)]));
        };
        self.write(|w| w.update(&WEEK_REVIEW, &r.id, &[("closed", Value::Bool(false)), ("frozen", Value::Null)]))?;
        Ok(())
    }
}

impl Writer<'_> {
    /// The id of the week's review, made (or brought back) when there is
    /// none: derived from the week, so two devices make the same one.
    pub fn review_id(&mut self, week: &str) -> Result<String> {
        if let Some(r) = stored(self.tx, week)? {
            return Ok(r.id);
        }
        let source = format!("week:{week}");
        if let Some(id) = self.insert_derived(&WEEK_REVIEW, &source, &[("week", Value::Text(week.to_string()))])? {
            return Ok(id);
        }
        // Made before and taken back (an undo of the write that made it):
        // bring it back as new, not with what was taken back.
        let id = self.derived(&WEEK_REVIEW, &source);
        self.set_alive(&WEEK_REVIEW, &id, true)?;
        let fresh: Vec<(&'static str, Value)> =
            ["goals", "worked", "not_worked", "closed", "frozen"].into_iter().map(|f| (f, Value::Null)).collect();
        self.update(&WEEK_REVIEW, &id, &fresh)?;
        Ok(id)
    }

    fn refuse_closed(&self, week: &str) -> Result<()> {
        match stored(self.tx, week)? {
            Some(r) if matches!(r.get("closed"), Value::Bool(true)) => {
                Err(Error::invalid("review.closed_refused", &[("week", &week)]))
            }
            _ => Ok(()),
        }
    }

    /// Write the week's goals and Check notes (`goals`, `worked`,
    /// `not_worked`), from what an edit form saw when there is a review.
    /// A closed week is kept as written: reopen it first.
    pub fn review_notes(
        &mut self,
        monday: NaiveDate,
        seen: Option<&Snapshot>,
        values: &[(&'static str, Value)],
    ) -> Result<String> {
        let week = week_label(monday);
        self.refuse_closed(&week)?;
        if let Some(bad) = values.iter().find(|(f, _)| !matches!(*f, "goals" | "worked" | "not_worked")) {
            return Err(Error::Invalid(format!("unknown field {}", bad.0)));
        }
        let id = self.review_id(&week)?;
        match seen.filter(|s| s.entity.id == id) {
            Some(seen) => self.update_from(seen, values)?,
            None => self.update(&WEEK_REVIEW, &id, values)?,
        };
        Ok(id)
    }

    /// Add an Act item to the week's review, about `customer` if given.
    pub fn add_act(&mut self, monday: NaiveDate, what: &str, customer: Option<&str>) -> Result<String> {
        let week = week_label(monday);
        self.refuse_closed(&week)?;
        let review_id = self.review_id(&week)?;
        let mut values = vec![("review_id", Value::Text(review_id)), ("change", Value::Text(what.to_string()))];
        if let Some(c) = customer {
            let live = load(self.tx, &CUSTOMER, c)?.filter(|e| e.alive);
            live.ok_or_else(|| Error::NotFound { what: CUSTOMER.noun, id: c.to_string() })?;
            values.push(("customer_id", Value::Text(c.to_string())));
        }
        self.insert(&REVIEW_ACT, &values)
    }

    /// Refuse a change to an Act item of a closed week.
    fn refuse_closed_act(&self, act: &Entity) -> Result<()> {
        let review = load(self.tx, &WEEK_REVIEW, act.text_or_empty("review_id"))?;
        match review.filter(|r| r.alive) {
            Some(r) => self.refuse_closed(r.text_or_empty("week")),
            None => Ok(()),
        }
    }

    fn live_act(&self, id: &str) -> Result<Entity> {
        load(self.tx, &REVIEW_ACT, id)?
            .filter(|e| e.alive)
            .ok_or_else(|| Error::NotFound { what: REVIEW_ACT.noun, id: id.to_string() })
    }

    /// Make Act item `id` a follow-up due `due` of its customer, or of
    /// `customer` for an item that names none (the item then names that
    /// customer through its follow-up: see [`acts_of`]; a record's customer
    /// is never changed); the item remembers the follow-up. Refused when it has one already, when no
    /// customer is known, when `customer` contradicts the one the item
    /// names, or when its week is closed (kept as written).
    pub fn act_to_followup(&mut self, id: &str, due: NaiveDate, customer: Option<&str>) -> Result<String> {
        self.act_followup(id, due, customer, None)
    }

    /// [`Writer::act_to_followup`] with the follow-up made on `day` (the
    /// demo's history, written after the fact).
    pub(crate) fn act_to_followup_on(&mut self, id: &str, due: NaiveDate, day: NaiveDate) -> Result<String> {
        self.act_followup(id, due, None, Some(day))
    }

    fn act_followup(
        &mut self,
        id: &str,
        due: NaiveDate,
        customer: Option<&str>,
        made: Option<NaiveDate>,
    ) -> Result<String> {
        let act = self.live_act(id)?;
        self.refuse_closed_act(&act)?;
        if let Some(f) = act.text("followup_id") {
            return Err(has_followup(self.tx, f)?);
        }
        let named = act.text("customer_id").map(str::to_string);
        let customer = match (named, customer) {
            (Some(named), Some(given)) if named != given => {
                return Err(Error::invalid("review.act_other_customer", &[]));
            }
            (Some(named), _) => named,
            (None, Some(given)) => {
                load(self.tx, &CUSTOMER, given)?
                    .filter(|e| e.alive)
                    .ok_or_else(|| Error::NotFound { what: CUSTOMER.noun, id: given.to_string() })?;
                given.to_string()
            }
            (None, None) => {
                return Err(Error::invalid(
                    "review.act_no_customer",
                    &[("what", &crate::text::one_line(act.text_or_empty("change")))],
                ));
            }
        };
        let values = [
            ("customer_id", Value::Text(customer)),
            ("what", Value::Text(act.text_or_empty("change").to_string())),
            ("due", Value::Text(due.format("%Y-%m-%d").to_string())),
            ("source", Value::Text("manual".into())),
            ("status", Value::Text("open".into())),
        ];
        let followup = match made {
            Some(day) => self.insert_made_on(&FOLLOWUP, day, 0, &values)?,
            None => self.insert(&FOLLOWUP, &values)?,
        };
        self.update(&REVIEW_ACT, id, &[("followup_id", Value::Text(followup.clone()))])?;
        Ok(followup)
    }

    /// Carry Act item `id` into next week's plan, or take it out again;
    /// returns whether it is carried now.
    pub fn act_toggle_carry(&mut self, id: &str) -> Result<bool> {
        let act = self.live_act(id)?;
        self.refuse_closed_act(&act)?;
        let now = !matches!(act.get("carried"), Value::Bool(true));
        self.update(&REVIEW_ACT, id, &[("carried", Value::Bool(now))])?;
        Ok(now)
    }
}

/// Take an erased person's name out of every review and Act item and out
/// of their recorded values (reviews belong to no one customer).
pub(super) fn scrub_reviews(conn: &Connection, name: &str) -> Result<()> {
    for (table, fields) in [("week_review", &["goals", "worked", "not_worked"][..]), ("review_act", &["change"][..])] {
        for field in fields {
            let mut stmt = conn.prepare(&format!("SELECT id, {field} FROM {table} WHERE instr({field}, ?1) > 0"))?;
            let hits: Vec<(String, String)> =
                stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            for (id, text) in hits {
                conn.execute(
                    &format!("UPDATE {table} SET {field} = ?2 WHERE id = ?1"),
                    params![id, super::erase::scrub_text(field, &text, name)],
                )?;
            }
        }
        super::erase::scrub_log_of(conn, table, "1 = 1", None, name)?;
    }
    Ok(())
}
