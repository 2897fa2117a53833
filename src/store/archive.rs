//! Reading the archive: records, dossiers, filters, and the
//! derived search keys.

use super::Store;
use super::records::value_from;
use crate::domain::classify::Tier;
use crate::domain::entity::Entity;
use crate::domain::filter::RecordFacts;
use crate::domain::schema::{COMPETITOR, CUSTOMER, PERSON, TRADE, Table};
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use std::collections::BTreeMap;

pub(super) fn select_sql(table: &Table) -> String {
    let cols: String = table.fields.iter().map(|f| format!(", {}", f.name)).collect();
    format!("SELECT id, cl, updated_ms{cols} FROM {}", table.name)
}

fn from_row(table: &'static Table, row: &Row<'_>) -> rusqlite::Result<Entity> {
    let cl: i64 = row.get(1)?;
    let mut values = BTreeMap::new();
    for (i, spec) in table.fields.iter().enumerate() {
        let v = value_from(spec.kind, row.get_ref(i + 3)?);
        if !v.is_null() {
            values.insert(spec.name, v);
        }
    }
    Ok(Entity { table, id: row.get(0)?, alive: cl % 2 == 1, updated_ms: row.get(2)?, values })
}

/// Build an entity from a row selected with the table's columns after
/// `id, cl, updated_ms`.
pub(super) fn from_row_pub(table: &'static Table, row: &Row<'_>) -> rusqlite::Result<Entity> {
    from_row(table, row)
}

/// One record by exact id, alive or not.
pub(super) fn load(conn: &Connection, table: &'static Table, id: &str) -> Result<Option<Entity>> {
    Ok(conn
        .prepare_cached(&format!("{} WHERE id = ?1", select_sql(table)))?
        .query_row([id], |r| from_row(table, r))
        .optional()?)
}

/// A customer's class for search ties: 0 for A, 1 for B, 2 for C.
pub(super) fn class_rank(c: &Entity) -> u8 {
    match c.classification().tier.class() {
        crate::domain::classify::Class::A => 0,
        crate::domain::classify::Class::B => 1,
        crate::domain::classify::Class::C => 2,
    }
}

/// Days from the common era.
pub(super) fn day_number(d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}

/// What the search index holds per customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry {
    /// Customer id.
    pub id: String,
    /// Stored key: class, last contact and preferred readings (see
    /// `crate::search::record`).
    pub key: String,
    /// The searchable texts, name first, separated by spaces.
    pub display: String,
}

pub use crate::domain::filter::CustomerFilter;

/// A customer with everything attached: the 360° view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dossier {
    /// The customer.
    #[serde(skip)]
    pub customer: Entity,
    /// Live key people.
    #[serde(skip)]
    pub people: Vec<Entity>,
    /// Live competitor notes.
    #[serde(skip)]
    pub competitors: Vec<Entity>,
    /// Live purchase/sales records, newest first.
    #[serde(skip)]
    pub trades: Vec<Entity>,
    /// Visits and calls, newest first.
    #[serde(skip)]
    pub visits: Vec<Entity>,
    /// Follow-ups, soonest due first.
    #[serde(skip)]
    pub followups: Vec<Entity>,
    /// Opportunities, open first.
    #[serde(skip)]
    pub opportunities: Vec<Entity>,
    /// Orders minus payments received, in minor units.
    pub owed: i64,
}

/// Orders minus payments, over live records.
///
/// Saturating: amounts near the largest integer never wrap into a negative
/// debt or panic (bounded amounts at input are the other half of the rule).
pub fn owed(trades: &[Entity]) -> i64 {
    trades.iter().filter(|t| t.alive).fold(0_i64, |acc, t| match t.text("kind") {
        Some("order") => acc.saturating_add(t.int("amount").unwrap_or(0)),
        Some("payment") => acc.saturating_sub(t.int("amount").unwrap_or(0)),
        _ => acc,
    })
}

impl Store {
    /// One record by exact id, alive or not.
    pub fn get(&self, table: &'static Table, id: &str) -> Result<Option<Entity>> {
        let mut found: Vec<Entity> = load(&self.conn, table, id)?.into_iter().collect();
        self.render_generated(&mut found)?;
        Ok(found.pop())
    }

    /// Customers matching `filter`, by name, with the due state taken
    /// against `cadence` on `today` (the filter model both faces share).
    pub fn customers_on(
        &self,
        filter: &CustomerFilter,
        cadence: &crate::config::Cadence,
        today: chrono::NaiveDate,
    ) -> Result<Vec<Entity>> {
        let Some(due) = filter.due else { return self.customers(filter) };
        let states: std::collections::HashMap<String, crate::domain::cadence::Due> =
            self.standings(cadence, today)?.into_iter().map(|s| (s.id, s.standing.due())).collect();
        let rest = CustomerFilter { due: None, ..filter.clone() };
        let wanted = CustomerFilter { due: Some(due), ..CustomerFilter::default() };
        Ok(self
            .customers(&rest)?
            .into_iter()
            .filter(|c| wanted.matches(&RecordFacts::new(c, states.get(&c.id).copied())))
            .collect())
    }

