//! Key people as vCards (issue 12 §3): read 2.1 (Android, with
//! quoted-printable names in any charset), 3.0 (iPhone) and 4.0 into rows
//! the spreadsheet import places ([`super::import`]), so a card finds the
//! person already there; write 3.0 or 4.0 with lines folded at 75 octets
//! between characters.
//!
//! The content lines are read here: the `ical` crate's vCard parser refuses
//! 2.1's bare parameters (`TEL;CELL:`) and knows no quoted-printable, and its
//! generator folds at 75 characters rather than octets. Quoted-printable is
//! decoded by the `quoted_printable` crate, charsets by `encoding_rs`.

use super::table::RawTable;
use crate::domain::columns::Target;
use crate::domain::entity::Entity;
use crate::error::{Error, Result};

/// One content line: its name, parameters (bare 2.1 ones as `TYPE`) and
/// value as text (quoted-printable and charset decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Line {
    fn has_type(&self, t: &str) -> bool {
        self.params
            .iter()
            .any(|(k, v)| k == "TYPE" && v.split(',').any(|x| x.trim().trim_matches('"').eq_ignore_ascii_case(t)))
    }

    fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Unfold the file into logical lines with the line each starts on:
/// folded lines (a leading space or tab) and quoted-printable soft breaks
/// (a line ending in `=`) join the line before.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut soft = false;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match out.last_mut() {
            Some((_, last)) if soft => last.push_str(raw),
            Some((_, last)) if raw.starts_with([' ', '\t']) => last.push_str(&raw[1..]),
            _ if raw.is_empty() => {}
            _ => out.push((i + 1, raw.to_string())),
        }
        soft = out.last().is_some_and(|(_, l)| l.to_ascii_uppercase().contains("QUOTED-PRINTABLE") && l.ends_with('='));
        if soft && let Some((_, last)) = out.last_mut() {
            last.pop();
        }
    }
    out
}

fn parse_line(raw: &str) -> Option<Line> {
    // The value starts at the first colon outside double quotes.
    let mut quoted = false;
    let colon = raw.char_indices().find(|(_, c)| {
        if *c == '"' {
            quoted = !quoted;
        }
        *c == ':' && !quoted
    })?;
    let (head, value) = (&raw[..colon.0], &raw[colon.0 + 1..]);
    let mut parts = head.split(';');
    // A group prefix (`item1.TEL`) is dropped.
    let name = parts.next()?.rsplit('.').next()?.trim().to_ascii_uppercase();
    let params = parts
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().to_string()),
            None => ("TYPE".to_string(), p.trim().to_string()),
        })
        .collect();
    let mut line = Line { name, params, value: value.to_string() };
    if line.param("ENCODING").is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
        || line.has_type("QUOTED-PRINTABLE")
    {
        let bytes = quoted_printable::decode(line.value.as_bytes(), quoted_printable::ParseMode::Robust).ok()?;
        let charset = line.param("CHARSET").and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
        let (text, _, _) = charset.unwrap_or(encoding_rs::UTF_8).decode(&bytes);
        line.value = text.into_owned();
    }
    Some(line)
}

/// Undo a value's escapes (`\,` `\;` `\\` `\n`), splitting a structured
/// value on its unescaped `;` when `split`.
fn unescape(value: &str, split: bool) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        let push = match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => Some('\n'),
                other => other,
            },
            ';' if split => {
                out.push(String::new());
                None
            }
            c => Some(c),
        };
        if let (Some(c), Some(last)) = (push, out.last_mut()) {
            last.push(c);
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

fn components(value: &str) -> Vec<String> {
    unescape(value, true)
}

fn text(value: &str) -> String {
    unescape(value, false).concat()
}

/// A birthday as the cards write it: `1980-07-01`, `19800701`, `--0701`,
/// `--07-01`, or an iPhone's `1604-07-01` with `X-APPLE-OMIT-YEAR` (no year).
fn birthday(line: &Line) -> String {
    let v = line.value.trim().split('T').next().unwrap_or("").to_string();
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let omit = line.param("X-APPLE-OMIT-YEAR").is_some() || v.starts_with("--");
    match (digits.len(), omit) {
        (8, false) => format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]),
        (8, true) => format!("{}-{}", &digits[4..6], &digits[6..]),
        (4, true) => format!("{}-{}", &digits[..2], &digits[2..]),
        _ => v,
    }
}

/// A vCard file, by its extension (`.vcf`, `.vcard`) or its first line.
pub fn is_vcard(path: &std::path::Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "vcf" | "vcard") {
        return true;
    }
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]).to_ascii_uppercase();
    head.trim_start_matches('\u{feff}').starts_with("BEGIN:VCARD")
}

/// The columns a card fills, as the spreadsheet import reads them.
const COLUMNS: [Target; 8] = [
    Target::Customer("name"),
    Target::Person("name"),
    Target::Person("phone"),
    Target::Person("email"),
    Target::Person("title"),
    Target::Person("department"),
    Target::Person("birthday"),
    Target::Person("notes"),
];

