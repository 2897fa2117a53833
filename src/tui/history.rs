//! A dossier's History tab: every recorded change, grouped by record and
//! moment, with values shown as everywhere else (`entity::show_value`).

use crate::domain::schema::{self, Table};
use crate::i18n::t;
use crate::store::{Dossier, HistoryEntry};

/// Names of the records in a dossier, by id: people and competitors by
/// name, records and visits by date, follow-ups by what is to be done.
fn names(d: &Dossier) -> std::collections::HashMap<&str, &str> {
    std::iter::once(&d.customer)
        .chain(&d.people)
        .chain(&d.competitors)
        .chain(&d.trades)
        .chain(&d.visits)
        .chain(&d.followups)
        .chain(&d.opportunities)
        .map(|e| {
            let name = match e.table.name {
                "trade" | "visit" => e.text_or_empty("date"),
                _ => e.title_or_what(),
            };
            (e.id.as_str(), name)
        })
        .collect()
}

/// Names of records the dossier no longer holds (deleted ones), from the
/// history itself: the newest value of the field that names each.
fn names_from_history(history: &[HistoryEntry]) -> std::collections::HashMap<&str, String> {
    let mut out = std::collections::HashMap::new();
    for h in history.iter().filter(|h| !h.conflict) {
        let naming = match h.table.as_str() {
            "trade" | "visit" => "date",
            "competitor" => "product",
            "opportunity" => "need",
            "followup" => "what",
            _ => "name",
        };
        if h.column == naming
            && !out.contains_key(h.row.as_str())
            && let Some(name) = h.value.as_deref().and_then(|v| serde_json::from_str::<String>(v).ok())
        {
            out.insert(h.row.as_str(), name);
        }
    }
    out
}

/// One line of History: the changes one write made to one record.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// When, as shown.
    pub when: String,
    /// What changed, as shown.
    pub what: String,
    /// The table of the record the changes are about (None for a table
    /// this build does not know).
    pub table: Option<&'static Table>,
    /// The record's id.
    pub row: String,
}

/// History as lines: the changes one write made to one record, together.
/// `refs` says a generated follow-up's `ref` in words (`Store::ref_value_words`).
pub(super) fn lines(
    d: &Dossier,
    history: &[HistoryEntry],
    clock: &dyn crate::clock::Clock,
    refs: &dyn Fn(&str) -> Option<String>,
) -> Vec<Line> {
    let names = names(d);
    // A deleted record is named too ("key person 王强 · deleted").
    let gone = names_from_history(history);
    let mut out = Vec::new();
    let mut i = 0;
    while i < history.len() {
        let h = &history[i];
        let mut j = i;
        while j < history.len() && history[j].row == h.row && history[j].write == h.write && history[j].table == h.table
        {
            j += 1;
        }
        // Entries come newest first; within a moment show them as written.
        let group: Vec<&HistoryEntry> = history[i..j].iter().rev().filter(|h| h.column != "customer_id").collect();
        i = j;
        if group.is_empty() {
            continue;
        }
        let table = schema::table(&h.table);
        let what = table.map_or(h.table.as_str(), |t| crate::i18n::t(t.noun));
        let name =
            names.get(h.row.as_str()).copied().or_else(|| gone.get(h.row.as_str()).map(String::as_str)).unwrap_or("");
        let changes: Vec<String> = group
            .iter()
            .map(|h| {
                if generated_what(h) {
                    // A generated follow-up's text is rendered, not stored.
                    format!("{} {name}", crate::domain::schema::FOLLOWUP.field("what").map_or("", |f| f.label()))
                } else {
                    change_text(h, table, refs)
                }
            })
            .collect();
        let when = clock.local(h.at_ms).map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
        out.push(Line { when, what: format!("{what} {name} · {}", changes.join("; ")), table, row: h.row.clone() });
    }
    out
}

/// True for the language-neutral `what` of a generated follow-up.
fn generated_what(h: &HistoryEntry) -> bool {
    h.table == "followup"
        && h.column == "what"
        && h.value
            .as_deref()
            .and_then(|v| serde_json::from_str::<String>(v).ok())
            .is_some_and(|v| crate::domain::followup::GENERATED.contains(&v.as_str()))
}

fn change_text(h: &HistoryEntry, table: Option<&'static Table>, refs: &dyn Fn(&str) -> Option<String>) -> String {
    match h.column.as_str() {
        "_cl" => match h.value.as_deref().and_then(|v| v.parse::<i64>().ok()) {
            Some(1) => t("tui.hist_created").to_string(),
            Some(n) if n % 2 == 0 => t("tui.hist_deleted").to_string(),
            _ => t("tui.hist_restored").to_string(),
        },
        "_erase" => t("tui.hist_erased").to_string(),
        col => {
            let spec = table.and_then(|t| t.field(col));
            let label = spec.map_or(col, |f| f.label());
            // The value as every other view shows it (money with decimals,
            // enum labels), first line only.
            let value = match h.value.as_deref().map(serde_json::from_str::<crate::domain::fields::Value>) {
                Some(Ok(crate::domain::fields::Value::Null)) => t("tui.hist_cleared").to_string(),
                // Where a follow-up came from, in words, never its id
                // (`trade:01a1…`); erased since, said so.
                Some(Ok(crate::domain::fields::Value::Text(r))) if h.table == "followup" && col == "ref" => {
                    refs(&r).unwrap_or_else(|| t("tui.hist_scrubbed").to_string())
                }
                Some(Ok(v)) => match spec {
                    Some(spec) => crate::domain::entity::show_value(spec, &v).lines().next().unwrap_or("").to_string(),
                    None => match v {
                        crate::domain::fields::Value::Int(i) => i.to_string(),
                        crate::domain::fields::Value::Bool(b) => b.to_string(),
                        other => other.as_text().unwrap_or("").to_string(),
                    },
                },
                _ => t("tui.hist_scrubbed").to_string(),
            };
            if h.conflict {
                crate::i18n::tf("tui.hist_conflict", &[("change", &format!("{label} {value}"))])
            } else {
                format!("{label} {value}")
            }
        }
    }
}
