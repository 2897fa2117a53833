//! The follow-up life cycle (DOMAIN.md §6): a follow-up is made open, may be
//! snoozed or rescheduled while active, and ends only as done or as dropped
//! with a reason. Both faces and every store write path check this one rule,
//! so no verb, form or flag can slip past it.

use super::entity::Entity;
use super::fields::Value;
use crate::error::{Error, Result};

/// The states in which a follow-up still asks for something to be done.
pub const ACTIVE: [&str; 2] = ["open", "snoozed"];

/// True for a status that is still active (open or snoozed).
pub fn is_active_status(status: &str) -> bool {
    ACTIVE.contains(&status)
}

/// True when the follow-up still asks for something to be done.
pub fn is_active(f: &Entity) -> bool {
    f.text("status").is_some_and(is_active_status)
}

/// `ACTIVE` as an SQL list, `('open', 'snoozed')`, for queries that must
/// agree with [`is_active`].
pub fn active_sql() -> String {
    format!("({})", ACTIVE.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", "))
}

fn value<'a>(values: &'a [(&'static str, Value)], field: &str) -> Option<&'a Value> {
    values.iter().rev().find(|(f, _)| *f == field).map(|(_, v)| v)
}

/// Check a write to a follow-up against the life cycle: `old` is the record
/// as stored (`None` when it is being created), `new` the values written.
///
/// - a new follow-up starts open;
/// - an active one may become open, snoozed, done or dropped;
/// - dropping needs a non-empty reason in the same write (a drop is never
///   silent, and an older snooze reason does not explain a drop);
/// - done and dropped are final.
pub fn check_transition(old: Option<&Entity>, new: &[(&'static str, Value)]) -> Result<()> {
    let to = value(new, "status").and_then(Value::as_text);
    let Some(old) = old else {
        return match to {
            Some("open") | None => Ok(()),
            Some(other) => {
                Err(Error::invalid("error.followup_new_open", &[("status", &crate::i18n::enum_label("status", other))]))
            }
        };
    };
    let from = old.text("status").unwrap_or("open");
    let Some(to) = to.filter(|to| *to != from) else { return Ok(()) };
    if !is_active_status(from) {
        return Err(Error::invalid("error.followup_closed", &[("status", &crate::i18n::enum_label("status", from))]));
    }
    if to == "dropped" && value(new, "reason").and_then(Value::as_text).is_none_or(|r| r.trim().is_empty()) {
        return Err(Error::invalid("error.drop_needs_reason", &[]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schema::FOLLOWUP;

    fn with_status(status: &str) -> Entity {
        let mut values = std::collections::BTreeMap::new();
        values.insert("status", Value::Text(status.into()));
        Entity { table: &FOLLOWUP, id: "f".into(), alive: true, updated_ms: 0, values }
    }

    fn status(s: &str) -> (&'static str, Value) {
        ("status", Value::Text(s.into()))
    }

    #[test]
    fn new_followups_start_open() {
        assert!(check_transition(None, &[status("open")]).is_ok());
        for s in ["done", "dropped", "snoozed"] {
            assert!(check_transition(None, &[status(s)]).is_err(), "{s}");
        }
    }

    #[test]
    fn active_ones_move_freely_but_a_drop_needs_a_reason() {
        for from in ACTIVE {
            let old = with_status(from);
            for to in ["open", "snoozed", "done"] {
                assert!(check_transition(Some(&old), &[status(to)]).is_ok(), "{from} → {to}");
            }
            assert!(check_transition(Some(&old), &[status("dropped")]).is_err());
            assert!(check_transition(Some(&old), &[status("dropped"), ("reason", Value::Text(" ".into()))]).is_err());
            assert!(check_transition(Some(&old), &[status("dropped"), ("reason", Value::Text("paid".into()))]).is_ok());
        }
    }

    #[test]
    fn done_and_dropped_are_final() {
        for from in ["done", "dropped"] {
            let old = with_status(from);
            for to in ["open", "snoozed", "done", "dropped"].into_iter().filter(|t| *t != from) {
                let reason = ("reason", Value::Text("x".into()));
                assert!(check_transition(Some(&old), &[status(to), reason]).is_err(), "{from} → {to}");
            }
            // Other fields (notes) may still be written.
            assert!(check_transition(Some(&old), &[("notes", Value::Text("n".into()))]).is_ok());
            assert!(check_transition(Some(&old), &[status(from)]).is_ok(), "no change is no transition");
        }
    }

    #[test]
    fn active_means_open_or_snoozed() {
        assert!(is_active(&with_status("open")) && is_active(&with_status("snoozed")));
        assert!(!is_active(&with_status("done")) && !is_active(&with_status("dropped")));
        assert_eq!(active_sql(), "('open', 'snoozed')");
    }
}
