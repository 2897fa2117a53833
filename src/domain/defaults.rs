//! What a new record holds before the user says otherwise. The CLI's `add`
//! and `plan`, the interface's forms and the store's log all start from
//! here, so the two faces cannot disagree on a new record.

use super::fields::Value;
use chrono::NaiveDate;

/// Values a new record of `table` gets unless the user gives others:
/// a visit is a planned in-person visit today; a follow-up is open, manual
/// and due today; a purchase/sales record is dated today.
pub fn defaults(table: &str, today: NaiveDate) -> Vec<(&'static str, Value)> {
    let text = |s: &str| Value::Text(s.to_string());
    let day = Value::Text(today.format("%Y-%m-%d").to_string());
    match table {
        "visit" => vec![("kind", text("visit")), ("status", text("planned")), ("date", day)],
        "followup" => vec![("status", text("open")), ("source", text("manual")), ("due", day)],
        "trade" => vec![("date", day)],
        "opportunity" => vec![("state", text("open"))],
        _ => Vec::new(),
    }
}

/// [`defaults`] with those that depend on the configured funnel: a new
/// opportunity starts at its first stage. The CLI's `opportunity add` and
/// the interface's form both start from here.
pub fn defaults_in(table: &str, today: NaiveDate, stages: &super::opportunity::Stages) -> Vec<(&'static str, Value)> {
    let mut out = defaults(table, today);
    if table == "opportunity" {
        out.push(("funnel_stage", Value::Text(stages.first().to_string())));
    }
    out
}

/// [`fill`] with [`defaults_in`].
pub fn fill_in(
    table: &str,
    today: NaiveDate,
    stages: &super::opportunity::Stages,
    values: &mut Vec<(&'static str, Value)>,
) {
    for (field, value) in defaults_in(table, today, stages) {
        if !values.iter().any(|(f, _)| *f == field) {
            values.push((field, value));
        }
    }
}

/// [`default_of`] with [`defaults_in`].
pub fn default_in(table: &str, today: NaiveDate, stages: &super::opportunity::Stages, field: &str) -> Value {
    defaults_in(table, today, stages).into_iter().find(|(f, _)| *f == field).map(|(_, v)| v).unwrap_or_default()
}

/// Add the defaults of `table` for every field `values` does not set.
pub fn fill(table: &str, today: NaiveDate, values: &mut Vec<(&'static str, Value)>) {
    for (field, value) in defaults(table, today) {
        if !values.iter().any(|(f, _)| *f == field) {
            values.push((field, value));
        }
    }
}

/// The default of one field, or null (what a form shows in a new record).
pub fn default_of(table: &str, today: NaiveDate, field: &str) -> Value {
    defaults(table, today).into_iter().find(|(f, _)| *f == field).map(|(_, v)| v).unwrap_or_default()
}

/// The values a write may give `field` of a record of `table`, where a
/// rule of the domain narrows the field's own choices (`old` is the record
/// as stored, `None` for a new one): a new follow-up is open, a closed one
/// keeps its status. `None` when every value of the field may be written.
/// Forms offer these, so they never offer what the store refuses.
pub fn allowed(table: &str, field: &str, old: Option<&super::entity::Entity>) -> Option<Vec<&'static str>> {
    match (table, field) {
        ("followup", "status") => Some(super::followup::allowed_statuses(old)),
        _ => None,
    }
}

/// The values a log may give `field` of a visit: a log records a visit
/// held, so its status is the held one only (`visit::check_log_status`);
/// elsewhere as [`allowed`] says for a new record.
pub fn allowed_in_log(table: &str, field: &str) -> Option<Vec<&'static str>> {
    match (table, field) {
        ("visit", "status") => Some(vec![super::visit::LOGGED_STATUS]),
        _ => allowed(table, field, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schema::{FOLLOWUP, TRADE, VISIT};

    #[test]
    fn every_required_field_but_the_users_own_has_a_default() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        // What the user must always type: the customer, and what is to be done.
        for (table, own) in
            [(&VISIT, &["customer_id"][..]), (&FOLLOWUP, &["customer_id", "what"]), (&TRADE, &["customer_id", "kind"])]
        {
            for spec in table.fields.iter().filter(|f| f.required && !own.contains(&f.name)) {
                let v = default_of(table.name, today, spec.name);
                assert!(!v.is_null(), "{}.{} has no default", table.name, spec.name);
                assert!(spec.check(&v).is_ok(), "{}.{} default is valid", table.name, spec.name);
            }
        }
        assert_eq!(default_of("followup", today, "status"), Value::Text("open".into()));
    }
}
