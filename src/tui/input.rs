//! Terminal events: keys (each resolved through the keymap to the
//! commands of what has them), the mouse when it is on, and pasted text.

use super::action::Action;
use super::app::App;
use super::dossier::DossierView;
use super::overlay::Overlay;
use super::screen::Screen;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};

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

    /// Insert pasted text, cleaned as the store will keep it (issue 8 §2):
    /// no control character or bidi override gets into an input, and only
    /// a multi-line field keeps line breaks.
    fn paste(&mut self, text: &str) {
        use crate::domain::clean::clean;
        let searching = self.searching();
        match &mut self.overlay {
            Some(Overlay::Form(form)) => {
                let field = form.focused();
                if !field.takes_text() {
                    return;
                }
                let multiline = field.spec.kind == crate::domain::fields::Kind::Long;
                field.input.insert_str(clean(text, multiline));
            }
            None if searching => {
                self.list.query.insert_str(clean(text, false));
                self.list.refresh();
            }
            _ => {}
        }
    }

    fn handle_mouse(&mut self, kind: MouseEventKind, x: u16, y: u16) {
        match kind {
            MouseEventKind::ScrollDown => self.dispatch(Action::Down),
            MouseEventKind::ScrollUp => self.dispatch(Action::Up),
            MouseEventKind::Down(MouseButton::Left) if self.overlay.is_none() && self.sheet.is_none() => {
                if let Some(d) = self.dossier_mut() {
                    if y == 1
                        && let Some(tab) = DossierView::tab_at(x)
                    {
                        d.tab = tab;
                        d.selected = 0;
                        d.scroll = 0;
                    }
                } else if self.home() {
                    // Today lists items by section; the wheel moves through them.
                } else if y >= 3 {
                    if let Some(pos) = self.list.position_at((y - 3) as usize) {
                        if pos == self.list.selected {
                            self.dispatch(Action::Open);
                        } else {
                            self.list.selected = pos;
                        }
                    }
                } else if y == 0 {
                    self.screen = Screen::List { searching: true };
                }
            }
            _ => {}
        }
    }

    /// Handle one key.
    pub fn handle_key(&mut self, key: KeyEvent) {
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
            self.dispatch(action);
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
}
