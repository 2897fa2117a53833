//! The sync sheet (issue 11 §6): this device, its book and peers, the sync
//! folder, and the conflicts to review side by side; `S` syncs with the
//! folder, `i` imports a file after its preview, `o` exports to a file, a
//! folder or a peer, `K` / `O` / `e` resolve the selected conflict. The
//! same library calls as `repbook sync`. A passphrase (for an encrypted
//! file or folder) is typed in a masked field and kept in memory until the
//! sheet is left.

use super::action::Action;
use super::app::App;
use super::overlay::{Overlay, Pending, Prompt, PromptKind};
use super::sheet::Sheet;
pub use super::sync_view::SyncView;
use super::widgets::new_input;
use crate::i18n::{t, tf};
use crate::store::Resolution;
use crate::sync::crypt::{Passphrase, Source};
use crate::sync::{self, Changeset, Selection, review};
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
    /// A passphrase, typed masked, for what `then` does; `first` holds the
    /// first typing when it must be typed twice (to encrypt).
    Passphrase {
        /// What the passphrase is for.
        then: PassFor,
        /// The passphrase typed the first time.
        first: Option<Passphrase>,
    },
}

/// What a passphrase is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PassFor {
    /// Export `selection` to `out`, encrypted (or not: left empty).
    Export {
        /// What goes in the file.
        selection: Selection,
        /// The file or folder.
        out: PathBuf,
    },
    /// Open this encrypted file for its preview.
    Import(PathBuf),
    /// Sync with the folder: open its encrypted files, and encrypt this
    /// device's when `[sync] encrypt` is on.
    Folder,
}

impl App {
    fn sync_folder_config(&self) -> Option<PathBuf> {
        self.config.sync.dir.as_deref().map(sync::folder::expand)
    }

    /// `S` / palette → the sync sheet.
    pub(super) fn open_sync(&mut self) {
        match SyncView::load(&self.store, self.sync_folder_config(), self.config.sync.encrypt) {
            Ok(view) => self.sheet = Some(Sheet::Sync(view)),
            Err(e) => self.fail(&e),
        }
    }

    fn reload_sync(&mut self) {
        let (selected, passphrase) = match &mut self.sheet {
            Some(Sheet::Sync(v)) => (v.selected, v.passphrase.take()),
            _ => (0, None),
        };
        self.open_sync();
        if let Some(Sheet::Sync(v)) = &mut self.sheet {
            v.selected = selected;
            v.passphrase = passphrase;
            v.move_by(0);
        }
    }

    /// The passphrase given on the sync sheet.
    fn sync_kept(&self) -> Option<Passphrase> {
        match &self.sheet {
            Some(Sheet::Sync(v)) => v.passphrase.clone(),
            _ => None,
        }
    }

    fn sync_keep(&mut self, passphrase: Passphrase) {
        if let Some(Sheet::Sync(v)) = &mut self.sheet {
            v.passphrase = Some(passphrase);
        }
    }

