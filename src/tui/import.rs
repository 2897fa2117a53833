//! The import sheet (issue 12 §5): a spreadsheet or vCard file read (its
//! encoding and sheets shown), each column's field (← → choose another for
//! the selected column, `f` the next sheet of a workbook), and the preview
//! the command line prints: new, updated and bad rows with their lines.
//! Enter imports, after a question: everything when every row is good, or
//! the good rows or nothing when some are bad. The same library functions
//! as `repbook import` ([`crate::interop::import`]).

use super::action::Action;
use super::keymap::Keymap;
use super::outcome::Outcome;
use super::theme::Theme;
use crate::domain::columns::{Target, describe};
use crate::domain::schema::{CUSTOMER, PERSON};
use crate::error::Result;
use crate::i18n::{t, tf};
use crate::interop::import::{self, Plan};
use crate::store::Store;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

/// State of the import sheet.
#[derive(Debug, Clone)]
pub struct ImportView {
    /// The file.
    pub path: PathBuf,
    /// What an import of it would do.
    pub plan: Plan,
    /// The selected column.
    pub selected: usize,
    /// The sheet to read again on the next reload (a workbook's).
    reread: Option<String>,
    /// The first preview line shown (bad rows, then the rows): page down
    /// and page up scroll it, so every row can be read.
    pub scroll: usize,
}

/// Every field a column may fill, and none.
fn choices() -> Vec<Option<Target>> {
    let mut out = vec![None];
    out.extend(CUSTOMER.fields.iter().map(|f| Some(Target::Customer(f.name))));
    out.extend(PERSON.fields.iter().filter(|f| f.name != "customer_id").map(|f| Some(Target::Person(f.name))));
    out.extend([Some(Target::GivenName), Some(Target::FamilyName)]);
    out
}

impl ImportView {
    /// Read the file at `path` (a workbook's `sheet`, else its first) and
    /// plan its import into `store` with the columns guessed.
    pub fn load(store: &Store, path: &Path, sheet: Option<&str>) -> Result<ImportView> {
        let (table, mapping) = if crate::interop::vcard::is_vcard(path) {
            let bytes = std::fs::read(path).map_err(|source| crate::Error::Io { path: path.to_path_buf(), source })?;
            crate::interop::vcard::read(&bytes, None)?
        } else {
            let table = crate::interop::table::read(path, sheet)?;
            let mapping = crate::domain::columns::guess(&table.headers);
            (table, mapping)
        };
        let plan = plan_or_empty(store, table, mapping)?;
        Ok(ImportView { path: path.to_path_buf(), plan, selected: 0, reread: None, scroll: 0 })
    }

