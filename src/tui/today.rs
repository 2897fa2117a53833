//! Today, the home screen: what the rep should do now.

use super::dossier::Tab;
use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::domain::entity::Entity;
use crate::i18n::{t, tf};
use crate::search::packed::PackedStr;
use crate::store::{Agenda, Birthday, CustomerStanding};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

mod followup;
pub use followup::FollowupRow;

/// What keys mean on Today (help lists them, in this order).
pub(super) const COMMANDS: &[super::action::Action] = super::component::screen_commands!(
    Up, Down, PageUp, PageDown, Top, Bottom, Open, Plan, Log, LogCall, Complete, Snooze, Delete, New, Edit, NextTab,
    PrevTab, Search
);

/// One thing on the agenda.
#[derive(Debug, Clone)]
pub enum Item {
    /// A planned visit or call this week.
    Planned(Box<Entity>),
    /// A follow-up due today or overdue.
    Followup(FollowupRow),
    /// A customer overdue by its norms.
    Overdue(Box<CustomerStanding>),
    /// A key person's birthday.
    Birthday(Box<Birthday>),
    /// A planned visit whose day has passed without a log.
    Unlogged(Box<Entity>),
    /// A follow-up due in the next days.
    Upcoming(FollowupRow),
}

impl Item {
    /// The customer the item is about.
    pub fn customer(&self) -> &str {
        match self {
            Item::Planned(e) | Item::Unlogged(e) => e.text_or_empty("customer_id"),
            Item::Followup(f) | Item::Upcoming(f) => f.text_or_empty("customer_id"),
            Item::Overdue(s) => &s.id,
            Item::Birthday(b) => &b.customer_id,
        }
    }

    /// The record the item is (the visit, the follow-up, the person of a
    /// birthday); none for an overdue customer.
    pub fn record(&self) -> Option<&str> {
        match self {
            Item::Planned(e) | Item::Unlogged(e) => Some(&e.id),
            Item::Followup(f) | Item::Upcoming(f) => Some(f.id()),
            Item::Birthday(b) => Some(&b.person_id),
            Item::Overdue(_) => None,
        }
    }

    /// The dossier tab that shows it.
    pub fn tab(&self) -> Tab {
        match self {
            Item::Planned(_) | Item::Unlogged(_) => Tab::Visits,
            Item::Followup(_) | Item::Upcoming(_) => Tab::Followups,
            Item::Overdue(_) => Tab::Overview,
            Item::Birthday(_) => Tab::People,
        }
    }
}

/// A row of the Today screen before it is formatted.
enum Row {
    Blank,
    Heading(usize),
    Item(usize),
    Empty,
}

/// What Today keeps of the agenda besides its items: its day, how many
/// customers are overdue in all, and the customers' names.
struct AgendaHead {
    today: chrono::NaiveDate,
    overdue_total: usize,
    /// The customers' ids in order, and their names in the same order
    /// (packed: tens of thousands at 100k customers).
    names: (PackedStr, PackedStr),
}

/// State of the Today screen.
#[derive(Default)]
pub struct TodayView {
    /// What is kept of the agenda besides its items, once loaded.
    head: Option<AgendaHead>,
    items: Vec<(usize, Item)>,
    /// Selected item.
    pub selected: usize,
}

const SECTIONS: [&str; 6] = [
    "cli.agenda_planned",
    "cli.agenda_followups",
    "cli.agenda_overdue",
    "cli.agenda_birthdays",
    "cli.agenda_unlogged",
    "cli.agenda_upcoming",
];

