//! Many short strings in one buffer: no allocation per customer.
#![allow(missing_docs)]

/// UTF-8 strings back to back with their end offsets.
///
/// Read from a saved index for one search (`repbook search`), the bytes
/// are kept in `raw` (`buf` empty): checked whole with a SIMD validator
/// (simdutf8), then each string again, by the standard library, as it is
/// read, since only that check makes a `&str` without `unsafe`. The
/// standard check of a saved index's 12 MB of records took a seventh of
/// that command; simdutf8's takes a tenth of that, and one search reads a
/// few thousand records. A few changes are put in as bytes (whole strings
/// for whole strings); copying them turns them into text first.
#[derive(Debug, Default, Clone)]
pub struct PackedStr {
    buf: String,
    raw: Vec<u8>,
    ends: Vec<u32>,
}

impl PackedStr {
    /// The buffer as text (bytes checked by [`PackedStr::from_bytes`] turned
    /// into text; were they not UTF-8, every string would be made empty).
    fn text(&mut self) -> &mut String {
        if !self.raw.is_empty() {
            let checked = String::from_utf8(std::mem::take(&mut self.raw))
                .ok()
                .filter(|t| self.ends.iter().all(|&e| t.is_char_boundary(e as usize)));
            if checked.is_none() {
                self.ends.fill(0);
            }
            self.buf = checked.unwrap_or_default();
        }
        &mut self.buf
    }

    pub fn push(&mut self, s: &str) {
        let buf = self.text();
        buf.push_str(s);
        let end = buf.len() as u32;
        self.ends.push(end);
    }

    /// Append the strings `range` of `other`, their bytes copied at once.
    pub fn extend_from(&mut self, other: &PackedStr, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let start = if range.start == 0 { 0 } else { other.ends[range.start - 1] };
        let end = other.ends[range.end - 1];
        if !other.raw.is_empty() {
            // Not checked as text: each string checked as it is pushed.
            for i in range {
                self.push(other.get(i));
            }
            return;
        }
        let Some(text) = other.buf.get(start as usize..end as usize) else { return };
        let buf = self.text();
        let base = buf.len() as u32;
        buf.push_str(text);
        self.ends.extend(other.ends[range].iter().map(|&e| e - start + base));
    }

    /// Move the string at `from` to `to` as `s`, those between moving up
    /// or down one: only their bytes are written again, and the later
    /// strings move only when `s` is not as long as the string it replaces.
    pub fn move_to(&mut self, from: usize, to: usize, s: &str) {
        let (lo, hi) = (from.min(to), from.max(to));
        let start = if lo == 0 { 0 } else { self.ends[lo - 1] as usize };
        let end = self.ends[hi] as usize;
        let mut order: Vec<&str> = (lo..=hi).filter(|&i| i != from).map(|i| self.get(i)).collect();
        order.insert(to - lo, s);
        let mut mid = String::with_capacity(end - start + s.len());
        let mut lens = Vec::with_capacity(order.len());
        for t in order {
            mid.push_str(t);
            lens.push(mid.len());
        }
        self.splice(start..end, &mid);
        for (k, len) in lens.into_iter().enumerate() {
            self.ends[lo + k] = (start + len) as u32;
        }
        let (new, old) = (mid.len() as u32, (end - start) as u32);
        if new != old {
            for e in &mut self.ends[hi + 1..] {
                *e = *e + new - old;
            }
        }
    }

    /// Put `with` in place of the bytes `range`, which begin and end at
    /// strings' bounds: as text, or as the bytes read for one search
    /// (whole UTF-8 strings in place of whole strings keep them UTF-8, so
    /// they are not checked again: 12 MB at 100k customers, a fifth of a
    /// search's time).
    fn splice(&mut self, range: std::ops::Range<usize>, with: &str) {
        if self.raw.is_empty() {
            self.buf.replace_range(range, with);
        } else {
            self.raw.splice(range, with.bytes());
        }
    }

    /// Held as text from now on (see [`PackedStr::text`]): copied part by
    /// part then, not string by string.
    pub fn make_text(&mut self) {
        self.text();
    }

    /// Room for `entries` more strings of `bytes` bytes in all.
    pub fn reserve(&mut self, entries: usize, bytes: usize) {
        self.text().reserve_exact(bytes);
        self.ends.reserve_exact(entries);
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        if self.raw.is_empty() {
            &self.buf[start..end]
        } else {
            // Checked whole when read from the file: never empty here
            // unless the string is.
            self.raw.get(start..end).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("")
        }
    }

