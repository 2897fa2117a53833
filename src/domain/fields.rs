//! Typed field values and their validation from user text.
//!
//! Each archive table is described by a list of [`FieldSpec`]s (see
//! [`super::schema`]). The same list drives validation here, the columns the
//! store writes, the change records sync carries and the JSON the CLI prints,
//! so that a field added in one place cannot be forgotten in another.

use super::dates::DateError;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A stored field value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(untagged)]
pub enum Value {
    /// No value.
    #[default]
    Null,
    /// A boolean mark.
    Bool(bool),
    /// An integer (scores, money in minor units).
    Int(i64),
    /// Text, a date (ISO), an enum value (snake case) or a tag list.
    Text(String),
}

impl Value {
    /// The value a JSON value stands for: null, a boolean, an integer or a
    /// string (`None` for anything else). Direct, where the untagged
    /// `Deserialize` tries each kind in turn and builds an error for each
    /// miss (a sync import reads hundreds of thousands).
    pub fn from_json(v: &serde_json::Value) -> Option<Value> {
        match v {
            serde_json::Value::Null => Some(Value::Null),
            serde_json::Value::Bool(b) => Some(Value::Bool(*b)),
            serde_json::Value::Number(n) => n.as_i64().map(Value::Int),
            serde_json::Value::String(s) => Some(Value::Text(s.clone())),
            _ => None,
        }
    }

    /// [`Value::from_json`] of JSON text.
    pub fn from_json_text(text: &str) -> Option<Value> {
        serde_json::from_str::<serde_json::Value>(text).ok().as_ref().and_then(Value::from_json)
    }

    /// The text, if this is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// True only for `Bool(true)`.
    pub fn is_true(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    /// True for `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// What a field holds and how user text becomes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Free text that may span lines.
    Long,
    /// An integer within bounds (the 0–4 scores).
    Score,
    /// Money, stored in minor units (cents / fen).
    Money,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A birthday: `YYYY-MM-DD`, or `MM-DD` when the year is unknown.
    Birthday,
    /// Yes or no.
    Bool,
    /// One of a fixed list of values (snake case).
    Enum(&'static [&'static str]),
    /// A comma-separated list of free tags.
    Tags,
    /// One or more phone numbers ([`super::contact::phone`]).
    Phone,
    /// One or more e-mail addresses ([`super::contact::email`]).
    Email,
    /// Several of a fixed list of values (stored comma-separated).
    Set(&'static [&'static str]),
    /// A time of day, `HH:MM`.
    Time,
    /// A contact rate such as `2 per week` (cadence overrides).
    Rate,
    /// The id of a parent record.
    Ref,
}

/// One field of an archive table.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Column and JSON name.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Must it have a value?
    pub required: bool,
    /// Personal data about a person (kept out of logs, erased on request).
    pub personal: bool,
}

impl FieldSpec {
    /// A plain optional field.
    pub const fn new(name: &'static str, kind: Kind) -> Self {
        Self { name, kind, required: false, personal: false }
    }
    /// A field that must have a value.
    pub const fn required(name: &'static str, kind: Kind) -> Self {
        Self { name, kind, required: true, personal: false }
    }
    /// Personal details of a person.
    pub const fn personal(name: &'static str, kind: Kind) -> Self {
        Self { name, kind, required: false, personal: true }
    }

