//! Follow-ups that dated facts call for: a key person's birthday, the
//! payment due date of an unpaid order, a promised delivery. Each is made
//! once, keyed by the record and date it came from, so a follow-up that was
//! done or dropped is never made again.
//!
//! Their text is not stored: `what` holds the source's name and the title
//! is rendered when read, in the reader's language, from the record `ref`
//! points at ([`Store::render_generated`]). So a book shared between a
//! Chinese and an English session reads right in both, and erasing a
//! person leaves their name in no follow-up.

use super::{Store, Writer};
use crate::domain::entity::Entity;
use crate::domain::fields::Value;
use crate::domain::figures::Unpaid;
use crate::domain::followup;
use crate::domain::schema::FOLLOWUP;
use crate::error::Result;
use chrono::{Duration, NaiveDate};
use rusqlite::{OptionalExtension, params};

/// How far ahead dated facts become follow-ups.
pub const HORIZON_DAYS: i64 = 7;

/// One follow-up a dated fact calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wanted {
    customer: String,
    reference: String,
    due: NaiveDate,
    source: &'static str,
}

impl Store {
    fn wanted_followups(&self, today: NaiveDate, unpaid: &[Unpaid]) -> Result<Vec<Wanted>> {
        let mut out = Vec::new();
        for b in self.birthdays(today, HORIZON_DAYS)? {
            out.push(Wanted {
                customer: b.customer_id,
                reference: format!("birthday:{}:{}", b.person_id, b.on),
                due: b.on,
                source: "birthday",
            });
        }
        let horizon = today + Duration::days(HORIZON_DAYS);
        out.extend(payments_wanted(unpaid, horizon));
        out.extend(deliveries_wanted(&self.conn, horizon, None)?);
        Ok(out)
    }

    /// Make the follow-ups the archive's dated facts call for and that do
    /// not exist yet, and close the payment follow-ups whose order has been
    /// paid since. Returns how many were made.
    pub fn generate_followups(&mut self, today: NaiveDate) -> Result<usize> {
        // What is unpaid, read once for both.
        let unpaid = crate::domain::figures::unpaid(&self.trade_facts(today)?, today);
        let wanted = self.wanted_followups(today, &unpaid)?;
        let paid = paid_followups(&self.conn, &unpaid, None)?;
        if (wanted.is_empty() && paid.is_empty()) || self.is_read_only() {
            return Ok(0);
        }
        self.write(|w| {
            for (id, order) in &paid {
                w.settle_followup(id, order)?;
            }
            let mut made = 0;
            for want in &wanted {
                if w.make_wanted(want)? {
                    made += 1;
                }
            }
            Ok(made)
        })
    }
}

/// Open payment follow-ups (of `customer`, or of all) whose order is not
/// in `unpaid` (by the figures' rule): paid, so done, as the payment that
/// settled it did what they asked.
fn paid_followups(
    conn: &rusqlite::Connection,
    unpaid: &[Unpaid],
    customer: Option<&str>,
) -> Result<Vec<(String, String)>> {
    let unpaid: std::collections::HashSet<&str> = unpaid.iter().map(|u| u.id.as_str()).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, ref FROM followup WHERE source = 'payment' AND cl % 2 = 1 AND ref LIKE 'trade:%' AND status IN {} {}",
        followup::active_sql(),
        if customer.is_some() { "AND customer_id = ?1" } else { "AND ?1 IS NULL" }
    ))?;
    let rows = stmt.query_map([customer], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, reference) = row?;
        let order = reference.split(':').nth(1).unwrap_or("");
        if !unpaid.contains(order) {
            out.push((id, order.to_string()));
        }
    }
    Ok(out)
}

/// The payment follow-ups `unpaid` calls for by `horizon`. What is unpaid
/// by the figures' own rule (payments settle the oldest orders first): an
/// order paid in full, or whose customer owes only on later orders, calls
/// for nothing.
fn payments_wanted(unpaid: &[Unpaid], horizon: NaiveDate) -> Vec<Wanted> {
    unpaid
        .iter()
        .filter_map(|u| {
            let due = u.due.filter(|d| *d <= horizon)?;
            Some(Wanted {
                customer: u.customer_id.clone(),
                reference: format!("trade:{}:{due}", u.id),
                due,
                source: "payment",
            })
        })
        .collect()
}

/// The follow-ups promised deliveries (of `customer`, or all) call for by
/// `horizon`.
fn deliveries_wanted(conn: &rusqlite::Connection, horizon: NaiveDate, customer: Option<&str>) -> Result<Vec<Wanted>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.customer_id, t.due FROM trade t JOIN customer c ON c.id = t.customer_id
         WHERE t.cl % 2 = 1 AND c.cl % 2 = 1 AND t.kind = 'delivery' AND t.due IS NOT NULL AND t.due <= ?1 {}",
        if customer.is_some() { "AND t.customer_id = ?2" } else { "AND ?2 IS NULL" }
    ))?;
    let rows = stmt.query_map(params![horizon.format("%Y-%m-%d").to_string(), customer], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, customer, due) = row?;
        let Some(due) = crate::domain::fields::parse_iso_date(&due) else { continue };
        out.push(Wanted { customer, reference: format!("trade:{id}:{due}"), due, source: "delivery" });
    }
    Ok(out)
}

