//! The search index saved beside the archive (issue 13, ready at once):
//! kept current through every way a write reaches the archive (edits,
//! erase, undo, Trash restore, sync import, a search record changed behind
//! the writer's back), never trusted when damaged, stale or foreign, and an
//! erased person leaves no trace in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{customer, open, text};
use repbook::domain::schema::{CUSTOMER, PERSON};
use repbook::search::persist::{Loaded, load_reporting};
use repbook::store::Store;
use std::path::{Path, PathBuf};

fn names(store: &Store, q: &str) -> (Vec<String>, Loaded) {
    let (mut index, how) = load_reporting(store).unwrap();
    let hits = index.search(q);
    let names = hits.iter().map(|h| index.display(*h).split(' ').next().unwrap_or("").to_string()).collect();
    (names, how)
}

fn file(db: &Path) -> PathBuf {
    repbook::store::search_index_path(db)
}

/// An archive with a few customers and its index saved.
fn archive(dir: &Path) -> (Store, PathBuf) {
    let db = dir.join("a.sqlite3");
    let mut store = open(&db);
    for (name, city) in [("重庆恒达", "重庆"), ("长沙华大", "长沙"), ("乐亭机电", "唐山"), ("Harbor Electric", "宁波")]
    {
        customer(&mut store, name, city);
    }
    let (_, how) = names(&store, "");
    assert_eq!(how, Loaded::Rebuilt, "no index yet: built and saved");
    assert!(file(&db).is_file());
    (store, db)
}

#[test]
fn the_saved_index_is_private_and_used_as_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = archive(dir.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(file(&db)).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let (found, how) = names(&store, "cqhd");
    assert_eq!(how, Loaded::Saved(0));
    assert_eq!(found, ["重庆恒达"]);
    // The whole list, by pinyin: chang, chong, Harbor, le.
    assert_eq!(names(&store, "").0, ["长沙华大", "重庆恒达", "Harbor", "乐亭机电"]);
}

#[test]
fn a_search_alone_finds_the_same_with_or_without_changes_since_the_save() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = archive(dir.path());
    let ids = |store: &Store, q: &str| -> Vec<String> {
        repbook::search::find(store, q, 10).unwrap().into_iter().map(|(id, _, _)| id).collect()
    };
    let full = |store: &Store, q: &str| -> Vec<String> {
        let (mut index, _) = load_reporting(store).unwrap();
        let hits = index.search(q);
        hits.iter().take(10).map(|h| index.id(*h).to_string()).collect()
    };
    // Unchanged since the save: the sort keys are not read.
    assert_eq!(ids(&store, "c"), full(&store, "c"));
    // A customer added since: read, and put in its place.
    customer(&mut store, "长安汽配", "西安");
    assert_eq!(ids(&store, "c"), full(&store, "c"));
    assert_eq!(ids(&store, "caqp").len(), 1);
    assert_eq!(names(&store, "").0, ["长安汽配", "长沙华大", "重庆恒达", "Harbor", "乐亭机电"]);
    // Customers the saved index holds, renamed and moved: put in where
    // their entries are, the records kept as the bytes read for a search.
    let _ = repbook::search::Index::load_for_list(&store).unwrap();
    let chongqing = ids(&store, "cqhd")[0].clone();
    store.write(|w| w.update(&CUSTOMER, &chongqing, &[("name", text("安庆恒达"))])).unwrap();
    store.write(|w| w.update(&CUSTOMER, &chongqing, &[("city", text("安庆"))])).unwrap();
    for q in ["aqhd", "anqing", "c", "h", ""] {
        assert_eq!(ids(&store, q), full(&store, q), "{q}");
    }
    assert_eq!(ids(&store, "aqhd"), [chongqing]);
    assert!(ids(&store, "cqhd").is_empty());
}

