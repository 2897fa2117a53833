//! Tests of the field scan: the one-pass scan finds what one scan per
//! start finds (the plain reference below, as matching was first written).

use super::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// One start at a time: reached the end of the word, and whether it ended
/// with the field's last unit.
fn plain_scan(word: &Word, f: &FieldText<'_>, start: Start, scattered: bool, modes: (bool, bool)) -> (bool, bool) {
    let readings = Readings::get();
    let pinyin = f.field.by_pinyin();
    let (mut state, mut hit, mut prev_sep, mut seen_unit) = (0u64, false, true, false);
    let mut over = f.preferred.iter().peekable();
    for (i, c) in f.text.chars().enumerate() {
        let u = field_unit(c, pinyin, readings);
        if start.injects(u, seen_unit, prev_sep) {
            state |= 1;
        }
        let only = if modes.0
            && let Unit::Han(h) = u
        {
            while over.peek().is_some_and(|(ci, _)| (*ci as usize) < i) {
                over.next();
            }
            match over.peek() {
                Some((ci, s)) if *ci as usize == i => Some(*s),
                _ => readings.of(h).first().copied(),
            }
        } else {
            None
        };
        let mut next = word.step(state, u, readings, only, modes.1);
        if scattered || matches!(u, Unit::Sep(_)) {
            next |= state;
        }
        prev_sep = matches!(u, Unit::Sep(_));
        seen_unit |= !prev_sep;
        hit |= next & word.full != 0;
        state = next;
    }
    (hit, state & word.full != 0)
}

/// [`best`] by one plain scan per start and mode.
fn plain_best(word: &Word, f: &FieldText<'_>) -> Option<Quality> {
    if word.is_empty() || !word.allows(f.field, Tier::Whole) {
        return None;
    }
    let literal_start = word.chars.first().is_some_and(|c| !c.is_ascii());
    if (!f.field.by_pinyin() || literal_start) && !word.may_be_in(f.text) {
        return None;
    }
    let widest = word.allows(f.field, Tier::Scattered);
    let any = |start, scattered| plain_scan(word, f, start, scattered, (false, false));
    if !any(Start::Anywhere, widest).0 {
        return None;
    }
    let (from_start, to_end) = any(Start::Field, false);
    let tier = if from_start && to_end {
        Tier::Whole
    } else if from_start || (f.field == Field::Phone && any(Start::Anywhere, false).1) {
        Tier::Prefix
    } else if any(Start::Word, false).0 {
        Tier::WordStart
    } else if any(Start::Anywhere, false).0 {
        Tier::Inside
    } else {
        Tier::Scattered
    };
    if !word.allows(f.field, tier) {
        return None;
    }
    let (start, scattered) = tier_start(tier, f.field);
    let plain = !f.field.by_pinyin();
    let preferred = plain || plain_scan(word, f, start, scattered, (true, false)).0;
    let clean = plain || plain_scan(word, f, start, scattered, (false, true)).0;
    Some(Quality { tier, preferred, clean })
}

const FIELDS: [Field; 8] =
    [Field::Name, Field::Person, Field::City, Field::Region, Field::Tag, Field::Phone, Field::Email, Field::Notes];

/// Texts and queries from pieces that exercise readings, separators,
/// digits and letters.
fn text() -> impl Strategy<Value = String> {
    let pieces = [
        "重", "庆", "乐", "亭", "长", "沙", "恒", "达", "厦", "门", "曾", "限", "a", "x", "i", "1", "38", " ", "-",
        "(", "Hc", "ü", "４", "Ｈ", "9", "\u{212A}", "\u{130}", "K",
    ];
    proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..9).prop_map(|v| v.concat())
}

fn query() -> impl Strategy<Value = String> {
    let pieces = [
        "c", "q", "ch", "ong", "zh", "l", "ao", "t", "ing", "x", "ia", "i", "a", "1", "38", "重", "庆", "h", "d", "4",
        "9", "k",
    ];
    proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 1..5).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(Config { cases: 2000, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

    #[test]
    fn one_pass_finds_what_one_scan_per_start_finds(q in query(), t in text(), field in 0usize..8, pref in any::<bool>()) {
        let chong = Readings::get().find("chong").unwrap_or(0);
        let lao = Readings::get().find("lao").unwrap_or(0);
        let prefs = [(0u16, chong), (1u16, lao)];
        let f = FieldText { field: FIELDS[field], text: &t, preferred: if pref { &prefs } else { &[] } };
        let word = Word::new(&q);
        prop_assert_eq!(best(&word, &f), plain_best(&word, &f), "{} in {:?}", q, t);
    }

    /// The early-stopping scan from a field's start finds what the plain
    /// scan from the start finds (the bounds of `top.rs` rest on it).
    #[test]
    fn the_scan_from_the_start_stops_early_and_agrees(q in query(), t in text(), field in 0usize..8) {
        let f = FieldText { field: FIELDS[field], text: &t, preferred: &[] };
        let word = Word::new(&q);
        let want = match plain_scan(&word, &f, Start::Field, false, (false, false)) {
            (true, true) => Some(Tier::Whole),
            (true, false) => Some(Tier::Prefix),
            _ => None,
        };
        prop_assert_eq!(from_start(&word, &f), want, "{} in {:?}", q, t);
    }
}
