//! A spreadsheet read as rows of text (issue 12 §1): CSV in UTF-8, UTF-8
//! with a byte-order mark, or GBK/GB18030 as Excel and WPS on Chinese
//! Windows save it (detected with chardetng, decoded with `encoding_rs`),
//! and workbooks (.xlsx, .xls, .ods) through calamine. Every row keeps the
//! line (CSV) or row number (workbooks) the user sees, for error messages.

use crate::error::{Error, Result};
use std::path::Path;

/// A sheet of text cells.
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    /// How the file was read: `UTF-8`, `UTF-8 (BOM)`, `GBK`, `xlsx`, …
    pub encoding: String,
    /// The workbook's sheets (empty for CSV).
    pub sheets: Vec<String>,
    /// The sheet read (workbooks).
    pub sheet: Option<String>,
    /// The header row's cells.
    pub headers: Vec<String>,
    /// The header row's line number.
    pub header_line: usize,
    /// The rows below the header with their line numbers; blank rows left out.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// How many rows from the top may be titles above the header row.
const HEADER_SEARCH: usize = 10;

/// The largest file read: a spreadsheet of customers is far smaller.
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// What kind of file this is, by its extension (`.csv`, `.txt`, `.tsv`
/// read as CSV).
pub fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
}

/// Read the file at `path`: a workbook's `sheet` (its first when `None`),
/// or CSV.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<RawTable> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_BYTES {
        return Err(Error::invalid("interop.too_big", &[("path", &path.display())]));
    }
    if is_workbook(path) {
        read_workbook(path, sheet)
    } else {
        let bytes = std::fs::read(path).map_err(io)?;
        read_csv(&bytes).map_err(|e| match e {
            Error::Invalid(m) => Error::Invalid(format!("{}: {m}", path.display())),
            e => e,
        })
    }
}

/// Decode CSV bytes: a byte-order mark says the encoding; else UTF-8 when
/// the bytes are UTF-8; else chardetng's guess (GBK for what Chinese
/// Windows writes). Bytes the encoding cannot read are refused.
pub fn decode(bytes: &[u8]) -> Result<(String, String)> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
        if bad {
            return Err(Error::invalid("interop.bad_encoding", &[("encoding", &enc.name())]));
        }
        return Ok((text.into_owned(), format!("{} (BOM)", enc.name())));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8".into()));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK is read as GB18030, its superset (the four-byte characters too).
    let reader = if enc == encoding_rs::GBK { encoding_rs::GB18030 } else { enc };
    let (text, bad) = reader.decode_without_bom_handling(bytes);
    if bad {
        return Err(Error::invalid("interop.bad_encoding", &[("encoding", &enc.name())]));
    }
    Ok((text.into_owned(), enc.name().to_string()))
}

/// The field separator: the one of `,` `;` tab found most in the first
/// lines (a comma when none is).
fn delimiter(text: &str) -> u8 {
    let top: String = text.lines().take(HEADER_SEARCH).collect();
    // The last of equals wins: the comma.
    [b'\t', b';', b','].into_iter().max_by_key(|d| top.matches(char::from(*d)).count()).unwrap_or(b',')
}

fn read_csv(bytes: &[u8]) -> Result<RawTable> {
    let (text, encoding) = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    // A record's line, from where it starts: a quoted cell may hold line
    // breaks, so lines are counted in the text, not in records.
    // The reader may place a record at the line break before it.
    let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_at = |byte: u64| {
        let mut at = usize::try_from(byte).unwrap_or(usize::MAX);
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        breaks.partition_point(|b| *b < at) + 1
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            Error::invalid("interop.bad_csv", &[("line", &line), ("reason", &e)])
        })?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(with_header(encoding, Vec::new(), None, rows))
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<RawTable> {
    use calamine::Reader as _;
    let unreadable = |e: &dyn std::fmt::Display| {
        Error::invalid("interop.bad_workbook", &[("path", &path.display()), ("reason", &e.to_string())])
    };
    let mut book = calamine::open_workbook_auto(path).map_err(|e| unreadable(&e))?;
    let sheets = book.sheet_names();
    let Some(want) = sheet else {
        // No sheet named: the first whose header names the customer (a
        // workbook often opens on a notes or title sheet), else the first.
        let mut first = None;
        for name in &sheets {
            let table = read_workbook(path, Some(name))?;
            if crate::domain::columns::guess(&table.headers)
                .contains(&Some(crate::domain::columns::Target::Customer("name")))
            {
                return Ok(table);
            }
            first.get_or_insert(table);
        }
        return first.ok_or_else(|| unreadable(&"no sheet"));
    };
    let name = sheets
        .iter()
        .find(|s| s.as_str() == want || s.trim().to_lowercase() == want.trim().to_lowercase())
        .cloned()
        .ok_or_else(|| Error::invalid("interop.no_sheet", &[("sheet", &want), ("sheets", &sheets.join(", "))]))?;
    let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
    let (top, _) = range.start().unwrap_or((0, 0));
    let rows =
        range.rows().enumerate().map(|(i, row)| (top as usize + i + 1, row.iter().map(cell_text).collect())).collect();
    let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("xlsx").to_ascii_lowercase();
    Ok(with_header(kind, sheets, Some(name), rows))
}

