//! A row's creation received from another device: inserted when the row
//! is new here, merged field by field when it is not (the same generated
//! record made on two devices).

use super::Effect;
use crate::domain::fields::Value;
use crate::domain::schema::{CUSTOMER, Table};
use crate::error::{Error, Result};
use crate::store::Writer;
use crate::store::records::{ChangeRecord, field_stamp_at};
use rusqlite::params;

impl Writer<'_> {
    pub(super) fn apply_insert(&mut self, table: &'static Table, r: &ChangeRecord, row: i64) -> Result<Effect> {
        let (values, unknown) = insert_values(table, r)?;
        // A new row needs its customer's row here (None: it has not arrived
        // yet, or the record names none). The row is inserted unless it is
        // here already: one statement, not a lookup first, for what is
        // most of what a new archive takes in.
        // (The general path, which tests compare with, looks the row up
        // first, as imports did before.)
        if self.seen.off && self.row_cl(table, &r.row)?.is_some() {
            return self.merge_insert(table, r, row, values, unknown);
        }
        let parent_here = match table.parent.map(|parent| values.iter().find(|(f, _)| *f == parent)) {
            None => Some(None),
            Some(Some((_, Value::Text(cid)))) if self.customer_present(cid)? => Some(Some(cid.clone())),
            Some(_) => None,
        };
        let inserted = match parent_here {
            Some(customer) => self.insert_new(table, r, &values, customer)?,
            None if self.row_cl(table, &r.row)?.is_none() => return Ok(Effect::Parked),
            None => false,
        };
        if inserted {
            return Ok(if unknown { Effect::Parked } else { Effect::Applied(0) });
        }
        self.merge_insert(table, r, row, values, unknown)
    }

    /// A second creation of a row held here, merged into it field by field.
    fn merge_insert(
        &mut self,
        table: &'static Table,
        r: &ChangeRecord,
        row: i64,
        values: Vec<(&'static str, Value)>,
        unknown: bool,
    ) -> Result<Effect> {
        // A second creation of the same row: a record the app generates
        // (a birthday follow-up) made on two devices. Each field's clock is
        // pinned first (it was the earliest creation's), then merged.
        for spec in table.fields {
            let col = self.ids.find_col(self.tx, table.name, spec.name)?;
            if let Some(now) = field_stamp_at(self.tx, row, table.name, col)? {
                let col = self.ids.col(self.tx, table.name, spec.name)?;
                self.tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO field_clock (row, col, hlc, origin) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![row, col, now.hlc, now.origin])?;
            }
        }
        let mut conflicts = 0;
        for (spec, (_, value)) in table.fields.iter().zip(values) {
            if spec.kind == crate::domain::fields::Kind::Ref {
                continue;
            }
            conflicts += self.merge_field(table, spec, r, row, value)?;
        }
        Ok(if unknown { Effect::Parked } else { Effect::Applied(conflicts) })
    }

    /// Insert a row new here with its initial values (`customer`: the
    /// customer it belongs to); false when the row is here already.
    pub(super) fn insert_new(
        &mut self,
        table: &'static Table,
        r: &ChangeRecord,
        values: &[(&'static str, Value)],
        customer: Option<String>,
    ) -> Result<bool> {
        let set: Vec<&(&str, Value)> = values.iter().filter(|(_, v)| !v.is_null()).collect();
        let sql = format!(
            "INSERT INTO {} (id, cl, updated_ms{}) VALUES (?1, 1, ?2{}) ON CONFLICT (id) DO NOTHING",
            table.name,
            set.iter().map(|(c, _)| format!(", {c}")).collect::<String>(),
            (0..set.len()).map(|i| format!(", ?{}", i + 3)).collect::<String>()
        );
        let now = self.now_ms();
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&r.row, &now];
        args.extend(set.iter().map(|(_, v)| v as &dyn rusqlite::ToSql));
        if self.tx.prepare_cached(&sql)?.execute(args.as_slice())? == 0 {
            return Ok(false);
        }
        self.inserted(table, &r.row, customer)?;
        Ok(true)
    }

    /// Row `id` of `table` (of `customer`) was inserted: what the insert
    /// says need not be asked again in this import, and its customer's
    /// search record is made again.
    pub(super) fn inserted(&mut self, table: &'static Table, id: &str, customer: Option<String>) -> Result<()> {
        if let Some(cid) = customer
            && table.parent == Some("customer_id")
        {
            self.seen.customers.entry(table.name).or_default().insert(id.to_string(), cid);
        }
        if std::ptr::eq(table, &raw const CUSTOMER) {
            self.seen.present.insert(id.to_string());
        }
        self.touch(table, id)?;
        Ok(())
    }
}

