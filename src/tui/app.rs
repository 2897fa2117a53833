//! The application: its state, the background loads, status messages.

use super::form::Form;
use super::keymap::Keymap;
use super::list::ListView;
use super::overlay::{Overlay, Pending};
use super::rows::ListData;
use super::theme::Theme;
use super::today::TodayView;
use crate::config::Config;
use crate::error::Result;
use crate::i18n::t;
use crate::store::Agenda;
use crate::store::Store;
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
// Independent flags of UI state (home screen, mouse, quit, editor request).
#[allow(clippy::struct_excessive_bools)]
pub struct App {
    /// The archive.
    pub store: Store,
    pub(super) config: Config,
    pub(super) keymap: Keymap,
    pub(super) theme: Theme,
    /// Shown in the status bar.
    pub label: String,
    /// The customer list.
    pub list: ListView,
    /// The Today screen.
    pub today: TodayView,
    /// Where the user is: Today, the list (searching or not), a dossier.
    pub screen: super::screen::Screen,
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
    /// Visit preparation templates.
    pub templates: crate::domain::templates::Templates,
    /// Follow-ups from dated facts still to be made (after the first frame).
    pending_generate: bool,
    /// Background loads under way: generation, whether it loads the whole
    /// list, and where its result arrives.
    pub(super) loaders: Vec<(u64, bool, Receiver<Loaded>)>,
    /// Generations: of the last load started, and of the list and the
    /// agenda now shown (an older load landing late is ignored).
    pub(super) generation: (u64, u64, u64),
    pub(super) db_path: Option<std::path::PathBuf>,
    /// How far this interface has seen the change log (see `refresh.rs`).
    pub(super) mark: crate::store::WriteMark,
    /// Customers changed while a full load was under way: patched again
    /// when it lands, since it may have read them before the change.
    pub(super) stale: std::collections::BTreeSet<String>,
    /// When the archive was last checked for writes made elsewhere.
    pub(super) last_watch: std::time::Instant,
    /// The Trash or the week view, over the screen.
    pub sheet: Option<super::sheet::Sheet>,
    /// Why the interface had to stop (said after the terminal is back).
    pub fatal: Option<String>,
    /// This session's writes not yet undone, oldest first (`u`).
    pub(super) undo_stack: Vec<i64>,
    /// A reloaded list searchable before its facts, kept aside while the
    /// list shown has its facts (its load's generation).
    pub(super) early: Option<(u64, Box<ListData>)>,
}

/// What a background loader hands back: the whole list (first its names
/// and search index alone, then with the rows' facts), or the agenda.
pub(super) enum Loaded {
    Searchable(Box<ListData>),
    /// The rows' facts of a searchable list, and the deleted customers.
    Facts(Box<ListData>, Vec<crate::domain::entity::Entity>),
    Full(Result<Box<ListData>>),
    Agenda(Result<Agenda>),
    /// The archive checked (and the day's backup made) before the first
    /// write, and how many follow-ups dated facts called for.
    Prepared(Result<usize>),
}

impl App {
    /// An app on `store`. With `db_path`, the full list and today's agenda
    /// load on a second thread and the first page of the list shows at once;
    /// without, everything loads now.
    pub fn new(
        store: Store,
        config: Config,
        keymap: Keymap,
        label: String,
        theme: Theme,
        db_path: Option<std::path::PathBuf>,
    ) -> Result<App> {
        let mut store = store;
        store.set_stages(config.funnel.stages());
        let mouse = config.ui.mouse;
        let today = store.clock().today();
        // Birthdays, payment and delivery dates become follow-ups: now for
        // an in-memory archive, right after the first frame for a file.
        let generated = if db_path.is_none() { store.generate_followups(today).map(|_| ()) } else { Ok(()) };
        let pending_generate = db_path.is_some();
        let first = if db_path.is_some() { Some(200) } else { None };
        let mark = store.write_mark()?;
        let mut list = ListView::new(ListData::load(&store, first, &config.cadence, today)?, first.is_none(), today);
        // The first page read every customer's row and last contact to
        // pick the first 200 by name (2 MB of pages at 100k customers);
        // the interface's connection keeps none of them.
        if first.is_some() {
            store.release_cache()?;
        }
        list.name_search_key(&keymap);
        let mut app = App {
            store,
            config,
            keymap,
            theme,
            label,
            list,
            today: TodayView::default(),
            screen: super::screen::Screen::Today,
            overlay: None,
            status: Status::default(),
            mouse,
            quit: false,
            size: (80, 24),
            wants_editor: false,
            templates: crate::domain::templates::Templates::default(),
            pending_generate,
            loaders: Vec::new(),
            generation: (0, 0, 0),
            db_path,
            mark,
            stale: std::collections::BTreeSet::new(),
            last_watch: std::time::Instant::now(),
            sheet: None,
            fatal: None,
            undo_stack: Vec::new(),
            early: None,
        };
        // Follow-ups made from dated facts are not the rep's to undo.
        let _ = app.store.take_written();
        if let Err(e) = generated {
            app.fail(&e);
        }
        match crate::config::load_templates() {
            Ok(t) => app.templates = t,
            Err(e) => app.fail(&e),
        }
        app.reload_list()?;
        Ok(app)
    }

