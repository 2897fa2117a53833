//! Sync by change files (issue 11): export, verify, import; last writer
//! wins per field with the losing values kept; deletes by causal length;
//! erase; generated records; refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, memory, text};
use repbook::domain::fields::Value;
use repbook::domain::schema::{CUSTOMER, FOLLOWUP, PERSON};
use repbook::store::{Merged, Resolution, Store};
use repbook::sync::{self, Selection};

fn now(store: &Store) -> i64 {
    store.clock().now().timestamp_millis()
}

/// Everything `from` holds, through a file's bytes, into `to`.
fn send(from: &Store, to: &mut Store) -> Merged {
    let built = sync::build(from, &Selection::All).unwrap();
    let set = sync::decode(&built.bytes, now(to)).unwrap();
    sync::apply(to, &set, false, false).unwrap()
}

fn both_ways(a: &mut Store, b: &mut Store) {
    send(a, b);
    send(b, a);
}

fn field(store: &Store, id: &str, name: &str) -> Value {
    store.get(&CUSTOMER, id).unwrap().unwrap().get(name).clone()
}

/// Two devices of one book: `b` joined `a`'s book by taking in its file.
fn pair() -> (Store, Store, String) {
    let mut a = memory();
    let mut b = memory();
    let id = customer(&mut a, "华东机电", "上海");
    let r = send(&a, &mut b);
    assert!(r.joined && r.applied == 1, "{r:?}");
    (a, b, id)
}

#[test]
fn a_file_round_trips_and_a_second_import_changes_nothing() {
    let (a, mut b, id) = pair();
    assert_eq!(field(&b, &id, "city"), text("上海"));
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
    let before = b.changes().unwrap();
    let again = send(&a, &mut b);
    assert_eq!((again.applied, again.already, again.conflicts), (0, 1, 0));
    assert_eq!(b.changes().unwrap(), before, "a re-import adds nothing to the log");
}

#[test]
fn concurrent_edits_converge_and_the_losing_value_is_kept() {
    let (mut a, mut b, id) = pair();
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("A：周三拜访"))])).unwrap();
    b.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("B：周四电话"))])).unwrap();
    both_ways(&mut a, &mut b);
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
    let winner = field(&a, &id, "notes");
    let kept: Vec<Value> = a.conflict_views().unwrap().into_iter().map(|c| c.other.value).collect();
    let loser = if winner == text("A：周三拜访") { text("B：周四电话") } else { text("A：周三拜访") };
    assert_eq!(kept, vec![loser.clone()], "the losing value is kept for review");
    let kept_b: Vec<Value> = b.conflict_views().unwrap().into_iter().map(|c| c.other.value).collect();
    assert_eq!(kept_b, vec![loser], "on both devices");
    // Taking the other value is an edit that syncs.
    let c = a.conflict_views().unwrap().remove(0);
    a.resolve_conflict(&c.id, &Resolution::Other).unwrap();
    assert!(a.conflict_views().unwrap().is_empty());
    send(&a, &mut b);
    assert_eq!(field(&b, &id, "notes"), c.other.value);
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
}

#[test]
fn an_edit_that_saw_the_value_replaces_it_without_a_conflict() {
    let (mut a, mut b, id) = pair();
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("第一版"))])).unwrap();
    send(&a, &mut b);
    b.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("第二版"))])).unwrap();
    send(&b, &mut a);
    assert_eq!(field(&a, &id, "notes"), text("第二版"));
    assert!(a.conflict_views().unwrap().is_empty(), "{:?}", a.conflict_views());
}

#[test]
fn an_edit_concurrent_with_a_delete_is_kept_hidden_and_listed() {
    let (mut a, mut b, id) = pair();
    a.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap();
    b.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("删除前的备注"))])).unwrap();
    both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        let c = s.get(&CUSTOMER, &id).unwrap().unwrap();
        assert!(!c.alive, "no resurrection");
        assert_eq!(c.get("notes"), &text("删除前的备注"), "the value stays with the hidden row");
        let listed = s.conflict_views().unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert!(listed[0].deleted);
    }
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
    // Taking the edit brings the record back, on both devices.
    let c = b.conflict_views().unwrap().remove(0);
    b.resolve_conflict(&c.id, &Resolution::Other).unwrap();
    send(&b, &mut a);
    assert!(a.get(&CUSTOMER, &id).unwrap().unwrap().alive);
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
}

