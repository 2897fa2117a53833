//! The list's cells that take more than a line to write: the name with
//! what the search matched underlined, and the last contact in words.

use super::theme::Theme;
use crate::i18n::{t, tf};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

/// The name cell while searching: the name with the characters the query
/// matched underlined, then ` · field text` for a match outside the name;
/// exactly `width` columns.
pub(super) fn why_spans(
    name: &str,
    why: &[crate::search::Why],
    width: usize,
    base: Style,
    theme: Theme,
) -> Vec<Span<'static>> {
    use crate::search::record::Field;
    use unicode_width::UnicodeWidthChar;
    let hit = base.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    let mut parts: Vec<(String, Vec<usize>, Style)> = Vec::new();
    let in_name: Vec<usize> = why.iter().filter(|w| w.field == Field::Name).flat_map(|w| w.chars.clone()).collect();
    parts.push((name.to_string(), in_name, base));
    let mut seen: Vec<(Field, &str)> = Vec::new();
    for w in why.iter().filter(|w| w.field != Field::Name) {
        if seen.contains(&(w.field, w.text.as_str())) {
            continue;
        }
        seen.push((w.field, &w.text));
        parts.push((format!(" · {} ", t(w.field.label_key())), Vec::new(), base.patch(theme.dim())));
        // Begun just before what matched: the cell is narrow, and a word
        // deep in a note would be cut off.
        let (text, marked) = crate::text::from_before(&w.text, &w.chars, 2);
        parts.push((text, marked, base));
    }
    // The name gives up to half the cell to the other field's text.
    let info: usize = parts[1..].iter().map(|p| unicode_width::UnicodeWidthStr::width(p.0.as_str())).sum();
    let name_room = width.saturating_sub(info.min(width / 2));
    let mut out = Vec::new();
    let mut used = 0;
    for (n, (text, marked, style)) in parts.into_iter().enumerate() {
        let room = if n == 0 { name_room } else { width };
        let whole = text.chars().map(|c| if c.is_control() { 1 } else { c.width().unwrap_or(0) }).sum::<usize>();
        // A part cut ends in `…` (never a name that reads as another's).
        let cut = used + whole > room;
        let fits = if cut { room.saturating_sub(1) } else { room };
        for (k, c) in text.chars().enumerate() {
            let c = if c.is_control() { ' ' } else { c };
            let cw = c.width().unwrap_or(0);
            if used + cw > fits {
                break;
            }
            used += cw;
            out.push(Span::styled(c.to_string(), if marked.contains(&k) { hit } else { style }));
        }
        if cut && used < room {
            used += 1;
            out.push(Span::styled("…", style));
        }
    }
    out.push(Span::styled(" ".repeat(width - used), base));
    out
}

/// The last-contact column: "today", "3d ago", "never".
pub fn last_text(last: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> String {
    match last.map(|d| (today - d).num_days()) {
        None => t("tui.never").to_string(),
        Some(0) => t("tui.today").to_string(),
        Some(n) => tf("tui.days_ago", &[("days", &n)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Why;
    use crate::search::record::Field;

    /// The cell's text and which of its characters are marked.
    fn cell(why: &[Why], width: usize) -> (String, String) {
        let spans = why_spans("重庆恒达", why, width, Style::default(), Theme::from_env());
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        let marked: String = spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::UNDERLINED))
            .map(|s| s.content.as_ref())
            .collect();
        (text, marked)
    }

    #[test]
    fn a_match_deep_in_another_field_is_shown_from_just_before_it() {
        let text = "Collect payment 催收货款".to_string();
        let why = [Why { field: Field::Notes, text, chars: vec![16, 17] }];
        let (shown, marked) = cell(&why, 40);
        assert!(shown.contains(" · notes …催收货款"), "never from inside a word: {shown}");
        assert_eq!(marked, "催收");
        // A match near the start: the text from its start.
        let why = [Why { field: Field::Notes, text: "催收货款 Collect".into(), chars: vec![0, 1] }];
        let (shown, marked) = cell(&why, 40);
        assert!(shown.contains(" 催收货款 Collect"), "{shown}");
        assert_eq!(marked, "催收");
    }

    #[test]
    fn a_name_or_text_cut_short_ends_in_an_ellipsis() {
        let why = [Why { field: Field::Notes, text: "催收货款 Collect payment".into(), chars: vec![0, 1] }];
        // Half the cell to the note: the name cut, and marked as cut.
        let (shown, _) = cell(&why, 14);
        assert!(shown.starts_with("重庆") && shown.contains("… · "), "{shown}");
        assert!(shown.trim_end().ends_with('…'), "the note cut too: {shown}");
        assert_eq!(unicode_width::UnicodeWidthStr::width(shown.as_str()), 14);
        // Room for all: no ellipsis.
        let (shown, _) = cell(&why, 60);
        assert!(shown.starts_with("重庆恒达 · ") && !shown.contains('…'), "{shown}");
    }
}
