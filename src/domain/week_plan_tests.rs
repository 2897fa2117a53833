//! Tests of the weekly plan's suggestions.

use super::*;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
}

fn cand(id: &str, tier: &str, visit_due: NaiveDate, call_due: NaiveDate) -> Candidate {
    Candidate {
        id: id.into(),
        name: id.to_uppercase(),
        tier: Tier::parse(tier).unwrap_or(Tier::C),
        visit_due,
        call_due,
        never_contacted: false,
    }
}

/// A follow-up record of `fields` (text values).
fn followup_of(id: &str, fields: &[(&'static str, &str)]) -> Entity {
    let values = fields.iter().map(|(k, v)| (*k, Value::Text((*v).into()))).collect();
    Entity { table: &crate::domain::schema::FOLLOWUP, id: id.into(), alive: true, updated_ms: 0, values }
}

#[test]
fn a_and_b_customers_due_by_the_weeks_end_are_suggested_once_each() {
    let monday = d(11, 23);
    let customers = [
        cand("a", "A1", d(11, 25), d(11, 24)),  // visit owed Wednesday (covers the call)
        cand("b", "B2", d(12, 20), d(11, 27)),  // only a call owed
        cand("c", "C1", d(11, 1), d(11, 1)),    // C: never by cadence
        cand("late", "A2", d(11, 2), d(11, 2)), // overdue: Monday
        cand("busy", "A1", d(11, 24), d(11, 24)),
    ];
    let unpaid = [
        Unpaid { id: String::new(), customer_id: "c".into(), ordered: d(10, 1), due: Some(d(11, 26)), amount: 12_000 },
        Unpaid { id: String::new(), customer_id: "b".into(), ordered: d(10, 1), due: Some(d(12, 26)), amount: 500 },
    ];
    let busy: BTreeSet<String> = ["busy".to_string()].into();
    let facts = Facts {
        customers: &customers,
        followups: &[],
        unpaid: &unpaid,
        busy: &busy,
        planned: &[],
        leads: &[],
        currency: "¥",
    };
    let s = suggestions(monday, d(11, 22), facts);
    let got: Vec<(usize, &str, NaiveDate, Slot, &str)> =
        s.iter().map(|s| (s.number, s.customer_id.as_str(), s.day, s.slot, s.kind)).collect();
    // Four over five working days: one a day, each on its own day.
    assert_eq!(
        got,
        vec![
            (1, "late", d(11, 23), Slot::Morning, "visit"),
            (2, "a", d(11, 25), Slot::Morning, "visit"),
            (3, "c", d(11, 26), Slot::Morning, "visit"),
            (4, "b", d(11, 27), Slot::Morning, "call"),
        ]
    );
    assert_eq!(s[0].reasons.len(), 1, "the visit owed covers the call");
    assert_eq!(s[2].purposes(), vec!["collect_payment"]);
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let s = suggestions(monday, d(11, 22), facts);
    assert_eq!(s[0].purpose, "Regular visit, class A, due since 11-02");
    assert_eq!(s[1].purpose, "Regular visit, class A, due 11-25");
    assert_eq!(
        (s[2].purpose.as_str(), s[2].resources.as_str()),
        ("Collect ¥120.00 falling due 11-26", "statement of account")
    );
    assert_eq!(s[3].purpose, "Regular call, class B, due 11-27");
    let before = d(11, 20).and_hms_opt(8, 0, 0).unwrap_or_default();
    let values = s[2].visit_values(d(11, 26), s[2].planned_time(d(11, 26), before, &[]));
    assert!(values.contains(&("time", Value::Text("09:30".into()))), "{values:?}");
    assert!(values.contains(&("goal", Value::Text("Collect ¥120.00 falling due 11-26".into()))));
    // In the week under way the days already gone are not suggested.
    let s = suggestions(monday, d(11, 26), facts);
    assert!(s.iter().all(|s| s.day >= d(11, 26)));
    // A week that is over has none.
    assert!(suggestions(monday, d(11, 30), facts).is_empty());
}

#[test]
fn overdue_customers_are_spread_over_the_working_days_not_all_on_monday() {
    let monday = d(11, 23);
    // Ten customers all overdue; two visits planned on Monday already.
    let customers: Vec<Candidate> = (0..10).map(|i| cand(&format!("c{i}"), "A1", d(11, 2), d(11, 2))).collect();
    let busy = BTreeSet::new();
    let planned = [d(11, 23), d(11, 23)];
    let facts = Facts {
        customers: &customers,
        followups: &[],
        unpaid: &[],
        busy: &busy,
        planned: &planned,
        leads: &[],
        currency: "¥",
    };
    let s = suggestions(monday, d(11, 22), facts);
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for x in &s {
        *per_day.entry(x.day).or_default() += 1;
    }
    // Twelve over five days: at most three a day, Monday's two planned
    // ones counted; nothing on the weekend.
    assert_eq!(per_day.values().copied().collect::<Vec<_>>(), vec![1, 3, 3, 3]);
    assert_eq!(per_day.keys().next(), Some(&d(11, 23)));
    assert!(s.iter().all(|x| x.day <= d(11, 27)));
    // Mornings and afternoons alternate on a day (Monday: two planned,
    // so its one suggestion is the third visit: a morning).
    let tuesday: Vec<Slot> = s.iter().filter(|x| x.day == d(11, 24)).map(|x| x.slot).collect();
    assert_eq!(tuesday, vec![Slot::Morning, Slot::Morning, Slot::Afternoon]);
    // Numbered by day then slot.
    assert!(s.windows(2).all(|w| (w[0].day, w[0].slot) <= (w[1].day, w[1].slot)));
    // Saturday: the weekend days are all there is left.
    let s = suggestions(monday, d(11, 28), facts);
    assert!(!s.is_empty() && s.iter().all(|x| x.day >= d(11, 28)));
}

#[test]
fn a_payment_follow_up_of_an_amount_falling_due_that_week_is_said_once() {
    use crate::domain::schema::FOLLOWUP;
    let monday = d(11, 23);
    let customers = [cand("c", "C1", d(12, 30), d(12, 30))];
    let unpaid = [Unpaid {
        id: String::new(),
        customer_id: "c".into(),
        ordered: d(10, 27),
        due: Some(d(11, 26)),
        amount: 12_000,
    }];
    let followup = |id: &str, source: &str, due: NaiveDate| Entity {
        table: &FOLLOWUP,
        id: id.into(),
        alive: true,
        updated_ms: 0,
        values: [
            ("customer_id", Value::Text("c".into())),
            ("what", Value::Text("催款".into())),
            ("due", Value::Text(due.format("%Y-%m-%d").to_string())),
            ("source", Value::Text(source.into())),
            ("status", Value::Text("open".into())),
        ]
        .into(),
    };
    // The generated one for that amount goes; an older one (overdue) and
    // the rep's own stay.
    let followups = [
        followup("f1", "payment", d(11, 26)),
        followup("f2", "payment", d(11, 10)),
        followup("f3", "manual", d(11, 26)),
    ];
    let busy = BTreeSet::new();
    let facts = Facts {
        customers: &customers,
        followups: &followups,
        unpaid: &unpaid,
        busy: &busy,
        planned: &[],
        leads: &[],
        currency: "¥",
    };
    let s = suggestions(monday, d(11, 22), facts);
    let ids: Vec<&str> = s[0]
        .reasons
        .iter()
        .map(|r| match r {
            Reason::Followup { id, .. } => id.as_str(),
            Reason::Payment { .. } => "amount",
            Reason::Cadence { .. } => "cadence",
        })
        .collect();
    assert_eq!(ids, ["f2", "f3", "amount"]);
}

#[test]
fn a_suggestion_accepted_for_today_gets_a_time_still_ahead_or_none() {
    let day = d(11, 26);
    let at = |h: u32, m: u32| day.and_hms_opt(h, m, 0).unwrap_or_default();
    let hm = |h: u32, m: u32| chrono::NaiveTime::from_hms_opt(h, m, 0);
    assert_eq!(time_for(Slot::Morning, day, at(8, 0)), hm(9, 30), "the slot's time, still ahead");
    assert_eq!(time_for(Slot::Morning, day, at(14, 17)), hm(15, 0), "09:30 is past at 14:17");
    assert_eq!(time_for(Slot::Afternoon, day, at(14, 30)), hm(15, 0));
    assert_eq!(time_for(Slot::Afternoon, day, at(14, 0)), hm(14, 30));
    assert_eq!(time_for(Slot::Morning, day, at(17, 0)), hm(17, 30));
    assert_eq!(time_for(Slot::Morning, day, at(17, 1)), None, "too late today: no time");
    assert_eq!(time_for(Slot::Morning, day, at(23, 59)), None);
    assert_eq!(time_for(Slot::Morning, d(11, 27), at(14, 17)), hm(9, 30), "another day keeps its slot");
    assert_eq!(Slot::of(hm(15, 0).unwrap_or_default()), Slot::Afternoon);
}

#[test]
fn kind_purpose_and_resources_follow_what_the_contact_is_for() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let monday = d(11, 23);
    let mut fresh = cand("new", "B1", d(12, 20), d(11, 24));
    fresh.never_contacted = true;
    let customers = [
        cand("b", "B2", d(12, 20), d(11, 27)),   // a call owed, an early opportunity
        cand("q", "A1", d(11, 25), d(12, 20)),   // a visit owed, a late opportunity
        cand("pay", "B1", d(12, 20), d(11, 24)), // a call owed and an amount to collect
        fresh,
        cand("plain", "A2", d(11, 24), d(12, 20)),
    ];
    let unpaid = [Unpaid {
        id: String::new(),
        customer_id: "pay".into(),
        ordered: d(10, 1),
        due: Some(d(11, 25)),
        amount: 5_000,
    }];
    let leads = [
        Lead { customer_id: "b".into(), what: "冷库".into(), late: false },
        Lead { customer_id: "q".into(), what: "Cold room".into(), late: true },
    ];
    let busy = BTreeSet::new();
    let facts = Facts {
        customers: &customers,
        followups: &[],
        unpaid: &unpaid,
        busy: &busy,
        planned: &[],
        leads: &leads,
        currency: "¥",
    };
    let s = suggestions(monday, d(11, 22), facts);
    let of = |id: &str| s.iter().find(|x| x.customer_id == id).cloned().unwrap_or_else(|| panic!("{id} suggested"));
    // A class B regular call is a call, and a call brings no samples.
    let b = of("b");
    assert_eq!((b.kind, b.purpose.as_str(), b.resources.as_str()), ("call", "Regular call, class B, due 11-27", ""));
    let q = of("q");
    assert_eq!((q.kind, q.resources.as_str()), ("visit", "a quote for Cold room"));
    assert_eq!(q.purposes(), ["keep_relationship"]);
    // Collecting an amount is a visit, for that, with the statement.
    let pay = of("pay");
    assert_eq!((pay.kind, pay.resources.as_str()), ("visit", "statement of account"));
    assert_eq!(pay.purposes(), ["collect_payment"], "not 'keep the relationship'");
    assert_eq!(of("new").resources, "", "a call to a new customer brings nothing");
    assert_eq!(of("plain").resources, "product brochure");
    // Samples early in the process for a visit; brochure and cards for a
    // customer never contacted; follow-up notes.
    let reasons = [Reason::Cadence { norm: NormKind::Visits, due_on: d(11, 24) }];
    assert_eq!(resources(&reasons, &[&leads[0]], false), "samples of 冷库");
    assert_eq!(resources(&reasons, &[], true), "product brochure and business cards");
    let f = Reason::Followup { id: "f".into(), what: "x".into(), due: d(11, 24), greeting: false };
    assert_eq!(resources(std::slice::from_ref(&f), &[], false), "notes on the open follow-up");
    assert_eq!(resources(&[f.clone(), f], &[], false), "notes on the 2 open follow-ups");
    crate::i18n::set_lang(crate::i18n::Lang::ZhCn);
    assert_eq!(resources(&reasons, &[&leads[0]], false), "冷库的样品");
    crate::i18n::set_lang(crate::i18n::Lang::En);
}

#[test]
fn an_overdue_amount_of_a_payment_follow_up_is_a_visit_with_the_statement_for_what_is_left() {
    let monday = d(11, 23);
    let customers = [cand("c", "C1", d(12, 30), d(12, 30)), cand("b", "B1", d(12, 30), d(11, 24))];
    // 8,000 of a 20,000 order due 11-10 paid: 12,000 left, overdue.
    let unpaid = [Unpaid {
        id: "o1".into(),
        customer_id: "c".into(),
        ordered: d(10, 1),
        due: Some(d(11, 10)),
        amount: 1_200_000,
    }];
    let f = followup_of(
        "f1",
        &[
            ("customer_id", "c"),
            ("what", "payment"),
            ("due", "2026-11-10"),
            ("source", "payment"),
            ("status", "open"),
            ("ref", "trade:o1:2026-11-10"),
        ],
    );
    // A customer owed a call has its payment follow-up too: a visit then.
    let mut g = f.clone();
    g.id = "f2".into();
    g.values.insert("customer_id", Value::Text("b".into()));
    let unpaid_b = Unpaid { id: "o2".into(), customer_id: "b".into(), ..unpaid[0].clone() };
    g.values.insert("ref", Value::Text("trade:o2:2026-11-10".into()));
    let unpaid = [unpaid[0].clone(), unpaid_b];
    let followups = [f, g];
    let busy = BTreeSet::new();
    let facts = Facts {
        customers: &customers,
        followups: &followups,
        unpaid: &unpaid,
        busy: &busy,
        planned: &[],
        leads: &[],
        currency: "¥",
    };
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let s = suggestions(monday, d(11, 22), facts);
    assert_eq!(s.len(), 2);
    for s in &s {
        assert_eq!(s.kind, "visit", "{s:?}");
        assert!(s.resources.contains("statement of account"), "{s:?}");
        assert!(s.purpose.contains("Collect ¥12,000.00 overdue since 11-10"), "{s:?}");
        assert_eq!(s.purposes(), vec!["collect_payment"]);
    }
}

#[test]
fn a_birthday_is_a_call_on_its_day_and_a_purpose_is_said_once() {
    let monday = d(11, 23);
    let customers: Vec<Candidate> = (0..8)
        .map(|i| cand(&format!("c{i}"), "A1", d(11, 23), d(11, 23)))
        .chain([cand("b", "C1", d(12, 30), d(12, 30))])
        .collect();
    let fu = |id: &str, customer: &str, what: &str, source: &str, due: &str| {
        followup_of(
            id,
            &[("customer_id", customer), ("what", what), ("due", due), ("source", source), ("status", "open")],
        )
    };
    let followups = [
        fu("g", "b", "生日：王伟", "birthday", "2026-11-23"),
        fu("x", "c0", "寄报价单", "manual", "2026-11-23"),
        fu("y", "c0", "寄报价单", "next_step", "2026-11-24"),
    ];
    let busy = BTreeSet::new();
    let facts = Facts {
        customers: &customers,
        followups: &followups,
        unpaid: &[],
        busy: &busy,
        planned: &[],
        leads: &[],
        currency: "¥",
    };
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let s = suggestions(monday, d(11, 22), facts);
    // Eight A customers owed a visit Monday fill the days; the birthday
    // stays on Monday, a call.
    let b = s.iter().find(|s| s.customer_id == "b").unwrap_or_else(|| panic!("{s:?}"));
    assert_eq!((b.day, b.kind), (d(11, 23), "call"));
    let c0 = s.iter().find(|s| s.customer_id == "c0").unwrap_or_else(|| panic!("{s:?}"));
    assert_eq!(c0.purpose.matches("寄报价单").count(), 1, "{}", c0.purpose);
}