    /// Plan again with the columns as they now are (after a change of
    /// field), or read the file again (another sheet).
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        if let Some(sheet) = self.reread.take() {
            *self = ImportView::load(store, &self.path, Some(&sheet))?;
            return Ok(());
        }
        let table = self.plan.table.clone();
        self.plan = plan_or_empty(store, table, self.plan.mapping.clone())?;
        Ok(())
    }

    /// Scroll the preview by `delta` lines (kept within it).
    pub fn scroll_by(&mut self, delta: isize) {
        let last = (self.plan.bad.len() + self.plan.close_text().len() + self.plan.rows.len()).saturating_sub(1);
        self.scroll = self.scroll.saturating_add_signed(delta).min(last);
    }

    /// Move the selection among the columns.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.plan.table.headers.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Give the selected column the next (or previous) field no other
    /// column fills.
    pub fn cycle(&mut self, delta: isize) {
        let all = choices();
        let Some(current) = self.plan.mapping.get(self.selected).copied() else { return };
        let taken = |t: &Option<Target>| {
            t.is_some() && self.plan.mapping.iter().enumerate().any(|(i, m)| i != self.selected && m == t)
        };
        let at = all.iter().position(|c| *c == current).unwrap_or(0);
        let n = all.len() as isize;
        let mut i = at as isize;
        for _ in 0..n {
            i = (i + delta).rem_euclid(n);
            if !taken(&all[i as usize]) {
                break;
            }
        }
        if let Some(slot) = self.plan.mapping.get_mut(self.selected) {
            *slot = all[i as usize];
        }
    }

    /// The next sheet of a workbook, read on the next reload; false for a
    /// file with one sheet or none.
    pub fn next_sheet(&mut self) -> bool {
        let sheets = &self.plan.table.sheets;
        if sheets.len() < 2 {
            return false;
        }
        let at = self.plan.table.sheet.as_ref().and_then(|s| sheets.iter().position(|x| x == s)).unwrap_or(0);
        self.reread = sheets.get((at + 1) % sheets.len()).cloned();
        true
    }

    /// An action on the sheet (see [`super::sheet::Sheet::handle`]).
    pub fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::NextTab | Action::PrevTab => {
                self.cycle(if action == Action::NextTab { 1 } else { -1 });
                Outcome::Reload
            }
            Action::Filter if self.next_sheet() => Outcome::Reload,
            Action::Open => Outcome::Yes,
            _ => Outcome::Keep,
        }
    }

    /// The question before importing; `None` when there is nothing to.
    /// `undo` is the key that takes the import back.
    pub fn question(&self, store: &Store, undo: &str) -> Option<String> {
        let c = self.plan.counts();
        if self.plan.is_empty() {
            return None;
        }
        let undo = undo_text(store, undo);
        let args: [(&str, &dyn std::fmt::Display); 6] = [
            ("new_customers", &c.new_customers),
            ("updated_customers", &c.updated_customers),
            ("new_people", &c.new_people),
            ("updated_people", &c.updated_people),
            ("count", &self.plan.bad.len()),
            ("undo", &undo),
        ];
        let confirm = if self.plan.bad.is_empty() {
            tf("interop.tui_confirm", &args)
        } else {
            tf("interop.tui_confirm_bad", &args)
        };
        Some(if self.plan.close.is_empty() {
            confirm
        } else {
            let close = tf("interop.tui_confirm_close", &[("count", &self.plan.close.len())]);
            format!("{close} {confirm}")
        })
    }

    /// Import the good rows (after the question's yes): one transaction,
    /// after a backup. Returns what to say.
    pub fn apply(&self, store: &mut Store) -> Result<String> {
        let (c, _) = import::apply(store, &self.plan)?;
        Ok(tf(
            "interop.tui_imported",
            &[
                ("new_customers", &c.new_customers),
                ("updated_customers", &c.updated_customers),
                ("new_people", &c.new_people),
                ("updated_people", &c.updated_people),
            ],
        ))
    }

    /// Draw into `area`: the file, its columns, the preview, the keys.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        let mut out = super::widgets::Lines::new(buf, area);
        let table = &self.plan.table;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.line(&tf("interop.tui_title", &[("file", &name), ("encoding", &table.encoding)]), theme.heading());
        if let Some(sheet) = &table.sheet {
            out.line(&tf("interop.read_sheet", &[("sheet", sheet), ("sheets", &table.sheets.join(", "))]), theme.dim());
        }
        // The columns take up to half the room; the preview the rest.
        let room = out.room() / 2;
        let first = self.selected.saturating_sub(room.saturating_sub(2));
        out.line(t("interop.tui_columns"), theme.heading());
        for (i, h) in table.headers.iter().enumerate().skip(first).take(room.saturating_sub(1)) {
            let target = self.plan.mapping.get(i).copied().flatten();
            let what = target.map_or_else(|| t("interop.tui_unmapped").to_string(), describe);
            let mark = if i == self.selected { "> " } else { "  " };
            let style = if i == self.selected {
                theme.selected()
            } else if target.is_none() {
                theme.dim()
            } else {
                ratatui::style::Style::default()
            };
            out.line(&format!("{mark}{h} → {what}"), style);
        }
        let summary = self.plan.summary();
        out.line(&summary, theme.heading());
        // The preview, bad rows first, scrolled; what does not fit is
        // counted, with the key that shows it.
        let bad = self
            .plan
            .bad
            .iter()
            .map(|b| (tf("interop.bad_row", &[("line", &b.line), ("reason", &b.reason)]), theme.error()));
        let close = self.plan.close_text().into_iter().map(|w| (w, theme.heading()));
        let preview: Vec<(String, ratatui::style::Style)> =
            bad.chain(close).chain(self.plan.rows.iter().map(|r| (r.describe(), theme.dim()))).collect();
        let room = out.room();
        let first = self.scroll.min(preview.len().saturating_sub(1));
        let left = preview.len() - first;
        let shown = if left > room { room.saturating_sub(1) } else { left };
        for (text, style) in preview.iter().skip(first).take(shown) {
            out.line(text, *style);
        }
        if shown < left || first > 0 {
            let keys_line = tf(
                "interop.tui_more",
                &[
                    ("from", &(first + 1)),
                    ("to", &(first + shown)),
                    ("count", &preview.len()),
                    ("keys", &format!("{}/{}", keys.key(Action::PageUp), keys.key(Action::PageDown))),
                ],
            );
            out.line(&keys_line, theme.dim());
        }
        let hint = keys.hint(
            "interop.tui_hint",
            &[
                (
                    "field",
                    format!("{}/{}", keys.keys_of(Action::PrevTab).join("/"), keys.keys_of(Action::NextTab).join("/")),
                ),
                ("sheet", keys.keys_of(Action::Filter).join("/")),
                ("import", keys.keys_of(Action::Open).join("/")),
                ("back", keys.keys_of(Action::Back).join("/")),
            ],
        );
        out.hint(&hint, theme.dim());
    }
}

/// How the import is taken back: with a backup first, or (the demo, backups
/// turned off) by undo alone.
fn undo_text(store: &Store, undo: &str) -> String {
    if store.backs_up_before_imports() {
        tf("interop.undo_with_backup", &[("undo", &undo)])
    } else {
        tf("interop.undo_without_backup", &[("undo", &undo)])
    }
}

/// A plan, or (no column for the customer's name yet) one with every row
/// waiting for the user to choose that column.
fn plan_or_empty(store: &Store, table: crate::interop::table::RawTable, mapping: Vec<Option<Target>>) -> Result<Plan> {
    if import::check_mapping(&mapping).is_ok() {
        return import::plan(store, table, mapping);
    }
    let bad = table
        .rows
        .iter()
        .map(|(line, _)| import::BadRow { line: *line, reason: t("interop.tui_no_name_column").to_string() })
        .collect();
    Ok(Plan::unplanned(table, mapping, bad))
}
