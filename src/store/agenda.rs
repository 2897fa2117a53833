//! Visits, follow-ups and cadence: logging a visit, the follow-up life
//! cycle, and the agenda `repbook due` and the Today screen show.

use super::{Store, Writer};
use crate::config::Cadence;
use crate::domain::cadence::{Due, Norm, Rate, Standing};
use crate::domain::classify::{Tier, classify};
use crate::domain::entity::Entity;
use crate::domain::fields::{Value, parse_iso_date};
use crate::domain::schema::{FOLLOWUP, VISIT};
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDate};
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;

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

impl Writer<'_> {
    /// Log a visit or call: update a planned one (`plan`) or add one, mark
    /// it done and logged today, and turn its next step into a follow-up.
    /// Returns the visit id.
    pub fn log_visit(
        &mut self,
        customer_id: &str,
        plan: Option<&str>,
        mut values: Vec<(&'static str, Value)>,
        today: NaiveDate,
    ) -> Result<String> {
        let set = |values: &mut Vec<(&'static str, Value)>, field: &'static str, v: Value| {
            values.retain(|(f, _)| *f != field);
            values.push((field, v));
        };
        set(&mut values, "status", Value::Text("done".into()));
        set(&mut values, "logged_on", date_value(today));
        let id = if let Some(id) = plan {
            let visit = self.load_alive(&VISIT, id)?;
            if visit.text("customer_id") != Some(customer_id) {
                return Err(Error::NotFound { what: VISIT.noun, id: id.to_string() });
            }
            self.update(&VISIT, id, &values)?;
            id.to_string()
        } else {
            if !values.iter().any(|(f, _)| *f == "date") {
                values.push(("date", date_value(today)));
            }
            if !values.iter().any(|(f, _)| *f == "kind") {
                values.push(("kind", Value::Text("visit".into())));
            }
            values.insert(0, ("customer_id", Value::Text(customer_id.to_string())));
            self.insert(&VISIT, &values)?
        };
        let visit = self.load_alive(&VISIT, &id)?;
        if visit.text("date").and_then(parse_iso_date).is_some_and(|d| d > today) {
            return Err(Error::invalid("error.log_in_future", &[("date", &visit.text_or_empty("date"))]));
        }
        for (n, (what, due)) in next_steps(&visit, today)?.into_iter().enumerate() {
            self.insert(
                &FOLLOWUP,
                &[
                    ("customer_id", Value::Text(customer_id.to_string())),
                    ("what", Value::Text(what)),
                    ("due", date_value(due)),
                    ("source", Value::Text("next_step".into())),
                    ("status", Value::Text("open".into())),
                    ("ref", Value::Text(format!("visit:{id}:{}", n + 1))),
                ],
            )?;
        }
        Ok(id)
    }

    /// Mark a follow-up done today.
    pub fn followup_done(&mut self, id: &str, today: NaiveDate) -> Result<()> {
        self.require_active(id)?;
        self.update(&FOLLOWUP, id, &[("status", Value::Text("done".into())), ("done_on", date_value(today))])?;
        Ok(())
    }

    /// Move a follow-up to a later date: `snooze` marks it snoozed, a plain
    /// reschedule keeps it open.
    pub fn followup_move(&mut self, id: &str, to: NaiveDate, snooze: bool, reason: Option<&str>) -> Result<()> {
        self.require_active(id)?;
        let status = if snooze { "snoozed" } else { "open" };
        let mut values = vec![("due", date_value(to)), ("status", Value::Text(status.into()))];
        if let Some(r) = reason.filter(|r| !r.trim().is_empty()) {
            values.push(("reason", Value::Text(r.trim().to_string())));
        }
        self.update(&FOLLOWUP, id, &values)?;
        Ok(())
    }

    /// Drop a follow-up; a reason is required and kept.
    pub fn followup_drop(&mut self, id: &str, reason: &str) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(Error::invalid("error.drop_needs_reason", &[]));
        }
        self.require_active(id)?;
        self.update(
            &FOLLOWUP,
            id,
            &[("status", Value::Text("dropped".into())), ("reason", Value::Text(reason.trim().to_string()))],
        )?;
        Ok(())
    }

    fn require_active(&self, id: &str) -> Result<Entity> {
        let f = self.load_alive(&FOLLOWUP, id)?;
        match f.text("status") {
            Some(s) if s != "open" && s != "snoozed" => {
                Err(Error::invalid("error.followup_closed", &[("status", &crate::i18n::enum_label("status", s))]))
            }
            _ => Ok(f),
        }
    }
}

/// The tier's norm with a customer's own overrides applied.
pub fn norm_for(base: Norm, calls: Option<&str>, visits: Option<&str>) -> Norm {
    Norm {
        calls: calls.and_then(|r| Rate::parse(r).ok()).unwrap_or(base.calls),
        visits: visits.and_then(|r| Rate::parse(r).ok()).unwrap_or(base.visits),
    }
}

