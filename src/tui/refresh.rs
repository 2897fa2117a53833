//! Keeping what the interface shows in line with the archive after a
//! write, made here or by another process (the CLI in another terminal,
//! `repbook due` from cron): only the customers the write touched are
//! updated in the list; the agenda is recomputed on a second thread; the
//! open dossier is read again. Nothing reloads 100k rows unless the change
//! cannot be pinned down (an import, an erase, a new device identity).

use super::app::{App, Loaded};
use crate::store::OutsideChanges;
use std::time::{Duration, Instant};

/// How often the archive is checked for writes made elsewhere: one
/// `PRAGMA data_version` a second.
const WATCH_EVERY: Duration = Duration::from_secs(1);

impl App {
    /// Show what a write of this interface changed; then open
    /// `open_customer`'s dossier, or read the open one again.
    pub(super) fn after_write(&mut self, open_customer: Option<String>) {
        // Each write of the rep's goes on the undo stack (`u`).
        self.undo_stack.extend(self.store.take_written());
        self.reload_sheet();
        match self.store.changes_since(&mut self.mark) {
            Ok(changes) => self.apply_changes(changes),
            Err(e) => self.fail(&e),
        }
        let id = open_customer.or_else(|| self.dossier().map(|d| d.id().to_string()));
        if let Some(id) = id {
            self.open_dossier(&id);
        }
    }

    /// Read what the open sheet shows again (after a write, a week change).
    pub(super) fn reload_sheet(&mut self) {
        if let Err(e) = super::sheet::reload(&mut self.sheet, &self.store, &self.config) {
            self.fail(&e);
        }
    }

    /// Load and show a dossier (the one open on the same customer keeps
    /// its tab and place).
    pub fn open_dossier(&mut self, id: &str) {
        let keep = self.dossier().filter(|d| d.id() == id).map(|d| (d.tab, d.selected, d.scroll));
        match super::actions::load_dossier(&self.store, &self.config, id, keep) {
            Ok(view) => self.screen.show_dossier(view),
            Err(e) => self.fail(&e),
        }
    }

    /// Look for writes made by other processes, at most once a second;
    /// true when something changed.
    pub(super) fn watch_outside(&mut self) -> bool {
        if self.last_watch.elapsed() < WATCH_EVERY {
            return false;
        }
        self.last_watch = Instant::now();
        match self.store.outside_changes(&mut self.mark) {
            Ok(OutsideChanges::Nothing) => false,
            Ok(changes) => {
                let dossier = self.dossier().map(|d| d.id().to_string());
                let touches_dossier = match (&changes, &dossier) {
                    (OutsideChanges::Customers(ids), Some(d)) => ids.contains(d),
                    (OutsideChanges::Everything, Some(_)) => true,
                    _ => false,
                };
                self.apply_changes(changes);
                self.reload_sheet();
                // A form open on that dossier keeps what the user typed;
                // its save is checked against what it loaded.
                if touches_dossier && let Some(id) = dossier {
                    self.open_dossier(&id);
                }
                true
            }
            Err(e) => {
                self.fail(&e);
                false
            }
        }
    }

    /// Look for writes made elsewhere now, not waiting for the next second
    /// (tests; the loop calls [`App::tick`]). True when something changed.
    pub fn watch_now(&mut self) -> bool {
        self.last_watch = Instant::now().checked_sub(WATCH_EVERY).unwrap_or_else(Instant::now);
        self.watch_outside()
    }

    /// Wait for the whole list only, its rows' facts read; other loads go
    /// on.
    pub fn wait_list_loaded(&mut self) {
        let (lists, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.loaders).into_iter().partition(|l| l.1);
        self.loaders = others;
        for (generation, _, rx) in lists {
            while let Ok(loaded) = rx.recv() {
                let early = matches!(loaded, Loaded::Searchable(_));
                self.take_loaded(generation, loaded);
                if !early {
                    break;
                }
            }
        }
    }