#[test]
fn the_interface_saves_the_index_again_after_any_change() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = archive(dir.path());
    customer(&mut store, "长安汽配", "西安");
    // `repbook search` puts one change in and leaves the file as it was
    // (it saves only after many).
    assert_eq!(names(&store, "caqp"), (vec!["长安汽配".to_string()], Loaded::Saved(1)));
    assert_eq!(names(&store, "caqp").1, Loaded::Saved(1));
    // The interface's load leaves the save to its list, once it takes a
    // query; then the next start has nothing to put in.
    let (index, resave) = repbook::search::Index::load_for_list_later(&store).unwrap();
    assert_eq!(index.len(), 5);
    assert_eq!(names(&store, "caqp").1, Loaded::Saved(1), "not saved before the list is in use");
    resave.expect("one change put in: to save again").save(&store);
    assert_eq!(names(&store, "caqp"), (vec!["长安汽配".to_string()], Loaded::Saved(0)));
    let (_, resave) = repbook::search::Index::load_for_list_later(&store).unwrap();
    assert!(resave.is_none(), "nothing changed since: nothing to save");
    // The same saved before it returns, for a caller that does not wait.
    customer(&mut store, "长春一汽", "长春");
    let index = repbook::search::Index::load_for_list(&store).unwrap();
    assert_eq!(index.len(), 6);
    assert_eq!(names(&store, "ccyq"), (vec!["长春一汽".to_string()], Loaded::Saved(0)));
    assert_eq!(names(&store, "").0, ["长安汽配", "长春一汽", "长沙华大", "重庆恒达", "Harbor", "乐亭机电"]);
}

/// The names of an index's entries, in its order.
fn in_order(index: &repbook::search::Index) -> Vec<String> {
    (0..index.len() as u32)
        .map(|i| index.display(repbook::search::Hit { index: i, score: 0 }).split(' ').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_interface_puts_changes_in_place_without_the_sort_keys_and_saves_what_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = archive(dir.path());
    let id = customer(&mut store, "安徽机电", "合肥");
    let other = customer(&mut store, "杭州临江", "杭州");
    let _ = repbook::search::Index::load_for_list(&store).unwrap();
    // A rename that moves a customer from the first place to the last and
    // a new city: a few changes of held customers, put in where their
    // entries are, without the saved sort keys (made from the names where
    // compared), in the order a rebuilt index has.
    store.write(|w| w.update(&CUSTOMER, &id, &[("name", text("紫金安徽"))])).unwrap();
    store.write(|w| w.update(&CUSTOMER, &other, &[("city", text("临安"))])).unwrap();
    let (index, resave) = repbook::search::Index::load_for_list_later(&store).unwrap();
    let want = ["长沙华大", "重庆恒达", "杭州临江", "Harbor", "乐亭机电", "紫金安徽"];
    assert_eq!(in_order(&index), want);
    assert_eq!(in_order(&repbook::search::Index::build(&store).unwrap()), want);
    assert!(index.display(repbook::search::Hit { index: 2, score: 0 }).contains("临安"));
    resave.expect("changes put in: to save again").save(&store);
    // A new customer (the entries copied) and a rename back; a change made
    // before the save (the list in use) is in what is saved: the next start
    // has nothing to put in, and the file has its sort keys (a load that
    // reads them trusts it).
    customer(&mut store, "福州永兴", "福州");
    store.write(|w| w.update(&CUSTOMER, &id, &[("name", text("安徽机电"))])).unwrap();
    let (index, resave) = repbook::search::Index::load_for_list_later(&store).unwrap();
    let want = ["安徽机电", "长沙华大", "重庆恒达", "福州永兴", "杭州临江", "Harbor", "乐亭机电"];
    assert_eq!(in_order(&index), want);
    customer(&mut store, "北京海淀", "北京");
    resave.expect("changes put in: to save again").save(&store);
    let (saved, how) = load_reporting(&store).unwrap();
    assert_eq!(how, Loaded::Saved(0));
    assert_eq!(in_order(&saved)[..2], ["安徽机电", "北京海淀"]);
    assert_eq!(in_order(&saved).len(), 8);
}

#[test]
fn edits_undo_and_trash_restore_are_seen_through_the_saved_index() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = archive(dir.path());
    let id = customer(&mut store, "厦门永兴", "厦门");
    let (found, how) = names(&store, "xmyx");
    assert_eq!((found, how), (vec!["厦门永兴".to_string()], Loaded::Saved(1)));
    store.write(|w| w.update(&CUSTOMER, &id, &[("name", text("福州永兴"))])).unwrap();
    let tx = *store.take_written().last().unwrap();
    assert!(names(&store, "xmyx").0.is_empty(), "the old name is gone");
    assert_eq!(names(&store, "fzyx").0, ["福州永兴"]);
    store.undo_tx(tx).unwrap();
    assert_eq!(names(&store, "xmyx").0, ["厦门永兴"], "undone");
    store.write(|w| w.set_alive(&CUSTOMER, &id, false)).unwrap();
    assert!(names(&store, "xmyx").0.is_empty(), "deleted customers are not searched");
    assert!(store.write(|w| w.restore(&CUSTOMER, &id, false)).unwrap());
    assert_eq!(names(&store, "xmyx").0, ["厦门永兴"], "restored from the Trash");
}

