//! Tests of a week's facts: Do and Check from hand-built visits and follow-ups.

use super::*;
use crate::domain::cadence::{Norm, Rate};
use crate::domain::fields::Value;
use crate::domain::schema::{FOLLOWUP, Table, VISIT};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// A record made on `made` (its UUIDv7 id says so).
fn record(table: &'static Table, made: NaiveDate, fields: &[(&'static str, &str)]) -> Entity {
    let secs = made.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc().timestamp();
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, u64::try_from(secs).unwrap_or(0), 0);
    Entity {
        table,
        id: uuid::Uuid::new_v7(ts).to_string(),
        alive: true,
        updated_ms: 0,
        values: fields.iter().map(|(f, v)| (*f, Value::Text((*v).to_string()))).collect(),
    }
}

fn standing(id: &str, tier: &str, last: Option<NaiveDate>, as_of: NaiveDate) -> Standings {
    let norm = Norm { calls: Rate { count: 1, period_days: 7 }, visits: Rate { count: 1, period_days: 14 } };
    Standings {
        id: id.into(),
        name: id.to_uppercase(),
        tier: Tier::parse(tier).unwrap_or(Tier::C),
        standing: Standing::new(last, None, norm, d(2026, 1, 1), as_of),
    }
}

#[test]
fn iso_week_53_across_the_new_year() {
    let (from, to) = (d(2026, 12, 28), d(2027, 1, 3));
    let visit = |made, fields: &[(&'static str, &str)]| record(&VISIT, made, fields);
    let visits = [
        // Planned on the 20th, held on the 29th, goal met, logged the same day.
        visit(
            d(2026, 12, 20),
            &[
                ("customer_id", "a"),
                ("kind", "visit"),
                ("status", "done"),
                ("date", "2026-12-29"),
                ("outcome", "met"),
                ("logged_on", "2026-12-29"),
            ],
        ),
        // A call entered as held on its own day, logged after the next working day.
        visit(
            d(2026, 12, 31),
            &[
                ("customer_id", "b"),
                ("kind", "call"),
                ("status", "done"),
                ("date", "2026-12-31"),
                ("outcome", "partly"),
                ("logged_on", "2027-01-05"),
            ],
        ),
        visit(
            d(2026, 12, 20),
            &[("customer_id", "a2"), ("kind", "visit"), ("status", "planned"), ("date", "2027-01-02")],
        ),
        visit(
            d(2026, 12, 20),
            &[("customer_id", "b"), ("kind", "visit"), ("status", "cancelled"), ("date", "2026-12-30")],
        ),
        // Outside the week.
        visit(
            d(2026, 12, 20),
            &[("customer_id", "a2"), ("kind", "visit"), ("status", "done"), ("date", "2026-12-27"), ("outcome", "met")],
        ),
    ];
    let fu = |made, fields: &[(&'static str, &str)]| record(&FOLLOWUP, made, fields);
    let followups = [
        fu(d(2026, 12, 29), &[("due", "2026-12-30"), ("status", "open")]),
        fu(d(2026, 12, 1), &[("due", "2026-12-20"), ("status", "done"), ("done_on", "2026-12-31")]),
        fu(d(2026, 12, 1), &[("due", "2027-01-10"), ("status", "open")]),
        fu(d(2026, 12, 1), &[("due", "2026-12-30"), ("status", "done"), ("done_on", "2027-01-05")]),
        fu(d(2026, 12, 1), &[("due", "2026-12-30"), ("status", "dropped")]),
    ];
    let customers = [
        standing("a", "A1", Some(d(2026, 12, 29)), to),
        standing("a2", "A2", Some(d(2026, 12, 27)), to),
        standing("b", "B1", Some(d(2026, 11, 1)), to),
        standing("c", "C", Some(d(2027, 1, 2)), to),
    ];
    let names = HashMap::from([("b".to_string(), "B".to_string())]);
    let input = WeekInput {
        from,
        to,
        as_of: to,
        today: to + chrono::Duration::days(1),
        visits: &visits,
        followups: &followups,
        made: &HashMap::new(),
        customers: &customers,
        names: &names,
    };
    let f = week_facts(input, Figures::default());
    assert_eq!(f.week, "2026-W53");
    assert_eq!((f.planned, f.planned_held), (3, 1), "the call entered on its day was not planned");
    assert_eq!((f.visits_held, f.calls_held), (1, 1));
    assert_eq!((f.goals_met, f.goals_partly, f.goals_not_met, f.goals_unlogged), (1, 1, 0, 0));
    assert_eq!((f.followups_made, f.followups_closed, f.followups_overdue), (1, 1, 2));
    assert_eq!(f.late_logs.iter().map(|v| (v.customer.as_str(), v.date)).collect::<Vec<_>>(), [("B", d(2026, 12, 31))]);
    assert_eq!(
        f.not_held.iter().map(|v| (v.customer_id.as_str(), v.status.as_str())).collect::<Vec<_>>(),
        [("b", "cancelled"), ("a2", "planned")]
    );
    let met: Vec<(Class, u32, u32)> = f.compliance.iter().map(|c| (c.class, c.met, c.customers)).collect();
    // a and a2 were seen within their 14 days, but the 7-day call norm of
    // a2 (last contact the 27th) is due on the 3rd: not met.
    assert_eq!(met, [(Class::A, 1, 2), (Class::B, 0, 1), (Class::C, 1, 1)]);
    assert_eq!(f.a_without_contact, [("a2".to_string(), "A2".to_string())]);
    // The week under way: facts as of Wednesday.
    let input = WeekInput { as_of: d(2026, 12, 30), today: d(2026, 12, 30), ..input };
    let f = week_facts(input, Figures::default());
    assert_eq!(f.not_held.len(), 1, "Saturday's plan has not come yet");
    assert_eq!(f.followups_overdue, 3, "the one done on the 5th and the one done on the 31st were open");
    // On Saturday itself its plan is still to come: planned, not "not held".
    let saturday = d(2027, 1, 2);
    let f = week_facts(WeekInput { as_of: saturday, today: saturday, ..input }, Figures::default());
    assert_eq!((f.planned, f.not_held.len()), (3, 1), "{:?}", f.not_held);
    assert_eq!(f.not_held[0].status, "cancelled");
}

#[test]
fn a_week_with_no_data() {
    let (from, to) = (d(2026, 11, 23), d(2026, 11, 29));
    let names = HashMap::new();
    let input = WeekInput {
        from,
        to,
        as_of: to,
        today: to + chrono::Duration::days(1),
        visits: &[],
        followups: &[],
        made: &HashMap::new(),
        customers: &[],
        names: &names,
    };
    let f = week_facts(input, Figures::default());
    assert_eq!((f.planned, f.visits_held, f.calls_held, f.followups_overdue), (0, 0, 0, 0));
    assert!(f.compliance.iter().all(|c| c.customers == 0 && c.percent().is_none()));
    assert!(f.not_held.is_empty() && f.late_logs.is_empty() && f.a_without_contact.is_empty());
}

/// On the Monday of the week under way, a customer owed a contact within
/// its window has not missed its norm: it is still due, left out of the
/// share; once the week is over it is judged.
#[test]
fn a_customer_still_inside_its_window_is_not_a_miss_while_the_week_runs() {
    let (from, to) = (d(2026, 11, 23), d(2026, 11, 29));
    let monday = from;
    let names = HashMap::new();
    // Calls every 7 days, due within a day: last contact on Monday the
    // 16th is owed today (still due); on the 22nd, fine; on the 1st, lapsed.
    let customers = [
        standing("a", "A1", Some(d(2026, 11, 16)), monday),
        standing("a2", "A2", Some(d(2026, 11, 22)), monday),
        standing("a3", "A2", Some(d(2026, 11, 1)), monday),
    ];
    let input = WeekInput {
        from,
        to,
        as_of: monday,
        today: monday,
        visits: &[],
        followups: &[],
        made: &HashMap::new(),
        customers: &customers,
        names: &names,
    };
    let f = week_facts(input, Figures::default());
    let a = &f.compliance[0];
    assert_eq!((a.customers, a.met, a.pending, a.judged()), (3, 1, 1, 2));
    assert_eq!(a.percent(), Some(50), "one met of the two judged, not one of three");
    // Judged after the week: the one owed is a miss.
    let f = week_facts(WeekInput { as_of: monday, today: to + chrono::Duration::days(1), ..input }, Figures::default());
    assert_eq!((f.compliance[0].met, f.compliance[0].pending, f.compliance[0].percent()), (1, 0, Some(33)));
}