/// Whether order `id` is live (a deleted one's follow-up is dropped, not
/// done: nothing was collected).
fn order_alive(conn: &rusqlite::Connection, id: &str) -> Result<bool> {
    let cl: Option<i64> =
        conn.prepare_cached("SELECT cl FROM trade WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
    Ok(cl.is_some_and(|cl| cl % 2 == 1))
}

/// `customer`'s payment follow-ups marked done whose order is in `unpaid`.
fn owed_again(conn: &rusqlite::Connection, unpaid: &[Unpaid], customer: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, ref FROM followup WHERE source = 'payment' AND cl % 2 = 1 AND ref LIKE 'trade:%'
           AND status = 'done' AND customer_id = ?1",
    )?;
    let rows = stmt.query_map([customer], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, reference) = row?;
        let order = reference.split(':').nth(1).unwrap_or("");
        if unpaid.iter().any(|u| u.id == order) {
            out.push(id);
        }
    }
    Ok(out)
}

/// What is left unpaid of each of `customer`'s orders as of `today`.
fn left_to_pay(conn: &rusqlite::Connection, customer: &str, today: NaiveDate) -> Result<Vec<Unpaid>> {
    Ok(crate::domain::figures::unpaid(&super::report::trade_facts(conn, today, Some(customer))?, today))
}

impl Store {
    /// Render the titles of generated follow-ups in `list` in the active
    /// language (see the module note); other records are left as they are.
    /// Every read of follow-ups the faces use goes through here.
    pub fn render_generated(&self, list: &mut [Entity]) -> Result<()> {
        let today = self.clock().today();
        // What each customer still owes, read once per customer.
        let mut owed: std::collections::HashMap<String, Vec<Unpaid>> = std::collections::HashMap::new();
        for f in list.iter_mut().filter(|f| followup::is_generated(f)) {
            let target = followup::ref_target(f).unwrap_or("");
            let mut facts = followup::Facts::default();
            if f.text("source") == Some("birthday") {
                facts.person = self
                    .conn
                    .prepare_cached("SELECT name FROM person WHERE id = ?1")?
                    .query_row([target], |r| r.get(0))
                    .optional()?;
            } else if let Some((amount, reference)) = self
                .conn
                .prepare_cached("SELECT amount, reference FROM trade WHERE id = ?1")?
                .query_row([target], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<String>>(1)?)))
                .optional()?
            {
                facts.amount = amount;
                facts.reference = reference;
                // A payment follow-up asks for what is left of its order.
                if f.text("source") == Some("payment") {
                    let customer = f.text_or_empty("customer_id").to_string();
                    if !owed.contains_key(&customer) {
                        let left = left_to_pay(&self.conn, &customer, today)?;
                        owed.insert(customer.clone(), left);
                    }
                    if let Some(u) = owed.get(&customer).and_then(|l| l.iter().find(|u| u.id == target)) {
                        facts.amount = Some(u.amount);
                    }
                }
            }
            if let Some(title) = followup::generated_title(f, &facts) {
                f.values.insert("what", Value::Text(title));
            }
        }
        Ok(())
    }
}

