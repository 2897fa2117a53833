//! The rep's figures for a period (DOMAIN §7): sales, payments collected,
//! the collection rate and average collection period, what is owed and
//! overdue, new customers, visits and calls held and their goals. Pure:
//! the store gathers the facts.
//!
//! Payments are matched to orders first in, first out, per customer: a
//! payment settles the customer's oldest unpaid order amounts first. That
//! gives each paid amount its collection period (days from the order to the
//! payment) and each unpaid one its due date.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// `part / whole` in units of `1 / scale` (100: per cent, 1000: per
/// mille, 1: a plain average), rounded to the nearest, a half up: 11 of 12
/// is 92%, 2.37% is 2.4% — every share and average the rep reads goes
/// through here, so no screen truncates what another rounds. `None` when
/// `whole` is not above nothing or the result does not fit.
pub fn rounded_share(part: i128, whole: i128, scale: i128) -> Option<i64> {
    if whole <= 0 {
        return None;
    }
    let scaled = part.checked_mul(scale)?;
    // Half up for both signs' magnitudes: floor((2·scaled + whole) / 2·whole).
    let twice = scaled.checked_mul(2)?.checked_add(whole)?;
    i64::try_from(twice.div_euclid(whole.checked_mul(2)?)).ok()
}

/// [`rounded_share`] in whole per cent of two counts.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    rounded_share(i128::from(part), i128::from(whole), 100).and_then(|p| u32::try_from(p).ok())
}

/// An order or a payment.
#[derive(Debug, Clone)]
pub struct TradeFact {
    /// The record's id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// Its day.
    pub date: NaiveDate,
    /// An order (else a payment).
    pub order: bool,
    /// In minor units (fen, cents), ≥ 0.
    pub amount: i64,
    /// When an order is to be paid, if set.
    pub due: Option<NaiveDate>,
}

/// A visit or call held.
#[derive(Debug, Clone)]
pub struct ContactFact {
    /// A call (else in person).
    pub call: bool,
    /// `met`, `partly`, `not_met`, if logged.
    pub outcome: Option<String>,
}

/// The figures of one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Figures {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Orders in the period (minor units).
    pub sales: i64,
    /// Payments received in the period.
    pub collected: i64,
    /// Owed when the period began.
    pub owed_before: i64,
    /// Collected ÷ (owed before + sales), in per mille; `None` when nothing
    /// was to be collected.
    pub collection_rate_permille: Option<i64>,
    /// Average days from an order to the payment that settled it, over the
    /// amounts paid in the period, weighted by amount; `None` when nothing
    /// was paid.
    pub collection_days: Option<i64>,
    /// Owed at the period's end.
    pub owed: i64,
    /// Of that, past its due date at the period's end.
    pub overdue: i64,
    /// Customers added in the period.
    pub new_customers: u32,
    /// Visits held.
    pub visits: u32,
    /// Calls held.
    pub calls: u32,
    /// Of those, goals met.
    pub goals_met: u32,
    /// … partly met.
    pub goals_partly: u32,
    /// The funnel at the period's end: open opportunities by stage, won
    /// and lost in the period.
    pub funnel: super::funnel::FunnelFigures,
    /// Customers qualified (need, purchasing power, authority) now.
    pub qualified: u32,
    /// Of those, qualified during the period.
    pub qualified_new: u32,
}

/// An order amount not yet paid: (order day, due day, amount left).
type Open<'a> = (NaiveDate, Option<NaiveDate>, i64, &'a str);

/// An order amount not yet paid on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unpaid {
    /// The order's id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The order's day.
    pub ordered: NaiveDate,
    /// When it is to be paid, if set.
    pub due: Option<NaiveDate>,
    /// What is left to pay (minor units).
    pub amount: i64,
}

