//! Damaged and foreign files are refused before any write (issue 8 §3):
//! another program's SQLite file, a file that is no database, a bit-flipped
//! or truncated archive. Each is left byte for byte as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("archive.sqlite3")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_repbook"))
            .args(["--lang", "en", "--db", self.db().to_str().unwrap()])
            .args(args)
            .env("HOME", self.dir.path())
            .env("REPBOOK_STATE_DIR", self.dir.path().join("state"))
            .output()
            .unwrap()
    }
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Every command refuses the file with `code` and a sentence containing
/// `needle`, and leaves it (and no -wal) as it was.
fn refused(env: &Env, code: i32, needle: &str) {
    let before = bytes(&env.db());
    for args in [&["customer", "list"][..], &["customer", "add", "x"], &["due"], &["search", "x"]] {
        let out = env.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    }
    assert!(bytes(&env.db()) == before, "the file is unchanged");
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let env = Env::new();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('not yours');").unwrap();
    drop(conn);
    refused(&env, 2, "not a repbook archive");
}

#[test]
fn a_file_that_is_no_database_is_refused_and_left_alone() {
    let env = Env::new();
    std::fs::write(env.db(), "Dear diary, this is a text file and it must stay one.\n".repeat(200)).unwrap();
    refused(&env, 2, "not a repbook archive");
}

/// An archive with some customers, closed (WAL checkpointed away).
fn archive(env: &Env) -> u64 {
    let out = env.run(&["demo", "--customers", "300"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page: i64 =
        rusqlite::Connection::open(env.db()).unwrap().query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    assert!(
        !env.db().with_extension("sqlite3-wal").exists() || bytes(&env.db().with_extension("sqlite3-wal")).is_empty()
    );
    page.unsigned_abs()
}

#[test]
fn a_bit_flipped_archive_is_never_written_to() {
    let env = Env::new();
    let page = archive(&env);
    // Scramble the header of a page in the middle of the file.
    let mut b = bytes(&env.db());
    let pages = b.len() as u64 / page;
    let at = ((pages / 2) * page) as usize;
    for x in &mut b[at..at + 12] {
        *x ^= 0xA5;
    }
    std::fs::write(env.db(), &b).unwrap();
    let before = bytes(&env.db());
    let out = env.run(&["customer", "add", "written into a damaged file"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("damaged") && err.contains("nothing more was written"), "{err}");
    assert!(bytes(&env.db()) == before, "not one byte written");
}

#[test]
fn a_truncated_archive_is_never_written_to_and_the_latest_backup_is_named() {
    let env = Env::new();
    archive(&env);
    // A backup beside it, as a migration (or `repbook backup`) leaves.
    let backup = env.dir.path().join("archive.sqlite3.v2-20261101T000000.bak");
    std::fs::copy(env.db(), &backup).unwrap();
    let b = bytes(&env.db());
    std::fs::write(env.db(), &b[..b.len() / 2]).unwrap();
    let before = bytes(&env.db());
    let out = env.run(&["customer", "add", "x"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("damaged") && err.contains(&backup.display().to_string()), "{err}");
    assert!(bytes(&env.db()) == before, "not one byte written");
}

#[test]
fn an_archive_from_before_the_mark_is_recognised_and_marked() {
    let env = Env::new();
    archive(&env);
    rusqlite::Connection::open(env.db()).unwrap().pragma_update(None, "application_id", 0).unwrap();
    let out = env.run(&["customer", "add", "still mine"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let id: i64 =
        rusqlite::Connection::open(env.db()).unwrap().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(id, repbook::store::APPLICATION_ID);
}
