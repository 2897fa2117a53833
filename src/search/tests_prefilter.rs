//! The prefilters (letters, letter pairs, written letters) never turn
//! away a record that scoring finds.

use super::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Pieces of text: polyphonic characters, separators, letters as
/// written, and characters read as ASCII (full-width, Kelvin, İ).
const PIECES: [&str; 16] =
    ["重", "庆", "乐", "亭", "西", "安", "长", "沙", "曾", "-", " ", "Xi", "ｘｉ", "\u{212A}", "\u{130}", "3M"];
const LETTERS: &[u8] = b"xichzaqlkt3m";

fn text(parts: &[usize]) -> String {
    parts.iter().map(|&p| PIECES[p % PIECES.len()]).collect()
}

proptest! {
    #![proptest_config(Config { cases: 512, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

    /// The masks (letters, letter pairs) never drop a record that
    /// scoring it would find: with them the score is the same as
    /// with masks that let everything through.
    #[test]
    fn masks_never_drop_a_true_match(
        fields in proptest::collection::vec((0usize..8, proptest::collection::vec(0usize..16, 0..6)), 1..5),
        word in proptest::collection::vec(0usize..12, 1..4),
    ) {
        let kinds = [Field::Name, Field::Person, Field::City, Field::Region, Field::Tag, Field::Phone, Field::Email, Field::Notes];
        let texts: Vec<(Field, String)> = fields.iter().map(|(k, parts)| (kinds[*k], text(parts))).collect();
        let mut index = Index::default();
        let borrowed: Vec<(Field, &str)> = texts.iter().map(|(f, t)| (*f, t.as_str())).collect();
        push(&mut index, "x", &borrowed, 1, 0);
        let q: String = word.iter().map(|&i| char::from(LETTERS[i])).collect();
        let words = query::words(&q);
        let mut scratch = query::Scratch::default();
        let (key, display) = (index.keys.get(0), index.records.get(0));
        let open = query::score_record(&words, (u64::MAX, u64::MAX, key, display), &mut scratch, None);
        let masked = query::score_record(&words, (index.masks[0], index.all_pairs(0), key, display), &mut scratch, None);
        prop_assert_eq!(masked, open, "{:?} in {:?}", q, texts);
    }

    /// The letters kept of e-mails and notes (full-width ones and
    /// those read as ASCII included) never turn away a word that
    /// matches one.
    #[test]
    fn written_letters_never_drop_a_true_match(
        parts in proptest::collection::vec(0usize..16, 1..8),
        word in proptest::collection::vec(0usize..12, 2..5),
        email in proptest::bool::ANY,
    ) {
        let field = if email { Field::Email } else { Field::Notes };
        let t = text(&parts);
        let mut index = Index::default();
        push(&mut index, "x", &[(Field::Name, "a"), (field, &t)], 1, 0);
        let q: String = word.iter().map(|&i| char::from(LETTERS[i])).collect();
        let w = matcher::Word::new(&q);
        let f = matcher::FieldText { field, text: &t, preferred: &[] };
        if matcher::best(&w, &f).is_some() {
            prop_assert!(bound::WordBound::new(&w).written_may(index.masks[0]), "{:?} in {:?}", q, t);
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 1024, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

    /// The pairs a longer word needs (its lead, and those between
    /// units inside it: `cqt` needs c then q, q then t) are kept by
    /// every record with a contiguous match of it in a field matched by
    /// pinyin: polyphonic characters, separators, full-width letters,
    /// digits and letters as written. The word is spelled from a run
    /// of the field's units (a part of any reading of each, from its
    /// start), so that it matches there.
    #[test]
    fn inner_pairs_never_drop_a_contiguous_match(
        parts in proptest::collection::vec(0usize..16, 1..8),
        picks in proptest::collection::vec((0usize..4, 1usize..7), 2..6),
        from in 0usize..12,
        kind in 0usize..5,
    ) {
        let field = [Field::Name, Field::Person, Field::City, Field::Region, Field::Tag][kind];
        let t = text(&parts);
        let readings = readings::Readings::get();
        let units: Vec<Vec<String>> = t
            .chars()
            .filter_map(|c| match matcher::unit_in(c, readings) {
                matcher::Unit::Lit(a) => Some(vec![a.to_string()]),
                matcher::Unit::Han(h) => Some(readings.of(h).iter().map(|&s| readings.syllable(s).to_string()).collect()),
                matcher::Unit::Sep(_) => None,
            })
            .collect();
        let start = from % units.len().max(1);
        let mut q = String::new();
        for (unit, (r, l)) in units.iter().skip(start).zip(&picks) {
            let reading = &unit[r % unit.len()];
            q.extend(reading.chars().take((*l).min(reading.chars().count())));
        }
        prop_assume!(q.chars().count() >= 3 && q.chars().all(|c| c.is_ascii_alphanumeric()));
        let mut index = Index::default();
        push(&mut index, "x", &[(field, &t)], 1, 0);
        let w = matcher::Word::new(&q);
        let f = matcher::FieldText { field, text: &t, preferred: &[] };
        prop_assert!(matcher::best(&w, &f).is_some_and(|m| m.tier >= matcher::Tier::Inside), "{:?} in {:?}", q, t);
        prop_assert!(bound::WordBound::new(&w).pinyin_may(index.all_pairs(0)), "{:?} in {:?}", q, t);
        if field != Field::Name {
            prop_assert!(bound::WordBound::new(&w).others_may(index.masks[0], &index.offered(0)), "{:?} in {:?}", q, t);
        }
    }

    /// The same for words of random letters, which mostly do not match.
    #[test]
    fn inner_pairs_never_drop_a_random_words_match(
        parts in proptest::collection::vec(0usize..16, 1..8),
        word in proptest::collection::vec(0usize..12, 3..6),
        kind in 0usize..5,
    ) {
        let field = [Field::Name, Field::Person, Field::City, Field::Region, Field::Tag][kind];
        let t = text(&parts);
        let mut index = Index::default();
        push(&mut index, "x", &[(field, &t)], 1, 0);
        let q: String = word.iter().map(|&i| char::from(LETTERS[i])).collect();
        let w = matcher::Word::new(&q);
        let f = matcher::FieldText { field, text: &t, preferred: &[] };
        if matcher::best(&w, &f).is_some_and(|m| m.tier >= matcher::Tier::Inside) {
            prop_assert!(bound::WordBound::new(&w).pinyin_may(index.all_pairs(0)), "{:?} in {:?}", q, t);
            if field != Field::Name {
                prop_assert!(bound::WordBound::new(&w).others_may(index.masks[0], &index.offered(0)), "{:?} in {:?}", q, t);
            }
        }
    }
}

#[test]
fn inner_pairs_are_those_between_units() {
    let mut index = Index::default();
    push(&mut index, "a", &[(Field::Person, "张晓琴")], 1, 0);
    push(&mut index, "b", &[(Field::Person, "张琴晓")], 1, 0);
    let zxq = bound::WordBound::new(&matcher::Word::new("zxq"));
    assert!(zxq.pinyin_may(index.all_pairs(0)));
    assert!(!zxq.pinyin_may(index.all_pairs(1)), "z then x, but no x then q");
    // Letters a reading holds side by side need no pair: `zhao` is
    // still found in 赵 (zh, ha, ao inside one reading).
    assert_eq!(pairs::inner_of(&matcher::Word::new("zhao")), 0);
    // `chq` in 重庆: c and h inside chong, then h and q between units;
    // c began a unit's part but h did not: no pair of h then q is
    // needed (none is kept).
    push(&mut index, "c", &[(Field::City, "重庆")], 1, 0);
    assert!(bound::WordBound::new(&matcher::Word::new("chq")).pinyin_may(index.all_pairs(2)));
    assert_eq!(ids(&mut index, "chq"), ["c"]);
    assert_eq!(ids(&mut index, "zxq"), ["a"], "z, q, x in b: no match (people are not matched scattered)");
}

#[test]
fn triples_keep_a_word_of_initials_in_one_persons_name() {
    let mut index = Index::default();
    // l then j in 刘建, j then g in 王建国: both pairs, never l, j, g in a row.
    push(&mut index, "two", &[(Field::Person, "刘建"), (Field::Person, "王建国")], 1, 0);
    push(&mut index, "one", &[(Field::Person, "刘建国")], 1, 0);
    // A separator carries the match over: 刘 建-国 is still l, j, g.
    push(&mut index, "sep", &[(Field::Person, "刘 建-国")], 1, 0);
    let ljg = bound::WordBound::new(&matcher::Word::new("ljg"));
    assert!(ljg.pinyin_may(index.all_pairs(0)), "the pairs alone let it through");
    assert!(!ljg.others_may(index.masks[0], &index.offered(0)), "no triple l, j, g");
    assert!(ljg.others_may(index.masks[1], &index.offered(1)));
    assert!(ljg.others_may(index.masks[2], &index.offered(2)));
    assert_eq!(ids(&mut index, "ljg"), ["one", "sep"]);
    // Letters inside one reading need no triple: `liujg` (liu, then j, g)
    // needs only j then g as units' first letters.
    let triples = |w: &str| pairs::triples_of(&matcher::Word::new(w));
    assert_eq!(triples("liujg"), 0);
    // A longer word needs each run of three: w, l, j and l, j, g.
    assert_eq!(triples("wljg"), triples("wlj") | triples("ljg"));
    assert_ne!(triples("wlj") & !triples("ljg"), 0, "two triples, two bits");
    // Any word of three such letters or digits, not only initials: letters
    // and digits as written in a tag or place, a separator between them.
    push(&mut index, "tag", &[(Field::Tag, "门店 1-3-8"), (Field::City, "LJG Trading")], 1, 0);
    for word in ["138", "d13", "md1", "ljgt", "ljg"] {
        assert!(
            bound::WordBound::new(&matcher::Word::new(word)).others_may(index.masks[3], &index.offered(3)),
            "{word}"
        );
    }
}

#[test]
fn pairs_filter_two_letter_words() {
    let mut index = Index::default();
    push(&mut index, "a", &[(Field::Name, "重庆"), (Field::Notes, "xi")], 1, 0);
    push(&mut index, "b", &[(Field::Name, "ｘ-Ｉ")], 1, 0);
    push(&mut index, "c", &[(Field::Name, "\u{212A}\u{130}")], 1, 0);
    let w = query::words("xi");
    assert_ne!(w[0].pair, 0);
    assert_eq!(
        w[0].pair & !index.all_pairs(0),
        w[0].pair,
        "no x then i in 重庆 (notes are not searched by two letters)"
    );
    assert_eq!(w[0].pair & !index.all_pairs(1), 0, "full-width letters over a separator");
    assert_eq!(ids(&mut index, "xi"), ["b"]);
    assert_eq!(ids(&mut index, "ki"), ["c"], "Kelvin sign and dotted capital I read as k, i");
    assert_eq!(ids(&mut index, "cq"), ["a"]);
}

/// Pieces of phones: digits, separators, full-width digits, letters.
const PHONE: [&str; 12] = ["4", "0", "9", "5", "13", "-", " ", "+86", "\u{FF14}\u{FF10}", "(0)", "x", "95"];

proptest! {
    #![proptest_config(Config { cases: 1024, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

    /// The digit pairs kept of phones never turn away a word that matches
    /// one: the word is a run of the phone's own digits (over separators,
    /// full-width digits read as ASCII), or random digits that happen to
    /// match.
    #[test]
    fn phone_digits_never_drop_a_true_match(
        parts in proptest::collection::vec(0usize..12, 1..10),
        from in 0usize..16,
        take in 2usize..6,
        random in proptest::collection::vec(0usize..4, 2..5),
    ) {
        let phone: String = parts.iter().map(|&p| PHONE[p]).collect();
        let digits: Vec<char> = phone
            .chars()
            .filter_map(|c| match matcher::unit_in(c, readings::Readings::get()) {
                matcher::Unit::Lit(d) if d.is_ascii_digit() => Some(d),
                _ => None,
            })
            .collect();
        let mut index = Index::default();
        push(&mut index, "x", &[(Field::Name, "a"), (Field::Phone, &phone)], 1, 0);
        let spelled: String = digits.iter().skip(from % digits.len().max(1)).take(take).collect();
        let random: String = random.iter().map(|&i| ['4', '0', '9', '5'][i]).collect();
        for q in [spelled, random] {
            let w = matcher::Word::new(&q);
            let f = matcher::FieldText { field: Field::Phone, text: &phone, preferred: &[] };
            if matcher::best(&w, &f).is_some() {
                prop_assert!(bound::WordBound::new(&w).phone_may(index.digits[0]), "{:?} in {:?}", q, phone);
            }
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 2048, rng_seed: RngSeed::Fixed(14), failure_persistence: None, ..Config::default() })]

    /// A word of digits: neither the first bound (phones' starts, ends and
    /// digit pairs, digits written in e-mails, notes and tags) nor the
    /// second (from the text) is ever below what scoring finds. The word
    /// is the start, the end or a run of a phone's own digits, or random.
    #[test]
    fn digit_bounds_are_never_below_the_score(
        fields in proptest::collection::vec((0usize..7, proptest::collection::vec(0usize..12, 1..8)), 1..5),
        which in 0usize..4,
        from in 0usize..16,
        take in 3usize..6,
        random in proptest::collection::vec(0usize..4, 3..6),
    ) {
        use super::super::matcher::Tier;
        let kinds = [Field::Phone, Field::Phone, Field::Phone, Field::Email, Field::Notes, Field::Tag, Field::Person];
        let texts: Vec<(Field, String)> =
            fields.iter().map(|(k, parts)| (kinds[*k], parts.iter().map(|&p| PHONE[p]).collect())).collect();
        let mut all = vec![(Field::Name, "a")];
        all.extend(texts.iter().map(|(f, t)| (*f, t.as_str())));
        let mut index = Index::default();
        push(&mut index, "x", &all, 1, 0);
        let digits: Vec<char> = texts[0]
            .1
            .chars()
            .filter_map(|c| match matcher::unit_in(c, readings::Readings::get()) {
                matcher::Unit::Lit(d) if d.is_ascii_digit() => Some(d),
                _ => None,
            })
            .collect();
        let n = digits.len();
        let q: String = match which {
            0 => digits.iter().take(take).collect(),
            1 => digits.iter().skip(n.saturating_sub(take)).collect(),
            2 => digits.iter().skip(from % n.max(1)).take(take).collect(),
            _ => random.iter().map(|&i| ['4', '0', '9', '5'][i]).collect(),
        };
        let words = query::words(&q);
        prop_assume!(words.len() == 1);
        let mut scratch = query::Scratch::default();
        let (key, display) = (index.keys.get(0), index.records.get(0));
        let score = query::score_record(&words, (u64::MAX, u64::MAX, key, display), &mut scratch, None).unwrap_or(0);
        let b = bound::WordBound::new(&words[0]);
        let (mask, heads, pairs, digits) = (index.masks[0], index.heads[0], index.offered(0), index.digits[0]);
        let first = b.most((&index.initials[0], mask, heads, pairs, digits), display, |_| Some((Tier::Whole, true)));
        prop_assert!(first >= score, "first bound {} < {} for {:?} in {:?}", first, score, q, texts);
        let (m, d) = b.refined(&words[0], (mask, heads, pairs, digits), (key, display), &mut scratch, u32::MAX);
        prop_assert!(m.max(d) >= score, "second bound {} < {} for {:?} in {:?}", m.max(d), score, q, texts);
    }
}

#[test]
fn phone_digits_filter_digits_side_by_side() {
    let mut index = Index::default();
    push(&mut index, "a", &[(Field::Name, "门店3"), (Field::Phone, "136-4596-1541")], 1, 0);
    push(&mut index, "b", &[(Field::Name, "b"), (Field::Phone, "+86 4０-９5")], 1, 0);
    push(&mut index, "c", &[(Field::Name, "c"), (Field::Phone, "4x095")], 1, 0);
    let w = bound::WordBound::new(&matcher::Word::new("4095"));
    assert!(!w.phone_may(index.digits[0]), "no 4 then 0 in a's phone");
    assert!(w.phone_may(index.digits[1]), "full-width digits over a separator");
    assert!(!w.phone_may(index.digits[2]), "a letter breaks the run");
    assert_eq!(ids(&mut index, "4095"), ["b"]);
    assert_eq!(ids(&mut index, "店3"), ["a"], "digits in a name are not a phone's");
    assert_eq!(index.page("4095", 10).len(), 1);
    // Typed in full-width digits (a Chinese input method's), the same.
    assert_eq!(ids(&mut index, "\u{FF14}\u{FF10}\u{FF19}\u{FF15}"), ["b"]);
    assert_eq!(index.page("\u{FF14}\u{FF10}\u{FF19}\u{FF15}", 10).len(), 1);
    assert_eq!(matcher::word_class("\u{FF58}\u{FF49}"), matcher::word_class("xi"), "full-width xi is a short word too");
}
