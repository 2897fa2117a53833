//! Taking an erased person's name out of everything else that holds it:
//! the customer's visits (who was planned, who was met, free text) and
//! follow-ups, and the recorded changes of those rows.

use super::records::ERASE_COLUMN;
use super::{Store, Writer};
use crate::domain::schema::PERSON;
use crate::error::{Error, Result};
use rusqlite::{Connection, params};

/// Fields holding a list of people's names.
const NAME_LISTS: &[&str] = &["who", "met"];

/// `text` without `name`: an item equal to it leaves a list field, and
/// every occurrence leaves other text — as a whole word where the name has
/// Latin letters or digits at its edge (erasing "An" keeps "Annual" and
/// "Andrew"); Chinese names have no word edges and go wherever they occur.
pub(super) fn scrub_text(field: &str, text: &str, name: &str) -> String {
    if NAME_LISTS.contains(&field) {
        let items: Vec<String> = crate::domain::fields::split_tags(text)
            .into_iter()
            .filter(|item| item != name)
            .map(|item| remove_word(&item, name))
            .filter(|item| !item.trim().is_empty())
            .collect();
        return items.join(", ");
    }
    remove_word(text, name)
}

/// `text` with every occurrence of `name` that stands as a word removed.
fn remove_word(text: &str, name: &str) -> String {
    if name.is_empty() {
        return text.to_string();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let (starts_word, ends_word) = (word(name.chars().next()), word(name.chars().next_back()));
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in text.match_indices(name) {
        let end = at + name.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let inside_a_word = (starts_word && word(before)) || (ends_word && word(after));
        if !inside_a_word {
            out.push_str(&text[copied..at]);
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Scrub a JSON value recorded for `field` (an `_insert` object holds
/// several fields).
fn scrub_json(field: &str, value: &mut serde_json::Value, name: &str) {
    match value {
        serde_json::Value::String(s) => *s = scrub_text(field, s, name),
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                scrub_json(k, v, name);
            }
        }
        _ => {}
    }
}

/// Scrub everything the log and the conflict list hold for an erased row,
/// and leave its tombstone.
pub(super) fn forget_row(conn: &Connection, row: i64) -> Result<()> {
    conn.execute("UPDATE change_log SET value = NULL WHERE row = ?1", [row])?;
    conn.execute("DELETE FROM field_clock WHERE row = ?1", [row])?;
    conn.execute("DELETE FROM conflict WHERE row = ?1", [row])?;
    conn.execute("INSERT OR IGNORE INTO erased (row) VALUES (?1)", [row])?;
    Ok(())
}

/// Give the next-step follow-ups of `customer` the keys of their scrubbed
/// text, in the rows and in their recorded values, so that a step that
/// lost a name is still found by its text when the visit is logged again.
fn rekey_steps(conn: &Connection, customer: &str) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT id, ref, what FROM followup WHERE customer_id = ?1 AND ref LIKE 'visit:%:step:%'")?;
    let steps: Vec<(String, String, String)> =
        stmt.query_map([customer], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    for (id, old, what) in steps {
        let Some(visit) = old.strip_prefix("visit:").and_then(|r| r.split(':').next()) else { continue };
        let new = super::agenda::log::step_ref(visit, &crate::domain::visit::step_key(&what));
        if new == old {
            continue;
        }
        conn.execute("UPDATE followup SET ref = ?2 WHERE id = ?1", params![id, new])?;
        if let Some(row) = super::ids::find_row(conn, &id)? {
            conn.execute(
                "UPDATE change_log SET value = replace(value, ?2, ?3) WHERE row = ?1 AND instr(value, ?2) > 0",
                params![row, old, new],
            )?;
        }
    }
    Ok(())
}

/// Scrub `name` from the recorded values of the rows of `table` matching
/// `filter` (`?1` is `owner`).
pub(super) fn scrub_log_of(
    conn: &Connection,
    table: &str,
    filter: &str,
    owner: Option<&str>,
    name: &str,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT l.origin, l.seq, c.col, l.value FROM {table} t
         JOIN row_ref r ON r.uuid = coalesce(CASE WHEN length(t.id) = 36 AND t.id = lower(t.id)
                                                 THEN unhex(replace(t.id, '-', '')) END, t.id)
         JOIN change_log l ON l.row = r.n JOIN col_ref c ON c.n = l.col
         WHERE ({filter} OR ?1 IS NULL) AND instr(l.value, ?2) > 0"
    ))?;
    let hits: Vec<(i64, i64, String, String)> = stmt
        .query_map(params![owner, name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (origin, seq, col, value) in hits {
        let scrubbed = match serde_json::from_str::<serde_json::Value>(&value) {
            Ok(mut v) => {
                scrub_json(&col, &mut v, name);
                v.to_string()
            }
            Err(_) => value.replace(name, ""),
        };
        conn.execute(
            "UPDATE change_log SET value = ?3 WHERE origin = ?1 AND seq = ?2",
            params![origin, seq, scrubbed],
        )?;
    }
    Ok(())
}

/// Remove `name` from the visits and follow-ups of `customer` and from the
/// recorded values of those rows. Every device runs this on the erase
/// record, so the scrub itself records nothing.
pub(super) fn scrub_name(conn: &Connection, customer: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Ok(());
    }
    for (table, fields) in [
        ("visit", &["who", "met", "goal", "precall", "outcome", "commitments", "info", "next_step", "notes"][..]),
        ("followup", &["what", "reason", "notes"][..]),
        ("opportunity", &["need", "reason", "notes"][..]),
    ] {
        for field in fields {
            let mut stmt = conn.prepare(&format!(
                "SELECT id, {field} FROM {table} WHERE customer_id = ?1 AND instr({field}, ?2) > 0"
            ))?;
            let hits: Vec<(String, String)> = stmt
                .query_map(params![customer, name], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (id, text) in hits {
                conn.execute(
                    &format!("UPDATE {table} SET {field} = ?2 WHERE id = ?1"),
                    params![id, scrub_text(field, &text, name)],
                )?;
            }
        }
        scrub_log_of(conn, table, "t.customer_id = ?1", Some(customer), name)?;
    }
    super::review::scrub_reviews(conn, name)?;
    rekey_steps(conn, customer)
}

impl Writer<'_> {
    /// Erase a person for a privacy request. The row is deleted; every value
    /// the change log and the conflict list held for it is scrubbed; the
    /// name is taken out of the customer's visits (who, met, notes) and
    /// follow-ups and out of their recorded changes; a tombstone keeps a
    /// late change from another device from bringing the row back; and the
    /// erase itself is recorded so that other devices erase it too. The
    /// caller, [`super::Store::erase_person`] (the only way in), checkpoints
    /// the WAL after the commit so the values leave the files at once.
    pub(super) fn erase_person(&mut self, id: &str) -> Result<()> {
        let row = self.erase_effects(id)?;
        self.record(PERSON.name, row, ERASE_COLUMN, 0, Some("true"), None)?;
        Ok(())
    }

    /// What an erase does to this archive, recording nothing: also run when
    /// another device's erase record arrives by sync. Returns the row's
    /// interned number.
    pub(super) fn erase_effects(&mut self, id: &str) -> Result<i64> {
        let person = super::archive::load(self.tx, &PERSON, id)?
            .ok_or_else(|| Error::NotFound { what: PERSON.noun, id: id.to_string() })?;
        let customer = person.text_or_empty("customer_id").to_string();
        let name = person.title().to_string();
        // Rows go: what an import has learnt of them holds no more.
        self.forget_seen();
        self.tx.execute("DELETE FROM person WHERE id = ?1", [id])?;
        let row = super::ids::intern_row(self.tx, id)?;
        forget_row(self.tx, row)?;
        // Their birthday follow-ups go with them: a reminder about someone
        // who is no longer in the archive, holding their birthday in its ref.
        let birthdays: Vec<String> = self
            .tx
            .prepare("SELECT id FROM followup WHERE ref >= ?1 AND ref < ?2")?
            .query_map(params![format!("birthday:{id}:"), format!("birthday:{id};")], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for f in birthdays {
            self.tx.execute("DELETE FROM followup WHERE id = ?1", [&f])?;
            forget_row(self.tx, super::ids::intern_row(self.tx, &f)?)?;
        }
        scrub_name(self.tx, &customer, &name)?;
        self.dirty_customers.insert(customer);
        self.erased = true;
        Ok(row)
    }
}

/// What an erase reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erased {
    /// False when a reader kept the WAL checkpoint from finishing: the
    /// values leave the files when the last repbook using them closes.
    pub files_cleared: bool,
    /// Backups beside the archive the person was erased from too.
    pub backups_erased: usize,
    /// Backups that still hold the person (older schema, damaged).
    pub backups_left: Vec<std::path::PathBuf>,
}

impl Store {
    /// Erase a person for a privacy request (see
    /// [`super::Writer::erase_person`]), then checkpoint the WAL so that the
    /// erased values leave the archive's files at once. Returns false when
    /// the erase is done but another connection in the middle of a read kept
    /// the checkpoint from finishing: the values then stay in the files until
    /// that reader is done and a later checkpoint (at the latest when the
    /// last repbook closes) runs.
    ///
    /// The backups beside the archive are erased too (each is a repbook
    /// archive of the current schema); those that cannot be (an older
    /// schema, damaged) are listed in the report, for the user to delete.
    pub fn erase_person(&mut self, id: &str) -> Result<Erased> {
        let files_cleared = self.erase_here(id)?;
        let (backups_erased, backups_left) = match self.path.clone() {
            Some(db) => super::backup::erase_in_backups(&db, id, &self.clock),
            None => (0, Vec::new()),
        };
        Ok(Erased { files_cleared, backups_erased, backups_left })
    }

    /// Erase in this archive only; true when the WAL checkpoint completed.
    pub(super) fn erase_here(&mut self, id: &str) -> Result<bool> {
        self.write(|w| w.erase_person(id))?;
        self.checkpoint()
    }

    /// True when the row with this id was erased for privacy: its tombstone
    /// keeps any later change to it from bringing it back.
    pub fn is_erased(&self, id: &str) -> Result<bool> {
        let Some(row) = super::ids::find_row(&self.conn, id)? else { return Ok(false) };
        Ok(self.conn.query_row("SELECT count(*) FROM erased WHERE row = ?1", [row], |r| r.get::<_, i64>(0))? > 0)
    }

    /// Copy the WAL into the database and empty it; with `secure_delete`
    /// on, freed pages are zeroed, so erased values leave both files. True
    /// when it completed; a reader in the middle of a read (past the busy
    /// timeout) holds it up.
    pub fn checkpoint(&self) -> Result<bool> {
        let busy: i64 = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::scrub_text;

    #[test]
    fn a_name_leaves_lists_and_text() {
        assert_eq!(scrub_text("who", "王建华, 李娜、赵磊", "王建华"), "李娜, 赵磊");
        assert_eq!(scrub_text("met", "王建华", "王建华"), "");
        assert_eq!(scrub_text("notes", "和王建华谈了预算", "王建华"), "和谈了预算");
    }

    #[test]
    fn a_latin_name_leaves_only_as_a_whole_word() {
        let notes = "Annual plan discussed with An; Andrew from Anhui joined. An.";
        assert_eq!(scrub_text("notes", notes, "An"), "Annual plan discussed with ; Andrew from Anhui joined. .");
        assert_eq!(scrub_text("met", "An, Chloe Ng, Andrew", "An"), "Chloe Ng, Andrew");
        assert_eq!(scrub_text("what", "Send Annual report", "An"), "Send Annual report");
        assert_eq!(
            scrub_text("notes", "Alice Tan likes golf; Alice Tang does not", "Alice Tan"),
            " likes golf; Alice Tang does not"
        );
        assert_eq!(scrub_text("notes", "见了An和李娜", "An"), "见了和李娜", "a Latin name inside Chinese text");
    }
}
