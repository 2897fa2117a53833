//! Unlucky places for an archive (issue 8 §6, §8): a full disk, a read-only
//! folder or medium, a read-only file. Nothing is lost, the message says
//! what to do, reading works where it can, and the files are left byte for
//! byte as they were.
//!
//! A full disk needs a small tmpfs and read-only places a read-only bind
//! mount: both need root (as CI runs here). Without it each test prints why
//! it is skipped; the read-only folder is then made with `chmod 0555`,
//! which binds a user that is not root.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/cli.rs"]
mod cli_env;
use cli_env::Env;

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A mount made for one test, taken away when the test ends (also when it
/// fails).
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn mount(args: &[&str], target: &Path) -> Result<Mount, String> {
    let out = Command::new("mount").args(args).arg(target).output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(Mount(target.to_path_buf()))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// A tmpfs of `size` at `dir`, or why there cannot be one.
fn small_disk(dir: &Path, size: &str) -> Result<Mount, String> {
    if !is_root() {
        return Err("mounting a small tmpfs needs root".into());
    }
    std::fs::create_dir_all(dir).unwrap();
    mount(&["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"], dir)
}

/// Make `path` (a folder or a file) read-only for everyone, root included:
/// a read-only bind mount of it over itself.
fn read_only(path: &Path) -> Result<Vec<Mount>, String> {
    if !is_root() {
        return Err("a read-only bind mount needs root".into());
    }
    let bound = mount(&["--bind", path.to_str().unwrap()], path)?;
    let ro = mount(&["-o", "remount,ro,bind"], path)?;
    Ok(vec![ro, bound])
}

fn run(env: &Env, db: &Path, args: &[&str]) -> Output {
    env.run_raw(&[&["--db", db.to_str().unwrap()], args].concat())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn add(env: &Env, db: &Path, name: &str) -> Output {
    run(env, db, &["customer", "add", name])
}

fn listed(env: &Env, db: &Path) -> String {
    let out = run(env, db, &["customer", "list", "--deleted"]);
    assert!(out.status.success(), "reading works: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Fill the disk holding `dir` to the last byte.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    filler
}

/// Every file in `dir` and its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn integrity(db: &Path) -> String {
    rusqlite::Connection::open(db).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_full_disk_says_so_loses_nothing_and_reading_still_works() {
    let env = Env::new();
    let place = env.dir.path().join("small");
    let _disk = match small_disk(&place, "4m") {
        Ok(m) => m,
        Err(why) => return eprintln!("skipped: {why}"),
    };
    let db = place.join("archive.sqlite3");
    let mut acknowledged = Vec::new();
    for i in 0..5 {
        let name = format!("客户{i}");
        assert!(add(&env, &db, &name).status.success());
        acknowledged.push(name);
    }

    // 1. The archive closed (no -wal): a write is refused before it starts.
    let filler = fill(&place);
    let out = add(&env, &db, "不该写入");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("is full") && err.contains("Free some space"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("The database failed"), "{err}");
    let shown = listed(&env, &db);
    let list = run(&env, &db, &["customer", "list"]);
    assert!(text(&list.stderr).contains("disk is full"), "reading says why it is read-only");
    assert!(acknowledged.iter().all(|n| shown.contains(n.as_str())), "{shown}");
    for args in [&["due"][..], &["search", "客户"], &["doctor"]] {
        let out = run(&env, &db, args);
        assert!(!text(&out.stderr).contains("panicked"), "{args:?}");
        assert_ne!(out.status.code(), Some(101));
    }
    assert!(run(&env, &db, &["search", "客户"]).status.success());

    // 2. The disk fills while another process holds the archive open (its
    // -wal and -shm in place): some writes fit, then each is refused.
    std::fs::remove_file(&filler).unwrap();
    let holder = rusqlite::Connection::open(&db).unwrap();
    let _: i64 = holder.query_row("SELECT count(*) FROM customer", [], |r| r.get(0)).unwrap();
    let filler = fill(&place);
    let mut refused = 0;
    for i in 0..60 {
        let name = format!("满盘{i}");
        let out = add(&env, &db, &name);
        match out.status.code() {
            Some(0) => acknowledged.push(name),
            Some(1) => {
                let err = text(&out.stderr);
                assert!(err.contains("is full"), "{err}");
                refused += 1;
            }
            other => panic!("exit {other:?}: {}", text(&out.stderr)),
        }
    }
    assert!(refused > 0, "the disk was full, yet every write was taken");
    let shown = listed(&env, &db);
    assert!(acknowledged.iter().all(|n| shown.contains(n.as_str())), "{shown}");

    // 3. Space again: nothing was damaged, nothing acknowledged is missing,
    // and writing works.
    std::fs::remove_file(&filler).unwrap();
    drop(holder);
    assert_eq!(integrity(&db), "ok");
    assert!(add(&env, &db, "又能写了").status.success());
    let shown = listed(&env, &db);
    assert!(acknowledged.iter().all(|n| shown.contains(n.as_str())) && shown.contains("又能写了"));
}

/// An archive of a few customers in its own folder, closed.
fn archive_in(env: &Env, folder: &Path) -> PathBuf {
    std::fs::create_dir_all(folder).unwrap();
    let db = folder.join("archive.sqlite3");
    for name in ["重庆钢铁", "乐亭建材", "Acme"] {
        assert!(add(env, &db, name).status.success());
    }
    db
}

/// Reads work and show every customer; writes are refused with `needle`;
/// nothing in `folder` changes by a byte.
fn reads_work_writes_refused(env: &Env, db: &Path, folder: &Path, needle: &str) {
    let before = contents(folder);
    let shown = listed(env, db);
    assert!(["重庆钢铁", "乐亭建材", "Acme"].iter().all(|n| shown.contains(n)), "{shown}");
    for args in [&["due"][..], &["search", "cq"], &["doctor"]] {
        let out = run(env, db, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
    }
    let id = shown.split_whitespace().next().unwrap().to_string();
    assert!(run(env, db, &["customer", "show", &id]).status.success());
    for args in [&["customer", "add", "新客户"][..], &["customer", "edit", &id, "--city", "重庆"]] {
        let out = run(env, db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("The database failed"), "{err}");
    }
    assert!(contents(folder) == before, "nothing in the folder changed");
    // A copy can still be taken elsewhere.
    let copy = env.dir.path().join("copy.sqlite3");
    let out = run(env, db, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(integrity(&copy), "ok");
}

#[test]
fn an_archive_in_a_read_only_folder_can_be_read_and_is_left_byte_for_byte() {
    let env = Env::new();
    // A name SQLite's URIs would misread unescaped.
    let folder = env.dir.path().join("ro 只读?#%2F&mode=rw");
    let db = archive_in(&env, &folder);
    match read_only(&folder) {
        Ok(_mounts) => reads_work_writes_refused(&env, &db, &folder, "cannot be written"),
        Err(why) => {
            eprintln!("read-only bind mount skipped ({why}); using chmod 0555");
            std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
            reads_work_writes_refused(&env, &db, &folder, "cannot be written");
            std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
    }
}

#[test]
fn a_read_only_archive_file_can_be_read_and_is_left_byte_for_byte() {
    let env = Env::new();
    let folder = env.dir.path().join("rofile");
    let db = archive_in(&env, &folder);
    let _mounts = match read_only(&db) {
        Ok(m) => m,
        Err(why) => return eprintln!("skipped: {why}"),
    };
    let before = std::fs::read(&db).unwrap();
    reads_work_writes_refused_file(&env, &db);
    assert!(std::fs::read(&db).unwrap() == before, "the archive is byte for byte as it was");
}

/// As [`reads_work_writes_refused`] for a read-only file in a writable
/// folder (SQLite may make its -shm beside it).
fn reads_work_writes_refused_file(env: &Env, db: &Path) {
    let shown = listed(env, db);
    assert!(shown.contains("重庆钢铁"), "{shown}");
    let out = run(env, db, &["customer", "add", "新客户"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot be written"), "{}", text(&out.stderr));
}
