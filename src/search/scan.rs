//! Scanning one field for one query word: which tier it reaches, and
//! whether the preferred readings and whole syllables alone reach it.
//!
//! One pass over the field carries a state per place a match may begin
//! (the field's start, a word's start, anywhere, anywhere with units
//! skipped): each unit is decoded and its readings looked up once for all
//! of them. A second pass, only for a field that matched, carries the
//! preferred-readings and whole-syllables states of the tier found.

use super::matcher::{Tier, Unit, Word, unit_in, word_start};
use super::readings::{Readings, Syl};
use super::record::Field;

/// Where matching may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    Field,
    Word,
    Anywhere,
}

impl Start {
    /// Whether a match may begin at unit `u` (after a separator when
    /// `prev_sep`; `seen_unit` once the field has had a unit).
    pub(super) fn injects(self, u: Unit, seen_unit: bool, prev_sep: bool) -> bool {
        let here = match self {
            // The field's first unit (leading punctuation skipped).
            Start::Field => !seen_unit,
            Start::Word => prev_sep || word_start(u),
            Start::Anywhere => true,
        };
        here && !matches!(u, Unit::Sep(_))
    }
}

/// A field's text with its preferred readings (char index, syllable).
#[derive(Debug, Clone, Copy)]
pub struct FieldText<'a> {
    /// Which field.
    pub field: Field,
    /// Its text.
    pub text: &'a str,
    /// Preferred readings where they are not the default, by char index.
    pub preferred: &'a [(u16, Syl)],
}

/// The unit of `c` in field `f`: Chinese characters are letters in fields
/// matched as written.
fn field_unit(c: char, pinyin: bool, readings: &Readings) -> Unit {
    match unit_in(c, readings) {
        Unit::Han(h) if !pinyin => Unit::Lit(h),
        u => u,
    }
}

/// The best tier one pass of `word` over field `f` reaches, every start
/// at once (see the module's documentation); None when no match, units
/// skipped only when `scattered`.
fn reach(word: &Word, f: &FieldText<'_>, scattered: bool) -> Option<Tier> {
    const STARTS: [Start; 4] = [Start::Field, Start::Word, Start::Anywhere, Start::Anywhere];
    let readings = Readings::get();
    let pinyin = f.field.by_pinyin();
    let mut state = [0u64; 4];
    let mut hit = [false; 4];
    let mut prev_sep = true;
    let mut seen_unit = false;
    for c in f.text.chars() {
        let u = field_unit(c, pinyin, readings);
        for (k, start) in STARTS.iter().enumerate() {
            if (k < 3 || scattered) && start.injects(u, seen_unit, prev_sep) {
                state[k] |= 1;
            }
        }
        let mut next = word.step_all(state, u, readings);
        prev_sep = matches!(u, Unit::Sep(_));
        for k in 0..4 {
            if prev_sep || k == 3 {
                next[k] |= state[k];
            }
            hit[k] |= next[k] & word.full != 0;
        }
        seen_unit |= !prev_sep;
        state = next;
    }
    let [from_start, word_start, anywhere, skipped] = hit;
    if !(if scattered { skipped } else { anywhere }) {
        return None;
    }
    Some(if from_start && state[0] & word.full != 0 {
        Tier::Whole
    } else if from_start || (f.field == Field::Phone && state[2] & word.full != 0) {
        // A phone's last digits are how a rep remembers it.
        Tier::Prefix
    } else if word_start {
        Tier::WordStart
    } else if anywhere {
        Tier::Inside
    } else {
        Tier::Scattered
    })
}

/// The tier of a match of `word` from the start of field `f` (Whole or
/// Prefix, as [`reach`] finds from the field's start), or None: one pass
/// that stops at the first unit no such match goes on through, so that a
/// bound can be checked for many records (see `top.rs`). Any reading.
pub(super) fn from_start(word: &Word, f: &FieldText<'_>) -> Option<Tier> {
    let readings = Readings::get();
    let pinyin = f.field.by_pinyin();
    let (mut state, mut hit, mut seen_unit) = (0u64, false, false);
    for c in f.text.chars() {
        let u = field_unit(c, pinyin, readings);
        let sep = matches!(u, Unit::Sep(_));
        if Start::Field.injects(u, seen_unit, true) {
            state |= 1;
        }
        let mut next = word.step(state, u, readings, None, false);
        if sep {
            next |= state;
        }
        hit |= next & word.full != 0;
        seen_unit |= !sep;
        state = next;
        if state == 0 && seen_unit {
            break;
        }
    }
    hit.then_some(if state & word.full != 0 { Tier::Whole } else { Tier::Prefix })
}

