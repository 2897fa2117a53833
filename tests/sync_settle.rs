//! A conflict resolved on one device closes on every device (issue 11):
//! the resolution, by keeping, taking the other value or merging by hand,
//! is a change that names the losing value it settles; wherever it
//! arrives, before or after that value, the conflict is not listed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, memory, text};
use repbook::domain::fields::Value;
use repbook::domain::schema::CUSTOMER;
use repbook::store::{ChangeRecord, ConflictView, Merged, Resolution, Store};
use repbook::sync::{self, Purpose, Selection};

fn now(store: &Store) -> i64 {
    store.clock().now().timestamp_millis()
}

fn take(to: &mut Store, bytes: &[u8]) -> Merged {
    let set = sync::decode(bytes, now(to)).unwrap();
    sync::apply(to, &set, false, false).unwrap()
}

/// Everything `from` holds, through a file's bytes, into `to`.
fn send(from: &Store, to: &mut Store) -> Merged {
    take(to, &sync::build(from, &Selection::All).unwrap().bytes)
}

/// Only the records `from` made itself (not those it relays).
fn send_own(from: &Store, to: &mut Store) -> Merged {
    let me = from.device().device_id.clone();
    let own: Vec<ChangeRecord> = from.changes().unwrap().into_iter().filter(|r| r.origin == me).collect();
    take(to, &sync::encode(from, Purpose::Changes, &own).unwrap())
}

fn city(store: &Store, id: &str) -> Value {
    store.get(&CUSTOMER, id).unwrap().unwrap().get("city").clone()
}

fn listed(store: &Store) -> Vec<(String, Value, Value)> {
    store.conflict_views().unwrap().into_iter().map(|c| (c.id, c.kept.value, c.other.value)).collect()
}

/// Three devices of one book holding 华东机电 of 上海; `a` sets the city to
/// 重庆市 and `b` to 成都 at once; `a` and `b` exchange, `c` hears nothing
/// yet. Returns the conflict both list.
fn conflicting() -> (Store, Store, Store, String, ConflictView) {
    let (mut a, mut b, mut c) = (memory(), memory(), memory());
    let id = customer(&mut a, "华东机电", "上海");
    send(&a, &mut b);
    send(&a, &mut c);
    a.write(|w| w.update(&CUSTOMER, &id, &[("city", text("重庆市"))])).unwrap();
    b.write(|w| w.update(&CUSTOMER, &id, &[("city", text("成都"))])).unwrap();
    send(&a, &mut b);
    send(&b, &mut a);
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
    let on_a = listed(&a);
    assert_eq!(on_a.len(), 1, "{on_a:?}");
    assert_eq!(on_a, listed(&b), "both list the same conflict");
    let conflict = a.conflict_views().unwrap().remove(0);
    (a, b, c, id, conflict)
}

const HOWS: [fn() -> Resolution; 3] =
    [|| Resolution::Kept, || Resolution::Other, || Resolution::Merged("重庆".to_string())];

#[test]
fn a_conflict_resolved_on_one_device_closes_on_the_other() {
    for how in HOWS.map(|h| h()) {
        let (mut a, mut b, _, id, conflict) = conflicting();
        let before = a.changes().unwrap().len();
        a.resolve_conflict(&conflict.id, &how).unwrap();
        assert!(listed(&a).is_empty(), "{how:?}");
        assert_eq!(a.changes().unwrap().len(), before + 1, "{how:?}: resolving writes one change, even keeping");
        let expected = match &how {
            Resolution::Kept => conflict.kept.value.clone(),
            Resolution::Other => conflict.other.value.clone(),
            Resolution::Merged(v) => text(v),
        };
        assert_eq!(city(&a, &id), expected, "{how:?}");
        let r = send(&a, &mut b);
        assert_eq!(r.conflicts, 0, "{how:?}: {r:?}");
        assert!(listed(&b).is_empty(), "{how:?}: b still lists {:?}", listed(&b));
        send(&b, &mut a);
        assert_eq!(city(&b, &id), expected, "{how:?}");
        assert_eq!(a.digest().unwrap(), b.digest().unwrap(), "{how:?}");
        assert!(listed(&a).is_empty() && listed(&b).is_empty(), "{how:?}");
    }
}

