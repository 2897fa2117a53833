//! Shares and averages are rounded to the nearest, a half up, never cut:
//! what the reviewer found truncated (2.37% read 2.3%, 11 of 12 read 91%).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use repbook::domain::classify::Class;
use repbook::domain::figures::{TradeFact, figures, percent, rounded_share};
use repbook::domain::week_review::Compliance;

#[test]
fn shares_round_to_the_nearest() {
    // (part, whole, scale, expected)
    let table: [(i128, i128, i128, Option<i64>); 12] = [
        (11, 12, 100, Some(92)),
        (28, 33, 100, Some(85)),
        (1, 3, 100, Some(33)),
        (2, 3, 100, Some(67)),
        (1, 2, 100, Some(50)),
        (1, 8, 100, Some(13)), // 12.5: half up
        (237, 10_000, 1000, Some(24)),
        (1560, 10_000, 1000, Some(156)),
        (3296, 100, 1, Some(33)),
        (3250, 100, 1, Some(33)),
        (0, 5, 100, Some(0)),
        (1, 0, 100, None),
    ];
    for (part, whole, scale, want) in table {
        assert_eq!(rounded_share(part, whole, scale), want, "{part}/{whole} × {scale}");
    }
    assert_eq!(percent(11, 12), Some(92));
    assert_eq!(percent(0, 0), None);
}

#[test]
fn compliance_and_the_collection_figures_are_rounded() {
    for (met, customers, want) in [(11, 12, 92), (28, 33, 85), (2, 3, 67)] {
        let c = Compliance { class: Class::A, customers, met, pending: 0 };
        assert_eq!(c.percent(), Some(want));
    }
    let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let trade = |date: NaiveDate, order: bool, amount: i64| TradeFact {
        id: format!("{date}{order}{amount}"),
        customer_id: "c".into(),
        date,
        order,
        amount,
        due: None,
    };
    // 237 of 10,000 to collect: 2.37% → 2.4% (24 per mille, not 23).
    // The payment settles the order of 28 September first (96 at 34 days),
    // then 141 of the 1st's (0 days): 3,264 / 237 = 13.77 days → 14, not 13.
    let trades = [trade(d(9, 28), true, 96), trade(d(11, 1), true, 9_904), trade(d(11, 1), false, 237)];
    let f = figures(d(11, 1), d(11, 30), &trades, &[], 0);
    assert_eq!(f.collection_rate_permille, Some(24));
    assert_eq!(f.collection_days, Some(14));
}
