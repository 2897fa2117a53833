//! The first page as the interface asks for it, key by key with nothing
//! else asked between (each keystroke bounds only what the last one's
//! first bound kept), against a plain full scan: over records with many
//! fields matched by pinyin (more than a customer keeps starts for), reading
//! overrides (重庆 chong, 长沙 chang, 厦门 xia, 乐亭 lao), and the words a
//! rep types for a person (`zhao`, `zxq`, `wang`).

use super::record::Field;
use super::{Index, plain_search, push};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

const PIECES: [&str; 25] = [
    "重", "庆", "长", "沙", "厦", "门", "乐", "亭", "张", "晓", "强", "赵", "杰", "王", "伟", "周", "曾", "中", "兴",
    "Zhao", "xq", "az", " ", "-", "4095",
];
const KEYS: [&str; 16] = ["z", "h", "a", "o", "x", "q", "c", "w", "n", "g", "j", "重", "4", " ", "\u{8}", "\u{8}"];

fn text(parts: &[usize]) -> String {
    parts.iter().map(|&p| PIECES[p % PIECES.len()]).collect()
}

type Person = Vec<usize>;

proptest! {
    #![proptest_config(Config { cases: 64, rng_seed: RngSeed::Fixed(21), failure_persistence: None, ..Config::default() })]

    #[test]
    fn each_keystrokes_page_is_the_full_scans_first_hits(
        people in proptest::collection::vec(
            (proptest::collection::vec(0usize..25, 0..6),
             proptest::collection::vec(proptest::collection::vec(0usize..25, 0..4), 0..4),
             proptest::collection::vec(proptest::collection::vec(0usize..25, 0..3), 0..6),
             0u8..3, 0i32..4), 1..80),
        keys in proptest::collection::vec(0usize..16, 1..10),
        page in 1usize..12,
    ) {
        let mut index = Index::default();
        // The same, its candidates bounded in halves on two threads.
        let mut halves = Index::default();
        halves.set_threads(2);
        for (k, (name, persons, places, class, last)) in people.iter().enumerate() {
            let name = text(name);
            let persons: Vec<String> = persons.iter().map(|p: &Person| text(p)).collect();
            let places: Vec<String> = places.iter().map(|p| text(p)).collect();
            let mut texts = vec![(Field::Name, name.as_str())];
            texts.extend(persons.iter().map(|p| (Field::Person, p.as_str())));
            // Cities, regions and tags: up to six more fields.
            let kinds = [Field::City, Field::Region, Field::Tag, Field::Tag, Field::Tag, Field::Tag];
            texts.extend(places.iter().zip(kinds).map(|(p, f)| (f, p.as_str())));
            let notes = text(&[k % 25, k / 5 % 25]);
            texts.push((Field::Notes, &notes));
            push(&mut index, &format!("id{k}"), &texts, *class, *last * 100);
            push(&mut halves, &format!("id{k}"), &texts, *class, *last * 100);
        }
        let mut q = String::new();
        for key in keys {
            if KEYS[key] == "\u{8}" {
                q.pop();
            } else {
                q.push_str(KEYS[key]);
            }
            let want = plain_search(&index, &q);
            let got = index.page(&q, page);
            prop_assert_eq!(got.as_slice(), &want[..page.min(want.len())], "page {} of {:?}", page, q);
            prop_assert_eq!(halves.page(&q, page), got, "in halves: page {} of {:?}", page, q);
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 512, rng_seed: RngSeed::Fixed(22), failure_persistence: None, ..Config::default() })]

    /// What a field's start tells of a word is never less than a match
    /// from its start finds, in the name and in the other fields.
    #[test]
    fn a_start_bounds_every_match_from_it(
        name in proptest::collection::vec(0usize..25, 1..6),
        person in proptest::collection::vec(0usize..25, 1..5),
        word in proptest::collection::vec(0usize..14, 1..6),
    ) {
        use super::super::matcher::{FieldText, Tier, Word};
        use super::super::{query, record, scan, starts};
        let (name, person) = (text(&name), text(&person));
        let word: String = word.iter().map(|&k| KEYS[k]).collect::<String>().replace(' ', "");
        let w = Word::new(&word);
        prop_assume!(!w.is_empty());
        let r = crate::domain::pinyin::Romanizer::default();
        let rec = record::build(&r, &[(Field::Name, &name), (Field::Person, &person)], 0, 0);
        let mut table = starts::Table::default();
        let numbers = table.intern(&starts::of_record(&rec.key, &rec.display));
        let mut memo = starts::Memo::new(&w, &table);
        let mut scratch = query::Scratch::default();
        scratch.overrides(&rec.key);
        for (no, (field, text)) in record::fields(&rec.display).enumerate() {
            let f = FieldText { field, text, preferred: scratch.prefs_of(no) };
            let found = scan::from_start(&w, &f);
            let told = memo.tier_of(&w, &table, &numbers, no == 0);
            prop_assert!(found <= told.map(|t| t.0), "{:?} in {:?}: found {:?}, told {:?}", word, text, found, told);
            // A match from the start by the preferred readings is told so.
            if let Some(q) = scan::best(&w, &f).filter(|q| q.tier >= Tier::Prefix && q.preferred) {
                prop_assert!(told.is_some_and(|t| t.1), "{:?} in {:?}: {:?} preferred, told {:?}", word, text, q, told);
            }
        }
    }
}