    /// Wait until the whole list is searchable (benchmarks: its names and
    /// search index read, its rows' facts maybe not yet); the rest goes on.
    pub fn wait_list_searchable(&mut self) {
        let mut still = Vec::new();
        for (generation, full, rx) in std::mem::take(&mut self.loaders) {
            if !full {
                still.push((generation, full, rx));
                continue;
            }
            if let Ok(loaded) = rx.recv() {
                if matches!(loaded, Loaded::Searchable(_)) {
                    still.push((generation, full, rx));
                }
                self.take_loaded(generation, loaded);
            }
        }
        self.loaders = still;
    }

    /// Wait for the background loads (tests and benchmarks).
    pub fn wait_loaded(&mut self) {
        for (generation, _, rx) in std::mem::take(&mut self.loaders) {
            while let Ok(loaded) = rx.recv() {
                let early = matches!(loaded, Loaded::Searchable(_));
                self.take_loaded(generation, loaded);
                if !early {
                    break;
                }
            }
        }
    }

    /// True while the whole list is being read again on a second thread.
    pub fn reloading_list(&self) -> bool {
        self.list_loading()
    }

    fn apply_changes(&mut self, changes: OutsideChanges) {
        match changes {
            OutsideChanges::Nothing => {}
            OutsideChanges::Everything => {
                if let Err(e) = self.reload_list() {
                    self.fail(&e);
                }
            }
            OutsideChanges::Customers(ids) => {
                let ids: Vec<String> = ids.into_iter().collect();
                if self.list_loading() {
                    self.stale.extend(ids.iter().cloned());
                }
                self.patch_customers(&ids);
                self.reload_agenda();
            }
        }
    }

    /// Update these customers' rows of the list in place.
    pub(super) fn patch_customers(&mut self, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        let today = self.store.clock().today();
        let (store, cadence) = (&self.store, &self.config.cadence);
        let mut failed = None;
        self.list.patch(|data| {
            for id in ids {
                if let Err(e) = data.refresh_customer(store, id, cadence, today) {
                    failed = Some(e);
                }
            }
        });
        if let Some(e) = failed {
            self.fail(&e);
        }
    }

    /// Recompute Today's agenda: on a second thread for an archive file (it
    /// weighs every customer's standing), at once in memory.
    fn reload_agenda(&mut self) {
        let cadence = self.config.cadence.clone();
        let today = self.store.clock().today();
        if self.db_path.is_some() {
            self.in_background(false, move |s, _| Loaded::Agenda(s.agenda(&cadence, today)));
        } else {
            match self.store.agenda(&cadence, today) {
                Ok(a) => self.today.set(a),
                Err(e) => self.fail(&e),
            }
        }
    }
}

impl App {
    /// Put the backup `from` in place of the archive (the replaced one is
    /// kept aside), and start again on the restored archive.
    pub(super) fn restore_backup(&mut self, from: &std::path::Path) {
        let Some(db) = self.db_path.clone() else { return };
        if !self.loaders.is_empty() {
            // A load on a second thread still has the archive open.
            self.say(crate::i18n::t("care.busy").to_string());
            return;
        }
        let (store, message, failed) = match super::care::restore_in_place(&mut self.store, &db, from, &self.config) {
            super::care::Restored::Refused(e) => return self.fail(&e),
            // Never go on with the placeholder: what would be typed into it
            // is lost.
            super::care::Restored::Lost(e) => return self.stop(&e),
            super::care::Restored::Reopened { store, said, failed } => (store, said, failed),
        };
        let fresh = App::new(
            *store,
            self.config.clone(),
            self.keymap.clone(),
            self.label.clone(),
            self.theme,
            self.db_path.clone(),
        );
        match fresh {
            Ok(mut app) => {
                app.size = self.size;
                app.mouse = self.mouse;
                *self = app;
                let effects = super::sheet::care(self.db_path.as_deref());
                self.apply(effects);
                self.status = super::app::Status { text: message, error: failed };
            }
            Err(e) => self.stop(&e),
        }
    }

    /// Leave the interface with `e` (nothing usable is open).
    fn stop(&mut self, e: &crate::Error) {
        self.fatal = Some(e.to_string());
        self.quit = true;
    }
}
