//! Tests of the saved index: applied changes, reading back, damage.

use super::super::file::{HEADER, MAGIC, checksum};
use super::super::initials::SAVED_LEN;
use super::*;
use crate::domain::pinyin::Romanizer;
use crate::search::record::{self, Field};
use crate::store::SearchStamp;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn sample() -> (Index, SearchStamp) {
    let r = Romanizer::default();
    let mut index = Index::default();
    for (i, name) in ["重庆恒达", "Harbor Electric", "乐亭机电", "曾国强五金"].iter().enumerate() {
        let rec = record::build(&r, &[(Field::Name, name), (Field::Phone, "138-0000-1111")], 1, 739_000);
        let id = format!("id-{i}");
        let sort = crate::search::sort_key(&r, name);
        let pos = index.place(&sort, &id, &r);
        index.insert(pos, &id, &sort, &rec.key, &rec.display);
    }
    (index, SearchStamp { generation: 7, erased: 1, origin: 2, seq: 30, hlc: 99 })
}

/// Bytes of the sort keys' part at the file's end (with its checksum).
fn sorts_len(index: &Index) -> usize {
    8 + index.sorts.parts().0.len() + 4 * index.len() + 4
}

/// Checksums that fit the bytes again (what a hostile file could do).
fn reseal(bytes: &mut [u8], index: &Index) {
    let (n, main_end) = (bytes.len(), bytes.len() - sorts_len(index));
    let sum = checksum(&bytes[..HEADER], &bytes[HEADER..main_end]);
    bytes[HEADER - 4..HEADER].copy_from_slice(&sum.to_le_bytes());
    let sum = crc32fast::hash(&bytes[main_end..n - 4]);
    bytes[n - 4..].copy_from_slice(&sum.to_le_bytes());
}

#[test]
fn changes_applied_at_once_equal_an_index_built_afresh() {
    let r = Romanizer::default();
    let rec = |name: &str| {
        let b = record::build(&r, &[(Field::Name, name)], 2, 0);
        Some((crate::search::sort_key(&r, name), b.key, b.display))
    };
    let (mut index, _) = sample();
    // id-0 renamed (moves), id-1 gone, two new ones (first and last).
    let changes = vec![
        ("id-0".to_string(), rec("杭州西湖")),
        ("id-1".to_string(), None),
        ("id-9".to_string(), rec("安达")),
        ("id-7".to_string(), rec("紫金")),
    ];
    index.apply(changes.clone(), &r);
    let mut afresh = Index::default();
    let (kept, _) = sample();
    let mut all: Vec<(String, String, String, String)> = (0..kept.len())
        .filter(|&i| !["id-0", "id-1"].contains(&kept.id_at(i).as_str()))
        .map(|i| {
            let id = kept.id_at(i).to_string();
            (kept.sorts.get(i).to_string(), id, kept.keys.get(i).to_string(), kept.records.get(i).to_string())
        })
        .collect();
    all.extend(changes.into_iter().filter_map(|(id, r)| r.map(|(s, k, d)| (s, id, k, d))));
    all.sort();
    for (s, id, k, d) in &all {
        afresh.push(id, s, k, d);
    }
    let stamp = SearchStamp::default();
    assert_eq!(encode(&index, &stamp), encode(&afresh, &stamp));
    let names: Vec<String> = (0..index.len()).map(|i| index.id_at(i).to_string()).collect();
    assert_eq!(names.first().map(String::as_str), Some("id-9"), "安达 first: {names:?}");
    assert_eq!(names.last().map(String::as_str), Some("id-7"), "紫金 last: {names:?}");
}

#[test]
fn a_saved_index_reads_back_whole() {
    let (mut index, stamp) = sample();
    let bytes = encode(&index, &stamp);
    let (mut back, got) = decode(&bytes).unwrap();
    assert_eq!(got, stamp);
    assert_eq!(encode(&back, &got), bytes);
    // The tie order numbered while the file was read is the one a
    // search would number.
    let (ranks, fresh) = (back.ranks.as_ref().unwrap(), super::super::rank::Ranks::new(&back.ties));
    assert_eq!((&ranks.of, &ranks.order), (&fresh.of, &fresh.order));
    // Its records read for one search, each checked as it is read.
    let (mut once, ..) = decode_main(&bytes[..], bytes.len() as u64, Records::Bytes).unwrap();
    for q in ["", "cq", "laoting", "1111", "zgq", "重庆", "亭"] {
        let ids = |i: &mut Index| i.search(q).iter().map(|h| i.id(*h).to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&mut back), ids(&mut index), "{q}");
        assert_eq!(ids(&mut once), ids(&mut index), "{q}");
    }
}