/// Match the payments up to `to` to the orders, first in, first out, per
/// customer; `on_paid(payment, order day, amount)` hears of every part of
/// an order a payment settles. What is left unpaid, per customer.
fn settle(
    trades: &[TradeFact],
    to: NaiveDate,
    mut on_paid: impl FnMut(&TradeFact, NaiveDate, i64),
) -> BTreeMap<&str, VecDeque<Open<'_>>> {
    let mut sorted: Vec<&TradeFact> = trades.iter().filter(|t| t.date <= to && t.amount > 0).collect();
    // Orders before payments on the same day: a same-day payment settles it.
    sorted.sort_by_key(|t| (t.date, !t.order));
    let mut open: BTreeMap<&str, VecDeque<Open>> = BTreeMap::new();
    for t in sorted {
        let queue = open.entry(t.customer_id.as_str()).or_default();
        if t.order {
            queue.push_back((t.date, t.due, t.amount, t.id.as_str()));
            continue;
        }
        let mut left = t.amount;
        while left > 0 {
            let Some(front) = queue.front_mut() else { break };
            let take = left.min(front.2);
            on_paid(t, front.0, take);
            front.2 -= take;
            left -= take;
            if front.2 == 0 {
                queue.pop_front();
            }
        }
        // A payment beyond every order is a credit: it owes nothing and
        // settles no period.
    }
    open
}

fn owed_of(open: &BTreeMap<&str, VecDeque<Open<'_>>>) -> i64 {
    open.values().flatten().fold(0_i64, |acc, (_, _, left, _)| acc.saturating_add(*left))
}

/// The order amounts still unpaid at the end of `as_of`, by the same
/// matching as the figures, per customer, oldest first.
pub fn unpaid(trades: &[TradeFact], as_of: NaiveDate) -> Vec<Unpaid> {
    settle(trades, as_of, |_, _, _| {})
        .into_iter()
        .flat_map(|(c, q)| {
            q.into_iter().map(move |(ordered, due, amount, id)| Unpaid {
                id: id.to_string(),
                customer_id: c.to_string(),
                ordered,
                due,
                amount,
            })
        })
        .collect()
}

/// What is owed at the end of `at`, and of it what was due before `at`.
pub fn owed_at(trades: &[TradeFact], at: NaiveDate) -> (i64, i64) {
    owed_and_overdue(&settle(trades, at, |_, _, _| {}), at)
}

fn owed_and_overdue(open: &BTreeMap<&str, VecDeque<Open<'_>>>, at: NaiveDate) -> (i64, i64) {
    let overdue = open
        .values()
        .flatten()
        .filter(|(_, due, _, _)| due.is_some_and(|d| d < at))
        .fold(0_i64, |acc, (_, _, left, _)| acc.saturating_add(*left));
    (owed_of(open), overdue)
}

