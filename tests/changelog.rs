//! The change log of schema 3, the ground sync stands on (DESIGN.md §2, §4):
//! counters across reopen, clocks, identity of copies, edit-time bases,
//! deterministic generated ids, erase, several writers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::{customer, memory, text};
use repbook::clock::Clock;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{CUSTOMER, FOLLOWUP, PERSON, VISIT};
use repbook::store::{OpenMode, OutsideChanges, Store};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A clock the test moves by hand, backwards too.
#[derive(Debug)]
struct HandClock(AtomicI64);

impl HandClock {
    fn at(ms: i64) -> Arc<Self> {
        Arc::new(Self(AtomicI64::new(ms)))
    }
    fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for HandClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.0.load(Ordering::SeqCst)).single().unwrap()
    }
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// A test directory. Issued seqs are noted in the tests' own state
/// directory (`common::test_issued_dir`) under fresh device ids, so tests
/// never collide.
fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn open_with(path: &Path, clock: Arc<dyn Clock>) -> Store {
    common::test_issued_dir();
    Store::open(path, OpenMode::Write, clock, Romanizer::default()).unwrap()
}

fn open(path: &Path) -> Store {
    common::open(path)
}

fn pairs(store: &Store) -> Vec<(String, i64)> {
    store.changes().unwrap().into_iter().map(|r| (r.origin, r.seq)).collect()
}

#[test]
fn seq_and_clock_continue_across_reopen_and_are_reconciled_with_the_log() {
    let d = dir();
    let path = d.path().join("a.sqlite3");
    let clock = HandClock::at(1_700_000_000_000);
    let mut s = open_with(&path, clock.clone());
    customer(&mut s, "一", "x");
    customer(&mut s, "二", "x");
    let last = s.changes().unwrap().last().unwrap().hlc;
    drop(s);
    // Counters in meta lost or wound back (a crash, a hand edit): the log
    // decides, never a silent 0 and 1.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE meta SET value = 'garbage' WHERE key = 'next_seq'", []).unwrap();
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'last_hlc'", []).unwrap();
    drop(conn);
    clock.set(1_600_000_000_000);
    let mut s = open_with(&path, clock.clone());
    assert_eq!(s.device().next_seq, 3);
    assert!(s.device().last_hlc.as_i64() >= last);
    customer(&mut s, "三", "x");
    let c = s.changes().unwrap();
    assert_eq!(c.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(c[2].hlc > c[1].hlc, "a wall clock gone back a century does not reorder writes");
}

#[test]
fn a_clock_going_backwards_keeps_the_order() {
    let clock = HandClock::at(1_700_000_000_000);
    let mut s = Store::open_in_memory(clock.clone(), Romanizer::default()).unwrap();
    let id = customer(&mut s, "一", "x");
    clock.set(1_699_000_000_000);
    s.write(|w| w.update(&CUSTOMER, &id, &[("city", text("y"))])).unwrap();
    clock.set(1_700_000_000_005);
    s.write(|w| w.update(&CUSTOMER, &id, &[("city", text("z"))])).unwrap();
    let hlcs: Vec<i64> = s.changes().unwrap().iter().map(|r| r.hlc).collect();
    assert!(hlcs.windows(2).all(|w| w[0] < w[1]), "{hlcs:?}");
    assert_eq!(s.get(&CUSTOMER, &id).unwrap().unwrap().text("city"), Some("z"));
}

#[test]
fn more_than_65536_writes_in_one_millisecond_stay_ordered() {
    let mut s = memory();
    let id = customer(&mut s, "一", "x");
    s.write(|w| {
        for i in 0..66_000 {
            w.update(&CUSTOMER, &id, &[("city", text(&i.to_string()))])?;
        }
        Ok(())
    })
    .unwrap();
    let c = s.changes().unwrap();
    assert_eq!(c.len(), 66_001);
    assert!(c.windows(2).all(|w| w[0].hlc < w[1].hlc && w[0].seq + 1 == w[1].seq));
}

#[test]
fn a_copied_archive_takes_a_new_identity_and_never_reuses_a_seq() {
    let d = dir();
    let a = d.path().join("a.sqlite3");
    let mut first = open(&a);
    customer(&mut first, "一", "x");
    assert!(first.checkpoint().unwrap());
    let b: PathBuf = d.path().join("copy.sqlite3");
    std::fs::copy(&a, &b).unwrap();
    let mut copy = open(&b);
    assert_ne!(copy.device().device_id, first.device().device_id, "the copy is another device");
    assert_eq!(copy.device().dataset_id, first.device().dataset_id, "of the same book");
    customer(&mut first, "二", "x");
    customer(&mut copy, "三", "x");
    let mut all: Vec<(String, i64)> = pairs(&first);
    all.extend(pairs(&copy));
    let unique: HashSet<_> = all.iter().cloned().collect();
    assert_eq!(unique.len(), 3, "(origin, seq) pairs never collide: {all:?}");
    // Reopening either keeps its identity.
    let again = open(&b);
    assert_eq!(again.device().device_id, copy.device().device_id);
}

#[test]
fn a_restored_older_backup_takes_a_new_identity() {
    let d = dir();
    let a = d.path().join("a.sqlite3");
    let bak = d.path().join("a.bak");
    let mut s = open(&a);
    customer(&mut s, "一", "x");
    assert!(s.checkpoint().unwrap());
    std::fs::copy(&a, &bak).unwrap();
    customer(&mut s, "二", "x");
    customer(&mut s, "三", "x");
    let (old_device, issued) = (s.device().device_id.clone(), pairs(&s));
    drop(s);
    // Restored the way people do it: copied over the same file (same inode).
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(d.path().join(format!("a.sqlite3{ext}")));
    }
    std::fs::copy(&bak, &a).unwrap();
    let mut s = open(&a);
    assert_ne!(s.device().device_id, old_device, "the older copy must not issue seqs 2 and 3 again");
    customer(&mut s, "四", "x");
    let fresh = pairs(&s).pop().unwrap();
    assert!(!issued.contains(&fresh), "{fresh:?} was already issued");
}

