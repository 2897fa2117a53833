//! The archive's care (issue 8 §7) in the interface: what `repbook doctor`
//! finds, the backups beside the archive, a backup now (`b`) and a backup
//! put back in place of the archive (Enter, after a yes). The same store
//! functions as `repbook doctor`, `backup` and `restore`.

use super::keymap::Keymap;
use super::overlay::Pending;
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

impl CareView {
    /// Enter on a backup: the question to ask before putting it in place
    /// of the archive, and what a yes does.
    pub(super) fn question(&self) -> Option<(String, Pending)> {
        let b = self.backups.get(self.selected)?;
        let name = b.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Some((
            tf("care.confirm_restore", &[("backup", &crate::text::one_line(&name))]),
            Pending::RestoreBackup(b.path.clone()),
        ))
    }

    /// `b`: a backup now, beside the archive; what to say.
    pub(super) fn backup_now(store: &crate::store::Store) -> crate::Result<String> {
        store.backup(None).map(|path| tf("care.backed_up", &[("path", &path.display())]))
    }
}

/// What putting a backup in place of the archive came to.
pub(super) enum Restored {
    /// Nothing done: the archive is as it was.
    Refused(crate::Error),
    /// The archive could not be opened again: nothing usable is open.
    Lost(crate::Error),
    /// The archive (restored, or as it was when the restore failed) open
    /// again; what to say, and whether it says the restore failed.
    Reopened {
        /// The archive opened again.
        store: Box<crate::store::Store>,
        /// What to say.
        said: String,
        /// The restore failed (the archive is as it was).
        failed: bool,
    },
}

/// Put the backup `from` in place of the archive at `db` (the replaced one
/// is kept aside) and open it again. `store`, this interface's own
/// connection, is closed first (restore refuses while any program has the
/// archive open) and left an empty in-memory one.
pub(super) fn restore_in_place(
    store: &mut crate::store::Store,
    db: &Path,
    from: &Path,
    config: &crate::config::Config,
) -> Restored {
    let clock = store.clock_handle();
    let romanizer = crate::domain::pinyin::Romanizer::new(&config.search.pinyin);
    let placeholder = match crate::store::Store::open_in_memory(clock.clone(), romanizer.clone()) {
        Ok(s) => s,
        Err(e) => return Restored::Refused(e),
    };
    drop(std::mem::replace(store, placeholder));
    let restored = crate::store::restore(db, from, clock.clone());
    let mut store = match crate::store::Store::open(db, crate::store::OpenMode::ReadOrWrite, clock, romanizer) {
        Ok(s) => s,
        Err(e) => return Restored::Lost(e),
    };
    store.keep_daily_backups(config.backup.keep);
    let said = match &restored {
        Ok(aside) => {
            tf("care.restored", &[("aside", &aside.as_ref().map_or_else(String::new, |p| p.display().to_string()))])
        }
        Err(e) => e.to_string(),
    };
    Restored::Reopened { store: Box::new(store), said, failed: restored.is_err() }
}
