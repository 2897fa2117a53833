//! The sync sheet (issue 11 §6): this device, its book and peers, the sync
//! folder, and the conflicts to review side by side; `S` syncs with the
//! folder, `i` imports a file after its preview, `o` exports to a file, a
//! folder or a peer, `K` / `O` / `e` resolve the selected conflict. The
//! same library calls as `repbook sync`.

use super::action::Action;
use super::app::App;
use super::keymap::Keymap;
use super::overlay::{Overlay, Pending, Prompt, PromptKind};
use super::sheet::Sheet;
use super::theme::Theme;
use super::widgets::{new_input, truncate};
use crate::i18n::{t, tf};
use crate::store::{ConflictView, Resolution, Store};
use crate::sync::{self, Selection, review};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

/// What a sync prompt asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncAsk {
    /// The change file to import.
    Import,
    /// Where to export: a file, a folder, or `peer:ID`.
    Export,
    /// A merged value for the conflict with this id.
    Merge(String),
}

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
}

impl SyncView {
    /// Read what the sheet shows.
    pub fn load(store: &Store, folder: Option<PathBuf>) -> crate::Result<SyncView> {
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

impl App {
    fn sync_folder_config(&self) -> Option<PathBuf> {
        self.config.sync.dir.as_deref().map(sync::folder::expand)
    }

    /// `S` / palette → the sync sheet.
    pub(super) fn open_sync(&mut self) {
        match SyncView::load(&self.store, self.sync_folder_config()) {
            Ok(view) => self.sheet = Some(Sheet::Sync(view)),
            Err(e) => self.fail(&e),
        }
    }

    fn reload_sync(&mut self) {
        let selected = match &self.sheet {
            Some(Sheet::Sync(v)) => v.selected,
            _ => 0,
        };
        self.open_sync();
        if let Some(Sheet::Sync(v)) = &mut self.sheet {
            v.selected = selected;
            v.move_by(0);
        }
    }

    /// An action of the sync sheet.
    pub(super) fn sync_run(&mut self, action: Action) {
        let selected = match &self.sheet {
            Some(Sheet::Sync(v)) => v.selected_conflict().cloned(),
            _ => None,
        };
        match action {
            Action::Sync => self.sync_with_folder(),
            Action::SyncImport => self.sync_ask(SyncAsk::Import, t("sync.tui_ask_import").to_string(), ""),
            Action::SyncExport => {
                let offered =
                    self.sync_folder_config().map_or_else(|| sync::file_name(&self.store), |f| f.display().to_string());
                self.sync_ask(SyncAsk::Export, t("sync.tui_ask_export").to_string(), &offered);
            }
            Action::KeepKept | Action::KeepOther => {
                if let Some(c) = selected {
                    let how = if action == Action::KeepKept { Resolution::Kept } else { Resolution::Other };
                    self.sync_resolve(&c.id, &how);
                }
            }
            Action::Edit => {
                if let Some(c) = selected {
                    let field = crate::domain::schema::table(&c.table)
                        .and_then(|tb| tb.field(&c.field))
                        .map_or_else(|| c.field.clone(), |f| f.label().to_string());
                    let title = tf("sync.tui_ask_merge", &[("field", &field)]);
                    self.sync_ask(SyncAsk::Merge(c.id.clone()), title, &review::shown(&c.kept.value));
                }
            }
            _ => {}
        }
    }

    fn sync_ask(&mut self, ask: SyncAsk, title: String, offered: &str) {
        let mut input = new_input("");
        input.insert_str(offered);
        self.overlay = Some(Overlay::Prompt(Box::new(Prompt { kind: PromptKind::Sync(ask), title, input })));
    }

    fn sync_resolve(&mut self, id: &str, how: &Resolution) {
        match self.store.resolve_conflict(id, how) {
            Ok(c) => {
                self.say(tf("sync.resolved", &[("id", &c.id)]));
                self.after_write(None);
                self.reload_sync();
            }
            Err(e) => self.fail(&e),
        }
    }

    fn sync_with_folder(&mut self) {
        let Some(dir) = self.sync_folder_config() else {
            return self.fail(&crate::Error::invalid("sync.no_dir", &[]));
        };
        match sync::folder::sync(&mut self.store, &dir) {
            Ok(r) => {
                let m = &r.merged;
                self.say(tf(
                    "sync.tui_synced",
                    &[
                        ("written", &r.written.as_ref().map_or(0, |w| w.1)),
                        ("files", &r.taken.len()),
                        ("applied", &m.applied),
                        ("conflicts", &m.conflicts),
                        ("waiting", &r.waiting.len()),
                    ],
                ));
                self.after_write(None);
                self.reload_sync();
            }
            Err(e) => self.fail(&e),
        }
    }

    /// The answer to a sync prompt.
    pub(super) fn sync_answer(&mut self, ask: &SyncAsk, answer: &str) -> crate::Result<String> {
        let answer = answer.trim();
        match ask {
            SyncAsk::Import => {
                let path = sync::folder::expand(Path::new(answer));
                let set = sync::read_file(&path, self.store.clock().now().timestamp_millis())?;
                let preview = sync::apply(&mut self.store, &set, true, false)?;
                let mut message = tf(
                    "sync.tui_preview",
                    &[
                        ("applied", &preview.applied),
                        ("already", &preview.already),
                        ("conflicts", &preview.conflicts),
                        ("parked", &preview.parked),
                    ],
                );
                for c in preview.customers.values().take(3) {
                    message.push_str("; ");
                    message.push_str(&crate::text::one_line(&c.name));
                }
                message.push_str(". ");
                message.push_str(t("sync.tui_import_now"));
                self.overlay_confirm(message, Pending::SyncImport(path));
                Ok(String::new())
            }
            SyncAsk::Export => {
                let (selection, out) = match answer.strip_prefix("peer:") {
                    Some(peer) => (Selection::Peer(peer.trim().to_string()), PathBuf::from(".")),
                    None => (Selection::All, sync::folder::expand(Path::new(answer))),
                };
                let (path, built) = sync::export_to(&self.store, &selection, &out)?;
                Ok(tf(
                    "sync.exported",
                    &[("count", &built.records), ("bytes", &built.bytes.len()), ("path", &path.display())],
                ))
            }
            SyncAsk::Merge(id) => {
                let c = self.store.resolve_conflict(id, &Resolution::Merged(answer.to_string()))?;
                self.reload_sync();
                Ok(tf("sync.resolved", &[("id", &c.id)]))
            }
        }
    }

    /// Yes to the preview: take the file in.
    pub(super) fn sync_import(&mut self, path: &Path) {
        let result = sync::read_file(path, self.store.clock().now().timestamp_millis())
            .and_then(|set| sync::apply(&mut self.store, &set, false, false));
        match result {
            Ok(r) => {
                self.say(tf(
                    "sync.imported",
                    &[
                        ("applied", &r.applied),
                        ("already", &r.already),
                        ("conflicts", &r.conflicts),
                        ("parked", &r.parked),
                    ],
                ));
                self.after_write(None);
                self.reload_sync();
            }
            Err(e) => self.fail(&e),
        }
    }
}
