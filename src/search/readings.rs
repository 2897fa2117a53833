//! Every reading of every Chinese character, as typed on a pinyin keyboard.
//!
//! The `pinyin` crate's heteronym table gives each character its readings,
//! most common first; `assets/pinyin-readings.toml` adds readings it lacks
//! (local place-name readings such as 乐 lào in 乐亭). Readings are plain
//! lower-case ASCII (ü as v) and shared: a character holds small syllable
//! numbers, not strings. Built once per process, in a few milliseconds.

use pinyin::{ToPinyin, ToPinyinMulti};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A syllable's number in [`Readings::syllable`].
pub type Syl = u16;

/// The reading table.
#[derive(Debug)]
pub struct Readings {
    syllables: Vec<Box<str>>,
    by_text: HashMap<Box<str>, Syl>,
    /// Per character in the dense range: start in `list` (24 bits) and
    /// count (8 bits); 0 when the character has no reading.
    dense: Vec<u32>,
    list: Vec<Syl>,
    sparse: HashMap<char, Vec<Syl>>,
    /// Per character in the dense range: the letters of all its readings
    /// (bit 0 for a, 25 for z).
    letters: Vec<u32>,
}

const DENSE: std::ops::RangeInclusive<u32> = 0x3400..=0x9FFF;

/// Plain ASCII form of a reading: tone marks dropped, ü as v.
pub fn plain(reading: &str) -> String {
    let mut out = String::with_capacity(reading.len());
    for c in reading.chars() {
        match c {
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => out.push('v'),
            'ā' | 'á' | 'ǎ' | 'à' => out.push('a'),
            'ē' | 'é' | 'ě' | 'è' | 'ê' | 'ế' | 'ề' => out.push('e'),
            'ī' | 'í' | 'ǐ' | 'ì' => out.push('i'),
            'ō' | 'ó' | 'ǒ' | 'ò' => out.push('o'),
            'ū' | 'ú' | 'ǔ' | 'ù' => out.push('u'),
            'ń' | 'ň' | 'ǹ' => out.push('n'),
            'ḿ' => out.push('m'),
            c if c.is_ascii_alphabetic() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out
}

impl Readings {
    /// The process-wide table.
    pub fn get() -> &'static Readings {
        static TABLE: OnceLock<Readings> = OnceLock::new();
        TABLE.get_or_init(Readings::build)
    }

    fn build() -> Readings {
        let mut r = Readings {
            syllables: Vec::new(),
            by_text: HashMap::new(),
            dense: vec![0; (DENSE.end() - DENSE.start() + 1) as usize],
            list: Vec::new(),
            sparse: HashMap::new(),
            letters: Vec::new(),
        };
        let extra = extra_readings();
        let add_char = |r: &mut Readings, c: char| {
            let mut syls: Vec<Syl> = Vec::new();
            let mut push = |r: &mut Readings, text: &str| {
                let p = plain(text);
                if p.is_empty() {
                    return;
                }
                let id = r.intern(&p);
                if !syls.contains(&id) {
                    syls.push(id);
                }
            };
            // The default reading first: it is what the char reads as alone.
            if let Some(p) = c.to_pinyin() {
                push(r, p.plain());
            }
            if let Some(multi) = c.to_pinyin_multi() {
                for p in multi {
                    push(r, p.plain());
                }
            }
            for e in extra.get(&c).into_iter().flatten() {
                push(r, e);
            }
            if syls.is_empty() {
                return;
            }
            let cp = u32::from(c);
            if DENSE.contains(&cp) && r.list.len() < (1 << 24) {
                r.dense[(cp - DENSE.start()) as usize] = ((r.list.len() as u32) << 8) | syls.len().min(255) as u32;
                r.list.extend_from_slice(&syls);
            } else {
                r.sparse.insert(c, syls);
            }
        };
        for cp in DENSE {
            if let Some(c) = char::from_u32(cp) {
                add_char(&mut r, c);
            }
        }
        for cp in (0xF900..=0xFAFF).chain(0x20000..=0x3134F) {
            if let Some(c) = char::from_u32(cp) {
                add_char(&mut r, c);
            }
        }
        r.letters = DENSE.map(|cp| char::from_u32(cp).map_or(0, |c| r.letters_of(r.of(c)))).collect();
        // Readings only the extra table knows, for characters outside both ranges.
        for c in extra.keys() {
            if !DENSE.contains(&u32::from(*c)) && !r.sparse.contains_key(c) {
                add_char(&mut r, *c);
            }
        }
        r
    }

    fn intern(&mut self, text: &str) -> Syl {
        if let Some(&id) = self.by_text.get(text) {
            return id;
        }
        let id = self.syllables.len() as Syl;
        self.syllables.push(text.into());
        self.by_text.insert(text.into(), id);
        id
    }

    /// Every reading of `c`, the default first; empty when `c` is not a
    /// Chinese character.
    pub fn of(&self, c: char) -> &[Syl] {
        let cp = u32::from(c);
        if DENSE.contains(&cp) {
            let v = self.dense[(cp - DENSE.start()) as usize];
            let (start, len) = ((v >> 8) as usize, (v & 0xFF) as usize);
            return &self.list[start..start + len];
        }
        self.sparse.get(&c).map_or(&[], Vec::as_slice)
    }

    fn letters_of(&self, syls: &[Syl]) -> u32 {
        let mut m = 0;
        for &s in syls {
            for b in self.syllable(s).bytes() {
                if b.is_ascii_lowercase() {
                    m |= 1 << (b - b'a');
                }
            }
        }
        m
    }

    /// The letters of every reading of `c` (bit 0 for a … 25 for z).
    pub fn letters(&self, c: char) -> u32 {
        let cp = u32::from(c);
        if DENSE.contains(&cp) {
            return self.letters.get((cp - DENSE.start()) as usize).copied().unwrap_or(0);
        }
        self.letters_of(self.of(c))
    }

    /// The text of syllable `s`.
    pub fn syllable(&self, s: Syl) -> &str {
        self.syllables.get(s as usize).map_or("", |b| b)
    }

    /// Number of distinct syllables.
    pub fn syllable_count(&self) -> usize {
        self.syllables.len()
    }

    /// The number of a syllable's text, if any character reads so.
    pub fn find(&self, text: &str) -> Option<Syl> {
        self.by_text.get(text).copied()
    }
}

/// Readings the crate's table lacks, from `assets/pinyin-readings.toml`.
fn extra_readings() -> HashMap<char, Vec<String>> {
    let src = include_str!("../../assets/pinyin-readings.toml");
    let Ok(doc) = toml::from_str::<toml::Table>(src) else { return HashMap::new() };
    let mut out = HashMap::new();
    if let Some(t) = doc.get("readings").and_then(toml::Value::as_table) {
        for (k, v) in t {
            let mut chars = k.chars();
            if let (Some(c), None, Some(v)) = (chars.next(), chars.next(), v.as_str()) {
                out.insert(c, v.split_whitespace().map(plain).filter(|s| !s.is_empty()).collect());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(c: char) -> Vec<&'static str> {
        let r = Readings::get();
        r.of(c).iter().map(|&s| r.syllable(s)).collect()
    }

    #[test]
    fn every_reading_default_first() {
        assert_eq!(texts('重')[0], "zhong");
        assert!(texts('重').contains(&"chong"));
        assert!(texts('长').contains(&"zhang") && texts('长').contains(&"chang"));
        assert!(texts('绿').contains(&"lv"), "ü is typed v: {:?}", texts('绿'));
        assert!(texts('a').is_empty());
    }

    #[test]
    fn the_extra_table_adds_what_the_crate_lacks() {
        assert!(texts('乐').contains(&"lao"), "{:?}", texts('乐'));
        assert_eq!(texts('乐')[0], "le");
    }

    #[test]
    fn plain_drops_tones() {
        assert_eq!(plain("lǜ"), "lv");
        assert_eq!(plain("Zhòng"), "zhong");
        assert_eq!(plain("ê̄"), "e");
    }
}
