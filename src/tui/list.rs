//! The Customers screen: search as you type, filters as chips, sorting.

pub use super::dim::Dim;
use super::list_cells::{last_text, why_spans};
use super::rows::ListData;
use super::theme::Theme;
use super::widgets::{input_line, pad, truncate};
use crate::domain::cadence::Due;
use crate::domain::filter::CustomerFilter;
use crate::i18n::{enum_label, t, tf};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui_textarea::TextArea;

/// What keys mean on the customer list (help lists them, in this order).
pub(super) const COMMANDS: &[super::action::Action] = super::component::screen_commands!(
    Search,
    Open,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextTab,
    PrevTab,
    New,
    Edit,
    Delete,
    Filter,
    ClearFilters,
    Sort,
    Plan,
    Log,
    LogCall,
    Today
);

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best match first while searching, else by name.
    Relevance,
    /// By name.
    Name,
    /// A first, then B, then C; VIP first within a class.
    Class,
    /// Most recently changed first.
    Recent,
    /// Longest since the last visit or call first (never contacted first).
    LastContact,
    /// Most days overdue first.
    Overdue,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Relevance => Sort::Name,
            Sort::Name => Sort::Class,
            Sort::Class => Sort::Overdue,
            Sort::Overdue => Sort::LastContact,
            Sort::LastContact => Sort::Recent,
            Sort::Recent => Sort::Relevance,
        }
    }

    fn label(self) -> &'static str {
        t(match self {
            Sort::Relevance => "tui.sort_relevance",
            Sort::Name => "tui.sort_name",
            Sort::Class => "tui.sort_class",
            Sort::Recent => "tui.sort_recent",
            Sort::LastContact => "tui.sort_last",
            Sort::Overdue => "tui.sort_overdue",
        })
    }
}

/// State of the Customers screen.
pub struct ListView {
    data: ListData,
    /// The day standings were computed for.
    pub today: chrono::NaiveDate,
    /// False while the full list is still loading (the first page shows).
    pub loaded: bool,
    /// The search field.
    pub query: TextArea<'static>,
    /// Active filters: dimension and stored value.
    pub filters: Vec<(Dim, String)>,
    /// Current order.
    pub sort: Sort,
    visible: Vec<u32>,
    /// Selected position in `visible`.
    pub selected: usize,
    /// First visible position (scroll).
    pub offset: usize,
}

impl ListView {
    /// Say the search key of `keys` in the empty search field.
    pub(super) fn name_search_key(&mut self, keys: &super::keymap::Keymap) {
        self.query.set_placeholder_text(keys.hint("tui.search_placeholder", &[]));
    }

    /// A list over `data`, as of `today`.
    pub fn new(data: ListData, loaded: bool, today: chrono::NaiveDate) -> Self {
        let mut query = TextArea::default();
        query.set_placeholder_text(t("tui.search_placeholder"));
        let mut v = Self {
            data,
            today,
            loaded,
            query,
            filters: Vec::new(),
            sort: Sort::Relevance,
            visible: Vec::new(),
            selected: 0,
            offset: 0,
        };
        v.refresh();
        v
    }

    /// Replace the data, keeping query, filters, sort and the selected
    /// customer where possible.
    pub fn replace(&mut self, data: ListData, loaded: bool) {
        let keep = self.selected_id();
        self.data = data;
        self.loaded = loaded;
        self.refresh();
        if let Some(id) = keep
            && let Some(pos) = self.visible.iter().position(|&i| self.data.id(i) == id)
        {
            self.selected = pos;
        }
    }

    /// Change the data in place (a few customers after a write), keeping
    /// query, filters, sort and the selected customer.
    pub fn patch(&mut self, f: impl FnOnce(&mut ListData)) {
        let keep = self.selected_id();
        f(&mut self.data);
        self.refresh();
        if let Some(id) = keep
            && let Some(pos) = self.visible.iter().position(|&i| self.data.id(i) == id)
        {
            self.selected = pos;
        }
    }

    /// The search text.
    pub fn query_text(&self) -> String {
        self.query.lines().join(" ")
    }

