//! Text for people: fixed-width columns that count CJK characters as two,
//! and the one-line summary of a record that every list shows.

use crate::domain::cadence::Due;
use crate::domain::entity::Entity;
use crate::i18n::{t, tf};
use std::borrow::Cow;
use std::fmt::Write as _;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Text made safe to print on a terminal: the one escaping every CLI text
/// printer uses (DESIGN.md §7), for data stored before text was cleaned on
/// entry or received from elsewhere.
///
/// A C0 control or DEL shows as its Unicode control picture (ESC as `␛`,
/// BEL as `␇`, CR as `␍`): one column wide, so lists stay aligned, and the
/// reader sees that the name holds something odd, where dropping it would
/// hide that. A tab shows as a space, as cleaning would store it. Other
/// characters text is cleaned of (C1 controls, bidi overrides and marks,
/// the byte-order mark) have no picture and show as `\u{202e}`. A newline
/// is kept in `multiline` text and shows as `␊` in one line (a name, a list
/// cell), so a value cannot forge a line of output. Borrows when `s` is
/// already safe.
pub fn for_terminal(s: &str, multiline: bool) -> Cow<'_, str> {
    use crate::domain::clean::is_unsafe;
    let safe = |c: char| !is_unsafe(c) || (multiline && c == '\n');
    if s.chars().all(safe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if safe(c) => out.push(c),
            '\t' => out.push(' '),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// The short id shown wherever a record is named: the random end of its
/// UUIDv7 (its start is the time it was made, alike for records made
/// together).
pub fn short_id(id: &str) -> &str {
    id.get(id.len().saturating_sub(8)..).unwrap_or(id)
}

/// True when `typed` names the record `id` the way `Store::resolve` reads a
/// typed id (kept alike so a short id that opens a record also names it
/// where a record is chosen among a few): the whole id, the start of the
/// short id, or at least four characters that start or end the id.
pub fn id_matches(id: &str, typed: &str) -> bool {
    let t = typed.trim().to_ascii_lowercase();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return false;
    }
    id == t
        || (t.len() <= 8 && short_id(id).starts_with(t.as_str()))
        || (t.len() >= 4 && (id.starts_with(t.as_str()) || id.ends_with(t.as_str())))
}

/// [`for_terminal`] for one line: a name or a list cell.
pub fn one_line(s: &str) -> Cow<'_, str> {
    for_terminal(s, false)
}

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

/// Cut `s` to at most `width` columns, ending in `…` where it was cut, so
/// that a reader knows there is more.
pub fn ellipsize(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = truncate(s, width.saturating_sub(1));
    if width > 0 {
        out.push('…');
    }
    out
}

/// A matched text begun `before` characters ahead of what matched (or
/// later, not to begin inside a word), with
/// `…` for what is left out, and the matched characters' places in it
/// (`marked`: character indices into `text`). The whole text when the
/// first match is that near its start. The CLI's excerpt and the list's
/// cell both begin a match so.
pub fn from_before(text: &str, marked: &[usize], before: usize) -> (String, Vec<usize>) {
    // A letter or digit of a word written with spaces (not a Chinese
    // character, each a word of its own).
    let in_word = |c: char| c.is_alphanumeric() && unicode_width::UnicodeWidthChar::width(c) == Some(1);
    match marked.iter().min() {
        Some(&first) if first > before + 1 => {
            let chars: Vec<char> = text.chars().collect();
            let mut skip = first - before;
            // Never from the middle of a word: from its end, then past
            // spaces, at most to the match.
            while skip < first
                && chars.get(skip - 1).is_some_and(|&c| in_word(c))
                && chars.get(skip).is_some_and(|&c| in_word(c))
            {
                skip += 1;
            }
            while skip < first && chars.get(skip).is_some_and(|c| c.is_whitespace()) {
                skip += 1;
            }
            let rest: String = chars.iter().skip(skip).collect();
            // One character for `…`, so each mark moves by one less.
            (format!("…{rest}"), marked.iter().map(|&k| k + 1 - skip).collect())
        }
        _ => (text.to_string(), marked.to_vec()),
    }
}