#[test]
fn an_edit_saved_over_a_change_it_did_not_see_keeps_both() {
    let d = dir();
    let path = d.path().join("a.sqlite3");
    let mut form = open(&path);
    let id = customer(&mut form, "重庆恒达", "重庆");
    // The form loads the record, then another process edits it.
    let seen = form.snapshot(&CUSTOMER, &id).unwrap();
    let mut cli = open(&path);
    cli.write(|w| w.update(&CUSTOMER, &id, &[("city", text("长沙")), ("phone", text("023-1234"))])).unwrap();
    // The form saves its own city, and the phone it never touched.
    let changed = form
        .write(|w| w.update_from(&seen, &[("city", text("厦门")), ("phone", Value::Null), ("name", text("重庆恒达"))]))
        .unwrap();
    assert_eq!(changed, 1, "only the field the user changed is written");
    let now = form.get(&CUSTOMER, &id).unwrap().unwrap();
    assert_eq!(now.text("city"), Some("厦门"), "the later save wins the field");
    assert_eq!(now.text("phone"), Some("023-1234"), "an untouched field keeps the other process's change");
    let conflicts = form.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!((conflicts[0].column.as_str(), conflicts[0].value.as_deref()), ("city", Some("\"长沙\"")));
    // The record's base is what the form saw, not what it overwrote.
    let last = form.changes().unwrap().pop().unwrap();
    assert_eq!(last.base.map(|b| b.0), Some(seen.stamps["city"].hlc));
    // A save with nothing changed elsewhere keeps no conflict.
    let seen = form.snapshot(&CUSTOMER, &id).unwrap();
    form.write(|w| w.update_from(&seen, &[("city", text("泉州"))])).unwrap();
    assert_eq!(form.conflicts().unwrap().len(), 1);
}