impl TodayView {
    /// Show `agenda`, keeping the selection in range.
    /// What is kept is copied here, on the interface's thread, and the
    /// agenda as loaded is dropped whole: kept parts of it would sit among
    /// what the loading thread freed and hold those pages (glibc gave back
    /// only the free memory at the top of that thread's arena; jemalloc
    /// gives back whole free pages). Follow-ups
    /// are kept as [`FollowupRow`]s (at 100k customers there are tens of
    /// thousands); what is kept of the agenda itself is its day, its names
    /// and its counts.
    pub fn set(&mut self, agenda: Agenda) {
        let mut items = Vec::with_capacity(
            agenda.planned.len()
                + agenda.followups_due.len()
                + agenda.overdue.len()
                + agenda.birthdays.len()
                + agenda.unlogged.len()
                + agenda.followups_upcoming.len(),
        );
        items.extend(agenda.planned.iter().map(|e| (0, Item::Planned(Box::new(e.clone())))));
        items.extend(agenda.followups_due.iter().map(|e| (1, Item::Followup(FollowupRow::of(e)))));
        items.extend(agenda.overdue.iter().map(|s| (2, Item::Overdue(Box::new(s.clone())))));
        items.extend(agenda.birthdays.iter().map(|b| (3, Item::Birthday(Box::new(b.clone())))));
        items.extend(agenda.unlogged.iter().map(|e| (4, Item::Unlogged(Box::new(e.clone())))));
        items.extend(agenda.followups_upcoming.iter().map(|e| (5, Item::Upcoming(FollowupRow::of(e)))));
        let head =
            AgendaHead { today: agenda.today, overdue_total: agenda.overdue_total, names: packed_names(&agenda.names) };
        drop(agenda);
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
        self.head = Some(head);
    }

    /// Every item shown, in order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().map(|(_, i)| i)
    }

    /// The selected item.
    pub fn selected_item(&self) -> Option<&Item> {
        self.items.get(self.selected).map(|(_, i)| i)
    }

    /// Move the selection.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.items.len().saturating_sub(1));
    }

    fn name<'a>(&'a self, id: &str) -> &'a str {
        let Some((ids, names)) = self.head.as_ref().map(|a| &a.names) else { return "" };
        let (mut lo, mut hi) = (0, ids.len());
        while lo < hi {
            let mid = usize::midpoint(lo, hi);
            match ids.get(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return names.get(mid),
            }
        }
        ""
    }

    /// One row's text; customer names get `name_w` columns (a longer one
    /// ends in `…`; Enter opens it).
    fn line(&self, item: &Item, name_w: usize) -> String {
        match item {
            Item::Planned(v) => format!(
                "{} {}  {}  {}  {}",
                v.text_or_empty("date"),
                pad(v.text_or_empty("time"), 5),
                pad(&v.display("kind"), 10),
                cell(self.name(item.customer()), name_w),
                v.display("purposes")
            ),
            Item::Followup(f) | Item::Upcoming(f) => {
                format!(
                    "{}  {}  {}",
                    f.text_or_empty("due"),
                    cell(self.name(item.customer()), name_w),
                    f.text_or_empty("what")
                )
            }
            Item::Overdue(s) => format!(
                "{}  {}  {}",
                pad(s.tier.as_str(), 3),
                cell(&s.name, name_w + 4),
                crate::text::standing_text(&s.standing)
            ),
            Item::Birthday(b) => format!("{}  {}  {}", b.on.format("%m-%d"), cell(&b.name, 16), b.customer),
            Item::Unlogged(v) => {
                format!(
                    "{}  {}  {}",
                    v.text_or_empty("date"),
                    cell(self.name(item.customer()), name_w),
                    v.display("purposes")
                )
            }
        }
    }

    /// Draw into `area`. `welcome` holds the key that adds a customer when
    /// the archive has none: the screen then says how to begin.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, welcome: Option<&str>, keys: &Keymap) {
        let w = area.width as usize;
        let Some(agenda) = &self.head else {
            buf.set_string(area.x + 1, area.y, truncate(t("tui.loading"), w), theme.dim());
            return;
        };
        if let Some(key) = welcome {
            let import = keys.keys_of(super::action::Action::Import).first().cloned().unwrap_or_default();
            return welcome_screen(buf, area, theme, key, &import);
        }
        let title = tf("tui.today_title", &[("date", &agenda.today), ("weekday", &super::form::weekday(agenda.today))]);
        buf.set_string(area.x, area.y, truncate(&title, w), theme.heading());
        // Lay out rows first (cheap), then format only the visible ones:
        // at 100k customers an agenda can hold thousands of birthdays.
        let mut rows: Vec<Row> = Vec::new();
        let mut counts = [0usize; SECTIONS.len()];
        for (s, _) in &self.items {
            counts[*s] += 1;
        }
        counts[2] = agenda.overdue_total;
        let mut last_section = None;
        for (i, (section, _)) in self.items.iter().enumerate() {
            if last_section != Some(*section) {
                rows.push(Row::Blank);
                rows.push(Row::Heading(*section));
                last_section = Some(*section);
            }
            rows.push(Row::Item(i));
        }
        if self.items.is_empty() {
            rows.push(Row::Blank);
            rows.push(Row::Empty);
        }
        let height = area.height.saturating_sub(1) as usize;
        let pos = rows.iter().position(|r| matches!(r, Row::Item(i) if *i == self.selected)).unwrap_or(0);
        let start = (pos + 1).saturating_sub(height);
        for (row, r) in rows.iter().skip(start).take(height).enumerate() {
            let line = match r {
                Row::Blank => Line::raw(""),
                Row::Heading(s) => Line::styled(
                    tf("tui.with_count", &[("title", &t(SECTIONS[*s])), ("count", &counts[*s])]),
                    theme.heading(),
                ),
                Row::Empty => Line::styled(keys.hint("tui.today_empty", &[]), theme.dim()),
                Row::Item(i) => {
                    let item = &self.items[*i].1;
                    let selected = *i == self.selected;
                    // Names get what a wide screen has to spare (24 columns
                    // at 80, up to 40): 12 Chinese characters cut most.
                    let name_w = w.saturating_sub(64).clamp(24, 40);
                    let text = format!("{}{}", if selected { "> " } else { "  " }, self.line(item, name_w));
                    let style = match (selected, item) {
                        (true, _) => theme.selected(),
                        (false, Item::Followup(_) | Item::Unlogged(_)) => theme.error(),
                        _ => Style::new(),
                    };
                    Line::from(Span::styled(cell(&text, w), style))
                }
            };
            buf.set_line(area.x, area.y + 1 + row as u16, &line, area.width);
        }
    }
}

