//! The Customers screen: search as you type, filters as chips, sorting.

pub use super::dim::Dim;
use super::rows::ListData;
use crate::domain::filter::CustomerFilter;
use crate::i18n::t;
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

/// Rows of a query's first page, shown before its hits are counted.
const PAGE: usize = 200;
/// Candidates scored per slice of a count (a few milliseconds).
const COUNT_SLICE: usize = 8_192;

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
    /// True while `visible` is the query's first page and its hits are
    /// being counted ([`ListView::advance`]).
    counting: bool,
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
            counting: false,
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

    /// Give the list, searchable with its rows' facts blank, the facts
    /// read for it (see `ListData::attach`), keeping query, filters, sort
    /// and the selected customer; false when the list changed meanwhile.
    pub fn attach(
        &mut self,
        facts: ListData,
        deleted: &[crate::domain::entity::Entity],
        romanizer: &crate::domain::pinyin::Romanizer,
    ) -> bool {
        let keep = self.selected_id();
        if !self.data.attach(facts, deleted, romanizer) {
            return false;
        }
        self.loaded = true;
        self.refresh();
        if let Some(id) = keep
            && let Some(pos) = self.visible.iter().position(|&i| self.data.id(i) == id)
        {
            self.selected = pos;
        }
        true
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
    /// Best match first with no filter: the first page at once (scored by
    /// bounds, see `crate::search::Index::page`), every hit once
    /// [`ListView::advance`] has counted them.
    pub fn refresh(&mut self) {
        let query = self.query_text();
        self.counting = false;
        if self.sort == Sort::Relevance && self.filters.is_empty() && !crate::search::is_blank(&query) {
            let index = &mut self.data.index;
            if index.count_some(&query, 0).is_none() {
                self.visible = index.page(&query, PAGE).iter().map(|h| h.index).collect();
                // A page not full holds every hit.
                self.counting = self.visible.len() == PAGE;
                if self.counting {
                    self.selected = self.selected.min(self.visible.len().saturating_sub(1));
                    return;
                }
            }
        }
        let hits = self.data.index.search(&query);
        let data = &self.data;
        // Filters apply once the rows' facts are read (a moment after start).
        let filter = if data.has_facts() { self.filter() } else { CustomerFilter::default() };
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

    /// Count the hits of a query shown by its first page, one slice at a
    /// time; true when the count ended (every hit is then listed).
    pub fn advance(&mut self) -> bool {
        if !self.counting {
            return false;
        }
        let query = self.query_text();
        if self.data.index.count_some(&query, COUNT_SLICE).is_none() {
            return false;
        }
        let keep = self.selected_id();
        self.refresh();
        if let Some(id) = keep
            && let Some(pos) = self.visible.iter().position(|&i| self.data.id(i) == id)
        {
            self.selected = pos;
        }
        true
    }

    /// True while the hits of the query are being counted.
    pub fn counting(&self) -> bool {
        self.counting
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
}

#[path = "list_draw.rs"]
mod draw;
