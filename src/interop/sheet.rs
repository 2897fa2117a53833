//! A table of figures leaving repbook as CSV (for Excel on Chinese Windows:
//! UTF-8 with a byte-order mark, CRLF), Markdown or xlsx. Reports build a
//! [`Sheet`]; the writers here know nothing of what it holds.

use crate::error::{Error, Result};
use std::path::Path;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text on one line (a line break reads as a space).
    Text(String),
    /// Text that keeps its line breaks (notes, a dossier's long fields).
    Lines(String),
    /// A whole number.
    Int(i64),
    /// An amount of money in minor units (cents): grouped with two decimals
    /// on screen and in Markdown, a plain number in CSV, a number with a
    /// money format in Excel.
    Money(i64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// As text (CSV, Markdown, the terminal).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => crate::domain::clean::clean(s, false).into_owned(),
            Cell::Lines(s) => crate::domain::clean::clean(s, true).into_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Money(v) => crate::domain::fields::format_money(*v),
            Cell::Empty => String::new(),
        }
    }

    /// As a spreadsheet reads a number: `-1234.50`, no grouping, so that
    /// Excel takes it as a number in any locale.
    fn plain(&self) -> String {
        match self {
            Cell::Money(v) => {
                let sign = if *v < 0 { "-" } else { "" };
                format!("{sign}{}.{:02}", v.unsigned_abs() / 100, v.unsigned_abs() % 100)
            }
            _ => self.text(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}

/// Text made safe inside a Markdown table cell or heading: `\`, `|` and
/// what would turn words into emphasis, code or a link (`*`, `_`, `` ` ``,
/// `[`, `]`, `<`) escaped, line breaks made spaces.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// What a row is, for the writers' emphasis (bold subtotals in xlsx).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A data row.
    Plain,
    /// A subtotal or total.
    Total,
}

/// A titled table with one header row.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The title (the xlsx sheet's name, the Markdown heading).
    pub title: String,
    /// The header row.
    pub headers: Vec<String>,
    /// The rows, each as long as the header.
    pub rows: Vec<(RowKind, Vec<Cell>)>,
}