#[test]
fn a_start_tells_a_persons_name_from_another() {
    use super::super::matcher::{Tier, Word};
    use super::super::starts;
    let mut table = starts::Table::default();
    let of = |table: &mut starts::Table, person: &str| {
        let display = format!("\u{1f}n某公司\u{1f}p{person}");
        table.intern(&starts::of_record("", &display))
    };
    let cases = [
        ("zhao", "张伟", None),
        ("zhao", "赵伟", Some(Tier::Prefix)),
        ("zhao", "赵", Some(Tier::Whole)),
        ("zxq", "张晓强", Some(Tier::Whole)),
        ("zxq", "张伟强", None),
        ("zx", "张晓强", Some(Tier::Prefix)),
        ("wang", "王 芳", Some(Tier::Prefix)),
    ];
    for (word, person, want) in cases {
        let numbers = of(&mut table, person);
        let w = Word::new(word);
        let mut memo = starts::Memo::new(&w, &table);
        assert_eq!(memo.tier_of(&w, &table, &numbers, false).map(|t| t.0), want, "{word} in {person}");
    }
    // 洋 reads yang, and xiang only rarely: `zx` takes 赵洋 whole, but
    // not by the preferred readings; 赵晓 by them.
    for (person, preferred) in [("赵洋", false), ("赵晓", true), ("张晓强", true)] {
        let numbers = of(&mut table, person);
        let w = Word::new("zx");
        let mut memo = starts::Memo::new(&w, &table);
        let told = memo.tier_of(&w, &table, &numbers, false);
        assert!(told.is_some_and(|t| t.1 == preferred), "zx in {person}: {told:?}");
    }
}

proptest! {
    #![proptest_config(Config { cases: 1024, rng_seed: RngSeed::Fixed(23), failure_persistence: None, ..Config::default() })]

    /// A name's initials never say a match by the preferred readings is
    /// out of reach when scanning finds one (letters written inside a
    /// word and offered at a word's start by other readings included).
    #[test]
    fn preferred_letters_never_drop_a_preferred_match(
        name in proptest::collection::vec(0usize..25, 1..7),
        word in proptest::collection::vec(0usize..13, 1..5),
    ) {
        use super::super::initials::Initials;
        use super::super::matcher::{FieldText, Word, best};
        use super::super::pairs;
        let name = text(&name);
        let word: String = word.iter().map(|&k| KEYS[k]).collect::<String>().replace(' ', "");
        let w = Word::new(&word);
        prop_assume!(!w.is_empty());
        let found = best(&w, &FieldText { field: Field::Name, text: &name, preferred: &[] });
        let initials = Initials::of(&name, &[]);
        if let Some(q) = found {
            prop_assert!(initials.offers(pairs::unit_starts(&w)), "{:?} in {:?}", word, name);
            if q.preferred {
                prop_assert!(initials.offers_preferred(pairs::unit_starts(&w)), "{:?} in {:?}", word, name);
            }
        }
    }
}