#[test]
fn offsets_that_do_not_hold_are_refused_even_with_a_good_checksum() {
    let (index, stamp) = sample();
    let mut bytes = encode(&index, &stamp);
    // The records' first end offset: going back, past the end.
    let at = HEADER + 8 + index.records.parts().0.len();
    for bad in [9u32, u32::MAX] {
        bytes[at..at + 4].copy_from_slice(&bad.to_le_bytes());
        reseal(&mut bytes, &index);
        assert!(decode(&bytes).is_none(), "{bad}");
    }
    // The sort keys' first end offset inside a character (they end with
    // the name as written, here Chinese).
    let mut bytes = encode(&index, &stamp);
    let main_end = bytes.len() - sorts_len(&index);
    let at = main_end + 8 + index.sorts.parts().0.len();
    let inside = index.sorts.parts().1[0] - 1;
    bytes[at..at + 4].copy_from_slice(&inside.to_le_bytes());
    reseal(&mut bytes, &index);
    assert!(decode(&bytes).is_none());
    // A mask and letter pairs this build would not derive: refused by
    // the sample check.
    for from_end in [32 + SAVED_LEN, 24 + SAVED_LEN] {
        let mut bytes = encode(&index, &stamp);
        bytes[main_end - index.len() * from_end] ^= 0xFF;
        reseal(&mut bytes, &index);
        assert!(decode(&bytes).is_none(), "{from_end}");
    }
}

#[test]
fn damaged_sort_keys_leave_the_index_to_search_but_not_to_keep_in_order() {
    let (index, stamp) = sample();
    let mut bytes = encode(&index, &stamp);
    let n = bytes.len();
    bytes[n - 6] ^= 0x01;
    let (mut main, got, mut rest) = decode_main(&bytes[..], n as u64, Records::Checked).unwrap();
    assert_eq!(got, stamp);
    assert!(read_sorts(&mut rest, main.len()).is_none(), "their own checksum");
    assert!(decode(&bytes).is_none());
    assert_eq!(main.search("cq").len(), 1);
    // Something after the sort keys: refused too.
    let mut longer = encode(&index, &stamp);
    longer.push(0);
    let (main, _, mut rest) = decode_main(&longer[..], longer.len() as u64, Records::Checked).unwrap();
    assert!(read_sorts(&mut rest, main.len()).is_none());
}

proptest! {
    #![proptest_config(Config { cases: 256, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

    /// Any damage: refused or read, never a panic; damage the checksum
    /// sees is always refused.
    #[test]
    fn damaged_files_never_panic(at in 0usize..4096, xor in 1u8..=255, cut in 0usize..4096) {
        let (index, stamp) = sample();
        let mut bytes = encode(&index, &stamp);
        let at = at % bytes.len();
        bytes[at] ^= xor;
        prop_assert!(decode(&bytes).is_none());
        // Read for one search (the sort keys not read): refused too.
        let main = decode_main(&bytes[..], bytes.len() as u64, Records::Bytes);
        prop_assert!(main.is_none() || at >= bytes.len() - sorts_len(&index));
        bytes.truncate(cut % bytes.len());
        prop_assert!(decode(&bytes).is_none());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut with_magic = MAGIC.to_vec();
        with_magic.extend_from_slice(&fingerprint().to_le_bytes());
        with_magic.extend_from_slice(&bytes);
        prop_assert!(decode(&bytes).is_none());
        let _ = decode(&with_magic);
    }
}

/// What is kept of each entry of `index`, its starts by their keys (two
/// indexes may number them apart).
fn entries(index: &Index) -> Vec<String> {
    (0..index.len())
        .map(|i| {
            format!(
                "{} {} {} {} {:?} {:?} {:?}",
                index.id_at(i),
                if index.sorted() { index.sorts.get(i) } else { "" },
                index.keys.get(i),
                index.records.get(i),
                (index.masks[i], index.offered(i), index.heads[i], index.digits[i], index.ties[i]),
                index.initials[i],
                index.start_table.keys_of(&index.starts[i]),
            )
        })
        .collect()
}