/// `s` padded with spaces to exactly `width` columns, or cut to it with a
/// `…` where it was cut (a column never hides that a value goes on).
pub fn pad(s: &str, width: usize) -> String {
    let mut out = ellipsize(s, width);
    let w = out.width();
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

/// A record in one line, as lists show it (CLI and interface alike). Its
/// text cells are escaped with [`one_line`] before padding, so a value
/// stored with a control character neither reaches the terminal nor breaks
/// the columns.
pub fn summary(e: &Entity, currency: &str) -> String {
    let cell = |field: &str| one_line(e.text_or_empty(field)).into_owned();
    match e.table.name {
        "person" => format!(
            "{}  {}  {}  {}  {}",
            pad(&one_line(e.title()), 10),
            pad(&cell("title"), 12),
            pad(&e.display("role"), 22),
            pad(&e.display("level"), 12),
            e.int("closeness").map(|c| "♥".repeat(c as usize)).unwrap_or_default()
        ),
        "competitor" => format!(
            "{}  {}  {}  {}",
            pad(&cell("company"), 10),
            pad(&one_line(e.title()), 14),
            pad(&e.int("satisfaction").map(|s| format!("{s}/4")).unwrap_or_default(), 4),
            one_line(e.text_or_empty("weak_points").lines().next().unwrap_or(""))
        ),
        "visit" => {
            let late =
                if crate::domain::visit::logged_late(e) { format!(" ({})", t("tui.late")) } else { String::new() };
            format!(
                "{} {}  {}  {}  {}  {}{late}",
                e.text_or_empty("date"),
                pad(e.text_or_empty("time"), 5),
                // Wide enough for every label in both languages
                // ("phone call", "cancelled", "partly met").
                pad(&e.display("kind"), 10),
                pad(&e.display("status"), 9),
                pad(&e.display("outcome"), 10),
                e.display("purposes")
            )
        }
        "opportunity" => format!(
            "{}  {}  {}  {}  {}",
            pad(e.text_or_empty("decision_date"), 10),
            pad(&one_line(&crate::domain::opportunity::Stages::label(e.text_or_empty("funnel_stage"))), 16),
            pad(&e.display("state"), 6),
            // Wide enough for the largest amount taken (¥100,000,000,000.00).
            pad(&e.int("amount").map(|_| format!("{currency}{}", e.display("amount"))).unwrap_or_default(), 19),
            cell("need"),
        ),
        "followup" => format!(
            "{}  {}  {}  {}",
            e.text_or_empty("due"),
            pad(&e.display("status"), 8),
            cell("what"),
            e.text("reason").map(|r| format!("({})", one_line(r))).unwrap_or_default()
        ),
        _ => format!(
            "{}  {}  {}  {}",
            e.text_or_empty("date"),
            pad(&e.display("kind"), 8),
            // Wide enough for the largest amount taken (¥100,000,000,000.00).
            pad(&format!("{currency}{}", e.display("amount")), 19),
            cell("reference")
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

/// A Trash entry's cells as every face shows them: short id, when it was
/// deleted, what it is, its name, and its customer (marked when deleted
/// too), each on one line.
pub fn trash_cells(clock: &dyn crate::clock::Clock, i: &crate::store::TrashItem) -> [String; 5] {
    let when = clock.local(i.deleted_ms).map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
    let what = crate::domain::schema::table(i.table).map_or(i.table, |t| crate::i18n::t(t.noun));
    let customer = if i.table == "customer" {
        String::new()
    } else if i.customer_deleted {
        format!("{} {}", one_line(&i.customer), t("trash.deleted_too"))
    } else {
        one_line(&i.customer).into_owned()
    };
    let id = short_id(&i.id).to_string();
    [id, when, what.to_string(), one_line(&i.name).into_owned(), customer]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_is_begun_just_before_it() {
        let text = "Collect payment 催收货款";
        let (shown, marks) = from_before(text, &[16, 17], 2);
        // Never from inside a word (`…t 催收货款`): from the match.
        assert_eq!(shown, "…催收货款");
        let marked: String = marks.iter().filter_map(|&k| shown.chars().nth(k)).collect();
        assert_eq!(marked, "催收");
        // From a word's start when it is near; Chinese characters before
        // the match are words of their own.
        let (shown, marks) = from_before("Please collect the payment today", &[19, 20, 21], 5);
        assert_eq!((shown.as_str(), marks.as_slice()), ("…the payment today", &[5, 6, 7][..]));
        let (shown, marks) = from_before("Please collect the payment today", &[19, 20, 21], 3);
        assert_eq!((shown.as_str(), marks.as_slice()), ("…payment today", &[1, 2, 3][..]));
        assert_eq!(from_before("客户要求尽快催收货款", &[6, 7], 2).0, "…尽快催收货款");
        // Near the start: the whole text, the marks as they were.
        assert_eq!(from_before("催收货款 x", &[0, 1], 2), ("催收货款 x".to_string(), vec![0, 1]));
        assert_eq!(from_before("abc", &[], 2), ("abc".to_string(), vec![]));
    }

    #[test]
    fn controls_print_as_pictures_and_escapes() {
        assert_eq!(for_terminal("\u{1b}]0;T\u{7}x\u{7f}", false), "␛]0;T␇x␡");
        assert_eq!(for_terminal("a\u{9b}6n\u{202e}b", false), "a\\u{9b}6n\\u{202e}b");
        assert_eq!(for_terminal("a\nb\tc\r", true), "a\nb c␍");
        assert_eq!(one_line("a\nb"), "a␊b");
        assert!(matches!(one_line("华南 Acme"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(ellipsize("abc", 3), "abc");
        assert_eq!(ellipsize("abcd", 3), "ab…");
        // A wide character that does not fit leaves room for the mark.
        assert_eq!(ellipsize("北京信达医疗", 7), "北京信…");
        assert_eq!(ellipsize("北京信达医疗", 6), "北京…");
        assert!(ellipsize("北京信达医疗", 6).width() <= 6);
        assert_eq!(ellipsize("abc", 0), "");
    }
}
