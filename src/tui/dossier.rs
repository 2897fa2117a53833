//! The Dossier screen: the 360° view of one customer in five tabs.

use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::config::Cadence;
use crate::domain::classify::grid_class;
use crate::domain::entity::Entity;
use crate::domain::fields::format_money;
use crate::domain::schema::{self, COMPETITOR, CUSTOMER, PERSON, TRADE, Table};
use crate::i18n::{t, tf};
use crate::store::{Dossier, HistoryEntry};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// What keys mean on a dossier (help lists them, in this order).
pub(super) const COMMANDS: &[super::action::Action] = &[
    super::action::Action::Back,
    super::action::Action::NextTab,
    super::action::Action::PrevTab,
    super::action::Action::Up,
    super::action::Action::Down,
    super::action::Action::PageUp,
    super::action::Action::PageDown,
    super::action::Action::Top,
    super::action::Action::Bottom,
    super::action::Action::New,
    super::action::Action::Edit,
    super::action::Action::Open,
    super::action::Action::Delete,
    super::action::Action::Plan,
    super::action::Action::Log,
    super::action::Action::LogCall,
    super::action::Action::Complete,
    super::action::Action::Snooze,
    super::action::Action::Today,
    super::action::Action::Search,
    super::action::Action::Undo,
    super::action::Action::Trash,
    super::action::Action::Week,
    super::action::Action::Archive,
    super::action::Action::Palette,
    super::action::Action::ToggleMouse,
    super::action::Action::Help,
    super::action::Action::Quit,
];

/// The tabs of a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Background, class, cadence.
    Overview,
    /// Key people and a person's card.
    People,
    /// Competitor notes.
    Competitors,
    /// Orders, deliveries, payments, amount owed.
    Records,
    /// Visits and calls, planned and logged.
    Visits,
    /// Follow-ups, open first.
    Followups,
    /// Every recorded change, newest first.
    History,
}

impl Tab {
    /// Tabs in order.
    pub const ALL: [Tab; 7] =
        [Tab::Overview, Tab::People, Tab::Competitors, Tab::Records, Tab::Visits, Tab::Followups, Tab::History];

    fn label(self) -> &'static str {
        t(match self {
            Tab::Overview => "tui.tab_overview",
            Tab::People => "tui.tab_people",
            Tab::Competitors => "tui.tab_competitors",
            Tab::Records => "tui.tab_records",
            Tab::Visits => "tui.tab_visits",
            Tab::Followups => "tui.tab_followups",
            Tab::History => "tui.tab_history",
        })
    }

    /// The child table a tab lists, if any.
    pub fn table(self) -> Option<&'static Table> {
        match self {
            Tab::People => Some(&PERSON),
            Tab::Competitors => Some(&COMPETITOR),
            Tab::Records => Some(&TRADE),
            Tab::Visits => Some(&schema::VISIT),
            Tab::Followups => Some(&schema::FOLLOWUP),
            _ => None,
        }
    }
}

/// Field groups of the overview, by catalog key.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "tui.group_identity",
        &["kind", "status", "stage", "industry", "region", "city", "economic_nature", "scale", "tags"],
    ),
    ("tui.group_contact", &["phone", "email", "website", "address"]),
    (
        "tui.group_background",
        &["business", "network", "results", "credit", "finances", "payment_habits", "owner_background"],
    ),
    ("tui.group_usage", &["products_used", "purchase_plans"]),
    ("tui.group_organisation", &["organisation", "notes"]),
];

/// State of the Dossier screen.
pub struct DossierView {
    /// What is shown.
    pub dossier: Dossier,
    /// Its change history.
    pub history: Vec<HistoryEntry>,
    /// Where the customer stands against its contact norms.
    pub standing: Option<crate::domain::cadence::Standing>,
    /// The history as shown, one line per record and moment.
    history_lines: Vec<(String, String)>,
    /// The open tab.
    pub tab: Tab,
    /// Selected row per list tab.
    pub selected: usize,
    /// Scroll of the overview and history.
    pub scroll: usize,
}

