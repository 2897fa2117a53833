//! How a conflict is told to the user, the same on the command line and in
//! the interface: the record and field, the kept value and the other, each
//! with its device and time.

use crate::domain::fields::Value;
use crate::i18n::{t, tf};
use crate::store::ConflictView;

/// A value as one line of text.
pub fn shown(v: &Value) -> String {
    match v {
        Value::Null => t("sync.empty_value").to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Text(s) => crate::text::one_line(s).into_owned(),
    }
}

/// A clock's time in local time, to the minute.
pub fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The short form of a device id (its random end).
pub fn short_device(id: &str) -> &str {
    crate::text::short_id(id)
}

/// The lines describing one conflict: a head, the kept side, the other,
/// and a note when the record was deleted elsewhere.
pub fn describe(c: &ConflictView) -> Vec<String> {
    let who = c
        .customer
        .as_ref()
        .map_or_else(|| short_device(&c.row).to_string(), |(_, n)| crate::text::one_line(n).into_owned());
    let field = crate::domain::schema::table(&c.table)
        .and_then(|tb| tb.field(&c.field))
        .map_or_else(|| c.field.clone(), |f| f.label().to_string());
    let mut lines = vec![tf("sync.conflict_head", &[("id", &c.id), ("customer", &who), ("field", &field)])];
    for (key, side) in [("sync.conflict_kept", &c.kept), ("sync.conflict_other", &c.other)] {
        lines.push(tf(
            key,
            &[("value", &shown(&side.value)), ("device", &short_device(&side.device)), ("when", &when(side.at_ms))],
        ));
    }
    if c.deleted {
        lines.push(t("sync.conflict_deleted").to_string());
    }
    lines
}
