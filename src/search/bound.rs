//! Upper bounds of a query's score in a record (see `top.rs`), never less
//! than scoring finds. A first bound from what is precomputed per customer
//! (the name's initials and the letters its preferred readings offer, how
//! each field matched by pinyin begins, the other fields' heads, letter
//! pairs: no text read), and a tighter one from the record's text, still
//! cheaper than scoring: the short fields (name, people, places, tags,
//! phones) scored, e-mails and notes bounded by a match from their start
//! (a pass that stops at the first unit no such match goes on through),
//! else by a word's start; a field whose least match scores more than the
//! record's bound so far is not read. E-mails and notes count only where
//! the word's letters are all written in them (kept in the record's mask).

use super::initials::Initials;
use super::matcher::{self, FieldText, Quality, Tier, Unit, Word};
use super::query::Scratch;
use super::readings::Readings;
use super::record::{self, Field};
use super::{pairs, phones, scan};

/// The best score a match of `tier` in `field` can have.
fn most_at(field: Field, tier: Tier) -> u32 {
    matcher::score(field, Quality { tier, preferred: true, clean: true })
}

/// First bit of a phone's last digit in the heads (see [`heads_of`]).
const END_DIGITS: u32 = 36;
/// The heads' bit for a phone ending in anything but an ASCII digit.
const END_OTHER: u64 = 1 << 46;
/// The heads' bits set when a record has a phone.
const PHONES: u64 = 0x7FF << END_DIGITS;
/// The heads' bit set when a record has an e-mail or notes.
const TEXTS: u64 = 1 << 47;
/// Where a record's mask keeps the letters written in its e-mails and
/// notes (see [`mask_of`]).
const WRITTEN: u32 = 36;
/// The mask's bit set when a digit is written in its e-mails or notes.
const WRITTEN_DIGIT: u64 = 1 << 62;
/// The letters of a mask ([`matcher::bit`]).
const LETTERS: u64 = (1 << 26) - 1;
/// The digits of a mask.
const DIGITS: u64 = 0x3FF << 26;

/// What a record's mask must hold for `word` to match one of its e-mails
/// or notes: every letter of the word, and a digit if it has one.
fn written_needs(word: &Word) -> u64 {
    ((word.needs & LETTERS) << WRITTEN) | if word.needs & DIGITS != 0 { WRITTEN_DIGIT } else { 0 }
}

/// Whether a record with this mask may hold a match of `word` in an
/// e-mail or notes (see [`written_needs`]).
pub(super) fn written_may(word: &Word, mask: u64) -> bool {
    written_needs(word) & !mask == 0
}

/// The mask's bit set when a digit is in a person's name, a place or a
/// tag (fields matched by pinyin but the name's).
const OTHER_DIGIT: u64 = 1 << 63;

/// What a field adds to its record's mask: the letters and digits its
/// units offer (by any reading in a field matched by pinyin); for an
/// e-mail or notes, from bit 36 the letters written there, and bit 62 when
/// a digit is (a word's letters must all be there for it to match such a
/// field, Chinese characters there are no letters, and a digit if it has
/// one); bit 63 for a digit in a person's name, a place or a tag.
pub(super) fn mask_of(field: Field, text: &str) -> u64 {
    let units = matcher::unit_mask(text, field.by_pinyin());
    let digit = units & DIGITS != 0;
    units
        | match field {
            Field::Email | Field::Notes => ((units & LETTERS) << WRITTEN) | if digit { WRITTEN_DIGIT } else { 0 },
            Field::Person | Field::City | Field::Region | Field::Tag if digit => OTHER_DIGIT,
            _ => 0,
        }
}

