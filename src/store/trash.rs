//! The Trash (issue 9 §1.2): every soft-deleted customer, key person,
//! competitor note, record and visit, with when it was deleted and whose it
//! is, and restoring one. Follow-ups are never deleted (they end done or
//! dropped), so they are never here.

use super::Store;
use super::archive::{from_row_pub, load};
use super::changes::Writer;
use crate::domain::entity::Entity;
use crate::domain::schema::{COMPETITOR, CUSTOMER, OPPORTUNITY, PERSON, REVIEW_ACT, TRADE, Table, VISIT};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// The tables whose records can be deleted and restored.
pub const TRASH_TABLES: [&Table; 7] = [&CUSTOMER, &PERSON, &COMPETITOR, &TRADE, &VISIT, &OPPORTUNITY, &REVIEW_ACT];

/// One deleted record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrashItem {
    /// The record (deleted).
    #[serde(skip)]
    pub entity: Entity,
    /// Its table's name (`person`).
    pub table: &'static str,
    /// Its id.
    pub id: String,
    /// How the rep names it.
    pub name: String,
    /// Its customer's id (its own for a customer).
    pub customer_id: String,
    /// Its customer's name.
    pub customer: String,
    /// True when its customer is deleted too (restoring it alone would
    /// leave it under a deleted customer).
    pub customer_deleted: bool,
    /// When it was deleted, ms since the epoch.
    pub deleted_ms: i64,
}

impl Store {
    /// Deleted records, most recently deleted first; only those of one
    /// customer (and the customer itself) when `customer` is given.
    pub fn trash(&self, customer: Option<&str>) -> Result<Vec<TrashItem>> {
        let mut out = Vec::new();
        for table in TRASH_TABLES {
            let cols: String = table.fields.iter().map(|f| format!(", {}", f.name)).collect();
            let owner = if table.parent.is_some() { "customer_id" } else { "id" };
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, cl, updated_ms{cols} FROM {} WHERE cl % 2 = 0 AND (?1 IS NULL OR {owner} = ?1)",
                table.name
            ))?;
            let found: Vec<Entity> =
                stmt.query_map([customer], |r| from_row_pub(table, r))?.collect::<rusqlite::Result<_>>()?;
            for entity in found {
                let customer_id = if table.parent.is_some() {
                    entity.text_or_empty("customer_id").to_string()
                } else {
                    entity.id.clone()
                };
                let owner = load(&self.conn, &CUSTOMER, &customer_id)?;
                let at = self.deleted_at(&entity)?;
                out.push((
                    at,
                    TrashItem {
                        table: table.name,
                        id: entity.id.clone(),
                        name: entity.label(),
                        customer: owner.as_ref().map(|c| c.title().to_string()).unwrap_or_default(),
                        customer_deleted: owner.is_some_and(|c| !c.alive),
                        deleted_ms: at.map_or(entity.updated_ms, |h| Hlc::from_i64(h).millis()),
                        customer_id,
                        entity,
                    },
                ));
            }
        }
        // By the clock of the delete: deletes in the same millisecond keep
        // their order.
        out.sort_by(|(a, x), (b, y)| {
            b.cmp(a).then_with(|| y.deleted_ms.cmp(&x.deleted_ms)).then_with(|| x.id.cmp(&y.id))
        });
        Ok(out.into_iter().map(|(_, i)| i).collect())
    }

    /// When a deleted record was deleted: the clock of its last `_cl`
    /// record (None when the log has none).
    fn deleted_at(&self, e: &Entity) -> Result<Option<i64>> {
        let Some(row) = super::ids::find_row(&self.conn, &e.id)? else { return Ok(None) };
        let hlc: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT max(l.hlc) FROM change_log l JOIN col_ref c ON c.n = l.col WHERE l.row = ?1 AND c.col = '_cl'",
            )?
            .query_row(params![row], |r| r.get(0))
            .optional()?
            .flatten();
        Ok(hlc)
    }

    /// A record of any table the Trash holds, by full id or a unique part
    /// of one (as lists show it).
    pub fn resolve_trash(&self, id_or_part: &str) -> Result<(&'static Table, String)> {
        let mut found = Vec::new();
        for table in TRASH_TABLES {
            match self.resolve(table, id_or_part) {
                Ok(id) => found.push((table, id)),
                Err(Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        match found.len() {
            0 => Err(Error::NotFound { what: "entity.record", id: id_or_part.to_string() }),
            1 => Ok(found.remove(0)),
            _ => Err(Error::Ambiguous {
                what: "entity.record",
                id: id_or_part.to_string(),
                candidates: found
                    .iter()
                    .map(|(table, id)| format!("{} {}", crate::i18n::t(table.noun), crate::text::short_id(id)))
                    .collect(),
            }),
        }
    }

    /// The deleted customer a record belongs to, if its customer is
    /// deleted (restoring the record alone would hide it under it).
    pub fn deleted_customer_of(&self, table: &'static Table, id: &str) -> Result<Option<Entity>> {
        if table.parent.is_none() {
            return Ok(None);
        }
        let Some(e) = load(&self.conn, table, id)? else { return Ok(None) };
        Ok(load(&self.conn, &CUSTOMER, e.text_or_empty("customer_id"))?.filter(|c| !c.alive))
    }
}

impl Writer<'_> {
    /// Restore a deleted record. A record whose customer is deleted is
    /// restored only with its customer (`with_customer`), else refused
    /// with the customer's name. False when it was not deleted.
    pub fn restore(&mut self, table: &'static Table, id: &str, with_customer: bool) -> Result<bool> {
        if table.parent.is_some() {
            let e =
                load(self.tx, table, id)?.ok_or_else(|| Error::NotFound { what: table.noun, id: id.to_string() })?;
            let cid = e.text_or_empty("customer_id");
            if let Some(c) = load(self.tx, &CUSTOMER, cid)?.filter(|c| !c.alive) {
                if !with_customer {
                    return Err(Error::invalid("trash.customer_deleted", &[("name", &c.title())]));
                }
                self.set_alive(&CUSTOMER, cid, true)?;
            }
        }
        self.set_alive(table, id, true)
    }
}

/// A customer with open follow-ups is not deleted: they would be lost from
/// Today with it. Asked before the delete question too
/// ([`Store::check_delete`]), so nobody says yes to be refused.
pub(super) fn check_deletable(conn: &rusqlite::Connection, customer_id: &str) -> Result<()> {
    let open: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM followup WHERE customer_id = ?1 AND cl % 2 = 1 AND status IN {}",
            crate::domain::followup::active_sql()
        ),
        [customer_id],
        |r| r.get(0),
    )?;
    if open > 0 {
        return Err(Error::invalid("error.customer_has_followups", &[("count", &open)]));
    }
    Ok(())
}

impl Store {
    /// Whether deleting `id` of `table` would be refused, and why — the
    /// Writer's own rule, asked before the question.
    pub fn check_delete(&self, table: &Table, id: &str) -> Result<()> {
        if table.name == "followup" {
            return Err(Error::invalid("error.followup_no_delete", &[]));
        }
        if table.name == "customer" {
            check_deletable(&self.conn, id)?;
        }
        Ok(())
    }
}