impl Writer<'_> {
    /// Close the open payment follow-ups of `customers` (whose orders or
    /// payments this write touched) that their payments now settle: as the
    /// payment is saved, by any face, not at the next start. Where a trade
    /// was changed or deleted (`true`), a payment follow-up done whose
    /// order is unpaid again is opened again, as undo would: the money is
    /// owed again, and done is otherwise final.
    pub(super) fn close_paid_followups(&mut self, customers: &std::collections::BTreeMap<String, bool>) -> Result<()> {
        for (customer, changed) in customers {
            let unpaid = left_to_pay(self.tx, customer, self.today())?;
            for (id, order) in paid_followups(self.tx, &unpaid, Some(customer))? {
                self.settle_followup(&id, &order)?;
            }
            // An order or delivery falling due from today to the horizon is
            // a follow-up now, as the next start would make it (reading
            // makes none). One already past due — history being entered,
            // its payment perhaps next — waits for the start of a day.
            let horizon = self.today() + Duration::days(HORIZON_DAYS);
            let mut wanted = payments_wanted(&unpaid, horizon);
            wanted.extend(deliveries_wanted(self.tx, horizon, Some(customer))?);
            let today = self.today();
            for want in wanted.iter().filter(|w| w.due >= today) {
                self.make_wanted(want)?;
            }
            if *changed {
                for id in owed_again(self.tx, &unpaid, customer)? {
                    self.restore_fields(
                        &FOLLOWUP,
                        &id,
                        &[("status", Value::Text("open".into())), ("done_on", Value::Null)],
                    )?;
                }
            }
        }
        Ok(())
    }

    /// A payment follow-up whose order needs nothing more: done when paid,
    /// dropped with a reason when the order was deleted (nothing was
    /// collected).
    fn settle_followup(&mut self, id: &str, order: &str) -> Result<()> {
        if order_alive(self.tx, order)? {
            self.followup_done(id, self.today())
        } else {
            self.followup_drop(id, crate::i18n::t("followup.order_deleted"))
        }
    }

    /// Make the follow-up `want` calls for unless it exists; true if made.
    fn make_wanted(&mut self, want: &Wanted) -> Result<bool> {
        // Follow-ups made before schema 3 have random ids: the source
        // decides for them; new ones get ids derived from it, the same on
        // every device.
        if self.followup_exists(&want.reference)? {
            return Ok(false);
        }
        let values = [
            ("customer_id", Value::Text(want.customer.clone())),
            // Language-neutral; rendered when read.
            ("what", Value::Text(want.source.into())),
            ("due", Value::Text(want.due.format("%Y-%m-%d").to_string())),
            ("source", Value::Text(want.source.into())),
            ("status", Value::Text("open".into())),
            ("ref", Value::Text(want.reference.clone())),
        ];
        Ok(self.insert_derived(&FOLLOWUP, &want.reference, &values)?.is_some())
    }

    /// The birthday follow-up of person `id`, made as the person is saved
    /// (any face: the form, `person add/edit`, a restore) when the birthday
    /// falls within [`HORIZON_DAYS`] — the same follow-up, under the same
    /// id, the start of the day would make.
    pub(super) fn birthday_followup(&mut self, id: &str) -> Result<()> {
        self.retire_birthday_followups(id)?;
        let found: Option<(String, String)> = self
            .tx
            .prepare_cached(
                "SELECT p.customer_id, p.birthday FROM person p JOIN customer c ON c.id = p.customer_id
                 WHERE p.id = ?1 AND p.cl % 2 = 1 AND c.cl % 2 = 1 AND p.birthday IS NOT NULL",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((customer, birthday)) = found else { return Ok(()) };
        let today = self.today();
        let Some(on) = followup::next_birthday(&birthday, today) else { return Ok(()) };
        if (on - today).num_days() > HORIZON_DAYS {
            return Ok(());
        }
        let want = Wanted { customer, reference: format!("birthday:{id}:{on}"), due: on, source: "birthday" };
        self.make_wanted(&want).map(|_| ())
    }

    /// Drop the open birthday follow-ups of person `id` that no longer
    /// stand: the person deleted, the birthday cleared or moved to another
    /// day. One still on the person's birthday stays, overdue or not.
    /// Dropped with a reason, as by hand: kept, and it syncs.
    fn retire_birthday_followups(&mut self, id: &str) -> Result<()> {
        let birthday: Option<String> = self
            .tx
            .prepare_cached("SELECT birthday FROM person WHERE id = ?1 AND cl % 2 = 1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten();
        // The month and day a follow-up's date must have (`-11-26`).
        let day = birthday.as_deref().and_then(|b| b.get(b.len().saturating_sub(5)..)).map(|md| format!("-{md}"));
        // `birthday:<id>:` up to `birthday:<id>;` (the next character): a
        // range the `followup_ref` index answers (`+status` keeps SQLite
        // off the status index, which holds most follow-ups), where a LIKE
        // built from a parameter made every person's write scan them all.
        let open: Vec<(String, String)> = self
            .tx
            .prepare_cached(&birthday_followups_sql())?
            .query_map([format!("birthday:{id}:"), format!("birthday:{id};")], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (followup, reference) in open {
            // 29 February is kept on the 28th in other years.
            let stands = day
                .as_deref()
                .is_some_and(|d| reference.ends_with(d) || (d == "-02-29" && reference.ends_with("-02-28")));
            if !stands {
                let why =
                    if day.is_none() { "followup.retired_birthday_gone" } else { "followup.retired_birthday_moved" };
                self.followup_drop(&followup, crate::i18n::t(why))?;
            }
        }
        Ok(())
    }

    /// True when a follow-up (in any state, even deleted) came from `reference`.
    fn followup_exists(&self, reference: &str) -> Result<bool> {
        Ok(self
            .tx
            .query_row("SELECT 1 FROM followup WHERE ref = ?1 LIMIT 1", params![reference], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

/// A person's active birthday follow-ups, by the range of their references
/// (`?1`, `?2`): see `retire_birthday_followups`.
fn birthday_followups_sql() -> String {
    format!(
        "SELECT id, ref FROM followup WHERE ref >= ?1 AND ref < ?2 AND cl % 2 = 1 AND +status IN {}",
        followup::active_sql()
    )
}

#[cfg(test)]
mod tests {
    use crate::clock::FixedClock;
    use crate::domain::pinyin::Romanizer;
    use std::sync::Arc;

    /// Every write of a person asks this: a scan of the follow-ups here
    /// made inserting 100k demo customers 7× slower (366 s against 54 s).
    #[test]
    fn a_persons_birthday_follow_ups_are_found_through_the_ref_index() {
        let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
        let store = crate::store::Store::open_in_memory(clock, Romanizer::default()).unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", super::birthday_followups_sql()))
            .unwrap()
            .query_map(["birthday:a:", "birthday:a;"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.iter().any(|step| step.contains("USING INDEX followup_ref")), "{plan:?}");
    }
}
