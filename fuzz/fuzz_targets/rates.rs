//! Any text as a contact norm (and as an amount of money): a rate of at
//! most ten years, an amount from 0 to the bound, or a refusal; a standing
//! computed from the rate at any dates never panics.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use repbook::domain::cadence::{ContactState, Rate};
use repbook::domain::fields::{MAX_MONEY, parse_money};

fuzz_target!(|text: &str| {
    if let Ok(rate) = Rate::parse(text) {
        assert!(rate.count >= 1 && (1..=Rate::MAX_PERIOD_DAYS).contains(&rate.period_days), "{text:?}: {rate:?}");
        assert_eq!(Rate::parse(&rate.to_string()), Ok(rate), "{text:?} displays as it parses");
        for (last, today) in [(NaiveDate::MAX, NaiveDate::MIN), (NaiveDate::MIN, NaiveDate::MAX)] {
            let _ = ContactState::new(Some(last), rate, last, today).due();
        }
    }
    if let Some(v) = parse_money(text) {
        assert!((0..=MAX_MONEY).contains(&v), "{text:?} gave {v}");
    }
});
