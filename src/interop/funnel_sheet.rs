//! The funnel as tables in the active language: by stage (open count and
//! amount, moved in and out, overdue) with its total, won and lost; what
//! moved; what is past its expected decision date. The terminal, Markdown
//! and CSV show the same rows.

use super::sheet::{Cell, RowKind, Sheet, markdown_escape};
use crate::domain::funnel::{Funnel, Item};
use crate::i18n::{enum_label, t, tf};
use std::fmt::Write as _;

fn money(_currency: &str, v: i64) -> Cell {
    Cell::Money(v)
}

/// A column's heading; the amount's names the currency (the cells are
/// numbers, so that a spreadsheet can sum them).
fn heading(key: &str, currency: &str) -> String {
    if key == "funnel.col_amount" && !currency.trim().is_empty() {
        tf("funnel.col_amount_in", &[("currency", &currency.trim())])
    } else {
        t(key).to_string()
    }
}

/// The stages with their figures, a total row, then won and lost.
pub fn sheet(f: &Funnel, currency: &str) -> Sheet {
    let int = |n: u32| Cell::Int(i64::from(n));
    let mut rows: Vec<(RowKind, Vec<Cell>)> = f
        .stages
        .iter()
        .map(|r| {
            (
                RowKind::Plain,
                vec![
                    Cell::from(r.label.as_str()),
                    int(r.count),
                    money(currency, r.amount),
                    int(r.moved_in),
                    int(r.moved_out),
                    int(r.overdue),
                ],
            )
        })
        .collect();
    let sum = |g: fn(&crate::domain::funnel::StageRow) -> u32| int(f.stages.iter().map(g).sum());
    rows.push((
        RowKind::Total,
        vec![
            Cell::from(t("funnel.open_total")),
            int(f.open),
            money(currency, f.open_amount),
            Cell::Empty,
            Cell::Empty,
            sum(|r| r.overdue),
        ],
    ));
    for (state, count, amount) in [("won", f.won, f.won_amount), ("lost", f.lost, f.lost_amount)] {
        rows.push((
            RowKind::Total,
            vec![
                Cell::from(enum_label("state", state)),
                int(count),
                money(currency, amount),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
        ));
    }
    Sheet {
        title: tf("funnel.title", &[("from", &f.from), ("to", &f.to)]),
        headers: [
            "funnel.col_stage",
            "funnel.col_open",
            "funnel.col_amount",
            "funnel.col_in",
            "funnel.col_out",
            "funnel.col_overdue",
        ]
        .iter()
        .map(|k| heading(k, currency))
        .collect(),
        rows,
    }
}

fn items(title: String, list: &[Item], currency: &str, moves: bool) -> Sheet {
    let headers = if moves {
        [
            "funnel.col_day",
            "funnel.col_customer",
            "funnel.col_need",
            "funnel.col_from",
            "funnel.col_to",
            "funnel.col_amount",
        ]
    } else {
        ["funnel.col_decision", "funnel.col_customer", "funnel.col_need", "funnel.col_stage", "funnel.col_amount", ""]
    };
    let rows = list
        .iter()
        .map(|i| {
            let mut row = vec![
                Cell::from(i.on.to_string()),
                Cell::from(i.customer.as_str()),
                Cell::from(i.need.as_str()),
                Cell::from(if i.from.is_empty() && moves { t("funnel.new") } else { i.from.as_str() }),
            ];
            if moves {
                row.push(Cell::from(i.to.as_str()));
            }
            row.push(money(currency, i.amount));
            (RowKind::Plain, row)
        })
        .collect();
    Sheet { title, headers: headers.iter().filter(|k| !k.is_empty()).map(|k| heading(k, currency)).collect(), rows }
}

/// What moved in the period.
pub fn moves_sheet(f: &Funnel, currency: &str) -> Sheet {
    items(t("funnel.moves_title").to_string(), &f.moves, currency, true)
}

/// The open ones past their expected decision date.
pub fn overdue_sheet(f: &Funnel, currency: &str) -> Sheet {
    items(t("funnel.overdue_title").to_string(), &f.overdue, currency, false)
}

/// The three tables as Markdown, one after the other.
pub fn markdown(f: &Funnel, currency: &str) -> String {
    let mut out = sheet(f, currency).to_markdown();
    for s in [moves_sheet(f, currency), overdue_sheet(f, currency)] {
        out.push('\n');
        if s.rows.is_empty() {
            let _ = writeln!(out, "## {}\n\n{}", markdown_escape(&s.title), t("funnel.none"));
        } else {
            out.push_str(&s.to_markdown());
        }
    }
    out
}

/// The three tables as CSV for a spreadsheet, one after the other with a
/// blank line between, each under its title; amounts are plain numbers.
pub fn csv(f: &Funnel, currency: &str) -> crate::error::Result<Vec<u8>> {
    let mut out = sheet(f, currency).to_csv()?;
    for mut s in [moves_sheet(f, currency), overdue_sheet(f, currency)] {
        if s.rows.is_empty() {
            s.rows.push((RowKind::Plain, vec![Cell::from(t("funnel.none"))]));
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&s.to_csv_titled()?);
    }
    Ok(out)
}

/// `s` as aligned columns under its headers, each line after `indent`.
fn columns(s: &Sheet, indent: &str) -> Vec<String> {
    use crate::text::{one_line, pad};
    use unicode_width::UnicodeWidthStr;
    let widths: Vec<usize> = (0..s.headers.len())
        .map(|c| {
            s.rows
                .iter()
                .map(|(_, r)| r.get(c).map_or(0, |cell| one_line(&cell.text()).width()))
                .chain([s.headers[c].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        let joined = cells.iter().zip(&widths).map(|(c, w)| pad(&one_line(c), *w)).collect::<Vec<_>>().join("  ");
        format!("{indent}{}", joined.trim_end())
    };
    let mut out = vec![line(s.headers.clone())];
    for (_, r) in &s.rows {
        out.push(line(r.iter().map(Cell::text).collect()));
    }
    out
}

/// The funnel for a terminal: the stages, what moved and what is past its
/// date, each as aligned columns under its headers.
pub fn text(f: &Funnel, currency: &str) -> String {
    let s = sheet(f, currency);
    let mut out = vec![s.title.clone(), String::new()];
    out.extend(columns(&s, ""));
    for extra in [moves_sheet(f, currency), overdue_sheet(f, currency)] {
        out.push(String::new());
        out.push(extra.title.clone());
        if extra.rows.is_empty() {
            out.push(format!("  {}", t("funnel.none")));
        } else {
            out.extend(columns(&extra, "  "));
        }
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::funnel::StageRow;
    use chrono::NaiveDate;

    #[test]
    fn markdown_keeps_its_columns_whatever_a_need_holds() {
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let day = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap_or_default();
        let item = Item {
            id: "x".into(),
            customer_id: "c".into(),
            customer: "重庆|钢铁".into(),
            need: "cold room | line\n2".into(),
            amount: 12_345,
            from: "low interest".into(),
            to: "won".into(),
            on: day,
        };
        let f = Funnel {
            from: day,
            to: day,
            stages: vec![StageRow { stage: "a|b".into(), label: "a|b".into(), count: 1, ..StageRow::default() }],
            moves: vec![item.clone()],
            overdue: vec![item],
            ..Funnel::default()
        };
        let md = markdown(&f, "¥");
        let tables: Vec<&str> = md.split("\n\n").filter(|b| b.starts_with('|')).collect();
        assert_eq!(tables.len(), 3, "{md}");
        for table in tables {
            let cols: Vec<usize> = table.lines().map(|l| l.replace("\\|", "").matches('|').count()).collect();
            assert!(cols.windows(2).all(|w| w[0] == w[1]), "every row as wide as its header: {table}");
        }
        assert!(md.contains("重庆\\|钢铁") && md.contains("cold room \\| line 2"), "{md}");
    }
}
