//! What a review found repbook doing to files it should have refused or
//! left alone (issue 8 §3–§7): each of these failed before its fix.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::{Env, failure};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_directory_given_as_the_archive_is_refused_and_keeps_its_mode() {
    let env = Env::new();
    let dir = env.dir.path().join("projects");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for args in [&["customer", "list"][..], &["customer", "add", "x"], &["doctor"], &["demo", "--force"]] {
        let out = env.run_raw(&[&["--db", dir.to_str().unwrap()], args].concat());
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a file") || String::from_utf8_lossy(&out.stdout).contains("not a file"), "{err}");
        assert_eq!(mode(&dir), 0o755, "{args:?} changed the directory's mode");
    }
}

#[test]
fn another_programs_empty_database_with_a_version_is_not_written() {
    let env = Env::new();
    let file = env.dir.path().join("other.db");
    rusqlite::Connection::open(&file).unwrap().execute_batch("PRAGMA user_version = 1; VACUUM;").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = std::fs::read(&file).unwrap();
    let files = listing(env.dir.path());
    let out = env.run_raw(&["--db", file.to_str().unwrap(), "customer", "list"]);
    let (code, err) = failure(&out);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a repbook archive"), "{err}");
    assert!(std::fs::read(&file).unwrap() == before, "not one byte written");
    assert_eq!(listing(env.dir.path()), files, "no backup, -wal or -shm beside it");
    assert_eq!(mode(&file), 0o644, "another program's file keeps its mode");
}

