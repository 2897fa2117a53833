//! The facts behind the reports (DOMAIN §7), gathered for the pure
//! builders in `domain::report`.

use super::Store;
use crate::config::Cadence;
use crate::domain::fields::parse_iso_date;
use crate::domain::figures::{ContactFact, Figures, TradeFact, figures};
use crate::domain::period::month_end;
use crate::domain::report::{Held, Subject, VisitStats, visit_stats};
use crate::error::Result;
use chrono::NaiveDate;

impl Store {
    /// The monthly visit statistics table for the month starting `month`;
    /// standings are taken at the month's end, or `today` while it runs.
    pub fn visit_stats(&self, cadence: &Cadence, month: NaiveDate, today: NaiveDate) -> Result<VisitStats> {
        let last = month_end(month);
        let as_of = last.min(today);
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.customer_id, v.date, v.kind, v.outcome FROM visit v JOIN customer c ON c.id = v.customer_id
             WHERE v.status = 'done' AND v.cl % 2 = 1 AND c.cl % 2 = 1 AND v.date >= ?1 AND v.date <= ?2",
        )?;
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let held: Vec<Held> = stmt
            .query_map([day(month), day(last)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(customer_id, date, kind, outcome)| {
                Some(Held { customer_id, date: parse_iso_date(&date)?, call: kind == "call", outcome })
            })
            .collect();
        let subjects: Vec<Subject> = self
            .standings_on(cadence, as_of)?
            .into_iter()
            .map(|(s, last_contact)| Subject {
                id: s.id,
                name: s.name,
                tier: s.tier,
                standing: s.standing,
                last_contact,
            })
            .collect();
        Ok(visit_stats(month, (as_of, today), &held, &subjects))
    }

    /// The rep's figures for `from..=to`: orders and payments of live
    /// customers (all of them up to `to`, to know what was owed), visits and
    /// calls held in the period, customers added in it.
    pub fn figures(&self, from: NaiveDate, to: NaiveDate) -> Result<Figures> {
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let trades = self.trade_facts(to)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.kind, v.outcome FROM visit v JOIN customer c ON c.id = v.customer_id
             WHERE v.status = 'done' AND v.cl % 2 = 1 AND c.cl % 2 = 1 AND v.date >= ?1 AND v.date <= ?2",
        )?;
        let contacts: Vec<ContactFact> = stmt
            .query_map([day(from), day(to)], |r| {
                Ok(ContactFact { call: r.get::<_, String>(0)? == "call", outcome: r.get(1)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached("SELECT id FROM customer WHERE cl % 2 = 1")?;
        let new = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .filter_map(std::result::Result::ok)
            .filter(|id| super::created_on(id).is_some_and(|d| (from..=to).contains(&d)))
            .count();
        let mut f = figures(from, to, &trades, &contacts, u32::try_from(new).unwrap_or(u32::MAX));
        // While the period runs (or before it begins), what is owed and
        // overdue "at the end" is what is so today: a week under way does
        // not count as overdue what falls due before its Sunday.
        let today = self.clock().today();
        if today < to {
            (f.owed, f.overdue) = crate::domain::figures::owed_at(&trades, today);
        }
        // The funnel and the customers qualified (issue 10 §7).
        f.funnel = crate::domain::funnel::FunnelFigures::from(&self.funnel(self.stages(), from, to)?);
        (f.qualified, f.qualified_new) = self.qualified_counts(from, to)?;
        Ok(f)
    }

    /// The orders and payments of live customers dated up to `to`: what
    /// the figures and the weekly plan's payments due are computed from.
    pub fn trade_facts(&self, to: NaiveDate) -> Result<Vec<TradeFact>> {
        trade_facts(&self.conn, to, None)
    }
}

/// The orders and payments dated up to `to` of live customers, or of the
/// one customer given: [`Store::trade_facts`], also read inside a write.
pub(super) fn trade_facts(
    conn: &rusqlite::Connection,
    to: NaiveDate,
    customer: Option<&str>,
) -> Result<Vec<TradeFact>> {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    // One customer's through the index on (customer_id, date).
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.customer_id, t.date, t.kind, t.amount, t.due, t.id FROM trade t JOIN customer c ON c.id = t.customer_id
         WHERE t.cl % 2 = 1 AND c.cl % 2 = 1 AND t.kind IN ('order', 'payment') AND t.date <= ?1 {}",
        if customer.is_some() { "AND t.customer_id = ?2" } else { "AND ?2 IS NULL" }
    ))?;
    // Each row made a fact as it is read: the texts a fact's date, kind
    // and due are parsed from are not all held at once (at 100k customers
    // there are hundreds of thousands of trades).
    let rows = stmt.query_map(rusqlite::params![day(to), customer], |r| {
        let day_at = |i: usize| r.get_ref(i).map(|v| v.as_str().ok().and_then(parse_iso_date));
        let Some(date) = day_at(1)? else { return Ok(None) };
        Ok(Some(TradeFact {
            id: r.get(5)?,
            customer_id: r.get(0)?,
            date,
            order: r.get_ref(2)?.as_str().is_ok_and(|k| k == "order"),
            amount: r.get::<_, Option<i64>>(3)?.unwrap_or(0).max(0),
            due: day_at(4)?,
        }))
    })?;
    let mut trades = Vec::new();
    for row in rows {
        if let Some(fact) = row? {
            trades.push(fact);
        }
    }
    Ok(trades)
}
