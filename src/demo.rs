//! A realistic demo archive made by code from a fixed seed: mixed Chinese and
//! English customers of every kind and class, key people with roles and
//! birthdays, competitors, orders, deliveries and payments.

mod cadence;
mod people;
mod reviews;
mod words;

use people::{customer_fields, person_fields};

use crate::domain::classify::Class;
use crate::domain::fields::Value;
use crate::domain::schema::{
    BUYING_STAGES, CHANNEL_ACTIONS, COMPETITOR, CUSTOMER, FOLLOWUP, OBJECTIONS, OUTCOMES, PERSON, PURPOSES, TRADE,
    VISIT,
};
use crate::error::Result;
use crate::store::Store;
use crate::store::Writer;
use chrono::{Duration, NaiveDate};

#[path = "demo_opportunities.rs"]
mod opportunities;

/// What a demo run created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoStats {
    /// Customers created.
    pub customers: usize,
    /// Key people created.
    pub people: usize,
    /// Competitor notes created.
    pub competitors: usize,
    /// Purchase/sales records created.
    pub trades: usize,
    /// Visits and calls created (done and planned).
    pub visits: usize,
    /// Follow-ups created.
    pub followups: usize,
    /// Opportunities created.
    pub opportunities: usize,
}

/// Archives up to this size get visits and follow-ups; larger ones (the
/// benchmarks') only the archive itself.
pub const ACTIVITY_UP_TO: usize = 5_000;

use words::{GOALS, STEPS, say};

fn iso(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

/// The customer whose activity is made up.
struct Subject<'a> {
    id: &'a str,
    class: Class,
    dealer: bool,
    owed: i64,
    /// The day the customer was added: nothing of theirs is older.
    made: NaiveDate,
}

/// The days records were made on come from their own random stream, so
/// the rest of the demo (names, classes, amounts) is the same as before
/// they were dated.
struct Days {
    rng: fastrand::Rng,
}

impl Days {
    /// A second of the day to make a record at.
    fn second(&mut self) -> u32 {
        self.rng.u32(..36_000)
    }

    /// `n` in `range` days.
    fn back(&mut self, range: std::ops::RangeInclusive<u16>) -> Duration {
        Duration::days(i64::from(self.rng.u16(range)))
    }
}

/// `day`, or the Friday before when it falls on a weekend (visits held,
/// customers added).
fn weekday_before(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day - Duration::days(i64::from(day.weekday().number_from_monday().saturating_sub(5)))
}

/// `day`, or the Monday after when it falls on a weekend (visits planned).
fn weekday_after(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    match day.weekday() {
        chrono::Weekday::Sat => day + Duration::days(2),
        chrono::Weekday::Sun => day + Duration::days(1),
        _ => day,
    }
}