    /// The label of this field in the active language.
    pub fn label(&self) -> &'static str {
        crate::i18n::lookup(&format!("field.{}", self.name)).unwrap_or(self.name)
    }

    /// Check a value already typed (by a library caller, or sync) against
    /// this field: the store refuses what the forms would never produce.
    pub fn check(&self, v: &Value) -> Result<()> {
        let ok = match (self.kind, v) {
            (_, Value::Null) => !self.required,
            (Kind::Bool, Value::Bool(_)) => true,
            (Kind::Money, Value::Int(i)) => (0..=MAX_MONEY).contains(i),
            (Kind::Score, Value::Int(i)) => (0..=4).contains(i),
            (Kind::Enum(values), Value::Text(t)) => values.contains(&t.as_str()),
            (Kind::Set(values), Value::Text(t)) => split_tags(t).iter().all(|x| values.contains(&x.as_str())),
            (Kind::Date, Value::Text(t)) => parse_iso_date(t).is_some(),
            (Kind::Birthday, Value::Text(t)) => parse_birthday(t).is_ok_and(|b| b == *t),
            (Kind::Time, Value::Text(t)) => parse_time(t).as_deref() == Some(t.as_str()),
            (Kind::Rate, Value::Text(t)) => super::cadence::Rate::parse(t).is_ok(),
            (Kind::Text | Kind::Long | Kind::Tags | Kind::Ref | Kind::Phone | Kind::Email, Value::Text(t)) => {
                !(self.required && t.trim().is_empty())
            }
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            let shown = match v {
                Value::Null => String::new(),
                Value::Text(t) => t.clone(),
                other => serde_json::to_string(other).unwrap_or_default(),
            };
            Err(Error::invalid(
                "error.bad_value",
                &[("field", &self.label()), ("value", &shown), ("expected", &self.expected())],
            ))
        }
    }

    fn expected(&self) -> String {
        use crate::i18n::t;
        match self.kind {
            Kind::Enum(values) | Kind::Set(values) => choices_text(self.name, values),
            Kind::Score => t("expect.score").to_string(),
            Kind::Money => super::money::expect_money(),
            Kind::Date => t("expect.date").to_string(),
            Kind::Birthday => t("expect.birthday").to_string(),
            Kind::Bool => t("expect.bool").to_string(),
            Kind::Time => t("expect.time").to_string(),
            Kind::Rate => t("expect.rate").to_string(),
            Kind::Text | Kind::Long | Kind::Tags | Kind::Ref => t("expect.text").to_string(),
            Kind::Phone => t("expect.phone").to_string(),
            Kind::Email => t("expect.email").to_string(),
        }
    }

    /// Turn what the user typed into a value. Empty text clears the field
    /// (refused for required fields). Dates must be ISO; see [`Self::parse_on`].
    pub fn parse(&self, raw: &str) -> Result<Value> {
        self.parse_with(raw, None)
    }

    /// Like [`Self::parse`], but date fields also take everyday words
    /// (明天, next fri, 3天后, …) resolved against `today`.
    pub fn parse_on(&self, raw: &str, today: NaiveDate) -> Result<Value> {
        self.parse_with(raw, Some(today))
    }

    fn parse_with(&self, raw: &str, today: Option<NaiveDate>) -> Result<Value> {
        let text: String = raw.nfc().collect();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if self.required {
                return Err(Error::invalid("error.required", &[("field", &self.label())]));
            }
            return Ok(Value::Null);
        }
        let bad = |expected: &str| {
            Error::invalid("error.bad_value", &[("field", &self.label()), ("value", &trimmed), ("expected", &expected)])
        };
        match self.kind {
            Kind::Text | Kind::Ref => Ok(Value::Text(trimmed.replace(['\n', '\r'], " "))),
            Kind::Long => Ok(Value::Text(text.trim_end().to_string())),
            Kind::Phone | Kind::Email if super::contact::says_none(trimmed) => Ok(Value::Null),
            // Stored as read: a separator left at the end is dropped.
            Kind::Phone => super::contact::phone(trimmed).map(Value::Text).ok_or_else(|| bad(&self.expected())),
            Kind::Email => super::contact::email(trimmed).map(Value::Text).ok_or_else(|| bad(&self.expected())),
            Kind::Score => match trimmed.parse::<i64>() {
                Ok(n) if (0..=4).contains(&n) => Ok(Value::Int(n)),
                _ => Err(bad(crate::i18n::t("expect.score"))),
            },
            Kind::Money => parse_money(trimmed).map(Value::Int).ok_or_else(|| bad(&super::money::expect_money())),
            Kind::Date => {
                let date = match today {
                    Some(t) => super::dates::resolve(trimmed, t),
                    None => iso_in_window(trimmed),
                };
                date.map(|d| Value::Text(d.format("%Y-%m-%d").to_string()))
                    .map_err(|e| e.to_error(self.label(), trimmed))
            }
            Kind::Birthday => match parse_birthday(trimmed) {
                Ok(b) => Ok(Value::Text(b)),
                // A full date that is a date, but outside the window.
                // 农历八月十五: said why, with its coming day.
                Err(DateError::Unreadable) => Err(match today.and_then(|t| super::dates::lunar_birthday(trimmed, t)) {
                    Some(day) => Error::invalid(
                        "error.birthday_lunar",
                        &[("field", &self.label()), ("value", &trimmed), ("date", &day.format("%Y-%m-%d"))],
                    ),
                    None => bad(crate::i18n::t("expect.birthday")),
                }),
                // Outside the window, or a time the birthday cannot keep.
                Err(e) => Err(e.to_error(self.label(), trimmed)),
            },
            Kind::Bool => match trimmed.to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "on" | "是" => Ok(Value::Bool(true)),
                "no" | "n" | "false" | "0" | "off" | "否" => Ok(Value::Bool(false)),
                _ => Err(bad(crate::i18n::t("expect.bool"))),
            },
            // The value or its label in either language (经销商 for dealer).
            Kind::Enum(values) => choice(self.name, values, trimmed)
                .map(|v| Value::Text(v.to_string()))
                .ok_or_else(|| bad(&choices_text(self.name, values))),
            Kind::Tags => {
                let tags = split_tags(trimmed);
                if tags.is_empty() { Ok(Value::Null) } else { Ok(Value::Text(tags.join(", "))) }
            }
            Kind::Set(values) => {
                let mut out: Vec<&str> = Vec::new();
                for part in split_tags(trimmed) {
                    let v = choice(self.name, values, &part).ok_or_else(|| {
                        Error::invalid(
                            "error.bad_value",
                            &[
                                ("field", &self.label()),
                                ("value", &part),
                                ("expected", &choices_text(self.name, values)),
                            ],
                        )
                    })?;
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
                Ok(Value::Text(out.join(", ")))
            }
            Kind::Time => parse_time(trimmed).map(Value::Text).ok_or_else(|| bad(crate::i18n::t("expect.time"))),
            Kind::Rate => super::cadence::Rate::parse(trimmed)
                .map(|r| Value::Text(r.to_string()))
                .map_err(|_| bad(crate::i18n::t("expect.rate"))),
        }
    }
}

