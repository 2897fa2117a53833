//! The CLI in the user's language (issue 9 §3.1): clap's own errors and
//! help in Chinese, choices accepted by their label in either language;
//! and dates typed as phrases echoed with the date they resolved to.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod support;

use support::Env;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[test]
fn a_date_typed_as_a_phrase_is_echoed_with_its_date() {
    let env = Env::new();
    let c = env.id(&["customer", "add", "厦门永兴物流"]);
    let out = env.ok(&["followup", "add", &c, "call back", "--due", "tomorrow"]);
    let tomorrow = today().succ_opt().unwrap().format("%Y-%m-%d").to_string();
    assert!(out.contains(&format!("tomorrow → {tomorrow}")), "{out}");
    // An ISO date is not repeated.
    let out = env.ok(&["followup", "add", &c, "mail", "--due", "2030-01-02"]);
    assert!(!out.contains('→'), "{out}");
}
