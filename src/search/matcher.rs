//! Matching a query against one customer's fields, syllable by syllable.
//!
//! A field is read as units: a Chinese character, an ASCII letter or digit,
//! or a separator (space, punctuation). A query word is consumed left to
//! right: a letter or digit matches itself, a Chinese character itself, and
//! a Chinese character also consumes any prefix of any of its readings (its
//! initial, its full syllable, or a part: `cqing`, `chongq` and `laoting`
//! all match). The set of query positions reached is a 64-bit mask carried
//! from unit to unit, so no spelling is ever enumerated and the cost per
//! unit is a few table lookups.
//!
//! A word's match in a field has a tier: the whole field, from its start,
//! from the start of a word (any Chinese character, or after a separator),
//! inside an ASCII word, or scattered (units skipped). Matches that need
//! only the readings the override tables prefer earn a small bonus.

pub use super::initials::Initials;
use super::readings::{Readings, Syl};
use super::record::Field;

/// Longest query word matched (in characters); the rest is ignored.
pub const MAX_WORD: usize = 63;

/// How well a word matched a field, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Units skipped between matched ones.
    Scattered = 1,
    /// Contiguous, inside an ASCII word.
    Inside = 2,
    /// Contiguous from a word's start.
    WordStart = 3,
    /// Contiguous from the field's start (or, for a phone, to its end).
    Prefix = 4,
    /// The whole field: a little above a prefix (a person's initials in
    /// full), not a tier above (a city named in full does not outrank a
    /// customer's name that starts with the query).
    Whole = 5,
}

/// One query word, prepared.
#[derive(Debug)]
pub struct Word {
    pub(super) chars: Vec<char>,
    /// Excluded: no field may match it.
    pub negative: bool,
    /// See [`word_class`]: short words (one or two ASCII characters, one
    /// Chinese) match only contiguously, and only names, people and
    /// places; one character only names.
    pub(super) class: u8,
    has_digit: bool,
    has_non_ascii: bool,
    /// Letters and digits the word needs (see [`unit_mask`]).
    pub needs: u64,
    /// The letter pair a two-letter word needs (see [`super::pairs`]), or 0.
    pub pair: u64,
    pub(super) full: u64,
    /// For each ASCII byte, the positions holding it.
    eq_ascii: [u64; 128],
    /// reach[s * len + p]: positions reached from p by a prefix of syllable s.
    reach: Vec<u64>,
    /// The same by whole syllables or initials only (any prefix at the
    /// word's end): `yudu` is clean for 于都, not for 乐都 (yu of yue).
    reach_clean: Vec<u64>,
}

/// What a unit of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Han(char),
    Lit(char),
    Sep(char),
}

pub(super) fn unit(c: char) -> Unit {
    unit_in(c, Readings::get())
}

pub(super) fn unit_in(c: char, readings: &Readings) -> Unit {
    if c.is_ascii_alphanumeric() {
        return Unit::Lit(c.to_ascii_lowercase());
    }
    if c.is_ascii() {
        return Unit::Sep(c);
    }
    // Full-width letters and digits are typed as ASCII.
    if let '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' = c
        && let Some(a) = char::from_u32(u32::from(c) - 0xFEE0)
    {
        return Unit::Lit(a.to_ascii_lowercase());
    }
    if !readings.of(c).is_empty() {
        return Unit::Han(c);
    }
    if c.is_alphanumeric() { Unit::Lit(c.to_lowercase().next().unwrap_or(c)) } else { Unit::Sep(c) }
}

/// A Chinese character (or any non-ASCII letter) starts a word: such text
/// has no spaces between words.
pub(super) fn word_start(u: Unit) -> bool {
    match u {
        Unit::Han(_) => true,
        Unit::Lit(c) => !c.is_ascii(),
        Unit::Sep(_) => false,
    }
}

/// Bit for an ASCII letter or digit in a prefilter mask.
pub(super) fn bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 0,
    }
}

