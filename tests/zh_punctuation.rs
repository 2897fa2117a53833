//! Chinese text uses Chinese punctuation (issue 10, new-user check): the
//! undo messages, and the words of the week's screens (review, plan, the
//! monthly table, the funnel), in the catalog and where the code joins
//! them — `，：（）；、` where Chinese is written, never `, : ( ) ;`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, memory, text};
use repbook::i18n::{Lang, set_lang};

/// The ASCII marks a Chinese sentence should not carry next to Chinese
/// (a clock time `14:30` or an amount `1,000` is not next to Chinese).
fn ascii_marks_beside_chinese(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || "，：（）；、。“”".contains(c);
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !",:;()".contains(*c) {
            continue;
        }
        // Next to Chinese, past one space.
        let before = chars[..i].iter().rev().find(|c| **c != ' ').copied();
        let after = chars[i + 1..].iter().find(|c| **c != ' ').copied();
        if before.is_some_and(chinese) || after.is_some_and(chinese) {
            let from = i.saturating_sub(6);
            out.push(chars[from..(i + 6).min(chars.len())].iter().collect());
        }
    }
    out
}

#[test]
fn the_week_screens_and_undo_entries_of_the_chinese_catalog_use_chinese_punctuation() {
    let zh = repbook::i18n::parse_catalog(repbook::i18n::source(Lang::ZhCn)).unwrap();
    let sections = ["undo.", "review.", "plan.", "report.", "figures.", "funnel.", "week.", "trash."];
    let mut bad: Vec<String> = zh
        .iter()
        .filter(|(k, _)| sections.iter().any(|s| k.starts_with(s)))
        .filter_map(|(k, v)| {
            let found = ascii_marks_beside_chinese(v);
            (!found.is_empty()).then(|| format!("{k}: {found:?}"))
        })
        .collect();
    bad.sort();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn undo_messages_in_chinese_join_with_chinese_marks() {
    set_lang(Lang::ZhCn);
    let mut store = memory();
    let c = customer(&mut store, "华为", "深圳");
    // An edit of two fields: the fields listed with 、.
    store
        .write(|w| {
            w.update(&repbook::domain::schema::CUSTOMER, &c, &[("city", text("上海")), ("industry", text("化工"))])
        })
        .unwrap();
    let edit = *store.take_written().last().unwrap();
    let said = store.undo_tx(edit).unwrap().message();
    assert!(said.starts_with("已撤销：修改客户 华为（"), "{said}");
    assert!(said.contains('、') && !said.contains(", "), "{said}");
    // A write of two records (an Act item made a follow-up): said with ；.
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let act = store.write(|w| w.add_act(monday, "带样品", Some(&c))).unwrap();
    store.write(|w| w.act_to_followup(&act, monday, None)).unwrap();
    let made = *store.take_written().last().unwrap();
    let said = store.undo_tx(made).unwrap().message();
    assert!(said.contains('；') && !said.contains("; "), "{said}");
    assert!(ascii_marks_beside_chinese(&said).is_empty(), "{said}");
    set_lang(Lang::En);
    let said = store.write_of(made).unwrap().describe();
    assert!(said.contains("; ") && !said.contains('；'), "English keeps its own: {said}");
}

#[test]
fn the_reviews_check_and_plan_in_chinese_join_with_chinese_marks() {
    set_lang(Lang::ZhCn);
    let mut store = memory();
    let cadence = repbook::config::Cadence::default();
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    // Added before the week (a record's id tells the day it was made).
    let added = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    for name in ["华为", "中兴"] {
        let values = [("name", text(name)), ("tier_override", text("A1"))];
        let id = store.write(|w| w.insert_made_on(&repbook::domain::schema::CUSTOMER, added, 3600, &values)).unwrap();
        let visit = [
            ("customer_id", text(&id)),
            ("kind", text("visit")),
            ("status", text("planned")),
            ("date", text("2026-11-17")),
            ("purposes", text("collect_payment, keep_relationship")),
        ];
        store.write(|w| w.insert(&repbook::domain::schema::VISIT, &visit)).unwrap();
    }
    let r = store.review(&cadence, monday, chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).unwrap();
    let md = repbook::interop::review_sheet::markdown(&r);
    let a_line = md.lines().find(|l| l.contains("本周未联系的 A 类客户")).unwrap();
    assert!(a_line.contains("2 个：") && a_line.contains('、'), "{a_line}");
    let not_held = md.lines().find(|l| l.starts_with("| 计划了但未进行")).unwrap();
    assert!(not_held.contains('；') && not_held.contains("（已计划）"), "{not_held}");
    for l in md.lines().filter(|l| l.contains("华为") || l.contains("中兴")) {
        assert!(ascii_marks_beside_chinese(l).is_empty(), "{l}");
    }
    set_lang(Lang::En);
}

#[test]
fn no_choice_of_a_list_field_holds_the_list_separator() {
    use repbook::domain::fields::Kind;
    // A label holding the mark that separates a list's items reads as two
    // (five traits read as six) and would be typed back as two.
    for lang in [Lang::En, Lang::ZhCn] {
        set_lang(lang);
        let sep = repbook::i18n::list_separator().trim();
        for table in repbook::domain::schema::TABLES {
            for spec in table.fields {
                let Kind::Set(values) = spec.kind else { continue };
                for v in values {
                    let label = repbook::i18n::enum_label(spec.name, v);
                    assert!(!label.contains(sep) && !label.contains(','), "{lang:?} {}.{v}: {label}", spec.name);
                }
            }
        }
    }
}
