//! Hostile stored reviews (issue 10 §4): whatever a week review's fields
//! hold — text from another device, a frozen copy that is not JSON or is
//! JSON of the wrong shape, control characters — putting the review
//! together, printing it and drawing it never panics, and nothing drawn
//! holds a control character. Fixed seed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use repbook::domain::entity::Entity;
use repbook::domain::fields::Value;
use repbook::domain::review::{ReviewInput, assemble};
use repbook::domain::schema::{REVIEW_ACT, WEEK_REVIEW};
use std::collections::{BTreeMap, HashMap};

fn facts() -> repbook::domain::week_review::WeekFacts {
    let from = chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
    let names = HashMap::new();
    let input = repbook::domain::week_review::WeekInput {
        from,
        to,
        as_of: to,
        today: to,
        visits: &[],
        followups: &[],
        made: &HashMap::new(),
        customers: &[],
        names: &names,
    };
    repbook::domain::week_review::week_facts(input, repbook::domain::figures::Figures::default())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[\\x00-\\x1f\\x7f\\u{202e}a|#*]{0,30}",
        Just("{\"facts\":{\"week\":\"x\"},\"plan\":[]}".to_string()),
        Just("{\"facts\":null,\"plan\":7}".to_string()),
    ]
}

fn entity(table: &'static repbook::domain::schema::Table, values: BTreeMap<&'static str, Value>) -> Entity {
    Entity { table, id: "r".into(), alive: true, updated_ms: 0, values }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, rng_seed: RngSeed::Fixed(20_261_123), ..ProptestConfig::default() })]

    #[test]
    fn any_stored_review_is_shown_without_a_panic_or_a_control(
        goals in any_text(), worked in any_text(), frozen in any_text(), what in any_text(), closed in any::<bool>()
    ) {
        repbook::i18n::set_lang(repbook::i18n::Lang::En);
        let stored = entity(&WEEK_REVIEW, BTreeMap::from([
            ("week", Value::Text("2026-W53".into())),
            ("goals", Value::Text(goals)),
            ("worked", Value::Text(worked)),
            ("closed", Value::Bool(closed)),
            ("frozen", Value::Text(frozen)),
        ]));
        let act = entity(&REVIEW_ACT, BTreeMap::from([
            ("review_id", Value::Text("r".into())),
            ("change", Value::Text(what)),
            ("customer_id", Value::Text("c".into())),
        ]));
        let names = HashMap::from([("c".to_string(), "\u{1b}[31mEvil\u{7}".to_string())]);
        let acts = [act];
        let r = assemble(ReviewInput { stored: Some(&stored), acts: &acts, last_acts: &acts, facts: facts(), plan: vec![], names: &names });
        // No text here is a frozen copy: a closed week says so and shows
        // the live facts.
        prop_assert_eq!(r.frozen_unreadable, closed);
        prop_assert_eq!(r.facts.week.as_str(), "2026-W53");
        let text = repbook::interop::review_sheet::terminal(&r);
        let md = repbook::interop::review_sheet::markdown(&r);
        for out in [&text, &md] {
            prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "a control character in {out:?}");
        }
        // Every row of a table has as many cells as its header: no text
        // breaks out of its cell.
        let mut header: Option<usize> = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                header = None;
                continue;
            }
            let pipes = line.replace("\\|", "").matches('|').count();
            let expected = *header.get_or_insert(pipes);
            prop_assert_eq!(pipes, expected, "{}", line);
        }
    }
}