#[test]
fn an_erased_person_leaves_every_device_and_never_comes_back() {
    let (mut a, mut b, cid) = pair();
    let p = a.write(|w| w.insert(&PERSON, &[("customer_id", text(&cid)), ("name", text("王建华"))])).unwrap();
    send(&a, &mut b);
    // b edits the person while a erases them.
    b.write(|w| w.update(&PERSON, &p, &[("hobbies", text("钓鱼"))])).unwrap();
    a.erase_person(&p).unwrap();
    both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        assert!(s.get(&PERSON, &p).unwrap().is_none());
        assert!(s.is_erased(&p).unwrap());
        let leaks = s
            .changes()
            .unwrap()
            .into_iter()
            .filter(|r| r.value.as_deref().is_some_and(|v| v.contains("王建华") || v.contains("钓鱼")));
        assert_eq!(leaks.count(), 0, "no trace of the erased person's values");
    }
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
}

#[test]
fn a_follow_up_generated_on_two_devices_converges() {
    let (mut a, mut b, cid) = pair();
    let values = |who: &str| {
        vec![
            ("customer_id", text(&cid)),
            ("what", text("birthday")),
            ("due", text("2026-11-27")),
            ("source", text("birthday")),
            ("status", text("open")),
            ("notes", text(who)),
        ]
    };
    let one = a.write(|w| w.insert_derived(&FOLLOWUP, "birthday:p1:2026-11-27", &values("a"))).unwrap().unwrap();
    let two = b.write(|w| w.insert_derived(&FOLLOWUP, "birthday:p1:2026-11-27", &values("b"))).unwrap().unwrap();
    assert_eq!(one, two, "the same id on both devices");
    both_ways(&mut a, &mut b);
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
    assert_eq!(a.conflict_views().unwrap().len(), 1, "the differing note is kept once");
}

#[test]
fn files_arriving_out_of_order_park_and_catch_up() {
    let (mut a, mut b, _) = pair();
    let c2 = customer(&mut a, "北方重工", "天津");
    let first = sync::build(&a, &Selection::All).unwrap();
    a.write(|w| w.update(&CUSTOMER, &c2, &[("notes", text("后来的备注"))])).unwrap();
    // Only the edit arrives first: it waits for its row.
    let all = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now(&b)).unwrap();
    let mut only_edit = all.clone();
    only_edit.records.retain(|r| r.column == "notes");
    let r = sync::apply(&mut b, &only_edit, false, false).unwrap();
    assert_eq!((r.applied, r.parked), (0, 1), "{r:?}");
    assert_eq!(b.parked_count().unwrap(), 1);
    let first = sync::decode(&first.bytes, now(&b)).unwrap();
    let r = sync::apply(&mut b, &first, false, false).unwrap();
    assert_eq!(r.replayed, 1, "{r:?}");
    assert_eq!(b.parked_count().unwrap(), 0);
    assert_eq!(field(&b, &c2, "notes"), text("后来的备注"));
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
}

#[test]
fn changes_of_a_newer_schema_are_parked_not_dropped() {
    let (a, mut b, _) = pair();
    let mut set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now(&b)).unwrap();
    let mut extra = set.records[0].clone();
    extra.seq = 2;
    extra.tx = 2;
    extra.hlc += 5;
    extra.table = "opportunity_v9".into();
    extra.column = "stage".into();
    extra.value = Some("\"won\"".into());
    set.records.push(extra);
    set.header.known.clear();
    let r = sync::apply(&mut b, &set, false, false).unwrap();
    assert_eq!(r.parked, 1, "{r:?}");
    assert!(b.changes().unwrap().iter().any(|c| c.table == "opportunity_v9"), "kept in the log");
    // Relayed onwards: a third device gets it too.
    let mut c = memory();
    send(&b, &mut c);
    assert_eq!(c.parked_count().unwrap(), 1);
}

#[test]
fn a_peer_gets_only_what_it_lacks() {
    let (mut a, b, id) = pair();
    send(&b, &mut a); // a learns what b holds
    let device_b = b.device().device_id.clone();
    let nothing = sync::build(&a, &Selection::Peer(device_b[..30].to_string())).unwrap();
    assert_eq!(nothing.records, 0);
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("新"))])).unwrap();
    let one = sync::build(&a, &Selection::Peer(device_b.clone())).unwrap();
    assert_eq!(one.records, 1);
    assert!(sync::build(&a, &Selection::Peer("ffff".into())).is_err(), "an unknown peer is refused");
}

