//! The ordered-initials filter (issue 13: `zxq` scanned every name holding
//! the three letters to find the few that hold them in order).
//!
//! Any match of a word in a name, contiguous or scattered, is a chain of
//! units in order, each consuming a piece of the word: a letter or digit
//! as written consumes one character, a Chinese character itself or a
//! prefix of one of its readings. So a piece begins with a letter the unit
//! starts with, and where two neighbouring characters of the word occur
//! next to each other in no reading (`zx`, `xq`, a letter after a digit),
//! the second begins a piece of its own: a unit of its own, after the
//! previous one's. These forced starts ("the chain") must be found, in
//! order, among the name's units.
//!
//! Each name keeps the first letter of its first twelve units (see
//! [`slots_of`]), five bits each in a `u64`: a letter (1–26), any (a
//! character whose readings begin with different letters, a digit,
//! another letter), or "and more" for the twelfth of a longer name. The
//! chain is matched greedily, each forced start at the first unit left
//! that may begin it: never fails where a match exists.

use super::matcher::Unit;
use super::readings::Readings;

/// A unit that may begin with any letter.
const ANY: u8 = 27;
/// The name has more units from here on: anything may follow.
const MORE: u8 = 28;
/// A run of units no letter of a word begins: digits, letters that are
/// not read as ASCII ones (a name's branch number `#1024` takes one slot).
const OTHER: u8 = 29;
/// Units kept per name.
const SLOTS: usize = 12;

/// The code of a unit (see the module's documentation) from the first
/// letters (and digits: [`super::matcher::bit`]) its readings offer, or of
/// a letter or digit as written.
pub(super) fn code_of(u: Unit, firsts: u64) -> u8 {
    match u {
        Unit::Lit(c) if c.is_ascii_lowercase() => c as u8 - b'a' + 1,
        Unit::Lit(_) => OTHER,
        Unit::Han(_) if firsts.is_power_of_two() && firsts.trailing_zeros() < 26 => firsts.trailing_zeros() as u8 + 1,
        _ => ANY,
    }
}

/// The name's slots from the codes of its units, in order (a run of
/// [`OTHER`] in one slot).
pub(super) fn slots_of(units: impl Iterator<Item = u8>) -> u64 {
    let mut codes: Vec<u8> = Vec::with_capacity(SLOTS + 1);
    for code in codes_iter(units) {
        if codes.len() > SLOTS {
            break;
        }
        codes.push(code);
    }
    let mut slots = 0u64;
    for (k, &code) in codes.iter().take(SLOTS).enumerate() {
        let code = if k == SLOTS - 1 && codes.len() > SLOTS { MORE } else { code };
        slots |= u64::from(code) << (5 * k);
    }
    slots
}

/// The forced starts of a word, in order (a letter's code, 0 for any
/// other character: a digit or a character matched as itself); empty
/// (nothing to test) for a word holding a separator, which a name's
/// separator may consume.
pub(super) fn chain_of(chars: &[char], units: &[Unit]) -> Vec<u8> {
    if units.iter().any(|u| matches!(u, Unit::Sep(_))) {
        return Vec::new();
    }
    let pairs = Readings::get().letter_pairs();
    let letter = |c: char| c.is_ascii_lowercase().then(|| usize::from(c as u8 - b'a'));
    let mut chain = Vec::new();
    for (p, &c) in chars.iter().enumerate() {
        let joined = p > 0 && matches!((letter(chars[p - 1]), letter(c)), (Some(a), Some(b)) if pairs[a] >> b & 1 != 0);
        if !joined {
            chain.push(letter(c).map_or(0, |l| l as u8 + 1));
        }
    }
    chain
}

/// Codes with each run of [`OTHER`] as one.
fn codes_iter(codes: impl Iterator<Item = u8>) -> impl Iterator<Item = u8> {
    let mut prev = 0;
    codes.filter(move |&c| {
        let keep = !(c == OTHER && prev == OTHER);
        prev = c;
        keep
    })
}