#[test]
fn a_search_record_changed_behind_the_writer_is_seen_too() {
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = archive(dir.path());
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE search_key SET display = char(31) || 'n' || '苏州新城' WHERE name = '重庆恒达'", []).unwrap();
    drop(conn);
    let store = open(&db);
    let (found, how) = names(&store, "szxc");
    assert_eq!((found, how), (vec!["苏州新城".to_string()], Loaded::Saved(1)));
}

#[test]
fn sync_imports_are_seen_through_the_saved_index() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = archive(dir.path());
    let mut other = common::memory();
    let built = repbook::sync::build(&store, &repbook::sync::Selection::All).unwrap();
    let now = other.clock().now().timestamp_millis();
    repbook::sync::apply(&mut other, &repbook::sync::decode(&built.bytes, now).unwrap(), false, false).unwrap();
    customer(&mut other, "深圳远航", "深圳");
    let built = repbook::sync::build(&other, &repbook::sync::Selection::All).unwrap();
    let now = store.clock().now().timestamp_millis();
    repbook::sync::apply(&mut store, &repbook::sync::decode(&built.bytes, now).unwrap(), false, false).unwrap();
    let (found, how) = names(&store, "szyh");
    assert_eq!(found, ["深圳远航"]);
    assert!(matches!(how, Loaded::Saved(n) if n >= 1), "{how:?}");
}

#[test]
fn an_erased_person_leaves_no_trace_in_the_saved_index() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, db) = archive(dir.path());
    let c = customer(&mut store, "宁波港通", "宁波");
    let p = store.write(|w| w.insert(&PERSON, &[("customer_id", text(&c)), ("name", text("欧阳娜娜"))])).unwrap();
    assert_eq!(names(&store, "欧阳娜娜").0, ["宁波港通"], "found by the key person");
    // Saved with the person in it.
    let (index, _) = load_reporting(&store).unwrap();
    let stamp = store.reading(|| store.search_stamp()).unwrap();
    assert!(store.save_search_index(&repbook::search::persist::encode(&index, &stamp), &stamp));
    let holds = |bytes: &[u8]| bytes.windows("欧阳娜娜".len()).any(|w| w == "欧阳娜娜".as_bytes());
    assert!(holds(&std::fs::read(file(&db)).unwrap()));
    // A save killed half-way left a copy aside.
    let mut aside = file(&db).into_os_string();
    aside.push(".4242.7.tmp");
    std::fs::copy(file(&db), &aside).unwrap();
    store.erase_person(&p).unwrap();
    assert!(!file(&db).exists(), "the erase takes the saved index with it");
    assert!(!Path::new(&aside).exists(), "and a half-written copy beside it");
    let (found, how) = names(&store, "欧阳娜娜");
    assert!(found.is_empty());
    assert_eq!(how, Loaded::Rebuilt);
    assert!(!holds(&std::fs::read(file(&db)).unwrap()), "rebuilt without the erased person");
    // An index saved before the erase, put back, is not trusted.
    let stale = repbook::search::persist::encode(&index, &stamp);
    std::fs::write(file(&db), stale).unwrap();
    assert_eq!(names(&store, "欧阳娜娜"), (vec![], Loaded::Rebuilt));
}

