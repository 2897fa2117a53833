//! Folder sync (issue 11 §3): three archives share a folder that a sync
//! engine copies between machines, files arriving partially, late and
//! twice; nothing half-arrived is applied, no device touches another's
//! files, and once everything has arrived all hold the same data. Fixed
//! seed; `REPBOOK_PROPTEST_CASES` runs more.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{memory, text};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use repbook::domain::schema::CUSTOMER;
use repbook::store::Store;
use repbook::sync::folder;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
enum Op {
    Create(usize),
    Edit(usize, usize),
    Sync(usize),
    /// Copy a file of one machine's folder to another's: 0 whole, 1 cut
    /// short under its own name, 2 under a temporary name, 3 whole again.
    Copy(usize, usize, usize, u8, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..3usize).prop_map(Op::Create),
        3 => (0..3usize, 0..8usize).prop_map(|(d, p)| Op::Edit(d, p)),
        3 => (0..3usize).prop_map(Op::Sync),
        5 => (0..3usize, 0..3usize, 0..8usize, 0..4u8, 1..400usize).prop_map(|(a, b, f, k, cut)| Op::Copy(a, b, f, k, cut)),
    ]
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "changes"))
        .collect();
    v.sort();
    v
}

/// Files this machine's device wrote (as opposed to copies).
fn own(store: &Store, dir: &Path) -> Vec<PathBuf> {
    let me = store.device().device_id.clone();
    files(dir).into_iter().filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&me)).collect()
}

fn customers(store: &Store) -> Vec<String> {
    let mut v: Vec<String> = store
        .changes()
        .unwrap()
        .into_iter()
        .filter(|r| r.table == "customer" && r.column == "_insert")
        .map(|r| r.row)
        .collect();
    v.sort();
    v.dedup();
    v
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let root = tempfile::tempdir().unwrap();
    let dirs: Vec<PathBuf> = (0..3).map(|i| root.path().join(format!("m{i}"))).collect();
    let mut stores: Vec<Store> = (0..3).map(|_| memory()).collect();
    // One book: the first device's first file reaches the others whole.
    stores[0].write(|w| w.insert(&CUSTOMER, &[("name", text("种子"))])).unwrap();
    folder::sync(&mut stores[0], &dirs[0]).unwrap();
    for i in 1..3 {
        std::fs::create_dir_all(&dirs[i]).unwrap();
        for f in files(&dirs[0]) {
            std::fs::copy(&f, dirs[i].join(f.file_name().unwrap())).unwrap();
        }
        folder::sync(&mut stores[i], &dirs[i]).unwrap();
    }
    let mut n = 0;
    for op in ops {
        match *op {
            Op::Create(d) => {
                n += 1;
                stores[d].write(|w| w.insert(&CUSTOMER, &[("name", text(&format!("客户{d}-{n}")))])).unwrap();
            }
            Op::Edit(d, pick) => {
                let list = customers(&stores[d]);
                let id = &list[pick % list.len()];
                n += 1;
                stores[d].write(|w| w.update(&CUSTOMER, id, &[("notes", text(&format!("{d}-{n}")))])).unwrap();
            }
            Op::Sync(d) => {
                let others_before: Vec<(PathBuf, Vec<u8>)> = files(&dirs[d])
                    .into_iter()
                    .filter(|p| !own(&stores[d], &dirs[d]).contains(p))
                    .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
                    .collect();
                folder::sync(&mut stores[d], &dirs[d]).unwrap();
                for (p, bytes) in others_before {
                    prop_assert_eq!(std::fs::read(&p).unwrap(), bytes, "another device's file was touched");
                }
            }
            Op::Copy(from, to, pick, fate, cut) => {
                if from == to {
                    continue;
                }
                let mine = own(&stores[from], &dirs[from]);
                let Some(f) = mine.get(pick % mine.len().max(1)) else { continue };
                let bytes = std::fs::read(f).unwrap();
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                match fate {
                    1 => std::fs::write(dirs[to].join(&name), &bytes[..bytes.len().saturating_sub(cut)]).unwrap(),
                    2 => std::fs::write(dirs[to].join(format!(".syncthing.{name}.tmp")), &bytes[..bytes.len() / 2])
                        .unwrap(),
                    _ => std::fs::write(dirs[to].join(&name), &bytes).unwrap(),
                }
            }
        }
    }
    // Everything arrives whole at last, then every device syncs twice.
    for _ in 0..2 {
        for d in 0..3 {
            folder::sync(&mut stores[d], &dirs[d]).unwrap();
        }
        for from in 0..3 {
            for f in own(&stores[from], &dirs[from]) {
                for (to, dir) in dirs.iter().enumerate() {
                    if to != from {
                        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
                    }
                }
            }
        }
    }
    for d in 0..3 {
        folder::sync(&mut stores[d], &dirs[d]).unwrap();
    }
    let digests: Vec<String> = stores.iter().map(|s| s.digest().unwrap()).collect();
    prop_assert!(digests.iter().all(|x| *x == digests[0]), "digests differ: {:?}", digests);
    Ok(())
}

#[test]
fn three_archives_sharing_a_folder_converge_whatever_arrives_when() {
    let cases = std::env::var("REPBOOK_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    runner.run(&proptest::collection::vec(op(), 1..30), |ops| run(&ops)).unwrap();
}

#[test]
fn a_file_still_arriving_waits_and_is_taken_in_once_whole() {
    let root = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (root.path().join("a"), root.path().join("b"));
    let mut a = memory();
    let mut b = memory();
    a.write(|w| w.insert(&CUSTOMER, &[("name", text("华东机电"))])).unwrap();
    let wrote = folder::sync(&mut a, &a_dir).unwrap().written.unwrap().0;
    std::fs::create_dir_all(&b_dir).unwrap();
    let bytes = std::fs::read(&wrote).unwrap();
    let there = b_dir.join(wrote.file_name().unwrap());
    std::fs::write(&there, &bytes[..bytes.len() - 10]).unwrap();
    let r = folder::sync(&mut b, &b_dir).unwrap();
    assert!(r.taken.is_empty() && r.waiting.len() == 1, "{r:?}");
    assert!(r.waiting[0].1.contains("incomplete"), "{r:?}");
    std::fs::write(&there, &bytes).unwrap();
    let r = folder::sync(&mut b, &b_dir).unwrap();
    assert_eq!(r.taken.len(), 1);
    assert_eq!(r.merged.applied, 1);
    let r = folder::sync(&mut b, &b_dir).unwrap();
    assert!(r.taken.is_empty(), "taken in once");
    assert_eq!(a.digest().unwrap(), b.digest().unwrap());
}