    /// Customers matching `filter` (whose due condition, needing the
    /// norms, must be unset: see [`Store::customers_on`]), by name.
    pub fn customers(&self, filter: &CustomerFilter) -> Result<Vec<Entity>> {
        if filter.due.is_some() {
            return Err(Error::invalid("error.due_filter_internal", &[]));
        }
        let mut sql = select_sql(&CUSTOMER);
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if !filter.include_deleted {
            conds.push("cl % 2 = 1".into());
        }
        for (col, v) in [
            ("kind", &filter.kind),
            ("status", &filter.status),
            ("industry", &filter.industry),
            ("region", &filter.region),
            ("city", &filter.city),
        ] {
            if let Some(v) = v {
                args.push(v.clone());
                conds.push(format!("{col} = ?{}", args.len()));
            }
        }
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| from_row(&CUSTOMER, r))?;
        let mut out = Vec::new();
        for row in rows {
            let c = row?;
            if filter.matches(&RecordFacts::new(&c, None)) {
                out.push(c);
            }
        }
        self.in_name_order(&mut out);
        Ok(out)
    }

    /// Soft-deleted customers, by name (the interface lists them when asked;
    /// the search index holds only live ones).
    pub fn deleted_customers(&self) -> Result<Vec<Entity>> {
        let mut stmt = self.conn.prepare(&format!("{} WHERE cl % 2 = 0", select_sql(&CUSTOMER)))?;
        let rows = stmt.query_map([], |r| from_row(&CUSTOMER, r))?;
        let mut out: Vec<Entity> = rows.collect::<rusqlite::Result<_>>()?;
        self.in_name_order(&mut out);
        Ok(out)
    }

    /// Customers in the list's name order: by pinyin (see
    /// [`crate::search::sort_key`]), ties by id.
    fn in_name_order(&self, customers: &mut [Entity]) {
        customers.sort_by_cached_key(|c| (crate::search::sort_key(&self.romanizer, c.title()), c.id.clone()));
    }

    /// Live records of a child table for one customer (see
    /// [`Store::records`], the one query every list uses).
    pub fn children(&self, table: &'static Table, customer_id: &str) -> Result<Vec<Entity>> {
        self.records(
            table,
            &crate::store::RecordQuery { customer: Some(customer_id.to_string()), ..Default::default() },
        )
    }

    /// A customer's whole dossier.
    pub fn dossier(&self, customer_id: &str) -> Result<Dossier> {
        let customer = self
            .get(&CUSTOMER, customer_id)?
            .ok_or_else(|| Error::NotFound { what: CUSTOMER.noun, id: customer_id.to_string() })?;
        let trades = self.children(&TRADE, customer_id)?;
        Ok(Dossier {
            owed: owed(&trades),
            people: self.children(&PERSON, customer_id)?,
            competitors: self.children(&COMPETITOR, customer_id)?,
            visits: self.children(&crate::domain::schema::VISIT, customer_id)?,
            followups: self.children(&crate::domain::schema::FOLLOWUP, customer_id)?,
            opportunities: crate::domain::opportunity::in_order(
                self.children(&crate::domain::schema::OPPORTUNITY, customer_id)?,
            ),
            trades,
            customer,
        })
    }

    /// Visit every live customer's (id, sort key, key, display) in storage
    /// order without collecting them (the index packs them as they come).
    pub fn for_each_search_entry(&self, mut f: impl FnMut(&str, &str, &str, &str)) -> Result<()> {
        // Only live customers have a row (see `search_keys::refresh`).
        let mut stmt = self.conn.prepare("SELECT customer_id, sort, key, display, name FROM search_key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i| r.get_ref(i).map(|v| v.as_str().unwrap_or(""));
            let sort = text(1)?;
            if sort.is_empty() {
                // Not yet keyed (a read-only archive from before migration 8).
                f(text(0)?, &crate::search::sort_key(&self.romanizer, text(4)?), text(2)?, text(3)?);
            } else {
                f(text(0)?, sort, text(2)?, text(3)?);
            }
        }
        Ok(())
    }

    /// Every live customer's search key, in name order.
    pub fn search_entries(&self) -> Result<Vec<SearchEntry>> {
        let mut stmt =
            self.conn.prepare("SELECT customer_id, key, display FROM search_key ORDER BY sort, customer_id")?;
        let rows = stmt.query_map([], |r| {
            let display: String = r.get(2)?;
            let display = crate::search::record::fields(&display).map(|(_, t)| t).collect::<Vec<_>>().join(" ");
            Ok(SearchEntry { id: r.get(0)?, key: r.get(1)?, display })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Count of live customers per tier.
    pub fn tier_counts(&self) -> Result<BTreeMap<Tier, usize>> {
        let mut out = BTreeMap::new();
        for c in self.customers(&CustomerFilter::default())? {
            *out.entry(c.classification().tier).or_insert(0) += 1;
        }
        Ok(out)
    }

    /// Rebuild every customer's search key (after the pinyin tables change).
    pub fn rebuild_search(&mut self) -> Result<usize> {
        let ids: std::collections::BTreeSet<String> = {
            let mut stmt = self.conn.prepare("SELECT id FROM customer")?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let tx = self.conn.transaction()?;
        super::search_keys::refresh(&tx, &self.romanizer, &ids)?;
        tx.commit()?;
        Ok(ids.len())
    }
}
