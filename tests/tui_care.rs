//! The archive's care in the interface (issue 8 §7): the palette's Archive
//! shows what `repbook doctor` finds and the backups, `b` backs up now, and
//! Enter puts a backup back after a yes — the interface then goes on with
//! the restored archive, and the one it replaced is kept aside.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::KeyCode;
use repbook::i18n::{Lang, set_lang};
use repbook::store::{CustomerFilter, Store};
use support::{app_on_file, file_store as store, key, screen, typed};

fn names(s: &Store) -> Vec<String> {
    s.customers(&CustomerFilter::default()).unwrap().into_iter().map(|c| c.title().to_string()).collect()
}

#[test]
fn back_up_and_put_a_backup_back_from_the_interface() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    repbook::demo::generate(&mut store(&path), 30, repbook::demo::SEED).unwrap();
    let mut app = app_on_file(&path);

    // The palette finds it by name.
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, "archive");
    key(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 100, 30);
    let had = repbook::store::backups(&path).len();
    assert!(s.contains("integrity check passed") && s.contains(&format!("Backups beside it ({had})")), "{s}");

    key(&mut app, KeyCode::Char('b'));
    let s = screen(&mut app, 100, 30);
    assert!(s.contains(&format!("Backups beside it ({})", had + 1)) && s.contains("Backed up to"), "{s}");
    // Newest first: Enter below puts back the backup just made.
    let before = names(&app.store);

    // A change after the backup, from another connection.
    {
        let mut other = store(&path);
        other
            .write(|w| {
                w.insert(
                    &repbook::domain::schema::CUSTOMER,
                    &[("name", repbook::domain::fields::Value::Text("备份之后".into()))],
                )
            })
            .unwrap();
    }
    assert!(names(&store(&path)).contains(&"备份之后".to_string()));

    key(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("Put the backup"), "asks first: {s}");
    key(&mut app, KeyCode::Char('y'));
    app.wait_loaded();
    assert!(!app.quit, "{:?}", app.status);
    assert!(app.status.text.contains("Backup put back"), "{:?}", app.status);
    assert_eq!(names(&app.store), before, "the interface goes on with the restored archive");
    assert!(!names(&store(&path)).contains(&"备份之后".to_string()));
    let aside = repbook::store::backups(&path).into_iter().find(|p| p.to_string_lossy().contains(".replaced-"));
    let aside = aside.expect("the replaced archive is kept aside");
    assert!(names(&store(&aside)).contains(&"备份之后".to_string()), "nothing is lost: it is in the file put aside");

    // The restored archive takes writes.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "恢复之后");
    support::ctrl(&mut app, 's');
    assert!(names(&store(&path)).contains(&"恢复之后".to_string()), "{:?}", app.status);
}

#[test]
fn the_archive_view_reads_in_chinese_at_80_by_24() {
    set_lang(Lang::ZhCn);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    repbook::demo::generate(&mut store(&path), 10, repbook::demo::SEED).unwrap();
    let mut app = app_on_file(&path);
    key(&mut app, KeyCode::Char('A'));
    let s = screen(&mut app, 80, 24);
    set_lang(Lang::En);
    assert!(s.contains("档案体检") && s.contains("b 立即备份"), "{s}");
    assert!(s.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80));
}

/// The archive view at 80×24 and 120×40 in both languages, with the
/// temporary directory, dates and sizes that change from run to run
/// replaced.
#[test]
fn the_archive_view_in_both_languages_and_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    repbook::demo::generate(&mut store(&path), 12, repbook::demo::SEED).unwrap();
    let mut app = app_on_file(&path);
    let tmp = dir.path().to_string_lossy().into_owned();
    for (lang, tag) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        set_lang(lang);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('A'));
        for (w, h) in [(80, 24), (120, 40)] {
            let system_temp = std::env::temp_dir().to_string_lossy().trim_end_matches('/').to_string();
            let s = screen(&mut app, w, h).replace(&tmp, "[DIR]").replace(&system_temp, "[TMP]");
            insta::with_settings!({filters => vec![
                (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[WHEN]"),
                (r"daily-\d{8}(-\d+)?(\.bak)?", "daily-[DAY].bak"),
                (r"\d+\.\d MB", "[SIZE]"),
                (r"/tmp/[^ │]*state[^ │]*", "[STATE]"),
                (r"(?m)[ ]+$", ""),
            ]}, {
                insta::assert_snapshot!(format!("{tag}_{w}x{h}_archive"), s);
            });
        }
    }
}
