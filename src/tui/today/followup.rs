//! A follow-up as Today keeps it (see [`FollowupRow`]).

use crate::domain::entity::Entity;

/// A follow-up as Today shows it: what its row shows and its keys act on
/// (a form reads the record again). An [`Entity`] keeps every field in a
/// map of about a kilobyte; this keeps its texts in one allocation (and
/// an [`super::Item`] is 48 bytes: its other kinds, few, are boxed). Today
/// keeps its many follow-ups in columns (`kept.rs`) and makes a row when
/// it is drawn or acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupRow {
    updated_ms: i64,
    /// The id, then [`FOLLOWUP_TEXTS`], back to back.
    texts: Box<str>,
    /// Where each of them but the last ends in `texts`.
    ends: [u32; FOLLOWUP_TEXTS.len()],
}

/// The fields a [`FollowupRow`] keeps besides its id.
const FOLLOWUP_TEXTS: [&str; 4] = ["customer_id", "what", "due", "status"];

impl FollowupRow {
    /// The fields Today uses of follow-up `e` (copied).
    pub fn of(e: &Entity) -> FollowupRow {
        FollowupRow::from_parts(&e.id, e.updated_ms, FOLLOWUP_TEXTS.map(|field| e.text_or_empty(field)))
    }

    /// A follow-up from its id, its last change and its texts
    /// ([`FOLLOWUP_TEXTS`], "" for one not set).
    pub(super) fn from_parts(id: &str, updated_ms: i64, parts: [&str; FOLLOWUP_TEXTS.len()]) -> FollowupRow {
        let mut texts = id.to_string();
        let mut ends = [0; FOLLOWUP_TEXTS.len()];
        for (end, part) in ends.iter_mut().zip(parts) {
            *end = texts.len() as u32;
            texts.push_str(part);
        }
        FollowupRow { updated_ms, texts: texts.into_boxed_str(), ends }
    }

    /// Text `n`: 0 the id, then [`FOLLOWUP_TEXTS`].
    fn part(&self, n: usize) -> &str {
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        let end = self.ends.get(n).map_or(self.texts.len(), |&e| e as usize);
        self.texts.get(start..end).unwrap_or("")
    }

    /// The follow-up's id.
    pub fn id(&self) -> &str {
        self.part(0)
    }

    /// One of its texts (`customer_id`, `what`, `due`, `status`), if set.
    pub fn text(&self, field: &str) -> Option<&str> {
        let n = FOLLOWUP_TEXTS.iter().position(|f| *f == field)?;
        Some(self.part(n + 1)).filter(|t| !t.is_empty())
    }

    /// [`FollowupRow::text`], or "".
    pub fn text_or_empty(&self, field: &str) -> &str {
        self.text(field).unwrap_or("")
    }

    /// As a record holding those fields (what the keys act on).
    pub fn entity(&self) -> Entity {
        let values = FOLLOWUP_TEXTS
            .into_iter()
            .filter_map(|k| Some((k, crate::domain::fields::Value::Text(self.text(k)?.to_string()))))
            .collect();
        Entity {
            table: &crate::domain::schema::FOLLOWUP,
            id: self.id().to_string(),
            alive: true,
            updated_ms: self.updated_ms,
            values,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FollowupRow;
    use crate::domain::entity::Entity;
    use crate::domain::fields::Value;
    use crate::domain::schema::FOLLOWUP;

    #[test]
    fn a_followup_row_keeps_what_today_shows_and_acts_on() {
        let text = |v: &str| Value::Text(v.to_string());
        let values = [
            ("customer_id", text("c1")),
            ("what", text("催收货款")),
            ("due", text("2026-11-20")),
            ("status", text("open")),
            ("notes", text("long notes")),
        ];
        let e = Entity {
            table: &FOLLOWUP,
            id: "f1".into(),
            alive: true,
            updated_ms: 7,
            values: values.into_iter().collect(),
        };
        let row = FollowupRow::of(&e);
        assert_eq!((row.text("what"), row.text("due")), (Some("催收货款"), Some("2026-11-20")));
        assert_eq!((row.text("notes"), row.text_or_empty("notes"), row.id()), (None, "", "f1"));
        assert_eq!(std::mem::size_of::<super::super::Item>(), 48, "an item stays small");
        let back = row.entity();
        assert_eq!((back.id.as_str(), back.table.name, back.updated_ms), ("f1", "followup", 7));
        for field in ["customer_id", "what", "due", "status"] {
            assert_eq!(back.text(field), e.text(field), "{field}");
        }
        assert!(crate::domain::followup::is_active(&back));
    }
}
