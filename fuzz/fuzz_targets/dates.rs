//! Any text typed as a date, against any today chrono can hold: a date in
//! the window, or a refusal; never a panic. The first four bytes pick
//! today, the rest is the text.
#![no_main]

use chrono::{Datelike, NaiveDate};
use libfuzzer_sys::fuzz_target;
use repbook::domain::dates::{self, FIRST, LAST};
use repbook::domain::fields::{FieldSpec, Kind, Value};

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(4));
    let mut raw = [0u8; 4];
    raw[..head.len()].copy_from_slice(head);
    let (lo, hi) = (NaiveDate::MIN.num_days_from_ce(), NaiveDate::MAX.num_days_from_ce());
    let span = i64::from(hi) - i64::from(lo) + 1;
    let day = i64::from(lo) + i64::from(u32::from_le_bytes(raw)) % span;
    let Some(today) = i32::try_from(day).ok().and_then(NaiveDate::from_num_days_from_ce_opt) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let _ = dates::preview(text, today);
    let _ = dates::calendar_date(text);
    if let Ok(d) = dates::resolve(text, today) {
        assert!((FIRST..=LAST).contains(&d), "{text:?} on {today} gave {d}");
    }
    for spec in [FieldSpec::new("date", Kind::Date), FieldSpec::new("birthday", Kind::Birthday)] {
        for v in [spec.parse(text), spec.parse_on(text, today)].into_iter().flatten() {
            assert!(v == Value::Null || spec.check(&v).is_ok(), "{text:?} gave {v:?}, which the store refuses");
        }
    }
});
