//! Checks of one received record before anything is applied: sane
//! numbers, names that can be a table or column, values the field can
//! hold, and a clock not absurdly far ahead (DESIGN.md §4).

use crate::domain::fields::Value;
use crate::domain::schema;
use crate::error::{Error, Result};
use crate::hlc::{Hlc, MAX_DRIFT_MS};
use crate::i18n::{t, tf};
use crate::store::{CL_COLUMN, ChangeRecord, ERASE_COLUMN, INSERT_COLUMN};

fn name_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn fault(what: &str) -> Error {
    Error::Invalid(t(what).to_string())
}

/// Check one record; the error says what is wrong with it.
pub fn record(r: &ChangeRecord, now_ms: i64) -> Result<()> {
    let devices_ok = uuid::Uuid::try_parse(&r.origin).is_ok()
        && r.base.as_ref().is_none_or(|(_, o)| uuid::Uuid::try_parse(o).is_ok())
        && r.settles.as_ref().is_none_or(|(_, o)| uuid::Uuid::try_parse(o).is_ok());
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
            &[("device", &r.origin), ("days", &(ahead / 86_400_000).max(1))],
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
