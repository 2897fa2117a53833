//! Follow-ups that dated facts call for: a key person's birthday, the
//! payment due date of an unpaid order, a promised delivery. Each is made
//! once, keyed by the record and date it came from, so a follow-up that was
//! done or dropped is never made again.

use super::{Store, Writer};
use crate::domain::fields::{Value, format_money};
use crate::domain::schema::FOLLOWUP;
use crate::error::Result;
use crate::i18n::tf;
use chrono::{Duration, NaiveDate};
use rusqlite::{OptionalExtension, params};

/// How far ahead dated facts become follow-ups.
pub const HORIZON_DAYS: i64 = 7;

/// One follow-up a dated fact calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wanted {
    customer: String,
    reference: String,
    what: String,
    due: NaiveDate,
    source: &'static str,
}

impl Store {
    fn wanted_followups(&self, today: NaiveDate) -> Result<Vec<Wanted>> {
        let mut out = Vec::new();
        for b in self.birthdays(today, HORIZON_DAYS)? {
            out.push(Wanted {
                customer: b.customer_id,
                reference: format!("birthday:{}:{}", b.person_id, b.on),
                what: tf("followup.birthday", &[("name", &b.name), ("date", &b.on.format("%m-%d"))]),
                due: b.on,
                source: "birthday",
            });
        }
        let horizon = (today + Duration::days(HORIZON_DAYS)).format("%Y-%m-%d").to_string();
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.customer_id, t.kind, t.due, t.amount, t.reference FROM trade t JOIN customer c ON c.id = t.customer_id
             WHERE t.cl % 2 = 1 AND c.cl % 2 = 1 AND t.kind IN ('order', 'delivery') AND t.due IS NOT NULL AND t.due <= ?1",
        )?;
        let rows = stmt.query_map([&horizon], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        for row in rows {
            let (id, customer, kind, due, amount, reference) = row?;
            let Some(due) = crate::domain::fields::parse_iso_date(&due) else { continue };
            let (what, source) = if kind == "order" {
                // Only while the customer still owes money.
                if self.dossier(&customer)?.owed <= 0 {
                    continue;
                }
                (tf("followup.payment", &[("amount", &format_money(amount.unwrap_or(0)))]), "payment")
            } else {
                (tf("followup.delivery", &[("reference", &reference.unwrap_or_default())]), "delivery")
            };
            out.push(Wanted { customer, reference: format!("trade:{id}:{due}"), what, due, source });
        }
        Ok(out)
    }

    /// Make the follow-ups the archive's dated facts call for and that do
    /// not exist yet. Returns how many were made.
    pub fn generate_followups(&mut self, today: NaiveDate) -> Result<usize> {
        let wanted = self.wanted_followups(today)?;
        if wanted.is_empty() || self.is_read_only() {
            return Ok(0);
        }
        self.write(|w| {
            let mut made = 0;
            for want in &wanted {
                if !w.followup_exists(&want.reference)? {
                    w.insert(
                        &FOLLOWUP,
                        &[
                            ("customer_id", Value::Text(want.customer.clone())),
                            ("what", Value::Text(want.what.clone())),
                            ("due", Value::Text(want.due.format("%Y-%m-%d").to_string())),
                            ("source", Value::Text(want.source.into())),
                            ("status", Value::Text("open".into())),
                            ("ref", Value::Text(want.reference.clone())),
                        ],
                    )?;
                    made += 1;
                }
            }
            Ok(made)
        })
    }
}

impl Writer<'_> {
    /// True when a follow-up (in any state, even deleted) came from `reference`.
    fn followup_exists(&self, reference: &str) -> Result<bool> {
        Ok(self
            .tx
            .query_row("SELECT 1 FROM followup WHERE ref = ?1 LIMIT 1", params![reference], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
