//! A second prefilter for two-letter words (`xi`, `ch`, `zh`), which match
//! only contiguously and only in names, people and places: each record
//! keeps a 64-bit set of the letter pairs that such a word could consume
//! there, and a word whose pair is missing is not scored. The letters a
//! record offers (the first prefilter) say little for two letters: a few
//! Chinese characters' readings hold most of the alphabet.
//!
//! A two-letter word consumes, contiguously (separators carry a match
//! over, see `scan.rs`): the first two letters of one reading of a
//! Chinese character, or one unit's first letter (a reading's initial, or
//! a letter or digit as written) then the next unit's first letter. The
//! set holds every such pair (hashed to a bit; another pair may share it,
//! so the test can pass a record that does not match, never fail one that
//! does).
//!
//! A longer word of initials (`ljg`) needs its pairs `lj` and `jg`, which
//! a customer's people, places and tags often offer from two of them
//! (刘建 and 王建国): a third set, of those fields' triples of three units
//! in a row (their first letters), tells them apart. It serves any word
//! with three letters or digits in a row that each begin a unit's part
//! (no reading holds two of them side by side: `ljg`, `d13`, not `lia`). The name needs none:
//! its initials are bounded more closely (see `initials.rs`).

use super::matcher::{Unit, Word, bit, unit_in};
use super::readings::Readings;
use super::record;

/// Bit of the pair (a, b) of ASCII bytes.
fn pair_bit(a: u8, b: u8) -> u64 {
    let v = (u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B1);
    1 << (v >> 26)
}

/// Bit of the triple (a, b, c) of ASCII bytes.
fn triple_bit(a: u8, b: u8, c: u8) -> u64 {
    let v = (u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c)).wrapping_mul(0x9E37_79B1);
    1 << (v >> 26)
}

/// What a record offers a word matched contiguously in its fields matched
/// by pinyin (see [`of_record`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Offered {
    /// The name's letter pairs.
    pub(super) name: u64,
    /// The letter pairs of people, places and tags.
    pub(super) others: u64,
    /// Their triples of three units' first letters in a row: a word of
    /// initials (`ljg`) needs its three together in one person's name,
    /// where its pairs may come from two people (刘建 and 王建国); so does
    /// any word of three letters or digits in a row that no reading holds
    /// two of side by side (`d13`, `md138`; see [`triples_of`]).
    pub(super) triples: u64,
}

/// The pairs a two-letter word can consume in the fields a two-letter
/// word is matched in (names, people, places, tags: those matched by
/// pinyin) of a record's display: the name's, and the other fields'; and
/// the other fields' triples of units' first letters.
pub(super) fn of_record(display: &str) -> Offered {
    let readings = Readings::get();
    let mut offered = Offered::default();
    // The first letters the previous unit offers (at most a few readings),
    // and the unit before it.
    let mut prev: Vec<u8> = Vec::new();
    let mut before: Vec<u8> = Vec::new();
    let mut here: Vec<u8> = Vec::new();
    for (field, text) in record::fields(display) {
        if !field.by_pinyin() {
            continue;
        }
        let name = field == record::Field::Name;
        let pairs = if name { &mut offered.name } else { &mut offered.others };
        prev.clear();
        before.clear();
        for c in text.chars() {
            here.clear();
            match unit_in(c, readings) {
                // A separator carries a match over: the previous unit's
                // letters stay.
                Unit::Sep(_) => continue,
                Unit::Lit(a) => {
                    if a.is_ascii() {
                        here.push(a as u8);
                    }
                }
                Unit::Han(h) => {
                    for &s in readings.of(h) {
                        let syl = readings.syllable(s).as_bytes();
                        if let [a, b, ..] = syl {
                            *pairs |= pair_bit(*a, *b);
                        }
                        if let Some(&a) = syl.first()
                            && !here.contains(&a)
                        {
                            here.push(a);
                        }
                    }
                }
            }
            for &a in &prev {
                for &b in &here {
                    *pairs |= pair_bit(a, b);
                }
            }
            if !name {
                for &a in &before {
                    for &b in &prev {
                        for &c in &here {
                            offered.triples |= triple_bit(a, b, c);
                        }
                    }
                }
            }
            std::mem::swap(&mut before, &mut prev);
            std::mem::swap(&mut prev, &mut here);
        }
    }
    offered
}