/// Whether a name with these slots, whose units begin with the letters
/// `letters` (see [`super::matcher::bit`]), may hold a word with this
/// chain. A digit or a character matched as itself (0 in the chain) may
/// take any unit; a run of others may take many such. Past the slots,
/// what is left of the chain needs its letters among `letters`.
pub(super) fn may_hold(slots: u64, letters: u64, chain: &[u8]) -> bool {
    let mut k = 0;
    for (at, &need) in chain.iter().enumerate() {
        loop {
            if k == SLOTS {
                return false;
            }
            let code = (slots >> (5 * k)) as u8 & 31;
            match code {
                0 => return false,
                MORE => return chain[at..].iter().all(|&n| n == 0 || letters >> (n - 1) & 1 != 0),
                OTHER if need == 0 => break,
                c if c != OTHER && (c == ANY || need == 0 || c == need) => {
                    k += 1;
                    break;
                }
                _ => k += 1,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::search::matcher::{FieldText, Initials, Word, best};
    use crate::search::record::Field;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    /// Pieces of names: polyphonic characters (重 chong/zhong, 长 chang/
    /// zhang, 厦 xia/sha, 乐 le/yue/lao, 曾 zeng/ceng), full-width and
    /// other letters read as ASCII, digits, separators.
    const PIECES: [&str; 22] = [
        "重", "庆", "长", "沙", "厦", "门", "乐", "亭", "曾", "新", "区", "赵", "杰", "Xi", "ｘｉ", "Ｑ", "\u{212A}",
        "\u{130}", "3M", " ", "-", "#12",
    ];
    /// Pieces of words: letters alone and readings (whole and cut),
    /// mixes, digits, a character as itself.
    const WORD: [&str; 18] = [
        "z", "x", "q", "c", "ch", "zh", "qing", "chong", "xia", "lao", "ting", "zhao", "jie", "k", "i", "3", "m", "重",
    ];

    proptest! {
        #![proptest_config(Config { cases: 2048, rng_seed: RngSeed::Fixed(13), failure_persistence: None, ..Config::default() })]

        /// The filter never turns away a name that a match of the word,
        /// by any tier, is in.
        #[test]
        fn the_chain_never_drops_a_true_match(
            name in proptest::collection::vec(0usize..22, 1..16),
            word in proptest::collection::vec(0usize..18, 1..5),
        ) {
            let name: String = name.iter().map(|&p| PIECES[p]).collect();
            let word: String = word.iter().map(|&p| WORD[p]).collect();
            let w = Word::new(&word);
            let f = FieldText { field: Field::Name, text: &name, preferred: &[] };
            if best(&w, &f).is_some() {
                prop_assert!(Initials::of(&name, &[]).may_hold(&w), "{:?} in {:?}", word, name);
            }
        }
    }

    #[test]
    fn scattered_initials_out_of_order_are_turned_away() {
        let w = Word::new("zxq");
        assert_eq!(w.chain(), &[26, 24, 17], "no reading holds zx or xq");
        assert!(!Initials::of("重庆新", &[]).may_hold(&w), "q before x");
        assert!(Initials::of("中心区", &[]).may_hold(&w));
        assert!(Initials::of("重心区", &[]).may_hold(&w), "重 may begin with z");
        assert!(!Initials::of("中心", &[]).may_hold(&w));
        assert_eq!(Word::new("zhao").chain(), &[26], "one reading may hold it all");
        assert_eq!(Word::new("cqing").chain(), &[3, 17]);
        assert!(Word::new("a.b").chain().is_empty(), "a separator may be consumed by one");
        assert!(!Initials::of("重庆新 #1024", &[]).may_hold(&w), "digits begin no letter");
        assert!(Initials::of("重庆新 #1024", &[]).may_hold(&Word::new("zx1024")), "a run of digits takes them all");
        assert!(Initials::of(&("张".repeat(9) + " #1024 新区"), &[]).may_hold(&w));
        assert!(!Initials::of(&("张".repeat(9) + " #1024 新"), &[]).may_hold(&w), "a run in one slot: no overflow");
        let long = "张".repeat(11) + "新区";
        assert!(Initials::of(&long, &[]).may_hold(&w), "past the twelfth unit in any order");
        assert!(!Initials::of("Atlas Electric Co. #1", &[]).may_hold(&w), "past it, the name's letters");
    }
}
