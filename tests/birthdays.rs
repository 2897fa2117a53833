//! A birthday follow-up follows its person (issue 9 §1.5, review): made as
//! the birthday is saved, dropped with a reason when the birthday moves to
//! another day, is cleared or the person is deleted — so a customer is
//! never held back from deletion by a greeting for someone gone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod support;

use support::Env;

fn open_birthdays(env: &Env) -> Vec<(String, String)> {
    let list = env.json(&["followup", "list"]);
    list.as_array()
        .unwrap()
        .iter()
        .filter(|f| f["source"] == "birthday")
        .map(|f| (f["due"].as_str().unwrap().to_string(), f["what"].as_str().unwrap().to_string()))
        .collect()
}

fn in_days(n: i64) -> chrono::NaiveDate {
    chrono::Local::now().date_naive() + chrono::Duration::days(n)
}

#[test]
fn a_birthday_followup_follows_its_person() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "厦门永兴物流"]);
    let day = |n: i64| in_days(n).format("%m-%d").to_string();
    let p = env.id(&["person", "add", &c, "生日人", "--birthday", &day(2)]);
    assert_eq!(open_birthdays(&env).len(), 1, "made as the person is saved");
    // An edit of another field keeps it.
    env.ok(&["person", "edit", &p, "--title", "经理"]);
    assert_eq!(open_birthdays(&env).len(), 1);
    // Moved: the old one is dropped, the new day's is made.
    env.ok(&["person", "edit", &p, "--birthday", &day(4)]);
    let open = open_birthdays(&env);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].0, in_days(4).format("%Y-%m-%d").to_string());
    let all = env.json(&["followup", "list", "--all"]);
    let dropped: Vec<_> =
        all.as_array().unwrap().iter().filter(|f| f["source"] == "birthday" && f["status"] == "dropped").collect();
    assert_eq!(dropped.len(), 1, "{all}");
    assert!(dropped[0]["reason"].as_str().unwrap().contains("another day"), "{all}");
    // Cleared: dropped too.
    env.ok(&["person", "edit", &p, "--birthday", ""]);
    assert!(open_birthdays(&env).is_empty());
    // Deleted: dropped, and the customer can go.
    let q = env.id(&["person", "add", &c, "另一人", "--birthday", &day(1)]);
    assert_eq!(open_birthdays(&env).len(), 1);
    env.ok(&["person", "rm", &q]);
    assert!(open_birthdays(&env).is_empty());
    env.ok(&["customer", "rm", &c]);
}

#[test]
fn undoing_a_person_delete_brings_the_birthday_followup_back() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "厦门永兴物流"]);
    let p = env.id(&["person", "add", &c, "生日人", "--birthday", &in_days(3).format("%m-%d").to_string()]);
    env.ok(&["person", "rm", &p]);
    assert!(open_birthdays(&env).is_empty());
    env.ok(&["undo"]);
    assert_eq!(open_birthdays(&env).len(), 1, "the drop was part of the delete");
}
