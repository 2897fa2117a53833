//! What the reading table's maker (`readings_gen.rs`, run by `build.rs`)
//! and its reader (`readings.rs`) share: which characters are indexed by
//! code point, and a reading's plain form and letters.

/// The characters read through a table indexed by code point (CJK
/// Extension A and the Unified Ideographs); others are looked up.
pub const DENSE: std::ops::RangeInclusive<u32> = 0x3400..=0x9FFF;

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

/// The letters of a reading (bit 0 for a … 25 for z).
pub fn letters_in(text: &str) -> u32 {
    text.bytes().filter(u8::is_ascii_lowercase).fold(0, |m, b| m | 1 << (b - b'a'))
}
