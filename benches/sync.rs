//! Sync benchmark (issue 11, DESIGN.md §8): a demo archive's whole change
//! log exported to a file, verified and imported into an empty archive,
//! then the same file imported again.
//!
//! `cargo bench --bench sync` (size: `REPBOOK_BENCH_CUSTOMERS`, default
//! 100000). Prints figures; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use repbook::clock::FixedClock;
use repbook::domain::pinyin::Romanizer;
use repbook::store::{OpenMode, Store};
use repbook::sync::{self, Selection};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("REPBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    repbook::store::set_issued_dir(Some(dir.path().join("issued")));
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    let open = |name: &str| {
        let mut s = Store::open(&dir.path().join(name), OpenMode::Write, clock.clone(), Romanizer::default()).unwrap();
        s.keep_daily_backups(0);
        s
    };
    println!(
        "repbook sync benchmark: {n} customers, {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    let mut a = open("a.sqlite3");
    repbook::demo::generate(&mut a, n, repbook::demo::SEED).unwrap();
    let changes = a.change_count().unwrap();

    let t = Instant::now();
    let file = dir.path().join("all.changes");
    let (_, built) = sync::export_to(&a, &Selection::All, &file).unwrap();
    let export = t.elapsed();
    let bytes = built.bytes.len();
    println!(
        "export: {changes} changes in {:.2} s, {:.1} MB, {:.0} bytes per change",
        export.as_secs_f64(),
        bytes as f64 / 1e6,
        bytes as f64 / changes as f64
    );

    let mut b = open("b.sqlite3");
    let t = Instant::now();
    let set = sync::read_file(&file, clock.now_ms()).unwrap();
    let verify = t.elapsed();
    let r = sync::apply(&mut b, &set, false, false).unwrap();
    let import = t.elapsed();
    println!(
        "import into an empty archive: {:.2} s (read and verify {:.2} s); applied {}, already {}",
        import.as_secs_f64(),
        verify.as_secs_f64(),
        r.applied,
        r.already
    );

    let t = Instant::now();
    let set = sync::read_file(&file, clock.now_ms()).unwrap();
    let r = sync::apply(&mut b, &set, false, false).unwrap();
    println!(
        "re-import of the same file: {:.2} s; applied {}, already {}",
        t.elapsed().as_secs_f64(),
        r.applied,
        r.already
    );
    assert_eq!(a.digest().unwrap(), b.digest().unwrap(), "the copy holds the same data");
    println!("digests equal");
}

trait NowMs {
    fn now_ms(&self) -> i64;
}

impl NowMs for FixedClock {
    fn now_ms(&self) -> i64 {
        use repbook::clock::Clock;
        self.now().timestamp_millis()
    }
}
