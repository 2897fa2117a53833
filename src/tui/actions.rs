//! What a screen action does: navigation between the screens, moving the
//! selection, opening what is selected, and `d` on what the row is. Forms
//! and writes are in `records.rs`, the keys of overlays in `dialogs.rs`.

use super::action::Action;
use super::app::App;
use super::dossier::{DossierView, Tab};
use super::outcome::Outcome;
use super::overlay::{FilterMenu, Overlay, Palette, Pending};
use super::screen::Screen;
use crate::i18n::{t, tf};

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
                a if super::sheet::LEAVE_SHEET.contains(&a) => self.sheet = None,
                // Never silence: say it does nothing here, and where the
                // keys that work are listed.
                a => return self.say(self.keymap.hint("tui.not_here", &[("what", a.describe().to_string())])),
            }
        }
        // The screen's component first: its own state, no store.
        let page = self.body_height().max(1) as isize;
        if !matches!(self.screen.component_mut(&mut self.today, &mut self.list).handle(action, page), Outcome::Pass) {
            return;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Palette => self.open_palette(),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.say(t(if self.mouse { "tui.mouse_on" } else { "tui.mouse_off" }).to_string());
            }
            Action::Back => match self.screen {
                Screen::Dossier { .. } => self.close_dossier(),
                Screen::List { .. } if !self.list.query_text().is_empty() => {
                    self.list.query = super::widgets::new_input(&self.keymap.hint("tui.search_placeholder", &[]));
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
            Action::Plan => self.run(|cx| super::daily::plan_visit(cx)),
            Action::Log => self.run(|cx| super::daily::log_visit(cx)),
            Action::LogCall => self.run(|cx| super::daily::log_call(cx)),
            Action::Complete => self.run(super::daily::complete_followup),
            Action::Snooze => self.run(|cx| super::daily::prompt_followup(cx, false)),
            Action::Undo => self.undo(),
            Action::Trash => self.open_trash(),
            Action::Week => self.open_week(),
            Action::WeekPlan => self.open_plan(),
            Action::Review => self.open_review(),
            Action::MonthTable => self.open_month(),
            Action::Funnel => self.open_funnel(),
            Action::Archive => self.open_care(),
            Action::Sync => self.open_sync(),
            Action::Import => self.prompt_import(),
            Action::Open => self.open(),
            Action::NextTab | Action::PrevTab => {
                if self.screen.on_today() {
                    self.screen = Screen::List { searching: false };
                } else {
                    self.screen = Screen::Today;
                }
            }
            Action::New => self.run(|cx| super::records::new_record(cx)),
            Action::Edit => self.run(|cx| super::records::edit_record(cx)),
            Action::Delete => self.delete_here(),
            Action::Filter => {
                if self.screen.on_list() {
                    self.overlay = Some(Overlay::Filter(FilterMenu { dim: None, selected: 0 }));
                }
            }
            // Taken by the screen's component where they mean something;
            // a form's, a question's or a sheet's: nothing on a screen.
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::ClearFilters
            | Action::Sort
            | Action::Save
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
            | Action::Backup
            | Action::PrevPeriod
            | Action::NextPeriod
            | Action::ToFollowup
            | Action::SyncImport
            | Action::SyncExport
            | Action::KeepKept
            | Action::KeepOther => {}
        }
    }

    /// The palette of the screen under it, described as help describes it.
    fn open_palette(&mut self) {
        let palette = Palette::new(self.commands(), self.place());
        self.overlay = Some(Overlay::Palette(Box::new(palette)));
    }

    /// `d`: what the selected row is goes (a follow-up is dropped with a
    /// reason, a plan on Today cancelled, a record deleted after a yes).
    pub(super) fn delete_here(&mut self) {
        let here = self.here();
        if let Some(why) = here.nothing_here(&self.store, &self.keymap, Action::Delete) {
            self.say(why);
        } else if here.current_followup().is_some() {
            self.run(|cx| super::daily::prompt_followup(cx, true));
        } else if self.screen.on_today() || here.on_agenda() {
            // On Today and the agenda `d` acts on what the row is (a
            // planned visit: cancel it), never on the customer it is about.
            if let Some(v) = here.current("visit").filter(|v| v.text("status") == Some("planned")) {
                let message = tf("tui.confirm_cancel_plan", &[("visit", &self.store.record_words(&v))]);
                self.overlay_confirm(message, Pending::Cancel { id: v.id });
            } else {
                let key = self.keymap.keys_of(Action::Delete).join("/");
                self.say(self.keymap.hint("tui.today_delete_nothing", &[("key", key)]));
            }
        } else if here.current("followup").is_none() {
            self.run(|cx| super::records::delete_record(cx));
        } else {
            // A closed follow-up is the record of what was done.
            self.say(t("tui.followup_closed_kept").to_string());
        }
    }

    pub(super) fn open(&mut self) {
        if let Some(d) = self.dossier() {
            // Enter reads: every field in full, `e` edits from there.
            let view = match d.tab {
                Tab::History => d.history_line(d.scroll).map(|(when, what)| super::read::ReadView::change(when, what)),
                _ => self
                    .here()
                    .target()
                    .and_then(|(table, id)| self.store.get(table, &id).ok().flatten())
                    .map(|e| super::read::view_of(&self.store, &e)),
            };
            if let Some(v) = view {
                self.overlay = Some(Overlay::Read(Box::new(v)));
            }
            return;
        }
        if self.home() {
            self.run(|cx| super::daily::open_today_item(cx));
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
                let mut view = DossierView::new(dossier, history, &self.store);
                // A deleted customer owes no contact.
                view.standing = view.dossier.customer.alive.then_some(standing);
                if let Some((tab, selected, scroll)) = tab {
                    view.tab = tab;
                    view.selected = selected.min(view.items().len().saturating_sub(1));
                    view.scroll = scroll;
                }
                self.screen.show_dossier(view);
            }
            Err(e) => self.fail(&e),
        }
    }
}
