//! A visit's next steps (DOMAIN.md §5): each line of `next_step` is one,
//! with its date after `@` or the visit's `next_date`; each becomes a
//! follow-up of its own, known by a digest of its text, so that it keeps
//! its follow-up when it moves or changes case and is never dropped or
//! merged silently.

use chrono::NaiveDate;

/// One next step of a done visit: one line of `next_step`, with the date
/// written after `@` (`寄合同 @ 明天`) or else the visit's `next_date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The step as written (trimmed).
    pub what: String,
    /// Its identity: [`step_key`] of `what`.
    pub key: String,
    /// The date as written after `@`, or `None` when it is `next_date`.
    pub when: Option<String>,
    /// The date it resolves to.
    pub due: NaiveDate,
}

/// The identity of a next step within its visit: a digest of its text
/// trimmed, in NFC, with ASCII letters folded to lower case. A step keeps
/// its follow-up when it moves to another line or its letters change case;
/// it is never confused with another step by its position. A digest, not
/// the text: the key is stored in the follow-up's `ref`, and a name in a
/// step must leave the archive with the name (privacy erase).
pub fn step_key(what: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text = what.trim().nfc().collect::<String>().to_ascii_lowercase();
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, text.as_bytes()).simple().to_string()
}

/// The lines of a `next_step` text as (what, date as written after `@`).
pub fn step_lines(next_step: &str) -> Vec<(String, Option<String>)> {
    next_step
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.rsplit_once(['@', '＠']) {
            Some((what, when)) => (what.trim().to_string(), Some(when.trim().to_string())),
            None => (line.to_string(), None),
        })
        .collect()
}

/// A done visit's next steps, each with its date. A step with no date or
/// a date that cannot be read, and a step written twice, refuse the
/// write: a next step must never be dropped or merged silently.
pub fn next_steps(next_step: &str, next_date: Option<NaiveDate>, today: NaiveDate) -> crate::Result<Vec<Step>> {
    let mut out: Vec<Step> = Vec::new();
    for (what, when) in step_lines(next_step) {
        let due = match &when {
            Some(w) => Some(
                crate::domain::dates::resolve_day(w, today)
                    .ok()
                    .ok_or_else(|| crate::Error::invalid("error.step_bad_date", &[("step", &what), ("date", w)]))?,
            ),
            None => next_date,
        };
        let due = due.ok_or_else(|| crate::Error::invalid("error.step_no_date", &[("step", &what)]))?;
        let key = step_key(&what);
        if out.iter().any(|s| s.key == key) {
            return Err(crate::Error::invalid("error.step_twice", &[("step", &what)]));
        }
        out.push(Step { what, key, when, due });
    }
    Ok(out)
}

/// A write's `next_step` text with the date words of each new or
/// rewritten step (`call back @ 下周五`) replaced by the date they mean
/// today (`call back @ 2026-12-04`): the visit keeps what was meant, not
/// words that mean another day next week. A step written exactly as in
/// `old` keeps its text (its follow-up keeps its date); words that are not a
/// date are left for [`next_steps`] to refuse. Every write path of a visit
/// calls this (the store's insert and update), so the CLI and the
/// interface store the same.
pub fn date_next_steps(
    old: Option<&crate::domain::entity::Entity>,
    values: &mut std::borrow::Cow<'_, [(&'static str, crate::domain::fields::Value)]>,
    today: NaiveDate,
) {
    use crate::domain::fields::Value;
    let Some(text) = values.iter().rev().find(|(f, _)| *f == "next_step").and_then(|(_, v)| v.as_text()) else {
        return;
    };
    let old_lines = old.map(|o| step_lines(o.text_or_empty("next_step"))).unwrap_or_default();
    let mut changed = false;
    let dated: Vec<String> = text
        .lines()
        .map(|line| {
            let Some((what, when)) = line.rsplit_once(['@', '＠']) else { return line.to_string() };
            let (what, when) = (what.trim(), when.trim());
            let unchanged = old_lines.iter().any(|(w, d)| step_key(w) == step_key(what) && d.as_deref() == Some(when));
            if unchanged || !crate::domain::dates::is_phrase(when) {
                return line.to_string();
            }
            match crate::domain::dates::resolve_day(when, today) {
                Ok(d) => {
                    changed = true;
                    // A time written after the day stays beside the date.
                    let time = crate::domain::dates::time_after(when).map(|t| format!(" {t}")).unwrap_or_default();
                    format!("{what} @ {}{time}", d.format("%Y-%m-%d"))
                }
                Err(_) => line.to_string(),
            }
        })
        .collect();
    if changed {
        let text = Value::Text(dated.join("\n"));
        for (_, v) in values.to_mut().iter_mut().filter(|(f, _)| *f == "next_step") {
            *v = text.clone();
        }
    }
}