    /// The bytes of the string at position `i`, not checked as UTF-8
    /// (for a search of bytes that passes over most strings).
    pub fn bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.parts().0.get(start..self.ends[i] as usize).unwrap_or_default()
    }

    /// Put `s` at position `i`, moving the later ones up (one memmove: a
    /// save updates the list without reloading it).
    pub fn insert(&mut self, i: usize, s: &str) {
        let at = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text().insert_str(at, s);
        let grow = s.len() as u32;
        for e in &mut self.ends[i..] {
            *e += grow;
        }
        self.ends.insert(i, at as u32 + grow);
    }

    /// Take out the string at position `i`.
    pub fn remove(&mut self, i: usize) {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        self.splice(start..end, "");
        self.ends.remove(i);
        let shrink = (end - start) as u32;
        for e in &mut self.ends[i..] {
            *e -= shrink;
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The buffer's bytes and the end offsets (to save them).
    pub fn parts(&self) -> (&[u8], &[u32]) {
        (if self.raw.is_empty() { self.buf.as_bytes() } else { &self.raw }, &self.ends)
    }

    /// Strings from saved parts; None unless the offsets never go back, end
    /// at the buffer's end and fall on character boundaries.
    pub fn from_parts(buf: String, ends: Vec<u32>) -> Option<PackedStr> {
        if !rising_to(&ends, buf.len()) || !ends.iter().all(|&e| buf.is_char_boundary(e as usize)) {
            return None;
        }
        Some(PackedStr { buf, raw: Vec::new(), ends })
    }

    /// Strings from saved parts kept as bytes (see [`PackedStr`]); None
    /// unless, as [`PackedStr::from_parts`] asks, the bytes are UTF-8 and
    /// the offsets never go back, end at the buffer's end and fall on
    /// character boundaries.
    pub fn from_bytes(raw: Vec<u8>, ends: Vec<u32>) -> Option<PackedStr> {
        // A character's first byte is never 10xxxxxx.
        let boundary = |e: u32| raw.get(e as usize).is_none_or(|&b| b & 0xC0 != 0x80);
        if !rising_to(&ends, raw.len())
            || simdutf8::basic::from_utf8(&raw).is_err()
            || !ends.iter().all(|&e| boundary(e))
        {
            return None;
        }
        Some(PackedStr { buf: String::new(), raw, ends })
    }

    /// Every string checked now: None if one is not UTF-8 or an offset
    /// falls inside a character (what [`PackedStr::from_parts`] refuses).
    #[cfg(test)]
    pub fn into_checked(self) -> Option<PackedStr> {
        if self.raw.is_empty() {
            return Some(self);
        }
        PackedStr::from_parts(String::from_utf8(self.raw).ok()?, self.ends)
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Offsets that never go back and end at `len`.
fn rising_to(ends: &[u32], len: usize) -> bool {
    ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().map_or(0, |&e| e as usize) == len
}

/// Character strings (for matching Chinese text) back to back.
#[derive(Debug, Default)]
pub struct PackedChars {
    buf: Vec<char>,
    ends: Vec<u32>,
}

impl PackedChars {
    pub fn push(&mut self, s: &str) {
        self.buf.extend(s.chars());
        self.ends.push(self.buf.len() as u32);
    }

    pub fn push_chars(&mut self, s: &[char]) {
        self.buf.extend_from_slice(s);
        self.ends.push(self.buf.len() as u32);
    }

    pub fn get(&self, i: usize) -> &[char] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..self.ends[i] as usize]
    }

    /// Put `s` at position `i`, moving the later ones up.
    pub fn insert(&mut self, i: usize, s: &str) {
        let at = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let chars: Vec<char> = s.chars().collect();
        let grow = chars.len() as u32;
        self.buf.splice(at..at, chars);
        for e in &mut self.ends[i..] {
            *e += grow;
        }
        self.ends.insert(i, at as u32 + grow);
    }

    /// Take out the string at position `i`.
    pub fn remove(&mut self, i: usize) {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        self.buf.drain(start..end);
        self.ends.remove(i);
        let shrink = (end - start) as u32;
        for e in &mut self.ends[i..] {
            *e -= shrink;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PackedChars, PackedStr};

    #[test]
    fn insert_and_remove_keep_every_other_string() {
        let mut p = PackedStr::default();
        let mut c = PackedChars::default();
        for s in ["重庆恒达", "b", "长沙"] {
            p.push(s);
            c.push(s);
        }
        p.insert(1, "厦门");
        c.insert(1, "厦门");
        p.insert(4, "z");
        c.insert(0, "");
        assert_eq!((0..p.len()).map(|i| p.get(i)).collect::<Vec<_>>(), ["重庆恒达", "厦门", "b", "长沙", "z"]);
        assert_eq!(c.get(2).iter().collect::<String>(), "厦门");
        p.remove(0);
        p.remove(3);
        c.remove(2);
        assert_eq!((0..p.len()).map(|i| p.get(i)).collect::<Vec<_>>(), ["厦门", "b", "长沙"]);
        assert_eq!(
            (0..4).map(|i| c.get(i).iter().collect::<String>()).collect::<Vec<_>>(),
            ["", "重庆恒达", "b", "长沙"]
        );
    }

    #[test]
    fn a_string_moved_keeps_every_other_in_order() {
        let start = ["重庆恒达", "b", "长沙", "", "厦门永兴"];
        let cases: [(usize, usize, &str, [&str; 5]); 5] = [
            (0, 3, "乐亭机电集团", ["b", "长沙", "", "乐亭机电集团", "厦门永兴"]),
            (4, 1, "z", ["重庆恒达", "z", "b", "长沙", ""]),
            (2, 2, "长沙华大", ["重庆恒达", "b", "长沙华大", "", "厦门永兴"]),
            (1, 4, "", ["重庆恒达", "长沙", "", "厦门永兴", ""]),
            (3, 0, "安达", ["安达", "重庆恒达", "b", "长沙", "厦门永兴"]),
        ];
        for (from, to, s, want) in cases {
            let mut p = PackedStr::default();
            for t in start {
                p.push(t);
            }
            // Held as text, and as bytes read for one search.
            let (bytes, ends) = p.parts();
            let mut raw = PackedStr::from_bytes(bytes.to_vec(), ends.to_vec()).unwrap();
            p.move_to(from, to, s);
            raw.move_to(from, to, s);
            assert_eq!(all(&p), want, "{from} -> {to}");
            assert_eq!(all(&raw), want, "{from} -> {to}, from bytes");
            p.push("x");
            assert_eq!(p.get(5), "x");
            // Taken out, as bytes too (they stay bytes, and UTF-8).
            raw.remove(to);
            let mut rest = want.to_vec();
            rest.remove(to);
            assert_eq!(all(&raw), rest, "{from} -> {to}, then taken out");
            assert!(raw.parts().0.is_empty() || !raw.raw.is_empty(), "still bytes");
        }
    }

    fn all(p: &PackedStr) -> Vec<&str> {
        (0..p.len()).map(|i| p.get(i)).collect()
    }

    #[test]
    fn strings_kept_as_bytes_are_the_strings_as_text() {
        let texts = ["重庆恒达", "", "b", "长沙 138"];
        let mut checked = PackedStr::default();
        for t in texts {
            checked.push(t);
        }
        let (bytes, ends) = checked.parts();
        let raw = PackedStr::from_bytes(bytes.to_vec(), ends.to_vec()).unwrap();
        assert_eq!(all(&raw), texts);
        assert_eq!(raw.bytes(3), "长沙 138".as_bytes());
        assert_eq!(raw.parts(), checked.parts());
        let mut back = raw.clone().into_checked().unwrap();
        assert_eq!(all(&back), texts);
        // A change turns them into text first, and keeps them.
        let mut changed = raw;
        changed.insert(1, "厦门");
        back.insert(1, "厦门");
        assert_eq!(all(&changed), all(&back));
        changed.remove(0);
        changed.push("z");
        assert_eq!(all(&changed), ["厦门", "", "b", "长沙 138", "z"]);
    }

    #[test]
    fn bytes_that_from_parts_refuses_are_refused() {
        let ok = |raw: &[u8], ends: &[u32]| {
            let text = String::from_utf8(raw.to_vec()).ok().and_then(|t| PackedStr::from_parts(t, ends.to_vec()));
            let bytes = PackedStr::from_bytes(raw.to_vec(), ends.to_vec());
            assert_eq!(bytes.is_some(), text.is_some(), "{raw:?} {ends:?}");
            bytes.is_some()
        };
        let word = "重庆".as_bytes();
        assert!(ok(word, &[3, 6]));
        // "重" is E9 87 8D: an offset inside it.
        assert!(!ok(word, &[1, 6]));
        assert!(!ok(word, &[5, 6]));
        // Not UTF-8 (a continuation byte made 0xFF), offsets that go back
        // or stop short of the end.
        let mut bad = word.to_vec();
        bad[4] = 0xFF;
        assert!(!ok(&bad, &[3, 6]));
        assert!(!ok(b"ab", &[2, 1]));
        assert!(!ok(b"ab", &[1]));
        assert!(ok(b"", &[0, 0]));
    }
}