#[test]
fn generated_records_get_the_same_id_on_every_device_of_a_book() {
    let tmp = dir();
    let first = tmp.path().join("a.sqlite3");
    let mut laptop = open(&first);
    let cid = customer(&mut laptop, "一", "x");
    assert!(laptop.checkpoint().unwrap());
    let second = tmp.path().join("b.sqlite3");
    std::fs::copy(&first, &second).unwrap();
    let mut phone = open(&second);
    let values = [
        ("customer_id", text(&cid)),
        ("what", text("birthday")),
        ("due", text("2026-11-27")),
        ("source", text("birthday")),
        ("status", text("open")),
        ("ref", text("birthday:p1:2026-11-27")),
    ];
    let made = laptop.write(|w| w.insert_derived(&FOLLOWUP, "birthday:p1:2026-11-27", &values)).unwrap();
    let same = phone.write(|w| w.insert_derived(&FOLLOWUP, "birthday:p1:2026-11-27", &values)).unwrap();
    assert!(made.is_some());
    assert_eq!(made, same, "two devices generating the same follow-up agree on its id");
    let again = laptop.write(|w| w.insert_derived(&FOLLOWUP, "birthday:p1:2026-11-27", &values)).unwrap();
    assert_eq!(again, None, "made once");
    let other = laptop.write(|w| w.insert_derived(&FOLLOWUP, "birthday:p1:2027-11-27", &values)).unwrap();
    assert!(other.is_some() && other != made);
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn an_erased_person_leaves_no_trace_in_the_files() {
    let d = dir();
    let path = d.path().join("a.sqlite3");
    let mut s = open(&path);
    let cid = customer(&mut s, "厦门永兴物流", "厦门");
    let secrets = ["曾国强", "13912345678", "两个孩子都在踢足球", "龙岩永定"];
    let pid = s
        .write(|w| {
            w.insert(
                &PERSON,
                &[
                    ("customer_id", text(&cid)),
                    ("name", text(secrets[0])),
                    ("phone", text(secrets[1])),
                    ("family", text(secrets[2])),
                    ("birthday", text("11-27")),
                ],
            )
        })
        .unwrap();
    s.write(|w| w.update(&PERSON, &pid, &[("hometown", text(secrets[3]))])).unwrap();
    s.write(|w| w.update(&PERSON, &pid, &[("hometown", text("福建"))])).unwrap();
    let vid = s
        .write(|w| {
            w.insert(
                &VISIT,
                &[
                    ("customer_id", text(&cid)),
                    ("kind", text("visit")),
                    ("status", text("planned")),
                    ("date", text("2026-11-20")),
                    ("who", text("曾国强, 李娜")),
                ],
            )
        })
        .unwrap();
    s.write(|w| w.update(&VISIT, &vid, &[("notes", text("曾国强说预算批了"))])).unwrap();
    s.write(|w| {
        w.insert(
            &FOLLOWUP,
            &[
                ("customer_id", text(&cid)),
                ("what", text("给曾国强送生日礼物")),
                ("due", text("2026-11-27")),
                ("source", text("manual")),
                ("status", text("open")),
            ],
        )
    })
    .unwrap();
    // Another process has the archive open (the interface, say).
    let reader = open(&path);
    assert_eq!(reader.children(&PERSON, &cid).unwrap().len(), 1);
    s.erase_person(&pid).unwrap();
    for file in ["a.sqlite3", "a.sqlite3-wal"] {
        let bytes = std::fs::read(d.path().join(file)).unwrap_or_default();
        for secret in secrets {
            assert!(!contains(&bytes, secret), "{secret} is still in {file}");
        }
    }
    let v = reader.get(&VISIT, &vid).unwrap().unwrap();
    assert_eq!(v.text("who"), Some("李娜"));
    assert_eq!(v.text("notes"), Some("说预算批了"));
    // A durable tombstone: what sync applies later checks it.
    assert!(s.get(&PERSON, &pid).unwrap().is_none());
    drop(s);
    assert!(open(&path).is_erased(&pid).unwrap());
    assert!(!reader.is_erased(&cid).unwrap());
}

#[test]
fn writers_in_two_threads_lose_nothing() {
    let d = dir();
    let path = d.path().join("a.sqlite3");
    drop(open(&path));
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = open(&path);
                for i in 0..100 {
                    customer(&mut s, &format!("客户{t}-{i}"), "x");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let s = open(&path);
    assert_eq!(s.customers(&repbook::store::CustomerFilter::default()).unwrap().len(), 200);
    let seqs: Vec<i64> = s.changes().unwrap().iter().map(|r| r.seq).collect();
    let mut sorted = seqs.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=200).collect::<Vec<_>>(), "no seq issued twice, none skipped");
}

