//! Undo (issue 9 §1.2): a write of this device taken back by a new write
//! that puts back what the change log says was there before. History is
//! never rewritten: the undo is itself a write (it syncs, and can be undone
//! in turn). A field changed again since the write — by another process, a
//! sync, a later edit — is left as it is, and named.

use super::Store;
use super::changes::Writer;
use super::records::{CL_COLUMN, ERASE_COLUMN, INSERT_COLUMN, Stamp, field_stamp};
use crate::domain::fields::{Kind, Value};
use crate::domain::schema::{self, FOLLOWUP, Table};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use crate::i18n::{t, tf};
use rusqlite::{Connection, OptionalExtension, params};

/// What a write did to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteKind {
    /// Created it.
    Added,
    /// Deleted it (it can be restored).
    Deleted,
    /// Restored it.
    Restored,
    /// Changed these fields.
    Edited(Vec<&'static str>),
    /// Marked a follow-up done.
    Done,
    /// Erased it for privacy (cannot be undone).
    Erased,
}

/// One record a write touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteItem {
    /// Its table.
    pub table: &'static Table,
    /// Its id.
    pub id: String,
    /// How the rep names it (see `Entity::label`), as it is now.
    pub name: String,
    /// What the write did to it.
    pub kind: WriteKind,
}

/// One write (a transaction) of this device, as the rep would say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// Its transaction id (the seq of its first change record).
    pub tx: i64,
    /// When, ms since the epoch.
    pub at_ms: i64,
    /// The records it touched, in the order it touched them.
    pub items: Vec<WriteItem>,
}

/// What an undo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// The write taken back.
    pub undid: Write,
    /// The transaction id of the undo itself (undo it to redo).
    pub tx: Option<i64>,
    /// Sentences for what was left as it is (changed since).
    pub kept: Vec<String>,
}

impl WriteItem {
    /// "deleted key person 王强", "edited customer 华为 (Phone, City)".
    pub fn describe(&self) -> String {
        let name = crate::text::one_line(&self.name).into_owned();
        // A visit or record is named by its kind and date ("visit
        // 2026-11-23", "phone call 2026-11-23"): the kind says what it is,
        // not the table's noun before it again.
        let (what, name) = match (self.table.name, name.rsplit_once(' ')) {
            ("visit" | "trade", Some((kind, date))) if !kind.trim().is_empty() => (kind.to_string(), date.to_string()),
            _ => (t(self.table.noun).to_string(), name),
        };
        let args: [(&str, &dyn std::fmt::Display); 2] = [("what", &what), ("name", &name)];
        match &self.kind {
            WriteKind::Added => tf("undo.added", &args),
            WriteKind::Deleted => tf("undo.deleted", &args),
            WriteKind::Restored => tf("undo.restored", &args),
            WriteKind::Done => tf("undo.done", &args),
            WriteKind::Erased => tf("undo.erased", &args),
            WriteKind::Edited(fields) => {
                let labels: Vec<&str> = fields.iter().map(|f| self.table.field(f).map_or(*f, |s| s.label())).collect();
                tf(
                    "undo.edited",
                    &[("what", &what), ("name", &name), ("fields", &labels.join(crate::i18n::list_separator()))],
                )
            }
        }
    }
}

impl Write {
    /// The whole write in one line.
    pub fn describe(&self) -> String {
        // A write of many records (a demo, an import) is named by its first
        // few: a line, not a page.
        const NAMED: usize = 3;
        let named: Vec<String> = self.items.iter().take(NAMED).map(WriteItem::describe).collect();
        let mut s = named.join(crate::i18n::clause_separator());
        if self.items.len() > NAMED {
            s.push_str(&tf("undo.and_more", &[("count", &(self.items.len() - NAMED))]));
        }
        s
    }
}

impl Undone {
    /// "Undone: deleted key person 王强", then what was kept.
    pub fn message(&self) -> String {
        let mut s = tf("undo.undone", &[("what", &self.undid.describe())]);
        for k in &self.kept {
            s.push_str(" · ");
            s.push_str(k);
        }
        s
    }
}

/// One change record of a write, with its row as interned and as an id.
struct Rec {
    hlc: i64,
    row: i64,
    id: String,
    table: String,
    col: String,
    value: Option<String>,
}

