//! Every reading of every Chinese character, as typed on a pinyin keyboard.
//!
//! The `pinyin` crate's heteronym table gives each character its readings,
//! most common first; `assets/pinyin-readings.toml` adds readings it lacks
//! (local place-name readings such as 乐 lào in 乐亭). Readings are plain
//! lower-case ASCII (ü as v) and shared: a character holds small syllable
//! numbers, not strings. Built once per process, in a few milliseconds.

use pinyin::{ToPinyin, ToPinyinMulti};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::OnceLock;

static TABLE: OnceLock<Readings> = OnceLock::new();

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
    /// Characters outside the dense range: start in `list` and count, as
    /// in `dense`.
    sparse: FxHashMap<char, u32>,
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
        TABLE.get_or_init(Readings::build)
    }

    /// Builds the table in another thread, so that it is ready (or nearly)
    /// when a search first needs it: a start that searches (`repbook
    /// search`, the interface) overlaps it with opening the archive and
    /// reading the saved index. [`Readings::get`] waits for it.
    pub fn warm_up() {
        if TABLE.get().is_none() {
            std::thread::spawn(Readings::get);
        }
    }

    fn build() -> Readings {
        let mut r = Readings {
            syllables: Vec::new(),
            by_text: HashMap::new(),
            dense: vec![0; (DENSE.end() - DENSE.start() + 1) as usize],
            list: Vec::new(),
            sparse: FxHashMap::default(),
            letters: Vec::new(),
        };
        let extra = extra_readings();
        // The crate's readings are static texts shared by many characters:
        // each is made plain and numbered once, found again by its address.
        let mut known: FxHashMap<(usize, usize), Option<Syl>> = FxHashMap::default();
        let mut syls: Vec<Syl> = Vec::new();
        let mut add_char = |r: &mut Readings, c: char| {
            syls.clear();
            let mut push = |r: &mut Readings, syls: &mut Vec<Syl>, text: &'static str| {
                let id = *known.entry((text.as_ptr() as usize, text.len())).or_insert_with(|| {
                    let p = plain(text);
                    (!p.is_empty()).then(|| r.intern(&p))
                });
                if let Some(id) = id
                    && !syls.contains(&id)
                {
                    syls.push(id);
                }
            };
            // The default reading first: it is what the char reads as alone.
            if let Some(p) = c.to_pinyin() {
                push(r, &mut syls, p.plain());
            }
            if let Some(multi) = c.to_pinyin_multi() {
                for p in multi {
                    push(r, &mut syls, p.plain());
                }
            }
            for e in extra.get(&c).into_iter().flatten() {
                let id = r.intern(e);
                if !syls.contains(&id) {
                    syls.push(id);
                }
            }
            if syls.is_empty() {
                return;
            }
            if r.list.len() >= (1 << 24) {
                return;
            }
            let cp = u32::from(c);
            let at = ((r.list.len() as u32) << 8) | syls.len().min(255) as u32;
            r.list.extend_from_slice(&syls[..syls.len().min(255)]);
            if DENSE.contains(&cp) {
                r.dense[(cp - DENSE.start()) as usize] = at;
            } else {
                r.sparse.insert(c, at);
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
        // Readings only the extra table knows, for characters outside both ranges.
        for c in extra.keys() {
            if !DENSE.contains(&u32::from(*c)) && !r.sparse.contains_key(c) {
                add_char(&mut r, *c);
            }
        }
        let of_syllable: Vec<u32> = r.syllables.iter().map(|s| letters_in(s)).collect();
        r.letters = DENSE
            .map(|cp| char::from_u32(cp).map_or(0, |c| r.of(c).iter().fold(0, |m, &s| m | of_syllable[s as usize])))
            .collect();
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
        let at = if DENSE.contains(&cp) {
            self.dense[(cp - DENSE.start()) as usize]
        } else {
            self.sparse.get(&c).copied().unwrap_or(0)
        };
        let (start, len) = ((at >> 8) as usize, (at & 0xFF) as usize);
        self.list.get(start..start + len).unwrap_or(&[])
    }

    fn letters_of(&self, syls: &[Syl]) -> u32 {
        syls.iter().fold(0, |m, &s| m | letters_in(self.syllable(s)))
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

/// The letters of a reading (bit 0 for a … 25 for z).
fn letters_in(text: &str) -> u32 {
    text.bytes().filter(u8::is_ascii_lowercase).fold(0, |m, b| m | 1 << (b - b'a'))
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

    /// The table as the crate and the extra table give it, one character
    /// at a time, with nothing shared: what the build must equal.
    fn reference(c: char, extra: &HashMap<char, Vec<String>>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let crate_readings = c.to_pinyin().into_iter().chain(c.to_pinyin_multi().into_iter().flatten());
        for text in crate_readings.map(|p| plain(p.plain())).chain(extra.get(&c).into_iter().flatten().cloned()) {
            if !text.is_empty() && !out.contains(&text) {
                out.push(text);
            }
        }
        out
    }

    #[test]
    fn the_table_holds_every_reading_of_every_character_in_order() {
        let (r, extra) = (Readings::get(), extra_readings());
        let mut checked = 0;
        for cp in DENSE.chain(0xF900..=0xFAFF).chain((0x20000..=0x3134F).step_by(7)) {
            let Some(c) = char::from_u32(cp) else { continue };
            let want = reference(c, &extra);
            let got: Vec<&str> = r.of(c).iter().map(|&s| r.syllable(s)).collect();
            assert_eq!(got, want, "{c} U+{cp:X}");
            let letters = want.iter().fold(0, |m, t| m | letters_in(t));
            assert_eq!(r.letters(c), letters, "{c}");
            checked += usize::from(!want.is_empty());
        }
        assert!(checked > 20_000, "{checked}");
    }

    #[test]
    fn plain_drops_tones() {
        assert_eq!(plain("lǜ"), "lv");
        assert_eq!(plain("Zhòng"), "zhong");
        assert_eq!(plain("ê̄"), "e");
    }
}