#[test]
fn a_damaged_or_truncated_index_is_rebuilt_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = archive(dir.path());
    let good = std::fs::read(file(&db)).unwrap();
    let mut damaged = good.clone();
    let at = damaged.len() - 40;
    damaged[at] ^= 0x20;
    for bad in [damaged, good[..good.len() / 2].to_vec(), Vec::new(), b"not an index".to_vec()] {
        std::fs::write(file(&db), &bad).unwrap();
        let (found, how) = names(&store, "cqhd");
        assert_eq!((found, how), (vec!["重庆恒达".to_string()], Loaded::Rebuilt));
        assert_eq!(std::fs::read(file(&db)).unwrap(), good, "saved again, whole");
    }
}

#[test]
fn an_index_from_another_archive_or_an_older_copy_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, db) = archive(dir.path());
    // A copy of the archive taken now, then the original moves on.
    let copy = dir.path().join("copy.sqlite3");
    store.backup(Some(&copy)).unwrap();
    customer(&mut store, "杭州西湖", "杭州");
    let (_, how) = names(&store, "");
    assert_eq!(how, Loaded::Saved(1));
    let (index, _) = load_reporting(&store).unwrap();
    let stamp = store.reading(|| store.search_stamp()).unwrap();
    assert!(store.save_search_index(&repbook::search::persist::encode(&index, &stamp), &stamp));
    // The newer index beside the older copy: it knows a change the copy
    // never had, so it is rebuilt from the copy.
    // The copy moves on past the index's generation by other writes: the
    // generation alone would take the index for the copy's past.
    std::fs::copy(file(&db), file(&copy)).unwrap();
    let mut older = open(&copy);
    customer(&mut older, "苏州园林", "苏州");
    customer(&mut older, "无锡太湖", "无锡");
    std::fs::copy(file(&db), file(&copy)).unwrap();
    let (found, how) = names(&older, "hzxh");
    assert_eq!((found, how), (vec![], Loaded::Rebuilt));
    assert_eq!(names(&older, "szyl").0, ["苏州园林"]);
}

#[test]
fn every_list_of_customers_is_in_the_same_pinyin_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _db) = archive(dir.path());
    for (name, city) in [("曾国强", "广州"), ("单县农机", "菏泽"), ("安达物流", "上海"), ("apple 代理", "深圳")]
    {
        customer(&mut store, name, city);
    }
    let listed: Vec<String> = store
        .customers(&repbook::store::CustomerFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.title().to_string())
        .collect();
    assert_eq!(
        listed,
        ["安达物流", "apple 代理", "长沙华大", "重庆恒达", "Harbor Electric", "乐亭机电", "单县农机", "曾国强"],
        "an, apple, chang, chong, harbor, lao/le, shan (单县 in the table), zeng (曾 a surname in a person's name)"
    );
    let entries: Vec<String> = store.search_entries().unwrap().into_iter().map(|e| e.display).collect();
    let firsts: Vec<&str> = entries.iter().map(|d| d.split(' ').next().unwrap_or("")).collect();
    assert_eq!(firsts, ["安达物流", "apple", "长沙华大", "重庆恒达", "Harbor", "乐亭机电", "单县农机", "曾国强"]);
    let (mut index, _) = load_reporting(&store).unwrap();
    let all = index.search("");
    let shown: Vec<String> = all.iter().map(|h| index.display(*h)).collect();
    assert!(shown.iter().zip(&listed).all(|(s, l)| s.starts_with(l.as_str())), "{shown:?}");
}