/// The letters and digits a match of a word in a field other than the
/// name can begin with, when it reaches the field's start (its first unit,
/// leading separators skipped: a letter or digit as written, the first
/// letter of any reading of a Chinese character in a field matched by
/// pinyin), and (from bit 36) the digits a match can end with at a phone's
/// end (its last unit; bit 46 for a phone ending in something else); bit
/// 47 when the record has an e-mail or notes; from bit 48, how its phones
/// begin (see [`phones`]). A word that neither begins nor ends so reaches
/// at most a word's start there.
pub(super) fn heads_of(display: &str) -> u64 {
    let readings = Readings::get();
    let mut heads = 0;
    for (field, text) in record::fields(display) {
        if field == Field::Name {
            continue;
        }
        if field == Field::Phone {
            heads |= phones::start_of(text);
            let last = text.chars().rev().map(|c| matcher::unit_in(c, readings)).find(|u| !matches!(u, Unit::Sep(_)));
            heads |= match last {
                Some(Unit::Lit(d)) if d.is_ascii_digit() => 1 << (END_DIGITS + u32::from(d as u8 - b'0')),
                Some(_) => END_OTHER,
                None => 0,
            };
        }
        if matches!(field, Field::Email | Field::Notes) {
            heads |= TEXTS;
        }
        let first = text.chars().map(|c| matcher::unit_in(c, readings)).find(|u| !matches!(u, Unit::Sep(_)));
        heads |= match first {
            Some(Unit::Lit(a)) => matcher::bit(a),
            Some(Unit::Han(h)) if field.by_pinyin() => readings
                .of(h)
                .iter()
                .filter_map(|&s| readings.syllable(s).chars().next())
                .fold(0, |m, c| m | matcher::bit(c)),
            // A Chinese character in a field matched as written is a letter
            // no ASCII word starts with.
            _ => 0,
        };
    }
    heads
}

/// What bounds one word's score in a record: the most each kind of field
/// but the name can give it, its first and last characters, its length,
/// and the letter pair a contiguous match in a field matched by pinyin
/// begins with.
pub(super) struct WordBound {
    /// People, places and tags: the whole field, from their start, from a
    /// word's start.
    pinyin: (u32, u32, u32),
    /// The first two by other readings than those preferred there.
    unpreferred: (u32, u32),
    /// Phones: from their start, at their end, inside; and the heads'
    /// bits of the ends a match can be at.
    phone: (u32, u32, u32, u64),
    /// E-mails and notes: from their start, from a word's start.
    text: (u32, u32),
    /// A scattered match in the name.
    scattered: u32,
    /// What a record's mask must hold for it to match an e-mail or notes
    /// ([`written_needs`]).
    written: u64,
    /// Whether it has a digit: a person's name, a place or a tag must
    /// hold one for it to match there.
    digit: bool,
    /// The pair of its first two characters (see [`pairs::lead_of`]) and
    /// those between units inside it (see [`pairs::inner_of`]): a record
    /// without all of them has no contiguous match in a field matched by
    /// pinyin. 0: nothing needed.
    lead: u64,
    /// The triples of units' first letters it needs (see
    /// [`pairs::triples_of`]): a record without all of them has no
    /// contiguous match in a person's name, a place or a tag.
    triples: u64,
    first: char,
    /// The letters and digits that begin a unit's part of any match
    /// ([`pairs::unit_starts`]): a name must offer them all.
    unit_starts: u64,
    /// Its first character when Chinese: the name matches it as written.
    pub(super) han: Option<char>,
    /// What it needs of a record's phones.
    digits: phones::Needs,
    /// Its Chinese characters: each matches only itself, so a record
    /// whose display lacks one cannot match.
    pub(super) literal: Vec<char>,
    len: usize,
}

/// The most `word` can score in any of `fields` with a match of quality `q`.
fn most_by(word: &Word, fields: &[Field], q: Quality) -> u32 {
    fields.iter().filter(|f| word.allows(**f, q.tier)).map(|f| matcher::score(*f, q)).max().unwrap_or(0)
}

/// The most `word` can score in any of `fields` from `tier`.
fn most_of(word: &Word, fields: &[Field], tier: Tier) -> u32 {
    most_by(word, fields, Quality { tier, preferred: true, clean: true })
}

/// [`most_of`] for a match not by the preferred readings.
fn most_unpreferred(word: &Word, fields: &[Field], tier: Tier) -> u32 {
    most_by(word, fields, Quality { tier, preferred: false, clean: true })
}

