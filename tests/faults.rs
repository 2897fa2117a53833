//! The fault suite (issue 8 §8), part one: SIGKILL at random moments of
//! writes and of the demo, and the interface at every size with hostile
//! text. Seeded, so a failure repeats; `REPBOOK_FAULT_TRIALS` runs more.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tui.rs"]
mod support;

use crossterm::event::{Event, KeyCode};
use repbook::domain::fields::Value;
use repbook::domain::schema::{CUSTOMER, PERSON, VISIT};
use std::process::{Command, Stdio};
use std::time::Duration;

fn trials(default: usize) -> usize {
    std::env::var("REPBOOK_FAULT_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn repbook(dir: &std::path::Path, db: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_repbook"));
    c.arg("--db")
        .arg(db)
        .env("HOME", dir)
        .env("REPBOOK_STATE_DIR", dir.join("state"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn integrity(db: &std::path::Path) -> String {
    rusqlite::Connection::open(db).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_write_killed_at_any_moment_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    assert!(repbook(dir.path(), &db).args(["customer", "add", "seed"]).status().unwrap().success());
    let mut rng = fastrand::Rng::with_seed(8);
    let mut acknowledged = Vec::new();
    let n = trials(100);
    for i in 0..n {
        let name = format!("killed-{i}");
        let mut child = repbook(dir.path(), &db).args(["customer", "add", &name, "--city", "厦门"]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.u64(0..25_000)));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            acknowledged.push(name);
        }
    }
    assert_eq!(integrity(&db), "ok");
    let out = repbook(dir.path(), &db).args(["customer", "list", "--json"]).stdout(Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "the archive opens after {n} kills");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list.as_array().unwrap().iter().filter_map(|c| c["name"].as_str()).collect();
    for name in &acknowledged {
        assert!(names.contains(&name.as_str()), "{name} was acknowledged and is gone");
    }
    println!("{n} kills, {} writes acknowledged before the kill, all present", acknowledged.len());
}

#[test]
fn a_demo_killed_at_any_moment_leaves_the_old_demo_or_the_new_one_never_half() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    assert!(repbook(dir.path(), &db).args(["demo", "--customers", "20"]).status().unwrap().success());
    let mut rng = fastrand::Rng::with_seed(9);
    let n = trials(100) / 5;
    for _ in 0..n {
        let mut child = repbook(dir.path(), &db).args(["demo", "--customers", "200", "--force"]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.u64(0..400_000)));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(integrity(&db), "ok");
        let count: i64 = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM customer", [], |r| r.get(0))
            .unwrap();
        assert!(count == 20 || count == 200, "a whole demo, old or new, not {count} customers");
        // Back to the small one for the next trial.
        assert!(repbook(dir.path(), &db).args(["demo", "--customers", "20", "--force"]).status().unwrap().success());
    }
}

/// A way to bring the interface to one of its screens.
type Screen = Box<dyn Fn(&mut repbook::tui::App)>;

/// Text a hostile or unlucky user puts in: long, empty-looking, emoji,
/// right-to-left, mixed CJK, combining marks.
const HOSTILE: &[&str] = &[
    "重庆恒达机电有限公司重庆恒达机电有限公司重庆恒达机电有限公司重庆恒达机电有限公司重庆恒达机电有限公司",
    "👨‍👩‍👧‍👦 Family Foods 🍜🍜🍜",
    "شركة الأمل للتجارة",
    "Ω≈ç√∫ Ærøskøbing Ⅻ 𝕳𝖊𝖑𝖑𝖔",
    "e\u{301}\u{301}\u{301}\u{301} combining",
    "x",
];

