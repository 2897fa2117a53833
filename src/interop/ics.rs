//! Planned visits and open follow-ups as iCalendar (RFC 5545).
//!
//! UIDs are the records' own ids, so importing a new export into a calendar
//! updates the events instead of adding copies; `SEQUENCE` grows with each
//! local change. Times are floating local times (the rep's own clock).

use crate::domain::entity::Entity;
use crate::domain::fields::parse_time;
use crate::error::Result;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt::Write as _;

/// Escape a TEXT value (backslash, semicolon, comma, newline), cleaned
/// first: a calendar shows SUMMARY, DESCRIPTION and LOCATION on screens and
/// in notifications, so no control character or bidi override is written,
/// even for a value stored before text was cleaned on entry. A tab becomes
/// a space; a line break is kept as the escaped `\n`.
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
pub(crate) fn fold(line: &str, out: &mut String) {
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

fn date(d: &str) -> Option<NaiveDate> {
    crate::domain::fields::parse_iso_date(d)
}

/// A change counter that only grows: seconds since 2020 of the last write.
fn sequence(e: &Entity) -> i64 {
    (e.updated_ms / 1000 - 1_577_836_800).max(0)
}

/// The calendar: every planned visit or call, and every open or snoozed
/// follow-up, of live customers.
pub fn calendar(store: &Store, now: DateTime<Utc>) -> Result<String> {
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let agenda_names = store.customer_names()?;
    let name = |e: &Entity| agenda_names.get(e.text_or_empty("customer_id")).cloned().unwrap_or_default();
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//repbook//repbook//EN".into(),
        "CALSCALE:GREGORIAN".into(),
    ];
    for v in store.planned_visits()? {
        let Some(day) = v.text("date").and_then(date) else { continue };
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}@repbook", v.id));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("SEQUENCE:{}", sequence(&v)));
        if let Some(t) = v.text("time").and_then(parse_time) {
            let (h, m) = t.split_once(':').unwrap_or(("09", "00"));
            lines.push(format!("DTSTART:{}T{h}{m}00", day.format("%Y%m%d")));
            lines.push("DURATION:PT1H".into());
        } else {
            lines.push(format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
            lines.push(format!("DTEND;VALUE=DATE:{}", (day + chrono::Duration::days(1)).format("%Y%m%d")));
        }
        let summary = format!("{}: {}", v.display("kind"), name(&v));
        lines.push(format!("SUMMARY:{}", escape(&summary)));
        if let Some(place) = v.text("place") {
            lines.push(format!("LOCATION:{}", escape(place)));
        }
        let mut desc = String::new();
        for field in ["purposes", "goal", "who", "materials", "commitment_ask"] {
            let text = v.display(field);
            if !text.is_empty() {
                let label = crate::domain::schema::VISIT.field(field).map_or(field, |f| f.label());
                let _ = writeln!(desc, "{label}: {text}");
            }
        }
        if !desc.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(desc.trim_end())));
        }
        lines.push("END:VEVENT".into());
    }
    for f in store.active_followups()? {
        let Some(due) = f.text("due").and_then(date) else { continue };
        lines.push("BEGIN:VTODO".into());
        lines.push(format!("UID:{}@repbook", f.id));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("SEQUENCE:{}", sequence(&f)));
        lines.push(format!("DUE;VALUE=DATE:{}", due.format("%Y%m%d")));
        lines.push(format!("SUMMARY:{}", escape(&format!("{}: {}", name(&f), f.text_or_empty("what")))));
        lines.push("STATUS:NEEDS-ACTION".into());
        lines.push(format!("CATEGORIES:{}", escape(&f.display("source"))));
        lines.push("END:VTODO".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in &lines {
        fold(l, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_on_character_boundaries() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape("\u{1b}]0;T\u{7}\u{9b}\u{202e}x\r\ny\tz"), "]0\\;Tx\\ny z");
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "重".repeat(40)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("SUMMARY:{}", "重".repeat(40)));
    }
}
