//! Many short strings in one buffer: no allocation per customer.
#![allow(missing_docs)]

/// UTF-8 strings back to back with their end offsets.
#[derive(Debug, Default)]
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

    pub fn len(&self) -> usize {
        self.ends.len()
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
}
