//! Today, the home screen: what the rep should do now.

use super::dossier::Tab;
use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::domain::entity::Entity;
use crate::i18n::{t, tf};
use crate::store::{Agenda, Birthday, CustomerStanding};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

mod followup;
mod kept;
pub use followup::FollowupRow;
use kept::{Birthdays, Followups, Names};

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

/// What Today keeps of the agenda besides its rows: its day, how many
/// customers are overdue in all, and the customers' names.
struct AgendaHead {
    today: chrono::NaiveDate,
    overdue_total: usize,
    names: Names,
}

/// State of the Today screen: the agenda's rows, section by section
/// ([`SECTIONS`]), the many kept in columns (see `kept.rs`).
#[derive(Default)]
pub struct TodayView {
    /// What is kept of the agenda besides its rows, once loaded.
    head: Option<AgendaHead>,
    planned: Vec<Entity>,
    due: Followups,
    overdue: Vec<CustomerStanding>,
    birthdays: Birthdays,
    unlogged: Vec<Entity>,
    upcoming: Followups,
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
    /// gives back whole free pages). Follow-ups, birthdays and names are
    /// kept in columns (`kept.rs`: at 100k customers there are tens of
    /// thousands); what is kept of the agenda itself is its day, its names
    /// and its counts.
    pub fn set(&mut self, agenda: Agenda) {
        self.planned.clone_from(&agenda.planned);
        self.due = Followups::of(&agenda.followups_due);
        self.overdue.clone_from(&agenda.overdue);
        self.birthdays = Birthdays::of(&agenda.birthdays);
        self.unlogged.clone_from(&agenda.unlogged);
        self.upcoming = Followups::of(&agenda.followups_upcoming);
        let head =
            AgendaHead { today: agenda.today, overdue_total: agenda.overdue_total, names: Names::of(&agenda.names) };
        drop(agenda);
        self.selected = self.selected.min(self.len().saturating_sub(1));
        self.head = Some(head);
    }

    /// How many rows each section ([`SECTIONS`]) has.
    fn counts(&self) -> [usize; SECTIONS.len()] {
        [
            self.planned.len(),
            self.due.len(),
            self.overdue.len(),
            self.birthdays.len(),
            self.unlogged.len(),
            self.upcoming.len(),
        ]
    }

    /// How many items are shown.
    pub fn len(&self) -> usize {
        self.counts().iter().sum()
    }

    /// True when nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Item `pos` (counted over the sections in order), made whole.
    pub fn item(&self, pos: usize) -> Option<Item> {
        let mut at = pos;
        for (section, count) in self.counts().into_iter().enumerate() {
            if at < count {
                return Some(match section {
                    0 => Item::Planned(Box::new(self.planned[at].clone())),
                    1 => Item::Followup(self.due.row(at)),
                    2 => Item::Overdue(Box::new(self.overdue[at].clone())),
                    3 => Item::Birthday(Box::new(self.birthdays.row(at))),
                    4 => Item::Unlogged(Box::new(self.unlogged[at].clone())),
                    _ => Item::Upcoming(self.upcoming.row(at)),
                });
            }
            at -= count;
        }
        None
    }

    /// Every item shown, in order, each made whole.
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        (0..self.len()).filter_map(|i| self.item(i))
    }

    /// The selected item.
    pub fn selected_item(&self) -> Option<Item> {
        self.item(self.selected)
    }

    /// Move the selection.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.len().saturating_sub(1));
    }

    fn name<'a>(&'a self, id: &str) -> &'a str {
        self.head.as_ref().map_or("", |a| a.names.get(id))
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
        let mut counts = self.counts();
        let mut i = 0;
        for (section, &count) in counts.iter().enumerate() {
            if count > 0 {
                rows.push(Row::Blank);
                rows.push(Row::Heading(section));
            }
            rows.extend((i..i + count).map(Row::Item));
            i += count;
        }
        counts[2] = agenda.overdue_total;
        if self.is_empty() {
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
                    let Some(item) = self.item(*i) else { continue };
                    let selected = *i == self.selected;
                    // Names get what a wide screen has to spare (24 columns
                    // at 80, up to 40): 12 Chinese characters cut most.
                    let name_w = w.saturating_sub(64).clamp(24, 40);
                    let text = format!("{}{}", if selected { "> " } else { "  " }, self.line(&item, name_w));
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

/// `s` in exactly `w` columns: padded, or cut with `…` to say there is more.
fn cell(s: &str, w: usize) -> String {
    pad(&crate::text::ellipsize(s, w), w)
}