/// A few months of visits, calls and follow-ups for one customer.
fn activity(
    w: &mut Writer<'_>,
    (rng, days): (&mut fastrand::Rng, &mut Days),
    who: &Subject<'_>,
    today: NaiveDate,
    stats: &mut DemoStats,
) -> Result<()> {
    let Subject { id, class, dealer, owed, made } = *who;
    let held = match class {
        Class::A => rng.usize(4..=8),
        Class::B => rng.usize(2..=4),
        Class::C => rng.usize(0..=2),
    };
    for _ in 0..held {
        let date = weekday_before(today - Duration::days(i64::from(rng.u16(1..=90)))).max(made);
        let late = rng.u8(..10) == 0;
        let logged = if late { date + Duration::days(i64::from(rng.u8(3..=6))) } else { date };
        // Most visits were planned a few days ahead; the others entered
        // when logged.
        let entered = if days.rng.u8(..10) < 6 { (date - days.back(1..=7)).max(made) } else { logged.min(today) };
        let mut v = vec![
            ("customer_id", text(id)),
            ("kind", text(if rng.u8(..10) < 7 { "visit" } else { "call" })),
            ("status", text("done")),
            ("date", iso(date)),
            ("purposes", text(*pick(rng, PURPOSES))),
            ("outcome", text(*pick(rng, OUTCOMES))),
            ("buying_stage", text(*pick(rng, BUYING_STAGES))),
            ("logged_on", iso(logged.min(today))),
        ];
        if dealer {
            v.push(("actions", text(format!("{}, {}", CHANNEL_ACTIONS[0], pick(rng, CHANNEL_ACTIONS)))));
        }
        if rng.u8(..3) == 0 {
            v.push(("objections", text(*pick(rng, OBJECTIONS))));
        }
        w.insert_made_on(&VISIT, entered, days.second(), &v)?;
        stats.visits += 1;
    }
    let mut planned = |date: NaiveDate, w: &mut Writer<'_>, rng: &mut fastrand::Rng, days: &mut Days| -> Result<()> {
        let entered = (date.min(today) - days.back(1..=6)).max(made);
        w.insert_made_on(
            &VISIT,
            entered,
            days.second(),
            &[
                ("customer_id", text(id)),
                ("kind", text("visit")),
                ("status", text("planned")),
                ("date", iso(date)),
                ("time", text(format!("{:02}:{:02}", rng.u8(9..=17), *pick(rng, &[0u8, 30])))),
                ("purposes", text(*pick(rng, PURPOSES))),
                ("goal", text(say(pick(rng, GOALS)))),
            ],
        )?;
        stats.visits += 1;
        Ok(())
    };
    if class != Class::C && rng.u8(..3) == 0 {
        // Planned on working days (today stays today, as Today shows).
        let day = today + Duration::days(i64::from(rng.u8(0..=5)));
        planned(if day == today { day } else { weekday_after(day) }, w, rng, days)?;
    }
    if rng.u8(..20) == 0 {
        planned(weekday_before(today - Duration::days(i64::from(rng.u8(1..=3)))).max(made), w, rng, days)?;
    }
    let mut followup = |what: &str, due: NaiveDate, source: &str, status: &str, w: &mut Writer<'_>| -> Result<()> {
        let v = vec![
            ("customer_id", text(id)),
            ("what", text(what)),
            ("due", iso(due)),
            ("source", text(source)),
            ("status", text("open")),
        ];
        // Made open (a week or two before it falls due) and then closed,
        // as the life cycle requires of anyone.
        let entered = (due.min(today) - days.back(5..=14)).max(made);
        let fid = w.insert_made_on(&FOLLOWUP, entered, days.second(), &v)?;
        // Half of those already due were done on the day.
        let end = if status == "open" && due < today && days.rng.bool() { "done" } else { status };
        match end {
            "done" => w.followup_done(&fid, due)?,
            "dropped" => w.followup_drop(&fid, say(&words::DROPPED))?,
            _ => {}
        }
        stats.followups += 1;
        Ok(())
    };
    if rng.u8(..10) < 4 {
        let due = today + Duration::days(i64::from(rng.u8(0..=12)) - 5);
        let step = say(pick(rng, STEPS));
        followup(step, due, "next_step", "open", w)?;
    }
    if rng.u8(..10) == 0 {
        let (step, end) = (say(pick(rng, STEPS)), pick::<&str>(rng, &["done", "dropped"]));
        followup(step, today - Duration::days(20), "next_step", end, w)?;
    }
    if owed > 0 && rng.bool() {
        // Typed by the rep, so kept in the rep's words: generated payment
        // follow-ups (source `payment`) come from orders' due dates and are
        // rendered in the reader's language.
        followup(say(&words::COLLECT), today + Duration::days(i64::from(rng.u8(0..=10)) - 3), "manual", "open", w)?;
    }
    Ok(())
}

/// The seed `repbook demo` uses, so every demo archive is the same.
pub const SEED: u64 = 20_261_122;

const COMPETITORS: &[(&str, &str)] =
    &[("西门子", "S7 系列"), ("施耐德", "EasyPact"), ("ABB", "Tmax"), ("正泰", "NXM"), ("德力西", "CDM3")];

/// A customer's orders and payments over six months since it was added
/// (`made`); returns what it still owes.
fn trades(
    w: &mut Writer<'_>,
    (rng, days): (&mut fastrand::Rng, &mut Days),
    id: &str,
    made: NaiveDate,
    today: NaiveDate,
    stats: &mut DemoStats,
) -> Result<i64> {
    let mut owed = 0_i64;
    let mut last_order: Option<NaiveDate> = None;
    for k in 0..rng.usize(0..=4) {
        let drawn = (today - Duration::days(i64::from(rng.u16(1..=180)))).max(made);
        let amount = i64::from(rng.u32(5_000..500_000)) * 100;
        let kind = if k % 2 == 0 { "order" } else { "payment" };
        // A payment follows its order by two to six weeks and
        // mostly settles it; some pay part.
        let (date, amount) = match (kind, last_order) {
            ("payment", Some(ordered)) => {
                let paid = if days.rng.u8(..4) == 0 { amount.min(owed) } else { owed };
                // Not after today: one still to come is
                // paid on some day since the order.
                let on = ordered + days.back(14..=42);
                let since = (today - ordered).num_days().max(0);
                let on = if on > today { ordered + Duration::days(days.rng.i64(0..=since)) } else { on };
                (on, paid)
            }
            _ => (drawn, amount),
        };
        owed += if kind == "order" { amount } else { -amount };
        if kind == "order" {
            last_order = Some(last_order.map_or(date, |d| d.max(date)));
        }
        stats.trades += trade(w, days, id, kind, date, amount)?;
    }
    // An old order left unpaid was mostly paid late; some stay
    // overdue (the plan's collections, the payments picture).
    if let Some(ordered) = last_order
        && owed > 0
        && ordered + Duration::days(75) < today
        && days.rng.u8(..6) != 0
    {
        let paid_on = (ordered + days.back(45..=70)).min(today);
        stats.trades += trade(w, days, id, "payment", paid_on, owed)?;
        owed = 0;
    }
    Ok(owed)
}