impl Sheet {
    /// CSV as Excel on Chinese Windows opens it right: UTF-8 with a
    /// byte-order mark, CRLF line ends, quoted where needed, and text that
    /// would start a formula guarded ([`super::export::neutralise`]).
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let body = self.csv_rows(false)?;
        Ok([b"\xEF\xBB\xBF".as_slice(), &body].concat())
    }

    /// The table as CSV after a line holding its title, without the BOM:
    /// a further table in a file [`Sheet::to_csv`] began.
    pub fn to_csv_titled(&self) -> Result<Vec<u8>> {
        self.csv_rows(true)
    }

    fn csv_rows(&self, titled: bool) -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
        let failed = |e: csv::Error| Error::Failed(e.to_string());
        if titled {
            w.write_record([super::export::neutralise(&self.title).as_ref()]).map_err(failed)?;
        }
        w.write_record(&self.headers).map_err(failed)?;
        for (_, row) in &self.rows {
            let cells = row.iter().map(|c| match c {
                Cell::Text(_) | Cell::Lines(_) => super::export::neutralise(&c.text()).into_owned(),
                _ => c.plain(),
            });
            w.write_record(cells).map_err(failed)?;
        }
        w.into_inner().map_err(|e| Error::Failed(e.to_string()))
    }

    /// A Markdown table under a heading; `|`, `\` and line breaks in cells
    /// are escaped so that no cell can break the table.
    pub fn to_markdown(&self) -> String {
        let esc = markdown_escape;
        let mut lines = vec![
            format!("## {}", esc(&self.title)),
            String::new(),
            format!("| {} |", self.headers.iter().map(|h| esc(h)).collect::<Vec<_>>().join(" | ")),
            format!("|{}", "---|".repeat(self.headers.len())),
        ];
        for (kind, row) in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    let t = esc(&c.text());
                    if *kind == RowKind::Total && !t.is_empty() { format!("**{t}**") } else { t }
                })
                .collect();
            lines.push(format!("| {} |", cells.join(" | ")));
        }
        lines.join("\n") + "\n"
    }

    /// An Excel workbook at `path` (0600, written aside and renamed): the
    /// header row bold and frozen, numbers as numbers, totals bold.
    pub fn write_xlsx(&self, path: &Path) -> Result<()> {
        use rust_xlsxwriter::{Format, Workbook};
        let failed = |e: rust_xlsxwriter::XlsxError| Error::Failed(e.to_string());
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        // Excel refuses some characters and more than 31 in a sheet name.
        let name: String = self.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        sheet.set_name(if name.trim().is_empty() { "repbook" } else { name.as_str() }).map_err(failed)?;
        let bold = Format::new().set_bold();
        for (c, h) in self.headers.iter().enumerate() {
            let col = u16::try_from(c).map_err(|e| Error::Failed(e.to_string()))?;
            sheet.write_string_with_format(0, col, h.as_str(), &bold).map_err(failed)?;
            let width = h.chars().map(|ch| if ch.is_ascii() { 1.0 } else { 2.0 }).sum::<f64>().max(6.0);
            sheet.set_column_width(col, width + 2.0).map_err(failed)?;
        }
        for (r, (kind, row)) in self.rows.iter().enumerate() {
            let at = u32::try_from(r + 1).map_err(|e| Error::Failed(e.to_string()))?;
            let plain = Format::new();
            let format = if *kind == RowKind::Total { &bold } else { &plain };
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).map_err(|e| Error::Failed(e.to_string()))?;
                match cell {
                    Cell::Text(_) | Cell::Lines(_) => {
                        sheet.write_string_with_format(at, col, cell.text(), format).map_err(failed)?;
                    }
                    #[allow(clippy::cast_precision_loss)]
                    Cell::Int(n) => {
                        sheet.write_number_with_format(at, col, *n as f64, format).map_err(failed)?;
                    }
                    #[allow(clippy::cast_precision_loss)]
                    Cell::Money(v) => {
                        let money = format.clone().set_num_format("#,##0.00");
                        sheet.write_number_with_format(at, col, *v as f64 / 100.0, &money).map_err(failed)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        let bytes = book.save_to_buffer().map_err(failed)?;
        crate::interop::write_private(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            title: "拜访 | 统计".into(),
            headers: vec!["客户".into(), "次数".into()],
            rows: vec![
                (RowKind::Plain, vec!["重庆|钢铁,\n二厂".into(), Cell::Int(3)]),
                (RowKind::Total, vec!["合计".into(), Cell::Int(3)]),
            ],
        }
    }

    #[test]
    fn csv_opens_in_excel_on_chinese_windows() {
        let bytes = sheet().to_csv().unwrap_or_default();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap_or_default();
        assert!(text.starts_with("客户,次数\r\n"), "{text:?}");
        assert!(text.contains("\"重庆|钢铁, 二厂\",3\r\n"), "a cell on one line, quoted for its comma: {text:?}");
        assert!(text.ends_with("合计,3\r\n"));
    }

    #[test]
    fn markdown_escapes_what_would_break_the_table() {
        let md = sheet().to_markdown();
        assert!(md.starts_with("## 拜访 \\| 统计\n"), "{md}");
        assert!(md.contains("| 重庆\\|钢铁, 二厂 | 3 |"), "{md}");
        assert!(md.contains("| **合计** | **3** |"), "{md}");
        assert_eq!(markdown_escape("*太长* _x_ `y` [z](w) <u>"), "\\*太长\\* \\_x\\_ \\`y\\` \\[z\\](w) \\<u>");
        for line in md.lines().filter(|l| l.starts_with('|')) {
            let unescaped = line.replace("\\|", "");
            assert_eq!(unescaped.matches('|').count(), 3, "two columns in every row: {line}");
        }
    }

    #[test]
    fn money_is_a_number_in_csv_and_excel_and_grouped_on_screen() {
        use calamine::{Data, Reader, Xlsx};
        let s = Sheet {
            title: "t".into(),
            headers: vec!["a".into()],
            rows: vec![(RowKind::Plain, vec![Cell::Money(-12_345_605)]), (RowKind::Plain, vec![Cell::Money(7)])],
        };
        assert_eq!(Cell::Money(-12_345_605).text(), "-123,456.05");
        let text = String::from_utf8(s.to_csv().unwrap_or_default()).unwrap_or_default();
        assert!(text.ends_with("a\r\n-123456.05\r\n0.07\r\n"), "{text:?}");
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("m.xlsx");
        s.write_xlsx(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap_or_else(|e| panic!("{e}"));
        let range = book.worksheet_range("t").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(range.get((1, 0)), Some(&Data::Float(-123_456.05)));
    }
}