/// The initial values a row's creation `r` gives each field of `table`
/// (absent ones empty), cleaned as a local write cleans them; and whether
/// it names a field this build does not know (a newer schema's).
pub(super) fn insert_values(table: &'static Table, r: &ChangeRecord) -> Result<(Vec<(&'static str, Value)>, bool)> {
    let json = r.value.as_deref().unwrap_or("{}");
    let mut de = serde_json::Deserializer::from_str(json);
    let (slots, unknown) = serde::de::DeserializeSeed::deserialize(Fields(table), &mut de)
        .and_then(|read| de.end().map(|()| read))
        .map_err(|e| Error::Invalid(format!("{} {}: {e}", r.origin, r.seq)))?;
    let mut values: Vec<(&'static str, Value)> = Vec::with_capacity(table.fields.len());
    for (spec, slot) in table.fields.iter().zip(slots) {
        // Moved out of the JSON, not copied: what `Value::from_json`
        // gives, without a copy of every text.
        let v = match slot {
            Some(serde_json::Value::String(s)) => Value::Text(s),
            Some(v) => Value::from_json(&v).ok_or_else(|| Error::Invalid(format!("{} {}", r.origin, r.seq)))?,
            None => Value::Null,
        };
        values.push((spec.name, v));
    }
    // Copied only when cleaning changed something.
    let values = match crate::domain::clean::clean_values(table, &values) {
        Ok(std::borrow::Cow::Owned(cleaned)) => cleaned,
        Ok(std::borrow::Cow::Borrowed(_)) | Err(_) => values,
    };
    Ok((values, unknown))
}

/// Of a row's creation `r` in `table`: the customer it names (its parent
/// field, as [`insert_values`] gives it) and whether it names a field this
/// build does not know; None when it is not a JSON object. One pass that
/// keeps nothing but the parent (every other value skipped), for sorting an
/// import's creations before they are read whole.
pub(super) fn creation_parent(table: &'static Table, r: &ChangeRecord) -> Option<(Option<String>, bool)> {
    let json = r.value.as_deref().unwrap_or("{}");
    let mut de = serde_json::Deserializer::from_str(json);
    let parent = table.parent.and_then(|p| table.fields.iter().position(|f| f.name == p));
    let (slot, unknown) = serde::de::DeserializeSeed::deserialize(Parent(table, parent), &mut de).ok()?;
    de.end().ok()?;
    let customer = match (slot, parent) {
        (Some(serde_json::Value::String(s)), Some(i)) => {
            let long = table.fields[i].kind == crate::domain::fields::Kind::Long;
            Some(crate::domain::clean::clean(&s, long).into_owned())
        }
        _ => None,
    };
    Some((customer, unknown))
}

/// A creation's object read for its parent field alone (the field at the
/// place given), every other value skipped; and whether it names a field
/// the table does not have.
struct Parent(&'static Table, Option<usize>);

impl<'de> serde::de::DeserializeSeed<'de> for Parent {
    type Value = (Option<serde_json::Value>, bool);

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> std::result::Result<Self::Value, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Parent {
    type Value = (Option<serde_json::Value>, bool);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let mut slot = None;
        let mut unknown = false;
        while let Some(Slot(at)) = map.next_key_seed(SlotOf(self.0))? {
            if at.is_some() && at == self.1 {
                slot = Some(map.next_value()?);
            } else {
                unknown |= at.is_none();
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok((slot, unknown))
    }
}

/// A creation's JSON object read straight into a slot per field of a
/// table (in its order; a key given twice: the last), and whether it names
/// a field the table does not have (its value is skipped): one pass, no
/// map of owned keys built and taken apart.
struct Fields(&'static Table);

impl<'de> serde::de::DeserializeSeed<'de> for Fields {
    type Value = (Vec<Option<serde_json::Value>>, bool);

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> std::result::Result<Self::Value, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Fields {
    type Value = (Vec<Option<serde_json::Value>>, bool);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let mut slots: Vec<Option<serde_json::Value>> = vec![None; self.0.fields.len()];
        let mut unknown = false;
        while let Some(Slot(at)) = map.next_key_seed(SlotOf(self.0))? {
            if let Some(i) = at {
                slots[i] = Some(map.next_value()?);
            } else {
                unknown = true;
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok((slots, unknown))
    }
}

/// A key of a creation's object: the place of its field in the table.
struct Slot(Option<usize>);

/// [`Slot`]'s reader for one table.
struct SlotOf(&'static Table);

impl<'de> serde::de::DeserializeSeed<'de> for SlotOf {
    type Value = Slot;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> std::result::Result<Slot, D::Error> {
        de.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for SlotOf {
    type Value = Slot;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> std::result::Result<Slot, E> {
        Ok(Slot(self.0.fields.iter().position(|f| f.name == key)))
    }
}

#[cfg(test)]
mod tests {
    use super::{creation_parent, insert_values};
    use crate::domain::fields::Value;
    use crate::domain::schema::{CUSTOMER, PERSON};
    use crate::store::records::ChangeRecord;

    fn creation(json: &str) -> ChangeRecord {
        ChangeRecord {
            origin: "d".into(),
            seq: 7,
            table: "person".into(),
            row: "p".into(),
            column: "_insert".into(),
            value: Some(json.into()),
            hlc: 1,
            tx: 7,
            cl: 1,
            base: None,
            settles: None,
        }
    }

    /// What reading the object as a map gave (the reading before).
    fn as_map(json: &str) -> Option<(Vec<(&'static str, Value)>, bool)> {
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).ok()?;
        let unknown = object.keys().any(|k| PERSON.field(k).is_none());
        let values = PERSON
            .fields
            .iter()
            .map(|f| object.get(f.name).map_or(Some(Value::Null), Value::from_json).map(|v| (f.name, v)))
            .collect::<Option<Vec<_>>>()?;
        Some((values, unknown))
    }

    #[test]
    fn a_creation_is_read_field_by_field_as_a_map_of_it_reads() {
        for json in [
            r#"{"customer_id": "c1", "name": "王\u4f1f", "closeness": 3}"#,
            r#"{"name": "a", "name": "b", "future_field": [1, {"x": null}]}"#,
            r#"{"name": "a", "phone": null, "email": true}"#,
            r#"{"name": "a", "closeness": 1.5}"#,
            r#"{"name": "a", "closeness": [1]}"#,
            r#"{"name": "a",}"#,
            r#"{"name": "a"} x"#,
            r#"["name"]"#,
            "5",
            "{}",
            "",
        ] {
            let got = insert_values(&PERSON, &creation(json)).ok();
            assert_eq!(got, as_map(json), "{json}");
        }
        let err = insert_values(&CUSTOMER, &creation("[]")).unwrap_err().to_string();
        assert!(err.contains("d 7") && err.contains("a map"), "{err}");
    }

    #[test]
    fn a_creations_parent_is_what_reading_it_whole_gives() {
        for json in [
            r#"{"customer_id": "c1", "name": "王\u4f1f", "closeness": 3}"#,
            r#"{"customer_id": "c1", "customer_id": " c\u00002 ", "future": {"customer_id": "x"}}"#,
            r#"{"customer_id": "Cafe\u0301\u001b", "name": "a"}"#,
            r#"{"customer_id": 5, "name": "a"}"#,
            r#"{"customer_id": null}"#,
            r#"{"name": "a", "closeness": [1]}"#,
            r#"{"name": "a"} x"#,
            r#"["customer_id"]"#,
            "{}",
            "",
        ] {
            let whole = insert_values(&PERSON, &creation(json)).ok().map(|(values, unknown)| {
                let parent = values.iter().find(|(f, _)| *f == "customer_id").and_then(|(_, v)| match v {
                    Value::Text(t) => Some(t.clone()),
                    _ => None,
                });
                (parent, unknown)
            });
            let light = creation_parent(&PERSON, &creation(json));
            // Where the whole reading succeeds, the light one agrees; it
            // may read what the whole one refuses (a value the field cannot
            // hold), which the insert then refuses.
            if whole.is_some() {
                assert_eq!(light, whole, "{json}");
            }
        }
        assert_eq!(creation_parent(&CUSTOMER, &creation(r#"{"name": "a", "x": 1}"#)), Some((None, true)));
        assert_eq!(creation_parent(&PERSON, &creation("[1]")), None);
    }
}
