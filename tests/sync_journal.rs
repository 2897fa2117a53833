//! Large imports (issue 11). A large file's values are checked on two
//! threads, and the first fault in the file is the one named. A large
//! import into a new or small archive writes its pages once,
//! through the rollback journal, instead of into the WAL and again at the
//! checkpoint; the archive is back in the WAL afterwards, and another
//! connection open to it keeps the import in the WAL (issue 11). That an
//! import killed at any moment on this path leaves the archive before or
//! after is `sync_files::an_import_killed_at_any_moment_…` (1,500 records
//! into a new archive).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::text;
use repbook::clock::Clock;
use repbook::domain::schema::CUSTOMER;
use repbook::sync::{self, Selection};

/// The length of the archive's WAL file (0 when there is none).
fn wal_len(db: &std::path::Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map_or(0, |m| m.len())
}

fn journal_mode(db: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_large_import_into_a_new_archive_skips_the_wal_unless_another_connection_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.changes");
    let digest = {
        let mut a = common::open(&dir.path().join("a.sqlite3"));
        a.write(|w| {
            for i in 0..3_000 {
                w.insert(&CUSTOMER, &[("name", text(&format!("客户{i}"))), ("notes", text(&"拜访记录".repeat(20)))])?;
            }
            Ok(())
        })
        .unwrap();
        sync::export_to(&a, &Selection::All, &file, None).unwrap();
        a.digest().unwrap()
    };
    let now = common::clock().now().timestamp_millis();
    let set = sync::read_file(&file, now, &mut sync::crypt::Source::given(None)).unwrap();

    // Alone: the pages go to the file, the WAL stays empty.
    let alone = dir.path().join("alone.sqlite3");
    let mut b = common::open(&alone);
    let report = sync::apply(&mut b, &set, false, false).unwrap();
    assert_eq!(report.applied, 3_000);
    assert_eq!(b.digest().unwrap(), digest);
    assert!(wal_len(&alone) < 64 * 1024, "WAL of {} bytes", wal_len(&alone));
    assert_eq!(journal_mode(&alone), "wal", "back in the WAL after the import");
    // The archive goes on working as any other.
    let id = common::customer(&mut b, "华东机电", "上海");
    assert!(b.digest().unwrap() != digest && !id.is_empty());
    drop(b);

    // Another connection open: the import goes through the WAL, as before.
    let shared = dir.path().join("shared.sqlite3");
    let mut c = common::open(&shared);
    let other = rusqlite::Connection::open(&shared).unwrap();
    let _: i64 = other.query_row("SELECT count(*) FROM customer", [], |r| r.get(0)).unwrap();
    sync::apply(&mut c, &set, false, false).unwrap();
    assert_eq!(c.digest().unwrap(), digest);
    assert!(wal_len(&shared) > 1024 * 1024, "the import went through the WAL: {} bytes", wal_len(&shared));
    let seen: i64 = other.query_row("SELECT count(*) FROM customer", [], |r| r.get(0)).unwrap();
    assert_eq!(seen, 3_000, "the other connection reads the import");
    assert_eq!(journal_mode(&shared), "wal");
}

#[test]
fn a_large_files_values_are_checked_on_two_threads_and_the_first_fault_in_the_file_is_named() {
    let mut a = common::memory();
    a.write(|w| {
        for i in 0..5_000 {
            w.insert(&CUSTOMER, &[("name", text(&format!("客户{i}")))])?;
        }
        Ok(())
    })
    .unwrap();
    let now = common::clock().now().timestamp_millis();
    let built = sync::build(&a, &Selection::All).unwrap();
    let mut set = sync::decode(&built.bytes, now).unwrap();
    assert!(set.records.len() >= 5_000);
    // A value its field cannot hold, in each half of the file: the first
    // is named, whichever thread finds its fault first.
    for at in [4_200, 1_800] {
        set.records[at].value = Some(r#"{"name": "x", "purchase": "lots"}"#.into());
    }
    let bytes = sync::format::encode(
        (&set.header.dataset, &set.header.sender, set.header.purpose),
        set.header.created_ms,
        &set.header.known,
        &set.records,
    )
    .unwrap();
    let set = sync::decode(&bytes, now).unwrap();
    let mut b = common::memory();
    let empty = b.digest().unwrap();
    let err = sync::apply(&mut b, &set, false, false).unwrap_err().to_string();
    assert!(err.contains("1802"), "the first fault's line: {err}");
    assert_eq!(b.digest().unwrap(), empty, "nothing taken in");
}
