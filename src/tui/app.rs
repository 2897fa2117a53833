//! The application: screens, overlays, key handling and store calls.

use super::action::Action;
use super::dossier::DossierView;
use super::form::Form;
use super::keymap::Keymap;
use super::list::ListView;
use super::overlay::{Overlay, Pending};
use super::rows::ListData;
use super::theme::Theme;
use crate::config::Config;
use crate::error::Result;
use crate::i18n::t;
use crate::store::Store;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use std::sync::mpsc::Receiver;

/// Below this size the app shows a message instead of screens.
pub const MIN_WIDTH: u16 = 50;
/// Below this size the app shows a message instead of screens.
pub const MIN_HEIGHT: u16 = 12;

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// The text.
    pub text: String,
    /// True for errors.
    pub error: bool,
}

/// The whole interface state.
pub struct App {
    /// The archive.
    pub store: Store,
    pub(super) config: Config,
    pub(super) keymap: Keymap,
    pub(super) theme: Theme,
    /// Shown in the status bar.
    pub label: String,
    /// The customer list (always there, under the dossier).
    pub list: ListView,
    /// The open dossier.
    pub dossier: Option<DossierView>,
    /// The open overlay.
    pub overlay: Option<Overlay>,
    /// The status bar message.
    pub status: Status,
    /// Mouse wheel and clicks on.
    pub mouse: bool,
    /// Set when the app should end.
    pub quit: bool,
    /// The terminal size at the last event.
    pub size: (u16, u16),
    /// A field waiting to be edited in `$VISUAL`/`$EDITOR`.
    pub wants_editor: bool,
    /// A form waiting under a confirmation.
    pub parked_form: Option<Box<Form>>,
    loader: Option<Receiver<Result<ListData>>>,
    db_path: Option<std::path::PathBuf>,
}

impl App {
    /// An app on `store`. With `db_path`, the full list loads in the
    /// background and the first page shows at once; without, it loads now.
    pub fn new(
        store: Store,
        config: Config,
        keymap: Keymap,
        label: String,
        theme: Theme,
        db_path: Option<std::path::PathBuf>,
    ) -> Result<App> {
        let mouse = config.ui.mouse;
        let list = if db_path.is_some() {
            ListView::new(
                ListData::load(&store, Some(200), &config.cadence, store.clock().today())?,
                false,
                store.clock().today(),
            )
        } else {
            ListView::new(
                ListData::load(&store, None, &config.cadence, store.clock().today())?,
                true,
                store.clock().today(),
            )
        };
        let mut app = App {
            store,
            config,
            keymap,
            theme,
            label,
            list,
            dossier: None,
            overlay: None,
            status: Status::default(),
            mouse,
            quit: false,
            size: (80, 24),
            wants_editor: false,
            parked_form: None,
            loader: None,
            db_path,
        };
        app.reload_list()?;
        Ok(app)
    }

    /// Reload the customer list: in the background for an archive file,
    /// at once for an in-memory one.
    pub fn reload_list(&mut self) -> Result<()> {
        if let Some(path) = &self.db_path {
            let (tx, rx) = std::sync::mpsc::channel();
            let cadence = self.config.cadence.clone();
            let today = self.store.clock().today();
            let path = path.clone();
            let clock: std::sync::Arc<dyn crate::clock::Clock> = std::sync::Arc::new(crate::clock::SystemClock);
            std::thread::spawn(move || {
                let data = Store::open(
                    &path,
                    crate::store::OpenMode::ReadOrWrite,
                    clock,
                    crate::domain::pinyin::Romanizer::default(),
                )
                .and_then(|s| ListData::load(&s, None, &cadence, today));
                let _ = tx.send(data);
            });
            self.loader = Some(rx);
        } else {
            let data = ListData::load(&self.store, None, &self.config.cadence, self.store.clock().today())?;
            self.list.replace(data, true);
        }
        Ok(())
    }

    /// Pick up a finished background load; true if something changed.
    pub fn tick(&mut self) -> bool {
        let Some(rx) = &self.loader else { return false };
        match rx.try_recv() {
            Ok(Ok(data)) => {
                self.list.replace(data, true);
                self.loader = None;
                true
            }
            Ok(Err(e)) => {
                self.fail(&e);
                self.loader = None;
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.loader = None;
                false
            }
        }
    }

    /// Wait for a background load (tests and benchmarks).
    pub fn wait_loaded(&mut self) {
        if let Some(rx) = self.loader.take()
            && let Ok(r) = rx.recv()
        {
            match r {
                Ok(data) => self.list.replace(data, true),
                Err(e) => self.fail(&e),
            }
        }
    }

    pub(super) fn say(&mut self, text: String) {
        self.status = Status { text, error: false };
    }

    pub(super) fn fail(&mut self, e: &crate::Error) {
        self.status = Status { text: e.to_string(), error: true };
    }

    pub(super) fn body_height(&self) -> usize {
        // Minus status bar, search, chips, header.
        self.size.1.saturating_sub(4) as usize
    }

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

    fn paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::Form(form)) => {
                form.focused().input.insert_str(text);
            }
            None if self.list.searching => {
                self.list.query.insert_str(text.replace(['\n', '\r'], " "));
                self.list.refresh();
            }
            _ => {}
        }
    }

    fn handle_mouse(&mut self, kind: MouseEventKind, x: u16, y: u16) {
        match kind {
            MouseEventKind::ScrollDown => self.dispatch(Action::Down),
            MouseEventKind::ScrollUp => self.dispatch(Action::Up),
            MouseEventKind::Down(MouseButton::Left) if self.overlay.is_none() => {
                if let Some(d) = &mut self.dossier {
                    if y == 1
                        && let Some(tab) = DossierView::tab_at(x)
                    {
                        d.tab = tab;
                        d.selected = 0;
                        d.scroll = 0;
                    }
                } else if y >= 3 {
                    if let Some(pos) = self.list.position_at((y - 3) as usize) {
                        if pos == self.list.selected {
                            self.dispatch(Action::Open);
                        } else {
                            self.list.selected = pos;
                        }
                    }
                } else if y == 0 {
                    self.list.searching = true;
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
        if self.list.searching && self.dossier.is_none() {
            self.search_key(key);
            return;
        }
        if let Some(action) = self.keymap.action(key) {
            self.dispatch(action);
        }
    }

    fn search_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Esc => {
                self.list.searching = false;
            }
            KeyCode::Enter => {
                self.list.searching = false;
                self.dispatch(Action::Open);
            }
            KeyCode::Up => self.list.move_by(-1),
            KeyCode::Down => self.list.move_by(1),
            KeyCode::PageUp => self.list.move_by(-(self.body_height() as isize)),
            KeyCode::PageDown => self.list.move_by(self.body_height() as isize),
            _ => {
                if self.list.query.input(key) {
                    self.list.selected = 0;
                    self.list.offset = 0;
                    self.list.refresh();
                }
            }
        }
        self.list.scroll_to_selection(self.body_height().saturating_sub(0));
    }

    pub(super) fn request_quit(&mut self) {
        if matches!(&self.overlay, Some(Overlay::Form(f)) if f.dirty()) {
            self.overlay_confirm(t("tui.confirm_quit_unsaved").to_string(), Pending::Quit);
        } else {
            self.quit = true;
        }
    }

    pub(super) fn overlay_confirm(&mut self, message: String, then: Pending) {
        // A confirmation over a form keeps the form to come back to.
        if let Some(Overlay::Form(form)) = self.overlay.take() {
            self.parked_form = Some(form);
        }
        self.overlay = Some(Overlay::Confirm { message, then });
    }
}