/// What a form shows under a `next_step` text as it is typed, in the
/// active language: each step dated after `@` with the date saving stores
/// (`寄合同 → 2026-12-04 周五`), or why its date cannot be read; `None`
/// when no step names a date. As a date field previews its date, read by
/// the same [`crate::domain::dates::resolve_day`] that [`date_next_steps`]
/// stores.
pub fn preview(next_step: &str, today: NaiveDate) -> Option<String> {
    let shown: Vec<String> = step_lines(next_step)
        .into_iter()
        .filter_map(|(what, when)| {
            let when = when.filter(|w| !w.is_empty())?;
            Some(match crate::domain::dates::resolve_day(&when, today) {
                Ok(d) => {
                    let time = crate::domain::dates::time_after(&when).map(|t| format!(" {t}")).unwrap_or_default();
                    format!("{what} → {}{time}", crate::domain::dates::with_weekday(d))
                }
                Err(_) => format!("✗ {what} @ {when}: {}", crate::i18n::t("tui.date_unknown")),
            })
        })
        .collect();
    // One line per step, as they are typed.
    (!shown.is_empty()).then(|| shown.join("\n"))
}

/// True when `step` is written with the same date as in the visit's
/// `old` steps (same words after `@`, or both on an unchanged
/// `next_date`): its follow-up's date then stays as it is, even when a
/// relative word (`tomorrow`) would resolve differently today or the
/// follow-up was snoozed meanwhile.
pub fn same_date_as_before(
    step: &Step,
    old_next_step: &str,
    old_next_date: Option<&str>,
    next_date: Option<&str>,
) -> bool {
    step_lines(old_next_step).into_iter().any(|(what, when)| {
        step_key(&what) == step.key && when == step.when && (when.is_some() || old_next_date == next_date)
    })
}

/// What became of a next step's follow-up when a visit was logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepChange {
    /// Made by this log.
    Added,
    /// It existed; its date moved with the step's.
    Updated,
    /// It existed and stays as it was.
    Kept,
}

/// A follow-up a log made or kept current (when a visit is logged again).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StepFollowup {
    /// The follow-up's id.
    pub id: String,
    /// What is to be done.
    pub what: String,
    /// By when.
    pub due: NaiveDate,
    /// False when the follow-up existed from an earlier log of this visit.
    pub new: bool,
    /// Added, updated or kept as it was.
    pub change: StepChange,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn next_steps_are_stored_with_the_date_the_words_mean() {
        use crate::domain::fields::Value;
        let wed = d("2026-11-25");
        let text = "call back @ 下周五\nsend quote ＠ 2026-12-01\nvisit again @ someday\nno date\nmeet @ 后天 14:30\nmail @ 明天下午";
        let mut values = std::borrow::Cow::Owned(vec![("next_step", Value::Text(text.into()))]);
        date_next_steps(None, &mut values, wed);
        assert_eq!(
            values[0].1,
            Value::Text(
                "call back @ 2026-12-04\nsend quote ＠ 2026-12-01\nvisit again @ someday\nno date\n\
                 meet @ 2026-11-27 14:30\nmail @ 2026-11-26 下午"
                    .into()
            )
        );
        // A step kept as it was written before keeps its words.
        let old = crate::domain::entity::Entity {
            table: &crate::domain::schema::VISIT,
            id: String::new(),
            alive: true,
            updated_ms: 0,
            values: [("next_step", Value::Text("call back @ 下周五".into()))].into_iter().collect(),
        };
        let mut values =
            std::borrow::Cow::Owned(vec![("next_step", Value::Text("call back @ 下周五\nmail @ 明天".into()))]);
        date_next_steps(Some(&old), &mut values, wed);
        assert_eq!(values[0].1, Value::Text("call back @ 下周五\nmail @ 2026-11-26".into()));
    }
}
