//! The sync sheet (issue 11 §6): this device, its book and peers, the sync
//! folder, and the conflicts to review side by side; `S` syncs with the
//! folder, `i` imports a file after its preview, `o` exports to a file, a
//! folder or a peer, `K` / `O` / `e` resolve the selected conflict. The
//! same library calls as `repbook sync`. A passphrase (for an encrypted
//! file or folder) is typed in a masked field and kept in memory until the
//! sheet is left.
//!
//! A component: [`SyncView`] (its state and drawing are in `sync_view.rs`)
//! carries out its commands and the answers to its prompts and says what
//! the interface should do next as a [`Then`], which `effect::of_sync`
//! turns into effects.

use super::action::Action;
use super::overlay::{Pending, Prompt, PromptKind};
pub use super::sync_view::SyncView;
use super::widgets::new_input;
use crate::config::SyncConfig;
use crate::i18n::{t, tf};
use crate::store::{Resolution, Store};
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

/// What the interface does after a sync command or answer.
pub enum Then {
    /// Nothing more.
    Nothing,
    /// Say this.
    Said(String),
    /// The archive was written: say this and show the change everywhere
    /// (the sheet reads itself again); then ask this, if given.
    Wrote(String, Option<Box<Prompt>>),
    /// Ask this, saying first why when given (a kept passphrase that did
    /// not open the file).
    Ask(Box<Prompt>, Option<crate::Error>),
    /// Ask yes or no; a yes does this.
    Confirm(String, Pending),
}

/// The configured sync folder.
fn folder_of(config: &SyncConfig) -> Option<PathBuf> {
    config.dir.as_deref().map(sync::folder::expand)
}

/// A prompt for a sync answer, `offered` typed in.
fn ask(ask: SyncAsk, title: String, offered: &str) -> Then {
    let mut input = new_input("");
    input.insert_str(offered);
    Then::Ask(Box::new(Prompt { kind: PromptKind::Sync(ask), title, input }), None)
}

/// Yes to the preview: take the verified file in.
pub fn import(store: &mut Store, set: &Changeset) -> crate::Result<Then> {
    let r = sync::apply(store, set, false, false)?;
    Ok(Then::Wrote(
        tf(
            "sync.imported",
            &[("applied", &r.applied), ("already", &r.already), ("conflicts", &r.conflicts), ("parked", &r.parked)],
        ),
        None,
    ))
}

/// Export, encrypted with `seal` when given; what to say.
fn export(store: &Store, selection: &Selection, out: &Path, seal: Option<&Passphrase>) -> crate::Result<String> {
    let (path, built) = sync::export_to(store, selection, out, seal)?;
    Ok(tf(
        if seal.is_some() { "sync.exported_encrypted" } else { "sync.exported" },
        &[("count", &built.records), ("bytes", &built.bytes.len()), ("path", &path.display())],
    ))
}

impl SyncView {
    /// The sheet, with the configured folder.
    pub fn open(store: &Store, config: &SyncConfig) -> crate::Result<SyncView> {
        SyncView::load(store, folder_of(config), config.encrypt)
    }

    /// Read what the sheet shows again, keeping the selection and the
    /// passphrase given.
    pub fn reload(&mut self, store: &Store) -> crate::Result<()> {
        let mut fresh = SyncView::load(store, self.folder.clone(), self.encrypt)?;
        fresh.selected = self.selected;
        fresh.passphrase = self.passphrase.take();
        fresh.move_by(0);
        *self = fresh;
        Ok(())
    }

    /// An action of the sync sheet.
    pub fn run(&mut self, action: Action, store: &mut Store, config: &SyncConfig) -> crate::Result<Then> {
        let selected = self.selected_conflict().cloned();
        match action {
            Action::Sync => self.with_folder(store, config),
            Action::SyncImport => Ok(ask(SyncAsk::Import, t("sync.tui_ask_import").to_string(), "")),
            Action::SyncExport => {
                let offered = folder_of(config).map_or_else(|| sync::file_name(store), |f| f.display().to_string());
                Ok(ask(SyncAsk::Export, t("sync.tui_ask_export").to_string(), &offered))
            }
            Action::KeepKept | Action::KeepOther => match selected {
                Some(c) => {
                    let how = if action == Action::KeepKept { Resolution::Kept } else { Resolution::Other };
                    let c = store.resolve_conflict(&c.id, &how)?;
                    Ok(Then::Wrote(tf("sync.resolved", &[("id", &c.id)]), None))
                }
                None => Ok(Then::Nothing),
            },
            Action::Edit => Ok(selected.map_or(Then::Nothing, |c| {
                let title = tf("sync.tui_ask_merge", &[("field", &review::field_label(&c))]);
                ask(SyncAsk::Merge(c.id.clone()), title, &review::merge_start(&c))
            })),
            _ => Ok(Then::Nothing),
        }
    }