/// The letters and digits a field's units can offer (every letter of every
/// reading of its Chinese characters, when matched by pinyin).
pub fn unit_mask(text: &str, pinyin: bool) -> u64 {
    let readings = Readings::get();
    let mut mask = 0;
    for c in text.chars() {
        if c.is_ascii() {
            mask |= bit(c.to_ascii_lowercase());
            continue;
        }
        match unit_in(c, readings) {
            Unit::Lit(a) => mask |= bit(a),
            Unit::Han(h) if pinyin => mask |= u64::from(readings.letters(h)),
            _ => {}
        }
    }
    mask
}

/// Whether a word of a query is short (see [`Word::short`]), without
/// preparing it.
pub fn is_short(text: &str) -> bool {
    word_class(text) < 2
}

/// 0 for a one-character word (matched in names only), 1 for another short
/// word (see [`Word::short`]), 2 for the rest: a word that changes class
/// matches other fields, so hits are not narrowed across classes.
pub fn word_class(text: &str) -> u8 {
    let text = text.strip_prefix('!').filter(|r| !r.is_empty()).unwrap_or(text);
    let n = text.chars().count();
    // Full-width letters and digits are typed as ASCII (see `unit_in`).
    let ascii = text.chars().all(|c| {
        c.is_ascii() || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
    });
    if n <= 1 {
        0
    } else if ascii && n <= 2 {
        1
    } else {
        2
    }
}

impl Word {
    /// Prepare one word of a query (lower-cased, full-width folded).
    pub fn new(text: &str) -> Word {
        let (negative, text) = match text.strip_prefix('!') {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, text),
        };
        let chars: Vec<char> = text
            .chars()
            .map(|c| match unit(c) {
                Unit::Lit(a) => a,
                Unit::Han(h) => h,
                Unit::Sep(s) => s,
            })
            .take(MAX_WORD)
            .collect();
        let has_non_ascii = chars.iter().any(|c| !c.is_ascii());
        let has_digit = chars.iter().any(char::is_ascii_digit);
        let class = word_class(text);
        let len = chars.len();
        let mut eq_ascii = [0u64; 128];
        for (p, &c) in chars.iter().enumerate() {
            if c.is_ascii() {
                eq_ascii[c as usize] |= 1 << p;
            }
        }
        let readings = Readings::get();
        let mut reach = vec![0u64; readings.syllable_count() * len];
        let mut reach_clean = vec![0u64; readings.syllable_count() * len];
        for s in 0..readings.syllable_count() {
            let syl = readings.syllable(s as Syl).as_bytes();
            let initial = if syl.len() > 2 && matches!(&syl[..2], b"zh" | b"ch" | b"sh") { 2 } else { 1 };
            for p in 0..len {
                let (mut mask, mut clean) = (0u64, 0u64);
                let mut k = 0;
                while k < syl.len() && p + k < len && chars[p + k] as u32 == u32::from(syl[k]) {
                    k += 1;
                    mask |= 1 << (p + k);
                    if k <= initial || k == syl.len() || p + k == len {
                        clean |= 1 << (p + k);
                    }
                }
                reach[s * len + p] = mask;
                reach_clean[s * len + p] = clean;
            }
        }
        let mut word = Word {
            needs: chars.iter().copied().map(bit).fold(0, |a, b| a | b),
            pair: 0,
            full: 1 << len,
            chars,
            negative,
            class,
            has_digit,
            has_non_ascii,
            eq_ascii,
            reach,
            reach_clean,
        };
        word.pair = super::pairs::of_word(&word);
        word
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// True for an empty word.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Positions holding `c`.
    fn eq(&self, c: char) -> u64 {
        if c.is_ascii() {
            return self.eq_ascii[c as usize];
        }
        if !self.has_non_ascii {
            return 0;
        }
        self.chars.iter().enumerate().filter(|(_, q)| **q == c).fold(0, |m, (p, _)| m | (1 << p))
    }