#[test]
fn a_store_notices_what_another_wrote() {
    let d = dir();
    let path = d.path().join("a.sqlite3");
    let mut ui = open(&path);
    let a = customer(&mut ui, "一", "x");
    let mut mark = ui.write_mark().unwrap();
    assert_eq!(ui.outside_changes(&mut mark).unwrap(), OutsideChanges::Nothing);
    let mut cli = open(&path);
    cli.write(|w| w.update(&CUSTOMER, &a, &[("city", text("y"))])).unwrap();
    let b = customer(&mut cli, "二", "x");
    match ui.outside_changes(&mut mark).unwrap() {
        OutsideChanges::Customers(ids) => assert_eq!(ids, [a.clone(), b].into_iter().collect()),
        other => panic!("{other:?}"),
    }
    assert_eq!(ui.outside_changes(&mut mark).unwrap(), OutsideChanges::Nothing, "the mark moved");
    // Its own writes are not news.
    customer(&mut ui, "三", "x");
    assert_eq!(ui.outside_changes(&mut mark).unwrap(), OutsideChanges::Nothing);
}

#[test]
fn two_devices_generating_a_birthday_follow_up_make_the_same_record() {
    let tmp = dir();
    let laptop_path = tmp.path().join("a.sqlite3");
    let mut laptop = open(&laptop_path);
    let cid = customer(&mut laptop, "厦门永兴", "厦门");
    // A birthday far off: no follow-up yet.
    let pid = laptop
        .write(|w| {
            w.insert(&PERSON, &[("customer_id", text(&cid)), ("name", text("王建华")), ("birthday", text("03-25"))])
        })
        .unwrap();
    assert!(laptop.checkpoint().unwrap());
    let phone_path = tmp.path().join("b.sqlite3");
    std::fs::copy(&laptop_path, &phone_path).unwrap();
    let mut phone = open(&phone_path);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    // Both devices correct it to a birthday this week: each makes the
    // follow-up as the person is saved.
    for s in [&mut laptop, &mut phone] {
        s.write(|w| w.update(&PERSON, &pid, &[("birthday", text("11-25"))])).unwrap();
    }
    assert_eq!(laptop.generate_followups(today).unwrap(), 0, "made once, on saving");
    assert_eq!(phone.generate_followups(today).unwrap(), 0, "made once, on saving");
    let ids = |s: &Store| s.children(&FOLLOWUP, &cid).unwrap().into_iter().map(|f| f.id).collect::<Vec<_>>();
    assert_eq!(ids(&laptop), ids(&phone));
    assert_eq!(ids(&laptop).len(), 1);
}

#[test]
fn a_received_clock_moves_ours_past_it_unless_it_is_absurdly_ahead() {
    let clock = HandClock::at(1_700_000_000_000);
    let mut s = Store::open_in_memory(clock.clone(), Romanizer::default()).unwrap();
    let id = customer(&mut s, "一", "x");
    // A peer an hour ahead: our next write orders after its changes.
    let peer = repbook::hlc::Hlc::tick(repbook::hlc::Hlc(0), 1_700_000_000_000 + 3_600_000);
    s.write(|w| {
        w.receive_clock(peer, "phone-of-rep")?;
        w.update(&CUSTOMER, &id, &[("city", text("y"))])
    })
    .unwrap();
    assert!(s.changes().unwrap().last().unwrap().hlc > peer.as_i64());
    // The clock received is kept across reopen (it is in the counters).
    assert!(s.device().last_hlc > peer);
    // A year ahead is refused, naming the device, and nothing is written.
    let before = s.change_count().unwrap();
    let absurd = repbook::hlc::Hlc::tick(repbook::hlc::Hlc(0), 1_700_000_000_000 + 365 * 86_400_000);
    let err = s
        .write(|w| {
            w.receive_clock(absurd, "phone-of-rep")?;
            w.update(&CUSTOMER, &id, &[("city", text("z"))])
        })
        .unwrap_err();
    assert!(err.to_string().contains("phone-of-rep") && err.to_string().contains("365"), "{err}");
    assert_eq!(s.change_count().unwrap(), before);
}

#[cfg(unix)]
#[test]
fn the_same_archive_through_a_symlink_is_the_same_device_and_both_write() {
    let tmp = dir();
    let real = tmp.path().join("a.sqlite3");
    let link = tmp.path().join("link.sqlite3");
    let mut first = open(&real);
    customer(&mut first, "一", "x");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let mut second = open(&link);
    assert_eq!(second.device().device_id, first.device().device_id, "not mistaken for a copy");
    customer(&mut second, "二", "x");
    customer(&mut first, "三", "x");
    let seqs: Vec<i64> = first.changes().unwrap().iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [1, 2, 3], "one device, no seq twice, no UNIQUE error");
}