impl WordBound {
    pub(super) fn new(word: &Word) -> WordBound {
        const PINYIN: [Field; 4] = [Field::Person, Field::City, Field::Region, Field::Tag];
        const TEXT: [Field; 2] = [Field::Email, Field::Notes];
        let first = word.chars.first().copied().unwrap_or('\u{0}');
        let han = Some(first).filter(|c| matches!(matcher::unit(*c), Unit::Han(_)));
        let last = word.chars.last().copied().unwrap_or('\u{0}');
        let ends = if last.is_ascii_digit() {
            (1 << (END_DIGITS + u32::from(last as u8 - b'0'))) | END_OTHER
        } else {
            u64::MAX
        };
        let phone = [Field::Phone];
        WordBound {
            pinyin: (
                most_of(word, &PINYIN, Tier::Whole),
                most_of(word, &PINYIN, Tier::Prefix),
                most_of(word, &PINYIN, Tier::WordStart),
            ),
            unpreferred: (most_unpreferred(word, &PINYIN, Tier::Whole), most_unpreferred(word, &PINYIN, Tier::Prefix)),
            phone: (
                most_of(word, &phone, Tier::Whole),
                most_of(word, &phone, Tier::Prefix),
                most_of(word, &phone, Tier::WordStart),
                ends,
            ),
            text: (most_of(word, &TEXT, Tier::Whole), most_of(word, &TEXT, Tier::WordStart)),
            scattered: most_of(word, &[Field::Name], Tier::Scattered),
            written: written_needs(word),
            digit: word.needs & DIGITS != 0,
            digits: phones::Needs::of(word),
            lead: pairs::lead_of(word) | pairs::inner_of(word),
            triples: pairs::triples_of(word),
            first,
            unit_starts: pairs::unit_starts(word),
            han,
            literal: word.chars.iter().copied().filter(|c| matches!(matcher::unit(*c), Unit::Han(_))).collect(),
            len: word.len(),
        }
    }

    /// Whether a record whose phones hold these digit pairs
    /// ([`phones::digits_of`]) may hold a match in a phone.
    pub(super) fn phone_may(&self, digits: u128) -> bool {
        self.digits.may(digits)
    }

    /// Whether a record with this mask may hold a match in an e-mail or
    /// notes.
    pub(super) fn written_may(&self, mask: u64) -> bool {
        self.written & !mask == 0
    }

    /// Whether a record with these letter pairs may hold a contiguous
    /// match in a field matched by pinyin.
    pub(super) fn pinyin_may(&self, pairs: u64) -> bool {
        pairs & self.lead == self.lead
    }

    /// Whether a record with this mask whose other fields than the name
    /// offer these letter pairs and triples may hold a contiguous match in
    /// a person's name, a place or a tag.
    pub(super) fn others_may(&self, mask: u64, offered: &pairs::Offered) -> bool {
        self.pinyin_may(offered.others)
            && offered.triples & self.triples == self.triples
            && (!self.digit || mask & OTHER_DIGIT != 0)
    }

    /// The most this word can score in a record whose name has
    /// `initials`, whose mask is `mask`, whose other fields have `heads`,
    /// which offers `offered` (letter pairs, triples), whose phones' digit pairs are
    /// `digits` and whose display is `display`; `from_start` tells the
    /// best tier a match from the start of its name (true) or of its other
    /// fields matched by pinyin (false) can reach, and whether by the
    /// readings preferred there (see [`super::starts`]), asked only when
    /// the letters leave it open.
    pub(super) fn most(
        &self,
        (initials, mask, heads, offered, digits): (&Initials, u64, u64, pairs::Offered, u128),
        display: &str,
        mut from_start: impl FnMut(bool) -> Option<(Tier, bool)>,
    ) -> u32 {
        if self.literal.iter().any(|c| !display.contains(*c)) {
            return 0;
        }
        let pinyin = self.pinyin_may(offered.name);
        // Letters only other readings offer: no match by the preferred
        // readings alone.
        let by_preferred = initials.offers_preferred(self.unit_starts);
        let name = if !initials.offers(self.unit_starts) {
            0
        } else if !pinyin {
            let scattered = Quality { tier: Tier::Scattered, preferred: by_preferred, clean: true };
            initials
                .most(self.first, self.len)
                .map_or(0, |_| if self.scattered == 0 { 0 } else { matcher::score(Field::Name, scattered) })
        } else if let Some(c) = self.han {
            most_at(Field::Name, initials.most_literal(c, first_unit(display), self.len))
        } else {
            initials.most(self.first, self.len).map_or(0, |(mut tier, preferred)| {
                if tier >= Tier::Prefix {
                    // No match from the name's start: a word's start at best.
                    tier = tier.min(from_start(true).map_or(Tier::WordStart, |t| t.0));
                }
                matcher::score(Field::Name, Quality { tier, preferred: preferred && by_preferred, clean: true })
            })
        };
        let b = matcher::bit(self.first);
        let starts = self.han.is_some() || b == 0 || heads & b != 0;
        let mut most = name;
        if heads & PHONES != 0 && self.phone_may(digits) {
            let (whole, end, inside, at) = self.phone;
            most = most.max(if starts && self.digits.may_start(heads) {
                whole
            } else if heads & at != 0 && self.digits.may_end(digits) {
                end
            } else {
                inside
            });
        }
        if heads & TEXTS != 0 && self.written_may(mask) {
            most = most.max(if starts { self.text.0 } else { self.text.1 });
        }
        // People, places and tags last: their starts are asked only when
        // they could raise the bound (a match from a word's start at least).
        if self.others_may(mask, &offered) {
            most = most.max(if starts && self.pinyin.0 > most {
                match from_start(false) {
                    Some((Tier::Whole, true)) => self.pinyin.0,
                    Some((Tier::Whole, false)) => self.unpreferred.0,
                    Some((_, true)) => self.pinyin.1,
                    Some((_, false)) => self.unpreferred.1,
                    None => self.pinyin.2,
                }
            } else {
                self.pinyin.2
            });
        }
        most
    }
}