/// Apply `changes` (customer number, name number or gone) to an index of
/// customers named `names`, with its sort keys or without (`forget`:
/// those compared made from the names), and compare it with the index
/// built afresh from what the archive then holds.
fn applied_equals_built(
    names: &[usize],
    changes: Vec<(usize, Option<usize>)>,
    uuids: bool,
    forget: bool,
) -> Result<(), proptest::test_runner::TestCaseError> {
    const NAMES: [&str; 12] = [
        "重庆恒达",
        "Harbor Electric",
        "乐亭机电",
        "曾国强五金",
        "安达",
        "紫金",
        "长沙华大",
        "厦门永兴",
        "北京华大",
        "Summit",
        "重庆",
        "阿里",
    ];
    let r = Romanizer::default();
    let id = |k: usize| {
        if uuids && !k.is_multiple_of(3) { format!("0193959b-5f80-70d5-9edd-{k:012x}") } else { format!("id-{k}") }
    };
    let rec = |n: usize| {
        let b = record::build(&r, &[(Field::Name, NAMES[n]), (Field::City, NAMES[(n + 5) % 12])], (n % 3) as u8, 0);
        (crate::search::sort_key(&r, NAMES[n]), b.key, b.display)
    };
    let build = |now: &std::collections::BTreeMap<String, (String, String, String)>| {
        let mut all: Vec<_> = now.iter().map(|(id, (s, k, d))| (s.clone(), id.clone(), k.clone(), d.clone())).collect();
        all.sort();
        let mut index = Index::default();
        for (s, id, k, d) in &all {
            index.push(id, s, k, d);
        }
        if forget {
            index.forget_sort_keys();
        }
        index
    };
    let mut now: std::collections::BTreeMap<String, (String, String, String)> =
        names.iter().enumerate().map(|(k, &n)| (id(k), rec(n))).collect();
    let mut index = build(&now);
    // One change a customer, as the archive says them.
    let mut said = std::collections::BTreeMap::new();
    for (k, n) in changes {
        let record = n.map(rec);
        match &record {
            Some(r) => now.insert(id(k), r.clone()),
            None => now.remove(&id(k)),
        };
        said.insert(id(k), record);
    }
    index.apply(said.into_iter().collect(), &r);
    if forget {
        // Never some of the sort keys: none, or (an empty index counts as
        // one with its sort keys) those of the customers put in there.
        prop_assert!(index.sorts.is_empty() || index.sorted());
        index.forget_sort_keys();
    }
    prop_assert_eq!(entries(&index), entries(&build(&now)));
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 256, rng_seed: RngSeed::Fixed(14), failure_persistence: None, ..Config::default() })]

    /// Customers changed, gone and new, put in at once (the entries
    /// between copied part by part), give the index built afresh: over
    /// ids kept as UUIDs' bytes and as text, names that sort equal, and
    /// changes first, last and side by side.
    #[test]
    fn changes_applied_in_parts_equal_an_index_built_afresh(
        names in proptest::collection::vec(0usize..12, 0..24),
        changes in proptest::collection::vec((0usize..30, proptest::option::of(0usize..12)), 0..10),
        uuids in any::<bool>(),
        forget in any::<bool>(),
    ) {
        applied_equals_built(&names, changes, uuids, forget)?;
    }

    /// A few customers the index holds, changed or gone, put in where
    /// their entries are (moved to their new place), give the same.
    #[test]
    fn a_few_changes_put_in_where_they_are_equal_an_index_built_afresh(
        names in proptest::collection::vec(0usize..12, 1..24),
        changes in proptest::collection::vec((0usize..24, proptest::option::of(0usize..12)), 1..=4),
        uuids in any::<bool>(),
        forget in any::<bool>(),
    ) {
        let held: Vec<(usize, Option<usize>)> = changes.into_iter().map(|(k, n)| (k % names.len(), n)).collect();
        applied_equals_built(&names, held, uuids, forget)?;
    }
}