    /// True while a full load of the list is under way.
    pub(super) fn list_loading(&self) -> bool {
        self.loaders.iter().any(|(_, full, _)| *full)
    }

    /// Pick up a finished background load, and make the follow-ups dated
    /// facts call for once the first frame is up; true if something changed.
    pub fn tick(&mut self) -> bool {
        let outside = self.watch_outside();
        if std::mem::take(&mut self.pending_generate) {
            let today = self.store.clock().today();
            if self.db_path.is_some() {
                // The integrity check and the day's backup take a while on a
                // large archive: on a second thread, not before a key.
                let keep = self.config.backup.keep;
                self.in_background(false, move |s, _| {
                    s.keep_daily_backups(keep);
                    Loaded::Prepared(s.prepare_for_writing().and_then(|()| s.generate_followups(today)))
                });
                return outside;
            }
            match self.store.generate_followups(today) {
                Ok(0) => {}
                Ok(_) => {
                    let _ = self.store.take_written();
                    self.after_write(None);
                }
                Err(e) => self.fail(&e),
            }
        }
        let mut changed = outside;
        let mut still = Vec::new();
        for (generation, full, rx) in std::mem::take(&mut self.loaders) {
            match rx.try_recv() {
                Ok(loaded) => {
                    // A list searchable early: its facts are still to come.
                    if matches!(loaded, Loaded::Searchable(_)) {
                        still.push((generation, full, rx));
                    }
                    self.take_loaded(generation, loaded);
                    changed = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => still.push((generation, full, rx)),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {}
            }
        }
        self.loaders.extend(still);
        // The query's hits counted a slice at a time (the run loop asks
        // for more slices while no key waits).
        changed |= self.list.advance();
        changed
    }

    /// Use other key bindings from now on (help and hints follow them).
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.list.name_search_key(&keymap);
        self.keymap = keymap;
    }

    pub(super) fn say(&mut self, text: String) {
        self.status = Status { text, error: false };
    }

    pub(super) fn fail(&mut self, e: &crate::Error) {
        // Damage found in the middle of work names the file and its backup.
        let text = match (&self.db_path, e) {
            (Some(db), crate::Error::Damaged { path: None, cause, .. }) => {
                crate::Error::Damaged { path: None, backup: None, cause: cause.clone() }.located(db).to_string()
            }
            _ => e.to_string(),
        };
        self.status = Status { text, error: true };
    }

    pub(super) fn body_height(&self) -> usize {
        // Minus status bar, search, chips, header.
        self.size.1.saturating_sub(4) as usize
    }

    pub(super) fn request_quit(&mut self) {
        if self.open_form().is_some_and(Form::dirty) {
            self.overlay_confirm(t("tui.confirm_quit_unsaved").to_string(), Pending::Quit);
        } else {
            self.quit = true;
        }
    }

    /// The open form, also under a question or a read view of it.
    pub(super) fn open_form(&self) -> Option<&Form> {
        match &self.overlay {
            Some(Overlay::Form(f)) => Some(f),
            Some(Overlay::Read(v)) => v.form.as_deref(),
            Some(Overlay::Confirm { form, .. }) => form.as_deref(),
            _ => None,
        }
    }

    /// The component that takes the keys: the sheet open, else the screen.
    pub(super) fn component(&self) -> &dyn super::component::Component {
        match &self.sheet {
            Some(sheet) => sheet,
            None => self.screen.component(&self.today, &self.list),
        }
    }

    /// The parts of the app the free functions of records, the daily
    /// loop, the sheets and the actions work with.
    pub(super) fn ctx(&mut self) -> super::effect::Ctx<'_> {
        super::effect::Ctx {
            store: &mut self.store,
            config: &self.config,
            keymap: &self.keymap,
            db_path: self.db_path.as_deref(),
            here: super::here::Here {
                screen: &self.screen,
                today: &self.today,
                list: &self.list,
                sheet: self.sheet.as_ref(),
            },
        }
    }

    /// The open dossier, if the screen is one.
    pub fn dossier(&self) -> Option<&super::dossier::DossierView> {
        self.screen.dossier()
    }

    /// True when Today is the screen, or the one under the dossier.
    pub fn home(&self) -> bool {
        self.screen.home() == super::screen::Home::Today
    }

    /// True while keys go to the customer list's search field.
    pub fn searching(&self) -> bool {
        self.screen.searching()
    }

    /// Close the dossier: back to the screen under it.
    pub fn close_dossier(&mut self) {
        self.screen.close_dossier();
    }

    /// The tab of the open dossier, if any (tests).
    pub fn tab(&self) -> Option<super::dossier::Tab> {
        self.dossier().map(|d| d.tab)
    }

    pub(super) fn overlay_confirm(&mut self, message: String, then: Pending) {
        // A confirmation over a form keeps the form to come back to.
        let form = match self.overlay.take() {
            Some(Overlay::Form(form)) => Some(form),
            Some(Overlay::Read(mut v)) => v.form.take(),
            Some(Overlay::Confirm { form, .. }) => form,
            _ => None,
        };
        self.overlay = Some(Overlay::Confirm { message, then, form });
    }
}
