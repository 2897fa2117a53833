//! Writes of the daily loop: logging a visit (its next steps become
//! follow-ups) and the follow-up verbs. Each checks the domain's rules
//! itself; `Writer::insert`/`update` check the follow-up life cycle again so
//! a plain edit cannot bypass it.

use super::super::Writer;
use crate::domain::entity::Entity;
use crate::domain::fields::{Value, parse_iso_date};
use crate::domain::followup::{check_transition, is_active};
use crate::domain::schema::{FOLLOWUP, VISIT};
use crate::domain::visit::{
    LogOutcome, StepChange, StepFollowup, VisitEdit, check_held, check_visit_write, logged_late, next_steps,
    same_date_as_before, step_key,
};
use crate::error::{Error, Result};
use chrono::NaiveDate;

fn date_value(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

fn set(values: &mut Vec<(&'static str, Value)>, field: &'static str, v: Value) {
    values.retain(|(f, _)| *f != field);
    values.push((field, v));
}

/// The key of a next-step follow-up: the visit and the step's own text
/// ([`step_key`]), never its line number, so that logging the visit again
/// finds each step's follow-up wherever the step now stands.
pub(crate) fn step_ref(visit_id: &str, key: &str) -> String {
    format!("visit:{visit_id}:step:{key}")
}

/// True for a ref of the schema before text keys: `visit:ID:n`.
fn is_numbered_ref(reference: &str, visit_id: &str) -> bool {
    reference
        .strip_prefix("visit:")
        .and_then(|r| r.strip_prefix(visit_id))
        .and_then(|r| r.strip_prefix(':'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The follow-up of step `key` among a visit's follow-ups: the one keyed
/// by its text, else (archives from before text keys, `visit:ID:n`) one
/// whose `what` is the same step, an active one first.
fn find_step<'a>(followups: &'a [Entity], visit_id: &str, key: &str) -> Option<&'a Entity> {
    let reference = step_ref(visit_id, key);
    followups.iter().find(|f| f.text("ref") == Some(reference.as_str())).or_else(|| {
        let numbered = |f: &&Entity| {
            f.text("ref").is_some_and(|r| is_numbered_ref(r, visit_id)) && step_key(f.text_or_empty("what")) == key
        };
        followups.iter().filter(numbered).find(|f| is_active(f)).or_else(|| followups.iter().find(numbered))
    })
}

/// The visit after a write of `values` over `old` (`None`: being made).
fn merged(id: &str, old: Option<&Entity>, values: &[(&'static str, Value)]) -> Entity {
    let mut visit = old.cloned().unwrap_or_else(|| Entity {
        table: &VISIT,
        id: id.to_string(),
        alive: true,
        updated_ms: 0,
        values: std::collections::BTreeMap::new(),
    });
    for (f, v) in values {
        visit.values.insert(f, v.clone());
    }
    visit
}

impl Writer<'_> {
    /// The rules of every write of a visit, whichever path it takes (a
    /// log, `visit plan`/`edit`, the interface's forms): called by
    /// `Writer::insert_with_id` and `update_inner` before the row is
    /// written. A held (done) visit is never dated later than today; and
    /// when an edit changes a done visit's next steps, their date or its
    /// status, its steps become follow-ups exactly as a log makes them.
    pub(in crate::store) fn visit_written(
        &mut self,
        id: &str,
        old: Option<&Entity>,
        values: &[(&'static str, Value)],
    ) -> Result<()> {
        let today = self.today();
        check_visit_write(old, values, today)?;
        // A visit added as already held (a log, `visit plan --status done`,
        // a form): its next steps become follow-ups like a log's.
        let Some(old) = old else {
            let visit = merged(id, None, values);
            if visit.text("status") == Some("done") {
                self.steps_to_followups(&visit, None, today)?;
            }
            return Ok(());
        };
        let visit = merged(id, Some(old), values);
        let changes = |f: &str| values.iter().any(|(n, v)| *n == f && old.get(f) != v);
        if visit.text("status") == Some("done") && ["status", "next_step", "next_date"].into_iter().any(changes) {
            self.steps_to_followups(&visit, Some(old), today)?;
        }
        Ok(())
    }

    /// A visit's follow-ups made from its next steps, in any state.
    fn step_followups(&self, visit_id: &str) -> Result<Vec<Entity>> {
        // Every ref starting `visit:ID:`, as a range the ref index serves
        // (';' follows ':').
        let (from, to) = (format!("visit:{visit_id}:"), format!("visit:{visit_id};"));
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM followup WHERE ref >= ?1 AND ref < ?2 AND cl % 2 = 1 ORDER BY id")?;
        let ids = stmt
            .query_map(rusqlite::params![from, to], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(super::super::archive::load(self.tx, &FOLLOWUP, &id)?);
        }
        Ok(out)
    }

    /// Make the done `visit`'s next steps follow-ups (the one function
    /// a log and a plain edit share). Each step is found by its text: one
    /// without a follow-up gets one; an active one's date moves when the
    /// step's date was rewritten (`old` is the visit before this write); a
    /// done or dropped one stays closed. Nothing is renamed, duplicated or
    /// deleted: a follow-up whose step left the text is kept.
    fn steps_to_followups(&mut self, visit: &Entity, old: Option<&Entity>, today: NaiveDate) -> Result<()> {
        let next_date = visit.text("next_date");
        let steps = next_steps(visit.text_or_empty("next_step"), next_date.and_then(parse_iso_date), today)?;
        let customer_id = visit.text_or_empty("customer_id").to_string();
        let existing = self.step_followups(&visit.id)?;
        for step in steps {
            let reference = step_ref(&visit.id, &step.key);
            let Some(f) = find_step(&existing, &visit.id, &step.key).cloned() else {
                // The id derives from the visit and the step's text: two
                // devices logging the same visit make one follow-up.
                let values = [
                    ("customer_id", Value::Text(customer_id.clone())),
                    ("what", Value::Text(step.what.clone())),
                    ("due", date_value(step.due)),
                    ("source", Value::Text("next_step".into())),
                    ("status", Value::Text("open".into())),
                    ("ref", Value::Text(reference.clone())),
                ];
                if self.insert_derived(&FOLLOWUP, &reference, &values)?.is_none() {
                    // Its id is taken by a follow-up no longer keyed to this
                    // step (its ref rewritten): the step still gets one.
                    self.insert(&FOLLOWUP, &values)?;
                }
                continue;
            };
            // A done or dropped one stays so.
            if !is_active(&f) {
                continue;
            }
            let unmoved = old.is_some_and(|o| {
                same_date_as_before(&step, o.text_or_empty("next_step"), o.text("next_date"), next_date)
            });
            if !unmoved && f.text("due").and_then(parse_iso_date) != Some(step.due) {
                self.update(&FOLLOWUP, &f.id, &[("due", date_value(step.due))])?;
            }
        }
        Ok(())
    }

    /// Log a visit or call: complete a planned one (`plan`; a visit already
    /// done is logged again, e.g. to correct it) or add one, and turn its
    /// next steps into follow-ups. A visit dated after `today` is refused.
    /// Logging again never duplicates, renames or loses a follow-up: each
    /// step is keyed by the visit and its own text; the outcome says which
    /// were added, updated or kept, and which were kept though their step
    /// left the text.
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
        crate::domain::visit::check_log_status(&values)?;
        check_held(held, today)?;
        set(&mut values, "status", Value::Text(crate::domain::visit::LOGGED_STATUS.into()));
        // Lateness is about the first log: logging again keeps its day.
        let first_log =
            existing.as_ref().and_then(|v| v.text("logged_on").filter(|_| v.text("status") == Some("done")));
        set(&mut values, "logged_on", first_log.and_then(parse_iso_date).map_or_else(|| date_value(today), date_value));
        let before = match &existing {
            Some(v) => self.step_followups(&v.id)?,
            None => Vec::new(),
        };
        // The write itself turns changed steps into follow-ups (`visit_written`).
        let id = if let Some(visit) = &existing {
            self.update(&VISIT, &visit.id, &values)?;
            visit.id.clone()
        } else {
            crate::domain::defaults::fill("visit", today, &mut values);
            values.insert(0, ("customer_id", Value::Text(customer_id.to_string())));
            self.insert(&VISIT, &values)?
        };
        let visit = self.load_alive(&VISIT, &id)?;
        // Logged again unchanged: a step still without a follow-up (made
        // before this rule, or by hand) gets one now.
        self.steps_to_followups(&visit, Some(&visit), today)?;
        let (followups, no_longer_steps) = self.steps_report(&visit, &before, today)?;
        let call = visit.text("kind") == Some("call");
        Ok(LogOutcome { visit_id: id, held, late: logged_late(&visit), call, followups, no_longer_steps })
    }

    /// What became of a visit's step follow-ups since `before` (its
    /// follow-ups as they were before this write): the active one of each
    /// step in the text, added, updated or kept, and the active ones whose
    /// step is no longer in the text.
    fn steps_report(
        &self,
        visit: &Entity,
        before: &[Entity],
        today: NaiveDate,
    ) -> Result<(Vec<StepFollowup>, Vec<StepFollowup>)> {
        let after = self.step_followups(&visit.id)?;
        let steps =
            next_steps(visit.text_or_empty("next_step"), visit.text("next_date").and_then(parse_iso_date), today)?;
        let report = |f: &Entity, change: StepChange| StepFollowup {
            id: f.id.clone(),
            what: f.text_or_empty("what").to_string(),
            due: f.text("due").and_then(parse_iso_date).unwrap_or(today),
            new: change == StepChange::Added,
            change,
        };
        let mut followups = Vec::new();
        for step in &steps {
            let Some(f) = find_step(&after, &visit.id, &step.key).filter(|f| is_active(f)) else { continue };
            let change = match before.iter().find(|b| b.id == f.id) {
                None => StepChange::Added,
                Some(b) if b.text("due") != f.text("due") => StepChange::Updated,
                Some(_) => StepChange::Kept,
            };
            followups.push(report(f, change));
        }
        let no_longer_steps = after
            .iter()
            .filter(|f| is_active(f) && followups.iter().all(|s| s.id != f.id))
            .map(|f| report(f, StepChange::Kept))
            .collect();
        Ok((followups, no_longer_steps))
    }

    /// Save an edit of a visit that began from `seen` ([`Writer::update_from`])
    /// and say what it did to its next steps' follow-ups, so both faces can
    /// tell the user: the ones added or moved, and the ones kept although
    /// this edit took their step out of the text.
    pub fn edit_visit(&mut self, seen: &super::super::Snapshot, values: &[(&'static str, Value)]) -> Result<VisitEdit> {
        let before = self.step_followups(&seen.entity.id)?;
        let changed = self.update_from(seen, values)?;
        let visit = self.load_alive(&VISIT, &seen.entity.id)?;
        // Only an edit that touched the steps (and so made their
        // follow-ups, `visit_written`) has anything to say about them.
        let touched =
            values.iter().any(|(f, v)| matches!(*f, "status" | "next_step" | "next_date") && seen.entity.get(f) != v);
        if !touched || visit.text("status") != Some("done") {
            return Ok(VisitEdit { changed, ..VisitEdit::default() });
        }
        let today = self.today();
        let (mut followups, mut no_longer_steps) = self.steps_report(&visit, &before, today)?;
        followups.retain(|f| f.change != StepChange::Kept);
        let old_keys: Vec<String> = crate::domain::visit::step_lines(seen.entity.text_or_empty("next_step"))
            .into_iter()
            .map(|(what, _)| step_key(&what))
            .collect();
        no_longer_steps.retain(|f| old_keys.contains(&step_key(&f.what)));
        Ok(VisitEdit { changed, followups, no_longer_steps })
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
