//! Visits, follow-ups and cadence: the agenda `repbook due` and the Today
//! screen show, and standings against the contact norms. The writes of the
//! daily loop are in `log`.

mod across;
pub(super) mod log;

pub use across::RecordQuery;

use super::Store;
use crate::config::Cadence;
use crate::domain::cadence::{Due, Standing};
use crate::domain::classify::{Tier, classify};
use crate::domain::entity::Entity;
use crate::domain::fields::parse_iso_date;
use crate::domain::schema::{FOLLOWUP, VISIT};
use crate::error::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;

pub use crate::domain::cadence::norm_for;

pub use crate::domain::entity::created_on;

/// The order follow-ups are listed in, everywhere: by due day, then by
/// customer name and what they are about, so ties of a day always read the
/// same (generated follow-ups have ids of their source, not of their day).
pub(super) const FOLLOWUP_ORDER: &str = "t.due, c.name, t.source, t.what, t.ref, t.id";

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

/// How many overdue customers an agenda keeps; `repbook due` and Today show
/// exactly these (the list's overdue sort shows them all).
pub const OVERDUE_KEPT: usize = 30;

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
        self.contacts_of(None, None)
    }

    /// One customer's last in-person visit and last call (to update its
    /// list row after a write).
    pub fn last_contacts_of(&self, customer_id: &str) -> Result<LastContacts> {
        Ok(self.contacts_of(Some(customer_id), None)?.remove(customer_id).unwrap_or_default())
    }

    /// Last visit and call per customer, held on or before `until` (all
    /// when `None`).
    fn contacts_of(&self, customer: Option<&str>, until: Option<NaiveDate>) -> Result<HashMap<String, LastContacts>> {
        let only = if customer.is_some() { " AND customer_id = ?1" } else { "" };
        let until = until.map_or_else(String::new, |d| format!(" AND date <= '{}'", d.format("%Y-%m-%d")));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT customer_id, kind, max(date) FROM visit WHERE status = 'done' AND cl % 2 = 1{only}{until} GROUP BY customer_id, kind"
        ))?;
        let mut out: HashMap<String, LastContacts> = HashMap::new();
        let read = |r: &rusqlite::Row<'_>| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?));
        let rows = match customer {
            Some(c) => stmt.query_map([c], read)?.collect::<rusqlite::Result<Vec<_>>>()?,
            None => stmt.query_map([], read)?.collect::<rusqlite::Result<Vec<_>>>()?,
        };
        for (id, kind, date) in rows {
            let entry = out.entry(id).or_default();
            let d = parse_iso_date(&date);
            if kind == "call" { entry.1 = d } else { entry.0 = d }
        }
        Ok(out)
    }

    /// Every live customer's standing against its norms (per-customer
    /// overrides win over the tier's).
    pub fn standings(&self, cadence: &Cadence, today: NaiveDate) -> Result<Vec<CustomerStanding>> {
        self.standings_with(cadence, today, &self.last_contacts()?)
    }

    /// Every customer's standing as it was at the end of `day` (counting
    /// only what was held by then), with its last contact by then; customers
    /// added later and not contacted by then are left out (a record typed in
    /// later for an earlier visit keeps its customer in).
    pub fn standings_on(
        &self,
        cadence: &Cadence,
        day: NaiveDate,
    ) -> Result<Vec<(CustomerStanding, Option<NaiveDate>)>> {
        let contacts = self.contacts_of(None, Some(day))?;
        let all = self.standings_with(cadence, day, &contacts)?;
        Ok(all
            .into_iter()
            .filter(|s| created_on(&s.id).is_none_or(|born| born <= day) || contacts.contains_key(&s.id))
            .map(|s| {
                let (visit, call) = contacts.get(&s.id).copied().unwrap_or_default();
                (s, visit.max(call))
            })
            .collect())
    }

    fn standings_with(
        &self,
        cadence: &Cadence,
        today: NaiveDate,
        contacts: &HashMap<String, LastContacts>,
    ) -> Result<Vec<CustomerStanding>> {
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
            let standing = Standing::of(
                cadence.norm(tier),
                (calls.as_deref(), visits.as_deref()),
                contacts.get(&id).copied().unwrap_or_default(),
                created_on(&id).unwrap_or(today),
                today,
            );
            out.push(CustomerStanding { id, name, tier, standing });
        }
        Ok(out)
    }

    /// One customer's standing against its norms, as the list and the
    /// agenda compute it (the dossier shows it).
    pub fn standing(&self, cadence: &Cadence, customer: &Entity, today: NaiveDate) -> Result<Standing> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, max(date) FROM visit WHERE customer_id = ?1 AND status = 'done' AND cl % 2 = 1 GROUP BY kind",
        )?;
        let rows = stmt.query_map([&customer.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut contacts: LastContacts = (None, None);
        for row in rows {
            let (kind, date) = row?;
            if kind == "call" { contacts.1 = parse_iso_date(&date) } else { contacts.0 = parse_iso_date(&date) }
        }
        Ok(Standing::of(
            cadence.norm(customer.classification().tier),
            (customer.text("call_norm"), customer.text("visit_norm")),
            contacts,
            created_on(&customer.id).unwrap_or(today),
            today,
        ))
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
        let mut out: Vec<Entity> = rows.collect::<rusqlite::Result<_>>()?;
        self.render_generated(&mut out)?;
        Ok(out)
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
        let active = crate::domain::followup::active_sql();
        self.entities_where(&FOLLOWUP, &format!("t.status IN {active} ORDER BY {FOLLOWUP_ORDER}"), [])
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
            // 29 February in a common year is celebrated on 28 February.
            let Some(on) = crate::domain::followup::next_birthday(&birthday, today) else { continue };
            if (on - today).num_days() <= days {
                out.push(Birthday { customer_id, customer, person_id, name, on });
            }
        }
        out.sort_by_key(|b| (b.on, b.name.clone()));
        Ok(out)
    }
}
