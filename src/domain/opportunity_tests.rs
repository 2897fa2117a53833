//! Unit tests of the opportunity rules.

use super::*;
use crate::i18n::{Lang, set_lang};

#[test]
fn the_shipped_stages_read_in_both_languages_and_by_number() {
    set_lang(Lang::En);
    let s = Stages::default();
    assert_eq!(s.names().len(), 5);
    assert_eq!(s.first(), "no_interest");
    assert_eq!(s.parse("strong interest").unwrap(), "strong_interest");
    assert_eq!(s.parse("兴趣浓厚").unwrap(), "strong_interest");
    assert_eq!(s.parse("4").unwrap(), "conviction");
    assert_eq!(s.next("conviction"), Some("commitment"));
    assert_eq!(s.next("commitment"), None);
    assert!(s.parse("9").is_err());
    assert!(s.parse("pirate").unwrap_err().to_string().contains("1 no interest"));
}

#[test]
fn configured_stages_are_the_reps_own_words_and_checked() {
    let s = Stages::new(&["线索".into(), "方案报价".into(), "谈判".into()]).unwrap();
    assert_eq!(s.parse("方案报价").unwrap(), "方案报价");
    assert_eq!(s.parse("3").unwrap(), "谈判");
    assert_eq!(Stages::label("方案报价"), "方案报价");
    assert!(s.parse("strong interest").is_err(), "not a configured stage");
    assert!(Stages::new(&["a".into(), "A".into()]).is_err());
    assert!(Stages::new(&["a".into(), " ".into()]).is_err());
    assert!(
        Stages::new(&vec!["x".to_string(); 13].iter().enumerate().map(|(i, _)| i.to_string()).collect::<Vec<_>>())
            .is_err()
    );
    assert_eq!(Stages::new(&[]).unwrap(), Stages::default());
}

fn opp(state: &str, reason: Option<&str>, closed: Option<&str>) -> crate::domain::entity::Entity {
    let mut values = std::collections::BTreeMap::new();
    values.insert("need", Value::Text("需求".into()));
    values.insert("state", Value::Text(state.into()));
    if let Some(r) = reason {
        values.insert("reason", Value::Text(r.into()));
    }
    if let Some(c) = closed {
        values.insert("closed_on", Value::Text(c.into()));
    }
    crate::domain::entity::Entity { table: &OPPORTUNITY, id: "x".into(), alive: true, updated_ms: 0, values }
}

#[test]
fn closing_dates_it_and_a_loss_needs_a_reason() {
    set_lang(Lang::En);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let open = opp("open", None, None);
    let mut won = vec![("state", Value::Text("won".into()))];
    settle(Some(&open), &mut won, today).unwrap();
    assert!(won.contains(&("closed_on", Value::Text("2026-11-23".into()))));
    let mut lost = vec![("state", Value::Text("lost".into()))];
    assert!(settle(Some(&open), &mut lost, today).is_err(), "no reason");
    let mut lost = vec![("state", Value::Text("lost".into())), ("reason", Value::Text("价格".into()))];
    settle(Some(&open), &mut lost, today).unwrap();
    let mut again = vec![("state", Value::Text("open".into()))];
    settle(Some(&opp("won", None, Some("2026-11-01"))), &mut again, today).unwrap();
    assert!(again.contains(&("closed_on", Value::Null)), "opened again: no closing day");
    let mut emptied = vec![("reason", Value::Null)];
    assert!(settle(Some(&opp("lost", Some("价格"), Some("2026-11-01"))), &mut emptied, today).is_err());
}

#[test]
fn overdue_is_open_and_past_its_date() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut e = opp("open", None, None);
    assert!(!is_overdue(&e, today), "no date");
    e.values.insert("decision_date", Value::Text("2026-11-22".into()));
    assert!(is_overdue(&e, today));
    e.values.insert("decision_date", Value::Text("2026-11-23".into()));
    assert!(!is_overdue(&e, today), "today is not past");
    e.values.insert("decision_date", Value::Text("2026-11-01".into()));
    e.values.insert("state", Value::Text("won".into()));
    assert!(!is_overdue(&e, today), "closed");
}

#[test]
fn an_opportunity_is_named_by_id_prefix_or_need() {
    let mut a = opp("open", None, None);
    a.id = "0193aaaa-0000-7000-8000-000000000001".into();
    let mut b = opp("open", None, None);
    b.id = "0193bbbb-0000-7000-8000-000000000002".into();
    b.values.insert("need", Value::Text("Cold room".into()));
    let all = [a, b];
    assert_eq!(resolve(&all, "0193bbbb").unwrap().id, all[1].id);
    assert_eq!(resolve(&all, "cold ROOM").unwrap().id, all[1].id);
    assert_eq!(resolve(&all, "需求").unwrap().id, all[0].id);
    assert!(resolve(&all, "0193").is_err(), "too short to be an id");
    assert!(resolve(&all, "nothing").is_err());
}
