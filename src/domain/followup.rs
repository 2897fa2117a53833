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

/// Sources of follow-ups the app makes from dated facts. Their `what` is
/// stored as the source's name only — language-neutral, with no one's name
/// in it — and the title is rendered when read ([`generated_title`]).
pub const GENERATED: [&str; 3] = ["birthday", "payment", "delivery"];

/// The facts a generated follow-up's title is rendered from, looked up by
/// the store from its `ref` when it is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The person whose birthday it is (None once erased).
    pub person: Option<String>,
    /// The amount to collect, in minor units.
    pub amount: Option<i64>,
    /// The delivery's reference.
    pub reference: Option<String>,
}

/// True when `f` was generated and its `what` is still the neutral marker
/// (a user who rewrote the text keeps their own words).
pub fn is_generated(f: &Entity) -> bool {
    let source = f.text_or_empty("source");
    GENERATED.contains(&source) && f.text("what") == Some(source)
}

/// The day a generated follow-up is about, from its `ref`
/// (`birthday:PERSON:2026-11-27`, `trade:ID:2026-12-01`).
pub fn ref_date(f: &Entity) -> Option<chrono::NaiveDate> {
    f.text("ref")?.rsplit(':').next().and_then(super::fields::parse_iso_date)
}

/// The next day, from `today` on, a birthday stored as `YYYY-MM-DD` or
/// `MM-DD` falls on; 29 February is kept on 28 February in a common year.
/// Today's agenda and the birthday follow-ups (made when a person is saved,
/// and at each start) use this one rule.
pub fn next_birthday(birthday: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    use chrono::{Datelike, NaiveDate};
    let md = birthday.get(birthday.len().saturating_sub(5)..)?;
    let (m, d) = md.split_once('-')?;
    let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
    let on_year =
        |y: i32| NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, m, d.checked_sub(1)?));
    let on = on_year(today.year())?;
    if on >= today { Some(on) } else { on_year(today.year().checked_add(1)?) }
}