/// The pair a word needs, for a positive word of two ASCII letters or
/// digits; 0 (nothing needed) for any other word.
pub(super) fn of_word(word: &Word) -> u64 {
    match word.chars.as_slice() {
        [a, b] if !word.negative && a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() && word.class == 1 => {
            pair_bit(*a as u8, *b as u8)
        }
        _ => 0,
    }
}

/// Whether some reading holds the letters `a` then `b` next to each other
/// (a unit may consume both), for ASCII letters and digits.
fn inside_a_reading(a: u8, b: u8) -> bool {
    static BIGRAMS: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let table = BIGRAMS.get_or_init(|| {
        let readings = Readings::get();
        let mut t = vec![false; 128 * 128];
        for s in 0..readings.syllable_count() {
            for w in readings.syllable(s as super::readings::Syl).as_bytes().windows(2) {
                if let [x, y] = *w
                    && x < 128
                    && y < 128
                {
                    t[usize::from(x) * 128 + usize::from(y)] = true;
                }
            }
        }
        t
    });
    a < 128 && b < 128 && table[usize::from(a) * 128 + usize::from(b)]
}

/// The pairs a contiguous match of a positive word of ASCII letters and
/// digits needs in a field matched by pinyin, beside its lead (see
/// [`lead_of`]): where no reading holds two neighbouring characters of the
/// word, the second begins a unit's part of the match; where the first
/// began one too, that unit gave it alone (a reading's first letter, or
/// itself as written) and the next unit begins with the second: the pair
/// of two neighbouring units' first letters, kept in a record's pairs (see
/// [`of_record`]). 0 for any other word.
pub(super) fn inner_of(word: &Word) -> u64 {
    let c = &word.chars;
    if word.negative || c.len() < 3 || !c.iter().all(char::is_ascii_alphanumeric) {
        return 0;
    }
    let bytes: Vec<u8> = c.iter().map(|&ch| ch as u8).collect();
    let mut need = 0;
    // Whether the character before begins a unit's part of the match.
    let mut begins = true;
    for p in 1..bytes.len() {
        let here = !inside_a_reading(bytes[p - 1], bytes[p]);
        if here && begins {
            need |= pair_bit(bytes[p - 1], bytes[p]);
        }
        begins = here;
    }
    need
}

/// The triples a contiguous match of a positive word of ASCII letters and
/// digits needs in a person's name, a place or a tag: where three
/// neighbouring characters each begin a unit's part of the match (see
/// [`inner_of`]), three units in a row gave one letter each, and a
/// record's triples hold them (see [`of_record`]). 0 for any other word.
pub(super) fn triples_of(word: &Word) -> u64 {
    let c = &word.chars;
    if word.negative || c.len() < 3 || !c.iter().all(char::is_ascii_alphanumeric) {
        return 0;
    }
    let bytes: Vec<u8> = c.iter().map(|&ch| ch as u8).collect();
    let begins: Vec<bool> = (0..bytes.len()).map(|p| p == 0 || !inside_a_reading(bytes[p - 1], bytes[p])).collect();
    (2..bytes.len())
        .filter(|&p| begins[p - 2] && begins[p - 1] && begins[p])
        .fold(0, |need, p| need | triple_bit(bytes[p - 2], bytes[p - 1], bytes[p]))
}

/// The letters and digits of a word that begin a unit's part of any match
/// of it (contiguous or scattered, in a field matched by pinyin): its
/// first, and each one that no reading holds right after the one before
/// it (so no unit gives both). A name must offer each as some unit's first
/// letter ([`super::initials::Initials::offers`]).
pub(super) fn unit_starts(word: &Word) -> u64 {
    let c = &word.chars;
    let mut need = c.first().map_or(0, |&f| bit(f));
    for w in c.windows(2) {
        if !(w[0].is_ascii() && w[1].is_ascii() && inside_a_reading(w[0] as u8, w[1] as u8)) {
            need |= bit(w[1]);
        }
    }
    need
}

/// The pair a contiguous match of a positive word begins with in a field
/// matched by pinyin, for a word whose first two characters are ASCII
/// letters or digits (its first unit's reading begins with both, or that
/// unit gives the first and the next unit's the second); 0 for any other
/// word.
pub(super) fn lead_of(word: &Word) -> u64 {
    match word.chars.as_slice() {
        [a, b, ..] if !word.negative && a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => {
            pair_bit(*a as u8, *b as u8)
        }
        _ => 0,
    }
}
