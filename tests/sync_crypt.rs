//! Encrypted change files (issue 11, `--encrypt`): a passphrase (age,
//! scrypt) from `REPBOOK_PASSPHRASE` or a prompt; files opened in memory
//! and verified whole; a wrong passphrase, no passphrase, and damaged
//! encrypted files refused clearly in both languages with the archive
//! unchanged; folder sync writing and reading encrypted files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "support/cli.rs"]
mod support;

use common::{customer, memory, text};
use repbook::domain::schema::CUSTOMER;
use repbook::store::Store;
use repbook::sync::crypt::{self, Passphrase, Source};
use repbook::sync::{self, Selection, folder};
use support::{Env, failure};

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_string()).unwrap()
}

fn dump(s: &Store) -> (String, usize, usize) {
    (s.digest().unwrap(), s.changes().unwrap().len(), s.conflict_views().unwrap().len())
}

#[test]
fn an_encrypted_export_reads_back_with_its_passphrase_only() {
    let mut a = memory();
    let mut b = memory();
    customer(&mut a, "华东机电", "上海");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.changes");
    let (path, built) = sync::export_to(&a, &Selection::All, &file, Some(&pass("春天 2026"))).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes, built.bytes);
    assert!(crypt::is_encrypted(&bytes) && sync::is_encrypted_file(&path).unwrap());
    for plain in ["华东机电".as_bytes(), b"repbook-changes", b"customer"] {
        assert!(!bytes.windows(plain.len()).any(|w| w == plain), "plain text in the file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let now = b.clock().now().timestamp_millis();
    let before = dump(&b);
    // No passphrase, and a wrong one: refused, named, nothing changed.
    let none = sync::read_file(&path, now, &mut Source::given(None)).unwrap_err().to_string();
    assert!(none.contains("encrypted") && none.contains("REPBOOK_PASSPHRASE"), "{none}");
    let wrong = sync::read_file(&path, now, &mut Source::given(Some(pass("春天 2025")))).unwrap_err().to_string();
    assert!(wrong.contains("passphrase does not open"), "{wrong}");
    assert_eq!(dump(&b), before);
    // The right one: the same verified file as a plain export.
    let set = sync::read_file(&path, now, &mut Source::given(Some(pass("春天 2026")))).unwrap();
    let plain = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now).unwrap();
    assert_eq!(set.records, plain.records);
    assert_eq!(sync::apply(&mut b, &set, false, false).unwrap().applied, 1);
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
}

#[test]
fn a_source_asks_once_and_only_when_a_file_needs_it() {
    let asked = std::cell::Cell::new(0);
    let mut source = Source::asking(|| {
        asked.set(asked.get() + 1);
        Ok(Some(pass("x")))
    });
    let plain = b"{\"magic\":\"repbook-changes\"}\n";
    assert!(crypt::open(plain, &mut source).is_ok());
    assert_eq!(asked.get(), 0, "a plain file needs no passphrase");
    let sealed = crypt::encrypt_with(plain, &pass("x"), 4).unwrap();
    assert_eq!(&*crypt::open(&sealed, &mut source).unwrap(), plain);
    assert_eq!(&*crypt::open(&sealed, &mut source).unwrap(), plain);
    assert_eq!(asked.get(), 1, "asked once for the run");
    let mut nobody = Source::asking(|| Ok(None));
    assert!(nobody.required().unwrap_err().to_string().contains("needs a passphrase"));
}

#[test]
fn an_armored_age_file_opens_too() {
    use std::io::Write as _;
    let mut a = memory();
    let mut b = memory();
    customer(&mut a, "北方重工", "天津");
    let plain = sync::build(&a, &Selection::All).unwrap().bytes;
    // Armored, as `age --armor -p` writes it.
    let mut recipient = age::scrypt::Recipient::new(age::secrecy::SecretString::from("口令".to_string()));
    recipient.set_work_factor(4);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).unwrap();
    let mut armored = vec![];
    let out = age::armor::ArmoredWriter::wrap_output(&mut armored, age::armor::Format::AsciiArmor).unwrap();
    let mut w = encryptor.wrap_output(out).unwrap();
    w.write_all(&plain).unwrap();
    w.finish().and_then(age::armor::ArmoredWriter::finish).unwrap();
    assert!(armored.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
    let opened = crypt::open(&armored, &mut Source::given(Some(pass("口令")))).unwrap();
    let set = sync::decode(&opened, b.clock().now().timestamp_millis()).unwrap();
    assert_eq!(sync::apply(&mut b, &set, false, false).unwrap().applied, 1);
}

