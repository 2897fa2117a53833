//! Writes of the daily loop: logging a visit (its next steps become
//! follow-ups) and the follow-up verbs. Each checks the domain's rules
//! itself; `Writer::insert`/`update` check the follow-up life cycle again so
//! a plain edit cannot bypass it.

use super::super::Writer;
use crate::domain::entity::Entity;
use crate::domain::fields::{Value, parse_iso_date};
use crate::domain::followup::check_transition;
use crate::domain::schema::{FOLLOWUP, VISIT};
use crate::domain::visit::{LogOutcome, StepFollowup, check_held, logged_late};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

/// A logged visit's next steps: one per line of `next_step`, each with the
/// date written after `@` (`寄合同 @ 明天`) or else `next_date`. A step with
/// no date refuses the log: a next step must never be dropped silently.
fn next_steps(visit: &Entity, today: NaiveDate) -> Result<Vec<(String, NaiveDate)>> {
    let default = visit.text("next_date").and_then(parse_iso_date);
    let mut out = Vec::new();
    for line in visit.text_or_empty("next_step").lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (what, due) = match line.rsplit_once(['@', '＠']) {
            Some((what, when)) => {
                let due = crate::domain::dates::parse(when.trim(), today).ok_or_else(|| {
                    Error::invalid("error.step_bad_date", &[("step", &what.trim()), ("date", &when.trim())])
                })?;
                (what.trim(), Some(due))
            }
            None => (line, default),
        };
        let due = due.ok_or_else(|| Error::invalid("error.step_no_date", &[("step", &what)]))?;
        out.push((what.to_string(), due));
    }
    Ok(out)
}

fn date_value(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

fn set(values: &mut Vec<(&'static str, Value)>, field: &'static str, v: Value) {
    values.retain(|(f, _)| *f != field);
    values.push((field, v));
}

/// The key of a next-step follow-up: the visit and the step's place in it,
/// so logging the same visit again finds the follow-ups it already made.
fn step_ref(visit_id: &str, n: usize) -> String {
    format!("visit:{visit_id}:{n}")
}

impl Writer<'_> {
    /// Log a visit or call: complete a planned one (`plan`; a visit already
    /// done is logged again, e.g. to correct it) or add one, and turn its
    /// next steps into follow-ups. A visit dated after `today` is refused.
    /// Logging again never duplicates a follow-up: each step is keyed by
    /// visit and step number; an active one is brought up to date, a closed
    /// one stays closed.
    pub fn log_visit(
        &mut self,
        customer_id: &str,
        plan: Option<&str>,
        mut values: Vec<(&'static str, Value)>,
        today: NaiveDate,
    ) -> Result<LogOutcome> {
        let existing = match plan {
            Some(id) => {
                let visit = self.load_alive(&VISIT, id)?;
                if visit.text("customer_id") != Some(customer_id) {
                    return Err(Error::NotFound { what: VISIT.noun, id: id.to_string() });
                }
                Some(visit)
            }
            None => None,
        };
        let held = values
            .iter()
            .find(|(f, _)| *f == "date")
            .and_then(|(_, v)| v.as_text())
            .or_else(|| existing.as_ref().and_then(|v| v.text("date")))
            .and_then(parse_iso_date)
            .unwrap_or(today);
        check_held(held, today)?;
        set(&mut values, "status", Value::Text("done".into()));
        // Lateness is about the first log: logging again keeps its day.
        let first_log =
            existing.as_ref().and_then(|v| v.text("logged_on").filter(|_| v.text("status") == Some("done")));
        set(&mut values, "logged_on", first_log.and_then(parse_iso_date).map_or_else(|| date_value(today), date_value));
        let id = if let Some(visit) = &existing {
            self.update(&VISIT, &visit.id, &values)?;
            visit.id.clone()
        } else {
            crate::domain::defaults::fill("visit", today, &mut values);
            values.insert(0, ("customer_id", Value::Text(customer_id.to_string())));
            self.insert(&VISIT, &values)?
        };
        let visit = self.load_alive(&VISIT, &id)?;
        let mut followups = Vec::new();
        for (n, (what, due)) in next_steps(&visit, today)?.into_iter().enumerate() {
            let reference = step_ref(&id, n + 1);
            let step = match self.followup_by_ref(&reference)? {
                Some(f) if crate::domain::followup::is_active(&f) => {
                    self.update(&FOLLOWUP, &f.id, &[("what", Value::Text(what.clone())), ("due", date_value(due))])?;
                    Some(StepFollowup { id: f.id, what, due, new: false })
                }
                Some(_) => None,
                None => {
                    // The id derives from the visit and the step: two devices
                    // logging the same planned visit make one follow-up.
                    let made = self.insert_derived(
                        &FOLLOWUP,
                        &reference,
                        &[
                            ("customer_id", Value::Text(customer_id.to_string())),
                            ("what", Value::Text(what.clone())),
                            ("due", date_value(due)),
                            ("source", Value::Text("next_step".into())),
                            ("status", Value::Text("open".into())),
                            ("ref", Value::Text(reference.clone())),
                        ],
                    )?;
                    made.map(|id| StepFollowup { id, what, due, new: true })
                }
            };
            followups.extend(step);
        }
        Ok(LogOutcome { visit_id: id, held, late: logged_late(&visit), followups })
    }

    /// The follow-up made from `reference` (in any state), if any.
    pub(crate) fn followup_by_ref(&self, reference: &str) -> Result<Option<Entity>> {
        let id: Option<String> = self
            .tx
            .query_row("SELECT id FROM followup WHERE ref = ?1 ORDER BY id LIMIT 1", [reference], |r| r.get(0))
            .optional()?;
        match id {
            Some(id) => super::super::archive::load(self.tx, &FOLLOWUP, &id),
            None => Ok(None),
        }
    }

    /// Mark a follow-up done today.
    pub fn followup_done(&mut self, id: &str, today: NaiveDate) -> Result<()> {
        self.transition(id, &[("status", Value::Text("done".into())), ("done_on", date_value(today))])
    }

    /// Move a follow-up to a later date: `snooze` marks it snoozed, a plain
    /// reschedule keeps it open.
    pub fn followup_move(&mut self, id: &str, to: NaiveDate, snooze: bool, reason: Option<&str>) -> Result<()> {
        let status = if snooze { "snoozed" } else { "open" };
        let mut values = vec![("due", date_value(to)), ("status", Value::Text(status.into()))];
        if let Some(r) = reason.filter(|r| !r.trim().is_empty()) {
            values.push(("reason", Value::Text(r.trim().to_string())));
        }
        self.transition(id, &values)
    }

    /// Drop a follow-up; a reason is required and kept.
    pub fn followup_drop(&mut self, id: &str, reason: &str) -> Result<()> {
        self.transition(
            id,
            &[("status", Value::Text("dropped".into())), ("reason", Value::Text(reason.trim().to_string()))],
        )
    }

    /// Write a life-cycle step after checking it against the domain's rule
    /// (the verbs refuse a closed follow-up even when nothing would change).
    fn transition(&mut self, id: &str, values: &[(&'static str, Value)]) -> Result<()> {
        let f = self.load_alive(&FOLLOWUP, id)?;
        if !crate::domain::followup::is_active(&f) {
            let status = crate::i18n::enum_label("status", f.text_or_empty("status"));
            return Err(Error::invalid("error.followup_closed", &[("status", &status)]));
        }
        check_transition(Some(&f), values)?;
        self.update(&FOLLOWUP, id, values)?;
        Ok(())
    }
}