#[test]
fn a_third_device_lists_nothing_whether_the_resolution_comes_before_or_after_the_value_it_settles() {
    for how in HOWS.map(|h| h()) {
        for resolution_first in [true, false] {
            let (mut a, mut b, mut c, id, conflict) = conflicting();
            // Resolved by the device that did not write the losing value,
            // so that the resolution can travel without it.
            let a_lost = conflict.other.device == a.device().device_id;
            let (resolver, other) = if a_lost { (&mut b, &mut a) } else { (&mut a, &mut b) };
            let case = format!("{how:?}, resolution first: {resolution_first}");
            if resolution_first {
                resolver.resolve_conflict(&conflict.id, &how).unwrap();
                let r = send_own(resolver, &mut c);
                assert_eq!(r.conflicts, 0, "{case}: {r:?}");
                let r = send_own(other, &mut c);
                assert_eq!(r.conflicts, 0, "{case}: the settled value is not kept: {r:?}");
            } else {
                send(other, &mut c);
                assert_eq!(listed(&c), listed(other), "{case}: the conflict, before its resolution");
                resolver.resolve_conflict(&conflict.id, &how).unwrap();
                send_own(resolver, &mut c);
            }
            assert!(listed(&c).is_empty(), "{case}: c lists {:?}", listed(&c));
            // A hand-over of the dossier to a fourth archive: none either.
            let mut fourth = memory();
            let r = take(&mut fourth, &sync::build(&c, &Selection::Customer(id.clone())).unwrap().bytes);
            assert!(listed(&fourth).is_empty(), "{case}: the hand-over lists {:?}", listed(&fourth));
            // The settled value was kept, then closed by a later record of
            // the same file: not counted.
            assert_eq!(r.conflicts, 0, "{case}: {r:?}");
            assert!(r.customers.values().all(|c| c.conflicts == 0), "{case}: {r:?}");
            send(resolver, other);
            send(other, resolver);
            for s in [&a, &b] {
                assert_eq!(s.digest().unwrap(), c.digest().unwrap(), "{case}");
                assert!(listed(s).is_empty(), "{case}");
            }
            assert_eq!(city(&c, &id), city(&a, &id), "{case}");
        }
    }
}

#[test]
fn a_resolution_is_written_in_the_newer_format_and_other_files_stay_as_they_were() {
    let (mut a, mut b, _, _, conflict) = conflicting();
    let plain = sync::build(&a, &Selection::All).unwrap().bytes;
    let head = |bytes: &[u8]| {
        let line = bytes.split(|&x| x == b'\n').next().unwrap().to_vec();
        let h: serde_json::Value = serde_json::from_slice(&line).unwrap();
        (h["format"].as_u64().unwrap(), h["min_reader"].as_u64().unwrap())
    };
    assert_eq!(head(&plain), (1, 1), "no record settles anything: format 1, as before");
    let fields = |bytes: &[u8]| -> Vec<usize> {
        let text = String::from_utf8_lossy(bytes).to_string();
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('[')).collect();
        lines.iter().map(|l| serde_json::from_str::<Vec<serde_json::Value>>(l).unwrap().len()).collect()
    };
    assert!(fields(&plain).iter().all(|&n| n == 11), "a record that settles nothing has its 11 fields");
    a.resolve_conflict(&conflict.id, &Resolution::Kept).unwrap();
    let settling = sync::build(&a, &Selection::All).unwrap().bytes;
    assert_eq!(head(&settling), (2, 2), "a build that reads only format 1 refuses it as newer");
    // The settling record carries the losing value's clock and device.
    let set = sync::decode(&settling, now(&b)).unwrap();
    let settles: Vec<&(i64, String)> = set.records.iter().filter_map(|r| r.settles.as_ref()).collect();
    assert_eq!(settles.len(), 1);
    assert_eq!(settles[0].1, conflict.other.device);
    let mut counts = fields(&settling);
    counts.sort_unstable();
    assert_eq!(counts.pop(), Some(13), "the settling record has 2 more");
    assert!(counts.iter().all(|&n| n == 11));
    // Every byte counts: a flipped digit of the settled clock is refused.
    let text = String::from_utf8(settling.clone()).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with('[') && serde_json::from_str::<Vec<serde_json::Value>>(l).unwrap().len() == 13)
        .unwrap();
    let bent = line.replacen(&format!(",{},", settles[0].0), &format!(",{},", settles[0].0 + 1), 1);
    assert_ne!(bent, line);
    assert!(sync::decode(text.replace(line, &bent).as_bytes(), now(&b)).is_err());
    // Taken in, the log keeps it, and exports it again the same.
    take(&mut b, &settling);
    let relayed = sync::decode(&sync::build(&b, &Selection::All).unwrap().bytes, now(&b)).unwrap();
    let again: Vec<&(i64, String)> = relayed.records.iter().filter_map(|r| r.settles.as_ref()).collect();
    assert_eq!(again, settles);
}
