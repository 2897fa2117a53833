//! Damaged, foreign and hostile change files (issue 11): every truncation
//! and every bit flip of a small valid file is refused with a specific
//! message and the archive is left as it was; a newer format, another
//! book and other programs' files are refused clearly; an import killed at
//! any moment leaves the archive before or after, and a re-import works.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "support/cli.rs"]
mod support;

use common::{customer, memory, text};
use repbook::domain::schema::{CUSTOMER, PERSON};
use repbook::store::Store;
use repbook::sync::crypt::{Passphrase, Source};
use repbook::sync::{self, Selection};
use sha2::Digest;

/// What an archive holds, to compare before and after a refusal.
fn dump(s: &Store) -> (String, usize, usize) {
    (s.digest().unwrap(), s.changes().unwrap().len(), s.conflict_views().unwrap().len())
}

/// A small valid file from a device of `b`'s book, with `b`.
fn small() -> (Vec<u8>, Store) {
    let mut a = memory();
    let mut b = memory();
    let id = customer(&mut a, "华东机电", "上海");
    let now = a.clock().now().timestamp_millis();
    let set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now).unwrap();
    sync::apply(&mut b, &set, false, false).unwrap();
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("周三拜访"))])).unwrap();
    a.write(|w| w.insert(&PERSON, &[("customer_id", text(&id)), ("name", text("李娜"))])).unwrap();
    (sync::build(&a, &Selection::All).unwrap().bytes, b)
}

const SPECIFIC: [&str; 8] =
    ["incomplete", "damaged", "not a repbook change file", "empty", "says", "line", "newer", "encrypted"];

fn refused(bytes: &[u8], b: &mut Store) -> String {
    let now = b.clock().now().timestamp_millis();
    let err = match sync::decode(bytes, now) {
        Ok(set) => sync::apply(b, &set, false, false).map(|_| ()).unwrap_err(),
        Err(e) => e,
    };
    err.to_string()
}

#[test]
fn every_truncation_is_refused_and_changes_nothing() {
    let (bytes, mut b) = small();
    assert!(bytes.len() < 2_000, "a small file: {} bytes", bytes.len());
    let before = dump(&b);
    for len in 0..bytes.len() {
        let why = refused(&bytes[..len], &mut b);
        assert!(SPECIFIC.iter().any(|s| why.contains(s)), "cut at {len}: {why}");
        assert_eq!(dump(&b), before, "cut at {len}");
    }
    // The whole file goes in.
    let set = sync::decode(&bytes, b.clock().now().timestamp_millis()).unwrap();
    assert_eq!(sync::apply(&mut b, &set, false, false).unwrap().applied, 2);
}

#[test]
fn every_bit_flip_is_refused_and_changes_nothing() {
    let (bytes, mut b) = small();
    let before = dump(&b);
    for at in 0..bytes.len() {
        for bit in 0..8 {
            let mut hit = bytes.clone();
            hit[at] ^= 1 << bit;
            let why = refused(&hit, &mut b);
            assert!(SPECIFIC.iter().any(|s| why.contains(s)), "byte {at} bit {bit}: {why}");
        }
        if at % 64 == 0 {
            assert_eq!(dump(&b), before, "byte {at}");
        }
    }
    assert_eq!(dump(&b), before);
}

/// What an encrypted file is refused for: each fault its own message.
const SPECIFIC_ENCRYPTED: [&str; 7] = [
    "header is damaged",
    "passphrase does not open",
    "not encrypted with a passphrase",
    "damaged or incomplete",
    "not a repbook change file",
    "empty",
    "newer than this repbook reads",
];

/// `small()` encrypted (a light work factor: a thousand openings).
fn small_encrypted() -> (Vec<u8>, Store, Passphrase) {
    let (bytes, b) = small();
    let passphrase = Passphrase::new("华东 口令".to_string()).unwrap();
    (sync::crypt::encrypt_with(&bytes, &passphrase, 2).unwrap(), b, passphrase)
}

fn refused_encrypted(bytes: &[u8], b: &mut Store, passphrase: &Passphrase) -> String {
    let now = b.clock().now().timestamp_millis();
    let opened = sync::crypt::open(bytes, &mut Source::given(Some(passphrase.clone())));
    let err = match opened.and_then(|plain| sync::decode(&plain, now)) {
        Ok(set) => sync::apply(b, &set, false, false).map(|_| ()).unwrap_err(),
        Err(e) => e,
    };
    err.to_string()
}