/// Record an order (its payment due after 30 days, 60 for some) or a
/// payment of `customer` made on `date`; returns 1.
fn trade(
    w: &mut Writer<'_>,
    days: &mut Days,
    customer: &str,
    kind: &str,
    date: NaiveDate,
    amount: i64,
) -> Result<usize> {
    let mut values = vec![
        ("customer_id", text(customer)),
        ("kind", text(kind)),
        ("date", iso(date)),
        ("amount", Value::Int(amount)),
    ];
    if kind == "order" {
        let terms = if days.rng.u8(..4) == 0 { 60 } else { 30 };
        values.push(("due", iso(date + Duration::days(terms))));
    }
    w.insert_made_on(&TRADE, date, days.second(), &values)?;
    Ok(1)
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// Fill `store` with `customers` demo customers from `seed`.
pub fn generate(store: &mut Store, customers: usize, seed: u64) -> Result<DemoStats> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut days = Days { rng: fastrand::Rng::with_seed(seed ^ 0xda7e_u64.rotate_left(32)) };
    let mut history = cadence::History::new(seed);
    let mut prospects = opportunities::prospect_stream(seed);
    let today = store.clock().today();
    let mut stats = DemoStats::default();
    let mut ids: Vec<String> = Vec::new();
    let mut n = 0;
    while n < customers {
        let batch = (customers - n).min(1_000);
        store.write(|w| {
            for _ in 0..batch {
                let mut fields = customer_fields(&mut rng, n, customers > 200);
                let english = fields[0].1.as_text().is_some_and(str::is_ascii);
                // Most were added a year or two ago; about one in ten in
                // the last six weeks (the figures' new customers).
                let made = weekday_before(if days.rng.u8(..10) == 0 {
                    today - days.back(0..=42)
                } else {
                    today - days.back(120..=720)
                });
                // Every other customer assessed as a prospect as it was added.
                if customers <= ACTIVITY_UP_TO && n % 2 == 0 {
                    fields.extend(opportunities::prospect_values(&mut prospects, n / 2));
                }
                let id = w.insert_made_on(&CUSTOMER, made, days.second(), &fields)?;
                if customers <= ACTIVITY_UP_TO {
                    ids.push(id.clone());
                }
                stats.customers += 1;
                for _ in 0..rng.usize(1..=3) {
                    w.insert_made_on(&PERSON, made, days.second(), &person_fields(&mut rng, &id, english))?;
                    stats.people += 1;
                }
                if rng.bool() {
                    let (company, product) = *pick(&mut rng, COMPETITORS);
                    w.insert_made_on(
                        &COMPETITOR,
                        made,
                        days.second(),
                        &[
                            ("customer_id", text(&*id)),
                            ("product", text(product)),
                            ("company", text(company)),
                            ("satisfaction", Value::Int(i64::from(rng.u8(0..=4)))),
                            ("weak_points", text(say(pick(&mut rng, words::WEAK_POINTS)))),
                        ],
                    )?;
                    stats.competitors += 1;
                }
                let owed = trades(w, (&mut rng, &mut days), &id, made, today, &mut stats)?;
                if customers <= ACTIVITY_UP_TO {
                    let tier = crate::domain::classify::classify(
                        fields.iter().find(|(f, _)| *f == "purchase").and_then(|(_, v)| v.as_int()).map(|v| v as u8),
                        fields.iter().find(|(f, _)| *f == "potential").and_then(|(_, v)| v.as_int()).map(|v| v as u8),
                        fields
                            .iter()
                            .find(|(f, _)| *f == "tier_override")
                            .and_then(|(_, v)| v.as_text())
                            .and_then(crate::domain::classify::Tier::parse),
                    )
                    .tier;
                    let dealer =
                        fields.iter().any(|(f, v)| *f == "kind" && matches!(v.as_text(), Some("dealer" | "agent")));
                    let who = Subject { id: &id, class: tier.class(), dealer, owed, made };
                    activity(w, (&mut rng, &mut days), &who, today, &mut stats)?;
                    stats.visits += cadence::regular_contacts(w, &mut history, (&id, tier, made), today)?;
                }
                n += 1;
            }
            Ok(())
        })?;
    }
    stats.followups += history.followups;
    // The opportunities before the reviews: a closed week freezes the
    // funnel of its time, which they make.
    stats.opportunities = opportunities::generate(store, &ids, today, seed)?;
    // The follow-ups the dated facts call for (payments due, birthdays)
    // made with the demo, as the first start would: reading it writes none.
    stats.followups += store.generate_followups(today)?;
    if (1..=ACTIVITY_UP_TO).contains(&customers) {
        reviews::past_reviews(store, today)?;
    }
    Ok(stats)
}