#[test]
fn a_file_encrypted_for_a_key_or_with_too_much_work_is_refused_clearly() {
    use std::io::Write as _;
    let key = age::x25519::Identity::generate();
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&key.to_public() as &dyn age::Recipient)).unwrap();
    let mut sealed = vec![];
    let mut w = encryptor.wrap_output(&mut sealed).unwrap();
    w.write_all(b"x").unwrap();
    w.finish().unwrap();
    let why = crypt::decrypt(&sealed, &pass("x")).unwrap_err().to_string();
    assert!(why.contains("not encrypted with a passphrase"), "{why}");
    // A work factor above the bound is refused before any work is done.
    let heavy = crypt::encrypt_with(b"x", &pass("x"), 4).unwrap();
    let text = String::from_utf8_lossy(&heavy).replacen(" 4\n", " 30\n", 1);
    let why = crypt::decrypt(text.as_bytes(), &pass("x")).unwrap_err().to_string();
    assert!(why.contains("work factor 30"), "{why}");
}

/// Two archives of one book, `a` holding one change `b` lacks.
fn pair() -> (Store, Store) {
    let mut a = memory();
    let mut b = memory();
    let id = customer(&mut a, "华东机电", "上海");
    let now = b.clock().now().timestamp_millis();
    let set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now).unwrap();
    sync::apply(&mut b, &set, false, false).unwrap();
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("周三拜访"))])).unwrap();
    (a, b)
}

#[test]
fn folder_sync_writes_encrypted_files_and_reads_them_with_the_passphrase() {
    let root = tempfile::tempdir().unwrap();
    let share = root.path().join("share");
    let (mut a, mut b) = pair();
    // Encrypting without a passphrase does nothing at all.
    let err = folder::sync_with(&mut a, &share, true, &mut Source::given(None)).unwrap_err();
    assert!(err.to_string().contains("needs a passphrase"), "{err}");
    assert!(!share.exists() || std::fs::read_dir(&share).unwrap().next().is_none());
    let r = folder::sync_with(&mut a, &share, true, &mut Source::given(Some(pass("共享")))).unwrap();
    let (written, n) = r.written.unwrap();
    assert_eq!(n, 2);
    assert!(crypt::is_encrypted(&std::fs::read(&written).unwrap()));
    let name = written.file_name().unwrap().to_string_lossy().into_owned();
    let before = dump(&b);
    // Without a passphrase: the file waits, named; with a wrong one too.
    let r = folder::sync(&mut b, &share).unwrap();
    assert_eq!((r.taken.len(), r.locked), (0, 1));
    assert!(r.waiting[0].0 == name && r.waiting[0].1.contains("encrypted"), "{r:?}");
    let r = folder::sync_with(&mut b, &share, false, &mut Source::given(Some(pass("共享?")))).unwrap();
    assert_eq!((r.taken.len(), r.locked), (0, 0));
    assert!(r.waiting[0].0 == name && r.waiting[0].1.contains("does not open"), "{r:?}");
    // A cut-short encrypted file waits as still arriving.
    let bytes = std::fs::read(&written).unwrap();
    std::fs::write(&written, &bytes[..bytes.len() - 20]).unwrap();
    let r = folder::sync_with(&mut b, &share, false, &mut Source::given(Some(pass("共享")))).unwrap();
    assert!(r.taken.is_empty() && r.waiting[0].1.contains("incomplete"), "{r:?}");
    assert_eq!(dump(&b), before, "never half-applied");
    std::fs::write(&written, &bytes).unwrap();
    // b writes plain files (encrypt off) and reads a's with the passphrase.
    b.write(|w| w.insert(&CUSTOMER, &[("name", text("北方重工"))])).unwrap();
    let r = folder::sync_with(&mut b, &share, false, &mut Source::given(Some(pass("共享")))).unwrap();
    assert_eq!(r.taken, vec![name]);
    assert!(!crypt::is_encrypted(&std::fs::read(r.written.unwrap().0).unwrap()));
    folder::sync_with(&mut a, &share, true, &mut Source::given(Some(pass("共享")))).unwrap();
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
}