/// A follow-up is snoozed to a later day, never to one already past (both
/// faces: the interface's prompt and `followup snooze`).
pub fn check_snooze(to: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<()> {
    if to < today {
        return Err(Error::invalid("error.snooze_past", &[("date", &to), ("today", &today)]));
    }
    Ok(())
}

/// A write that leaves a follow-up snoozed names a day not yet past: the
/// status made snoozed, or the due day of a snoozed one moved (every write
/// path: the prompt, the edit form, `followup snooze` and `followup edit`).
/// An edit of other fields of a follow-up snoozed to a day now past is
/// left alone.
pub fn check_snoozed_write(old: &Entity, new: &[(&'static str, Value)], today: chrono::NaiveDate) -> Result<()> {
    let status = value(new, "status").and_then(Value::as_text).or_else(|| old.text("status"));
    let touched = value(new, "status").is_some() || value(new, "due").is_some();
    if status != Some("snoozed") || !touched {
        return Ok(());
    }
    let due = match value(new, "due") {
        Some(v) => v.as_text(),
        None => old.text("due"),
    };
    match due.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(to) => check_snooze(to, today),
        None => Ok(()),
    }
}

/// The id a generated follow-up's `ref` points at (person or trade).
pub fn ref_target(f: &Entity) -> Option<&str> {
    let mut parts = f.text("ref")?.split(':');
    parts.next()?;
    parts.next()
}

/// The words a generated follow-up of `source` is shown with, in every
/// language (its `what` is only the source's code, `payment`): what its
/// customer's search record holds of it, so that `催收` or `collect` finds
/// the customer a rep sees it under, whatever the language. None for any
/// other source.
pub fn shown_words(source: &str) -> Option<String> {
    use crate::i18n::{Lang, lookup_in};
    let key = match source {
        "birthday" => "followup.birthday_erased",
        "payment" => "followup.payment",
        "delivery" => "followup.delivery_plain",
        _ => return None,
    };
    let mut words = Vec::new();
    for lang in [Lang::En, Lang::ZhCn] {
        // The title without its placeholders and their brackets.
        let mut plain = String::new();
        let mut inside = false;
        for c in lookup_in(lang, key).unwrap_or_default().chars() {
            match c {
                '{' => inside = true,
                '}' => inside = false,
                '(' | ')' | '（' | '）' | ':' | '：' => plain.push(' '),
                c if !inside => plain.push(c),
                _ => {}
            }
        }
        words.extend(plain.split_whitespace().map(str::to_string));
    }
    Some(words.join(" "))
}

/// The title of a generated follow-up in the reader's language, e.g.
/// "Birthday: 王建华 (11-27)" or "生日：王建华（11-27）"; `None` for any
/// other follow-up (its `what` is the user's own text).
pub fn generated_title(f: &Entity, facts: &Facts) -> Option<String> {
    use crate::i18n::{t, tf};
    if !is_generated(f) {
        return None;
    }
    let date = ref_date(f).or_else(|| f.text("due").and_then(super::fields::parse_iso_date));
    Some(match f.text_or_empty("source") {
        "birthday" => {
            let day = date.map(|d| d.format("%m-%d").to_string()).unwrap_or_default();
            match &facts.person {
                Some(name) => tf("followup.birthday", &[("name", name), ("date", &day)]),
                None => tf("followup.birthday_erased", &[("date", &day)]),
            }
        }
        "payment" => tf("followup.payment", &[("amount", &super::fields::format_money(facts.amount.unwrap_or(0)))]),
        _ => match &facts.reference {
            Some(r) => tf("followup.delivery", &[("reference", r)]),
            None => t("followup.delivery_plain").to_string(),
        },
    })
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
/// - done and dropped are final;
/// - a dropped follow-up keeps a reason: it may be reworded, never cleared.
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
    let clears_reason = value(new, "reason").is_some_and(|r| r.as_text().is_none_or(|r| r.trim().is_empty()));
    if from == "dropped" && to.is_none_or(|to| to == from) && clears_reason {
        return Err(Error::invalid("error.drop_reason_kept", &[]));
    }
    let Some(to) = to.filter(|to| *to != from) else { return Ok(()) };
    if !is_active_status(from) {
        return Err(Error::invalid("error.followup_closed", &[("status", &crate::i18n::enum_label("status", from))]));
    }
    if to == "dropped" && value(new, "reason").and_then(Value::as_text).is_none_or(|r| r.trim().is_empty()) {
        return Err(Error::invalid("error.drop_needs_reason", &[]));
    }
    Ok(())
}

/// The statuses a follow-up may be given by a write: for a new one
/// (`old` is `None`) only open; for an active one any; for a closed one
/// only the one it has. Read off [`check_transition`] itself (a drop
/// assumed to come with its reason), so a form offering these choices
/// cannot disagree with the rule.
pub fn allowed_statuses(old: Option<&Entity>) -> Vec<&'static str> {
    crate::domain::schema::FOLLOWUP_STATUSES
        .iter()
        .copied()
        .filter(|s| {
            check_transition(old, &[("status", Value::Text((*s).into())), ("reason", Value::Text("-".into()))]).is_ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schema::FOLLOWUP;

    #[test]
    fn generated_follow_ups_are_searched_by_their_titles_in_both_languages() {
        let words = |s: &str| super::shown_words(s).unwrap_or_default();
        for (source, want) in [
            ("payment", ["Collect", "payment", "催收货款"].as_slice()),
            ("birthday", &["Birthday", "生日"]),
            ("delivery", &["Delivery", "due", "到期发货"]),
        ] {
            let got = words(source);
            let got: Vec<&str> = got.split(' ').collect();
            assert_eq!(got, want, "{source}");
        }
        assert_eq!(super::shown_words("visit"), None);
    }

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
    fn a_dropped_followups_reason_is_never_cleared() {
        let mut old = with_status("dropped");
        old.values.insert("reason", Value::Text("paid".into()));
        for cleared in [Value::Null, Value::Text(String::new()), Value::Text("  ".into())] {
            assert!(check_transition(Some(&old), &[("reason", cleared.clone())]).is_err(), "{cleared:?}");
            assert!(check_transition(Some(&old), &[status("dropped"), ("reason", cleared)]).is_err());
        }
        assert!(check_transition(Some(&old), &[("reason", Value::Text("paid in full".into()))]).is_ok());
        // An active one's snooze reason may be cleared.
        let mut snoozed = with_status("snoozed");
        snoozed.values.insert("reason", Value::Text("away".into()));
        assert!(check_transition(Some(&snoozed), &[("reason", Value::Null)]).is_ok());
    }

    #[test]
    fn the_statuses_offered_are_those_the_rule_allows() {
        assert_eq!(allowed_statuses(None), ["open"]);
        assert_eq!(allowed_statuses(Some(&with_status("open"))), ["open", "done", "snoozed", "dropped"]);
        assert_eq!(allowed_statuses(Some(&with_status("done"))), ["done"]);
        assert_eq!(allowed_statuses(Some(&with_status("dropped"))), ["dropped"]);
    }

    #[test]
    fn generated_titles_are_rendered_in_the_readers_language() {
        let mut f = with_status("open");
        f.values.insert("source", Value::Text("birthday".into()));
        f.values.insert("what", Value::Text("birthday".into()));
        f.values.insert("ref", Value::Text("birthday:p1:2026-11-27".into()));
        let facts = Facts { person: Some("王建华".into()), ..Facts::default() };
        crate::i18n::set_lang(crate::i18n::Lang::ZhCn);
        let zh = generated_title(&f, &facts).unwrap();
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let en = generated_title(&f, &facts).unwrap();
        assert!(zh.contains("王建华") && zh.contains("11-27") && zh.contains("生日"), "{zh}");
        assert!(en.contains("王建华") && en.starts_with("Birthday"), "{en}");
        let erased = generated_title(&f, &Facts::default()).unwrap();
        assert!(erased.contains("11-27") && !erased.contains("王建华"), "{erased}");
        // The user's own words are never rewritten.
        f.values.insert("what", Value::Text("给王总送花".into()));
        assert_eq!(generated_title(&f, &facts), None);
    }

    #[test]
    fn the_next_birthday_is_this_year_or_next_and_29_february_falls_on_the_28th() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-11-22");
        assert_eq!(next_birthday("1980-11-22", today), Some(today));
        assert_eq!(next_birthday("1980-11-25", today), Some(d("2026-11-25")));
        assert_eq!(next_birthday("11-21", today), Some(d("2027-11-21")));
        assert_eq!(next_birthday("1980-02-29", today), Some(d("2027-02-28")));
        assert_eq!(next_birthday("1980-02-29", d("2027-12-01")), Some(d("2028-02-29")));
        assert_eq!(next_birthday("garbage", today), None);
    }

    #[test]
    fn no_write_leaves_a_followup_snoozed_to_a_past_day() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let open = with_status("open");
        let snoozed = |due: &str| {
            let mut e = with_status("snoozed");
            e.values.insert("due", Value::Text(due.into()));
            e
        };
        let write = |status: Option<&str>, due: Option<&str>| {
            let mut w = Vec::new();
            if let Some(s) = status {
                w.push(("status", Value::Text(s.into())));
            }
            if let Some(d) = due {
                w.push(("due", Value::Text(d.into())));
            }
            w
        };
        assert!(check_snoozed_write(&open, &write(Some("snoozed"), Some("2026-11-18")), today).is_err());
        assert!(check_snoozed_write(&open, &write(Some("snoozed"), Some("2026-11-22")), today).is_ok());
        assert!(check_snoozed_write(&snoozed("2026-11-30"), &write(None, Some("2026-11-01")), today).is_err());
        // Made snoozed with the due day it already has, which is past.
        let mut past_open = with_status("open");
        past_open.values.insert("due", Value::Text("2026-11-18".into()));
        assert!(check_snoozed_write(&past_open, &write(Some("snoozed"), None), today).is_err());
        // Other edits of a follow-up whose snooze has run out, and reopening it, are fine.
        assert!(check_snoozed_write(&snoozed("2026-11-18"), &[("title", Value::Text("x".into()))], today).is_ok());
        assert!(check_snoozed_write(&snoozed("2026-11-18"), &write(Some("open"), None), today).is_ok());
    }

    #[test]
    fn a_followup_is_never_snoozed_into_the_past() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(check_snooze(d("2026-11-21"), d("2026-11-22")).is_err());
        assert!(check_snooze(d("2026-11-22"), d("2026-11-22")).is_ok());
        assert!(check_snooze(d("2026-11-30"), d("2026-11-22")).is_ok());
    }

    #[test]
    fn active_means_open_or_snoozed() {
        assert!(is_active(&with_status("open")) && is_active(&with_status("snoozed")));
        assert!(!is_active(&with_status("done")) && !is_active(&with_status("dropped")));
        assert_eq!(active_sql(), "('open', 'snoozed')");
    }
}
