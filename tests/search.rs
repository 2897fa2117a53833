//! Pinyin-aware search over the store's keys (DESIGN.md §3).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, memory, text};
use repbook::domain::schema::PERSON;
use repbook::search::Index;

fn top(index: &mut Index, q: &str) -> Vec<String> {
    let hits = index.search(q);
    hits.iter().map(|h| index.display(*h)).collect()
}

fn archive() -> Index {
    let mut store = memory();
    for (name, city) in [
        ("重庆恒达机电有限公司", "重庆"),
        ("长沙华大电子", "长沙"),
        ("厦门永兴物流", "厦门"),
        ("北京华大科技", "北京"),
        ("Harbor Electric Supply", "Singapore"),
        ("Summit Medical", "Hong Kong"),
    ] {
        customer(&mut store, name, city);
    }
    let beijing = store.search_entries().unwrap().into_iter().find(|e| e.display.starts_with("北京")).unwrap().id;
    store.write(|w| w.insert(&PERSON, &[("customer_id", text(&beijing)), ("name", text("曾国强"))])).unwrap();
    Index::load(&store).unwrap()
}

#[test]
fn polyphonic_place_names_are_found_by_initials_and_full_pinyin() {
    let mut index = archive();
    for (q, want) in [
        ("cq", "重庆"),
        ("chongqing", "重庆"),
        ("cqhd", "重庆"),
        ("cs", "长沙"),
        ("changsha", "长沙"),
        ("xm", "厦门"),
        ("xiamen", "厦门"),
        ("bjhd", "北京华大"),
    ] {
        let hits = top(&mut index, q);
        assert!(hits.first().is_some_and(|h| h.starts_with(want)), "{q}: {hits:?}");
    }
    // Every reading matches; the override table only decides the rank.
    assert!(top(&mut index, "zhongqing").first().is_some_and(|h| h.starts_with("重庆")));
}

#[test]
fn ascii_names_match_by_subsequence_and_chinese_by_text() {
    let mut index = archive();
    assert!(top(&mut index, "hbr").first().unwrap().starts_with("Harbor"));
    assert!(top(&mut index, "summed").first().unwrap().starts_with("Summit"));
    assert!(top(&mut index, "HARBOR").first().unwrap().starts_with("Harbor"), "case does not matter");
    assert!(top(&mut index, "重庆").first().unwrap().starts_with("重庆"));
    let huada = top(&mut index, "华大");
    assert_eq!(huada.len(), 2, "{huada:?}");
    assert!(top(&mut index, "q9").is_empty());
}

#[test]
fn key_people_and_their_surnames_find_the_customer() {
    let mut index = archive();
    assert!(top(&mut index, "zgq").first().unwrap().starts_with("北京华大"), "曾 as a surname reads zeng");
    assert!(top(&mut index, "zengguoqiang").first().unwrap().starts_with("北京华大"));
}

#[test]
fn narrowing_and_backspace_give_the_same_hits_as_a_fresh_search() {
    let mut typed = archive();
    let mut fresh = archive();
    for q in ["c", "ch", "cha", "chan", "chang", "cha", "c", "x", "xm"] {
        assert_eq!(
            typed.search(q),
            {
                fresh.clear_cache();
                fresh.search(q)
            },
            "{q}"
        );
    }
    assert_eq!(typed.search("").len(), 6, "an empty query lists everyone");
}

#[test]
fn records_of_an_older_archive_are_rewritten_by_the_migration() {
    use repbook::store::MIGRATIONS;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        // The schema before search records (the step that brings them is
        // the one that rewrites `search_key`).
        let before = MIGRATIONS.iter().position(|m| m.contains("UPDATE search_key SET key")).unwrap();
        for step in &MIGRATIONS[..before] {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(step).unwrap();
            tx.commit().unwrap();
        }
        conn.pragma_update(None, "user_version", before as i64).unwrap();
        conn.execute_batch(
            "INSERT INTO customer (id, updated_ms, name, city, phone) VALUES ('c-old', 0, '乐亭宏达', '唐山', '0315-4621234');
             INSERT INTO person (id, updated_ms, customer_id, name) VALUES ('p-old', 0, 'c-old', '刘建国');
             INSERT INTO search_key (customer_id, name, key, display)
                 VALUES ('c-old', '乐亭宏达', 'letinghongda lthd\tts', '乐亭宏达 唐山 刘建国');",
        )
        .unwrap();
    }
    let store = common::open(&path);
    let mut index = Index::load(&store).unwrap();
    for q in ["laoting", "lthd", "ljg", "唐山", "1234"] {
        assert_eq!(top(&mut index, q).len(), 1, "{q}");
    }
    assert_eq!(top(&mut index, "lthd")[0], "乐亭宏达 刘建国 唐山 0315-4621234");
}

