//! Helpers shared by the benchmarks.
#![allow(dead_code)]

use std::time::Duration;

/// Resident memory of this process in MB (Linux; NaN elsewhere).
pub fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Resident memory of this process and its peak (`VmRSS`, `VmHWM`) in MB
/// (Linux; NaN elsewhere).
pub fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Print median, p99 and max of `times`; returns (median, p99).
pub fn report(name: &str, mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let (med, p99) = (at(0.5), at(0.99));
    println!(
        "{name:<50} n={:<5} median {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms",
        times.len(),
        ms(med),
        ms(p99),
        times.last().map_or(0.0, |d| ms(*d))
    );
    (med, p99)
}

/// Where this process's resident memory is (Linux; empty elsewhere), in
/// MB: the main heap, glibc's thread arenas (heaps of 64 MB reserved at a
/// 64 MB boundary), other anonymous mappings (large allocations, thread
/// stacks) and files (the program, libraries, SQLite's file maps).
pub fn memory_map() -> String {
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    let (mut heap, mut arenas, mut anon, mut files) = (0u64, 0u64, 0u64, 0u64);
    let mut kind = 0;
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        if let Some((start, _)) = first.split_once('-').filter(|(s, _)| s.chars().all(|c| c.is_ascii_hexdigit())) {
            let name = line.split_whitespace().nth(5).unwrap_or("");
            let start = u64::from_str_radix(start, 16).unwrap_or(1);
            kind = match name {
                "[heap]" => 0,
                "" if start % (64 << 20) == 0 => 1,
                "" | "[stack]" => 2,
                _ => 3,
            };
        } else if first == "Rss:" {
            let kb = words.next().and_then(|w| w.parse::<u64>().ok()).unwrap_or(0);
            *[&mut heap, &mut arenas, &mut anon, &mut files][kind] += kb;
        }
    }
    let mb = |kb: u64| kb as f64 / 1024.0;
    format!(
        "main heap {:.1} MB, thread arenas {:.1} MB, other anonymous {:.1} MB, files {:.1} MB",
        mb(heap),
        mb(arenas),
        mb(anon),
        mb(files)
    )
}
