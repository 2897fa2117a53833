//! Archive benchmark: inserting customers through the store (with change
//! records), loading the search index, and per-keystroke search with
//! nucleo-matcher against the fuzzy-matcher baseline (DESIGN.md §3, §8).
//!
//! `cargo bench --bench archive` (size: `REPBOOK_BENCH_CUSTOMERS`, default
//! 100000). Prints figures; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common.rs"]
mod common;
use common::{report, rss_mb};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use repbook::clock::FixedClock;
use repbook::domain::pinyin::Romanizer;
use repbook::search::Index;
use repbook::store::{OpenMode, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a rep types, one keystroke at a time.
const TYPED: &[&str] = &[
    "cqhd",
    "chongqing",
    "bjhd",
    "xiamen",
    "harbor",
    "changsha",
    "wangwei",
    "zhaojie",
    "重庆恒达",
    "summit med",
    "zxq",
    "cs",
];

// A benchmark script: one timed step after another, read top to bottom.
#[allow(clippy::too_many_lines)]
fn main() {
    let n: usize = std::env::var("REPBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    repbook::store::set_issued_dir(Some(dir.path().join("issued")));
    let path = dir.path().join("bench.sqlite3");
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    let mut store = Store::open(&path, OpenMode::Write, clock.clone(), Romanizer::default()).unwrap();
    println!(
        "repbook archive benchmark: {n} customers, {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );

    let t = Instant::now();
    let stats = repbook::demo::generate(&mut store, n, repbook::demo::SEED).unwrap();
    let insert = t.elapsed();
    let changes = store.change_count().unwrap();
    println!(
        "insert: {} customers + {} people + {} competitors + {} records, {changes} change records in {:.2} s ({:.0} customers/s)",
        stats.customers,
        stats.people,
        stats.competitors,
        stats.trades,
        insert.as_secs_f64(),
        stats.customers as f64 / insert.as_secs_f64()
    );
    assert!(store.checkpoint().unwrap(), "nothing else reads");
    let size = std::fs::metadata(&path).unwrap().len()
        + std::fs::metadata(path.with_extension("sqlite3-wal")).map_or(0, |m| m.len());
    println!(
        "archive: {:.1} MB on disk, {:.2} KB per customer (bar: 4 KB); change log values {:.1} MB in {changes} records",
        size as f64 / 1e6,
        size as f64 / 1e3 / stats.customers as f64,
        store.change_log_value_bytes().unwrap() as f64 / 1e6,
    );
    drop(store);

    let rss_before = rss_mb();
    let t = Instant::now();
    let store = Store::open(&path, OpenMode::Write, clock, Romanizer::default()).unwrap();
    let opened = t.elapsed();
    let mut index = Index::load(&store).unwrap();
    println!(
        "open: {:.1} ms; load search index: {:.1} ms; RSS {:.1} MB (before open {:.1} MB)",
        opened.as_secs_f64() * 1e3,
        t.elapsed().saturating_sub(opened).as_secs_f64() * 1e3,
        rss_mb(),
        rss_before
    );
    let entries = store.search_entries().unwrap();

    // The app: incremental narrowing as each key is typed, cache cleared per word.
    let mut per_key = Vec::new();
    let mut slowest: Vec<(Duration, String, usize)> = Vec::new();
    for _ in 0..3 {
        for word in TYPED {
            index.clear_cache();
            let mut q = String::new();
            for c in word.chars() {
                q.push(c);
                let t = Instant::now();
                let hits = index.search(&q);
                let took = t.elapsed();
                per_key.push(took);
                slowest.push((took, q.clone(), hits.len()));
                std::hint::black_box(hits);
            }
        }
    }
    report("nucleo, incremental (what the app does)", per_key);
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let worst: Vec<String> =
        slowest.iter().take(5).map(|(d, q, n)| format!("{q:?} {:.1} ms ({n} hits)", d.as_secs_f64() * 1e3)).collect();
    println!("  slowest keystrokes: {}", worst.join(", "));

    // The index without its cache: every keystroke scored from scratch.
    let mut fresh = Vec::new();
    for word in TYPED {
        let mut q = String::new();
        for c in word.chars() {
            q.push(c);
            index.clear_cache();
            let t = Instant::now();
            std::hint::black_box(index.search(&q));
            fresh.push(t.elapsed());
        }
    }
    report("index, no narrowing (each keystroke afresh)", fresh);

    // Matcher against matcher: one thread, the same whole keys, fuzzy
    // subsequence scoring and a sort, nothing of the index's own tricks.
    let mut nucleo_times = Vec::new();
    let mut skim_times = Vec::new();
    let skim = SkimMatcherV2::default();
    let mut matcher = Matcher::new(Config::DEFAULT);
    for word in TYPED.iter().filter(|w| w.is_ascii()) {
        let mut q = String::new();
        for c in word.chars() {
            q.push(c);
            let t = Instant::now();
            let pattern = Pattern::parse(&q, CaseMatching::Ignore, Normalization::Smart);
            let mut hits: Vec<(u32, usize)> = entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| pattern.score(Utf32Str::Ascii(e.key.as_bytes()), &mut matcher).map(|s| (s, i)))
                .collect();
            hits.sort_by_key(|h| std::cmp::Reverse(h.0));
            nucleo_times.push(t.elapsed());
            std::hint::black_box(hits);
            let t = Instant::now();
            let mut hits: Vec<(i64, usize)> =
                entries.iter().enumerate().filter_map(|(i, e)| skim.fuzzy_match(&e.key, &q).map(|s| (s, i))).collect();
            hits.sort_by_key(|h| std::cmp::Reverse(h.0));
            skim_times.push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    let (nm, np) = report("matcher only: nucleo-matcher, 1 thread", nucleo_times);
    let (sm, sp) = report("matcher only: fuzzy-matcher (baseline), 1 thread", skim_times);
    println!(
        "fuzzy-matcher / nucleo-matcher: {:.1}x slower at the median, {:.1}x at p99",
        sm.as_secs_f64() / nm.as_secs_f64(),
        sp.as_secs_f64() / np.as_secs_f64()
    );
    let hits = index.search("cq");
    println!("sanity: `cq` finds {} of {} customers; best: {}", hits.len(), entries.len(), index.display(hits[0]));
}
