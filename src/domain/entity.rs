//! One archive record as the field values of its table.

use super::classify::{Classification, Tier, classify};
use super::fields::{FieldSpec, Kind, Value, format_money, split_tags};
use super::schema::Table;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// A record of any archive table: id, liveness and field values.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The table it belongs to.
    pub table: &'static Table,
    /// UUIDv7 text.
    pub id: String,
    /// False once soft-deleted.
    pub alive: bool,
    /// Milliseconds since the epoch of the last local write.
    pub updated_ms: i64,
    /// Field values by name; absent means null.
    pub values: BTreeMap<&'static str, Value>,
}

impl Entity {
    /// A field's value (null if unset).
    pub fn get(&self, field: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.values.get(field).unwrap_or(&NULL)
    }

    /// A text field, if set.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.get(field).as_text()
    }

    /// A text field, or "" when unset.
    pub fn text_or_empty(&self, field: &str) -> &str {
        self.text(field).unwrap_or("")
    }

    /// An integer field, if set.
    pub fn int(&self, field: &str) -> Option<i64> {
        self.get(field).as_int()
    }

    /// The record's name (`name`, `product` for competitors, the need of
    /// an opportunity).
    pub fn title(&self) -> &str {
        if self.table.name == "opportunity" {
            return self.text_or_empty("need");
        }
        self.text("name").or_else(|| self.text("product")).unwrap_or("")
    }

    /// A follow-up's text, or the record's title.
    pub fn title_or_what(&self) -> &str {
        self.text("what").unwrap_or_else(|| self.title())
    }

    /// How the rep names the record in a sentence: a person or competitor
    /// by name, a follow-up by what is to be done, a record or visit by
    /// kind and date ("Call 2026-11-20").
    pub fn label(&self) -> String {
        match self.table.name {
            "trade" | "visit" => format!("{} {}", self.display("kind"), self.text_or_empty("date")).trim().to_string(),
            "week_review" => self.text_or_empty("week").to_string(),
            "review_act" => self.text_or_empty("change").to_string(),
            _ => self.title_or_what().to_string(),
        }
    }

    /// Tags as a list.
    pub fn tags(&self) -> Vec<String> {
        self.text("tags").map(split_tags).unwrap_or_default()
    }

    /// The customer's class from its scores and override.
    pub fn classification(&self) -> Classification {
        let score = |f: &str| self.int(f).map(|v| v.clamp(0, 4) as u8);
        classify(score("purchase"), score("potential"), self.text("tier_override").and_then(Tier::parse))
    }

    /// A value as the user reads it: enum labels, money with decimals, yes/no.
    pub fn display(&self, field: &str) -> String {
        self.table.field(field).map(|spec| show_value(spec, self.get(field))).unwrap_or_default()
    }

    /// The record as JSON with stable field names: `id`, every field of the
    /// table (null when unset; tags as an array), and `deleted`.
    pub fn to_json(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("id".into(), Json::String(self.id.clone()));
        for spec in self.table.fields {
            let v = match (spec.kind, self.get(spec.name)) {
                (Kind::Tags | Kind::Set(_), _) => Json::Array(
                    self.text(spec.name).map(split_tags).unwrap_or_default().into_iter().map(Json::String).collect(),
                ),
                (_, v) => serde_json::to_value(v).unwrap_or(Json::Null),
            };
            m.insert(spec.name.into(), v);
        }
        m.insert("deleted".into(), Json::Bool(!self.alive));
        m
    }
}

/// A field's value as the user reads it, in the active language: enum
/// labels, money with decimals and thousands, yes/no. The one way values
/// are shown — lists, `show`, the dossier and its history all use it.
pub fn show_value(spec: &FieldSpec, value: &Value) -> String {
    let field = spec.name;
    match (spec.kind, value) {
        (_, Value::Null) => String::new(),
        (Kind::Enum(_), Value::Text(v)) => crate::i18n::enum_label(field, v),
        (Kind::Set(_), Value::Text(v)) => {
            let labels: Vec<String> = split_tags(v).iter().map(|x| crate::i18n::enum_label(field, x)).collect();
            labels.join(crate::i18n::list_separator())
        }
        (Kind::Money, Value::Int(v)) => format_money(*v),
        // A buying stage of the funnel: its label where it is a shipped one.
        (_, Value::Text(v)) if matches!(field, "funnel_stage" | "opportunity_stage") => {
            super::opportunity::Stages::label(v)
        }
        (Kind::Rate, Value::Text(v)) => {
            super::cadence::Rate::parse(v).map_or_else(|_| v.clone(), super::cadence::Rate::localized)
        }
        (_, Value::Bool(b)) => crate::i18n::t(if *b { "common.yes" } else { "common.no" }).to_string(),
        (_, Value::Int(v)) => v.to_string(),
        (_, Value::Text(v)) => v.clone(),
    }
}

impl serde::Serialize for Entity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// The day a record was made, read from its UUIDv7 id (48-bit ms).
pub fn created_on(id: &str) -> Option<chrono::NaiveDate> {
    let uuid = uuid::Uuid::parse_str(id).ok()?;
    let (secs, _) = uuid.get_timestamp()?.to_unix();
    chrono::DateTime::from_timestamp(i64::try_from(secs).ok()?, 0).map(|t| t.date_naive())
}
