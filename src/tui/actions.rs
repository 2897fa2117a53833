//! What actions do: navigation, overlays, forms and the store calls behind
//! them. Every write goes through the store and is followed by a reload of
//! what the screens show.

use super::action::Action;
use super::app::App;
use super::dossier::{DossierView, Tab};
use super::form::Form;
use super::list::Dim;
use super::overlay::{FilterMenu, Overlay, Palette, Pending};
use super::screen::Screen;
use crate::domain::fields::Value;
use crate::domain::schema::{CUSTOMER, PERSON, Table, VISIT};
use crate::i18n::{t, tf};
use crossterm::event::KeyEvent;

/// What the palette does with a key (the rest filters it).
const PALETTE_COMMANDS: &[Action] = &[Action::Back, Action::Up, Action::Down, Action::Open, Action::ClearLine];

/// What the filter menu does with a key.
const FILTER_COMMANDS: &[Action] = &[Action::Back, Action::Up, Action::Down, Action::Open];

impl App {
    /// Carry out an action on the current screen.
    pub fn dispatch(&mut self, action: Action) {
        // The Trash and the week view take their keys; a few act as
        // anywhere, a few leave them; the rest wait until they are closed.
        if self.sheet.is_some() {
            if self.sheet_action(action) {
                return;
            }
            match action {
                Action::Quit | Action::Help | Action::Palette | Action::Undo | Action::ToggleMouse => {}
                Action::Today | Action::Search | Action::Trash | Action::Week | Action::Archive => self.sheet = None,
                _ => return,
            }
        }
        let page = self.body_height().max(1) as isize;
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Palette => self.overlay = Some(Overlay::Palette(Box::new(Palette::new()))),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.say(t(if self.mouse { "tui.mouse_on" } else { "tui.mouse_off" }).to_string());
            }
            Action::Back => match self.screen {
                Screen::Dossier { .. } => self.close_dossier(),
                Screen::List { .. } if !self.list.query_text().is_empty() => {
                    self.list.query = super::widgets::new_input(t("tui.search_placeholder"));
                    self.list.refresh();
                }
                Screen::List { .. } => self.screen = Screen::Today,
                Screen::Today => {}
            },
            Action::Search => {
                self.screen = Screen::List { searching: true };
                // A new query, with the old one selected: typing replaces
                // it, → or End keeps it to refine.
                if !self.list.query_text().is_empty() {
                    self.list.query.select_all();
                }
            }
            Action::Today => self.screen = Screen::Today,
            Action::Plan => self.plan_visit(),
            Action::Log => self.log_visit(),
            Action::LogCall => self.log_call(),
            Action::Complete => self.complete_followup(),
            Action::Snooze => self.prompt_followup(false),
            Action::Undo => self.undo(),
            Action::Trash => self.open_trash(),
            Action::Week => self.open_week(),
            Action::Archive => self.open_care(),
            Action::Open => self.open(),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::Top => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                if let Some(d) = self.dossier_mut() {
                    d.move_by(delta);
                } else if self.home() {
                    self.today.move_by(delta.clamp(-10_000, 10_000));
                } else {
                    match action {
                        Action::Top => self.list.jump(false),
                        Action::Bottom => self.list.jump(true),
                        _ => self.list.move_by(delta),
                    }
                    self.list.scroll_to_selection(self.body_height());
                }
            }
            Action::NextTab | Action::PrevTab => {
                if let Some(d) = self.dossier_mut() {
                    d.switch(if action == Action::NextTab { 1 } else { -1 });
                } else if self.on_today() {
                    self.screen = Screen::List { searching: false };
                } else {
                    self.screen = Screen::Today;
                }
            }
            Action::New => self.new_record(),
            Action::Edit => self.edit_record(),
            Action::Delete => {
                if self.current_followup().is_some() {
                    self.prompt_followup(true);
                } else if self.on_today() {
                    // On Today `d` acts on what the row is (a planned
                    // visit: cancel it), never on the customer it is about.
                    if let Some(v) = self.current("visit").filter(|v| v.text("status") == Some("planned")) {
                        let message = tf("tui.confirm_cancel_plan", &[("visit", &self.record_words(&v))]);
                        self.overlay_confirm(message, Pending::Cancel { id: v.id });
                    } else {
                        let key = self.keymap.keys_of(Action::Delete).join("/");
                        self.say(tf("tui.today_delete_nothing", &[("key", &key)]));
                    }
                } else if self.current("followup").is_none() {
                    self.delete_record();
                }
            }
            Action::Filter => {
                if self.on_list() {
                    self.overlay = Some(Overlay::Filter(FilterMenu { dim: None, selected: 0 }));
                }
            }
            Action::ClearFilters => {
                self.list.filters.clear();
                self.list.refresh();
            }
            Action::Sort => {
                if self.on_list() {
                    self.list.cycle_sort();
                }
            }
            // A form's, a question's or a sheet's: nothing on a screen.
            Action::Save
            | Action::Editor
            | Action::ReadForm
            | Action::Template
            | Action::NextField
            | Action::PrevField
            | Action::ChoiceNext
            | Action::ChoicePrev
            | Action::Toggle
            | Action::ClearLine
            | Action::Yes
            | Action::No
            | Action::Restore
            | Action::Backup => {}
        }
    }

    fn open(&mut self) {
        if let Some(d) = self.dossier() {
            // Enter reads: every field in full, `e` edits from there.
            let view = match d.tab {
                Tab::History => d.history_line(d.scroll).map(|(when, what)| super::read::ReadView::change(when, what)),
                _ => self
                    .target()
                    .and_then(|(table, id)| self.store.get(table, &id).ok().flatten())
                    .map(|e| self.read_view_of(&e)),
            };
            if let Some(v) = view {
                self.overlay = Some(Overlay::Read(Box::new(v)));
            }
            return;
        }
        if self.home() {
            self.open_today_item();
            return;
        }
        let Some(id) = self.list.selected_id() else { return };
        self.open_dossier(&id);
    }

    /// Load and show a dossier.
    pub fn open_dossier(&mut self, id: &str) {
        let tab = self.dossier().filter(|d| d.id() == id).map(|d| (d.tab, d.selected, d.scroll));
        let today = self.store.clock().today();
        let loaded = self.store.dossier(id).and_then(|d| {
            let standing = self.store.standing(&self.config.cadence, &d.customer, today)?;
            Ok((d, self.store.history(id)?, standing))
        });
        match loaded {
            Ok((dossier, history, standing)) => {
                let mut view = DossierView::new(dossier, history, self.store.clock());
                // A deleted customer owes no contact.
                view.standing = view.dossier.customer.alive.then_some(standing);
                if let Some((tab, selected, scroll)) = tab {
                    view.tab = tab;
                    view.selected = selected.min(view.items().len().saturating_sub(1));
                    view.scroll = scroll;
                }
                self.show_dossier(view);
            }
            Err(e) => self.fail(&e),
        }
    }

    /// The table and record the current selection points at.
    fn target(&self) -> Option<(&'static Table, String)> {
        match self.dossier() {
            Some(d) => match d.tab.table() {
                Some(table) => d.selected_item().map(|e| (table, e.id.clone())),
                None => Some((&CUSTOMER, d.id().to_string())),
            },
            None => self.current_customer().map(|id| (&CUSTOMER, id)),
        }
    }

    fn new_record(&mut self) {
        let (table, parent) = match self.dossier() {
            None => (&CUSTOMER, None),
            Some(d) => (d.tab.table().unwrap_or(&PERSON), Some(d.id().to_string())),
        };
        let title = match self.dossier() {
            Some(d) => tf("tui.form_new_in", &[("what", &t(table.noun)), ("customer", &d.dossier.customer.title())]),
            None => tf("tui.form_new", &[("what", &t(table.noun))]),
        };
        let today = self.store.clock().today();
        let defaults = move |f: &str| crate::domain::defaults::default_of(table.name, today, f);
        let mut form = Form::new(table, None, parent.clone(), title, &defaults);
        if let (Some(customer), "visit") = (&parent, table.name) {
            form.visits = self.store.children(table, customer).unwrap_or_default();
        }
        self.overlay = Some(Overlay::Form(Box::new(form)));
    }

    fn edit_record(&mut self) {
        let Some((table, id)) = self.target() else { return };
        self.edit(table, &id);
    }

    /// Open the edit form of one record.
    pub(super) fn edit(&mut self, table: &'static Table, id: &str) {
        let id = id.to_string();
        match self.store.snapshot(table, &id) {
            Ok(seen) => {
                let e = &seen.entity;
                let title = tf("tui.form_edit", &[("what", &t(table.noun)), ("name", &self.record_words(e))]);
                let mut form = Form::new(table, Some(id), None, title, &|f| e.get(f).clone());
                form.allow_for(Some(e));
                if table.name == "visit" {
                    form.visits = self.store.children(table, e.text_or_empty("customer_id")).unwrap_or_default();
                }
                if let Some(f) = form.fields.iter_mut().find(|f| f.shown.is_some()) {
                    f.shown = Some(self.ref_words(e).unwrap_or_default());
                }
                form.seen = Some(seen);
                self.overlay = Some(Overlay::Form(Box::new(form)));
            }
            Err(crate::Error::NotFound { .. }) => {}
            Err(e) => self.fail(&e),
        }
    }

    fn delete_record(&mut self) {
        let Some((table, id)) = self.target() else { return };
        self.confirm_delete(table, id);
    }

    fn confirm_delete(&mut self, table: &'static Table, id: String) {
        let name = match self.store.get(table, &id) {
            Ok(Some(e)) => self.record_words(&e),
            _ => return,
        };
        let message = tf("tui.confirm_delete", &[("what", &t(table.noun)), ("name", &name)]);
        self.overlay_confirm(message, Pending::Delete { table, id });
    }

    /// Write a saved form, then reload.
    pub(super) fn save_form(&mut self, mut form: Box<Form>) {
        let today = self.store.clock().today();
        let values = match form.collect(today) {
            Ok(v) => v,
            Err(e) => {
                self.fail(&e);
                self.overlay = Some(Overlay::Form(form));
                return;
            }
        };
        if self.warn_close_name(&mut form, &values) {
            self.overlay = Some(Overlay::Form(form));
            return;
        }
        if let Some(result) = self.save_log(&form, values.clone()) {
            match result {
                Ok(()) => self.after_write(None),
                Err(e) => {
                    self.fail(&e);
                    self.overlay = Some(Overlay::Form(form));
                }
            }
            return;
        }
        let (table, id, parent) = (form.table, form.id.clone(), form.parent.clone());
        let seen = form.seen.clone();
        let mut said = t("tui.saved").to_string();
        let result = self.store.write(|w| {
            if let Some(seen) = &seen
                && std::ptr::eq(table, &raw const crate::domain::schema::VISIT)
            {
                // A visit's edit may make follow-ups of its steps: say which.
                let edit = w.edit_visit(seen, &values)?;
                said.push_str(&super::daily::steps_message(&edit.followups, &edit.no_longer_steps));
                Ok(seen.entity.id.clone())
            } else if let Some(seen) = &seen {
                w.update_from(seen, &values).map(|_| seen.entity.id.clone())
            } else if let Some(id) = &id {
                w.update(table, id, &values).map(|_| id.clone())
            } else {
                let mut all = values.clone();
                if let Some(p) = &parent {
                    all.insert(0, ("customer_id", Value::Text(p.clone())));
                }
                w.insert(table, &all)
            }
        });
        match result {
            Ok(new_id) => {
                self.say(said);
                self.after_write(if table.name == "customer" { Some(new_id) } else { None });
            }
            Err(e) => {
                self.fail(&e);
                self.overlay = Some(Overlay::Form(form));
            }
        }
    }

    fn confirmed(&mut self, then: Pending) {
        match then {
            Pending::Quit => self.quit = true,
            Pending::DiscardForm => {}
            Pending::Restore { table, id, with_customer } => self.restore(table, &id, with_customer),
            Pending::RestoreBackup(path) => self.restore_backup(&path),
            Pending::Cancel { id } => {
                match self.store.write(|w| w.update(&VISIT, &id, &[("status", Value::Text("cancelled".into()))])) {
                    Ok(_) => {
                        self.say(t("tui.plan_cancelled").to_string());
                        self.after_write(None);
                    }
                    Err(e) => self.fail(&e),
                }
            }
            Pending::Delete { table, id } => match self.store.write(|w| w.set_alive(table, &id, false)) {
                Ok(_) => {
                    self.say(tf("tui.deleted_msg", &[("what", &t(table.noun))]));
                    if table.name == "customer" {
                        self.close_dossier();
                    }
                    self.after_write(None);
                    if let Some(d) = self.dossier_mut() {
                        d.selected = d.selected.min(d.items().len().saturating_sub(1));
                    }
                }
                Err(e) => self.fail(&e),
            },
        }
    }

    /// Keys while an overlay is open.
    pub(super) fn overlay_key(&mut self, key: KeyEvent) {
        let Some(overlay) = self.overlay.take() else { return };
        match overlay {
            Overlay::Help { scroll } => {
                let action = self.keymap.action_in(key, super::help::HELP_COMMANDS, false);
                let page = self.body_height().max(1);
                let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1.saturating_sub(1));
                let max = super::help::max_scroll(area, &self.keymap, self.commands());
                self.overlay =
                    super::help::scrolled(scroll, action, page).map(|scroll| Overlay::Help { scroll: scroll.min(max) });
            }
            Overlay::Confirm { message, then, form } => {
                match self.keymap.action_in(key, &[Action::Yes, Action::No], false) {
                    Some(Action::Yes) => {
                        let back = form.filter(|_| then != Pending::DiscardForm && then != Pending::Quit);
                        self.confirmed(then);
                        if let Some(f) = back {
                            self.overlay = Some(Overlay::Form(f));
                        }
                    }
                    Some(_) => self.overlay = form.map(Overlay::Form),
                    None => self.overlay = Some(Overlay::Confirm { message, then, form }),
                }
            }
            Overlay::Palette(mut p) => match self.keymap.action_in(key, PALETTE_COMMANDS, true) {
                Some(Action::Back) => {}
                Some(Action::Up) => {
                    p.selected = p.selected.saturating_sub(1);
                    self.overlay = Some(Overlay::Palette(p));
                }
                Some(Action::Down) => {
                    p.selected = (p.selected + 1).min(p.matches().len().saturating_sub(1));
                    self.overlay = Some(Overlay::Palette(p));
                }
                Some(Action::Open) => {
                    if let Some(a) = p.matches().get(p.selected) {
                        self.dispatch(*a);
                    }
                }
                Some(_) => {
                    super::widgets::clear_line(&mut p.input);
                    p.selected = 0;
                    self.overlay = Some(Overlay::Palette(p));
                }
                None => {
                    if p.input.input(key) {
                        p.selected = 0;
                    }
                    self.overlay = Some(Overlay::Palette(p));
                }
            },
            Overlay::Filter(mut menu) => {
                let n = menu.entries(&self.list).len();
                match self.keymap.action_in(key, FILTER_COMMANDS, false) {
                    Some(Action::Back) if menu.dim.is_some() => {
                        self.overlay = Some(Overlay::Filter(FilterMenu { dim: None, selected: 0 }));
                    }
                    Some(Action::Back) => {}
                    Some(Action::Up) => {
                        menu.selected = menu.selected.saturating_sub(1);
                        self.overlay = Some(Overlay::Filter(menu));
                    }
                    Some(Action::Down) => {
                        menu.selected = (menu.selected + 1).min(n.saturating_sub(1));
                        self.overlay = Some(Overlay::Filter(menu));
                    }
                    Some(Action::Open) => match menu.dim {
                        None => {
                            let dim = Dim::ALL[menu.selected.min(Dim::ALL.len() - 1)];
                            self.overlay = Some(Overlay::Filter(FilterMenu { dim: Some(dim), selected: 0 }));
                        }
                        Some(dim) => {
                            let value = menu.entries(&self.list).get(menu.selected).map(|(v, _)| v.clone());
                            self.list.set_filter(dim, value.filter(|v| !v.is_empty()));
                        }
                    },
                    _ => self.overlay = Some(Overlay::Filter(menu)),
                }
            }
            Overlay::Form(form) => self.form_key(form, key),
            Overlay::Read(view) => self.read_key(view, key),
            Overlay::Prompt(p) => self.prompt_key(p, key),
        }
    }

    /// The tab of the open dossier, if any (tests).
    pub fn tab(&self) -> Option<Tab> {
        self.dossier().map(|d| d.tab)
    }
}