impl DossierView {
    /// A view of `dossier`, on the overview.
    pub fn new(dossier: Dossier, history: Vec<HistoryEntry>, clock: &dyn crate::clock::Clock) -> Self {
        let history_lines = super::history::lines(&dossier, &history, clock);
        Self { dossier, history, standing: None, history_lines, tab: Tab::Overview, selected: 0, scroll: 0 }
    }

    /// The customer's id.
    pub fn id(&self) -> &str {
        &self.dossier.customer.id
    }

    /// The `i`th line of History: when, and what changed.
    pub fn history_line(&self, i: usize) -> Option<(&str, &str)> {
        self.history_lines.get(i).map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// The records the open tab lists.
    pub fn items(&self) -> &[Entity] {
        match self.tab {
            Tab::People => &self.dossier.people,
            Tab::Competitors => &self.dossier.competitors,
            Tab::Records => &self.dossier.trades,
            Tab::Visits => &self.dossier.visits,
            Tab::Followups => &self.dossier.followups,
            _ => &[],
        }
    }

    /// The selected record of a list tab.
    pub fn selected_item(&self) -> Option<&Entity> {
        self.items().get(self.selected)
    }

    /// Switch tab by `delta`.
    pub fn switch(&mut self, delta: isize) {
        let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0) as isize;
        self.tab = Tab::ALL[(i + delta).rem_euclid(Tab::ALL.len() as isize) as usize];
        self.selected = 0;
        self.scroll = 0;
    }

    /// Move the selection (list tabs) or scroll (others).
    pub fn move_by(&mut self, delta: isize) {
        let len = match self.tab {
            Tab::Overview => 200,
            Tab::History => self.history_lines.len(),
            _ => self.items().len(),
        };
        let slot = if self.tab.table().is_some() { &mut self.selected } else { &mut self.scroll };
        *slot = slot.saturating_add_signed(delta).min(len.saturating_sub(1));
    }

    /// The tab at screen column `x` of the tab bar, if any.
    pub fn tab_at(x: u16) -> Option<Tab> {
        let mut col = 0u16;
        for tab in Tab::ALL {
            let w = tab.label().width() as u16 + 3;
            if x >= col && x < col + w {
                return Some(tab);
            }
            col += w;
        }
        None
    }

    /// Draw into `area`.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: Theme, cadence: &Cadence, currency: &str) {
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
        for tab in Tab::ALL {
            let style = if tab == self.tab { theme.selected() } else { Style::new() };
            spans.push(Span::styled(format!(" {} ", tab.label()), style));
            spans.push(Span::raw("│"));
        }
        buf.set_line(area.x, area.y + 1, &Line::from(spans), area.width);
        let body = Rect { y: area.y + 2, height: area.height.saturating_sub(2), ..area };
        match self.tab {
            Tab::Overview => self.overview(buf, body, theme, cadence, currency),
            Tab::History => self.render_history(buf, body, theme),
            _ => self.render_list(buf, body, theme, currency),
        }
    }

    fn overview(&self, buf: &mut Buffer, area: Rect, theme: Theme, cadence: &Cadence, currency: &str) {
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
            lines.push(Line::styled(t("tui.overview_empty").to_string(), theme.dim()));
        }
        for (i, line) in lines.iter().skip(self.scroll).take(main.height as usize).enumerate() {
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

    fn render_list(&self, buf: &mut Buffer, area: Rect, theme: Theme, currency: &str) {
        let items = self.items();
        let w = area.width as usize;
        if items.is_empty() {
            buf.set_string(area.x + 1, area.y, truncate(t("tui.tab_empty"), w), theme.dim());
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
            buf.set_string(area.x + 1, area.y, t("tui.tab_empty"), theme.dim());
            return;
        }
        for (i, (when, what)) in self.history_lines.iter().skip(self.scroll).take(area.height as usize).enumerate() {
            // The top line is the one Enter reads in full.
            let (mark, style) = if i == 0 { (">", theme.selected()) } else { (" ", theme.dim()) };
            let line = Line::from(vec![Span::styled(format!("{mark}{when}  "), style), Span::raw(what.as_str())]);
            buf.set_line(area.x, area.y + i as u16, &line, area.width);
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
