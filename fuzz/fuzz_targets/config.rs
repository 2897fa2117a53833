//! Any text as a config file: a config whose norms are in bounds, or a
//! config error that names a line of the file; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use repbook::Error;
use repbook::config::Config;
use repbook::domain::cadence::Rate;
use std::path::Path;

fuzz_target!(|text: &str| {
    match Config::parse(text, Path::new("fuzz.toml")) {
        Ok(cfg) => {
            let c = &cfg.cadence;
            for norm in [c.A1, c.A2, c.B1, c.B2, c.C] {
                assert!(norm.calls.period_days <= Rate::MAX_PERIOD_DAYS);
                assert!(norm.visits.period_days <= Rate::MAX_PERIOD_DAYS);
            }
        }
        Err(Error::Config { line, .. }) => {
            let lines = text.split('\n').count();
            assert!(line.is_some_and(|l| (1..=lines).contains(&l)), "{text:?}: line {line:?}");
        }
        Err(other) => panic!("{text:?}: not a config error: {other:?}"),
    }
});