/// Whether the preferred readings alone, and whole syllables and initials
/// alone, reach the end of `word` from `start`: one pass for both.
fn preferred_and_clean(word: &Word, f: &FieldText<'_>, start: Start, scattered: bool) -> (bool, bool) {
    let readings = Readings::get();
    let pinyin = f.field.by_pinyin();
    let (mut pref, mut clean) = (0u64, 0u64);
    let (mut pref_hit, mut clean_hit) = (false, false);
    let mut prev_sep = true;
    let mut seen_unit = false;
    let mut over = f.preferred.iter().peekable();
    for (i, c) in f.text.chars().enumerate() {
        let u = field_unit(c, pinyin, readings);
        if start.injects(u, seen_unit, prev_sep) {
            pref |= 1;
            clean |= 1;
        }
        let only = if let Unit::Han(h) = u {
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
        let mut next_pref = word.step(pref, u, readings, only, false);
        let mut next_clean = word.step(clean, u, readings, None, true);
        prev_sep = matches!(u, Unit::Sep(_));
        if scattered || prev_sep {
            next_pref |= pref;
            next_clean |= clean;
        }
        seen_unit |= !prev_sep;
        pref_hit |= next_pref & word.full != 0;
        clean_hit |= next_clean & word.full != 0;
        (pref, clean) = (next_pref, next_clean);
        if pref | clean == 0 && start == Start::Field && seen_unit {
            break;
        }
    }
    (pref_hit, clean_hit)
}

/// How a word matched a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quality {
    /// The best tier.
    pub tier: Tier,
    /// The preferred readings alone reach it (the override tables' choice,
    /// else each character's default).
    pub preferred: bool,
    /// Whole syllables and initials reach it (no syllable cut short but at
    /// the word's end).
    pub clean: bool,
}

/// Where a match of `tier` begins, and whether units may be skipped.
pub(super) fn tier_start(tier: Tier, field: Field) -> (Start, bool) {
    match tier {
        Tier::Whole | Tier::Prefix if field != Field::Phone => (Start::Field, false),
        Tier::WordStart => (Start::Word, false),
        Tier::Scattered => (Start::Anywhere, true),
        _ => (Start::Anywhere, false),
    }
}

/// The best tier of `word` in field `f` (by any reading): what [`best`]
/// finds, without asking which readings reach it.
pub(super) fn tier(word: &Word, f: &FieldText<'_>) -> Option<Tier> {
    if word.is_empty() || !word.allows(f.field, Tier::Whole) {
        return None;
    }
    // Fields matched as written, and any field for a word that starts
    // with a Chinese character, need that first character.
    let literal_start = word.chars.first().is_some_and(|c| !c.is_ascii());
    if (!f.field.by_pinyin() || literal_start) && !word.may_be_in(f.text) {
        return None;
    }
    if !word.may_be_spelled_in(f.text, f.field.by_pinyin()) {
        return None;
    }
    if f.field.by_pinyin() && !word.may_be_read_in(f.text) {
        return None;
    }
    let widest = word.allows(f.field, Tier::Scattered);
    let tier = reach(word, f, widest)?;
    word.allows(f.field, tier).then_some(tier)
}

/// The best tier of `word` in field `f`, and how clean it is.
pub fn best(word: &Word, f: &FieldText<'_>) -> Option<Quality> {
    let tier = tier(word, f)?;
    if !f.field.by_pinyin() {
        return Some(Quality { tier, preferred: true, clean: true });
    }
    let (start, scattered) = tier_start(tier, f.field);
    let (preferred, clean) = preferred_and_clean(word, f, start, scattered);
    Some(Quality { tier, preferred, clean })
}

/// Weight of a field in the score: a match in the customer's own name
/// counts most, then its key people, phones and e-mails, places and tags,
/// notes last. A key person's name in full (`ljg` for 刘建国) ranks just
/// below a customer name that starts with the query, above any other name
/// match.
fn weight(field: Field) -> u32 {
    match field {
        Field::Name => 9,
        Field::Person | Field::Phone | Field::Email => 5,
        Field::City | Field::Region | Field::Tag => 4,
        Field::Notes => 2,
    }
}

/// Score of a word's match: tier first, then field, then readings.
pub fn score(field: Field, q: Quality) -> u32 {
    let tier = match q.tier {
        Tier::Whole => 430,
        t => t as u32 * 100,
    };
    tier + weight(field) * 10 + if q.preferred { 5 } else { 0 } + if q.clean { 3 } else { 0 }
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
