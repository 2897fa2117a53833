//! A date typed in a record's date field, read with the record around it:
//! the one rule the CLI and the interface share for the time typed with
//! the day (`fri 3pm`, `明天下午3点`) and for which way a day with no year
//! or week looks (a visit held looks back, a planned one forward).
//!
//! A time typed with the day is never dropped: a record with a time field
//! (a visit) takes it when its time is empty and refuses it when it holds
//! another time; a record without one (a follow-up's due date, a birthday)
//! refuses it, saying the time cannot be kept. A part of the day alone
//! (`下周五下午`, `fri afternoon`) is no time a field can hold: the day is
//! read as before.

use super::{DateError, split_time};
use crate::domain::fields::{FieldSpec, Kind, Value};
use crate::domain::schema::{Table, VISIT};
use chrono::NaiveDate;

/// The record around a date field, as it stands with what is being typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Around<'a> {
    /// The record's time field (typed or stored, perhaps empty); `None`
    /// when the record has no time field.
    pub time: Option<&'a str>,
    /// True when the day was already past: a visit held. Phrases with no
    /// year or week then look back (`fri` on a Monday is last Friday).
    pub held: bool,
}

/// The day read from a date field, and the time typed with it that the
/// record's empty time field is to take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The day.
    pub date: NaiveDate,
    /// `HH:MM` for the record's time field, when one was typed with the day
    /// and the field was empty.
    pub fill_time: Option<String>,
}

/// Is a visit with this status held (its date a day already past)? A
/// planned or cancelled visit's date is to come. The status is the value
/// stored (`done`), as the field reads it from either language's label.
pub fn held(status: Option<&str>) -> bool {
    status == Some("done")
}

/// The clock time typed after the day (`3pm` in `fri 3pm`, `下午3点` in
/// `明天下午3点`), as `HH:MM`, and the day's text before it; `None` when no
/// clock time follows the day.
pub fn clock_after(input: &str) -> Option<(String, String)> {
    let s = super::fold(input);
    let (day, time) = split_time(&s)?;
    let hhmm = super::parse_time(time)?;
    Some((day.to_string(), hhmm))
}

/// Read `input` typed in a date field of a record `around` it, against
/// `today`: the day, and the time to fill in; or why not
/// ([`DateError::TimeNotKept`] when the record has no time field,
/// [`DateError::TimeClash`] when its time field holds another time).
pub fn read(input: &str, today: NaiveDate, around: Around) -> Result<Read, DateError> {
    let resolve = |text: &str| {
        if around.held {
            super::looking_back(|| super::resolve_date(text, today))
        } else {
            super::resolve_date(text, today)
        }
    };
    // A whole phrase first: `下周五下午` is a day with a part of the day.
    let Some((day, time)) = clock_after(input).filter(|_| resolve(input).is_err()) else {
        return resolve(input).map(|date| Read { date, fill_time: None });
    };
    let date = resolve(&day)?;
    match around.time.map(str::trim) {
        None => Err(DateError::TimeNotKept),
        Some("") => Ok(Read { date, fill_time: Some(time) }),
        Some(held) if super::parse_time(held).as_deref() == Some(time.as_str()) => Ok(Read { date, fill_time: None }),
        Some(_) => Err(DateError::TimeClash),
    }
}

/// The record around `spec`, a date field of `table`, given the record's
/// status and time as they stand (typed, else stored, else the verb's:
/// a visit logged is `done`). Only a visit's own date has a time beside it
/// and follows its status; every other date field (a next step's date, a
/// due date) keeps no time and looks forward.
pub fn around<'a>(table: &Table, spec: &FieldSpec, status: Option<&'a str>, time: Option<&'a str>) -> Around<'a> {
    if table.name != VISIT.name || spec.name != "date" {
        return Around::default();
    }
    Around { time: Some(time.unwrap_or("")), held: held(status) }
}

/// A date field's value from `raw` with the record `around` it, and the
/// time field's value to fill in (see [`read`]); an empty field is read as
/// the field reads it (required, or nothing). Errors name the field.
pub fn read_field(
    spec: &FieldSpec,
    raw: &str,
    today: NaiveDate,
    around: Around,
) -> crate::Result<(Value, Option<(&'static str, Value)>)> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || spec.kind != Kind::Date {
        return Ok((spec.parse_on(raw, today)?, None));
    }
    let read = read(trimmed, today, around).map_err(|e| e.to_error(spec.label(), trimmed))?;
    let date = Value::Text(read.date.format("%Y-%m-%d").to_string());
    Ok((date, read.fill_time.map(|t| ("time", Value::Text(t)))))
}