    /// Recompute what is shown after the query, filters or sort changed.
    pub fn refresh(&mut self) {
        let query = self.query_text();
        let hits = self.data.index.search(&query);
        let data = &self.data;
        let filter = self.filter();
        self.visible = hits.iter().map(|h| h.index).filter(|&i| filter.matches(&data.facts(i))).collect();
        match self.sort {
            Sort::Relevance => {}
            Sort::Name => self.visible.sort_unstable(),
            Sort::Class => self.visible.sort_by_key(|&i| (data.tier(i), !data.vip(i), i)),
            Sort::Recent => self.visible.sort_by_key(|&i| (std::cmp::Reverse(data.updated_ms(i)), i)),
            Sort::LastContact => self.visible.sort_by_key(|&i| (data.last_contact(i), i)),
            Sort::Overdue => self.visible.sort_by_key(|&i| (std::cmp::Reverse(data.overdue_days(i)), data.tier(i), i)),
        }
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// The first `limit` live customers matching `query` (id, name), best
    /// first, and how many match in all (ignoring the list's filters).
    pub fn find(&mut self, query: &str, limit: usize) -> (Vec<(String, String)>, usize) {
        let hits = self.data.index.search(query);
        let data = &self.data;
        let live: Vec<u32> = hits.iter().map(|h| h.index).filter(|&i| data.alive(i)).collect();
        let shown = live.iter().take(limit).map(|&i| (data.id(i).to_string(), data.name(i).to_string())).collect();
        (shown, live.len())
    }

    /// The chips as the library's filter.
    pub fn filter(&self) -> CustomerFilter {
        let mut f = CustomerFilter::default();
        for (dim, value) in &self.filters {
            dim.apply(value, &mut f);
        }
        f
    }

    /// Number of customers shown and of live ones in the archive.
    pub fn counts(&self) -> (usize, usize) {
        (self.visible.len(), self.data.live())
    }

    /// The selected customer's position in the data.
    fn selected_index(&self) -> Option<u32> {
        self.visible.get(self.selected).copied()
    }

    /// The selected customer's id.
    pub fn selected_id(&self) -> Option<String> {
        self.selected_index().map(|i| self.data.id(i).to_string())
    }

    /// The selected customer's name.
    pub fn selected_name(&self) -> Option<&str> {
        self.selected_index().map(|i| self.data.name(i))
    }

    /// The data (for the filter menu's value counts).
    pub fn data(&self) -> &ListData {
        &self.data
    }

    /// Move the selection by `delta` rows.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Jump to the first or last row.
    pub fn jump(&mut self, end: bool) {
        self.selected = if end { self.visible.len().saturating_sub(1) } else { 0 };
    }

    /// Next sort order.
    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.refresh();
    }

    /// Set or clear (`None`) the filter of a dimension.
    pub fn set_filter(&mut self, dim: Dim, value: Option<String>) {
        self.filters.retain(|(d, _)| *d != dim);
        if let Some(v) = value {
            self.filters.push((dim, v));
        }
        self.selected = 0;
        self.refresh();
    }

    /// Keep the selection inside a window of `height` rows.
    pub fn scroll_to_selection(&mut self, height: usize) {
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// The position in `visible` of the row drawn at screen line `line` of
    /// the table body, if any.
    pub fn position_at(&self, line: usize) -> Option<usize> {
        let pos = self.offset + line;
        (pos < self.visible.len()).then_some(pos)
    }

    /// Draw into `area`; returns where the caret goes when searching.
    #[allow(clippy::too_many_lines)] // one screen, drawn top to bottom
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        theme: Theme,
        (searching, keys): (bool, &super::keymap::Keymap),
    ) -> Option<(u16, u16)> {
        if area.height < 4 {
            return None;
        }
        let w = area.width as usize;
        let buf = frame.buffer_mut();
        // Line 0: the search field.
        let caret = input_line(buf, Rect { height: 1, ..area }, "/ ", &self.query, searching, theme);
        // Line 1: chips and sort.
        let mut spans: Vec<Span<'_>> = Vec::new();
        for (dim, value) in &self.filters {
            spans.push(Span::styled(format!(" {}: {} ", dim.label(), dim.show(value)), theme.chip()));
            spans.push(Span::raw(" "));
        }
        let (shown, total) = self.counts();
        let loading = if self.loaded { String::new() } else { format!(" {}", t("tui.loading")) };
        spans.push(Span::styled(
            tf("tui.list_summary", &[("shown", &shown), ("total", &total), ("sort", &self.sort.label())]) + &loading,
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
        let query = self.query_text();
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
            let class = format!("{}{}", tier.as_str(), if d.vip(i) { "*" } else { "" });
            let kind = if d.kind(i).is_empty() { String::new() } else { enum_label("kind", d.kind(i)) };
            let (last, due) = match d.due(i) {
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
                let tier_text = tier.as_str();
                Line::from(vec![
                    Span::raw(marker),
                    Span::styled(tier_text, theme.class(tier.class())),
                    Span::raw(text.get(2 + tier_text.len()..).unwrap_or("").to_string()),
                    Span::styled(due, due_style),
                ])
            };
            buf.set_line(area.x, y, &line, area.width);
            if !query.trim().is_empty() && name_w > 0 {
                // Why it matched, over the name cell: the matched
                // characters underlined, another field named after the name.
                let why = self.data.index.explain(crate::search::Hit { index: i, score: 0 }, &query);
                let base = if selected { theme.selected() } else { ratatui::style::Style::new() };
                let spans = why_spans(d.name(i), &why, name_w, base, theme);
                buf.set_line(area.x + 8, y, &Line::from(spans), name_w as u16);
            }
        }
        caret
    }
}