/// The day a record was created, read from its UUIDv7 id (48-bit ms).
pub fn created_on(id: &str) -> Option<NaiveDate> {
    let uuid = uuid::Uuid::parse_str(id).ok()?;
    let (secs, _) = uuid.get_timestamp()?.to_unix();
    chrono::DateTime::from_timestamp(i64::try_from(secs).ok()?, 0).map(|t| t.date_naive())
}

/// Last in-person visit and last call.
pub type LastContacts = (Option<NaiveDate>, Option<NaiveDate>);

/// A customer's standing, for the agenda and the list.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerStanding {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Tier.
    pub tier: Tier,
    /// Against the norms.
    pub standing: Standing,
}

/// A key person's coming birthday.
#[derive(Debug, Clone, Serialize)]
pub struct Birthday {
    /// The customer.
    pub customer_id: String,
    /// Its name.
    pub customer: String,
    /// The person.
    pub person_id: String,
    /// Their name.
    pub name: String,
    /// The date this year (or next).
    pub on: NaiveDate,
}

/// How many overdue customers an agenda keeps (the list's overdue sort
/// shows them all).
pub const OVERDUE_KEPT: usize = 50;

/// What `repbook due` and the Today screen show.
#[derive(Debug, Clone, Serialize)]
pub struct Agenda {
    /// The day.
    pub today: NaiveDate,
    /// Planned visits and calls from today to the end of the week, by date and time.
    pub planned: Vec<Entity>,
    /// Open or snoozed follow-ups due today or earlier, oldest first.
    pub followups_due: Vec<Entity>,
    /// Active follow-ups due in the next 7 days.
    pub followups_upcoming: Vec<Entity>,
    /// The customers most overdue by their norms, A-customers going cold
    /// first (at most [`OVERDUE_KEPT`]).
    pub overdue: Vec<CustomerStanding>,
    /// How many customers are overdue in all.
    pub overdue_total: usize,
    /// Key people's birthdays in the next 7 days.
    pub birthdays: Vec<Birthday>,
    /// Planned visits whose day has passed without a log.
    pub unlogged: Vec<Entity>,
    /// Customer names by id, for everything above.
    pub names: HashMap<String, String>,
}

