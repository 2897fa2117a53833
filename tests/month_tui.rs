//! The monthly visit statistics table screen (issue 10 §5) on the demo with
//! a fixed clock (2026-11-22): this month and the month before at 80×24 and
//! 120×40 in both languages, the same rows as `repbook report visits`, and
//! Enter opening the selected customer. And `--month` in words.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod tui;

#[path = "support/cli.rs"]
mod cli_env;

use crossterm::event::KeyCode;
use repbook::i18n::Lang;
use repbook::tui::Sheet;

fn month_screens(lang: Lang, w: u16, h: u16) -> Vec<(&'static str, String)> {
    repbook::i18n::set_lang(lang);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('M'));
    let mut out = vec![("month", tui::screen(&mut a, w, h))];
    tui::key(&mut a, KeyCode::Left);
    out.push(("month_before", tui::screen(&mut a, w, h)));
    out
}

#[test]
fn the_month_table_screen_in_both_languages_and_sizes() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        for (w, h) in [(80, 24), (120, 40)] {
            for (name, text) in month_screens(lang, w, h) {
                insta::assert_snapshot!(format!("{tag}_{w}x{h}_{name}"), text);
            }
        }
    }
    repbook::i18n::set_lang(Lang::En);
}

#[test]
fn the_screen_shows_the_rows_of_the_report_and_enter_opens_a_customer() {
    repbook::i18n::set_lang(Lang::En);
    let mut a = tui::app(12);
    tui::key(&mut a, KeyCode::Char('M'));
    let stats = {
        let Some(Sheet::Month(view)) = &a.sheet else { panic!("the table is open") };
        view.stats.clone().unwrap()
    };
    let today = a.store.clock().today();
    let first = chrono::Datelike::with_day(&today, 1).unwrap();
    let same = a.store.visit_stats(&repbook::config::Cadence::default(), first, today).unwrap();
    assert_eq!(stats.month, same.month);
    assert_eq!(stats.total, same.total, "the figures of `repbook report visits`");
    let text = tui::screen(&mut a, 120, 40);
    let (_, rows) = repbook::interop::visit_table::text_rows(&stats, 40);
    let total = rows.last().unwrap().text.clone();
    assert!(text.contains(total.trim_end()), "the grand total line is shown:\n{text}");
    // ] and [ change the month; Enter on the first row opens its customer.
    tui::key(&mut a, KeyCode::Char(']'));
    tui::key(&mut a, KeyCode::Char('['));
    let first = stats.rows[0].id.clone();
    tui::key(&mut a, KeyCode::Enter);
    assert!(a.sheet.is_none());
    let repbook::tui::Screen::Dossier { view, .. } = &a.screen else { panic!("a dossier is open") };
    assert_eq!(view.id(), first);
}

#[test]
fn the_month_in_words_on_the_command_line() {
    use chrono::Datelike;
    let env = cli_env::Env::new();
    env.ok(&["customer", "add", "Acme"]);
    let today = chrono::Local::now().date_naive();
    let this = today.with_day(1).unwrap();
    let last = this.pred_opt().unwrap().with_day(1).unwrap();
    for (words, month) in [("this month", this), ("本月", this), ("last month", last), ("上月", last)] {
        let j = env.json(&["report", "visits", "--month", words]);
        assert_eq!(j["month"], month.format("%Y-%m-%d").to_string(), "{words}");
    }
    let out = env.run(&["report", "visits", "--month", "someday"]);
    let (_, err) = cli_env::failure(&out);
    assert!(err.contains("this month, last month"), "{err}");
}

#[test]
fn a_busy_months_columns_stay_apart() {
    use repbook::domain::report::{Counts, VisitStats};
    repbook::i18n::set_lang(Lang::En);
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    let total = Counts {
        visits_by_week: vec![416, 3],
        calls_by_week: vec![1704, 0],
        visits: 419,
        calls: 1704,
        goals_met: 123_456,
        goals_partly: 0,
        norm_met: 831,
        norm_pending: 0,
        customers: 3861,
    };
    let stats = VisitStats {
        month: d(1),
        as_of: d(30),
        weeks: vec![(d(1), d(1)), (d(2), d(8))],
        rows: Vec::new(),
        by_class: std::collections::BTreeMap::new(),
        total,
    };
    let (head, rows) = repbook::interop::visit_table::text_rows(&stats, 16);
    let line = &rows.last().unwrap().text;
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cells, ["Total", "416/1704", "3/0", "419/1704", "123456", "831/3861"], "{head}\n{line}");
    let week2 = head.find("W2").unwrap();
    assert_eq!(line.find("3/0").unwrap(), week2, "cells under their heading:\n{head}\n{line}");
}

#[test]
fn at_80_columns_the_week_headings_stand_apart_and_the_selected_name_is_whole() {
    // In Chinese the weeks go by number alone and the last contact goes,
    // so the names get the room (a 28-column name whole in its row).
    for (lang, heads) in [(Lang::ZhCn, "客户                          1   2   3   4"), (Lang::En, "W1   W2   W3")] {
        repbook::i18n::set_lang(lang);
        let mut a = tui::app(12);
        tui::key(&mut a, KeyCode::Char('M'));
        let stats = {
            let Some(Sheet::Month(view)) = &a.sheet else { panic!("the table is open") };
            view.stats.clone().unwrap()
        };
        // Down the table: on each customer's row its whole name shows.
        let (_, lines) = repbook::interop::visit_table::text_rows(&stats, 40);
        let mut named = 0;
        for line in lines.iter().take(8) {
            let shown = tui::screen(&mut a, 80, 24);
            assert!(shown.lines().nth(1).unwrap().contains(heads), "{shown}");
            // Every line fits: the norms column is not cut.
            assert!(shown.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80));
            if let Some(id) = &line.customer {
                let row = stats.rows.iter().find(|r| &r.id == id).unwrap();
                assert!(shown.contains(&format!("{} {}", row.tier.as_str(), row.name)), "{} in\n{shown}", row.name);
                named += 1;
            }
            tui::key(&mut a, KeyCode::Down);
        }
        assert!(named >= 5);
        if lang == Lang::ZhCn {
            let shown = tui::screen(&mut a, 80, 24);
            assert!(shown.lines().any(|l| l.contains("A1    武汉博远物流科技股份有限公司  ·")), "{shown}");
            // The norms column is whole: the total's share (10/12) too.
            let share = format!("{}/{}", stats.total.norm_met, stats.total.norm_judged());
            assert!(shown.lines().any(|l| l.contains("总计") && l.ends_with(&share)), "{share} in\n{shown}");
        }
    }
    repbook::i18n::set_lang(Lang::En);
}
