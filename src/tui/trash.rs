//! The Trash view (issue 9 §1.2): every deleted customer, person,
//! competitor note, record and visit — or one customer's, from its dossier
//! — with when it was deleted; Enter reads one in full, `r` restores it
//! (after a yes).

use super::keymap::Keymap;
use super::overlay::Pending;
use super::theme::Theme;
use super::widgets::{pad, truncate};
use crate::domain::schema;
use crate::i18n::{t, tf};
use crate::store::TrashItem;
use crate::text::ellipsize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// State of the Trash view.
#[derive(Debug, Clone, Default)]
pub struct TrashView {
    /// Only this customer's (id, name), when opened from a dossier.
    pub customer: Option<(String, String)>,
    /// What is deleted, most recent first.
    pub items: Vec<TrashItem>,
    /// Selected entry.
    pub selected: usize,
}

impl TrashView {
    /// Show `items`, keeping the selection in range.
    pub fn set(&mut self, items: Vec<TrashItem>) {
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// The selected entry.
    pub fn selected_item(&self) -> Option<&TrashItem> {
        self.items.get(self.selected)
    }

    /// Move the selection.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.items.len().saturating_sub(1));
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, clock: &dyn crate::clock::Clock, keys: &Keymap) {
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let title = match &self.customer {
            Some((_, name)) => tf("trash.title_of", &[("customer", &crate::text::one_line(name))]),
            None => t("trash.title").to_string(),
        };
        buf.set_string(
            area.x,
            area.y,
            truncate(&tf("tui.with_count", &[("title", &title), ("count", &self.items.len())]), w),
            theme.heading(),
        );
        let hint = keys.hint("trash.hint", &[]);
        let bottom = area.y + area.height.saturating_sub(1);
        buf.set_string(area.x, bottom, truncate(&hint, w), theme.dim());
        if self.items.is_empty() {
            buf.set_string(area.x + 2, area.y + 2, truncate(t("trash.empty"), w.saturating_sub(2)), theme.dim());
            return;
        }
        // Columns: deleted (16), what (as wide as its widest kind: never
        // cut), name, customer; the name takes the rest. A cut name or
        // customer ends in `…`, and Enter reads the record in full.
        let cells: Vec<[String; 5]> = self.items.iter().map(|i| crate::text::trash_cells(clock, i)).collect();
        let what_w =
            cells.iter().map(|c| c[2].width()).chain(std::iter::once(t("trash.col_what").width())).max().unwrap_or(0);
        let cust_w = if w >= 100 { 30 } else { 16 };
        let fixed = 2 + 16 + 2 + what_w + 2 + 2 + cust_w;
        let name_w = w.saturating_sub(fixed).max(8);
        let row = |cells: [&str; 4]| {
            format!(
                "{}  {}  {}  {}",
                pad(cells[0], 16),
                pad(cells[1], what_w),
                pad(&ellipsize(cells[2], name_w), name_w),
                ellipsize(cells[3], cust_w)
            )
        };
        let head = row([t("trash.col_deleted"), t("trash.col_what"), t("trash.col_name"), t("trash.col_customer")]);
        buf.set_string(area.x, area.y + 1, truncate(&format!("  {head}"), w), theme.dim());
        let height = area.height.saturating_sub(3) as usize;
        let start = (self.selected + 1).saturating_sub(height);
        for (line, (i, [_, when, what, name, customer])) in
            cells.iter().enumerate().skip(start).take(height).enumerate()
        {
            let selected = i == self.selected;
            let text = format!("{}{}", if selected { "> " } else { "  " }, row([when, what, name, customer]));
            let style = if selected { theme.selected() } else { Style::new() };
            buf.set_string(area.x, area.y + 2 + line as u16, pad(&truncate(&text, w), w), style);
        }
    }
}

impl TrashView {
    /// `r` / Enter's yes: the question to ask before restoring the selected
    /// deleted record, saying when its customer comes back with it, and
    /// what a yes does.
    pub(super) fn question(&self, store: &crate::store::Store) -> Option<crate::Result<(String, Pending)>> {
        let item = self.selected_item()?;
        let table = schema::table(item.table)?;
        let (id, name) = (item.id.clone(), crate::text::one_line(&item.name).into_owned());
        let what = t(table.noun);
        let (message, with_customer) = match store.deleted_customer_of(table, &id) {
            Ok(Some(c)) => {
                (tf("trash.confirm_with_customer", &[("what", &what), ("name", &name), ("customer", &c.title())]), true)
            }
            Ok(None) => (tf("trash.confirm", &[("what", &what), ("name", &name)]), false),
            Err(e) => return Some(Err(e)),
        };
        Some(Ok((message, Pending::Restore { table, id, with_customer })))
    }

    /// Enter: the selected deleted record in full, to read (nothing to
    /// edit: `r` restores it first).
    pub(super) fn read(&self, store: &crate::store::Store) -> Option<crate::Result<super::read::ReadView>> {
        let item = self.selected_item()?;
        let table = schema::table(item.table)?;
        match store.get(table, &item.id) {
            Ok(Some(e)) => {
                // It says it is deleted; `e` has nothing to edit.
                let mut read = super::read::view_of(store, &e);
                read.target = None;
                Some(Ok(read))
            }
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}