fn at(env: &Env, db: &str, args: &[&str], vars: &[(&str, &str)]) -> String {
    let out = env.run_with(&[&["--db", db], args].concat(), vars);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn digest(env: &Env, db: &str) -> String {
    let out = at(env, db, &["sync", "status", "--json"], &[]);
    serde_json::from_str::<serde_json::Value>(&out).unwrap()["digest"].as_str().unwrap().to_string()
}

const PASS: (&str, &str) = ("REPBOOK_PASSPHRASE", "三月 拜访 计划");

#[test]
fn the_command_line_exports_and_imports_encrypted_files_and_refuses_clearly() {
    let env = Env::new();
    let dir = env.dir.path();
    let (a, b) = (dir.join("a.db"), dir.join("b.db"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    at(&env, a, &["customer", "add", "华东机电", "--city", "上海"], &[]);
    let file = dir.join("a.changes");
    let f = file.to_str().unwrap();
    // No passphrase to be had (no variable, no terminal): refused, no file.
    let (code, err) = failure(&env.run_with(&["--db", a, "sync", "export", "--encrypt", "--out", f], &[]));
    assert!(code == 2 && err.contains("REPBOOK_PASSPHRASE"), "{err}");
    assert!(!file.exists());
    let (_, err) =
        failure(&env.run_with(&["--db", a, "sync", "export", "--encrypt", "--out", f], &[("REPBOOK_PASSPHRASE", "")]));
    assert!(err.contains("passphrase is empty"), "{err}");
    let out = at(&env, a, &["sync", "export", "--encrypt", "--out", f], &[PASS]);
    assert!(out.contains("encrypted with the passphrase"), "{out}");
    assert!(crypt::is_encrypted(&std::fs::read(&file).unwrap()));
    // A new archive: refusals first, each naming the file, nothing changed.
    let before = digest(&env, b);
    let (code, err) = failure(&env.run_with(&["--db", b, "sync", "import", f], &[]));
    assert!(code == 2 && err.contains("none was given") && err.contains("nothing changed"), "{err}");
    let (_, err) = failure(&env.run_with(&["--db", b, "sync", "import", f], &[("REPBOOK_PASSPHRASE", "三月")]));
    assert!(err.contains("a.changes") && err.contains("passphrase does not open"), "{err}");
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.join("cut.changes");
    std::fs::write(&cut, &bytes[..bytes.len() - 30]).unwrap();
    let (_, err) = failure(&env.run_with(&["--db", b, "sync", "import", cut.to_str().unwrap()], &[PASS]));
    assert!(err.contains("damaged or incomplete"), "{err}");
    // In Chinese too.
    let zh = [("LANG", "zh_CN.UTF-8"), ("REPBOOK_PASSPHRASE", "三月")];
    let (_, err) = failure(&env.run_with(&["--db", b, "sync", "import", f], &zh));
    assert!(err.contains("口令打不开") && err.contains("未导入"), "{err}");
    let (_, err) = failure(&env.run_with(&["--db", b, "sync", "import", f], &[("LANG", "zh_CN.UTF-8")]));
    assert!(err.contains("没有提供口令"), "{err}");
    assert_eq!(digest(&env, b), before);
    // The dry run previews, the import applies, in memory: no plain copy.
    let preview = at(&env, b, &["sync", "import", f, "--dry-run"], &[PASS]);
    assert!(preview.contains("华东机电 (new)"), "{preview}");
    at(&env, b, &["sync", "import", f], &[PASS]);
    assert_eq!(digest(&env, a), digest(&env, b));
    let names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
    let help = at(&env, a, &["sync", "import", "--help"], &[]);
    assert!(help.contains("REPBOOK_PASSPHRASE"), "{help}");
    let help = at(&env, a, &["sync", "export", "--help"], &[]);
    assert!(help.contains("--encrypt") && help.contains("REPBOOK_PASSPHRASE"), "{help}");
}

#[test]
fn folder_sync_from_the_command_line_encrypts_by_flag_or_configuration() {
    let env = Env::new();
    let dir = env.dir.path();
    let (a, b) = (dir.join("a.db"), dir.join("b.db"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let share = dir.join("share");
    let s = share.to_str().unwrap();
    at(&env, a, &["customer", "add", "华东机电"], &[]);
    let (_, err) = failure(&env.run_with(&["--db", a, "sync", "dir", s, "--encrypt"], &[]));
    assert!(err.contains("needs a passphrase"), "{err}");
    let out = at(&env, a, &["sync", "dir", s, "--encrypt"], &[PASS]);
    assert!(out.contains("encrypted"), "{out}");
    // b's configuration turns encryption on.
    let config = dir.join("b.toml");
    std::fs::write(&config, format!("[sync]\ndir = \"{s}\"\nencrypt = true\n")).unwrap();
    let c = config.to_str().unwrap();
    let out = at(&env, b, &["--config", c, "sync", "dir"], &[("REPBOOK_PASSPHRASE", "other")]);
    assert!(out.contains("Took in 0 files") && out.contains("does not open"), "{out}");
    let out = at(&env, b, &["sync", "dir", s], &[]);
    assert!(out.contains("Skipped") && out.contains("none was given"), "{out}");
    let out = at(&env, b, &["--config", c, "sync", "dir"], &[PASS]);
    assert!(out.contains("Took in 1 file") && out.contains("Applied 1"), "{out}");
    at(&env, b, &["customer", "add", "北方重工"], &[]);
    let out = at(&env, b, &["--config", c, "sync", "dir"], &[PASS]);
    assert!(out.contains("Wrote 1 new change, encrypted"), "{out}");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&share).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 2);
    for path in &files {
        assert!(crypt::is_encrypted(&std::fs::read(path).unwrap()), "{} is plain", path.display());
    }
    at(&env, a, &["sync", "dir", s, "--encrypt"], &[PASS]);
    assert_eq!(digest(&env, a), digest(&env, b));
}
