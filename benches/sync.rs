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
    let customers: usize =
        std::env::var("REPBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    repbook::store::set_issued_dir(Some(dir.path().join("issued")));
    let clock = Arc::new(FixedClock::at_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()));
    let open = |name: &str| {
        let mut s = Store::open(&dir.path().join(name), OpenMode::Write, clock.clone(), Romanizer::default()).unwrap();
        s.keep_daily_backups(0);
        s
    };
    println!(
        "repbook sync benchmark: {customers} customers, {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    let mut source = open("a.sqlite3");
    repbook::demo::generate(&mut source, customers, repbook::demo::SEED).unwrap();
    let changes = source.change_count().unwrap();

    let started = Instant::now();
    let file = dir.path().join("all.changes");
    let (_, built) = sync::export_to(&source, &Selection::All, &file, None).unwrap();
    let export = started.elapsed();
    let bytes = built.bytes.len();
    println!(
        "export: {changes} changes in {:.2} s, {:.1} MB, {:.0} bytes per change",
        export.as_secs_f64(),
        bytes as f64 / 1e6,
        bytes as f64 / changes as f64
    );

    let mut copy = open("b.sqlite3");
    let started = Instant::now();
    let set = sync::read_file(&file, clock.now_ms(), &mut sync::crypt::Source::given(None)).unwrap();
    let verify = started.elapsed();
    let report = sync::apply(&mut copy, &set, false, false).unwrap();
    let import = started.elapsed();
    println!(
        "import into an empty archive: {:.2} s (read and verify {:.2} s); applied {}, already {}",
        import.as_secs_f64(),
        verify.as_secs_f64(),
        report.applied,
        report.already
    );

    let started = Instant::now();
    let set = sync::read_file(&file, clock.now_ms(), &mut sync::crypt::Source::given(None)).unwrap();
    let report = sync::apply(&mut copy, &set, false, false).unwrap();
    println!(
        "re-import of the same file: {:.2} s; applied {}, already {}",
        started.elapsed().as_secs_f64(),
        report.applied,
        report.already
    );
    assert_eq!(source.digest().unwrap(), copy.digest().unwrap(), "the copy holds the same data");
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