    /// Ask for a passphrase in a masked field (an export is offered the
    /// one kept, masked too).
    fn ask_passphrase(&self, then: PassFor, first: Option<Passphrase>) -> Box<Prompt> {
        let title = match (&then, &first) {
            (_, Some(_)) => t("sync.tui_ask_seal_again").to_string(),
            (PassFor::Export { .. }, None) if self.encrypt => t("sync.tui_ask_seal_required").to_string(),
            (PassFor::Export { .. }, None) => t("sync.tui_ask_seal").to_string(),
            (PassFor::Import(path), None) => {
                let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.display().to_string());
                tf("sync.tui_ask_open", &[("name", &crate::text::one_line(&name))])
            }
            (PassFor::Folder, None) if self.encrypt => t("sync.tui_ask_folder_new").to_string(),
            (PassFor::Folder, None) => t("sync.tui_ask_folder").to_string(),
        };
        let mut input = new_input("");
        input.set_mask_char('•');
        if let (PassFor::Export { .. }, None, Some(kept)) = (&then, &first, &self.passphrase) {
            input.insert_str(kept.expose());
        }
        let kind = PromptKind::Sync(SyncAsk::Passphrase { then, first });
        Box::new(Prompt { kind, title, input })
    }

    /// Sync with the folder; a passphrase is asked first when this
    /// device's files are to be encrypted, and after when encrypted files
    /// of other devices wait for one.
    fn with_folder(&mut self, store: &mut Store, config: &SyncConfig) -> crate::Result<Then> {
        let Some(dir) = folder_of(config) else {
            return Err(crate::Error::invalid("sync.no_dir", &[]));
        };
        let kept = self.passphrase.clone();
        if config.encrypt && kept.is_none() {
            return Ok(Then::Ask(self.ask_passphrase(PassFor::Folder, None), None));
        }
        let r = sync::folder::sync_with(store, &dir, config.encrypt, &mut Source::given(kept.clone()))?;
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
        let then = (r.locked > 0 && kept.is_none()).then(|| self.ask_passphrase(PassFor::Folder, None));
        Ok(Then::Wrote(message, then))
    }

    /// Read and verify a whole file, show its preview and ask whether to
    /// take it in.
    fn preview(store: &mut Store, path: &Path, passphrase: Option<Passphrase>) -> crate::Result<Then> {
        let now = store.clock().now().timestamp_millis();
        let set = sync::read_file_for(store, path, now, &mut Source::given(passphrase))?;
        let preview = sync::apply(store, &set, true, false)?;
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
            message.push_str(&tf("sync.tui_preview_customer", &[("name", &crate::text::one_line(&c.name))]));
        }
        message.push_str(t("sync.tui_preview_end"));
        message.push_str(t("sync.tui_import_now"));
        Ok(Then::Confirm(message, Pending::SyncImport(Box::new(set))))
    }

    /// A passphrase typed: checked (typed twice to encrypt), kept, then
    /// used for what it was asked for.
    fn passphrase(
        &mut self,
        (then, first, typed): (&PassFor, Option<&Passphrase>, &str),
        store: &mut Store,
        config: &SyncConfig,
    ) -> crate::Result<Then> {
        if let (PassFor::Export { selection, out }, None, true) = (then, first, typed.is_empty() && !config.encrypt) {
            return export(store, selection, out, None).map(Then::Said);
        }
        let passphrase = match first {
            Some(first) => Passphrase::confirmed(first.expose().to_string(), typed)?,
            None => Passphrase::new(typed.to_string())?,
        };
        let twice = matches!(then, PassFor::Export { .. }) || (*then == PassFor::Folder && config.encrypt);
        let known = self.passphrase.as_ref().is_some_and(|k| *k == passphrase);
        if twice && first.is_none() && !known {
            return Ok(Then::Ask(self.ask_passphrase(then.clone(), Some(passphrase)), None));
        }
        match then {
            PassFor::Export { selection, out } => {
                let done = export(store, selection, out, Some(&passphrase))?;
                self.passphrase = Some(passphrase);
                Ok(Then::Said(done))
            }
            PassFor::Import(path) => {
                let done = SyncView::preview(store, path, Some(passphrase.clone()))?;
                self.passphrase = Some(passphrase);
                Ok(done)
            }
            PassFor::Folder => {
                self.passphrase = Some(passphrase);
                self.with_folder(store, config)
            }
        }
    }

    /// The answer `typed` to a sync prompt.
    pub fn answer(
        &mut self,
        ask: &SyncAsk,
        typed: &str,
        store: &mut Store,
        config: &SyncConfig,
    ) -> crate::Result<Then> {
        let answer = typed.trim();
        match ask {
            SyncAsk::Import => {
                let path = sync::folder::expand(Path::new(answer));
                if !sync::is_encrypted_file(&path)? {
                    return SyncView::preview(store, &path, None);
                }
                // The passphrase kept on this sheet is tried first.
                let mut why = None;
                if let Some(kept) = self.passphrase.clone() {
                    match SyncView::preview(store, &path, Some(kept)) {
                        Ok(done) => return Ok(done),
                        Err(e) => why = Some(e),
                    }
                }
                Ok(Then::Ask(self.ask_passphrase(PassFor::Import(path), None), why))
            }
            SyncAsk::Export => {
                let (selection, out) = match answer.strip_prefix("peer:") {
                    Some(peer) => (Selection::Peer(peer.trim().to_string()), PathBuf::from(".")),
                    None => (Selection::All, sync::folder::expand(Path::new(answer))),
                };
                // An unknown peer is said before the passphrase is asked.
                if let Selection::Peer(p) = &selection {
                    store.peer_known(p)?;
                }
                Ok(Then::Ask(self.ask_passphrase(PassFor::Export { selection, out }, None), None))
            }
            SyncAsk::Merge(id) => {
                let c = store.resolve_conflict(id, &Resolution::Merged(answer.to_string()))?;
                Ok(Then::Wrote(tf("sync.resolved", &[("id", &c.id)]), None))
            }
            // A passphrase is taken as typed, spaces included.
            SyncAsk::Passphrase { then, first } => self.passphrase((then, first.as_ref(), typed), store, config),
        }
    }
}