/// A customer found only by its notes, whose first bound comes from its
/// name (中 at a word's start: zhong): its notes are left unread while the
/// name is read, then read, never dropped.
#[test]
fn notes_left_unread_at_first_are_read_before_a_customer_is_dropped() {
    let mut index = Index::default();
    let texts = [(Field::Name, "某中公司"), (Field::Notes, "回访 zhao先生")];
    push(&mut index, "id0", &texts, 0, 0);
    push(&mut index, "id1", &[(Field::Name, "别家")], 0, 0);
    let page = index.page("zhao", 10);
    assert_eq!(page.len(), 1, "{page:?}");
    assert_eq!(index.id_at(page[0].index as usize).as_str(), "id0");
    assert_eq!(page.as_slice(), &plain_search(&index, "zhao")[..]);
}

/// Pieces of phones, e-mails, notes and tags: digits, separators, a
/// full-width digit, a country code, letters.
const DIGIT_PIECES: [&str; 12] = ["0", "7", "9", "1", "5", "4", "-", " ", "\u{FF17}", "+86", "(0)", "x"];
const DIGIT_KEYS: [&str; 7] = ["0", "7", "9", "1", "5", "4", "\u{8}"];

fn digits(parts: &[usize]) -> String {
    parts.iter().map(|&p| DIGIT_PIECES[p % DIGIT_PIECES.len()]).collect()
}

#[test]
fn a_start_knows_the_reading_a_name_prefers() {
    use super::super::matcher::{Tier, Word};
    use super::super::{record, starts};
    // The override table reads 重庆 chong qing: `cq` is by the preferred
    // readings, `zq` (重's default, zhong) by another.
    let r = crate::domain::pinyin::Romanizer::default();
    let rec = record::build(&r, &[(Field::Name, "重庆"), (Field::Person, "重庆")], 0, 0);
    let mut table = starts::Table::default();
    let numbers = table.intern(&starts::of_record(&rec.key, &rec.display));
    for (word, preferred) in [("cq", true), ("zq", false)] {
        let w = Word::new(word);
        let mut memo = starts::Memo::new(&w, &table);
        for name in [true, false] {
            assert_eq!(memo.tier_of(&w, &table, &numbers, name), Some((Tier::Whole, preferred)), "{word}, name {name}");
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 128, rng_seed: RngSeed::Fixed(23), failure_persistence: None, ..Config::default() })]

    /// A number's digits typed one by one: what the phones' starts, ends
    /// and digit pairs, and the digits of e-mails, notes and tags tell
    /// the first bound never keeps out a customer the full scan puts on
    /// the page.
    #[test]
    fn each_digits_page_is_the_full_scans_first_hits(
        people in proptest::collection::vec(
            (proptest::collection::vec(proptest::collection::vec(0usize..12, 1..8), 0..4),
             proptest::collection::vec(0usize..12, 0..5),
             0u8..4, 0u8..3, 0i32..4), 1..60),
        keys in proptest::collection::vec(0usize..7, 1..8),
        page in 1usize..12,
    ) {
        let mut index = Index::default();
        let mut halves = Index::default();
        halves.set_threads(2);
        for (k, (phones, other, kind, class, last)) in people.iter().enumerate() {
            let name = format!("{}{}", text(&[k % 25]), if k % 3 == 0 { digits(&[k % 6, k / 6 % 6]) } else { String::new() });
            let phones: Vec<String> = phones.iter().map(|p| digits(p)).collect();
            let other = digits(other);
            let mut texts = vec![(Field::Name, name.as_str())];
            texts.extend(phones.iter().map(|p| (Field::Phone, p.as_str())));
            let field = [Field::Email, Field::Notes, Field::Tag, Field::Person][usize::from(*kind)];
            texts.push((field, &other));
            push(&mut index, &format!("id{k}"), &texts, *class, *last * 100);
            push(&mut halves, &format!("id{k}"), &texts, *class, *last * 100);
        }
        let mut q = String::new();
        for key in keys {
            if DIGIT_KEYS[key] == "\u{8}" {
                q.pop();
            } else {
                q.push_str(DIGIT_KEYS[key]);
            }
            let want = plain_search(&index, &q);
            let got = index.page(&q, page);
            prop_assert_eq!(got.as_slice(), &want[..page.min(want.len())], "page {} of {:?}", page, q);
            prop_assert_eq!(halves.page(&q, page), got, "in halves: page {} of {:?}", page, q);
        }
    }
}

