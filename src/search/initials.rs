//! One letter or digit against a name, answered from precomputed masks:
//! the first keystroke scores 100k names without reading them.

use super::matcher::{Quality, Tier, Unit, bit, unit_in, word_start};
use super::readings::{Readings, Syl};

/// What one letter or digit finds in a name, precomputed per customer so
/// that the first keystroke scores 100k names without reading them: the
/// characters the first unit offers (by any reading, by the preferred one),
/// those a word's start offers, those any unit offers, and how many units
/// the name has (255 for more).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Initials {
    first_any: u64,
    first_pref: u64,
    word_start: u64,
    word_pref: u64,
    any: u64,
    units: u8,
}

/// The letters of a mask.
const LETTERS: u64 = (1 << 26) - 1;
/// Where `any` keeps the letters the preferred readings offer (digits are
/// themselves, preferred or not).
const PREFERRED: u32 = 36;

/// Bytes of a saved [`Initials`].
pub const SAVED_LEN: usize = 41;

impl Initials {
    /// Its bytes, to save.
    pub fn to_bytes(&self) -> [u8; SAVED_LEN] {
        let mut out = [0u8; SAVED_LEN];
        let words = [self.first_any, self.first_pref, self.word_start, self.word_pref, self.any];
        for (k, v) in words.into_iter().enumerate() {
            out[k * 8..k * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }
        out[40] = self.units;
        out
    }

    /// From saved bytes.
    pub fn from_bytes(b: &[u8; SAVED_LEN]) -> Initials {
        let word = |k: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[k * 8..k * 8 + 8]);
            u64::from_le_bytes(w)
        };
        Initials {
            first_any: word(0),
            first_pref: word(1),
            word_start: word(2),
            word_pref: word(3),
            any: word(4),
            units: b[40],
        }
    }

    /// The masks of a name.
    pub fn of(name: &str, preferred: &[(u16, Syl)]) -> Initials {
        let readings = Readings::get();
        let mut out = Initials::default();
        let mut prev_sep = true;
        let mut units = 0;
        for (i, c) in name.chars().enumerate() {
            let u = unit_in(c, readings);
            let (any, pref) = match u {
                Unit::Sep(_) => {
                    prev_sep = true;
                    continue;
                }
                Unit::Lit(a) => (bit(a), bit(a)),
                Unit::Han(h) => {
                    let first = |s: Syl| readings.syllable(s).chars().next().map_or(0, bit);
                    let any = readings.of(h).iter().fold(0, |m, &s| m | first(s));
                    let pref = preferred
                        .iter()
                        .find(|(ci, _)| usize::from(*ci) == i)
                        .map(|(_, s)| *s)
                        .or_else(|| readings.of(h).first().copied())
                        .map_or(0, first);
                    (any, pref)
                }
            };
            if units == 0 {
                out.first_any = any;
                out.first_pref = pref;
            }
            if prev_sep || word_start(u) {
                out.word_start |= any;
                out.word_pref |= pref;
            }
            out.any |= any | ((pref & LETTERS) << PREFERRED);
            units += 1;
            prev_sep = false;
        }
        out.units = u8::try_from(units).unwrap_or(u8::MAX);
        out
    }

    /// The quality of a one-character ASCII word in the name, as [`best`]
    /// would find it.
    pub fn quality(&self, c: char) -> Option<Quality> {
        let b = bit(c.to_ascii_lowercase());
        if b == 0 || self.any & b == 0 {
            return None;
        }
        let tier = if self.first_any & b != 0 {
            if self.units == 1 { Tier::Whole } else { Tier::Prefix }
        } else if self.word_start & b != 0 {
            Tier::WordStart
        } else {
            Tier::Inside
        };
        // Only an ASCII letter or digit as written matches inside a word:
        // no reading to prefer there.
        let preferred = match tier {
            Tier::Whole | Tier::Prefix => self.first_pref & b != 0,
            Tier::WordStart => self.word_pref & b != 0,
            Tier::Inside | Tier::Scattered => true,
        };
        Some(Quality { tier, preferred, clean: true })
    }

    /// Whether some unit offers each of these letters and digits as its
    /// first (see `pairs::unit_starts`): else no match in the name.
    pub fn offers(&self, letters: u64) -> bool {
        self.any & letters == letters
    }

    /// Whether the preferred readings offer each of these letters (and
    /// digits) as some unit's first: else no match in the name is by the
    /// preferred readings alone.
    pub fn offers_preferred(&self, letters: u64) -> bool {
        let want = ((letters & LETTERS) << PREFERRED) | (letters & !LETTERS);
        self.any & want == want
    }

    /// The best tier a word of `len` characters starting with `c` could
    /// reach in the name, never below what scanning finds (None when it
    /// cannot match the name at all). Every unit's match begins at the
    /// start of one of its readings (or is the letter itself), and each
    /// unit consumes at least one character, so the whole name needs no
    /// more units than the word has characters. A character that is not an
    /// ASCII letter or digit says nothing: the whole name.
    ///
    /// Whether the preferred readings may reach it: a match from the
    /// name's start by the preferred readings needs the first unit's
    /// preferred reading to start with `c`.
    pub fn most(&self, c: char, len: usize) -> Option<(Tier, bool)> {
        let b = bit(c);
        if b == 0 {
            return Some((Tier::Whole, true));
        }
        if self.any & b == 0 {
            None
        } else if self.first_any & b != 0 {
            let tier = if usize::from(self.units) <= len { Tier::Whole } else { Tier::Prefix };
            Some((tier, self.first_pref & b != 0))
        } else if self.word_start & b != 0 {
            Some((Tier::WordStart, true))
        } else {
            Some((Tier::Inside, true))
        }
    }

    /// The best tier a word of `len` characters starting with the Chinese
    /// character `c` could reach in a name whose first unit is `first`
    /// (it matches only as written).
    pub fn most_literal(&self, c: char, first: Option<char>, len: usize) -> Tier {
        if first != Some(c) {
            Tier::WordStart
        } else if usize::from(self.units) <= len {
            Tier::Whole
        } else {
            Tier::Prefix
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::matcher::{FieldText, Word, best};
    use crate::search::record::Field;

    #[test]
    fn one_letter_masks_agree_with_scanning() {
        let chong = Readings::get().find("chong").unwrap();
        let pref = [(0u16, chong)];
        let names = [
            "重庆恒达",
            "Harbor Electric",
            "乐亭",
            "a",
            "TCL科技 (HK)",
            "3M中国",
            "(HK) Ltd",
            "《乐》",
            "重厦",
            "长-乐 x",
        ];
        for name in names {
            let init = Initials::of(name, &pref);
            for c in ('a'..='z').chain('0'..='9') {
                let f = FieldText { field: Field::Name, text: name, preferred: &pref };
                let want = best(&Word::new(&c.to_string()), &f);
                let got = init.quality(c);
                assert_eq!(got, want, "{name} {c}");
            }
        }
    }
}