/// The figures for `from..=to`. `trades` may hold any dates (those after
/// `to` are ignored; those before set what was owed); `contacts` are those
/// held in the period; `new_customers` those added in it.
pub fn figures(
    from: NaiveDate,
    to: NaiveDate,
    trades: &[TradeFact],
    contacts: &[ContactFact],
    new_customers: u32,
) -> Figures {
    let mut f = Figures { from, to, new_customers, ..Figures::default() };
    f.owed_before = from.pred_opt().map_or(0, |before| owed_of(&settle(trades, before, |_, _, _| {})));
    for t in trades.iter().filter(|t| (from..=to).contains(&t.date) && t.amount > 0) {
        if t.order {
            f.sales = f.sales.saturating_add(t.amount);
        } else {
            f.collected = f.collected.saturating_add(t.amount);
        }
    }
    let (mut paid_days, mut paid_amount) = (0_i128, 0_i128);
    let open = settle(trades, to, |payment, ordered, take| {
        if payment.date >= from {
            paid_days += i128::from((payment.date - ordered).num_days()) * i128::from(take);
            paid_amount += i128::from(take);
        }
    });
    (f.owed, f.overdue) = owed_and_overdue(&open, to);
    let to_collect = i128::from(f.owed_before) + i128::from(f.sales);
    f.collection_rate_permille = rounded_share(i128::from(f.collected), to_collect, 1000);
    f.collection_days = rounded_share(paid_days, paid_amount, 1);
    for c in contacts {
        if c.call {
            f.calls += 1;
        } else {
            f.visits += 1;
        }
        match c.outcome.as_deref() {
            Some("met") => f.goals_met += 1,
            Some("partly") => f.goals_partly += 1,
            _ => {}
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    fn order(c: &str, date: NaiveDate, amount: i64, due: Option<NaiveDate>) -> TradeFact {
        TradeFact { id: format!("o{date}{amount}"), customer_id: c.into(), date, order: true, amount, due }
    }

    fn pay(c: &str, date: NaiveDate, amount: i64) -> TradeFact {
        TradeFact { id: format!("p{date}{amount}"), customer_id: c.into(), date, order: false, amount, due: None }
    }

    #[test]
    fn payments_settle_the_oldest_orders_first() {
        let trades = [
            order("a", d(10, 1), 1000, Some(d(10, 31))), // before November: owed 1000
            order("a", d(11, 5), 500, Some(d(11, 20))),
            pay("a", d(11, 10), 1200), // settles October's 1000 (40 days) and 200 of the 5th (5 days)
            order("b", d(11, 28), 300, Some(d(12, 28))),
            pay("b", d(12, 2), 300), // after the period: ignored
        ];
        let f = figures(d(11, 1), d(11, 30), &trades, &[], 2);
        assert_eq!((f.owed_before, f.sales, f.collected), (1000, 800, 1200));
        assert_eq!(f.collection_rate_permille, Some(667), "1200 of 1800, to the nearest");
        assert_eq!(f.collection_days, Some((40 * 1000 + 5 * 200) / 1200));
        assert_eq!(f.owed, 300 + 300);
        assert_eq!(f.overdue, 300, "the 5th's 300 left was due on the 20th; b's is due in December");
        assert_eq!(f.new_customers, 2);
    }

    #[test]
    fn a_period_with_nothing_has_no_rate_and_no_period() {
        let f = figures(d(11, 1), d(11, 30), &[], &[], 0);
        assert_eq!((f.collection_rate_permille, f.collection_days, f.owed), (None, None, 0));
        // A payment beyond every order is a credit, not a negative debt.
        let f = figures(d(11, 1), d(11, 30), &[pay("a", d(11, 3), 50)], &[], 0);
        assert_eq!((f.owed, f.collected, f.collection_days), (0, 50, None));
    }

    #[test]
    fn huge_amounts_never_wrap() {
        let big = 10_000_000_000_000_i64;
        let trades: Vec<TradeFact> = (0..1000).map(|i| order(&i.to_string(), d(11, 2), big, None)).collect();
        let f = figures(d(11, 1), d(11, 30), &trades, &[], 0);
        assert!(f.sales > 0 && f.owed > 0);
    }

    #[test]
    fn unpaid_amounts_are_what_the_figures_call_owed() {
        let trades = [
            order("a", d(10, 1), 1000, Some(d(10, 31))),
            order("a", d(11, 5), 500, Some(d(11, 20))),
            pay("a", d(11, 10), 1200),
            order("b", d(11, 28), 300, None),
        ];
        let left = unpaid(&trades, d(11, 30));
        assert_eq!(
            left,
            vec![
                Unpaid {
                    id: "o2026-11-05500".into(),
                    customer_id: "a".into(),
                    ordered: d(11, 5),
                    due: Some(d(11, 20)),
                    amount: 300
                },
                Unpaid {
                    id: "o2026-11-28300".into(),
                    customer_id: "b".into(),
                    ordered: d(11, 28),
                    due: None,
                    amount: 300
                },
            ]
        );
        assert_eq!(left.iter().map(|u| u.amount).sum::<i64>(), figures(d(11, 1), d(11, 30), &trades, &[], 0).owed);
        assert_eq!(unpaid(&trades, d(11, 9)).iter().map(|u| u.amount).sum::<i64>(), 1500, "before the payment");
    }
}
