//! How a conflict is told to the user, the same on the command line and in
//! the interface: the record and field, the kept value and the other, each
//! with its device and time.

use crate::domain::fields::{FieldSpec, Value};
use crate::i18n::{t, tf};
use crate::store::ConflictView;

/// The field a conflict is about, if this build knows it.
fn spec_of(c: &ConflictView) -> Option<&'static FieldSpec> {
    crate::domain::schema::table(&c.table).and_then(|tb| tb.field(&c.field))
}

/// The name of a conflict's field as the user reads it.
pub fn field_label(c: &ConflictView) -> String {
    spec_of(c).map_or_else(|| c.field.clone(), |f| f.label().to_string())
}

/// One side's value of a conflict as the user reads it, on one line: an
/// option's label, money with its decimals (see
/// [`crate::domain::entity::show_value`]).
pub fn side_value(c: &ConflictView, v: &Value) -> String {
    match spec_of(c) {
        Some(spec) if *v != Value::Null => {
            crate::text::one_line(&crate::domain::entity::show_value(spec, v)).into_owned()
        }
        _ => shown(v),
    }
}

/// What a value merged by hand starts from: the kept value as shown, when
/// it reads back as that value; else as stored.
pub fn merge_start(c: &ConflictView) -> String {
    let text = side_value(c, &c.kept.value);
    match spec_of(c) {
        Some(spec) if spec.parse(&text).ok().as_ref() == Some(&c.kept.value) => text,
        _ => shown(&c.kept.value),
    }
}

/// A value as one line of text, as stored.
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
    let field = field_label(c);
    let mut lines = vec![tf("sync.conflict_head", &[("id", &c.id), ("customer", &who), ("field", &field)])];
    for (key, side) in [("sync.conflict_kept", &c.kept), ("sync.conflict_other", &c.other)] {
        lines.push(tf(
            key,
            &[
                ("value", &side_value(c, &side.value)),
                ("device", &short_device(&side.device)),
                ("when", &when(side.at_ms)),
            ],
        ));
    }
    if c.deleted {
        lines.push(t("sync.conflict_deleted").to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Side;

    fn conflict(field: &str, kept: Value, other: Value) -> ConflictView {
        let side = |value| Side { value, device: "d".into(), at_ms: 0 };
        ConflictView {
            id: "12345678".into(),
            table: "customer".into(),
            row: "r".into(),
            customer: Some(("r".into(), "客户".into())),
            field: field.into(),
            kept: side(kept),
            other: side(other),
            deleted: false,
        }
    }

    #[test]
    fn a_conflict_shows_values_as_the_dossier_does() {
        // An option by its label, not its code (the interface and the CLI
        // both tell a conflict with `describe`).
        let c = conflict("kind", Value::Text("end_customer".into()), Value::Text("dealer".into()));
        let spec = crate::domain::schema::table("customer").and_then(|t| t.field("kind")).map(|f| (f, f.label()));
        let (spec, label) = spec.unwrap_or_else(|| panic!("customer.kind"));
        let lines = describe(&c).join("\n");
        for v in ["end_customer", "dealer"] {
            let shown = crate::domain::entity::show_value(spec, &Value::Text(v.into()));
            assert!(lines.contains(&shown), "{shown:?} in {lines}");
        }
        assert!(!lines.contains("end_customer"), "{lines}");
        assert!(lines.contains(label));
        // Merging starts from the kept value as shown, which reads back.
        assert_eq!(spec.parse(&merge_start(&c)).ok(), Some(Value::Text("end_customer".into())));
    }
}