    /// An action of the sync sheet.
    pub(super) fn sync_run(&mut self, action: Action) {
        let selected = match &self.sheet {
            Some(Sheet::Sync(v)) => v.selected_conflict().cloned(),
            _ => None,
        };
        match action {
            Action::Sync => match self.sync_with_folder() {
                Ok(message) if message.is_empty() => {}
                Ok(message) => self.say(message),
                Err(e) => self.fail(&e),
            },
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

    /// Ask for a passphrase in a masked field (an export is offered the
    /// one kept, masked too).
    fn sync_ask_passphrase(&mut self, then: PassFor, first: Option<Passphrase>) {
        let encrypt = self.config.sync.encrypt;
        let title = match (&then, &first) {
            (_, Some(_)) => t("sync.tui_ask_seal_again").to_string(),
            (PassFor::Export { .. }, None) if encrypt => t("sync.tui_ask_seal_required").to_string(),
            (PassFor::Export { .. }, None) => t("sync.tui_ask_seal").to_string(),
            (PassFor::Import(path), None) => {
                let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.display().to_string());
                tf("sync.tui_ask_open", &[("name", &crate::text::one_line(&name))])
            }
            (PassFor::Folder, None) if encrypt => t("sync.tui_ask_folder_new").to_string(),
            (PassFor::Folder, None) => t("sync.tui_ask_folder").to_string(),
        };
        let mut input = new_input("");
        input.set_mask_char('•');
        if let (PassFor::Export { .. }, None, Some(kept)) = (&then, &first, self.sync_kept()) {
            input.insert_str(kept.expose());
        }
        let kind = PromptKind::Sync(SyncAsk::Passphrase { then, first });
        self.overlay = Some(Overlay::Prompt(Box::new(Prompt { kind, title, input })));
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

    /// Sync with the folder; a passphrase is asked first when this
    /// device's files are to be encrypted, and after when encrypted files
    /// of other devices wait for one.
    fn sync_with_folder(&mut self) -> crate::Result<String> {
        let Some(dir) = self.sync_folder_config() else {
            return Err(crate::Error::invalid("sync.no_dir", &[]));
        };
        let encrypt = self.config.sync.encrypt;
        let kept = self.sync_kept();
        if encrypt && kept.is_none() {
            self.sync_ask_passphrase(PassFor::Folder, None);
            return Ok(String::new());
        }
        let r = sync::folder::sync_with(&mut self.store, &dir, encrypt, &mut Source::given(kept.clone()))?;
        let m = &r.merged;
        let mut message = tf(
            "sync.tui_synced",
            &[
                ("written", &r.written.as_ref().map_or(0, |w| w.1)),
                ("files", &r.taken.len()),
                ("applied", &m.applied),
                ("conflicts", &m.conflicts),
                ("waiting", &r.waiting.len()),
            ],
        );
        // The first file left waiting, named with its reason.
        if let Some((name, why)) = r.waiting.first() {
            message.push_str(": ");
            message.push_str(&tf("sync.dir_waiting", &[("name", &crate::text::one_line(name)), ("why", why)]));
        }
        self.after_write(None);
        self.reload_sync();
        if r.locked > 0 && kept.is_none() {
            self.sync_ask_passphrase(PassFor::Folder, None);
        }
        Ok(message)
    }

    /// Read and verify a whole file, show its preview and ask whether to
    /// take it in.
    fn sync_preview(&mut self, path: &Path, passphrase: Option<Passphrase>) -> crate::Result<String> {
        let now = self.store.clock().now().timestamp_millis();
        let set = sync::read_file(path, now, &mut Source::given(passphrase))?;
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
        self.overlay_confirm(message, Pending::SyncImport(Box::new(set)));
        Ok(String::new())
    }

    /// Export, encrypted with `seal` when given.
    fn sync_export(&mut self, selection: &Selection, out: &Path, seal: Option<&Passphrase>) -> crate::Result<String> {
        let (path, built) = sync::export_to(&self.store, selection, out, seal)?;
        Ok(tf(
            if seal.is_some() { "sync.exported_encrypted" } else { "sync.exported" },
            &[("count", &built.records), ("bytes", &built.bytes.len()), ("path", &path.display())],
        ))
    }

    /// A passphrase typed: checked (typed twice to encrypt), kept, then
    /// used for what it was asked for.
    fn sync_passphrase(&mut self, then: &PassFor, first: Option<&Passphrase>, typed: &str) -> crate::Result<String> {
        let encrypt = self.config.sync.encrypt;
        if let (PassFor::Export { selection, out }, None, true) = (then, first, typed.is_empty() && !encrypt) {
            return self.sync_export(selection, out, None);
        }
        let passphrase = match first {
            Some(first) => Passphrase::confirmed(first.expose().to_string(), typed)?,
            None => Passphrase::new(typed.to_string())?,
        };
        let twice = matches!(then, PassFor::Export { .. }) || (*then == PassFor::Folder && encrypt);
        let known = self.sync_kept().is_some_and(|k| k == passphrase);
        if twice && first.is_none() && !known {
            self.sync_ask_passphrase(then.clone(), Some(passphrase));
            return Ok(String::new());
        }
        match then {
            PassFor::Export { selection, out } => {
                let done = self.sync_export(selection, out, Some(&passphrase))?;
                self.sync_keep(passphrase);
                Ok(done)
            }
            PassFor::Import(path) => {
                let done = self.sync_preview(path, Some(passphrase.clone()))?;
                self.sync_keep(passphrase);
                Ok(done)
            }
            PassFor::Folder => {
                self.sync_keep(passphrase);
                self.sync_with_folder()
            }
        }
    }

    /// The answer to a sync prompt.
    pub(super) fn sync_answer(&mut self, ask: &SyncAsk, typed: &str) -> crate::Result<String> {
        let answer = typed.trim();
        match ask {
            SyncAsk::Import => {
                let path = sync::folder::expand(Path::new(answer));
                if !sync::is_encrypted_file(&path)? {
                    return self.sync_preview(&path, None);
                }
                // The passphrase kept on this sheet is tried first.
                if let Some(kept) = self.sync_kept() {
                    match self.sync_preview(&path, Some(kept)) {
                        Ok(done) => return Ok(done),
                        Err(e) => self.fail(&e),
                    }
                }
                self.sync_ask_passphrase(PassFor::Import(path), None);
                Ok(String::new())
            }
            SyncAsk::Export => {
                let (selection, out) = match answer.strip_prefix("peer:") {
                    Some(peer) => (Selection::Peer(peer.trim().to_string()), PathBuf::from(".")),
                    None => (Selection::All, sync::folder::expand(Path::new(answer))),
                };
                // An unknown peer is said before the passphrase is asked.
                if let Selection::Peer(p) = &selection {
                    self.store.peer_known(p)?;
                }
                self.sync_ask_passphrase(PassFor::Export { selection, out }, None);
                Ok(String::new())
            }
            SyncAsk::Merge(id) => {
                let c = self.store.resolve_conflict(id, &Resolution::Merged(answer.to_string()))?;
                self.reload_sync();
                Ok(tf("sync.resolved", &[("id", &c.id)]))
            }
            // A passphrase is taken as typed, spaces included.
            SyncAsk::Passphrase { then, first } => self.sync_passphrase(then, first.as_ref(), typed),
        }
    }

    /// Yes to the preview: take the verified file in.
    pub(super) fn sync_import(&mut self, set: &Changeset) {
        match sync::apply(&mut self.store, set, false, false) {
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