impl Store {
    /// Last in-person visit and last call per customer (done, live).
    pub fn last_contacts(&self) -> Result<HashMap<String, LastContacts>> {
        let mut stmt = self.conn.prepare(
            "SELECT customer_id, kind, max(date) FROM visit WHERE status = 'done' AND cl % 2 = 1 GROUP BY customer_id, kind",
        )?;
        let mut out: HashMap<String, LastContacts> = HashMap::new();
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, kind, date) = row?;
            let entry = out.entry(id).or_default();
            let d = parse_iso_date(&date);
            if kind == "call" { entry.1 = d } else { entry.0 = d }
        }
        Ok(out)
    }

    /// Every live customer's standing against its norms (per-customer
    /// overrides win over the tier's).
    pub fn standings(&self, cadence: &Cadence, today: NaiveDate) -> Result<Vec<CustomerStanding>> {
        let contacts = self.last_contacts()?;
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.name, c.purchase, c.potential, c.tier_override, c.call_norm, c.visit_norm
             FROM customer c WHERE c.cl % 2 = 1",
        )?;
        let rows = stmt.query_map([], |r| {
            let score = |i: usize| -> rusqlite::Result<Option<u8>> {
                Ok(r.get::<_, Option<i64>>(i)?.map(|v| v.clamp(0, 4) as u8))
            };
            let tier =
                classify(score(2)?, score(3)?, r.get::<_, Option<String>>(4)?.and_then(|t| Tier::parse(&t))).tier;
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                tier,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, tier, calls, visits) = row?;
            let norm = norm_for(cadence.norm(tier), calls.as_deref(), visits.as_deref());
            let since = created_on(&id).unwrap_or(today);
            let (last_visit, last_call) = contacts.get(&id).copied().unwrap_or_default();
            out.push(CustomerStanding {
                id,
                name,
                tier,
                standing: Standing::new(last_visit, last_call, norm, since, today),
            });
        }
        Ok(out)
    }

    fn entities_where(
        &self,
        table: &'static crate::domain::schema::Table,
        cond: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<Entity>> {
        let cols: String = table.fields.iter().map(|f| format!(", t.{}", f.name)).collect();
        let sql = format!(
            "SELECT t.id, t.cl, t.updated_ms{cols} FROM {} t JOIN customer c ON c.id = t.customer_id
             WHERE t.cl % 2 = 1 AND c.cl % 2 = 1 AND {cond}",
            table.name
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, |r| super::archive::from_row_pub(table, r))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Planned visits and calls of live customers, by date and time.
    pub fn planned_visits(&self) -> Result<Vec<Entity>> {
        self.entities_where(&VISIT, "t.status = 'planned' ORDER BY t.date, t.time, t.id", [])
    }

    /// Every customer's name by id.
    pub fn customer_names(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare("SELECT id, name FROM customer")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Active follow-ups (open or snoozed), soonest first.
    pub fn active_followups(&self) -> Result<Vec<Entity>> {
        self.entities_where(&FOLLOWUP, "t.status IN ('open', 'snoozed') ORDER BY t.due, t.id", [])
    }

    /// The day's agenda.
    pub fn agenda(&self, cadence: &Cadence, today: NaiveDate) -> Result<Agenda> {
        let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let week_end = today + Duration::days(i64::from(7 - chrono::Datelike::weekday(&today).number_from_monday()));
        let planned = self.entities_where(
            &VISIT,
            "t.status = 'planned' AND t.date >= ?1 AND t.date <= ?2 ORDER BY t.date, t.time, t.id",
            params![iso(today), iso(week_end)],
        )?;
        let unlogged = self.entities_where(
            &VISIT,
            "t.status = 'planned' AND t.date < ?1 ORDER BY t.date, t.id",
            params![iso(today)],
        )?;
        let active = self.active_followups()?;
        let (followups_due, rest): (Vec<Entity>, Vec<Entity>) =
            active.into_iter().partition(|f| f.text("due").is_some_and(|d| d <= iso(today).as_str()));
        let horizon = iso(today + Duration::days(7));
        let followups_upcoming =
            rest.into_iter().filter(|f| f.text("due").is_some_and(|d| d <= horizon.as_str())).collect();
        let standings = self.standings(cadence, today)?;
        let mut overdue: Vec<&CustomerStanding> =
            standings.iter().filter(|s| s.standing.due() == Due::Overdue).collect();
        let overdue_total = overdue.len();
        // A-customers going cold first: class, then days overdue.
        overdue.sort_by_key(|s| (s.tier.class(), std::cmp::Reverse(s.standing.overdue_days()), s.name.as_str()));
        let overdue: Vec<CustomerStanding> = overdue.into_iter().take(OVERDUE_KEPT).cloned().collect();
        let birthdays = self.birthdays(today, 7)?;
        // Names only of the customers the agenda mentions (100k names would
        // be most of the interface's memory).
        let all: HashMap<&str, &str> = standings.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
        let mut names = HashMap::new();
        for e in planned.iter().chain(&followups_due).chain(&followups_upcoming).chain(&unlogged) {
            let id = e.text_or_empty("customer_id");
            if let Some(n) = all.get(id) {
                names.insert(id.to_string(), (*n).to_string());
            }
        }
        for s in &overdue {
            names.insert(s.id.clone(), s.name.clone());
        }
        Ok(Agenda {
            today,
            planned,
            followups_due,
            followups_upcoming,
            overdue,
            overdue_total,
            birthdays,
            unlogged,
            names,
        })
    }

    /// Key people whose birthday falls within `days` from today.
    pub fn birthdays(&self, today: NaiveDate, days: i64) -> Result<Vec<Birthday>> {
        // Only the month-days in the window are read (29 February counts
        // when 28 February is in it), so this stays cheap at 100k people.
        let mut days_in: Vec<String> =
            (0..=days).map(|d| (today + Duration::days(d)).format("%m-%d").to_string()).collect();
        if days_in.iter().any(|d| d == "02-28") {
            days_in.push("02-29".into());
        }
        let list = days_in.iter().map(|d| format!("'{d}'")).collect::<Vec<_>>().join(", ");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.customer_id, c.name, p.id, p.name, p.birthday FROM person p JOIN customer c ON c.id = p.customer_id
             WHERE p.cl % 2 = 1 AND c.cl % 2 = 1 AND p.birthday IS NOT NULL AND substr(p.birthday, -5) IN ({list})"
        ))?;
        let mut out = Vec::new();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (customer_id, customer, person_id, name, birthday) = row?;
            let md = birthday.get(birthday.len().saturating_sub(5)..).unwrap_or("");
            let Some((m, d)) = md.split_once('-') else { continue };
            let (Ok(m), Ok(d)) = (m.parse::<u32>(), d.parse::<u32>()) else { continue };
            let year = chrono::Datelike::year(&today);
            // 29 February in a common year is celebrated on 28 February.
            let on_year = |y: i32| NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, m, d - 1));
            let Some(mut on) = on_year(year) else { continue };
            if on < today {
                match on_year(year + 1) {
                    Some(next) => on = next,
                    None => continue,
                }
            }
            if (on - today).num_days() <= days {
                out.push(Birthday { customer_id, customer, person_id, name, on });
            }
        }
        out.sort_by_key(|b| (b.on, b.name.clone()));
        Ok(out)
    }
}