/// A workbook cell as the text a user typed: whole numbers without `.0`
/// (a phone number stored as a number), dates as `YYYY-MM-DD`.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        #[allow(clippy::float_cmp)]
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => d.as_f64().to_string(),
        },
    }
}

/// Find the header row (the first of the top rows with a known column,
/// else the first row with text), drop blank rows, and undo the quote a
/// CSV export put before a cell that looked like a formula.
fn with_header(
    encoding: String,
    sheets: Vec<String>,
    sheet: Option<String>,
    rows: Vec<(usize, Vec<String>)>,
) -> RawTable {
    let mut rows: Vec<(usize, Vec<String>)> = rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| (line, cells.iter().map(|c| unguard(c)).collect()))
        .collect();
    let known = |cells: &[String]| crate::domain::columns::guess(cells).iter().filter(|t| t.is_some()).count();
    let at = rows.iter().take(HEADER_SEARCH).position(|(_, cells)| known(cells) > 0).unwrap_or(0);
    if rows.is_empty() {
        return RawTable { encoding, sheets, sheet, ..RawTable::default() };
    }
    let mut rest = rows.split_off(at);
    let (header_line, headers) = rest.remove(0);
    let headers = headers.into_iter().map(|h| h.trim().to_string()).collect();
    RawTable { encoding, sheets, sheet, headers, header_line, rows: rest }
}

/// A cell as a formula guard wrote it (`'=SUM(A1)`, `'+86 138…`) read back
/// as typed.
pub fn unguard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(super::export::FORMULA_STARTS) => rest.to_string(),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected_and_named() {
        let text = "客户名称,联系人,手机\r\n重庆钢铁集团,王芳,13800138000\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let (got, enc) = decode(&gbk).unwrap_or_default();
        assert_eq!((got.as_str(), enc.as_str()), (text, "GBK"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap_or_default(), (text.to_string(), "UTF-8 (BOM)".to_string()));
        assert_eq!(decode(text.as_bytes()).unwrap_or_default().1, "UTF-8");
        let (bad, _, _) = encoding_rs::GBK.encode("重庆");
        assert!(decode(&[bad.as_ref(), b"\xFF\xFF\xFF"].concat()).is_err(), "unreadable bytes are refused");
    }

    #[test]
    fn separators_titles_and_formula_guards() {
        let csv = "客户名单 2026\r\n\r\n客户名称;电话\r\n重庆钢铁;'+86 23 6886\r\n;\r\n成都机电;'=1+1\r\n";
        let t = read_csv(csv.as_bytes()).unwrap_or_default();
        assert_eq!(t.headers, ["客户名称", "电话"]);
        assert_eq!(t.header_line, 3);
        assert_eq!(
            t.rows,
            vec![(4, vec!["重庆钢铁".into(), "+86 23 6886".into()]), (6, vec!["成都机电".into(), "=1+1".into()])]
        );
        let multi = "客户名称,备注\n\"A\",\"two\nlines\"\nB,x\n";
        let t = read_csv(multi.as_bytes()).unwrap_or_default();
        assert_eq!(t.rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4], "a row after a cell of two lines");
        assert_eq!(unguard("'hello"), "'hello");
    }
}