/// The first screen of an empty archive: what to do to begin.
fn welcome_screen(buf: &mut Buffer, area: Rect, theme: Theme, key: &str, import_key: &str) {
    let steps = [
        (key.to_string(), t("tui.welcome_new")),
        (import_key.to_string(), t("interop.tui_welcome")),
        (t("tui.welcome_cli_command").to_string(), t("tui.welcome_cli")),
        ("repbook --demo".to_string(), t("tui.welcome_demo")),
    ];
    let mut lines: Vec<(String, Style)> =
        vec![(t("tui.welcome_title").to_string(), theme.heading()), (String::new(), Style::new())];
    let key_w = steps.iter().map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str())).max().unwrap_or(0) + 2;
    let text_w = (area.width as usize).saturating_sub(key_w + 3).max(10) as u16;
    for (k, what) in &steps {
        for (i, part) in super::widgets::wrap(what, text_w).into_iter().enumerate() {
            let k = if i == 0 { pad(k, key_w) } else { " ".repeat(key_w) };
            lines.push((format!("  {k}{part}"), Style::new()));
        }
    }
    for (i, (line, style)) in lines.iter().take(area.height as usize).enumerate() {
        buf.set_string(area.x, area.y + i as u16, truncate(line, area.width as usize), *style);
    }
}

/// Names by id as [`AgendaHead`] keeps them: ids in order, names alike.
fn packed_names(by_id: &std::collections::HashMap<String, String>) -> (PackedStr, PackedStr) {
    let mut order: Vec<(&String, &String)> = by_id.iter().collect();
    order.sort_unstable();
    let (mut ids, mut names) = (PackedStr::default(), PackedStr::default());
    for (id, name) in order {
        ids.push(id);
        names.push(name);
    }
    (ids, names)
}

/// `s` in exactly `w` columns: padded, or cut with `…` to say there is more.
fn cell(s: &str, w: usize) -> String {
    pad(&crate::text::ellipsize(s, w), w)
}
