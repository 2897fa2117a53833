//! The import sheet (issue 12 §5): `I` asks for a file, the sheet shows its
//! encoding, each column's field (← → to choose another) and the preview
//! with bad rows by line; Enter asks, then imports all the good rows or
//! nothing. Snapshots at 80×24 and 120×40 in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::domain::schema::PERSON;
use repbook::i18n::{Lang, set_lang};
use repbook::store::{CustomerFilter, RecordQuery};
use repbook::tui::{App, Overlay, Sheet};
use support::{app, key, screen, typed};

/// A GBK CSV as Excel on Chinese Windows saves it, one row bad.
fn gbk_file(dir: &std::path::Path) -> std::path::PathBuf {
    let text = "序号,客户名称,联系人,手机,城市,生日\r\n\
        1,重庆钢铁集团,王芳,13800138000,重庆,1980-07-01\r\n\
        2,成都机电,李强,13900001111,成都,13-45\r\n\
        3,西安电缆,周杰,13500000000,西安,11月26日\r\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let p = dir.join("客户名单.csv");
    std::fs::write(&p, &bytes).unwrap();
    p
}

fn open(a: &mut App, path: &std::path::Path) {
    key(a, KeyCode::Char('I'));
    assert!(matches!(a.overlay, Some(Overlay::Prompt(_))));
    typed(a, path.to_str().unwrap());
    key(a, KeyCode::Enter);
    assert!(a.overlay.is_none(), "the prompt closes on a file read");
    assert!(matches!(a.sheet, Some(Sheet::Import(_))));
}

fn counts(a: &App) -> (usize, usize) {
    let c = a.store.customers(&CustomerFilter::default()).unwrap().len();
    (c, a.store.records(&PERSON, &RecordQuery::default()).unwrap().len())
}

#[test]
fn the_sheet_and_its_question_in_both_languages_and_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let file = gbk_file(dir.path());
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        for (w, h) in [(80, 24), (120, 40)] {
            set_lang(lang);
            let mut a = app(3);
            open(&mut a, &file);
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_sheet"), screen(&mut a, w, h));
            key(&mut a, KeyCode::Enter);
            assert!(matches!(a.overlay, Some(Overlay::Confirm { .. })));
            insta::assert_snapshot!(format!("{tag}_{w}x{h}_confirm_bad"), screen(&mut a, w, h));
        }
    }
}

#[test]
fn no_imports_nothing_yes_imports_the_good_rows_once() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let file = gbk_file(dir.path());
    let mut a = app(3);
    let before = counts(&a);
    open(&mut a, &file);
    let Some(Sheet::Import(view)) = &a.sheet else { panic!() };
    assert_eq!(view.plan.table.encoding, "GBK");
    assert_eq!(view.plan.bad.iter().map(|b| b.line).collect::<Vec<_>>(), [3]);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(counts(&a), before, "no: nothing imported");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('y'));
    assert!(a.sheet.is_none(), "the sheet closes on the import");
    assert_eq!(counts(&a), (before.0 + 2, before.1 + 2));
    // Again: every row is there; nothing to ask.
    open(&mut a, &file);
    let Some(Sheet::Import(view)) = &a.sheet else { panic!() };
    assert!(view.plan.is_empty());
    key(&mut a, KeyCode::Enter);
    assert!(a.overlay.is_none());
    assert_eq!(counts(&a), (before.0 + 2, before.1 + 2));
    // u takes the whole import back.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(counts(&a), before);
}

#[test]
fn a_column_nobody_knows_is_given_its_field_with_the_arrows() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("firmen.csv");
    std::fs::write(&file, "Firma,Ort\nMüller GmbH,Stuttgart\nSchmidt AG,Köln\n").unwrap();
    let mut a = app(3);
    open(&mut a, &file);
    let Some(Sheet::Import(view)) = &a.sheet else { panic!() };
    assert_eq!(view.plan.bad.len(), 2, "no customer name column yet: nothing can be imported");
    assert!(screen(&mut a, 80, 24).contains("choose one with"));
    key(&mut a, KeyCode::Right);
    let Some(Sheet::Import(view)) = &a.sheet else { panic!() };
    assert_eq!(view.plan.mapping[0], Some(repbook::domain::columns::Target::Customer("name")));
    assert!(view.plan.bad.is_empty());
    assert_eq!(view.plan.counts().new_customers, 2);
    key(&mut a, KeyCode::Down);
    for _ in 0..5 {
        key(&mut a, KeyCode::Right);
    }
    let Some(Sheet::Import(view)) = &a.sheet else { panic!() };
    assert_eq!(
        view.plan.mapping[1],
        Some(repbook::domain::columns::Target::Customer("city")),
        "name is taken: skipped"
    );
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('y'));
    let names: Vec<String> =
        a.store.customers(&CustomerFilter::default()).unwrap().iter().map(|c| c.title().to_string()).collect();
    assert!(names.contains(&"Müller GmbH".to_string()), "{names:?}");
}