#[test]
fn an_index_read_ahead_is_checked_as_any_load() {
    use repbook::search::persist::{load_to_search_read, start_reading};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, db) = archive(dir.path());
    let ids = |found: Vec<(String, u32, Vec<repbook::search::Why>)>| -> Vec<String> {
        found.into_iter().map(|(id, _, _)| id).collect()
    };
    let ahead =
        |store: &Store, db: &Path, q: &str| ids(load_to_search_read(store, start_reading(db)).unwrap().find(q, 10));
    let loaded = |store: &Store, q: &str| ids(repbook::search::find(store, q, 10).unwrap());
    assert_eq!(ahead(&store, &db, "cqhd"), loaded(&store, "cqhd"));
    assert_eq!(ahead(&store, &db, "cqhd").len(), 1);
    // Read ahead, then a customer added before the file is checked: seen.
    let reading = start_reading(&db);
    customer(&mut store, "重庆华厦", "重庆");
    let found = ids(load_to_search_read(&store, reading).unwrap().find("cqhx", 10));
    assert_eq!(found.len(), 1, "the customer added while the file was read");
    // A damaged file read ahead is not trusted.
    let mut bytes = std::fs::read(file(&db)).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    std::fs::write(file(&db), &bytes).unwrap();
    assert_eq!(ahead(&store, &db, "cq").len(), 2);
    // Read ahead for another archive: that file is not used for this one.
    let other = dir.path().join("other.sqlite3");
    let mut other_store = open(&other);
    customer(&mut other_store, "杭州西湖", "杭州");
    let _ = names(&other_store, "");
    assert!(ahead(&store, &other, "hzxh").is_empty());
    assert_eq!(ahead(&store, &other, "cq").len(), 2);
}

/// The saved index's bytes with record `k`'s first non-ASCII byte made
/// 0xFF (no longer UTF-8) and the checksum made to fit again: what a
/// hostile hand could write.
fn resealed_with_a_bad_record(good: &[u8], k: usize) -> Vec<u8> {
    const HEADER: usize = 64;
    let mut b = good.to_vec();
    let word = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize;
    let count = word(&b, 56);
    let records = u64::from_le_bytes(b[HEADER..HEADER + 8].try_into().unwrap()) as usize;
    let ends = HEADER + 8 + records;
    let (from, to) = (HEADER + 8 + word(&b, ends + 4 * (k - 1)), HEADER + 8 + word(&b, ends + 4 * k));
    let at = (from..to).find(|&i| b[i] >= 0x80).expect("a Chinese name");
    b[at] = 0xFF;
    // The main body ends where the sort keys (length, bytes, offsets,
    // checksum) begin.
    let n = b.len();
    let main_end = (HEADER..n - 8)
        .rev()
        .find(|&p| u64::from_le_bytes(b[p..p + 8].try_into().unwrap()) as usize + p + 8 + 4 * count + 4 == n)
        .unwrap();
    let mut h = crc32fast::Hasher::new();
    h.update(&b[..HEADER - 4]);
    h.update(&b[HEADER..main_end]);
    b[HEADER - 4..HEADER].copy_from_slice(&h.finalize().to_le_bytes());
    b
}

#[test]
fn a_record_that_is_not_text_is_refused_by_a_search_as_by_the_list() {
    use repbook::search::persist::{load_to_search_read, start_reading};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let mut store = open(&db);
    // 40 customers: a load checks what it derives from every second
    // record only (a sample), so a record off the sample is damaged.
    let names: Vec<String> = (0..40).map(|i| format!("华东机电{i}号")).collect();
    for name in &names {
        customer(&mut store, name, "上海");
    }
    let found = |hits: Vec<(String, u32, Vec<repbook::search::Why>)>| hits.into_iter().map(|r| r.0).collect();
    let every = |store: &Store| -> Vec<Vec<String>> {
        names.iter().map(|q| found(repbook::search::find(store, q, 3).unwrap())).collect()
    };
    let before = every(&store);
    assert!(before.iter().all(|ids| !ids.is_empty()));
    let good = std::fs::read(file(&db)).unwrap();
    let bad = resealed_with_a_bad_record(&good, 1);
    assert!(repbook::search::persist::decode(&bad).is_none(), "refused whole");
    // One search (the file read ahead, or read at the load) and the list:
    // none uses it, each finds every customer, the file is rebuilt.
    std::fs::write(file(&db), &bad).unwrap();
    let mut ahead = load_to_search_read(&store, start_reading(&db)).unwrap();
    assert_eq!(names.iter().map(|q| found(ahead.find(q, 3))).collect::<Vec<_>>(), before);
    assert_eq!(std::fs::read(file(&db)).unwrap(), good, "saved again, whole");
    std::fs::write(file(&db), &bad).unwrap();
    assert_eq!(every(&store), before);
    std::fs::write(file(&db), &bad).unwrap();
    assert_eq!(load_reporting(&store).unwrap().1, Loaded::Rebuilt);
}
