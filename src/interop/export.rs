//! Customers, key people, visits and follow-ups as a table (issue 12 §2),
//! written as CSV (UTF-8 with BOM and CRLF for Excel on Chinese Windows, or
//! GBK) or xlsx. The headers are those of [`crate::domain::columns`], so an
//! exported file imports back onto the same records.

use super::sheet::{Cell, RowKind, Sheet};
use crate::domain::columns::{Target, export_header};
use crate::domain::entity::{Entity, show_value};
use crate::domain::fields::Kind;
use crate::domain::schema::{CUSTOMER, FOLLOWUP, PERSON, Table, VISIT};
use crate::error::Result;
use crate::store::{CustomerFilter, RecordQuery, Store};

/// What a cell may start with that a spreadsheet would run as a formula
/// (or, for tab and carriage return, hide one behind).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell's text made inert for a spreadsheet: a leading `'` before what
/// would start a formula (`=HYPERLINK(…)`, `+86 138…`, `-1`); import takes
/// it off again.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { format!("'{text}").into() } else { text.into() }
}

/// Which records a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum What {
    /// Customers, one a row.
    #[default]
    Customers,
    /// Key people, with their customer's name.
    People,
    /// Visits and calls, with their customer's name.
    Visits,
    /// Follow-ups, with their customer's name.
    Followups,
}

/// The file a table goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV, UTF-8 with a byte-order mark and CRLF.
    Csv,
    /// CSV in GB18030 (GBK for every character GBK has), CRLF.
    CsvGbk,
    /// An Excel workbook.
    Xlsx,
}

/// The records of `what` in the archive (live ones; one customer's when
/// `customer` is given) as a table with headers in the user's language.
pub fn table(store: &Store, what: What, customer: Option<&str>) -> Result<Sheet> {
    let lang = crate::i18n::lang();
    let customers: Vec<Entity> = match customer {
        Some(id) => store.get(&CUSTOMER, id)?.into_iter().filter(|c| c.alive).collect(),
        None => store.customers(&CustomerFilter::default())?,
    };
    let child = |table: &'static Table| -> Result<Vec<Entity>> {
        let q = RecordQuery { customer: customer.map(str::to_string), ..RecordQuery::default() };
        store.records(table, &q)
    };
    let names: std::collections::HashMap<&str, &str> =
        customers.iter().map(|c| (c.id.as_str(), c.text_or_empty("name"))).collect();
    let (title_key, table_spec, records) = match what {
        What::Customers => ("interop.sheet_customers", &CUSTOMER, customers.clone()),
        What::People => ("interop.sheet_people", &PERSON, child(&PERSON)?),
        What::Visits => ("interop.sheet_visits", &VISIT, child(&VISIT)?),
        What::Followups => ("interop.sheet_followups", &FOLLOWUP, child(&FOLLOWUP)?),
    };
    let fields: Vec<_> = table_spec.fields.iter().filter(|f| f.kind != Kind::Ref).collect();
    let target = |f: &'static str| if what == What::Customers { Target::Customer(f) } else { Target::Person(f) };
    let mut headers: Vec<String> = Vec::new();
    if what != What::Customers {
        headers.push(export_header(Target::Customer("name"), lang));
    }
    for f in &fields {
        headers.push(match what {
            What::Customers | What::People => export_header(target(f.name), lang),
            What::Visits | What::Followups => f.label().to_string(),
        });
    }
    let mut rows: Vec<(RowKind, Vec<Cell>)> = Vec::with_capacity(records.len());
    for r in &records {
        let mut cells = Vec::with_capacity(headers.len());
        if what != What::Customers {
            let Some(name) = names.get(r.text_or_empty("customer_id")) else { continue };
            cells.push(Cell::Text((*name).to_string()));
        }
        for f in &fields {
            cells.push(match (f.kind, r.get(f.name)) {
                (_, v) if v.is_null() => Cell::Empty,
                (Kind::Score, v) => v.as_int().map_or(Cell::Empty, Cell::Int),
                (Kind::Long, v) => Cell::Lines(show_value(f, v)),
                (_, v) => Cell::Text(show_value(f, v)),
            });
        }
        rows.push((RowKind::Plain, cells));
    }
    Ok(Sheet { title: crate::i18n::t(title_key).to_string(), headers, rows })
}

/// The bytes of `sheet` as CSV in `format` (not xlsx).
pub fn csv_bytes(sheet: &Sheet, format: Format) -> Result<Vec<u8>> {
    let utf8 = sheet.to_csv()?;
    if format != Format::CsvGbk {
        return Ok(utf8);
    }
    let text = String::from_utf8_lossy(utf8.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&utf8)).into_owned();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    Ok(bytes.into_owned())
}

/// Write `sheet` to `path` in `format` (0600, atomically).
pub fn write(sheet: &Sheet, format: Format, path: &std::path::Path) -> Result<()> {
    match format {
        Format::Xlsx => sheet.write_xlsx(path),
        Format::Csv | Format::CsvGbk => super::write_private(path, &csv_bytes(sheet, format)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_starts_a_formula_is_neutralised() {
        for bad in ["=HYPERLINK(\"http://x\")", "+86 138", "-1", "@SUM(A1)", "\tx", "\r=1"] {
            assert_eq!(neutralise(bad), format!("'{bad}"), "{bad:?}");
            assert_eq!(super::super::table::unguard(&neutralise(bad)), bad, "import takes the guard off");
        }
        assert_eq!(neutralise("重庆 = 好"), "重庆 = 好");
        assert_eq!(neutralise("'quoted"), "'quoted");
    }
}