/// The records of write `tx` of device `origin`, grouped by row in the
/// order the write first touched each. A write's records are contiguous
/// from seq `tx` (it holds the write lock), so this reads the key range
/// from there and stops at the next write: no scan of the log.
fn groups(conn: &Connection, origin: i64, tx: i64) -> Result<Vec<Vec<Rec>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.hlc, l.row, r.uuid, c.tbl, c.col, l.value, l.tx
         FROM change_log l JOIN col_ref c ON c.n = l.col JOIN row_ref r ON r.n = l.row
         WHERE l.origin = ?1 AND l.seq >= ?2 ORDER BY l.seq",
    )?;
    let mut rows = stmt.query(params![origin, tx])?;
    let mut out: Vec<Vec<Rec>> = Vec::new();
    while let Some(r) = rows.next()? {
        if r.get::<_, i64>(6)? != tx {
            break;
        }
        let rec = Rec {
            hlc: r.get(0)?,
            row: r.get(1)?,
            id: super::ids::key_id(r.get_ref(2)?),
            table: r.get(3)?,
            col: r.get(4)?,
            value: r.get(5)?,
        };
        match out.iter_mut().find(|g| g[0].row == rec.row) {
            Some(g) => g.push(rec),
            None => out.push(vec![rec]),
        }
    }
    Ok(out)
}

fn cl_value(rec: &Rec) -> Option<i64> {
    rec.value.as_deref().and_then(|v| v.parse().ok())
}

/// The fields a group edits, each with its last record in the write.
fn edited<'a>(table: &'static Table, group: &'a [Rec]) -> Vec<(&'static str, &'a Rec)> {
    let mut out: Vec<(&'static str, &Rec)> = Vec::new();
    for rec in group {
        let Some(spec) = table.field(&rec.col).filter(|s| s.kind != Kind::Ref) else { continue };
        match out.iter_mut().find(|(f, _)| *f == spec.name) {
            Some(slot) => slot.1 = rec,
            None => out.push((spec.name, rec)),
        }
    }
    out
}

fn kind_of(table: &'static Table, group: &[Rec]) -> WriteKind {
    if group.iter().any(|r| r.col == ERASE_COLUMN) {
        return WriteKind::Erased;
    }
    if group.iter().any(|r| r.col == INSERT_COLUMN) {
        return WriteKind::Added;
    }
    if let Some(cl) = group.iter().rev().find(|r| r.col == CL_COLUMN).and_then(cl_value) {
        return if cl == 1 {
            WriteKind::Added
        } else if cl % 2 == 0 {
            WriteKind::Deleted
        } else {
            WriteKind::Restored
        };
    }
    let fields = edited(table, group);
    if std::ptr::eq(table, &raw const FOLLOWUP)
        && fields.iter().any(|(f, r)| *f == "status" && r.value.as_deref() == Some("\"done\""))
    {
        return WriteKind::Done;
    }
    WriteKind::Edited(fields.into_iter().map(|(f, _)| f).collect())
}

/// The value a field held just before clock `hlc` (None when it was
/// scrubbed by a privacy erase and cannot be put back).
fn value_before(conn: &Connection, row: i64, table: &str, field: &str, hlc: i64) -> Result<Option<Value>> {
    let found: Option<(String, Option<String>)> = conn
        .prepare_cached(
            "SELECT c.col, l.value FROM change_log l JOIN col_ref c ON c.n = l.col
             WHERE l.row = ?1 AND c.tbl = ?2 AND c.col IN (?3, '_insert') AND l.hlc < ?4
             ORDER BY l.hlc DESC LIMIT 1",
        )?
        .query_row(params![row, table, field, hlc], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match found {
        None => Some(Value::Null),
        Some((_, None)) => None,
        Some((col, Some(json))) if col == INSERT_COLUMN => {
            let object: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&json).map_err(|e| Error::Invalid(e.to_string()))?;
            Some(object.get(field).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or(Value::Null))
        }
        Some((_, Some(json))) => Some(serde_json::from_str(&json).map_err(|e| Error::Invalid(e.to_string()))?),
    })
}