/// The customers owed a payment (an open follow-up generated from an
/// order, shown as "Collect payment …" / "催收货款 …").
fn owing(db: &std::path::Path) -> std::collections::BTreeSet<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT customer_id FROM followup
             WHERE source = 'payment' AND what = 'payment' AND status = 'open' AND cl % 2 = 1",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn a_generated_follow_up_is_found_by_the_words_it_is_shown_with() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let mut store = common::open(&db);
    repbook::demo::generate(&mut store, 12, repbook::demo::SEED).unwrap();
    let owed = owing(&db);
    assert!(!owed.is_empty(), "the demo has orders not yet paid");
    let found = |store: &repbook::store::Store, q: &str| -> std::collections::BTreeSet<String> {
        repbook::search::find(store, q, 100).unwrap().into_iter().map(|r| r.0).collect()
    };
    for q in ["催收货款", "催收", "collect payment"] {
        assert!(found(&store, q).is_superset(&owed), "{q}");
    }
    // An archive whose records were made before they held those words
    // (and the mark that they do is gone): made again when it is opened.
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE search_key SET display = replace(display, '催收货款', '');
         DELETE FROM meta WHERE key = 'search_shown_words';",
    )
    .unwrap();
    drop(conn);
    let store = common::open(&db);
    assert!(found(&store, "催收货款").is_superset(&owed));
}

#[test]
fn an_accent_typed_as_a_mark_of_its_own_finds_the_letter_written_with_it() {
    let mut store = memory();
    // Stored composed, however it was typed.
    customer(&mut store, "Cafe\u{301} Zoe\u{308} Bistro", "Lyon");
    customer(&mut store, "Cafe Central", "Wien");
    let mut index = Index::load(&store).unwrap();
    for q in ["café", "cafe\u{301}", "zoe\u{308}", "Cafe\u{301} Zoë"] {
        assert_eq!(top(&mut index, q).len(), 1, "{q:?}");
        assert!(top(&mut index, q)[0].starts_with("Café Zoë"), "{q:?}");
        let page = index.page(q, 5);
        assert_eq!(page.len(), 1, "{q:?} as the interface asks");
    }
    // A control in a query is left out, as in every text stored.
    assert_eq!(top(&mut index, "caf\u{7}é").len(), 1);
    // Typed a key at a time, the accent last: `cafe` matched only the
    // other café, and the next keystroke does not narrow from it.
    index.clear_cache();
    assert_eq!(index.page("cafe", 5).len(), 1);
    assert_eq!(index.count("cafe"), 1);
    assert!(top(&mut index, "cafe\u{301}")[0].starts_with("Café Zoë"));
    index.clear_cache();
    assert_eq!(index.page("cafe", 5).len(), 1);
    let page = index.page("cafe\u{301}", 5);
    assert_eq!(index.display(page[0]).split(' ').next(), Some("Café"));
}

/// A query of nothing but control characters or spaces is the empty query
/// (everyone, in name order) on every path, and a page of pasted words
/// counts only its first words: no search grows with what was pasted.
#[test]
fn a_query_without_words_is_the_empty_query_and_a_paste_counts_its_first_words() {
    let mut store = memory();
    // Tie order (class first) is not name order here.
    for (name, tier) in [("阿里物流", "C"), ("重庆恒达机电有限公司", "B1"), ("Zeta Tools", "A1")] {
        let v = [("name", text(name)), ("tier_override", text(tier))];
        store.write(|w| w.insert(&repbook::domain::schema::CUSTOMER, &v)).unwrap();
    }
    let mut index = Index::load(&store).unwrap();
    let everyone = top(&mut index, "");
    for q in ["\u{1}", " \u{7f} ", "\u{1b}\u{7}\t"] {
        assert_eq!(top(&mut index, q), everyone, "{q:?}");
        let page: Vec<String> = index.page(q, 3).into_iter().map(|h| index.display(h)).collect();
        assert_eq!(page, everyone[..3], "{q:?}");
        assert_eq!(index.count(q), everyone.len(), "{q:?}");
    }
    // Sixteen words count; what follows them is left out.
    let words = repbook::search::MAX_WORDS;
    let first = vec!["cq"; words].join(" ");
    let pasted = format!("{first} {}", vec!["zzzz"; 20_000].join(" "));
    assert_eq!(top(&mut index, &pasted), top(&mut index, &first));
    assert!(top(&mut index, &first)[0].starts_with("重庆恒达机电有限公司"));
}
