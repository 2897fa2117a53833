//! One letter or digit against a name, answered from precomputed masks:
//! the first keystroke scores 100k names without reading them.

use super::matcher::{Quality, Tier, Unit, bit, unit_in, word_start};
use super::readings::{Readings, Syl};

/// What one letter or digit finds in a name, precomputed per customer so
/// that the first keystroke scores 100k names without reading them: the
/// characters the first unit offers (by any reading, by the preferred one),
/// those a word's start offers (alike), those any unit offers, and how many
/// units the name has (255 for more).
///
/// Each of the five is a mask of 36 bits ([`bit`]: 26 letters, 10 digits),
/// kept as its low 32 bits in `low` and its top 4 bits in a nibble of
/// `high`, whose top byte holds the count of units: 24 bytes a customer
/// where five `u64`s took 48 (4.8 MB at 100k customers). Bit 20 of `high`
/// is [`MIXED`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Initials {
    low: [u32; 5],
    high: u32,
}

/// The masks of [`Initials`], in the order they are kept.
const FIRST_ANY: usize = 0;
const FIRST_PREF: usize = 1;
const WORD_START: usize = 2;
const WORD_PREF: usize = 3;
const ANY: usize = 4;
/// The letters of a mask.
const LETTERS: u64 = (1 << 26) - 1;
/// Set in `high` (and at bit 36 of the saved `any`) when a letter written
/// inside a word is also offered at a word's start by other readings
/// only: the preferred readings' letters are then not told apart (see
/// [`Initials::offers_preferred`]).
const MIXED: u32 = 1 << 20;

/// Bytes of a saved [`Initials`].
pub const SAVED_LEN: usize = 41;

impl Initials {
    /// Its bytes, to save.
    pub fn to_bytes(&self) -> [u8; SAVED_LEN] {
        let mut out = [0u8; SAVED_LEN];
        for k in 0..5 {
            let flag = if k == ANY && self.high & MIXED != 0 { 1 << 36 } else { 0 };
            out[k * 8..k * 8 + 8].copy_from_slice(&(self.mask(k) | flag).to_le_bytes());
        }
        out[40] = self.units();
        out
    }

    /// From saved bytes.
    pub fn from_bytes(b: &[u8; SAVED_LEN]) -> Initials {
        let word = |k: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[k * 8..k * 8 + 8]);
            u64::from_le_bytes(w)
        };
        Initials::from_masks([word(0), word(1), word(2), word(3), word(4)], b[40])
    }

    /// From its five masks (bits above the 36th dropped) and its count of
    /// units.
    fn from_masks(masks: [u64; 5], units: u8) -> Initials {
        let mixed = if masks[ANY] >> 36 & 1 != 0 { MIXED } else { 0 };
        let mut out = Initials { low: [0; 5], high: (u32::from(units) << 24) | mixed };
        for (k, m) in masks.into_iter().enumerate() {
            out.low[k] = m as u32;
            out.high |= (((m >> 32) & 0xF) as u32) << (4 * k);
        }
        out
    }

    /// Mask `k` ([`FIRST_ANY`] … [`ANY`]).
    fn mask(&self, k: usize) -> u64 {
        u64::from(self.low[k]) | (u64::from((self.high >> (4 * k)) & 0xF) << 32)
    }

    /// How many units the name has (255 for more).
    fn units(&self) -> u8 {
        (self.high >> 24) as u8
    }

    /// The masks of a name.
    pub fn of(name: &str, preferred: &[(u16, Syl)]) -> Initials {
        let readings = Readings::get();
        let mut masks = [0u64; 5];
        // Letters written inside a word (not at its start).
        let mut inside = 0;
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
                masks[FIRST_ANY] = any;
                masks[FIRST_PREF] = pref;
            }
            if prev_sep || word_start(u) {
                masks[WORD_START] |= any;
                masks[WORD_PREF] |= pref;
            } else {
                inside |= any;
            }
            masks[ANY] |= any;
            units += 1;
            prev_sep = false;
        }
        if inside & masks[WORD_START] & !masks[WORD_PREF] & LETTERS != 0 {
            masks[ANY] |= 1 << 36;
        }
        Initials::from_masks(masks, u8::try_from(units).unwrap_or(u8::MAX))
    }

    /// Whether some unit offers each of these letters and digits as its
    /// first (see `pairs::unit_starts`): else no match in the name.
    pub fn offers(&self, letters: u64) -> bool {
        self.mask(ANY) & letters == letters
    }

    /// Whether the preferred readings may offer each of these letters as
    /// some unit's first: else no match in the name is by the preferred
    /// readings alone. A Chinese character always starts a word, so a
    /// letter offered only inside a word is written there (its own
    /// reading); one offered at a word's start must be by a preferred
    /// reading there, unless it is also written inside a word ([`MIXED`]:
    /// then any may be).
    pub fn offers_preferred(&self, letters: u64) -> bool {
        if self.high & MIXED != 0 {
            return true;
        }
        let preferred = self.mask(WORD_PREF) | (self.mask(ANY) & !self.mask(WORD_START));
        letters & LETTERS & !preferred == 0
    }

    /// The quality of a one-character ASCII word in the name, as [`best`]
    /// would find it.
    pub fn quality(&self, c: char) -> Option<Quality> {
        let b = bit(c.to_ascii_lowercase());
        if b == 0 || self.mask(ANY) & b == 0 {
            return None;
        }
        let tier = if self.mask(FIRST_ANY) & b != 0 {
            if self.units() == 1 { Tier::Whole } else { Tier::Prefix }
        } else if self.mask(WORD_START) & b != 0 {
            Tier::WordStart
        } else {
            Tier::Inside
        };
        // Only an ASCII letter or digit as written matches inside a word:
        // no reading to prefer there.
        let preferred = match tier {
            Tier::Whole | Tier::Prefix => self.mask(FIRST_PREF) & b != 0,
            Tier::WordStart => self.mask(WORD_PREF) & b != 0,
            Tier::Inside | Tier::Scattered => true,
        };
        Some(Quality { tier, preferred, clean: true })
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
        if self.mask(ANY) & b == 0 {
            None
        } else if self.mask(FIRST_ANY) & b != 0 {
            let tier = if usize::from(self.units()) <= len { Tier::Whole } else { Tier::Prefix };
            Some((tier, self.mask(FIRST_PREF) & b != 0))
        } else if self.mask(WORD_START) & b != 0 {
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
        } else if usize::from(self.units()) <= len {
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

    #[test]
    fn initials_keep_every_bit_in_24_bytes_and_save_as_before() {
        assert_eq!(std::mem::size_of::<Initials>(), 24);
        // Digits are the masks' top bits (32–35): each of the five kept.
        let masks = [1 << 35 | 1, 1 << 34 | 1 << 3, 1 << 33 | 1 << 25, 1 << 32 | 1 << 31, (1 << 36) - 1];
        let init = Initials::from_masks(masks, 200);
        assert_eq!((0..5).map(|k| init.mask(k)).collect::<Vec<_>>(), masks);
        assert_eq!(init.units(), 200);
        let bytes = init.to_bytes();
        assert_eq!(u64::from_le_bytes(bytes[8..16].try_into().unwrap()), masks[1]);
        assert_eq!(bytes[40], 200);
        assert_eq!(Initials::from_bytes(&bytes), init);
        let named = Initials::of("3M中国 9", &[]);
        assert_eq!(Initials::from_bytes(&named.to_bytes()), named);
        assert_eq!(named.quality('9').map(|q| q.tier), Some(Tier::WordStart));
        assert_eq!(named.quality('3').map(|q| q.tier), Some(Tier::Prefix));
    }
}