#[test]
fn every_truncation_and_bit_flip_of_an_encrypted_file_is_refused_and_changes_nothing() {
    let (bytes, mut b, passphrase) = small_encrypted();
    let before = dump(&b);
    for len in 0..bytes.len() {
        let why = refused_encrypted(&bytes[..len], &mut b, &passphrase);
        assert!(SPECIFIC_ENCRYPTED.iter().any(|s| why.contains(s)), "cut at {len}: {why}");
    }
    assert_eq!(dump(&b), before);
    let mut seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    // Every bit of the header (its last line is the MAC); one bit of each
    // byte of the content, whose chunks are each authenticated whole (each
    // opening costs a passphrase derivation).
    let header = bytes.windows(4).position(|w| w == b"\n---").unwrap() + 48;
    for at in 0..bytes.len() {
        let bits = if at < header { 0..8 } else { at % 8..at % 8 + 1 };
        for bit in bits {
            let mut hit = bytes.clone();
            hit[at] ^= 1 << bit;
            let why = refused_encrypted(&hit, &mut b, &passphrase);
            let kind = SPECIFIC_ENCRYPTED.iter().find(|s| why.contains(*s));
            assert!(kind.is_some(), "byte {at} bit {bit}: {why}");
            seen.extend(kind.copied());
        }
    }
    assert_eq!(dump(&b), before);
    // A flip in the key block reads as a wrong passphrase; in the header
    // as a damaged header; in the content as damage.
    for kind in ["passphrase does not open", "damaged or incomplete", "header is damaged"] {
        assert!(seen.contains(kind), "no flip gave {kind}: {seen:?}");
    }
    // The whole file goes in.
    let plain = sync::crypt::open(&bytes, &mut Source::given(Some(passphrase))).unwrap();
    let set = sync::decode(&plain, b.clock().now().timestamp_millis()).unwrap();
    assert_eq!(sync::apply(&mut b, &set, false, false).unwrap().applied, 2);
}

#[test]
fn a_newer_format_foreign_files_and_encrypted_ones_are_refused_clearly() {
    let (bytes, mut b) = small();
    let text = String::from_utf8(bytes).unwrap();
    let newer =
        text.replacen("\"format\":1,\"min_reader\":1,\"app\":\"", "\"format\":4,\"min_reader\":3,\"app\":\"9.", 1);
    // Sealed as a newer repbook would: a trailer that matches.
    let body = &newer[..=newer.trim_end().rfind('\n').unwrap()];
    let sha: String = sha2::Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let newer = format!("{body}{{\"end\":\"repbook-changes\",\"count\":3,\"sha256\":\"{sha}\"}}\n");
    let why = refused(newer.as_bytes(), &mut b);
    assert!(why.contains("update repbook to 9."), "{why}");
    for foreign in
        [&b"SQLite format 3\0......"[..], b"name,city\n\xe5\x8d\x8e,x\n", b"{\"magic\":\"other\"}\n", b"\x89PNG\r\n"]
    {
        let why = refused(foreign, &mut b);
        assert!(why.contains("not a repbook change file"), "{why}");
    }
    // An encrypted file given no passphrase.
    let why = refused(b"age-encryption.org/v1\n-> scrypt abc 18\n", &mut b);
    assert!(why.contains("encrypted") && why.contains("none was given"), "{why}");
    assert!(refused(b"", &mut b).contains("empty"));
}

#[test]
fn an_import_killed_at_any_moment_leaves_before_or_after_and_can_be_redone() {
    let env = support::Env::new();
    let source = env.dir.path().join("source.sqlite3");
    let file = env.dir.path().join("big.changes");
    {
        let mut a = common::open(&source);
        a.write(|w| {
            for i in 0..1_500 {
                w.insert(&CUSTOMER, &[("name", text(&format!("客户{i}"))), ("city", text("上海"))])?;
            }
            Ok(())
        })
        .unwrap();
        sync::export_to(&a, &Selection::All, &file, None).unwrap();
    }
    let after = common::open(&source).digest().unwrap();
    let empty = memory().digest().unwrap();
    // How long a whole import takes here: the kills are spread over it.
    let started = std::time::Instant::now();
    let whole = env.dir.path().join("whole.sqlite3");
    let out = env.run_raw(&["--db", whole.to_str().unwrap(), "sync", "import", file.to_str().unwrap()]);
    assert!(out.status.success());
    let took = started.elapsed().as_millis() as u64;
    let mut seen_after = false;
    for round in 0..8u64 {
        let db = env.dir.path().join(format!("target{round}.sqlite3"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_repbook"))
            .args(["--db", db.to_str().unwrap(), "sync", "import", file.to_str().unwrap()])
            .env("HOME", env.dir.path())
            .env("REPBOOK_STATE_DIR", env.dir.path().join("state"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(took * (round + 1) / 8));
        let _ = child.kill();
        let _ = child.wait();
        if !db.exists() {
            continue;
        }
        let digest = common::open(&db).digest().unwrap();
        assert!(digest == empty || digest == after, "round {round}: the archive is between before and after");
        seen_after |= digest == after;
        let out = env.run_raw(&["--db", db.to_str().unwrap(), "sync", "import", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(common::open(&db).digest().unwrap(), after, "round {round}: a re-import completes it");
    }
    eprintln!("a whole import took {took} ms; some kill came after it: {seen_after}");
}
