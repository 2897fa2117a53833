//! The keys of what is drawn over the screens (help, the palette, the
//! filter menu, questions, prompts, forms, read views), each resolved
//! through the keymap to the commands it declares, and what yes does.

use super::action::Action;
use super::app::App;
use super::list::Dim;
use super::overlay::{FilterMenu, Overlay, Pending};
use crate::domain::fields::Value;
use crate::domain::schema::VISIT;
use crate::i18n::{t, tf};
use crossterm::event::KeyEvent;

/// What the palette does with a key (the rest filters it).
const PALETTE_COMMANDS: &[Action] = &[Action::Back, Action::Up, Action::Down, Action::Open, Action::ClearLine];

/// What the filter menu does with a key.
const FILTER_COMMANDS: &[Action] = &[Action::Back, Action::Up, Action::Down, Action::Open];

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
}