/// Pieces of people's names and places: Chinese characters (polyphonic
/// among them) and separators, which carry a match over.
const NAMED: [usize; 21] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 22, 23];

proptest! {
    #![proptest_config(Config { cases: 256, rng_seed: RngSeed::Fixed(23), failure_persistence: None, ..Config::default() })]

    /// A word of three or four initials spelled from a run of one
    /// person's name, place or tag (each unit's first letter by any of
    /// its readings), among customers whose other people and places hold
    /// the same letters apart: its page is the full scan's first hits,
    /// and the customer it was spelled from is among the scan's.
    #[test]
    fn a_word_of_initials_pages_as_the_full_scan(
        records in proptest::collection::vec(
            (proptest::collection::vec(proptest::collection::vec(0usize..21, 2..6), 1..4),
             proptest::collection::vec(proptest::collection::vec(0usize..21, 1..4), 0..3)), 1..40),
        pick in (0usize..40, 0usize..8, 0usize..8, proptest::collection::vec(0usize..4, 4)),
        len in 3usize..5,
        page in 1usize..6,
    ) {
        let readings = super::readings::Readings::get();
        let mut index = Index::default();
        let mut fields: Vec<Vec<String>> = Vec::new();
        for (k, (persons, places)) in records.iter().enumerate() {
            let persons: Vec<String> = persons.iter().map(|p| p.iter().map(|&i| PIECES[NAMED[i]]).collect()).collect();
            let places: Vec<String> = places.iter().map(|p| p.iter().map(|&i| PIECES[NAMED[i]]).collect()).collect();
            let mut texts = vec![(Field::Name, "某公司")];
            texts.extend(persons.iter().map(|p| (Field::Person, p.as_str())));
            texts.extend(places.iter().zip([Field::City, Field::Region, Field::Tag]).map(|(p, f)| (f, p.as_str())));
            push(&mut index, &format!("id{k}"), &texts, 1, 0);
            fields.push(persons.into_iter().chain(places).collect());
        }
        let (r, f, s, which) = pick;
        let r = r % records.len();
        let field = &fields[r][f % fields[r].len()];
        // Each unit's first letters, by any reading (separators skipped).
        let units: Vec<Vec<char>> = field
            .chars()
            .filter_map(|c| match super::matcher::unit_in(c, readings) {
                super::matcher::Unit::Han(h) => {
                    Some(readings.of(h).iter().filter_map(|&s| readings.syllable(s).chars().next()).collect())
                }
                _ => None,
            })
            .collect();
        let from = s % units.len().saturating_sub(2).max(1);
        let q: String = units.iter().skip(from).zip(&which).take(len).map(|(u, w)| u[w % u.len()]).collect();
        prop_assume!(q.chars().count() >= 3);
        let want = plain_search(&index, &q);
        let spelled = index.position(&format!("id{r}"));
        prop_assert!(want.iter().any(|h| Some(h.index as usize) == spelled), "{:?} not found in {:?}", q, field);
        let got = index.page(&q, page);
        prop_assert_eq!(got.as_slice(), &want[..page.min(want.len())], "page {} of {:?}", page, q);
        // Every match, through the bounds: none turned away.
        index.clear_cache();
        prop_assert_eq!(index.page(&q, want.len()), want, "every hit of {:?}", q);
    }
}
