//! Text for people: fixed-width columns that count CJK characters as two,
//! and the one-line summary of a record that every list shows.

use crate::domain::cadence::Due;
use crate::domain::entity::Entity;
use crate::i18n::{t, tf};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cut `s` to at most `width` display columns (CJK characters take two).
pub fn truncate(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out
}

/// `s` cut or padded with spaces to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = truncate(s, width);
    let w = out.width();
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

/// A record in one line, as lists show it (CLI and interface alike).
pub fn summary(e: &Entity, currency: &str) -> String {
    match e.table.name {
        "person" => format!(
            "{}  {}  {}  {}  {}",
            pad(e.title(), 10),
            pad(e.text_or_empty("title"), 12),
            pad(&e.display("role"), 22),
            pad(&e.display("level"), 12),
            e.int("closeness").map(|c| "♥".repeat(c as usize)).unwrap_or_default()
        ),
        "competitor" => format!(
            "{}  {}  {}  {}",
            pad(e.text_or_empty("company"), 10),
            pad(e.title(), 14),
            pad(&e.int("satisfaction").map(|s| format!("{s}/4")).unwrap_or_default(), 4),
            e.text_or_empty("weak_points").lines().next().unwrap_or("")
        ),
        "visit" => {
            let late =
                if crate::domain::visit::logged_late(e) { format!(" ({})", t("tui.late")) } else { String::new() };
            format!(
                "{} {}  {}  {}  {}  {}{late}",
                e.text_or_empty("date"),
                pad(e.text_or_empty("time"), 5),
                pad(&e.display("kind"), 8),
                pad(&e.display("status"), 8),
                pad(&e.display("outcome"), 8),
                e.display("purposes")
            )
        }
        "followup" => format!(
            "{}  {}  {}  {}",
            e.text_or_empty("due"),
            pad(&e.display("status"), 8),
            e.text_or_empty("what"),
            e.text("reason").map(|r| format!("({r})")).unwrap_or_default()
        ),
        _ => format!(
            "{}  {}  {}  {}",
            e.text_or_empty("date"),
            pad(&e.display("kind"), 8),
            pad(&format!("{currency}{}", e.display("amount")), 16),
            e.text_or_empty("reference")
        ),
    }
}

/// The due column: which norm lapsed and by how much ("visit 5d late",
/// "call due"), or nothing.
pub fn due_text(d: Due, overdue_days: i32, visit: bool) -> String {
    let norm = t(if visit { "tui.norm_visit" } else { "tui.norm_call" });
    match d {
        Due::Overdue => tf("tui.due_overdue_by", &[("norm", &norm), ("days", &overdue_days)]),
        Due::Due => tf("tui.due_due_norm", &[("norm", &norm)]),
        Due::Ok => String::new(),
    }
}

/// A standing as one phrase, naming the worse norm ("visit 5d late").
pub fn standing_text(s: &crate::domain::cadence::Standing) -> String {
    let worse = s.worse_state();
    due_text(s.due(), worse.overdue_days as i32, s.worse() == crate::domain::cadence::NormKind::Visits)
}
