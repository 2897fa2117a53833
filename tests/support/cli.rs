//! Running the real binary in tests: a private HOME, data, config and state
//! directory, English, and the archive in a temporary directory. Shared by
//! the CLI, bounds, control-character and file tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// A private place to run repbook in.
pub struct Env {
    /// The temporary directory (HOME, and the archive's directory).
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        // Stores this test process opens note issued seqs here, not in the
        // user's state directory (the children use the temporary HOME).
        repbook::store::set_issued_dir(Some(std::env::temp_dir().join("repbook-tests-issued")));
        Self { dir: tempfile::tempdir().unwrap() }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("archive.sqlite3")
    }

    /// Run with `--db` pointing into the temporary directory.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_raw(&[&["--db", self.db().to_str().unwrap()], args].concat())
    }

    pub fn run_raw(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    /// Run with these environment variables set besides (after) the
    /// private ones; no passphrase unless one is given here.
    pub fn run_with(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_repbook"))
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("REPBOOK_STATE_DIR", self.dir.path().join("state"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("REPBOOK_DB")
            .env_remove("REPBOOK_CONFIG")
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("REPBOOK_PASSPHRASE")
            .envs(vars.iter().copied())
            .output()
            .unwrap()
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run with `--json` and parse.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(&[args, &["--json"]].concat())).unwrap()
    }

    /// The id an `add` printed with `--json`.
    pub fn id(&self, args: &[&str]) -> String {
        self.json(args)["id"].as_str().unwrap().to_string()
    }
}

/// Exit code and the stderr of a failing command.
pub fn failure(out: &Output) -> (i32, String) {
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(!out.status.success(), "expected failure, got: {}", String::from_utf8_lossy(&out.stdout));
    (out.status.code().unwrap(), err)
}

/// Damage the archive at `db` as `quick_check` cannot see and
/// `integrity_check` can: a few bytes inside the cells (the keys) of the
/// customer-name index's pages. False when no such place was found.
pub fn damage_an_index_quietly(db: &std::path::Path) -> bool {
    let conn = rusqlite::Connection::open(db).unwrap();
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'search_key_name'", [], |r| r.get(0)).unwrap();
    let page: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0)).unwrap().unsigned_abs();
    drop(conn);
    let pristine = std::fs::read(db).unwrap();
    let check = |pragma: &str| -> String {
        let c = rusqlite::Connection::open_with_flags(
            format!("file:{}?immutable=1", db.display()),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )
        .unwrap();
        c.query_row(&format!("PRAGMA {pragma}(1)"), [], |r| r.get(0)).unwrap_or_else(|e| e.to_string())
    };
    let pages = pristine.len() as u64 / page;
    for p in (root.unsigned_abs()..=pages).take(400) {
        for offset in [page - 40, page - 200, page - 600, page / 2] {
            let at = usize::try_from((p - 1) * page + offset).unwrap();
            let mut b = pristine.clone();
            for x in &mut b[at..at + 6] {
                *x ^= 0x5A;
            }
            std::fs::write(db, &b).unwrap();
            if check("quick_check") == "ok" && check("integrity_check") != "ok" {
                return true;
            }
        }
    }
    std::fs::write(db, &pristine).unwrap();
    false
}
