//! Property tests of sync (issue 11): simulated devices with skewed
//! clocks make random creates, edits, deletes and undeletes and exchange
//! change files that arrive shuffled, twice, late or never; after a full
//! exchange every device holds the same data, and every value ever
//! written is still there, was replaced by a write that saw it, or sits in
//! the conflicts. Devices also resolve open conflicts (keeping, taking the
//! other value, merging by hand): the value a resolution settles counts as
//! seen by it. Fixed seeds; `REPBOOK_PROPTEST_CASES` runs more.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::text;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use repbook::clock::Clock;
use repbook::domain::fields::Value;
use repbook::domain::pinyin::Romanizer;
use repbook::domain::schema::{CUSTOMER, PERSON};
use repbook::store::{ConflictView, Resolution, Store};
use repbook::sync::{self, Selection};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A device's clock: the simulation's time plus this device's skew.
#[derive(Debug)]
struct Skewed {
    time: Arc<AtomicI64>,
    skew: i64,
}

impl Clock for Skewed {
    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.time.load(Ordering::SeqCst) + self.skew).single().unwrap()
    }
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Create(usize),
    Edit(usize, usize, usize),
    Delete(usize, usize),
    Undelete(usize, usize),
    /// From, to, only what the peer lacks, fate: 0 now, 1 lost, 2 twice, 3 later.
    Send(usize, usize, bool, u8),
    Deliver(usize),
    Tick(i64),
    /// A person for a customer (device, customer).
    Person(usize, usize),
    /// A person erased for privacy (device, person).
    Erase(usize, usize),
    /// An open conflict resolved (device, conflict, 0 keep, 1 other, 2 merged).
    Resolve(usize, usize, u8),
}

fn op(devices: usize) -> impl Strategy<Value = Op> {
    let d = 0..devices;
    prop_oneof![
        2 => d.clone().prop_map(Op::Create),
        5 => (d.clone(), 0..8usize, 0..3usize).prop_map(|(a, b, c)| Op::Edit(a, b, c)),
        1 => (d.clone(), 0..8usize).prop_map(|(a, b)| Op::Delete(a, b)),
        1 => (d.clone(), 0..8usize).prop_map(|(a, b)| Op::Undelete(a, b)),
        4 => (d.clone(), d.clone(), any::<bool>(), 0..4u8).prop_map(|(a, b, p, f)| Op::Send(a, b, p, f)),
        1 => (d, 0..4usize, 0..3u8).prop_map(|(a, b, h)| Op::Resolve(a, b, h)),
        2 => (0..8usize).prop_map(Op::Deliver),
        1 => (0..3_000i64).prop_map(Op::Tick),
    ]
}

/// Also people made and erased (children parked until their customer
/// arrives, erased rows that never come back).
fn op_with_people(devices: usize) -> impl Strategy<Value = Op> {
    let d = 0..devices;
    prop_oneof![
        8 => op(devices),
        2 => (d.clone(), 0..8usize).prop_map(|(a, b)| Op::Person(a, b)),
        1 => (d, 0..8usize).prop_map(|(a, b)| Op::Erase(a, b)),
    ]
}

const FIELDS: [&str; 3] = ["notes", "city", "name"];

