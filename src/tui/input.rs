//! Terminal events, the one path of every key: resolved through the
//! keymap to the commands of what has the keys (the overlay, the form, the
//! search field, the sheet or the screen), handled by that component, and
//! the outcome it asks for carried out: every effect the free functions of
//! records, the daily loop, the sheets and the actions return is applied
//! here, in `App::apply`. Pasted text.

use super::action::Action;
use super::app::App;
use super::effect::{Effect, Effects};
use super::form::Form;
use super::outcome::Outcome;
use super::overlay::{Overlay, Pending};
use super::screen::Screen;
use super::sheet::Sheet;
use crate::i18n::{t, tf};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the search field does with a key (the rest is the query typed).
const SEARCH_COMMANDS: &[Action] =
    &[Action::Back, Action::Open, Action::Up, Action::Down, Action::ClearLine, Action::PageUp, Action::PageDown];

impl App {
    /// Handle one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(*k),
            Event::Resize(w, h) => self.size = (*w, *h),
            Event::Mouse(m) if self.mouse => self.handle_mouse(m.kind, m.column, m.row),
            Event::Paste(text) => self.paste(text),
            _ => {}
        }
    }

    /// Insert pasted text where typing goes (`overlay::paste`).
    fn paste(&mut self, text: &str) {
        let searching = self.searching();
        super::overlay::paste(&mut self.overlay, &mut self.list, searching, text);
    }

    /// Carry out an action on the current screen.
    pub fn dispatch(&mut self, action: Action) {
        let page = self.body_height().max(1) as isize;
        // The sheets take their keys; a few act as anywhere, a few leave
        // them; the rest wait until they are closed.
        if let Some(sheet) = &mut self.sheet {
            let parts = (&mut self.store, &self.config, &self.keymap);
            if let Some(effects) = super::sheet::act(sheet, parts, action, page) {
                return self.apply(effects);
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
        if !matches!(self.screen.component_mut(&mut self.today, &mut self.list).handle(action, page), Outcome::Pass) {
            return;
        }
        match action {
            Action::Quit => self.request_quit(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            // The palette of the screen under it, described as help describes it.
            Action::Palette => {
                let palette = super::overlay::Palette::new(self.commands(), self.place());
                self.overlay = Some(Overlay::Palette(Box::new(palette)));
            }
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
            Action::NextTab | Action::PrevTab if self.screen.on_today() => {
                self.screen = Screen::List { searching: false }
            }
            Action::Today | Action::NextTab | Action::PrevTab => self.screen = Screen::Today,
            Action::Filter if self.screen.on_list() => {
                self.overlay = Some(Overlay::Filter(super::overlay::FilterMenu { dim: None, selected: 0 }));
            }
            Action::Undo => {
                let effects = super::records::undo(&mut self.store, &mut self.undo_stack);
                self.apply(effects);
            }
            // What acts on the archive or the selection; the rest (a form's,
            // a question's, a sheet's keys) is nothing on a screen.
            action => self.run(|cx| super::actions::act(cx, action).unwrap_or_default()),
        }
    }

    /// Handle one key.
    pub fn handle_key(&mut self, key: KeyEvent) {
        // Ctrl-C is the terminal's own way out, not a binding: it quits (asking
        // if a form is unsaved) wherever the keys are and whatever `[keys]`
        // says, so a keymap can never lock the user in.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.request_quit();
            return;
        }
        if self.overlay.is_some() {
            self.overlay_key(key);
            return;
        }
        if self.searching() && self.sheet.is_none() {
            self.search_key(key);
            return;
        }
        if let Some(action) = self.keymap.action_in(key, self.commands(), false) {
            // A message belongs to where it was said: the next command
            // (other than moving the selection or asking for help) starts
            // from a clean status bar, and says its own.
            if !matches!(
                action,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::Top
                    | Action::Bottom
                    | Action::Help
            ) {
                self.status = super::app::Status::default();
            }
            self.dispatch(action);
        } else if let Some(action) = self.keymap.action(key) {
            // A command of other screens: never silence, say so.
            self.say(self.keymap.hint("tui.not_here", &[("what", action.describe().to_string())]));
        }
    }

    fn search_key(&mut self, key: KeyEvent) {
        match self.keymap.action_in(key, SEARCH_COMMANDS, true) {
            Some(Action::Back) => {
                self.screen = Screen::List { searching: false };
            }
            Some(Action::Open) => {
                self.screen = Screen::List { searching: false };
                self.dispatch(Action::Open);
            }
            Some(Action::Up) => self.list.move_by(-1),
            Some(Action::Down) => self.list.move_by(1),
            Some(Action::PageUp) => self.list.move_by(-(self.body_height() as isize)),
            Some(Action::PageDown) => self.list.move_by(self.body_height() as isize),
            action => {
                // A move keeps the old query (selected by `/`) to refine it.
                if matches!(key.code, KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End) {
                    self.list.query.cancel_selection();
                }
                let changed = if action == Some(Action::ClearLine) {
                    super::widgets::clear_line(&mut self.list.query);
                    true
                } else {
                    self.list.query.input(key)
                };
                if changed {
                    self.list.selected = 0;
                    self.list.offset = 0;
                    self.list.refresh();
                }
            }
        }
        self.list.scroll_to_selection(self.body_height().saturating_sub(0));
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
        let typed = |o: &Overlay| if let Overlay::Prompt(p) = o { Some(p.input.lines().join("\n")) } else { None };
        let before = typed(&overlay);
        let outcome = self.handle_overlay(&mut overlay, action, key);
        if let Overlay::Prompt(p) = &mut overlay
            && let super::overlay::PromptKind::ActCustomer(_, pick) = &mut p.kind
        {
            pick.refresh(&mut self.list, &p.input.lines().join(" "));
        }
        // What refused the last answer is stale once the answer changes.
        if self.status.error && before != typed(&overlay) {
            self.status = super::app::Status::default();
        }
        self.carry_out(overlay, outcome);
    }

    fn handle_overlay(&self, overlay: &mut Overlay, action: Option<Action>, key: KeyEvent) -> Outcome {
        let page = self.body_height().max(1);
        match overlay {
            Overlay::Help { scroll } => {
                let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1.saturating_sub(1));
                let max = super::help::max_scroll(area, &self.keymap, (self.commands(), self.place()));
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
            Outcome::Edit(table, id) => self.apply(vec![Effect::Edit(table, id)]),
            Outcome::Filter(dim, value) => self.list.set_filter(dim, value),
            Outcome::Yes => match overlay {
                Overlay::Confirm { then, form, .. } => {
                    let back = form.filter(|_| then != Pending::DiscardForm && then != Pending::Quit);
                    self.run(|cx| super::records::confirmed(cx, then));
                    if let Some(f) = back {
                        self.overlay = Some(Overlay::Form(f));
                    }
                }
                Overlay::Prompt(p) => match p.kind {
                    super::overlay::PromptKind::ActCustomer(..) => {
                        self.run(|cx| super::sheet::act_customer_chosen(cx, p));
                    }
                    super::overlay::PromptKind::Sync(_) => {
                        let effects = super::effect::sync_answer(&mut self.sheet, &mut self.store, &self.config, p);
                        self.apply(effects);
                    }
                    _ => self.run(|cx| super::daily::answer(cx, p)),
                },
                other => self.overlay = Some(other),
            },
        }
    }

    /// A key in the open form: the form handles it, the app does what it
    /// asks (save, the editor, a read view of it, a template, asking before
    /// its changes are thrown away).
    pub(super) fn form_key(&mut self, mut form: Box<Form>, key: KeyEvent) {
        let action = form.action_for(&self.keymap, key);
        match form.handle(action, key, self.store.clock().today()) {
            Outcome::Save => return self.run(|cx| super::records::save_form(cx, form)),
            Outcome::Editor => self.wants_editor = true,
            Outcome::ReadForm => {
                // Read the whole form, wrapped (a template's text, a long
                // note); closing the view comes back to the form as it was.
                let mut view = super::read::ReadView::of_form(&form);
                view.form = Some(form);
                self.overlay = Some(Overlay::Read(Box::new(view)));
                return;
            }
            Outcome::Template => {
                let n = form.apply_template(&self.templates);
                self.say(tf("tui.template_applied", &[("count", &n)]));
            }
            Outcome::Discard => {
                self.overlay = Some(Overlay::Form(form));
                self.overlay_confirm(t("tui.confirm_discard").to_string(), Pending::DiscardForm);
                return;
            }
            // Closed unchanged: what was said about it is said.
            Outcome::Close => return self.status = super::app::Status::default(),
            Outcome::Fixed => {
                self.status = match form.fields.iter().find_map(|f| f.error.clone()) {
                    Some(text) => super::app::Status { text, error: true },
                    None => super::app::Status::default(),
                };
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Form(form));
    }

    /// The focused form field's text and a setter, for `$EDITOR`.
    pub fn editor_text(&mut self) -> Option<String> {
        match &mut self.overlay {
            Some(Overlay::Form(form)) => Some(form.focused().text()),
            _ => None,
        }
    }

    /// Put text edited outside back into the focused form field.
    pub fn set_editor_text(&mut self, text: &str) {
        if let Some(Overlay::Form(form)) = &mut self.overlay {
            form.set_focused_text(text);
        }
    }

    /// How many Tabs move the open form's focus to `field` (tests).
    pub fn tabs_to_field(&self, field: &str) -> usize {
        match &self.overlay {
            Some(Overlay::Form(f)) => {
                let at = f.fields.iter().position(|x| x.spec.name == field).unwrap_or(0);
                (at + f.fields.len() - f.focus) % f.fields.len().max(1)
            }
            _ => 0,
        }
    }

    // What a component asks for, carried out.

    /// Run `f` over the parts of the app it needs, and carry out what it
    /// asks for.
    pub(super) fn run(&mut self, f: impl FnOnce(&mut super::effect::Ctx<'_>) -> Effects) {
        let effects = f(&mut self.ctx());
        self.apply(effects);
    }

    /// Carry out what a component or a command asked for, in order: the
    /// one place the app changes on their behalf.
    pub(super) fn apply(&mut self, effects: Effects) {
        for effect in effects {
            match effect {
                Effect::Say(text) => self.say(text),
                Effect::Fail(e) => self.fail(&e),
                Effect::Warn(text) => self.status = super::app::Status { text, error: true },
                Effect::Wrote(open) => self.after_write(open),
                Effect::Show(overlay) => self.overlay = Some(overlay),
                Effect::Confirm(question, then) => self.overlay_confirm(question, then),
                Effect::Edit(table, id) => {
                    let effects = super::records::edit(&self.store, &self.config, table, &id);
                    self.apply(effects);
                }
                Effect::Sheet(sheet) => self.sheet = sheet,
                Effect::ReloadSheet => self.reload_sheet(),
                Effect::Care => {
                    let effects = super::sheet::care(self.db_path.as_deref());
                    self.apply(effects);
                }
                Effect::Row(action) => self.run(|cx| super::actions::on_row(cx, action)),
                Effect::Dossier(id) => self.open_dossier(&id),
                Effect::Tab(tab, record) => {
                    if let Some(d) = self.screen.dossier_mut() {
                        d.tab = tab;
                        d.selected = record.and_then(|id| d.items().iter().position(|e| e.id == id)).unwrap_or(0);
                    }
                }
                Effect::CloseDossier => self.close_dossier(),
                Effect::ClampDossier => {
                    if let Some(d) = self.screen.dossier_mut() {
                        d.selected = d.selected.min(d.items().len().saturating_sub(1));
                    }
                }
                Effect::PlanAccepted => {
                    if let Some(Sheet::Plan(view)) = &mut self.sheet {
                        view.accepted();
                    }
                }
                Effect::RestoreBackup(path) => self.restore_backup(&path),
                Effect::Quit => self.quit = true,
            }
        }
    }
}
