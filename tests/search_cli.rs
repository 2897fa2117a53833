//! `repbook search` says why each customer matched (issue 13): the field,
//! when it is not the name, with its text; `--json` gives the field, text
//! and matched characters. An erased person leaves no trace in search.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod support;

use support::Env;

fn archive() -> (Env, String, String) {
    let env = Env::new();
    let c = env.id(&["customer", "add", "东方贸易"]);
    env.ok(&["customer", "add", "刘家港五金"]);
    let p = env.id(&["person", "add", &c, "刘建国", "--phone", "136-1568-4095"]);
    env.ok(&["followup", "add", &c, "催收货款", "--due", "tomorrow"]);
    (env, c, p)
}

#[test]
fn the_field_that_matched_is_named_with_its_text() {
    let (env, _, _) = archive();
    let out = env.ok(&["search", "4095"]);
    assert!(out.contains("东方贸易") && out.contains("· phone 136-1568-4095"), "{out}");
    let out = env.ok(&["search", "催收货款"]);
    assert!(out.contains("东方贸易") && out.contains("· notes 催收货款"), "{out}");
    // A match in the name needs no explanation.
    let out = env.ok(&["search", "dfmy"]);
    assert!(out.contains("东方贸易") && !out.contains('·'), "{out}");
}

#[test]
fn json_gives_field_text_and_matched_characters() {
    let (env, c, _) = archive();
    let hits = env.json(&["search", "4095"]);
    assert_eq!(hits[0]["id"], c.as_str());
    assert_eq!(hits[0]["matched"][0]["field"], "phone");
    assert_eq!(hits[0]["matched"][0]["text"], "136-1568-4095");
    assert_eq!(hits[0]["matched"][0]["chars"], serde_json::json!([9, 10, 11, 12]));
    // A name that starts with the query first, then the key person's
    // initials in full.
    let hits = env.json(&["search", "ljg"]);
    assert_eq!(hits[0]["name"], "刘家港五金");
    assert_eq!(hits[1]["id"], c.as_str(), "{hits}");
    assert_eq!(hits[1]["matched"][0]["field"], "person");
}

#[test]
fn an_erased_person_is_found_no_more() {
    let (env, c, p) = archive();
    env.ok(&["person", "erase", &p, "--yes"]);
    let hits = env.json(&["search", "liujianguo"]);
    assert!(hits.as_array().unwrap().iter().all(|h| h["id"] != c.as_str()), "{hits}");
    assert!(env.json(&["search", "4095"]).as_array().unwrap().is_empty());
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM search_key WHERE display LIKE '%刘建国%' OR display LIKE '%4095%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the search record keeps nothing of the erased person");
}
