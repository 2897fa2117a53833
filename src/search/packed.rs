//! Many short strings in one buffer: no allocation per customer.
#![allow(missing_docs)]

/// UTF-8 strings back to back with their end offsets.
#[derive(Debug, Default, Clone)]
pub struct PackedStr {
    buf: String,
    ends: Vec<u32>,
}

impl PackedStr {
    pub fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len() as u32);
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..self.ends[i] as usize]
    }

    /// Put `s` at position `i`, moving the later ones up (one memmove: a
    /// save updates the list without reloading it).
    pub fn insert(&mut self, i: usize, s: &str) {
        let at = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.buf.insert_str(at, s);
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
        self.buf.replace_range(start..end, "");
        self.ends.remove(i);
        let shrink = (end - start) as u32;
        for e in &mut self.ends[i..] {
            *e -= shrink;
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The buffer and the end offsets (to save them).
    pub fn parts(&self) -> (&str, &[u32]) {
        (&self.buf, &self.ends)
    }

    /// Strings from saved parts; None unless the offsets never go back, end
    /// at the buffer's end and fall on character boundaries.
    pub fn from_parts(buf: String, ends: Vec<u32>) -> Option<PackedStr> {
        let mut prev = 0u32;
        for &e in &ends {
            if e < prev || !buf.is_char_boundary(e as usize) {
                return None;
            }
            prev = e;
        }
        (prev as usize == buf.len()).then_some(PackedStr { buf, ends })
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
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
}