struct World {
    stores: Vec<Store>,
    time: Arc<AtomicI64>,
    /// (row, field, value) of every write.
    written: Vec<(String, &'static str, Value)>,
    /// Values a write replaced having seen them.
    superseded: BTreeSet<(String, &'static str, String)>,
    in_flight: Vec<(usize, Vec<u8>)>,
    counter: usize,
    /// Two devices that take in every file delivered to any device, in the
    /// same order, one by the import's fast path and one by its general
    /// path (`Store::set_general_merge`): their archives must not differ.
    observers: Option<[Store; 2]>,
}

impl World {
    fn observed(skews: &[i64]) -> Self {
        let mut w = Self::new(skews);
        let open = || Store::open_in_memory(Arc::new(Skewed { time: w.time.clone(), skew: 0 }), Romanizer::default());
        let (fast, mut general) = (open().unwrap(), open().unwrap());
        general.set_general_merge(true);
        w.observers = Some([fast, general]);
        let seed = sync::build(&w.stores[0], &Selection::All).unwrap().bytes;
        w.deliver(0, &seed);
        w
    }

    fn new(skews: &[i64]) -> Self {
        common::test_issued_dir();
        let time = Arc::new(AtomicI64::new(1_795_000_000_000));
        let stores = skews
            .iter()
            .map(|&skew| {
                Store::open_in_memory(Arc::new(Skewed { time: time.clone(), skew }), Romanizer::default()).unwrap()
            })
            .collect();
        let mut w = World {
            stores,
            time,
            written: Vec::new(),
            superseded: BTreeSet::new(),
            in_flight: Vec::new(),
            counter: 0,
            observers: None,
        };
        // One book: every device joins the first one's.
        w.stores[0].write(|wr| wr.insert(&CUSTOMER, &[("name", text("种子客户"))])).unwrap();
        let seed = sync::build(&w.stores[0], &Selection::All).unwrap().bytes;
        for i in 1..w.stores.len() {
            w.deliver(i, &seed);
        }
        let id = w.rows(0)[0].clone();
        w.written.push((id, "name", text("种子客户")));
        w
    }

    /// The customers device `d` holds, alive or not.
    fn rows(&self, d: usize) -> Vec<String> {
        self.rows_of(d, "customer")
    }

    fn rows_of(&self, d: usize, table: &str) -> Vec<String> {
        let mut ids: Vec<String> = self.stores[d]
            .changes()
            .unwrap()
            .into_iter()
            .filter(|r| r.table == table && r.column == "_insert")
            .map(|r| r.row)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn deliver(&mut self, to: usize, bytes: &[u8]) {
        let now = self.stores[to].clock().now().timestamp_millis();
        let set = sync::decode(bytes, now).unwrap();
        sync::apply(&mut self.stores[to], &set, false, false).unwrap();
        if let Some([fast, general]) = &mut self.observers {
            let by_fast = sync::apply(fast, &set, false, false).unwrap();
            let by_general = sync::apply(general, &set, false, false).unwrap();
            assert_eq!(by_fast, by_general, "the two paths report the same");
            assert_eq!(fast.digest().unwrap(), general.digest().unwrap(), "the two paths hold the same data");
            assert_eq!(fast.changes().unwrap(), general.changes().unwrap(), "the two paths log the same");
            assert_eq!(
                fast.conflict_views().unwrap(),
                general.conflict_views().unwrap(),
                "the two paths keep the same conflicts"
            );
        }
    }

    fn value(&mut self, d: usize) -> Value {
        self.counter += 1;
        text(&format!("d{d}-{}", self.counter))
    }

    fn run(&mut self, op: &Op) {
        self.time.fetch_add(1, Ordering::SeqCst);
        match *op {
            Op::Create(d) => {
                let v = self.value(d);
                let id = self.stores[d].write(|w| w.insert(&CUSTOMER, &[("name", v.clone())])).unwrap();
                self.written.push((id, "name", v));
            }
            Op::Edit(d, pick, f) => {
                let rows = self.rows(d);
                let Some(id) = rows.get(pick % rows.len().max(1)).cloned() else { return };
                let Some(e) = self.stores[d].get(&CUSTOMER, &id).unwrap() else { return };
                if !e.alive {
                    return;
                }
                let field = FIELDS[f];
                let v = self.value(d);
                self.stores[d].write(|w| w.update(&CUSTOMER, &id, &[(field, v.clone())])).unwrap();
                self.superseded.insert((id.clone(), field, format!("{:?}", e.get(field))));
                self.written.push((id, field, v));
            }
            Op::Delete(d, pick) | Op::Undelete(d, pick) => {
                let rows = self.rows(d);
                let Some(id) = rows.get(pick % rows.len().max(1)).cloned() else { return };
                let alive = matches!(op, Op::Undelete(..));
                self.stores[d].write(|w| w.set_alive(&CUSTOMER, &id, alive)).unwrap();
            }
            Op::Send(from, to, peer, fate) => {
                if from == to {
                    return;
                }
                let device = self.stores[to].device().device_id.clone();
                let selection = if peer { Selection::Peer(device) } else { Selection::All };
                let Ok(built) = sync::build(&self.stores[from], &selection) else { return };
                match fate {
                    0 => self.deliver(to, &built.bytes),
                    1 => {}
                    2 => {
                        self.deliver(to, &built.bytes);
                        self.in_flight.push((to, built.bytes));
                    }
                    _ => self.in_flight.push((to, built.bytes)),
                }
            }
            Op::Deliver(pick) => {
                if !self.in_flight.is_empty() {
                    let (to, bytes) = self.in_flight.remove(pick % self.in_flight.len());
                    self.deliver(to, &bytes);
                }
            }
            Op::Tick(ms) => {
                self.time.fetch_add(ms, Ordering::SeqCst);
            }
            Op::Person(d, pick) => {
                let rows = self.rows(d);
                let Some(id) = rows.get(pick % rows.len().max(1)).cloned() else { return };
                if !self.stores[d].get(&CUSTOMER, &id).unwrap().is_some_and(|e| e.alive) {
                    return;
                }
                self.counter += 1;
                let name = text(&format!("p{}", self.counter));
                self.stores[d].write(|w| w.insert(&PERSON, &[("customer_id", text(&id)), ("name", name)])).unwrap();
            }
            Op::Resolve(d, pick, how) => self.resolve(d, pick, how),
            Op::Erase(d, pick) => {
                let people = self.rows_of(d, "person");
                let Some(id) = people.get(pick % people.len().max(1)).cloned() else { return };
                if self.stores[d].get(&PERSON, &id).unwrap().is_some() {
                    self.stores[d].erase_person(&id).unwrap();
                }
            }
        }
    }

    /// Resolve an open conflict of a customer's field on device `d`: the
    /// settled value counts as seen by the write; so does the kept one,
    /// unless it is kept (then it is written again).
    fn resolve(&mut self, d: usize, pick: usize, how: u8) {
        let open: Vec<ConflictView> =
            self.stores[d].conflict_views().unwrap().into_iter().filter(|c| c.table == "customer").collect();
        let Some(c) = open.get(pick % open.len().max(1)).cloned() else { return };
        let Some(field) = FIELDS.into_iter().find(|f| *f == c.field) else { return };
        let merged = self.value(d);
        let (resolution, value) = match how {
            0 => (Resolution::Kept, c.kept.value.clone()),
            1 => (Resolution::Other, c.other.value.clone()),
            _ => (Resolution::Merged(merged.as_text().unwrap_or_default().to_string()), merged),
        };
        self.stores[d].resolve_conflict(&c.id, &resolution).unwrap();
        self.superseded.insert((c.row.clone(), field, format!("{:?}", c.other.value)));
        self.superseded.insert((c.row.clone(), field, format!("{:?}", c.kept.value)));
        self.written.push((c.row, field, value));
    }

    fn full_exchange(&mut self) {
        for _ in 0..2 {
            for from in 0..self.stores.len() {
                for to in 0..self.stores.len() {
                    if from != to {
                        let bytes = sync::build(&self.stores[from], &Selection::All).unwrap().bytes;
                        self.deliver(to, &bytes);
                    }
                }
            }
        }
    }

    fn check(&self) -> Result<(), TestCaseError> {
        let digests: Vec<String> = self.stores.iter().map(|s| s.digest().unwrap()).collect();
        prop_assert!(digests.iter().all(|d| *d == digests[0]), "digests differ: {digests:?}");
        let open: Vec<BTreeSet<String>> =
            self.stores.iter().map(|s| s.conflict_views().unwrap().into_iter().map(|c| c.id).collect()).collect();
        prop_assert!(open.iter().all(|o| *o == open[0]), "open conflicts differ: {open:?}");
        for (i, s) in self.stores.iter().enumerate() {
            let conflicts: BTreeSet<(String, String, String)> = s
                .conflict_views()
                .unwrap()
                .into_iter()
                .map(|c| (c.row, c.field, format!("{:?}", c.other.value)))
                .collect();
            for (row, field, value) in &self.written {
                let held = s.get(&CUSTOMER, row).unwrap().map(|e| e.get(field).clone());
                let kept = held.as_ref() == Some(value)
                    || self.superseded.contains(&(row.clone(), field, format!("{value:?}")))
                    || conflicts.contains(&(row.clone(), (*field).to_string(), format!("{value:?}")));
                prop_assert!(kept, "device {i} lost {field} = {value:?} of {row} (holds {held:?})");
            }
        }
        Ok(())
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("REPBOOK_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn runner(seed: u8, cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]))
}

fn world_strategy() -> impl Strategy<Value = (Vec<i64>, Vec<Op>)> {
    (3..=4usize).prop_flat_map(|n| {
        // Equal clocks make ties, which the origin must break the same
        // way everywhere; others run up to 20 s apart either way.
        let skew = prop_oneof![Just(0i64), -20_000i64..20_000];
        (proptest::collection::vec(skew, n), proptest::collection::vec(op(n), 1..40))
    })
}

#[test]
fn devices_exchanging_files_in_any_order_converge_and_lose_nothing() {
    runner(11, cases(500))
        .run(&world_strategy(), |(skews, ops)| {
            let mut world = World::new(&skews);
            for op in &ops {
                world.run(op);
            }
            world.full_exchange();
            world.check()
        })
        .unwrap();
}

#[test]
fn the_fast_and_the_general_import_make_the_same_archive() {
    let strategy = (3..=4usize).prop_flat_map(|n| {
        let skew = prop_oneof![Just(0i64), -20_000i64..20_000];
        (proptest::collection::vec(skew, n), proptest::collection::vec(op_with_people(n), 1..40))
    });
    runner(12, cases(100))
        .run(&strategy, |(skews, ops)| {
            let mut world = World::observed(&skews);
            for op in &ops {
                world.run(op);
            }
            world.full_exchange();
            world.check()
        })
        .unwrap();
}
