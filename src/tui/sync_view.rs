//! The sync sheet's state and drawing: this device, its book and peers,
//! the sync folder, and the conflicts side by side (its keys are in
//! `sync.rs`).

use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::truncate;
use crate::i18n::{t, tf};
use crate::store::{ConflictView, Store};
use crate::sync::crypt::Passphrase;
use crate::sync::review;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::PathBuf;

/// State of the sync sheet.
#[derive(Debug, Clone, Default)]
pub struct SyncView {
    /// This device's id.
    pub device: String,
    /// The book's id.
    pub dataset: String,
    /// The data's digest.
    pub digest: String,
    /// Devices heard from.
    pub peers: usize,
    /// Changes waiting.
    pub parked: i64,
    /// The configured sync folder.
    pub folder: Option<PathBuf>,
    /// The open conflicts.
    pub conflicts: Vec<ConflictView>,
    /// The selected conflict.
    pub selected: usize,
    /// Folder files are written encrypted (`[sync] encrypt`).
    pub encrypt: bool,
    /// The passphrase given on this sheet, kept until it is left.
    pub passphrase: Option<Passphrase>,
}

impl SyncView {
    /// Read what the sheet shows.
    pub fn load(store: &Store, folder: Option<PathBuf>, encrypt: bool) -> crate::Result<SyncView> {
        let device = store.device();
        Ok(SyncView {
            device: device.device_id.clone(),
            dataset: device.dataset_id.clone(),
            digest: store.digest()?,
            peers: store.peers()?.len(),
            parked: store.parked_count()?,
            folder,
            conflicts: store.conflict_views()?,
            selected: 0,
            encrypt,
            passphrase: None,
        })
    }

    /// Move the selection among the conflicts.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.conflicts.len().saturating_sub(1));
    }

    /// The selected conflict.
    pub fn selected_conflict(&self) -> Option<&ConflictView> {
        self.conflicts.get(self.selected)
    }

    /// Draw into `area`: the device and folder, then the conflicts.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let bottom = area.y + area.height.saturating_sub(1);
        let mut y = area.y;
        let mut line = |y: &mut u16, text: &str, style| {
            if *y < bottom {
                buf.set_string(area.x, *y, truncate(text, w), style);
                *y += 1;
            }
        };
        line(&mut y, t("sync.tui_title"), theme.heading());
        let digest: String = self.digest.chars().take(16).collect();
        line(
            &mut y,
            &tf(
                "sync.tui_device",
                &[
                    ("device", &review::short_device(&self.device)),
                    ("book", &review::short_device(&self.dataset)),
                    ("digest", &digest),
                ],
            ),
            ratatui::style::Style::default(),
        );
        let folder = match &self.folder {
            Some(f) => tf("sync.tui_folder", &[("path", &crate::text::one_line(&f.display().to_string()))]),
            None => t("sync.tui_no_folder").to_string(),
        };
        line(&mut y, &tf("sync.tui_peers", &[("count", &self.peers), ("parked", &self.parked)]), theme.dim());
        line(&mut y, &folder, theme.dim());
        if self.passphrase.is_some() {
            line(&mut y, t("sync.tui_passphrase_kept"), theme.dim());
        } else if self.encrypt {
            line(&mut y, t("sync.tui_encrypt_on"), theme.dim());
        }
        y += 1;
        line(&mut y, &tf("sync.tui_conflicts", &[("count", &self.conflicts.len())]), theme.heading());
        if self.conflicts.is_empty() {
            line(&mut y, t("sync.no_conflicts"), theme.dim());
        }
        // Each conflict takes its lines; the selected one stays in view.
        let per = 4usize;
        let room = usize::from(bottom.saturating_sub(y)) / per;
        let first = self.selected.saturating_sub(room.saturating_sub(1));
        for (i, c) in self.conflicts.iter().enumerate().skip(first).take(room.max(1)) {
            let selected = i == self.selected;
            for (n, text) in review::describe(c).iter().enumerate() {
                let mark = if n == 0 && selected { "> " } else { "  " };
                let style = if selected && n == 0 { theme.selected() } else { ratatui::style::Style::default() };
                line(&mut y, &format!("{mark}{text}"), style);
            }
        }
        let hint = keys.hint("sync.tui_hint", &[]);
        buf.set_string(area.x, bottom, truncate(&hint, w), theme.dim());
    }
}
