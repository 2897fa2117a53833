//! Windows drawn over a screen: help, the command palette, confirmations and
//! the filter menu. (The edit form is in `form.rs`.)

mod draw;
pub use draw::{
    confirm_size, palette_width, prompt_size, render_confirm, render_filter, render_palette, render_prompt,
};

use super::action::Action;
use super::list::{Dim, ListView};
use super::widgets::new_input;
use crate::domain::schema::Table;
use crate::i18n::t;
use ratatui_textarea::TextArea;

/// What a confirmation does on yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Soft-delete a record.
    Delete {
        /// Its table.
        table: &'static Table,
        /// Its id.
        id: String,
    },
    /// Restore a deleted record (from the Trash).
    Restore {
        /// Its table.
        table: &'static Table,
        /// Its id.
        id: String,
        /// Its customer is deleted too and comes back with it.
        with_customer: bool,
    },
    /// Put a backup in place of the archive.
    RestoreBackup(std::path::PathBuf),
    /// Take in the change file whose preview was shown (read and verified
    /// whole, decrypted in memory when it was encrypted).
    SyncImport(Box<crate::sync::Changeset>),
    /// Import the import sheet's good rows.
    Import,
    /// Cancel a planned visit (its status becomes cancelled).
    Cancel {
        /// The visit.
        id: String,
    },
    /// Close the week review of the week starting on this Monday.
    CloseReview(chrono::NaiveDate),
    /// Throw away the open form's changes.
    DiscardForm,
    /// Leave although a form has unsaved changes.
    Quit,
}

/// The command palette: every action, filtered by what is typed.
pub struct Palette {
    /// The filter text.
    pub input: TextArea<'static>,
    /// Selected entry.
    pub selected: usize,
    /// What it offers: the commands of the screen it was opened on.
    commands: &'static [Action],
    /// Where it was opened (`today`, `history`…): each entry says what it
    /// does there, as help does.
    place: &'static str,
}

impl Palette {
    /// An empty palette offering `commands` (those of the screen under it,
    /// so that each entry does something there), described as at `place`.
    pub fn new(commands: &'static [Action], place: &'static str) -> Self {
        Self { input: new_input(t("tui.palette_placeholder")), selected: 0, commands, place }
    }

    /// What `action` does where the palette was opened.
    pub fn describe(&self, action: Action) -> &'static str {
        action.describe_on(self.place)
    }

    /// Commands matching the typed text (name or description, any case,
    /// Chinese by pinyin too: `ss` finds 搜索), best first.
    pub fn matches(&self) -> Vec<Action> {
        let q = self.input.lines().join(" ");
        let mut scored: Vec<(u32, Action)> = self
            .commands
            .iter()
            .copied()
            // Moving the selection from a list of commands means nothing.
            .filter(|a| {
                !matches!(
                    a,
                    Action::Palette
                        | Action::Up
                        | Action::Down
                        | Action::PageUp
                        | Action::PageDown
                        | Action::Top
                        | Action::Bottom
                )
            })
            .filter_map(|a| {
                let name = a.name();
                crate::search::match_texts(&q, &[&name, self.describe(a)]).map(|s| (s, a))
            })
            .collect();
        // Best first; equal scores keep the screen's order.
        scored.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
        scored.into_iter().map(|(_, a)| a).collect()
    }
}

/// The filter menu: first a dimension, then a value.
pub struct FilterMenu {
    /// The chosen dimension, once chosen.
    pub dim: Option<Dim>,
    /// Selected entry.
    pub selected: usize,
}

impl FilterMenu {
    /// Entries for the current step: (stored value or "", shown text).
    pub fn entries(&self, list: &ListView) -> Vec<(String, String)> {
        match self.dim {
            None => Dim::ALL
                .iter()
                .map(|d| {
                    let current = list.filters.iter().find(|(x, _)| x == d).map(|(_, v)| d.show(v));
                    let text = match current {
                        Some(v) => format!("{}: {v}", d.label()),
                        None => d.label().to_string(),
                    };
                    (String::new(), text)
                })
                .collect(),
            Some(dim) => {
                let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
                let data = list.data();
                for i in 0..data.len() as u32 {
                    for v in dim.values(data, i) {
                        *counts.entry(v).or_insert(0) += 1;
                    }
                }
                let mut values: Vec<(String, usize)> = counts.into_iter().collect();
                if dim != Dim::Class {
                    values.sort_by_key(|(v, n)| (std::cmp::Reverse(*n), v.clone()));
                }
                std::iter::once((String::new(), t("tui.filter_any").to_string()))
                    .chain(values.into_iter().map(|(v, n)| {
                        let shown = format!("{}  ({n})", dim.show(&v));
                        (v, shown)
                    }))
                    .collect()
            }
        }
    }
}

/// What a prompt does with its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Snooze a follow-up to the date typed.
    Snooze(String),
    /// Drop a follow-up with the reason typed.
    Drop(String),
    /// Read the file named for the import sheet.
    ImportFile,
    /// Plan the weekly plan's suggestion for a customer on the day typed.
    PlanDay {
        /// The week's Monday.
        monday: chrono::NaiveDate,
        /// The suggestion's customer.
        customer: String,
    },
    /// Make the review's Act item (its id) a follow-up due on the day
    /// typed, of the customer given for an item that names none.
    ActFollowup(String, Option<String>),
    /// Choose the customer whose follow-up the review's Act item (its id)
    /// becomes; the due day is asked next.
    ActCustomer(String, super::pick::CustomerPick),
    /// A path to import or export, or a conflict's merged value.
    Sync(super::sync::SyncAsk),
}

/// A one-line question (a date or a reason).
pub struct Prompt {
    /// What it does.
    pub kind: PromptKind,
    /// The title.
    pub title: String,
    /// The answer.
    pub input: TextArea<'static>,
}

/// An overlay, drawn above the current screen.
pub enum Overlay {
    /// A one-line question.
    Prompt(Box<Prompt>),
    /// Keys of the current screen, from this line on.
    Help {
        /// The first line shown.
        scroll: usize,
    },
    /// The command palette.
    Palette(Box<Palette>),
    /// A yes/no question.
    Confirm {
        /// The question.
        message: String,
        /// What yes does.
        then: Pending,
        /// The form the question was asked over, which it comes back to.
        form: Option<Box<super::form::Form>>,
    },
    /// Choosing a filter.
    Filter(FilterMenu),
    /// Creating or editing a record.
    Form(Box<super::form::Form>),
    /// Reading a record or a change in full.
    Read(Box<super::read::ReadView>),
}

/// Insert pasted text, cleaned as the store will keep it (issue 8 §2):
/// no control character or bidi override gets into an input, and only
/// a multi-line field keeps line breaks.
pub(super) fn paste(overlay: &mut Option<Overlay>, list: &mut super::list::ListView, searching: bool, text: &str) {
    use crate::domain::clean::clean;
    match overlay {
        Some(Overlay::Form(form)) => {
            let field = form.focused();
            if !field.takes_text() {
                return;
            }
            let multiline = field.spec.kind == crate::domain::fields::Kind::Long;
            field.input.insert_str(clean(text, multiline));
        }
        None if searching => {
            list.query.insert_str(clean(text, false));
            list.refresh();
        }
        // A path pasted into the import's prompt, a reason, a date.
        Some(Overlay::Prompt(p)) => {
            p.input.insert_str(clean(text, false));
            if let super::overlay::PromptKind::ActCustomer(_, pick) = &mut p.kind {
                pick.refresh(list, &p.input.lines().join(" "));
            }
        }
        _ => {}
    }
}