#[test]
fn the_interface_draws_at_every_size_with_hostile_text_without_a_panic() {
    repbook::i18n::set_lang(repbook::i18n::Lang::ZhCn);
    let mut app = support::app(12);
    // Hostile text in every kind of record the screens show.
    let ids: Vec<String> = HOSTILE
        .iter()
        .map(|name| {
            app.store
                .write(|w| {
                    let c = w.insert(
                        &CUSTOMER,
                        &[("name", Value::Text((*name).into())), ("city", Value::Text((*name).into()))],
                    )?;
                    w.insert(
                        &PERSON,
                        &[("customer_id", Value::Text(c.clone())), ("name", Value::Text((*name).into()))],
                    )?;
                    w.insert(
                        &VISIT,
                        &[
                            ("customer_id", Value::Text(c.clone())),
                            ("kind", Value::Text("visit".into())),
                            ("status", Value::Text("planned".into())),
                            ("date", Value::Text("2026-11-23".into())),
                            ("goal", Value::Text((*name).into())),
                            ("notes", Value::Text(format!("{name}\n{name}\n{name}"))),
                        ],
                    )?;
                    Ok(c)
                })
                .unwrap()
        })
        .collect();
    app.reload_list().unwrap();
    let widths = [1u16, 2, 3, 5, 10, 20, 39, 49, 50, 51, 79, 80, 81, 120, 200, 300];
    let heights = [1u16, 2, 3, 5, 11, 12, 13, 24, 40, 100];
    let mut frames = 0;
    // Today, the list (searching a hostile name), a dossier on each tab,
    // and a form.
    let mut screens: Vec<Screen> = vec![
        Box::new(|_| {}),
        Box::new(|a| support::key(a, KeyCode::Tab)),
        Box::new(|a| {
            support::key(a, KeyCode::Char('/'));
            support::typed(a, "家");
        }),
    ];
    for tab in 0..7 {
        let id = ids[tab % ids.len()].clone();
        screens.push(Box::new(move |a| {
            a.open_dossier(&id);
            for _ in 0..tab {
                support::key(a, KeyCode::Tab);
            }
        }));
    }
    screens.push(Box::new(|a| support::key(a, KeyCode::Char('e'))));
    for (i, go) in screens.iter().enumerate() {
        go(&mut app);
        for &w in &widths {
            for &h in &heights {
                app.handle_event(&Event::Resize(w, h));
                let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
                terminal.draw(|f| app.render(f)).unwrap_or_else(|e| panic!("screen {i} at {w}x{h}: {e}"));
                frames += 1;
            }
        }
    }
    println!("{frames} frames drawn at {} sizes, no panic", widths.len() * heights.len());
}

/// A schema 2 archive with `n` customers and their change records, as a
/// repbook of that schema left it.
fn schema_2_archive(path: &std::path::Path, n: i64) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    for step in &repbook::store::MIGRATIONS[..2] {
        let tx = conn.transaction().unwrap();
        tx.execute_batch(step).unwrap();
        tx.commit().unwrap();
    }
    conn.pragma_update(None, "user_version", 2).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO meta VALUES ('device_id', '01936f4e-0000-7000-8000-000000000001'), ('dataset_id', 'd'),
                                ('next_seq', '{next}'), ('last_hlc', '0');
         WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < {n})
         INSERT INTO customer (id, cl, updated_ms, name, city) SELECT printf('c-%06d', k), 1, 0, printf('客户%d', k), '厦门' FROM i;
         WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < {n})
         INSERT INTO change_log SELECT '01936f4e-0000-7000-8000-000000000001', k, k << 16, 'customer', printf('c-%06d', k),
                                       'name', printf('\"客户%d\"', k), NULL, NULL FROM i;",
        next = n + 1
    ))
    .unwrap();
}

#[test]
fn a_migration_killed_at_any_moment_leaves_the_old_archive_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.sqlite3");
    let customers = 20_000;
    schema_2_archive(&template, customers);
    let mut rng = fastrand::Rng::with_seed(10);
    let n = trials(100) / 10;
    let (mut old, mut new) = (0, 0);
    for t in 0..n {
        let db = dir.path().join(format!("v2-{t}.sqlite3"));
        std::fs::copy(&template, &db).unwrap();
        let mut child = repbook(dir.path(), &db).args(["customer", "list"]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.u64(0..600_000)));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(integrity(&db), "ok", "trial {t}");
        let conn = rusqlite::Connection::open(&db).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        let count: i64 = conn.query_row("SELECT count(*) FROM customer", [], |r| r.get(0)).unwrap();
        assert_eq!(count, customers, "trial {t}: every customer is there (schema {version})");
        if version == 2 {
            old += 1;
        } else {
            new += 1;
        }
        drop(conn);
        // Whatever was left, the next open finishes the job.
        assert!(repbook(dir.path(), &db).args(["customer", "list"]).status().unwrap().success(), "trial {t}");
        let records: i64 = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
            .unwrap();
        assert!(records >= customers, "trial {t}: the change log came along");
    }
    println!("{n} migrations killed: {old} left at schema 2, {new} at the latest");
}
