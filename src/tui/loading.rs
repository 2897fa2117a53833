//! Loading in the background: the customer list (searchable from the
//! saved index first, its rows' facts attached after) and the agenda, each
//! on a second connection on a second thread.

use super::app::{App, Loaded};
use super::rows::ListData;
use crate::error::Result;
use crate::store::Store;

impl App {
    /// Reload the customer list and the agenda: in the background for an
    /// archive file, at once for an in-memory one.
    pub fn reload_list(&mut self) -> Result<()> {
        self.stale.clear();
        let cadence = self.config.cadence.clone();
        let today = self.store.clock().today();
        if self.db_path.is_some() {
            // The list (searchable from the saved index at once) and the
            // agenda on two threads: neither waits for the other.
            let list_cadence = cadence.clone();
            self.in_background(true, move |s, early| {
                // Searchable as soon as the saved index is read; the rows'
                // facts follow (after the index is saved again, if it had
                // to be brought up to date), read in the index's order and
                // attached to it (the index is not read twice). Else the
                // whole list (a failure here is its to say).
                if let Ok((data, ids, resave)) = ListData::searchable(s) {
                    let _ = early.send(Loaded::Searchable(Box::new(data)));
                    // Saved again once the list takes a query: the next
                    // start has nothing to put in.
                    if let Some(resave) = resave {
                        resave.save(s);
                    }
                    let facts = s.reading(|| {
                        let facts = ListData::facts_for(s, &ids, &list_cadence, today)?;
                        Ok(facts.map(|f| (f, s.deleted_customers())))
                    });
                    if let Ok(Some((facts, Ok(deleted)))) = facts {
                        return Loaded::Facts(Box::new(facts), deleted);
                    }
                }
                Loaded::Full(ListData::load(s, None, &list_cadence, today).map(Box::new))
            });
            self.in_background(false, move |s, _| Loaded::Agenda(s.agenda(&cadence, today)));
        } else {
            let data = ListData::load(&self.store, None, &cadence, today)?;
            self.list.replace(data, true);
            self.today.set(self.store.agenda(&cadence, today)?);
        }
        Ok(())
    }

    /// Run `load` on a second connection on a second thread; `tick` picks
    /// up what it hands back (and what it sends before: a list searchable
    /// before its facts are read).
    pub(super) fn in_background(
        &mut self,
        full: bool,
        load: impl FnOnce(&mut Store, &std::sync::mpsc::Sender<Loaded>) -> Loaded + Send + 'static,
    ) {
        let Some(path) = self.db_path.clone() else { return };
        let (tx, rx) = std::sync::mpsc::channel();
        let clock: std::sync::Arc<dyn crate::clock::Clock> = std::sync::Arc::new(crate::clock::SystemClock);
        // The language is per thread: what the load renders (a generated
        // follow-up's words) is in the interface's; pinyin by the config.
        let lang = crate::i18n::lang();
        let romanizer = crate::domain::pinyin::Romanizer::new(&self.config.search.pinyin);
        std::thread::spawn(move || {
            crate::i18n::set_lang(lang);
            let loaded = match Store::open(&path, crate::store::OpenMode::ReadOrWrite, clock, romanizer) {
                Ok(mut s) => load(&mut s, &tx),
                Err(e) => Loaded::Agenda(Err(e)),
            };
            let _ = tx.send(loaded);
        });
        self.generation.0 += 1;
        self.loaders.push((self.generation.0, full, rx));
    }

    pub(super) fn take_loaded(&mut self, generation: u64, loaded: Loaded) {
        let (_, list_gen, agenda_gen) = self.generation;
        match loaded {
            // Only before the whole list of this load or a later one.
            Loaded::Searchable(data) if generation > list_gen => {
                if self.list.loaded {
                    // A reload: the list shown keeps its facts meanwhile.
                    self.early = Some((generation, data));
                } else {
                    self.list.replace(*data, false);
                }
            }
            Loaded::Full(Ok(data)) if generation > list_gen => {
                self.list.replace(*data, true);
                self.generation.1 = generation;
                let stale: Vec<String> = std::mem::take(&mut self.stale).into_iter().collect();
                self.patch_customers(&stale);
            }
            Loaded::Facts(facts, deleted) if generation > list_gen => {
                let romanizer = self.store.romanizer().clone();
                let attached = match self.early.take() {
                    Some((g, mut early)) if g == generation => {
                        let done = early.attach(*facts, &deleted, &romanizer);
                        if done {
                            self.list.replace(*early, true);
                        }
                        done
                    }
                    _ => self.list.attach(*facts, &deleted, &romanizer),
                };
                if attached {
                    self.generation.1 = generation;
                    let stale: Vec<String> = std::mem::take(&mut self.stale).into_iter().collect();
                    self.patch_customers(&stale);
                } else if let Err(e) = self.reload_list() {
                    // The list changed since it was searchable: read again.
                    self.fail(&e);
                }
            }
            Loaded::Agenda(Ok(agenda)) if generation > agenda_gen => {
                self.today.set(agenda);
                self.generation.2 = generation;
            }
            Loaded::Prepared(Ok(made)) => {
                // The same file passed the check on the second thread.
                self.store.mark_verified();
                if made > 0 {
                    self.after_write(None);
                }
            }
            Loaded::Full(Err(e)) | Loaded::Agenda(Err(e)) | Loaded::Prepared(Err(e)) => self.fail(&e),
            Loaded::Full(Ok(_)) | Loaded::Agenda(Ok(_)) | Loaded::Searchable(_) | Loaded::Facts(..) => {}
        }
    }
}
