//! An id from what a rep types: the whole id, or a unique beginning of
//! the 8 characters lists show, or a beginning or end of the full id.

use super::Store;
use super::archive::load;
use crate::domain::schema::Table;
use crate::error::{Error, Result};
use rusqlite::OptionalExtension;

impl Store {
    /// Resolve an id as the user gives it: the full id; any beginning of
    /// the 8 characters lists show (the random end of the UUIDv7, so
    /// `abbe` for `…abbeac41`); or, from four characters, a beginning or end
    /// of the full id. Every reading counts at once, so a prefix that could
    /// mean two records is refused with both as candidates, never resolved
    /// to the wrong one. Deleted records resolve too (to be restored). The
    /// one resolver of every command that takes an id.
    pub fn resolve(&self, table: &'static Table, id_or_part: &str) -> Result<String> {
        let wanted = id_or_part.trim().to_ascii_lowercase();
        let not_found = || Error::NotFound { what: table.noun, id: id_or_part.to_string() };
        if wanted.is_empty() || !wanted.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(not_found());
        }
        // A full id: by the primary key, without reading the table.
        let exact: Option<String> = self
            .conn
            .prepare_cached(&format!("SELECT id FROM {} WHERE id = ?1", table.name))?
            .query_row([&wanted], |r| r.get(0))
            .optional()?;
        if let Some(id) = exact {
            return Ok(id);
        }
        let sql = "SELECT id FROM {t} WHERE id = ?1 \
             OR (length(?1) <= 8 AND substr(id, -8, length(?1)) = ?1) \
             OR (length(?1) >= 4 AND ((id >= ?1 AND id < ?1 || 'g') OR id LIKE '%' || ?1)) \
             ORDER BY id LIMIT 7";
        let mut stmt = self.conn.prepare_cached(&sql.replace("{t}", table.name))?;
        let ids: Vec<String> = stmt.query_map([&wanted], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if ids.contains(&wanted) {
            return Ok(wanted);
        }
        match ids.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(not_found()),
            many => {
                let title = ["name", "product", "what", "date"].into_iter().find(|f| table.field(f).is_some());
                let mut candidates = Vec::new();
                for id in many.iter().take(6) {
                    let short = crate::text::short_id(id);
                    let name = match title {
                        Some(f) => load(&self.conn, table, id)?.and_then(|e| e.text(f).map(str::to_string)),
                        None => None,
                    };
                    candidates.push(name.map_or_else(|| short.to_string(), |n| format!("{short} {n}")));
                }
                if many.len() > 6 {
                    candidates.push("…".to_string());
                }
                Err(Error::Ambiguous { what: table.noun, id: id_or_part.to_string(), candidates })
            }
        }
    }
}