    /// Positions reached from `state` by consuming unit `u`; `only` limits
    /// a Chinese character to one reading, `clean` to whole syllables and
    /// initials.
    pub(super) fn step(&self, state: u64, u: Unit, readings: &Readings, only: Option<Syl>, clean: bool) -> u64 {
        let (c, han) = match u {
            Unit::Han(c) => (c, true),
            Unit::Lit(c) | Unit::Sep(c) => (c, false),
        };
        let mut next = (state & self.eq(c)) << 1;
        if han {
            let len = self.chars.len();
            let reach = if clean { &self.reach_clean } else { &self.reach };
            let mut bits = state & !self.full;
            while bits != 0 {
                let p = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                match only {
                    Some(s) => next |= reach[s as usize * len + p],
                    None => {
                        for &s in readings.of(c) {
                            next |= reach[s as usize * len + p];
                        }
                    }
                }
            }
        }
        next
    }

    /// [`Word::step`] by any reading for several states at once over the
    /// same unit: its readings are looked up once for all of them.
    pub(super) fn step_all<const N: usize>(&self, states: [u64; N], u: Unit, readings: &Readings) -> [u64; N] {
        let (c, han) = match u {
            Unit::Han(c) => (c, true),
            Unit::Lit(c) | Unit::Sep(c) => (c, false),
        };
        let eq = self.eq(c);
        let mut next = states.map(|s| (s & eq) << 1);
        if han {
            let len = self.chars.len();
            let syllables = readings.of(c);
            let mut bits = states.iter().fold(0, |a, s| a | s) & !self.full;
            while bits != 0 {
                let p = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let reached = syllables.iter().fold(0, |m, &s| m | self.reach[s as usize * len + p]);
                for (n, s) in next.iter_mut().zip(&states) {
                    if s >> p & 1 != 0 {
                        *n |= reached;
                    }
                }
            }
        }
        next
    }

    /// Whether this word may be looked for in `field`, and how.
    pub(super) fn allows(&self, field: Field, tier: Tier) -> bool {
        let contiguous = tier >= Tier::Inside;
        let short = self.class < 2;
        match field {
            // Scattered letters are a name's abbreviation; in a person's
            // name or a place they are mostly noise (and slow to find).
            Field::Name => !short || contiguous,
            Field::Person | Field::City | Field::Region | Field::Tag => self.class > 0 && contiguous,
            Field::Phone => !short && self.has_digit && !self.has_non_ascii && contiguous,
            Field::Email => !short && !self.has_non_ascii && contiguous,
            Field::Notes => !short && contiguous,
        }
    }

    /// A cheap test, on the bytes alone, that `text` holds every letter and
    /// digit the word needs as written: every digit (Chinese readings have
    /// none), and every letter too in a field not matched by pinyin. Text
    /// with characters read as ASCII (full-width forms) is not tested.
    pub(super) fn may_be_spelled_in(&self, text: &str, pinyin: bool) -> bool {
        const DIGITS: u64 = 0x3FF << 26;
        let needs = if pinyin { self.needs & DIGITS } else { self.needs };
        if needs == 0 {
            return true;
        }
        let mut has = 0u64;
        for b in text.bytes() {
            // Characters read as ASCII letters or digits: full-width forms
            // (U+FF00…), the Kelvin sign (U+212A) and İ (U+0130).
            if matches!(b, 0xC4 | 0xE2 | 0xEF) {
                return true;
            }
            has |= bit(char::from(b.to_ascii_lowercase()));
        }
        needs & !has == 0
    }

    /// Whether a field matched by pinyin offers every letter and digit
    /// the word needs (by any reading, as a record's mask is built): a
    /// record's letters often come from several fields, none holding
    /// them all.
    pub(super) fn may_be_read_in(&self, text: &str) -> bool {
        self.needs & !unit_mask(text, true) == 0
    }

    /// A cheap test that `text` may hold a literal match: the word's first
    /// character is there.
    pub(super) fn may_be_in(&self, text: &str) -> bool {
        match self.chars.first() {
            Some(&c) if c.is_ascii() => text.bytes().any(|b| b.to_ascii_lowercase() == c as u8),
            Some(&c) => text.contains(c),
            None => false,
        }
    }
}

pub use super::scan::{FieldText, Quality, best, score};
pub use super::spans::spans;

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