#[test]
fn a_file_that_cannot_be_read_keeps_the_prompt_with_why() {
    set_lang(Lang::En);
    let mut a = app(3);
    key(&mut a, KeyCode::Char('I'));
    typed(&mut a, "/nowhere/at/all.csv");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Some(Overlay::Prompt(_))), "the prompt stays");
    assert!(a.sheet.is_none());
}

#[test]
fn rows_that_do_not_fit_are_counted_and_scrolled_to() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.csv");
    let rows: String = (0..40).map(|i| format!("客户{i},13{i:09}\n")).collect();
    std::fs::write(&file, format!("客户名称,公司电话\n{rows}")).unwrap();
    let mut a = app(3);
    open(&mut a, &file);
    let text = screen(&mut a, 80, 24);
    let shown = text.lines().filter(|l| l.starts_with("line ")).count();
    assert!(shown > 0 && shown < 40, "{text}");
    let more = text.lines().find(|l| l.contains("scroll the preview")).unwrap_or_else(|| panic!("{text}"));
    assert!(more.starts_with(&format!("Lines 1–{shown} of 40: PgUp/PgDn")), "{more}");
    assert!(!text.contains("客户39,") && !text.contains("客户39 "), "the last row is not shown yet");
    // Page down until the last row is on the screen: every row can be read.
    let mut seen_last = false;
    for _ in 0..10 {
        key(&mut a, KeyCode::PageDown);
        let text = screen(&mut a, 80, 24);
        if text.contains("客户39") {
            seen_last = true;
            assert!(text.contains("of 40"), "{text}");
            break;
        }
    }
    assert!(seen_last, "page down reaches the last row");
    // The arrows still move among the columns; page up goes back to the top.
    for _ in 0..10 {
        key(&mut a, KeyCode::PageUp);
    }
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Lines 1–"), "{text}");
}

#[test]
fn a_pasted_path_is_read_like_a_typed_one() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let file = gbk_file(dir.path());
    let mut a = app(3);
    key(&mut a, KeyCode::Char('I'));
    a.handle_event(&crossterm::event::Event::Paste(format!("{}\u{1b}[31m", file.display())));
    let Some(Overlay::Prompt(p)) = &a.overlay else { panic!() };
    assert_eq!(p.input.lines().join(""), format!("{}[31m", file.display()), "cleaned as it is pasted");
    key(&mut a, KeyCode::Char('u'));
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.sheet, Some(Sheet::Import(_))), "{:?}", a.status);
}

/// A new customer whose name reads like one already in the archive is
/// named on the sheet, above the rows, and in the question before the
/// import (issue 12: the warning `customer add` gives).
#[test]
fn a_close_name_is_named_on_the_sheet_and_in_the_question() {
    use repbook::domain::fields::Value;
    use repbook::domain::schema::CUSTOMER;
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(3);
    let id = a.store.write(|w| w.insert(&CUSTOMER, &[("name", Value::Text("重庆恒达机电".into()))])).unwrap();
    let p = dir.path().join("c.csv");
    std::fs::write(&p, "客户名称,城市\n重庆恒大机电,重庆\n").unwrap();
    open(&mut a, &p);
    let text = screen(&mut a, 120, 40);
    let short = &id[id.len() - 8..];
    assert!(
        text.contains(&format!("line 2: 重庆恒大机电 is close to 重庆恒达机电 ({short}, the same pinyin)")),
        "{text}"
    );
    key(&mut a, KeyCode::Enter);
    let Some(Overlay::Confirm { message, .. }) = &a.overlay else { panic!("no question") };
    assert!(message.starts_with("1 of the new customers has a name close to another's"), "{message}");
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.store.close_customers("重庆恒大机电").unwrap().len(), 2, "imported all the same");
}

/// One row read is said in the singular (issue 9, a reviewer's §9).
#[test]
fn one_row_read_is_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("one.csv");
    std::fs::write(&p, "客户名称,城市\n重庆钢铁集团,重庆\n").unwrap();
    set_lang(Lang::En);
    let mut a = app(3);
    open(&mut a, &p);
    assert!(a.status.text.contains("Read 1 row ("), "{:?}", a.status);
}
