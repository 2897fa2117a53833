//! Ids as lists show them (issue 9 §2.6): any unique beginning of the 8
//! characters a list shows resolves, everywhere an id is taken; an
//! ambiguous one is refused with its candidates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use repbook::Error;
use repbook::domain::schema::CUSTOMER;

fn short(id: &str) -> &str {
    &id[id.len() - 8..]
}

#[test]
fn any_unique_beginning_of_the_short_id_resolves() {
    let mut store = common::memory();
    // 20 customers: two of them share the first character of their short id.
    let ids: Vec<String> = (0..20).map(|i| common::customer(&mut store, &format!("客户{i}"), "厦门")).collect();
    for id in &ids {
        for n in 1..=8 {
            let part = &short(id)[..n];
            // Every reading counts: from four characters a part may also be
            // the beginning or end of another full id (random ids do that
            // now and then), and then it is rightly ambiguous.
            let sharing = ids
                .iter()
                .filter(|o| short(o).starts_with(part) || (n >= 4 && (o.starts_with(part) || o.ends_with(part))))
                .count();
            if sharing == 1 {
                assert_eq!(store.resolve(&CUSTOMER, part).unwrap(), *id, "{part}");
                assert_eq!(store.resolve(&CUSTOMER, &part.to_uppercase()).unwrap(), *id, "{part} in capitals");
            }
        }
        // The full id, and its end (as before), still resolve.
        assert_eq!(store.resolve(&CUSTOMER, id).unwrap(), *id);
        assert_eq!(store.resolve(&CUSTOMER, &id[id.len() - 12..]).unwrap(), *id);
    }
    let (a, b) = ids
        .iter()
        .enumerate()
        .find_map(|(i, a)| ids[i + 1..].iter().find(|b| short(b)[..1] == short(a)[..1]).map(|b| (a, b)))
        .expect("20 ids over 16 first characters");
    match store.resolve(&CUSTOMER, &short(a)[..1]) {
        Err(Error::Ambiguous { candidates, .. }) => {
            let all = candidates.join(" ");
            assert!(all.contains(short(a)) && all.contains(short(b)), "{all}");
            assert!(all.contains("客户"), "with their names: {all}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(store.resolve(&CUSTOMER, "xyz"), Err(Error::NotFound { .. })));
    assert!(matches!(store.resolve(&CUSTOMER, ""), Err(Error::NotFound { .. })));
}

#[path = "support/cli.rs"]
mod support;

#[test]
fn the_cli_takes_the_beginning_of_a_listed_id() {
    let env = support::Env::new();
    let id = env.id(&["customer", "add", "厦门永兴物流"]);
    let other = env.id(&["customer", "add", "福州海峡贸易"]);
    // The shortest beginning that tells them apart, as a rep would type it.
    let n = (1..=8).find(|&n| short(&id)[..n] != short(&other)[..n]).unwrap();
    let part = &short(&id)[..n.clamp(4, 8)];
    let shown = env.json(&["customer", "show", part]);
    assert_eq!(shown["id"], id.as_str(), "{shown}");
    env.ok(&["customer", "edit", part, "--city", "厦门"]);
    env.ok(&["customer", "rm", part]);
    env.ok(&["customer", "restore", part]);
}

/// A record's id carries its day by the store's clock, not the machine's:
/// the rules that ask when a customer was added (owed from the day it was
/// added, qualified in the period) read it there. Ids made one after
/// another sort in the order they were made, the clock standing still.
#[test]
fn new_ids_are_dated_by_the_stores_clock_and_sorted_as_made() {
    let mut store = common::memory();
    let ids: Vec<String> = (0..50).map(|i| common::customer(&mut store, &format!("客户{i}"), "厦门")).collect();
    for id in &ids {
        assert_eq!(repbook::domain::entity::created_on(id), Some(store.clock().today()), "{id}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ids);
}