/// Read a .vcf file as rows of [`COLUMNS`], one a card, numbered by the
/// card's `BEGIN` line. `customer` names the customer of every card
/// (`--customer`); else a card's ORG does.
pub fn read(bytes: &[u8], customer: Option<&str>) -> Result<(RawTable, Vec<Option<Target>>)> {
    let (text, encoding) = super::table::decode(bytes)?;
    let mut rows = Vec::new();
    let mut card: Option<(usize, Vec<Line>)> = None;
    for (n, raw) in logical_lines(&text) {
        let Some(line) = parse_line(&raw) else {
            return Err(Error::invalid("interop.bad_vcard", &[("line", &n)]));
        };
        match (line.name.as_str(), line.value.trim().to_ascii_uppercase().as_str(), &mut card) {
            ("BEGIN", "VCARD", None) => card = Some((n, Vec::new())),
            ("END", "VCARD", Some(_)) => {
                if let Some((at, lines)) = card.take() {
                    rows.push((at, row(&lines, customer)));
                }
            }
            (_, _, Some((_, lines))) => lines.push(line),
            _ => return Err(Error::invalid("interop.bad_vcard", &[("line", &n)])),
        }
    }
    if card.is_some() || rows.is_empty() {
        return Err(Error::invalid("interop.bad_vcard", &[("line", &text.lines().count())]));
    }
    let headers = COLUMNS.iter().map(|t| crate::domain::columns::describe(*t)).collect();
    let table =
        RawTable { encoding: format!("vCard, {encoding}"), headers, header_line: 0, rows, ..RawTable::default() };
    Ok((table, COLUMNS.iter().copied().map(Some).collect()))
}

fn row(lines: &[Line], customer: Option<&str>) -> Vec<String> {
    let first = |name: &str| lines.iter().find(|l| l.name == name);
    let org = first("ORG").map(|l| components(&l.value)).unwrap_or_default();
    let name = first("FN").map(|l| text(&l.value)).filter(|n| !n.is_empty()).unwrap_or_else(|| {
        let n = first("N").map(|l| components(&l.value)).unwrap_or_default();
        let part = |i: usize| n.get(i).cloned().unwrap_or_default();
        crate::domain::columns::join_name(&part(1), &part(0))
    });
    let tels: Vec<&Line> = lines.iter().filter(|l| l.name == "TEL").collect();
    let phone = tels
        .iter()
        .find(|l| l.has_type("CELL"))
        .or_else(|| tels.first())
        .map_or(String::new(), |l| text(l.value.trim_start_matches("tel:")));
    let get = |name: &str| first(name).map(|l| text(&l.value)).unwrap_or_default();
    vec![
        customer.map_or_else(|| org.first().cloned().unwrap_or_default(), str::to_string),
        name,
        phone,
        get("EMAIL"),
        get("TITLE"),
        org.get(1).cloned().unwrap_or_default(),
        first("BDAY").map(birthday).unwrap_or_default(),
        get("NOTE"),
    ]
}

/// Escape a TEXT value (backslash, semicolon, comma, newline), cleaned
/// first: a phone shows names and notes on screens and in notifications,
/// so no control character or bidi override is written. A tab becomes a
/// space; a line break is kept as the escaped `\n`.
pub fn escape(s: &str) -> String {
    let s = crate::domain::clean::clean(s, true);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line at 75 octets without splitting a UTF-8 character,
/// and end it with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A person's name split for `N`: the family name first, as a phone sorts
/// by it (王 + 芳, 欧阳 + 修; `Ann Lee` → Lee + Ann).
fn split_name(name: &str) -> (String, String) {
    const DOUBLE: &[&str] = &[
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
    ];
    if let Some((given, family)) = name.trim().rsplit_once(' ') {
        return (family.trim().to_string(), given.trim().to_string());
    }
    let cut =
        DOUBLE.iter().find(|d| name.starts_with(**d) && name.chars().count() > 2).map_or(1, |d| d.chars().count());
    if name.chars().count() < 2 || !name.chars().all(|c| ('\u{3400}'..='\u{9fff}').contains(&c)) {
        return (name.to_string(), String::new());
    }
    (name.chars().take(cut).collect(), name.chars().skip(cut).collect())
}

/// Key people as vCards of `version` (3 or 4), each with its customer as
/// `ORG`; `customers` gives the names by id.
pub fn write<S: std::hash::BuildHasher>(
    people: &[Entity],
    customers: &std::collections::HashMap<String, String, S>,
    version: u8,
) -> String {
    let mut out = String::new();
    for p in people {
        let name = p.text_or_empty("name");
        let (family, given) = split_name(name);
        let org = customers.get(p.text_or_empty("customer_id")).map(String::as_str).map_or_else(String::new, escape);
        let mut lines = vec![
            "BEGIN:VCARD".to_string(),
            format!("VERSION:{}", if version == 4 { "4.0" } else { "3.0" }),
            format!("UID:urn:uuid:{}", p.id),
            format!("FN:{}", escape(name)),
            format!("N:{};{};;;", escape(&family), escape(&given)),
        ];
        match p.text("department") {
            Some(d) => lines.push(format!("ORG:{org};{}", escape(d))),
            None => lines.push(format!("ORG:{org}")),
        }
        if let Some(t) = p.text("title") {
            lines.push(format!("TITLE:{}", escape(t)));
        }
        if let Some(t) = p.text("phone") {
            lines.push(format!("TEL;TYPE={}:{}", if version == 4 { "cell" } else { "CELL" }, escape(t)));
        }
        if let Some(e) = p.text("email") {
            lines.push(format!("EMAIL;TYPE={}:{}", if version == 4 { "work" } else { "INTERNET" }, escape(e)));
        }
        match (p.text("birthday"), version) {
            (Some(b), _) if b.len() == 10 => lines.push(format!("BDAY:{b}")),
            (Some(b), 4) => lines.push(format!("BDAY:--{}", b.replace('-', ""))),
            (Some(b), _) => lines.push(format!("BDAY;X-APPLE-OMIT-YEAR=1604:1604-{b}")),
            (None, _) => {}
        }
        if let Some(n) = p.text("notes") {
            lines.push(format!("NOTE:{}", escape(n)));
        }
        lines.push("END:VCARD".into());
        for l in &lines {
            fold(l, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests;