fn causal_length(conn: &Connection, table: &Table, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT cl FROM {} WHERE id = ?1", table.name))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// This device's latest writes, newest first (`repbook undo --list`).
    pub fn writes(&self, limit: usize) -> Result<Vec<Write>> {
        // Newest records first along the key, until `limit` writes are seen.
        let mut stmt = self.conn.prepare("SELECT tx FROM change_log WHERE origin = ?1 ORDER BY seq DESC")?;
        let mut rows = stmt.query(params![self.device.n])?;
        let mut txs: Vec<i64> = Vec::new();
        while txs.len() < limit
            && let Some(r) = rows.next()?
        {
            let tx: i64 = r.get(0)?;
            if !txs.contains(&tx) {
                txs.push(tx);
            }
        }
        txs.into_iter().map(|tx| self.write_of(tx)).collect()
    }

    /// One write of this device by its transaction id.
    pub fn write_of(&self, tx: i64) -> Result<Write> {
        let groups = groups(&self.conn, self.device.n, tx)?;
        if groups.is_empty() {
            return Err(Error::invalid("undo.no_such_write", &[("tx", &tx)]));
        }
        let at_ms = groups.iter().flatten().map(|r| Hlc::from_i64(r.hlc).millis()).max().unwrap_or(0);
        let mut items = Vec::new();
        for group in &groups {
            let Some(table) = schema::table(&group[0].table) else { continue };
            let name = self.get(table, &group[0].id)?.map(|e| e.label()).unwrap_or_default();
            items.push(WriteItem { table, id: group[0].id.clone(), name, kind: kind_of(table, group) });
        }
        Ok(Write { tx, at_ms, items })
    }

    /// Take back write `tx` of this device with a new write. Fields changed
    /// again since are kept and named in [`Undone::kept`]; when nothing at
    /// all can be taken back, an error says why and nothing is written.
    pub fn undo_tx(&mut self, tx: i64) -> Result<Undone> {
        let undid = self.write_of(tx)?;
        let origin = self.device.n;
        let (new_tx, kept) = self.write(|w| {
            let mut kept = Vec::new();
            let mut did = 0;
            // Last touched first: a follow-up the write made goes before
            // the customer it belongs to.
            for group in groups(w.tx, origin, tx)?.iter().rev() {
                let Some(item) = undid.items.iter().find(|i| i.id == group[0].id) else { continue };
                if undo_group(w, item, group, origin, &mut kept)? {
                    did += 1;
                }
            }
            if did == 0 {
                return Err(Error::invalid(
                    "undo.nothing_undone",
                    &[("what", &undid.describe()), ("why", &kept.join(crate::i18n::clause_separator()))],
                ));
            }
            Ok((w.tx_id(), kept))
        })?;
        Ok(Undone { undid, tx: new_tx, kept })
    }
}

/// Take back what one write did to one record; false when it was kept.
fn undo_group(
    w: &mut Writer<'_>,
    item: &WriteItem,
    group: &[Rec],
    origin: i64,
    kept: &mut Vec<String>,
) -> Result<bool> {
    let table = item.table;
    let id = item.id.as_str();
    let name = crate::text::one_line(&item.name).into_owned();
    let changed_since = || tf("undo.kept_record", &[("what", &t(table.noun)), ("name", &name)]);
    let Some(cl_now) = causal_length(w.tx, table, id)? else {
        kept.push(changed_since());
        return Ok(false);
    };
    match &item.kind {
        WriteKind::Erased => Err(Error::invalid("undo.erase", &[])),
        WriteKind::Added => {
            if cl_now != 1 {
                kept.push(changed_since());
                return Ok(false);
            }
            if std::ptr::eq(table, &raw const FOLLOWUP) {
                // Follow-ups are never deleted (DOMAIN.md §6): one added by
                // mistake is dropped, with the undo as its reason.
                let f = super::archive::load(w.tx, &FOLLOWUP, id)?;
                if !f.as_ref().is_some_and(crate::domain::followup::is_active) {
                    kept.push(changed_since());
                    return Ok(false);
                }
                let values =
                    [("status", Value::Text("dropped".into())), ("reason", Value::Text(t("undo.reason").into()))];
                w.restore_fields(&FOLLOWUP, id, &values)?;
            } else {
                w.set_alive(table, id, false)?;
            }
            Ok(true)
        }
        WriteKind::Deleted | WriteKind::Restored => {
            let wrote = group.iter().rev().find(|r| r.col == CL_COLUMN).and_then(cl_value);
            if wrote != Some(cl_now) {
                kept.push(changed_since());
                return Ok(false);
            }
            if cl_now % 2 == 0 {
                w.restore(table, id, false)?;
            } else {
                w.set_alive(table, id, false)?;
            }
            Ok(true)
        }
        WriteKind::Edited(_) | WriteKind::Done => {
            if cl_now % 2 == 0 {
                kept.push(changed_since());
                return Ok(false);
            }
            let mut values = Vec::new();
            for (field, rec) in edited(table, group) {
                let label = table.field(field).map_or(field, |s| s.label());
                let args: [(&str, &dyn std::fmt::Display); 3] =
                    [("field", &label), ("what", &t(table.noun)), ("name", &name)];
                let now = field_stamp(w.tx, rec.row, table.name, field)?;
                if now != Some(Stamp { hlc: rec.hlc, origin }) {
                    kept.push(tf("undo.kept_field", &args));
                    continue;
                }
                match value_before(w.tx, rec.row, table.name, field, rec.hlc)? {
                    Some(v) => values.push((field, v)),
                    None => kept.push(tf("undo.kept_erased", &args)),
                }
            }
            if values.is_empty() {
                return Ok(false);
            }
            w.restore_fields(table, id, &values)?;
            Ok(true)
        }
    }
}
