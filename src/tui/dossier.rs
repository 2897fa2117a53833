//! The Dossier screen: the 360° view of one customer in five tabs (its
//! drawing is in `dossier_draw.rs`).

use crate::domain::entity::Entity;
use crate::domain::schema::{self, COMPETITOR, PERSON, TRADE, Table};
use crate::i18n::t;
use crate::store::{Dossier, HistoryEntry};
use unicode_width::UnicodeWidthStr;

/// What keys mean on a dossier (help lists them, in this order).
pub(super) const COMMANDS: &[super::action::Action] = super::component::screen_commands!(
    Back, NextTab, PrevTab, Up, Down, PageUp, PageDown, Top, Bottom, New, Edit, Open, Delete, Plan, Log, LogCall,
    Complete, Snooze, Today, Search
);

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
    /// Opportunities (商机), open first.
    Opportunities,
    /// Every recorded change, newest first.
    History,
}

impl Tab {
    /// Tabs in order.
    pub const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::People,
        Tab::Competitors,
        Tab::Records,
        Tab::Visits,
        Tab::Followups,
        Tab::Opportunities,
        Tab::History,
    ];

    pub(super) fn label(self) -> &'static str {
        t(match self {
            Tab::Overview => "tui.tab_overview",
            Tab::People => "tui.tab_people",
            Tab::Competitors => "tui.tab_competitors",
            Tab::Records => "tui.tab_records",
            Tab::Visits => "tui.tab_visits",
            Tab::Followups => "tui.tab_followups",
            Tab::Opportunities => "funnel.tab",
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
            Tab::Opportunities => Some(&schema::OPPORTUNITY),
            _ => None,
        }
    }
}

/// Field groups of the overview, by catalog key.
pub(super) const GROUPS: &[(&str, &[&str])] = &[
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
    ("qualify.group", &["qual_need", "qual_power", "qual_authority", "golden_traits", "poor_traits"]),
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
    pub(super) history_lines: Vec<super::history::Line>,
    /// The open tab.
    pub tab: Tab,
    /// Selected row per list tab.
    pub selected: usize,
    /// Scroll of the overview and history.
    pub scroll: usize,
    /// How far the overview can scroll at the size last drawn (its lines
    /// beyond a screenful): `G` stops at the last screenful. (On History
    /// any line can come to the top: the top one is what Enter reads.)
    pub(super) scroll_room: std::cell::Cell<usize>,
}

impl DossierView {
    /// A view of `dossier`, on the overview.
    pub fn new(dossier: Dossier, history: Vec<HistoryEntry>, store: &crate::store::Store) -> Self {
        let refs = |r: &str| store.ref_value_words(r);
        let history_lines = super::history::lines(&dossier, &history, store.clock(), &refs);
        Self {
            dossier,
            history,
            standing: None,
            history_lines,
            tab: Tab::Overview,
            selected: 0,
            scroll: 0,
            scroll_room: std::cell::Cell::new(0),
        }
    }

    /// The customer's id.
    pub fn id(&self) -> &str {
        &self.dossier.customer.id
    }

    /// The `i`th line of History: when, and what changed.
    pub fn history_line(&self, i: usize) -> Option<(&str, &str)> {
        self.history_lines.get(i).map(|l| (l.when.as_str(), l.what.as_str()))
    }

    /// The record the selected History line (the top one) is about.
    pub(super) fn history_record(&self) -> Option<(&'static Table, &str)> {
        self.history_lines.get(self.scroll).and_then(|l| l.table.map(|t| (t, l.row.as_str())))
    }

    /// The records the open tab lists.
    pub fn items(&self) -> &[Entity] {
        match self.tab {
            Tab::People => &self.dossier.people,
            Tab::Competitors => &self.dossier.competitors,
            Tab::Records => &self.dossier.trades,
            Tab::Visits => &self.dossier.visits,
            Tab::Followups => &self.dossier.followups,
            Tab::Opportunities => &self.dossier.opportunities,
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
            Tab::Overview => self.scroll_room.get() + 1,
            Tab::History => self.history_lines.len(),
            _ => self.items().len(),
        };
        let slot = if self.tab.table().is_some() { &mut self.selected } else { &mut self.scroll };
        *slot = slot.saturating_add_signed(delta).min(len.saturating_sub(1));
    }

    /// The tab bar's cells for a screen `width` wide: ` label │`, or
    /// `label│` when the padded bar would not fit (English at 80 columns).
    pub fn tab_cells(width: u16) -> Vec<(Tab, String)> {
        let padded: usize = Tab::ALL.iter().map(|t| t.label().width() + 3).sum();
        let pad = if padded <= width as usize { " " } else { "" };
        Tab::ALL.iter().map(|t| (*t, format!("{pad}{}{pad}", t.label()))).collect()
    }

    /// The tab at screen column `x` of the tab bar (on a screen `width`
    /// wide), if any.
    pub fn tab_at(x: u16, width: u16) -> Option<Tab> {
        let mut col = 0u16;
        for (tab, cell) in Self::tab_cells(width) {
            let w = cell.width() as u16 + 1;
            if x >= col && x < col + w {
                return Some(tab);
            }
            col += w;
        }
        None
    }
}
