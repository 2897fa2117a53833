//! Checks of one received record before anything is applied: sane
//! numbers, names that can be a table or column, values the field can
//! hold, and a clock not absurdly far ahead (DESIGN.md §4).

use crate::domain::fields::Value;
use crate::domain::schema;
use crate::error::{Error, Result};
use crate::hlc::{Hlc, MAX_DRIFT_MS};
use crate::i18n::{t, tf};
use crate::store::{CL_COLUMN, ChangeRecord, ERASABLE_TABLES, ERASE_COLUMN, INSERT_COLUMN};

fn name_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn fault(what: &str) -> Error {
    Error::Invalid(t(what).to_string())
}

/// A device id as repbook writes them: a UUID, lowercase and hyphenated
/// (one device, one spelling: `…00A` is not another device than `…00a`).
pub fn device_ok(id: &str) -> bool {
    uuid::Uuid::try_parse(id).is_ok_and(|u| u.hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()) == id)
}

/// Check one record; the error says what is wrong with it.
pub fn record(r: &ChangeRecord, now_ms: i64) -> Result<()> {
    let devices_ok = device_ok(&r.origin)
        && r.base.as_ref().is_none_or(|(_, o)| device_ok(o))
        && r.settles.as_ref().is_none_or(|(_, o)| device_ok(o));
    record_with(r, now_ms, devices_ok)
}

/// [`record`] with its devices' ids already checked (`devices_ok`: both
/// are well-formed), once per file rather than once per record.
pub fn record_with(r: &ChangeRecord, now_ms: i64, devices_ok: bool) -> Result<()> {
    shape(r, now_ms, devices_ok)?;
    value(r)
}

/// The checks of [`record_with`] short of its value: numbers, clock,
/// devices and names.
pub fn shape(r: &ChangeRecord, now_ms: i64, devices_ok: bool) -> Result<()> {
    if r.seq < 1 || r.tx < 1 || r.tx > r.seq || r.hlc <= 0 || r.cl < 0 || r.settles.as_ref().is_some_and(|s| s.0 <= 0) {
        return Err(fault("sync.bad_numbers"));
    }
    let ahead = Hlc::from_i64(r.hlc).millis().saturating_sub(now_ms.max(0));
    if ahead > MAX_DRIFT_MS {
        return Err(Error::Invalid(tf(
            "error.clock_ahead",
            &[("device", &r.origin), ("days", &(ahead.saturating_add(43_200_000) / 86_400_000).max(1))],
        )));
    }
    if !devices_ok {
        return Err(fault("sync.bad_device"));
    }
    if !name_ok(&r.table)
        || !name_ok(&r.column)
        || r.row.is_empty()
        || r.row.len() > 100
        || r.row.chars().any(char::is_control)
    {
        return Err(fault("sync.bad_names"));
    }
    Ok(())
}

/// Check a record's value: JSON, and a value its field can hold (a table
/// or column this build does not know is a newer schema's: not judged).
pub fn value(r: &ChangeRecord) -> Result<()> {
    // Only a privacy erase leaves a record without its value, and only of
    // a row it forgets, as only it writes an erase record: any other would
    // erase a row unannounced (a newer schema's table is parked, not judged).
    let erases = r.column == ERASE_COLUMN || r.value.is_none();
    if erases && !ERASABLE_TABLES.contains(&r.table.as_str()) && schema::table(&r.table).is_some() {
        return Err(fault("sync.no_value"));
    }
    let Some(text) = r.value.as_deref() else { return Ok(()) };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| fault("sync.bad_value"))?;
    // A table or column this build does not know is a newer schema's:
    // parked, not judged.
    let Some(table) = schema::table(&r.table) else { return Ok(()) };
    let check = |field: &str, v: &serde_json::Value| -> Result<()> {
        let Some(spec) = table.field(field) else { return Ok(()) };
        let v = Value::from_json(v).ok_or_else(|| fault("sync.bad_value"))?;
        spec.check(&v).map_err(|e| Error::Invalid(format!("{field}: {e}")))
    };
    match r.column.as_str() {
        INSERT_COLUMN => {
            let object = value.as_object().ok_or_else(|| fault("sync.bad_value"))?;
            for (field, v) in object {
                check(field, v)?;
            }
            if table.fields.iter().any(|f| f.required && object.get(f.name).is_none_or(serde_json::Value::is_null)) {
                return Err(fault("sync.bad_value"));
            }
            Ok(())
        }
        CL_COLUMN => match value.as_i64() {
            Some(n) if n == r.cl && n >= 1 => Ok(()),
            _ => Err(fault("sync.bad_value")),
        },
        ERASE_COLUMN => Ok(()),
        field => check(field, &value),
    }
}

#[cfg(test)]
mod tests {
    use super::{device_ok, record, value};
    use crate::store::ChangeRecord;

    fn field(table: &str, column: &str, value: Option<&str>) -> ChangeRecord {
        ChangeRecord {
            origin: "01936f4e-8c2a-7b3d-9e1f-000000000001".to_string(),
            seq: 1,
            hlc: 117_659_978_956_800_000,
            tx: 1,
            table: table.to_string(),
            row: "01936f4e-8c2a-7b3d-9e1f-0000000000aa".to_string(),
            column: column.to_string(),
            cl: 1,
            value: value.map(str::to_string),
            base: None,
            settles: None,
        }
    }

    #[test]
    fn only_a_row_an_erase_forgets_comes_without_its_values() {
        for (table, column) in [("person", "name"), ("person", "_insert"), ("followup", "what"), ("person", "_erase")] {
            assert!(value(&field(table, column, None)).is_ok(), "{table}.{column}");
        }
        // An erase record is written for a key person only: one of a
        // customer would delete it, and its records, unannounced.
        assert!(value(&field("person", "_erase", Some("true"))).is_ok());
        let err = value(&field("customer", "_erase", Some("true"))).unwrap_err().to_string();
        assert!(err.contains("erase"), "{err}");
        // A newer schema's table is parked, not judged.
        assert!(value(&field("contract", "title", None)).is_ok());
        for (table, column) in [("customer", "notes"), ("customer", "_insert"), ("visit", "notes"), ("trade", "_cl")] {
            let err = value(&field(table, column, None)).unwrap_err().to_string();
            assert!(err.contains("erase"), "{table}.{column}: {err}");
        }
        assert!(value(&field("customer", "notes", Some("\"备注\""))).is_ok());
    }

    #[test]
    fn a_device_has_one_spelling() {
        assert!(device_ok("01936f4e-8c2a-7b3d-9e1f-00000000000a"));
        for other in [
            "01936F4E-8C2A-7B3D-9E1F-00000000000A",
            "01936f4e8c2a7b3d9e1f00000000000a",
            "{01936f4e-8c2a-7b3d-9e1f-00000000000a}",
            "urn:uuid:01936f4e-8c2a-7b3d-9e1f-00000000000a",
            "device-a",
        ] {
            assert!(!device_ok(other), "{other}");
        }
        let mut r = field("customer", "notes", Some("\"x\""));
        r.origin = r.origin.to_uppercase();
        assert!(record(&r, 1_795_579_550_042).is_err());
    }

    #[test]
    fn a_clock_days_ahead_is_named_by_the_nearest_day() {
        let now_ms = 1_795_579_550_042_i64;
        let mut r = field("customer", "notes", Some("\"x\""));
        // Three days ahead, less the minute the file took to arrive.
        r.hlc = (now_ms + 3 * 86_400_000 - 60_000) << 16;
        let err = record(&r, now_ms).unwrap_err().to_string();
        assert!(err.contains(" 3 "), "{err}");
    }
}
