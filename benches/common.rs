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
