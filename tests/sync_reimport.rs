//! Re-imports and the written file (issue 11): a file byte-identical to one
//! taken in whole is recognised by its checksum and not read again, and
//! nothing else is: a file with a held record changed is still refused, a
//! file taken in with a clash kept or only as a dry run is read again, a
//! set changed in memory is not taken for its file, and every bit flip of
//! a file taken before is still refused. An export streamed from the log
//! holds the same records as the log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, memory, text};
use repbook::domain::schema::{CUSTOMER, PERSON};
use repbook::store::{Known, Store};
use repbook::sync::{self, Changeset, Selection, format};

fn now(store: &Store) -> i64 {
    store.clock().now().timestamp_millis()
}

/// Read `bytes` as [`sync::read_file_for`] does for `store`.
fn read_for(store: &Store, bytes: &[u8]) -> repbook::Result<Changeset> {
    format::decode_unless(bytes, now(store), &|sha| store.took_in_file(sha))
}

/// `a` with a customer, `b` of its book holding it, and `a`'s file of two
/// more changes, taken in by `b`.
fn taken() -> (Store, Store, Vec<u8>) {
    let mut a = memory();
    let mut b = memory();
    let id = customer(&mut a, "华东机电", "上海");
    let first = sync::build(&a, &Selection::All).unwrap().bytes;
    let set = read_for(&b, &first).unwrap();
    sync::apply(&mut b, &set, false, false).unwrap();
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("周三拜访"))])).unwrap();
    a.write(|w| w.insert(&PERSON, &[("customer_id", text(&id)), ("name", text("李娜"))])).unwrap();
    let bytes = sync::build(&a, &Selection::All).unwrap().bytes;
    let set = read_for(&b, &bytes).unwrap();
    assert!(!set.taken_before, "a new file is read whole");
    let r = sync::apply(&mut b, &set, false, false).unwrap();
    assert_eq!((r.applied, r.already), (2, 1), "{r:?}");
    (a, b, bytes)
}

#[test]
fn a_file_taken_in_whole_is_recognised_and_changes_nothing() {
    let (a, mut b, bytes) = taken();
    let before = (b.digest().unwrap(), b.changes().unwrap());
    let set = read_for(&b, &bytes).unwrap();
    assert!(set.taken_before && set.records.is_empty(), "recognised by its checksum");
    assert_eq!(set.header.count, 3);
    let r = sync::apply(&mut b, &set, false, false).unwrap();
    assert_eq!((r.applied, r.already, r.conflicts), (0, 3, 0), "{r:?}");
    assert_eq!((b.digest().unwrap(), b.changes().unwrap()), before);
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
    // Another archive has not taken it: read whole there.
    assert!(!read_for(&memory(), &bytes).unwrap().taken_before);
}

#[test]
fn a_file_with_a_held_record_changed_is_still_refused() {
    let (a, mut b, bytes) = taken();
    let before = (b.digest().unwrap(), b.changes().unwrap().len());
    let mut set = sync::decode(&bytes, now(&b)).unwrap();
    for r in &mut set.records {
        if r.column == "notes" {
            r.hlc += 1;
            r.value = Some("\"伪造\"".into());
        }
    }
    let h = &set.header;
    let forged = format::encode((&h.dataset, &h.sender, h.purpose), h.created_ms, &h.known, &set.records).unwrap();
    let set = read_for(&b, &forged).unwrap();
    assert!(!set.taken_before, "another checksum: read whole");
    let err = sync::apply(&mut b, &set, false, false).unwrap_err().to_string();
    assert!(err.contains("--skip-clashes") && err.contains(&a.device().device_id), "{err}");
    assert_eq!((b.digest().unwrap(), b.changes().unwrap().len()), before, "nothing changed");
    // Taken in keeping the clash for review: read whole again next time,
    // and refused again without --skip-clashes.
    let r = sync::apply(&mut b, &set, false, true).unwrap();
    assert_eq!(r.clashes, 1);
    let again = read_for(&b, &forged).unwrap();
    assert!(!again.taken_before, "a file with a clash kept is not recorded as taken");
    assert!(sync::apply(&mut b, &again, false, false).is_err());
}

