//! The keys of what is drawn over the screens (help, the palette, the
//! filter menu, questions, prompts, forms, read views), each resolved
//! through the keymap to the commands it declares, and what yes does.

use super::action::Action;
use super::app::App;
use super::outcome::Outcome;
use super::overlay::{Overlay, Pending};
use crate::domain::fields::Value;
use crate::domain::schema::VISIT;
use crate::i18n::{t, tf};
use crossterm::event::KeyEvent;

impl App {
    pub(super) fn confirmed(&mut self, then: Pending) {
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

    /// Keys while an overlay is open: resolved to the commands it
    /// declares, handled by it, and what it asks for carried out.
    pub(super) fn overlay_key(&mut self, key: KeyEvent) {
        let mut overlay = match self.overlay.take() {
            None => return,
            Some(Overlay::Form(form)) => return self.form_key(form, key),
            Some(other) => other,
        };
        let action = self.keymap.action_in(key, overlay.commands(), overlay.takes_text());
        let outcome = self.handle_overlay(&mut overlay, action, key);
        self.carry_out(overlay, outcome);
    }

    fn handle_overlay(&self, overlay: &mut Overlay, action: Option<Action>, key: KeyEvent) -> Outcome {
        let page = self.body_height().max(1);
        match overlay {
            Overlay::Help { scroll } => {
                let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1.saturating_sub(1));
                let max = super::help::max_scroll(area, &self.keymap, self.commands());
                super::outcome::help(scroll, action, page, max)
            }
            Overlay::Palette(p) => p.handle(action, key),
            Overlay::Filter(menu) => menu.handle(action, &self.list),
            Overlay::Confirm { .. } => super::outcome::confirm(action),
            Overlay::Prompt(p) => p.handle(action, key),
            Overlay::Read(v) => v.handle(action, page.saturating_sub(4).max(1), self.read_size()),
            Overlay::Form(_) => Outcome::Keep,
        }
    }

    /// Do what an overlay asked for after an action.
    fn carry_out(&mut self, overlay: Overlay, outcome: Outcome) {
        match outcome {
            // Keep; a form's own outcomes are carried out in `form_key`.
            Outcome::Keep
            | Outcome::Save
            | Outcome::Editor
            | Outcome::ReadForm
            | Outcome::Template
            | Outcome::Discard
            | Outcome::Fixed
            | Outcome::Pass
            | Outcome::Reload
            | Outcome::Backup => self.overlay = Some(overlay),
            // Closing what was over a form goes back to the form.
            Outcome::Close => self.overlay = overlay.into_form().map(Overlay::Form),
            Outcome::Run(action) => self.dispatch(action),
            Outcome::Edit(table, id) => self.edit(table, &id),
            Outcome::Filter(dim, value) => self.list.set_filter(dim, value),
            Outcome::Yes => match overlay {
                Overlay::Confirm { then, form, .. } => {
                    let back = form.filter(|_| then != Pending::DiscardForm && then != Pending::Quit);
                    self.confirmed(then);
                    if let Some(f) = back {
                        self.overlay = Some(Overlay::Form(f));
                    }
                }
                Overlay::Prompt(p) => self.answer(p),
                other => self.overlay = Some(other),
            },
        }
    }
}