#[test]
fn a_backup_restored_after_a_crash_still_takes_a_new_identity() {
    let tmp = dir();
    let a = tmp.path().join("a.sqlite3");
    let bak = tmp.path().join("a.bak");
    let mut s = open(&a);
    customer(&mut s, "一", "x");
    assert!(s.checkpoint().unwrap());
    std::fs::copy(&a, &bak).unwrap();
    customer(&mut s, "二", "x");
    assert!(s.checkpoint().unwrap());
    let old = s.device().device_id.clone();
    // The process dies: the store is never closed.
    std::mem::forget(s);
    std::fs::copy(&bak, &a).unwrap();
    assert_ne!(open(&a).device().device_id, old, "seq 2 was issued before the crash");
}

#[test]
fn an_erase_held_up_by_a_reader_says_so_and_clears_once_it_is_done() {
    let tmp = dir();
    let path = tmp.path().join("a.sqlite3");
    let mut s = open(&path);
    let cid = customer(&mut s, "厦门永兴", "厦门");
    let pid = s
        .write(|w| {
            w.insert(&PERSON, &[("customer_id", text(&cid)), ("name", text("曾国强")), ("phone", text("13912345678"))])
        })
        .unwrap();
    // Another process in the middle of a long read.
    let reader = rusqlite::Connection::open(&path).unwrap();
    reader.execute_batch("BEGIN; SELECT count(*) FROM person;").unwrap();
    assert!(!s.erase_person(&pid).unwrap().files_cleared, "not passed off as cleared");
    assert!(s.get(&PERSON, &pid).unwrap().is_none(), "the erase itself is done");
    reader.execute_batch("COMMIT").unwrap();
    assert!(s.checkpoint().unwrap());
    for file in ["a.sqlite3", "a.sqlite3-wal"] {
        let bytes = std::fs::read(tmp.path().join(file)).unwrap_or_default();
        assert!(!contains(&bytes, "13912345678"), "still in {file}");
    }
}

#[test]
fn an_erase_reaches_step_keys_and_birthday_reminders_and_relogging_makes_no_twin() {
    let tmp = dir();
    let path = tmp.path().join("a.sqlite3");
    let mut s = open(&path);
    let cid = customer(&mut s, "Harbor Trading", "Xiamen");
    let pid = s
        .write(|w| {
            w.insert(&PERSON, &[("customer_id", text(&cid)), ("name", text("Zhao Lin")), ("birthday", text("11-25"))])
        })
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    assert_eq!(s.generate_followups(today).unwrap(), 0, "the birthday reminder was made as the person was saved");
    assert_eq!(s.children(&FOLLOWUP, &cid).unwrap().len(), 1, "the birthday reminder");
    let log = |s: &mut Store, steps: &str| {
        s.write(|w| w.log_visit(&cid, None, vec![("met", text("Zhao Lin")), ("next_step", text(steps))], today))
            .unwrap()
    };
    let out = log(&mut s, "Call Zhao Lin @ 2026-11-24");
    let visit = out.visit_id.clone();
    assert_eq!(s.children(&FOLLOWUP, &cid).unwrap().len(), 2);
    assert!(s.erase_person(&pid).unwrap().files_cleared);
    let followups = s.children(&FOLLOWUP, &cid).unwrap();
    assert_eq!(followups.len(), 1, "the birthday reminder left with the person");
    assert_eq!(followups[0].text("what").map(str::trim), Some("Call"));
    for file in ["a.sqlite3", "a.sqlite3-wal"] {
        let bytes = std::fs::read(tmp.path().join(file)).unwrap_or_default().to_ascii_lowercase();
        for secret in ["zhao lin", "11-25"] {
            assert!(!contains(&bytes, secret), "{secret} is still in {file} (any case)");
        }
    }
    // The visit, logged again with its scrubbed step, finds the same one.
    let text_now = s.get(&VISIT, &visit).unwrap().unwrap().text_or_empty("next_step").to_string();
    let again = s.write(|w| w.log_visit(&cid, Some(&visit), vec![("next_step", text(&text_now))], today)).unwrap();
    assert!(again.no_longer_steps.is_empty(), "{again:?}");
    assert_eq!(s.children(&FOLLOWUP, &cid).unwrap().len(), 1, "no twin");
}