#[test]
fn doctor_calls_another_programs_database_foreign_and_writes_nothing() {
    let env = Env::new();
    let other = env.dir.path().join("notes.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (x TEXT);").unwrap();
    let out = env.run_raw(&["--db", other.to_str().unwrap(), "doctor"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not a repbook archive"));

    // On a closed archive of ours: no -shm, no -wal made by looking.
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    let files = listing(env.dir.path());
    let out = env.run(&["doctor"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(listing(env.dir.path()), files, "doctor wrote nothing");
}

#[test]
fn a_backup_never_replaces_a_file() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    let note = env.dir.path().join("notes.txt");
    std::fs::write(&note, "my notes").unwrap();
    let before = std::fs::read(env.db()).unwrap();
    for target in [note.clone(), env.db()] {
        let (code, err) = failure(&env.run(&["backup", "--out", target.to_str().unwrap()]));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("already exists"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&note).unwrap(), "my notes");
    assert!(std::fs::read(env.db()).unwrap() == before);
    // Two backups in a row beside the archive get two names.
    assert!(env.run(&["backup"]).status.success());
    assert!(env.run(&["backup"]).status.success());
    let manual = repbook::store::backups(&env.db()).iter().filter(|p| p.to_string_lossy().contains(".manual-")).count();
    assert_eq!(manual, 2);
}

#[test]
fn the_damaged_archive_a_restore_put_aside_is_never_offered_as_the_latest_backup() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    assert!(env.run(&["backup"]).status.success());
    let good = repbook::store::newest_backup(&env.db()).unwrap();
    assert!(env.run(&["restore", good.to_str().unwrap(), "--yes"]).status.success());
    let aside = repbook::store::backups(&env.db()).into_iter().find(|p| p.to_string_lossy().contains(".replaced-"));
    assert!(aside.is_some(), "the replaced archive is kept");
    assert_eq!(repbook::store::newest_backup(&env.db()), Some(good), "the backup, not what it replaced");
}

#[test]
fn damage_found_in_the_middle_of_a_command_names_the_file_and_its_backup() {
    let env = Env::new();
    let out = env.run(&["demo", "--customers", "200"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(env.run(&["backup"]).status.success());
    let backup = repbook::store::newest_backup(&env.db()).unwrap();
    // The header of the customer table's root page: found when it is read,
    // not when the archive is opened.
    let (root, page): (i64, i64) = {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        let root = c.query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'customer'", [], |r| r.get(0)).unwrap();
        (root, c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap())
    };
    let mut b = std::fs::read(env.db()).unwrap();
    let at = usize::try_from((root - 1) * page).unwrap();
    for x in &mut b[at..at + 8] {
        *x ^= 0xFF;
    }
    std::fs::write(env.db(), &b).unwrap();
    let (code, err) = failure(&env.run(&["customer", "list"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("damaged"), "{err}");
    assert!(err.contains(&env.db().display().to_string()) && err.contains(&backup.display().to_string()), "{err}");
}

#[test]
fn restore_through_a_link_replaces_the_file_it_points_to() {
    let env = Env::new();
    let real = env.dir.path().join("sync").join("real.sqlite3");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    let link = env.dir.path().join("archive-link.sqlite3");
    let run = |args: &[&str]| env.run_raw(&[&["--db", real.to_str().unwrap()], args].concat());
    assert!(run(&["customer", "add", "备份之前"]).status.success());
    assert!(run(&["backup"]).status.success());
    let backup = repbook::store::newest_backup(&real).unwrap();
    assert!(run(&["customer", "add", "备份之后"]).status.success());
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = env.run_raw(&["--db", link.to_str().unwrap(), "restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    let listed = String::from_utf8_lossy(&run(&["customer", "list"]).stdout).into_owned();
    assert!(listed.contains("备份之前") && !listed.contains("备份之后"), "the real file was restored: {listed}");
    let aside = repbook::store::backups(&real).into_iter().find(|p| p.to_string_lossy().contains(".replaced-"));
    let aside = aside.expect("the replaced file kept beside the real one");
    assert!(!std::fs::symlink_metadata(&aside).unwrap().file_type().is_symlink(), "a copy, not a link");
}

#[test]
fn demo_force_waits_until_no_other_program_has_the_demo_open() {
    let env = Env::new();
    let out = env.run(&["demo", "--customers", "15"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let holder = rusqlite::Connection::open(env.db()).unwrap();
    let _: i64 = holder.query_row("SELECT count(*) FROM customer", [], |r| r.get(0)).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    let (code, err) = failure(&env.run(&["demo", "--force", "--customers", "20"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is open in"), "{err}");
    assert!(std::fs::read(env.db()).unwrap() == before);
    assert!(!listing(env.dir.path()).iter().any(|n| n.contains(".demo-")), "no half-built demo left");
    drop(holder);
    assert!(env.run(&["demo", "--force", "--customers", "20"]).status.success());
}

#[test]
fn copies_left_by_a_killed_restore_backup_or_demo_are_removed_on_the_next_open() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    let dead = "2147483646";
    let alive = std::process::id().to_string();
    let name = |suffix: &str| env.dir.path().join(format!("archive.sqlite3.{suffix}"));
    let gone = [
        name(&format!("restoring-{dead}")),
        name(&format!("restoring-{dead}-wal")),
        name(&format!("demo-{dead}")),
        name(&format!("manual-20261123T101010000.bak.partial-{dead}")),
        name(&format!("manual-20261123T101010000.bak.partial-{dead}-journal")),
    ];
    let kept = [name(&format!("restoring-{alive}")), name("daily-20261122.bak")];
    for p in gone.iter().chain(&kept) {
        std::fs::write(p, "a whole copy of the archive").unwrap();
    }
    assert!(env.run(&["customer", "list"]).status.success());
    for p in &gone {
        assert!(!p.exists(), "{} is left", p.display());
    }
    for p in &kept {
        assert!(p.exists(), "{} was removed", p.display());
    }
}

#[test]
fn a_journal_left_unwritable_is_made_writable_again() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    // What a read of a 0400 archive leaves beside it.
    let shm = env.dir.path().join("archive.sqlite3-shm");
    std::fs::write(&shm, vec![0u8; 32768]).unwrap();
    std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o400)).unwrap();
    assert!(env.run(&["customer", "list"]).status.success());
    if shm.exists() {
        assert_eq!(mode(&shm), 0o600);
    }
    assert!(env.run(&["customer", "add", "乐亭建材"]).status.success());
}

#[test]
fn a_copy_of_a_damaged_archive_is_read_but_never_written() {
    let env = Env::new();
    let out = env.run(&["demo", "--customers", "300"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(cli_env::damage_an_index_quietly(&env.db()), "no such damage could be made");
    // A copy takes a new identity when first written: that waits for a
    // write, and the write checks first.
    let copy = env.dir.path().join("copy.sqlite3");
    std::fs::copy(env.db(), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let run = |args: &[&str]| env.run_raw(&[&["--db", copy.to_str().unwrap()], args].concat());
    let list = run(&["customer", "list"]);
    assert!(list.status.success(), "reading works: {}", String::from_utf8_lossy(&list.stderr));
    assert!(std::fs::read(&copy).unwrap() == before, "reading the copy wrote to it");
    let (code, err) = failure(&run(&["customer", "add", "不该写入"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("damaged"), "{err}");
    assert!(std::fs::read(&copy).unwrap() == before, "the refused write wrote");
}

#[test]
fn an_empty_file_where_backups_show_an_archive_was_is_refused_as_damaged() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    assert!(env.run(&["backup"]).status.success());
    std::fs::write(env.db(), b"").unwrap();
    for args in [&["customer", "list"][..], &["customer", "add", "新"]] {
        let (code, err) = failure(&env.run(args));
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("empty") && err.contains(".manual-"), "names the backup: {err}");
    }
    assert_eq!(std::fs::metadata(env.db()).unwrap().len(), 0, "left as it was");
    // doctor says the same.
    let doctor = env.run(&["doctor"]);
    assert_eq!(doctor.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&doctor.stdout).contains("cut short"));
}

#[test]
fn the_first_write_to_a_copied_archive_makes_the_days_backup_first() {
    let env = Env::new();
    let original = env.dir.path().join("original.sqlite3");
    assert!(env.run_raw(&["--db", original.to_str().unwrap(), "customer", "add", "重庆钢铁"]).status.success());
    std::fs::create_dir(env.dir.path().join("copy")).unwrap();
    let copy = env.dir.path().join("copy").join("archive.sqlite3");
    std::fs::copy(&original, &copy).unwrap();
    // The first thing done to the copy is a write.
    assert!(env.run_raw(&["--db", copy.to_str().unwrap(), "customer", "add", "乐亭建材"]).status.success());
    let daily = repbook::store::backups(&copy).into_iter().find(|p| p.to_string_lossy().contains(".daily-"));
    let daily = daily.expect("a daily backup made before the first write");
    let names: i64 = rusqlite::Connection::open(&daily)
        .unwrap()
        .query_row("SELECT count(*) FROM customer WHERE name = '乐亭建材'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(names, 0, "the backup holds the archive as it was before the write");
}

#[test]
fn a_refused_database_keeps_its_journal_and_its_bytes() {
    let env = Env::new();
    let other = env.dir.path().join("other.db");
    let wal = env.dir.path().join("other.db-wal");
    // Another program's WAL database, left with its journal (killed).
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep');")
        .unwrap();
    let saved = (std::fs::read(&other).unwrap(), std::fs::read(&wal).unwrap());
    std::mem::forget(conn);
    let out = env.run_raw(&["--db", other.to_str().unwrap(), "customer", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(std::fs::read(&other).unwrap() == saved.0, "its file is as it was");
    assert!(std::fs::read(&wal).unwrap() == saved.1, "its journal is as it was");

    // Tables named like ours are not ours.
    let look_alike = env.dir.path().join("look-alike.db");
    rusqlite::Connection::open(&look_alike)
        .unwrap()
        .execute_batch(
            "CREATE TABLE meta (a); CREATE TABLE customer (b); CREATE TABLE change_log (c); PRAGMA user_version = 3;",
        )
        .unwrap();
    let before = std::fs::read(&look_alike).unwrap();
    let (code, err) = failure(&env.run_raw(&["--db", look_alike.to_str().unwrap(), "customer", "list"]));
    assert_eq!(code, 2, "{err}");
    assert!(std::fs::read(&look_alike).unwrap() == before);
}

#[test]
fn an_export_never_replaces_the_archive_or_a_database() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    let before = std::fs::read(env.db()).unwrap();
    let other = env.dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x);").unwrap();
    let journal = env.dir.path().join("archive.sqlite3-wal");
    for out in [env.db(), other.clone(), journal] {
        for args in [&["export", "ics", "--out"][..], &["report", "visits", "--csv", "--out"]] {
            let (code, err) = failure(&env.run(&[args, &[out.to_str().unwrap()][..]].concat()));
            assert_eq!(code, 2, "{args:?} {}: {err}", out.display());
        }
    }
    assert!(std::fs::read(env.db()).unwrap() == before);
    // A calendar written before is replaced: that is what an export does.
    let ics = env.dir.path().join("visits.ics");
    for _ in 0..2 {
        assert!(env.run(&["export", "ics", "--out", ics.to_str().unwrap()]).status.success());
    }
}

#[test]
fn two_restores_in_one_second_keep_both_archives_they_replaced() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    assert!(env.run(&["backup"]).status.success());
    let backup = repbook::store::newest_backup(&env.db()).unwrap();
    assert!(env.run(&["customer", "add", "只在当前"]).status.success());
    for _ in 0..2 {
        assert!(env.run(&["restore", backup.to_str().unwrap(), "--yes"]).status.success());
    }
    let aside: Vec<_> =
        repbook::store::backups(&env.db()).into_iter().filter(|p| p.to_string_lossy().contains(".replaced-")).collect();
    assert_eq!(aside.len(), 2, "{aside:?}");
}

#[test]
fn through_a_link_the_backups_are_beside_the_real_file() {
    let env = Env::new();
    let real = env.dir.path().join("real").join("a.sqlite3");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    let link = env.dir.path().join("link.sqlite3");
    assert!(env.run_raw(&["--db", real.to_str().unwrap(), "customer", "add", "重庆钢铁"]).status.success());
    std::os::unix::fs::symlink(&real, &link).unwrap();
    assert!(env.run_raw(&["--db", link.to_str().unwrap(), "backup"]).status.success());
    assert!(repbook::store::backups(&real).iter().any(|p| p.to_string_lossy().contains(".manual-")));
    assert!(repbook::store::backups(&link).is_empty(), "nothing beside the link");
}

#[test]
fn doctor_names_the_configuration_in_force() {
    let env = Env::new();
    assert!(env.run(&["customer", "add", "重庆钢铁"]).status.success());
    let none = String::from_utf8_lossy(&env.run(&["doctor"]).stdout).into_owned();
    assert!(none.contains("the defaults are in force"), "{none}");
    let file = env.dir.path().join("my.toml");
    std::fs::write(&file, "currency = \"$\"\n").unwrap();
    let out = env.run_raw(&["--config", file.to_str().unwrap(), "--db", env.db().to_str().unwrap(), "doctor"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("configuration: {}", file.display())));
}

#[test]
fn a_db_in_a_missing_folder_is_refused_and_file_errors_speak_the_users_language() {
    let env = Env::new();
    let missing = env.dir.path().join("nope").join("x.sqlite3");
    let out = env.run_raw(&["--db", missing.to_str().unwrap(), "customer", "list"]);
    let (code, err) = failure(&out);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!env.dir.path().join("nope").exists(), "no folder is made for a --db typo");
    // Chinese: no English words from the system's error messages.
    let zh = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_repbook"))
            .args(args)
            .env("HOME", env.dir.path())
            .env("REPBOOK_STATE_DIR", env.dir.path().join("state"))
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let db = env.db();
    env.ok(&["customer", "add", "华为"]);
    let nowhere = env.dir.path().join("nowhere");
    let out_file = nowhere.join("x.bak");
    for args in [
        vec!["--db", db.to_str().unwrap(), "restore", nowhere.to_str().unwrap(), "--yes"],
        vec!["--db", db.to_str().unwrap(), "--config", nowhere.to_str().unwrap(), "due"],
        vec!["--db", db.to_str().unwrap(), "backup", "--out", out_file.to_str().unwrap()],
        vec!["--db", db.to_str().unwrap(), "export", "ics", "--out", env.dir.path().to_str().unwrap()],
    ] {
        let err = zh(&args);
        assert!(!err.is_empty(), "{args:?}");
        for english in ["No such file", "entity not found", "os error", "Is a directory", "partial"] {
            assert!(!err.contains(english), "{args:?}: {err}");
        }
    }
}