#[test]
fn a_dry_run_and_a_set_changed_in_memory_are_not_taken_for_the_file() {
    let mut a = memory();
    let mut b = memory();
    let id = customer(&mut a, "华东机电", "上海");
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("周三拜访"))])).unwrap();
    let bytes = sync::build(&a, &Selection::All).unwrap().bytes;
    let set = read_for(&b, &bytes).unwrap();
    sync::apply(&mut b, &set, true, false).unwrap();
    assert!(!read_for(&b, &bytes).unwrap().taken_before, "a dry run takes nothing in");
    // One record left out in memory: the file is not what was taken in.
    let mut set = read_for(&b, &bytes).unwrap();
    let left_out = set.records.pop().unwrap();
    assert_eq!(left_out.column, "notes");
    sync::apply(&mut b, &set, false, false).unwrap();
    let set = read_for(&b, &bytes).unwrap();
    assert!(!set.taken_before, "the file was not taken in whole");
    let r = sync::apply(&mut b, &set, false, false).unwrap();
    assert_eq!((r.applied, r.already), (1, 1), "the record left out comes now: {r:?}");
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
    assert!(read_for(&b, &bytes).unwrap().taken_before);
}

#[test]
fn every_bit_flip_of_a_file_taken_before_is_still_refused() {
    let (_, b, bytes) = taken();
    assert!(read_for(&b, &bytes).unwrap().taken_before);
    for i in 0..bytes.len() {
        for bit in [0, 3, 7] {
            let mut flipped = bytes.clone();
            flipped[i] ^= 1 << bit;
            assert!(read_for(&b, &flipped).is_err(), "byte {i} bit {bit} flipped was taken");
        }
    }
    for len in 0..bytes.len() {
        assert!(read_for(&b, &bytes[..len]).is_err(), "cut at {len} was taken");
    }
}

#[test]
fn an_export_streamed_from_the_log_holds_the_log_in_order() {
    let (mut a, mut b, _) = taken();
    // Both devices write; b's records name a's as their base.
    let id = customer(&mut b, "西南电气", "成都");
    b.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("带\"引号\"和\n换行"))])).unwrap();
    let set = sync::decode(&sync::build(&b, &Selection::All).unwrap().bytes, now(&a)).unwrap();
    sync::apply(&mut a, &set, false, false).unwrap();
    let own = customer(&mut a, "东北重工", "沈阳");
    a.write(|w| w.update(&CUSTOMER, &own, &[("city", text("苏州"))])).unwrap();
    for store in [&a, &b] {
        let all = sync::decode(&sync::build(store, &Selection::All).unwrap().bytes, now(store)).unwrap();
        assert_eq!(all.records, store.changes_beyond(&Known::new()).unwrap());
        assert_eq!(all.header.count, all.records.len());
        assert!(all.records.iter().any(|r| r.base.is_some()), "bases are written");
    }
    // What a peer lacks only.
    let peer = b.device().device_id.clone();
    let built = sync::build(&a, &Selection::Peer(peer)).unwrap();
    let set = sync::decode(&built.bytes, now(&a)).unwrap();
    let (_, known) = a.peer_known(&b.device().device_id).unwrap();
    assert_eq!(set.records, a.changes_beyond(&known).unwrap());
    // The peer named as the interface shows it (the end of its id), or by
    // its start, in either case.
    let id = b.device().device_id.clone();
    for given in [&id[id.len() - 8..], &id[..13], &id.to_uppercase()[id.len() - 8..]] {
        assert_eq!(a.peer_known(given).unwrap(), (id.clone(), known.clone()), "{given}");
    }
    let err = a.peer_known("ffffffff").unwrap_err().to_string();
    assert!(err.contains("ffffffff") && err.contains("ends"), "{err}");
    assert_eq!(built.records, set.records.len());
    assert!(!set.records.is_empty() && set.records.len() < a.changes().unwrap().len());
}