#[test]
fn a_dossier_is_handed_over_to_another_book() {
    let (mut a, _, id) = pair();
    a.write(|w| w.insert(&PERSON, &[("customer_id", text(&id)), ("name", text("李娜"))])).unwrap();
    let other = customer(&mut a, "不交接的客户", "北京");
    let mut company = memory();
    customer(&mut company, "公司已有客户", "广州");
    let built = sync::build(&a, &Selection::Customer(id.clone())).unwrap();
    let set = sync::decode(&built.bytes, now(&company)).unwrap();
    let r = sync::apply(&mut company, &set, false, false).unwrap();
    assert!(!r.joined);
    assert_eq!(r.customers.len(), 1);
    assert!(company.get(&CUSTOMER, &id).unwrap().is_some());
    assert!(company.get(&CUSTOMER, &other).unwrap().is_none(), "only that customer");
    assert_eq!(company.children(&PERSON, &id).unwrap().len(), 1);
}

#[test]
fn another_book_a_reused_seq_and_a_far_future_clock_are_refused() {
    let (mut a, mut b, id) = pair();
    // Another book with data of its own.
    let mut stranger = memory();
    customer(&mut stranger, "别家", "成都");
    let set = sync::decode(&sync::build(&stranger, &Selection::All).unwrap().bytes, now(&b)).unwrap();
    let err = sync::apply(&mut b, &set, false, false).unwrap_err().to_string();
    assert!(err.contains("another book"), "{err}");
    // The same (device, seq) with other content.
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("真的"))])).unwrap();
    let mut set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now(&b)).unwrap();
    send(&a, &mut b);
    let before = b.digest().unwrap();
    for r in &mut set.records {
        if r.column == "notes" {
            r.hlc += 1;
            r.value = Some("\"伪造\"".into());
        }
    }
    let err = sync::apply(&mut b, &set, false, false).unwrap_err().to_string();
    assert!(err.contains("--skip-clashes") && err.contains(&a.device().device_id), "{err}");
    assert_eq!(b.digest().unwrap(), before, "nothing changed");
    let r = sync::apply(&mut b, &set, false, true).unwrap();
    assert_eq!(r.clashes, 1);
    assert!(b.conflict_views().unwrap().iter().any(|c| c.other.value == text("伪造")), "kept for review");
    // A clock a year ahead names the device.
    let mut bytes = sync::build(&a, &Selection::All).unwrap();
    let mut set = sync::decode(&bytes.bytes, now(&b)).unwrap();
    set.records[0].hlc += (400_i64 * 86_400_000) << 16;
    bytes.bytes = repbook::sync::format::encode(
        (&set.header.dataset, &set.header.sender, set.header.purpose),
        0,
        &set.header.known,
        &set.records,
    )
    .unwrap();
    let err = sync::decode(&bytes.bytes, now(&b)).unwrap_err().to_string();
    assert!(err.contains(&a.device().device_id) && err.contains("ahead"), "{err}");
}

#[test]
fn a_dry_run_previews_per_customer_and_changes_nothing() {
    let (mut a, mut b, id) = pair();
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("预览"))])).unwrap();
    let set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now(&b)).unwrap();
    let before = (b.digest().unwrap(), b.changes().unwrap().len());
    let r = sync::apply(&mut b, &set, true, false).unwrap();
    assert_eq!(r.applied, 1);
    assert_eq!(r.customers[&id].name, "华东机电");
    assert_eq!((b.digest().unwrap(), b.changes().unwrap().len()), before);
}

#[test]
fn a_change_without_its_value_outside_an_erase_is_refused_and_erases_nothing() {
    let (mut a, mut b, id) = pair();
    a.write(|w| w.update(&CUSTOMER, &id, &[("notes", text("拜访前先电话"))])).unwrap();
    let mut set = sync::decode(&sync::build(&a, &Selection::All).unwrap().bytes, now(&b)).unwrap();
    // A customer's field without its value: only an erase of a key person
    // (or their birthday follow-up) leaves such records.
    for r in &mut set.records {
        if r.column == "notes" {
            r.value = None;
        }
    }
    let before = b.digest().unwrap();
    let err = sync::apply(&mut b, &set, false, false).unwrap_err().to_string();
    assert!(err.contains("erase"), "{err}");
    assert_eq!(b.digest().unwrap(), before, "nothing changed");
    assert!(b.get(&CUSTOMER, &id).unwrap().is_some(), "the customer is still here");
}