/// The least a match of `word` in `field` scores.
fn least(word: &Word, field: Field) -> u32 {
    let tier = if word.allows(field, Tier::Scattered) { Tier::Scattered } else { Tier::Inside };
    matcher::score(field, Quality { tier, preferred: false, clean: false })
}

/// The first unit of a record's name (leading separators skipped), if its
/// first field is the name.
fn first_unit(display: &str) -> Option<char> {
    let (field, text) = record::fields(display).next()?;
    if field != Field::Name {
        return None;
    }
    text.chars().find(|c| !matches!(matcher::unit(*c), Unit::Sep(_)))
}

impl WordBound {
    /// A tighter bound for `word` (this bound's) in a record whose mask is
    /// `mask`, which offers `offered`, whose phones' digit pairs
    /// are `digits`, and whose stored key and display are `key` and
    /// `display`: its short fields (name, people, places, tags, phones)
    /// scored, its e-mails and notes bounded by a match from their start,
    /// else from a word's start (see the module's documentation). `cap`:
    /// what the record can score at most (its bound so far): a field whose
    /// least match scores more holds none. E-mails and notes (long) are
    /// not read when their first bound is below `cap`: that bound is
    /// returned beside the rest, to be read if the record comes to it.
    pub(super) fn refined(
        &self,
        word: &Word,
        (mask, heads, offered, digits): (u64, u64, pairs::Offered, u128),
        (key, display): (&str, &str),
        scratch: &mut Scratch,
        cap: u32,
    ) -> (u32, u32) {
        let others_may = self.others_may(mask, &offered);
        let written_may = self.written_may(mask);
        let phone_may = self.phone_may(digits);
        let b = matcher::bit(self.first);
        let starts = self.han.is_some() || b == 0 || heads & b != 0;
        let long_first = if starts { self.text.0 } else { self.text.1 };
        let (mut most, mut deferred, mut read) = (0, 0, false);
        for (no, (field, text)) in record::fields(display).enumerate() {
            let long = matches!(field, Field::Email | Field::Notes);
            if !word.allows(field, Tier::Whole)
                || (long && !written_may)
                || (field == Field::Phone && !phone_may)
                // Without the pairs, no contiguous match.
                || (field.by_pinyin() && field != Field::Name && !others_may)
                || least(word, field) > cap
            {
                continue;
            }
            let here = if long && long_first < cap {
                deferred = long_first;
                0
            } else if long {
                let f = FieldText { field, text, preferred: &[] };
                if !word.may_be_in(text) || !word.may_be_spelled_in(text, false) {
                    0
                } else if let Some(tier) = scan::from_start(word, &f) {
                    most_at(field, tier)
                } else if word.allows(field, Tier::WordStart) {
                    most_at(field, Tier::WordStart)
                } else {
                    0
                }
            } else if field.by_pinyin() && !word.may_be_read_in(text) {
                // Its overrides are read only for a field that may match.
                0
            } else {
                if !read {
                    scratch.overrides(key);
                    read = true;
                }
                let f = FieldText { field, text, preferred: scratch.prefs_of(no) };
                matcher::best(word, &f).map_or(0, |q| matcher::score(field, q))
            };
            most = most.max(here);
        }
        (most, deferred)
    }
}
