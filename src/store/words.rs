//! Records in words for messages, titles and `show`: a visit by its kind,
//! day and customer, a follow-up by what is to be done, and where a
//! follow-up came from — never an internal id. The interface and the
//! command line both say records this way.

use super::Store;
use crate::domain::entity::Entity;
use crate::domain::schema::{CUSTOMER, PERSON, TRADE, VISIT};
use crate::i18n::{t, tf};

impl Store {
    /// The name of customer `id`, or nothing when there is none.
    pub fn customer_title(&self, id: &str) -> String {
        self.get(&CUSTOMER, id).ok().flatten().map(|c| c.title().to_string()).unwrap_or_default()
    }

    /// Words for a record in messages and titles: a visit by its kind, day
    /// and customer, a follow-up by what is to be done, others by name —
    /// never empty, never an internal id.
    pub fn record_words(&self, e: &Entity) -> String {
        let words = match e.table.name {
            "visit" => tf(
                "tui.words_visit",
                &[
                    ("kind", &e.display("kind")),
                    ("date", &e.text_or_empty("date")),
                    ("customer", &self.customer_title(e.text_or_empty("customer_id"))),
                ],
            ),
            "trade" => format!("{} {}", e.display("kind"), e.text_or_empty("date")),
            "followup" => format!("{} ({})", e.title_or_what(), e.text_or_empty("due")),
            _ => e.title().to_string(),
        };
        if words.trim().is_empty() { t(e.table.noun).to_string() } else { crate::text::one_line(&words).into_owned() }
    }

    /// What a follow-up's `ref` points at, in words: "visit of 2026-11-20
    /// to 重庆钢铁", "key person 陈芳", an order (the label says "Came
    /// from"). `None` when
    /// it has none, or what it named is gone.
    pub fn ref_words(&self, f: &Entity) -> Option<String> {
        self.ref_value_words(f.text("ref")?)
    }

    /// A follow-up's `ref` value (`trade:01a1…`, `visit:…:1`) in words,
    /// as [`Store::ref_words`] says it (History shows the value stored).
    pub fn ref_value_words(&self, reference: &str) -> Option<String> {
        let mut parts = reference.split(':');
        let (kind, target) = (parts.next()?, parts.next()?);
        let table = match kind {
            "visit" => &VISIT,
            "trade" => &TRADE,
            "birthday" => &PERSON,
            _ => return None,
        };
        let e = self.get(table, target).ok().flatten()?;
        // A visit's words name its kind already; others say what they are.
        let what = if table.name == "visit" {
            self.record_words(&e)
        } else {
            format!("{} {}", t(table.noun), self.record_words(&e))
        };
        Some(what)
    }
}
