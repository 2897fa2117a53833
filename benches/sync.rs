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
    let source = if let Some(path) = std::env::var_os("REPBOOK_BENCH_SOURCE") {
        kept_source(std::path::Path::new(&path), &clock, customers)
    } else {
        let mut s = open("a.sqlite3");
        repbook::demo::generate(&mut s, customers, repbook::demo::SEED).unwrap();
        s
    };
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

    if profile_exports(&source, dir.path()) {
        return;
    }

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

    // A file read for the archive and taken in, timed and reported.
    let reimport = |copy: &mut Store, path: &std::path::Path, what: &str| {
        let started = Instant::now();
        let set = sync::read_file_for(copy, path, clock.now_ms(), &mut sync::crypt::Source::given(None)).unwrap();
        let report = sync::apply(copy, &set, false, false).unwrap();
        println!(
            "re-import of {what}: {:.2} s; applied {}, already {}",
            started.elapsed().as_secs_f64(),
            report.applied,
            report.already
        );
    };
    reimport(&mut copy, &file, "the same file");
    // A file with the same records that is not byte-identical (written
    // again at another moment): every record read and found held.
    let again = dir.path().join("other.changes");
    let mut built = sync::build(&source, &Selection::All).unwrap();
    built.bytes = sync::format::encode(
        (&set.header.dataset, &set.header.sender, set.header.purpose),
        set.header.created_ms + 1,
        &set.header.known,
        &sync::decode(&built.bytes, clock.now_ms()).unwrap().records,
    )
    .unwrap();
    sync::write_file(&again, &built.bytes).unwrap();
    reimport(&mut copy, &again, "the same records in another file");
    assert_eq!(source.digest().unwrap(), copy.digest().unwrap(), "the copy holds the same data");
    println!("digests equal");
}

/// `REPBOOK_BENCH_SOURCE=FILE`: the demo archive is generated into FILE
/// once and read from there by later runs (generating 100k customers
/// takes minutes on a busy machine).
fn kept_source(path: &std::path::Path, clock: &Arc<FixedClock>, customers: usize) -> Store {
    let fresh = !path.exists();
    let mut s = Store::open(path, OpenMode::Write, clock.clone(), Romanizer::default()).unwrap();
    s.keep_daily_backups(0);
    if fresh {
        repbook::demo::generate(&mut s, customers, repbook::demo::SEED).unwrap();
    }
    s
}

/// Where an export's time goes: building the file (reading the log,
/// writing the lines, the checksum), then writing it out. With
/// `REPBOOK_BENCH_EXPORTS=N`, N more builds (to profile an export), and
/// true: the benchmark stops there.
fn profile_exports(source: &Store, dir: &std::path::Path) -> bool {
    let started = Instant::now();
    let file = sync::build(source, &Selection::All).unwrap();
    let took = started.elapsed();
    let started = Instant::now();
    sync::write_file(&dir.join("again.changes"), &file.bytes).unwrap();
    println!(
        "  export again: build {:.2} s, write and fsync {:.2} s",
        took.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    drop(file);
    let Some(n) = std::env::var("REPBOOK_BENCH_EXPORTS").ok().and_then(|v| v.parse::<usize>().ok()) else {
        return false;
    };
    println!("{n} builds follow");
    for _ in 0..n {
        let started = Instant::now();
        let file = sync::build(source, &Selection::All).unwrap();
        println!("  build {:.2} s ({} bytes)", started.elapsed().as_secs_f64(), file.bytes.len());
    }
    true
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
