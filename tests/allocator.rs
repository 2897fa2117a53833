//! The allocator gives memory back as soon as it is freed (README:
//! dependencies, tikv-jemallocator): jemalloc is built with its decay at 0
//! by `.cargo/config.toml`. With its default decay (10 s, and only while
//! the allocator is busy) the interface kept tens of megabytes that its
//! loading threads had freed, for as long as it sat idle; this test then
//! finds ≈ 50 MB still resident (run it with
//! `MALLOC_CONF=dirty_decay_ms:10000` to see it fail: jemalloc takes the
//! place of malloc, so it reads the usual variable).
#![allow(clippy::unwrap_used)]

// The library's global allocator is the one under test.
extern crate repbook;

/// Resident memory in bytes (Linux), or None.
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    statm.split_whitespace().nth(1)?.parse::<u64>().ok().map(|pages| pages * 4096)
}

#[test]
fn memory_freed_on_a_loading_thread_is_given_back_at_once() {
    let Some(before) = resident() else { return };
    // As the interface does with what a loader made: many small records
    // (≈ 50 MB) made on a thread, handed over and freed here.
    let records =
        std::thread::spawn(|| (0..400_000).map(|i| format!("{i:0>100}")).collect::<Vec<String>>()).join().unwrap();
    assert_eq!(records.iter().map(String::len).sum::<usize>(), 400_000 * 100);
    drop(records);
    let after = resident().unwrap();
    assert!(
        after < before + (16 << 20),
        "{} MB resident after freeing ≈ 50 MB, {} MB before",
        after >> 20,
        before >> 20
    );
}
