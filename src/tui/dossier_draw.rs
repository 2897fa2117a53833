//! Drawing a dossier: the tabs, the overview with its side panel, the
//! record lists and History.

use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::config::Cadence;
use crate::domain::classify::grid_class;
use crate::domain::entity::Entity;
use crate::domain::fields::format_money;
use crate::domain::schema::{CUSTOMER, PERSON};
use crate::i18n::{t, tf};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::dossier::{DossierView, GROUPS, Tab};

impl DossierView {
    /// Draw into `area`.
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: Theme,
        (cadence, currency): (&Cadence, &str),
        keys: &Keymap,
    ) {
        let buf = frame.buffer_mut();
        let c = &self.dossier.customer;
        let cls = c.classification();
        let w = area.width as usize;
        // Header.
        let mut head = vec![
            Span::styled(truncate(c.title(), w.saturating_sub(12)), theme.heading()),
            Span::raw("  "),
            Span::styled(format!("[{}]", cls.tier.as_str()), theme.class(cls.tier.class())),
        ];
        if c.get("vip").is_true() {
            head.push(Span::styled(" VIP", theme.heading()));
        }
        if !c.alive {
            head.push(Span::styled(format!(" {}", t("tui.deleted")), theme.error()));
        }
        buf.set_line(area.x, area.y, &Line::from(head), area.width);
        // Tab bar.
        let mut spans = Vec::new();
        for (tab, cell) in DossierView::tab_cells(area.width) {
            let style = if tab == self.tab { theme.selected() } else { Style::new() };
            spans.push(Span::styled(cell, style));
            spans.push(Span::raw("│"));
        }
        buf.set_line(area.x, area.y + 1, &Line::from(spans), area.width);
        let body = Rect { y: area.y + 2, height: area.height.saturating_sub(2), ..area };
        match self.tab {
            Tab::Overview => self.overview(buf, body, theme, (cadence, currency), keys),
            Tab::History => self.render_history(buf, body, theme),
            _ => self.render_list(buf, body, theme, currency, keys),
        }
    }

    fn overview(
        &self,
        buf: &mut Buffer,
        area: Rect,
        theme: Theme,
        (cadence, currency): (&Cadence, &str),
        keys: &Keymap,
    ) {
        let c = &self.dossier.customer;
        let side_w: u16 = if area.width >= 70 { 30 } else { 0 };
        let main = Rect { width: area.width.saturating_sub(side_w + u16::from(side_w > 0)), ..area };
        let mut lines: Vec<Line<'_>> = Vec::new();
        let label_w = GROUPS
            .iter()
            .flat_map(|(_, fields)| fields.iter())
            .filter(|f| !c.get(f).is_null())
            .filter_map(|f| CUSTOMER.field(f))
            .map(|f| f.label().width())
            .max()
            .unwrap_or(8)
            .min(20);
        for (group, fields) in GROUPS {
            let present: Vec<&str> = fields.iter().copied().filter(|f| !c.get(f).is_null()).collect();
            if present.is_empty() {
                continue;
            }
            lines.push(Line::styled(t(group).to_string(), theme.heading()));
            for f in present {
                let label = CUSTOMER.field(f).map_or(f, |s| s.label());
                let value = c.display(f);
                // Long values (an address, notes) wrap; nothing is cut off.
                let value_w = main.width.saturating_sub(label_w as u16 + 2).max(1);
                let parts = value.lines().flat_map(|part| super::widgets::wrap(part, value_w));
                for (i, part) in parts.enumerate() {
                    let l = if i == 0 { pad(label, label_w) } else { " ".repeat(label_w) };
                    lines.push(Line::from(vec![Span::styled(format!(" {l} "), theme.dim()), Span::raw(part)]));
                }
            }
        }
        if lines.is_empty() {
            lines.push(Line::styled(keys.hint("tui.overview_empty", &[]), theme.dim()));
        }
        let room = lines.len().saturating_sub(main.height as usize);
        self.scroll_room.set(room);
        for (i, line) in lines.iter().skip(self.scroll.min(room)).take(main.height as usize).enumerate() {
            buf.set_line(main.x, main.y + i as u16, line, main.width);
        }
        if side_w > 0 {
            let side = Rect { x: area.x + area.width - side_w, width: side_w, ..area };
            self.side_panel(buf, side, theme, cadence, currency);
        }
    }

    /// The class grid with the customer's place, the contact norm, counts.
    fn side_panel(&self, buf: &mut Buffer, area: Rect, theme: Theme, cadence: &Cadence, currency: &str) {
        let c = &self.dossier.customer;
        let cls = c.classification();
        let (x, y) = (c.int("purchase"), c.int("potential"));
        let mut lines: Vec<Line<'_>> = vec![Line::styled(t("tui.grid_title").to_string(), theme.heading())];
        // Rows: potential 4 at the top; columns: purchases 0..4.
        for py in (0..=4u8).rev() {
            let mut spans = vec![Span::styled(format!(" {py} "), theme.dim())];
            for px in 0..=4u8 {
                let here = x == Some(i64::from(px)) && y == Some(i64::from(py));
                let class = grid_class(px, py);
                let cell = if here { format!("[{}]", class.as_str()) } else { format!(" {} ", class.as_str()) };
                let style = if here { theme.selected() } else { theme.dim() };
                spans.push(Span::styled(cell, style));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::styled(format!("    {}", t("tui.grid_axis")), theme.dim()));
        let grid = match (x, y) {
            (Some(x), Some(y)) => tf("tui.grid_at", &[("x", &x), ("y", &y)]),
            _ => t("tui.grid_unscored").to_string(),
        };
        // Text lines wrap to the panel (the grid above is drawn as it is).
        let width = area.width;
        let text = |lines: &mut Vec<Line<'_>>, style: Style, s: &str| {
            let body = s.trim_start_matches(' ');
            let indent = " ".repeat(s.len() - body.len());
            for part in super::widgets::wrap(body, width.saturating_sub(indent.len() as u16)) {
                lines.push(Line::styled(format!("{indent}{part}"), style));
            }
        };
        text(&mut lines, Style::new(), &grid);
        let manual = if cls.manual { t("tui.tier_manual") } else { "" };
        text(&mut lines, Style::new(), &format!("{} {}{manual}", t("tui.tier"), cls.tier.as_str()));
        let norm = crate::store::norm_for(cadence.norm(cls.tier), c.text("call_norm"), c.text("visit_norm"));
        for (key, rate, state, worse_is) in [
            ("tui.norm_calls", norm.calls, self.standing.map(|s| s.calls), false),
            ("tui.norm_visits", norm.visits, self.standing.map(|s| s.visits), true),
        ] {
            text(&mut lines, Style::new(), &tf(key, &[("rate", &rate.localized())]));
            if let Some(s) = state {
                let due = match s.due() {
                    crate::domain::cadence::Due::Ok => tf("tui.due_in", &[("days", &(-s.overdue_days))]),
                    d => crate::text::due_text(d, s.overdue_days as i32, worse_is),
                };
                let style = if s.due() == crate::domain::cadence::Due::Overdue { theme.error() } else { theme.dim() };
                text(&mut lines, style, &format!("  {due}"));
            }
        }
        // Where it stands as a prospect (DOMAIN.md §2), marks written out.
        let q = crate::domain::qualify::Qualification::of(c);
        lines.push(Line::raw(""));
        text(&mut lines, Style::new(), &if q.assessed() { q.summary() } else { t("qualify.unassessed").to_string() });
        lines.push(Line::raw(""));
        text(
            &mut lines,
            Style::new(),
            &tf("tui.owed", &[("amount", &format!("{currency}{}", format_money(self.dossier.owed)))]),
        );
        text(
            &mut lines,
            Style::new(),
            &tf(
                "tui.counts",
                &[("people", &self.dossier.people.len()), ("competitors", &self.dossier.competitors.len())],
            ),
        );
        for (i, line) in lines.iter().take(area.height as usize).enumerate() {
            buf.set_line(area.x, area.y + i as u16, line, area.width);
        }
    }

    fn render_list(&self, buf: &mut Buffer, area: Rect, theme: Theme, currency: &str, keys: &Keymap) {
        let items = self.items();
        let w = area.width as usize;
        if items.is_empty() {
            buf.set_string(area.x + 1, area.y, truncate(&keys.hint("tui.tab_empty", &[]), w), theme.dim());
            return;
        }
        let card_h = if self.tab == Tab::People { (area.height / 2).max(6).min(area.height) } else { 0 };
        let list_h = area.height.saturating_sub(card_h + u16::from(self.tab == Tab::Records)) as usize;
        let start = self.selected.saturating_sub(list_h.saturating_sub(1));
        for (line, (i, e)) in items.iter().enumerate().skip(start).take(list_h).enumerate() {
            let selected = i == self.selected;
            let marker = if selected { "> " } else { "  " };
            let text = pad(&format!("{marker}{}", crate::text::summary(e, currency)), w);
            let style = if selected { theme.selected() } else { Style::new() };
            buf.set_string(area.x, area.y + line as u16, text, style);
        }
        if self.tab == Tab::Records {
            let owed = tf("tui.owed", &[("amount", &format!("{currency}{}", format_money(self.dossier.owed)))]);
            buf.set_string(area.x + 2, area.y + list_h as u16, truncate(&owed, w), theme.heading());
        }
        if card_h > 0
            && let Some(p) = self.selected_item()
        {
            let card = Rect { y: area.y + area.height - card_h, height: card_h, ..area };
            person_card(buf, card, p, theme);
        }
    }

    fn render_history(&self, buf: &mut Buffer, area: Rect, theme: Theme) {
        if self.history_lines.is_empty() {
            buf.set_string(area.x + 1, area.y, truncate(t("tui.history_empty"), area.width as usize), theme.dim());
            return;
        }
        // Each line wraps under itself, so nothing is cut at the edge; the
        // top one is the one Enter reads in full.
        let mut y = 0u16;
        for (i, super::history::Line { when, what, .. }) in self.history_lines.iter().skip(self.scroll).enumerate() {
            let (mark, style) = if i == 0 { (">", theme.selected()) } else { (" ", theme.dim()) };
            let head = format!("{mark}{when}  ");
            let text_w = area.width.saturating_sub(head.width() as u16).max(1);
            for (n, part) in super::widgets::wrap(what, text_w).into_iter().enumerate() {
                if y >= area.height {
                    return;
                }
                let lead = if n == 0 { Span::styled(head.clone(), style) } else { Span::raw(" ".repeat(head.width())) };
                buf.set_line(area.x, area.y + y, &Line::from(vec![lead, Span::raw(part)]), area.width);
                y += 1;
            }
        }
    }
}

fn person_card(buf: &mut Buffer, area: Rect, p: &Entity, theme: Theme) {
    let mut lines = vec![Line::styled(format!("── {} ", p.title()), theme.heading())];
    let shown: Vec<_> = PERSON
        .fields
        .iter()
        .filter(|f| !matches!(f.name, "customer_id" | "name") && !p.get(f.name).is_null())
        .collect();
    let label_w = shown.iter().map(|f| f.label().width()).max().unwrap_or(8).min(24);
    for spec in shown {
        let value = p.display(spec.name).lines().next().unwrap_or("").to_string();
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", pad(spec.label(), label_w)), theme.dim()),
            Span::raw(value),
        ]));
    }
    // Two columns when there is room.
    let per_col = area.height.saturating_sub(1) as usize;
    let cols = if area.width >= 90 && lines.len() > per_col + 1 { 2 } else { 1 };
    buf.set_line(area.x, area.y, &lines[0], area.width);
    let col_w = area.width / cols;
    for (i, line) in lines.iter().skip(1).enumerate().take(per_col * cols as usize) {
        let (col, row) = (i / per_col.max(1), i % per_col.max(1));
        buf.set_line(area.x + col as u16 * col_w, area.y + 1 + row as u16, line, col_w);
    }
}