pub use super::choice::{choice, choices_text};

/// Split a tag list on commas (ASCII or full-width) and semicolons; trims,
/// drops empties and duplicates, keeps the order.
pub fn split_tags(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in raw.split([',', '，', ';', '；', '、']) {
        let t = t.trim();
        if !t.is_empty() && !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    out
}

pub use super::dates::parse_time;

/// `YYYY-MM-DD` (also with `/` or `.`), within the dates repbook takes
/// ([`super::dates::FIRST`]..=[`super::dates::LAST`]): a stored date outside
/// them reads as no date, so no computation starts from one.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    parse_iso_date_unbounded(s).filter(|d| super::dates::in_window(*d))
}

/// `YYYY-MM-DD` as chrono reads it, any year it can hold (`+59522-12-11`
/// too): only to tell "out of range" from "not a date".
pub(crate) fn parse_iso_date_unbounded(s: &str) -> Option<NaiveDate> {
    let s = s.trim().replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
}

fn iso_in_window(s: &str) -> Result<NaiveDate, DateError> {
    match parse_iso_date_unbounded(s) {
        Some(d) if super::dates::in_window(d) => Ok(d),
        Some(_) => Err(DateError::OutOfRange),
        None => Err(DateError::Unreadable),
    }
}

/// A birthday as typed (`11月26日`, `11-26`, `26 nov`, `1990-11-26`,
/// `1990年11月26日`): `YYYY-MM-DD` with a year, `MM-DD` without.
fn parse_birthday(s: &str) -> std::result::Result<String, DateError> {
    match super::dates::calendar_date(s)? {
        (Some(d), ..) => Ok(d.format("%Y-%m-%d").to_string()),
        (None, m, d) => Ok(format!("{m:02}-{d:02}")),
    }
}

pub use super::money::{MAX_MONEY, format_money, parse_money};

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
