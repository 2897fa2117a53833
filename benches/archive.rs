//! Archive benchmark: inserting customers through the store (with change
//! records), loading the search index, per-keystroke search, and the whole
//! `repbook search` process against `fzf --filter` over the same names
//! (DESIGN.md §3, §8; issue 13).
//!
//! `cargo bench --bench archive` (size: `REPBOOK_BENCH_CUSTOMERS`, default
//! 100000; `REPBOOK_BENCH_DB=path` keeps the archive there and reuses it on
//! the next run). Prints figures; asserts nothing about time. The fzf
//! comparison is skipped when fzf is not installed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common.rs"]
mod common;
use common::{ms, report, rss_mb};

use repbook::clock::FixedClock;
use repbook::domain::pinyin::Romanizer;
use repbook::search::persist::{Loaded, load_reporting};
use repbook::store::{OpenMode, Store};
use std::path::Path;
use std::process::{Command, Stdio};
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

/// A phone's last digits, typed one at a time.
const DIGITS: &[&str] = &["4095", "1541", "8912", "0779"];

// A benchmark script: one timed step after another, read top to bottom.
#[allow(clippy::too_many_lines)]
fn main() {
    let n: usize = std::env::var("REPBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    repbook::store::set_issued_dir(Some(dir.path().join("issued")));
    let kept = std::env::var_os("REPBOOK_BENCH_DB").map(std::path::PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| dir.path().join("bench.sqlite3"));
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    println!(
        "repbook archive benchmark: {n} customers, {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    if kept.as_ref().is_some_and(|p| p.exists()) {
        println!("archive: reusing {}", path.display());
    } else {
        build(&path, n, clock.clone());
    }

    let rss_before = rss_mb();
    // Start to whole list searchable: open the archive and load the index,
    // as `repbook search` and the interface's list loader do. The first
    // load after the archive was built has no saved index: it builds one
    // from the search records and saves it; later starts read it.
    let start = |clock: Arc<FixedClock>| {
        let t = Instant::now();
        let store = Store::open(&path, OpenMode::Write, clock, Romanizer::default()).unwrap();
        let opened = t.elapsed();
        let (index, how) = load_reporting(&store).unwrap();
        (store, index, how, opened, t.elapsed())
    };
    let _ = std::fs::remove_file(repbook::store::search_index_path(&path));
    let (store, index, how, opened, took) = start(clock.clone());
    println!(
        "first start, no saved index: open {:.1} ms, index {how:?} and saved in {:.1} ms ({:.1} MB file)",
        ms(opened),
        ms(took.saturating_sub(opened)),
        std::fs::metadata(repbook::store::search_index_path(&path)).map_or(0.0, |m| m.len() as f64 / 1e6)
    );
    drop((store, index));
    let mut starts = Vec::new();
    for _ in 0..7 {
        let (store, index, how, _, took) = start(clock.clone());
        assert_eq!(how, Loaded::Saved(0));
        starts.push(took);
        drop((store, index));
    }
    report("start -> whole list searchable (bar: 100)", starts);
    let (store, mut index, _, _, _) = start(clock.clone());
    println!("RSS with the index loaded: {:.1} MB (before open {:.1} MB; bar: 50)", rss_mb(), rss_before);

    // The app: incremental narrowing as each key is typed, cache cleared
    // per word; the whole list in order (the interface's list), then only
    // its first page and the count (`repbook search`); as the interface
    // asks, then on the caller's thread alone, then on two.
    // The interface (and `repbook search`) asks first for a page, scored
    // by bounds; the interface then counts every hit a slice at a time
    // between keys.
    // One pass unmeasured first: the rows below compare ways of asking,
    // and whichever ran first also paid for warming the machine (two
    // threads first read a median of 2.8 ms, one thread third 2.3 ms;
    // alternated in one process, 1.9 and 2.3 ms).
    index.use_cores();
    for word in TYPED {
        index.clear_cache();
        let mut q = String::new();
        for c in word.chars() {
            q.push(c);
            std::hint::black_box(index.page(&q, 200));
        }
    }
    // Threads None: as the interface and `repbook search` ask (two when
    // the machine has them: the first page's candidates bounded in halves).
    for (label, page, threads) in [
        (
            "search per keystroke, as typed: the first page of 200, as the interface asks (bar: median 3, p99 8)",
            Some(0),
            None,
        ),
        ("  then every hit counted, in slices of 8192 between keys (page + count)", Some(1), None),
        ("  the first page on one thread", Some(0), Some(1)),
        ("search per keystroke, as typed, all hits in order (the full path)", None, Some(1)),
        ("search per keystroke, as typed, first 100 and the count", Some(100), Some(1)),
        ("search per keystroke, as typed, all in order, two threads", None, Some(2)),
    ] {
        match threads {
            Some(n) => index.set_threads(n),
            None => index.use_cores(),
        }
        let mut per_key = Vec::new();
        let mut slowest: Vec<(Duration, String, usize)> = Vec::new();
        for _ in 0..3 {
            for word in TYPED {
                index.clear_cache();
                let mut q = String::new();
                for c in word.chars() {
                    q.push(c);
                    let t = Instant::now();
                    let n = match page {
                        None => index.search(&q).len(),
                        Some(0) => index.page(&q, 200).len(),
                        Some(1) => {
                            std::hint::black_box(index.page(&q, 200));
                            loop {
                                if let Some(n) = index.count_some(&q, 8192) {
                                    break n;
                                }
                            }
                        }
                        Some(k) => std::hint::black_box(index.search_top(&q, k)).1,
                    };
                    let took = t.elapsed();
                    per_key.push(took);
                    slowest.push((took, q.clone(), n));
                }
            }
        }
        report(label, per_key);
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        let worst: Vec<String> =
            slowest.iter().take(5).map(|(d, q, n)| format!("{q:?} {:.1} ms ({n} hits)", ms(*d))).collect();
        println!("  slowest keystrokes: {}", worst.join(", "));
    }
    index.use_cores();

    // A phone's last digits, typed as a rep remembers them (kept apart from
    // the words above so that their figures stay comparable).
    let mut per_key = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for _ in 0..3 {
        for word in DIGITS {
            index.clear_cache();
            let mut q = String::new();
            for c in word.chars() {
                q.push(c);
                let t = Instant::now();
                std::hint::black_box(index.page(&q, 200));
                per_key.push(t.elapsed());
                slowest.push((t.elapsed(), q.clone()));
            }
        }
    }
    report("search per keystroke, a phone's digits as typed: the first page of 200", per_key);
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    let worst: Vec<String> = slowest.iter().take(5).map(|(d, q)| format!("{q:?} {:.1} ms", ms(*d))).collect();
    println!("  slowest keystrokes: {}", worst.join(", "));

    // The index without its cache: every keystroke scored from scratch
    // (on one thread, as this figure always was).
    index.set_threads(1);
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
    report("search per keystroke, each afresh", fresh);
    let hits = index.search("cq");
    println!("sanity: `cq` finds {} of {} customers; best: {}", hits.len(), index.len(), index.display(hits[0]));
    drop(store);

    whole_process(&path, dir.path());
}

/// Build the demo archive at `path`, printing insert and size figures.
fn build(path: &Path, n: usize, clock: Arc<FixedClock>) {
    let mut store = Store::open(path, OpenMode::Write, clock, Romanizer::default()).unwrap();
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
    let size = std::fs::metadata(path).unwrap().len()
        + std::fs::metadata(path.with_extension("sqlite3-wal")).map_or(0, |m| m.len());
    println!(
        "archive: {:.1} MB on disk, {:.2} KB per customer (bar: 4 KB); change log values {:.1} MB in {changes} records",
        size as f64 / 1e6,
        size as f64 / 1e3 / stats.customers as f64,
        store.change_log_value_bytes().unwrap() as f64 / 1e6,
    );
}

/// Wall time of one run of a command.
fn run_once(mut command: Command) -> Duration {
    let t = Instant::now();
    let status = command.stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
    // fzf --filter exits 1 when nothing matches.
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    t.elapsed()
}

/// Median wall time of `runs` runs of each command, the two run by turns
/// (one after the other, `runs` times, which goes first alternating), so
/// that a change of the machine's load falls on both alike.
fn timed_by_turns(
    runs: usize,
    mut first: impl FnMut() -> Command,
    mut second: Option<impl FnMut() -> Command>,
) -> (Duration, Option<Duration>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for run in 0..runs {
        if run % 2 == 0 {
            a.push(run_once(first()));
        }
        if let Some(second) = second.as_mut() {
            b.push(run_once(second()));
        }
        if run % 2 == 1 {
            a.push(run_once(first()));
        }
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v.get(v.len() / 2).copied()
    };
    (median(a).unwrap_or_default(), median(b))
}

/// `repbook search Q` as a whole process against `fzf --filter Q` over the
/// customers' names, warm cache, median of eleven runs each, by turns.
fn whole_process(path: &Path, dir: &Path) {
    let bin = env!("CARGO_BIN_EXE_repbook");
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let names = dir.join("names.txt");
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = String::new();
    let mut stmt = conn.prepare("SELECT name FROM search_key").unwrap();
    for name in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        out.push_str(&name.unwrap().replace('\n', " "));
        out.push('\n');
    }
    std::fs::write(&names, out).unwrap();
    let fzf = Command::new("fzf").arg("--version").output().is_ok_and(|o| o.status.success());
    let mut ratios = Vec::new();
    for q in ["cq", "chongqing", "bjhd", "重庆", "harbor", "4095", "zxq", "ljg"] {
        let repbook = || {
            let mut c = Command::new(bin);
            c.args(["--db", &path.display().to_string(), "search", q])
                .env("HOME", &home)
                .env("REPBOOK_STATE_DIR", dir.join("state"));
            c
        };
        // fzf itself, the names on its standard input (no shell between).
        let fzf_filter = fzf.then_some(|| {
            let mut c = Command::new("fzf");
            c.args(["--filter", q]).stdin(std::fs::File::open(&names).unwrap());
            c
        });
        let (ours, theirs) = timed_by_turns(11, repbook, fzf_filter);
        if let Some(theirs) = theirs {
            ratios.push(ours.as_secs_f64() / theirs.as_secs_f64());
            println!(
                "whole process {q:>10}: repbook search {:.0} ms, fzf --filter {:.0} ms ({:.2}x; bar: 0.5x)",
                ms(ours),
                ms(theirs),
                ours.as_secs_f64() / theirs.as_secs_f64()
            );
        } else {
            println!("whole process {q:>10}: repbook search {:.0} ms (fzf not installed: no comparison)", ms(ours));
        }
    }
    if !ratios.is_empty() {
        ratios.sort_by(f64::total_cmp);
        println!("repbook search / fzf --filter: median {:.2}x", ratios[ratios.len() / 2]);
    }
}
