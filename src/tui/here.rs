//! What the selection is about, read from the screen, Today, the list and
//! the sheet over them: the customer, the record, the target of `e` and
//! `d`. Read-only, so the functions that act on it can hold the archive
//! mutably beside it.

use super::action::Action;
use super::dossier::{DossierView, Tab};
use super::keymap::Keymap;
use super::list::ListView;
use super::screen::{Home, Screen};
use super::sheet::Sheet;
use super::today::{Item, TodayView};
use crate::domain::entity::Entity;
use crate::domain::schema::{CUSTOMER, Table};
use crate::i18n::{t, tf};
use crate::store::Store;

/// The parts of the app that say what is selected.
#[derive(Clone, Copy)]
pub(super) struct Here<'a> {
    /// The screen shown.
    pub screen: &'a Screen,
    /// Today (kept across screens).
    pub today: &'a TodayView,
    /// The customer list (kept across screens).
    pub list: &'a ListView,
    /// The sheet over the screen.
    pub sheet: Option<&'a Sheet>,
}

impl<'a> Here<'a> {
    /// The open dossier, if the screen is one.
    pub fn dossier(&self) -> Option<&'a DossierView> {
        self.screen.dossier()
    }

    /// True when Today is the screen, or the one under the dossier.
    pub fn home(&self) -> bool {
        self.screen.home() == Home::Today
    }

    /// True while the agenda (the week view) is open: `c`, `z`, `l` and
    /// `d` then act on its selected row only, never on what Today or the
    /// dossier under it has selected.
    pub fn on_agenda(&self) -> bool {
        matches!(self.sheet, Some(Sheet::Week(_)))
    }

    /// The record selected on the agenda, when it is open and shows one.
    fn agenda_item(&self) -> Option<&'a Entity> {
        match self.sheet {
            Some(Sheet::Week(view)) => view.selected_visit(),
            _ => None,
        }
    }

    /// The customer the selection is about (dossier, Today item, list row).
    pub fn current_customer(&self) -> Option<String> {
        // On the agenda (or the plan) only its row counts: none shown, none
        // acted on.
        if self.on_agenda() {
            return self.agenda_item().and_then(|e| e.text("customer_id")).map(str::to_string);
        }
        if let Some(Sheet::Plan(view)) = self.sheet {
            return view.selected_visit().and_then(|e| e.text("customer_id")).map(str::to_string);
        }
        match self.dossier() {
            Some(d) => Some(d.id().to_string()),
            None if self.home() => self.today.selected_item().map(|i| i.customer().to_string()),
            None => self.list.selected_id(),
        }
    }

    /// The record of `table` the selection points at, if any.
    pub fn current(&self, table: &str) -> Option<Entity> {
        if self.on_agenda() {
            return self.agenda_item().filter(|e| e.table.name == table).cloned();
        }
        if let Some(Sheet::Plan(view)) = self.sheet {
            return view.selected_visit().filter(|e| e.table.name == table).cloned();
        }
        match self.dossier() {
            Some(d) => d.selected_item().filter(|e| e.table.name == table).cloned(),
            None if self.home() => match self.today.selected_item()? {
                Item::Followup(f) | Item::Upcoming(f) if table == "followup" => Some(f.entity()),
                Item::Planned(e) | Item::Unlogged(e) if table == "visit" => Some(e.as_ref().clone()),
                _ => None,
            },
            None => None,
        }
    }

    /// The selected follow-up, if it is still open or snoozed.
    pub fn current_followup(&self) -> Option<Entity> {
        self.current("followup").filter(crate::domain::followup::is_active)
    }

    /// The table and record the current selection points at.
    pub fn target(&self) -> Option<(&'static Table, String)> {
        match self.dossier() {
            Some(d) => match (d.tab, d.tab.table()) {
                (_, Some(table)) => d.selected_item().map(|e| (table, e.id.clone())),
                // A History line is about the record it names, not
                // (unless it names it) the customer.
                (Tab::History, None) => d.history_record().map(|(table, id)| (table, id.to_string())),
                (_, None) => Some((&CUSTOMER, d.id().to_string())),
            },
            // On Today a row is its record: a visit, a follow-up, a person's
            // birthday; an overdue customer is the customer.
            None if self.screen.on_today() => self.today.selected_item().map(|item| match item {
                Item::Planned(e) | Item::Unlogged(e) => (e.table, e.id.clone()),
                Item::Followup(f) | Item::Upcoming(f) => (&crate::domain::schema::FOLLOWUP, f.id().to_string()),
                Item::Birthday(b) => (&crate::domain::schema::PERSON, b.person_id.clone()),
                Item::Overdue(s) => (&CUSTOMER, s.id.clone()),
            }),
            None => self.current_customer().map(|id| (&CUSTOMER, id)),
        }
    }

    /// Why `action` (new, edit, delete, open) does nothing on the open
    /// dossier's tab, if it does nothing there: History records changes and
    /// is not edited, added to or deleted (`e` edits the record a line is
    /// about while it exists); an empty tab has nothing selected to edit,
    /// delete or open.
    pub fn nothing_here(&self, store: &Store, keymap: &Keymap, action: Action) -> Option<String> {
        if self.sheet.is_some() {
            return None;
        }
        let d = self.dossier()?;
        let tab = d.tab.label();
        let empty = || keymap.hint("tui.tab_nothing_selected", &[("tab", tab.to_string())]);
        match (d.tab, action) {
            (Tab::History, Action::New) => Some(keymap.hint("tui.history_no_new", &[])),
            (Tab::History, Action::Delete) => Some(keymap.hint("tui.history_no_delete", &[])),
            (Tab::History, Action::Edit) => {
                let Some((table, id)) = d.history_record() else { return Some(empty()) };
                let what = t(table.noun).to_string();
                match store.get(table, id) {
                    Ok(Some(e)) if e.alive => None,
                    Ok(Some(_)) => Some(keymap.hint("tui.history_record_deleted", &[("what", what)])),
                    _ => Some(tf("tui.history_record_gone", &[("what", &what)])),
                }
            }
            (tab, Action::Edit | Action::Delete) if tab.table().is_some() && d.selected_item().is_none() => {
                Some(empty())
            }
            // Enter on an empty tab: nothing to open, and how to add one.
            (tab, Action::Open) if tab.table().is_some() && d.selected_item().is_none() => {
                Some(keymap.hint("tui.tab_nothing_to_open", &[("tab", tab.label().to_string())]))
            }
            _ => None,
        }
    }
}
