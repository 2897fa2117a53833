//! Drawing the Customers screen: the search field, chips and counts, and
//! the rows with why each matched.

use super::ListView;
use crate::domain::cadence::Due;
use crate::i18n::{enum_label, t, tf};
use crate::tui::list_cells::{last_text, why_spans};
use crate::tui::put::put_line;
use crate::tui::theme::Theme;
use crate::tui::widgets::{input_line, pad, truncate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

impl ListView {
    /// Draw into `area`; returns where the caret goes when searching.
    #[allow(clippy::too_many_lines)] // one screen, drawn top to bottom
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: Theme,
        (searching, keys): (bool, &crate::tui::keymap::Keymap),
    ) -> Option<(u16, u16)> {
        if area.height < 4 {
            return None;
        }
        let w = area.width as usize;
        let buf = frame.buffer_mut();
        // Line 0: the search field.
        let caret = input_line(buf, Rect { height: 1, ..area }, "/ ", &self.query, searching, theme);
        // A search kept while the keys are the list's (back from a
        // dossier): say so, and how to change it, where typing would
        // otherwise seem to go into it.
        let query = self.query_text();
        if !searching && !query.is_empty() {
            let used = 2 + unicode_width::UnicodeWidthStr::width(query.as_str()) + 2;
            let hint = keys.hint("tui.search_kept", &[]);
            if used + unicode_width::UnicodeWidthStr::width(hint.as_str()) <= w {
                buf.set_string(area.x + used as u16, area.y, hint, theme.dim());
            }
        }
        // Line 1: chips and sort.
        let mut spans: Vec<Span<'_>> = Vec::new();
        for (dim, value) in &self.filters {
            spans.push(Span::styled(format!(" {}: {} ", dim.label(), dim.show(value)), theme.chip()));
            spans.push(Span::raw(" "));
        }
        let (shown, total) = self.counts();
        let shown = if self.counting { format!("{shown}+") } else { shown.to_string() };
        let loading = if self.loaded { String::new() } else { format!(" {}", t("tui.loading")) };
        let counting = if self.counting { format!(" {}", t("tui.counting")) } else { String::new() };
        spans.push(Span::styled(
            tf("tui.list_summary", &[("shown", &shown), ("total", &total), ("sort", &self.sort.label())])
                + &counting
                + &loading,
            theme.dim(),
        ));
        buf.set_line(area.x, area.y + 1, &Line::from(spans), area.width);
        // Line 2: header. Columns: marker, class, name, kind, [industry,] city.
        let wide = w >= 100;
        // Columns: marker, class, name, kind, [industry,] city, [last contact,] due.
        let (kind_w, ind_w, city_w, last_w, due_w) = if wide { (17, 12, 10, 10, 16) } else { (10, 0, 8, 0, 13) };
        let fixed = 2 + 6 + kind_w + 1 + city_w + 1 + due_w + if wide { ind_w + 1 + last_w + 1 } else { 0 };
        let name_w = w.saturating_sub(fixed + 1).max(8);
        let cells = |c: [&str; 7]| {
            let [class, name, kind, industry, city, last, due] = c;
            let mut line = format!("{} {} {} ", pad(class, 5), pad(name, name_w), pad(kind, kind_w));
            if wide {
                line.push_str(&pad(industry, ind_w));
                line.push(' ');
            }
            line.push_str(&pad(city, city_w));
            line.push(' ');
            if wide {
                line.push_str(&pad(last, last_w));
                line.push(' ');
            }
            line.push_str(&pad(due, due_w));
            line
        };
        let header = format!(
            "  {}",
            cells([
                t("tui.col_class"),
                t("field.name"),
                t("field.kind"),
                t("field.industry"),
                t("field.city"),
                t("tui.col_last"),
                t("tui.col_due"),
            ])
        );
        buf.set_string(area.x, area.y + 2, truncate(&header, w), theme.heading());
        // Body.
        let body = area.height.saturating_sub(3) as usize;
        let mut explainer = (!crate::search::is_blank(&query)).then(|| self.data.index.explainer(&query));
        if self.visible.is_empty() {
            let msg = if self.data.is_empty() {
                keys.hint("tui.no_customers", &[])
            } else {
                keys.hint("tui.no_matches", &[])
            };
            buf.set_string(area.x + 2, area.y + 3, truncate(&msg, w.saturating_sub(2)), theme.dim());
        }
        for (line, pos) in (self.offset..self.visible.len()).take(body).enumerate() {
            let (i, d) = (self.visible[pos], &self.data);
            let selected = pos == self.selected;
            let y = area.y + 3 + line as u16;
            let marker = if selected { "> " } else { "  " };
            let tier = d.tier(i);
            // The rows' facts still loading: the name alone.
            let facts = d.has_facts();
            let tier_text = if facts { tier.as_str() } else { "" };
            let class = format!("{tier_text}{}", if d.vip(i) { "*" } else { "" });
            let kind = if d.kind(i).is_empty() { String::new() } else { enum_label("kind", d.kind(i)) };
            let (last, due) = match d.due(i) {
                _ if !facts => (String::new(), String::new()),
                Some(due) => (
                    last_text(d.last_contact(i), self.today),
                    crate::text::due_text(due, d.overdue_days(i), d.visit_worse(i)),
                ),
                None => (String::new(), t("tui.deleted").to_string()),
            };
            let text = format!("{marker}{}", cells([&class, d.name(i), &kind, d.industry(i), d.city(i), &last, ""]));
            let text = truncate(&text, w.saturating_sub(due_w)).trim_end().to_string();
            let text = pad(&text, w.saturating_sub(due_w).min(2 + fixed + name_w + 1 - due_w));
            let plain = ratatui::style::Style::new();
            let line = if selected {
                Line::from(Span::styled(pad(&format!("{text}{due}"), w), theme.selected()))
            } else {
                let due_style = match d.due(i) {
                    Some(Due::Overdue) | None => theme.error(),
                    Some(Due::Due) => theme.heading(),
                    Some(Due::Ok) => plain,
                };
                Line::from(vec![
                    Span::raw(marker),
                    Span::styled(tier_text, theme.class(tier.class())),
                    Span::raw(text.get(2 + tier_text.len()..).unwrap_or("").to_string()),
                    Span::styled(due, due_style),
                ])
            };
            put_line(buf, area.x, y, &line, area.width);
            if let Some(explainer) = explainer.as_mut().filter(|_| name_w > 0) {
                // Why it matched, over the name cell: the matched
                // characters underlined, another field named after the name.
                let why = explainer.why(crate::search::Hit { index: i, score: 0 });
                let base = if selected { theme.selected() } else { ratatui::style::Style::new() };
                let spans = why_spans(d.name(i), &why, name_w, base, theme);
                put_line(buf, area.x + 8, y, &Line::from(spans), name_w as u16);
            }
        }
        caret
    }
}
