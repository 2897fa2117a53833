//! The archive's care (issue 8 §7) in the interface: what `repbook doctor`
//! finds, the backups beside the archive, a backup now (`b`) and a backup
//! put back in place of the archive (Enter, after a yes). The same store
//! functions as `repbook doctor`, `backup` and `restore`.

use super::app::App;
use super::keymap::Keymap;
use super::overlay::Pending;
use super::sheet::Sheet;
use super::theme::Theme;
use crate::i18n::{t, tf};
use crate::store::doctor::{Finding, Severity};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

/// A backup beside the archive.
#[derive(Debug, Clone)]
pub struct BackupFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// When it was written, in local time.
    pub written: Option<chrono::NaiveDateTime>,
}

/// State of the archive view.
#[derive(Debug, Clone, Default)]
pub struct CareView {
    /// What the doctor found.
    pub findings: Vec<Finding>,
    /// The backups, newest first.
    pub backups: Vec<BackupFile>,
    /// Selected backup.
    pub selected: usize,
}

impl CareView {
    /// Examine the archive at `db` (reads only).
    pub fn load(db: &Path) -> CareView {
        let mut backups: Vec<BackupFile> = crate::store::backups(db)
            .into_iter()
            .map(|path| {
                let meta = std::fs::metadata(&path).ok();
                let written = meta
                    .as_ref()
                    .and_then(|m| m.modified().ok())
                    .map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local());
                BackupFile { bytes: meta.map_or(0, |m| m.len()), written, path }
            })
            .collect();
        backups.sort_by_key(|b| std::cmp::Reverse(b.written));
        CareView { findings: crate::store::doctor::examine(db), backups, selected: 0 }
    }

    /// Move the selection among the backups.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.backups.len().saturating_sub(1));
    }

    /// Draw into `area`: the findings, then the backups.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        let mut out = super::widgets::Lines::new(buf, area);
        out.line(t("care.title"), theme.heading());
        for f in &self.findings {
            let style = match f.severity {
                Severity::Ok => theme.dim(),
                Severity::Warning => theme.heading(),
                Severity::Error => theme.error(),
            };
            out.line(&format!("{}  {}", f.severity.mark(), crate::text::one_line(&f.text())), style);
        }
        out.gap();
        out.line(&tf("care.backups", &[("count", &self.backups.len())]), theme.heading());
        if self.backups.is_empty() {
            out.line(&keys.hint("care.no_backups", &[]), theme.dim());
        }
        let room = out.room();
        let first = self.selected.saturating_sub(room.saturating_sub(1));
        for (i, b) in self.backups.iter().enumerate().skip(first).take(room) {
            let name = b.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let when = b.written.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
            let size = format!("{:.1} MB", b.bytes as f64 / 1_000_000.0);
            let mark = if i == self.selected { "> " } else { "  " };
            let style = if i == self.selected { theme.selected() } else { ratatui::style::Style::default() };
            out.line(&format!("{mark}{when}  {size:>9}  {}", crate::text::one_line(&name)), style);
        }
        let hint = keys.hint(
            "care.hint",
            &[
                ("restore", keys.keys_of(super::action::Action::Open).join("/")),
                ("back", keys.keys_of(super::action::Action::Back).join("/")),
            ],
        );
        out.hint(&hint, theme.dim());
    }
}

impl App {
    /// Palette → Archive: check it and list its backups.
    pub(super) fn open_care(&mut self) {
        match &self.db_path {
            Some(db) => self.sheet = Some(Sheet::Care(CareView::load(db))),
            None => self.say(t("care.in_memory").to_string()),
        }
    }

    /// `b` on the archive view: a backup now, beside the archive.
    pub(super) fn backup_now(&mut self) {
        match self.store.backup(None) {
            Ok(path) => {
                self.say(tf("care.backed_up", &[("path", &path.display())]));
                self.open_care();
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Enter on a backup: ask before putting it in place of the archive.
    pub(super) fn confirm_restore_backup(&mut self) {
        let Some(Sheet::Care(view)) = &self.sheet else { return };
        let Some(b) = view.backups.get(view.selected) else { return };
        let name = b.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let message = tf("care.confirm_restore", &[("backup", &crate::text::one_line(&name))]);
        let path = b.path.clone();
        self.overlay_confirm(message, Pending::RestoreBackup(path));
    }

    /// Put the backup `from` in place of the archive (the replaced one is
    /// kept aside), and start again on the restored archive.
    pub(super) fn restore_backup(&mut self, from: &Path) {
        let Some(db) = self.db_path.clone() else { return };
        if !self.loaders.is_empty() {
            // A load on a second thread still has the archive open.
            self.say(t("care.busy").to_string());
            return;
        }
        let clock = self.store.clock_handle();
        let romanizer = crate::domain::pinyin::Romanizer::new(&self.config.search.pinyin);
        // This interface's own connection is closed first: restore refuses
        // while any program has the archive open.
        let placeholder = match crate::store::Store::open_in_memory(clock.clone(), romanizer.clone()) {
            Ok(s) => s,
            Err(e) => return self.fail(&e),
        };
        drop(std::mem::replace(&mut self.store, placeholder));
        let restored = crate::store::restore(&db, from, clock.clone());
        let reopened = crate::store::Store::open(&db, crate::store::OpenMode::ReadOrWrite, clock, romanizer);
        let mut store = match reopened {
            Ok(s) => s,
            // Never go on with the placeholder: what would be typed into it
            // is lost.
            Err(e) => return self.stop(&e),
        };
        store.keep_daily_backups(self.config.backup.keep);
        let message = match &restored {
            Ok(aside) => {
                tf("care.restored", &[("aside", &aside.as_ref().map_or_else(String::new, |p| p.display().to_string()))])
            }
            Err(e) => e.to_string(),
        };
        let fresh = App::new(
            store,
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
                self.open_care();
                self.status = super::app::Status { text: message, error: restored.is_err() };
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
