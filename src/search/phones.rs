//! What a record's phones offer a word of digits, kept per customer so that
//! a page's first bound can tell where in a phone such a word may match
//! without reading the record (issue 13: typing a number's digits bounded
//! 55,000 of 100,000 customers at a match of a whole phone, because most
//! landlines begin with 0, and reading each again cost 38 ms a keystroke).
//!
//! A phone is read as a match reads it: separators carry a match over and
//! are skipped at its ends, full-width digits read as ASCII ones (see
//! [`unit_in`]), anything else breaks a run of digits. Three things are
//! kept, in one 128-bit word per customer:
//! - every pair of digits side by side (bits 0–99, one per pair: a word's
//!   own pairs must all be there for it to match a phone at all);
//! - the last two digits of each phone, hashed to bits 100–126, or bit 127
//!   for a phone not ending in two digits (a match at a phone's end ends
//!   with them);
//!
//! and, in the heads (see `bound.rs`), the first two digits of each phone
//! hashed to bits 48–62, or bit 63 for a phone not beginning with two (a
//! match from a phone's start begins with them).

use super::matcher::{Unit, Word, unit_in};
use super::readings::Readings;
use super::record::{self, Field};

/// First bit of the phones' last two digits.
const ENDS: u32 = 100;
/// How many bits the last two digits are hashed to.
const END_BITS: u32 = 27;
/// A phone that does not end in two digits.
const END_ANY: u128 = 1 << 127;
/// First bit, in the heads, of the phones' first two digits.
const STARTS: u32 = 48;
/// How many bits the first two digits are hashed to.
const START_BITS: u32 = 15;
/// A phone that does not begin with two digits (in the heads).
const START_ANY: u64 = 1 << 63;

/// The number of two ASCII digits (`a` then `b`), 0–99.
fn pair(a: char, b: char) -> u32 {
    (a as u32 - u32::from(b'0')) * 10 + (b as u32 - u32::from(b'0'))
}

fn end_bit(a: char, b: char) -> u128 {
    1 << (ENDS + pair(a, b) % END_BITS)
}

fn start_bit(a: char, b: char) -> u64 {
    1 << (STARTS + pair(a, b) % START_BITS)
}

/// The two digits of a phone's ends, when they are two ASCII digits.
fn two_digits(mut units: impl Iterator<Item = char>) -> Option<(char, char)> {
    let (a, b) = (units.next()?, units.next()?);
    (a.is_ascii_digit() && b.is_ascii_digit()).then_some((a, b))
}

/// A phone's units as a match reads them: separators left out.
fn units<'a>(text: &'a str, readings: &'a Readings) -> impl DoubleEndedIterator<Item = char> + 'a {
    text.chars().filter_map(move |c| match unit_in(c, readings) {
        Unit::Sep(_) => None,
        Unit::Lit(a) => Some(a),
        // In a phone a Chinese character is a letter as written.
        Unit::Han(h) => Some(h),
    })
}

/// The pairs of digits side by side in a record's phones and how each
/// phone ends (see the module's documentation).
pub(super) fn digits_of(display: &str) -> u128 {
    let readings = Readings::get();
    let mut out = 0;
    for (_, text) in record::fields(display).filter(|(f, _)| *f == Field::Phone) {
        let mut prev = None;
        for d in units(text, readings) {
            if d.is_ascii_digit() {
                if let Some(p) = prev {
                    out |= 1 << pair(p, d);
                }
                prev = Some(d);
            } else {
                prev = None;
            }
        }
        out |= match two_digits(units(text, readings).rev()) {
            Some((last, before)) => end_bit(before, last),
            None => END_ANY,
        };
    }
    out
}

/// How a phone begins, as kept in the heads (see the module's
/// documentation).
pub(super) fn start_of(text: &str) -> u64 {
    match two_digits(units(text, Readings::get())) {
        Some((a, b)) => start_bit(a, b),
        None => START_ANY,
    }
}

/// What a word of digits needs of a record's phones.
#[derive(Debug, Default)]
pub(super) struct Needs {
    /// Its digits side by side: every one must be in some phone.
    pairs: u128,
    /// Its first two characters, when two digits: a match from a phone's
    /// start needs one of the phones to begin with them (0: nothing).
    start: u64,
    /// Its last two, when two digits: a match at a phone's end needs one
    /// to end with them (0: nothing).
    end: u128,
}

impl Needs {
    pub(super) fn of(word: &Word) -> Needs {
        let chars = &word.chars;
        let pairs = chars
            .windows(2)
            .filter(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
            .fold(0, |m, w| m | 1 << pair(w[0], w[1]));
        let start = two_digits(chars.iter().copied()).map_or(0, |(a, b)| start_bit(a, b));
        let end = two_digits(chars.iter().rev().copied()).map_or(0, |(last, before)| end_bit(before, last));
        Needs { pairs, start, end }
    }

    /// Whether a record whose phones hold these digits ([`digits_of`])
    /// may hold a match of the word in a phone.
    pub(super) fn may(&self, digits: u128) -> bool {
        self.pairs & !digits == 0
    }

    /// Whether a record with these heads may hold a match from a phone's
    /// start.
    pub(super) fn may_start(&self, heads: u64) -> bool {
        self.start == 0 || heads & (self.start | START_ANY) != 0
    }

    /// Whether a record whose phones hold these digits may hold a match
    /// at a phone's end.
    pub(super) fn may_end(&self, digits: u128) -> bool {
        self.end == 0 || digits & (self.end | END_ANY) != 0
    }
}
