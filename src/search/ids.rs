//! Many record ids in little memory: a UUID as written by the archive
//! (lowercase, hyphens, RFC 4122 variant: `uuid::Uuid`'s text) is kept as
//! its 16 bytes, any other id as its text beside them. At 100k customers
//! that is 1.6 MB where the texts and their offsets took 4 MB.
#![allow(missing_docs)]

use std::cmp::Ordering;

/// Length of a UUID's text.
const TEXT: usize = 36;

/// Where a UUID's text has its hyphens.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// The 16 bytes of `id` when it is a UUID written as [`Id`] writes it back
/// (so that the text round-trips exactly); None for any other id.
pub fn uuid_bytes(id: &str) -> Option<[u8; 16]> {
    let b = id.as_bytes();
    if b.len() != TEXT || HYPHENS.iter().any(|&h| b[h] != b'-') {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 16];
    let mut digits = b.iter().copied().filter(|&c| c != b'-');
    for byte in &mut out {
        *byte = (nibble(digits.next()?)? << 4) | nibble(digits.next()?)?;
    }
    // The RFC 4122 variant (top bits 10): the other variants mark an id
    // kept as text (see `Ids`).
    (out[8] & 0xC0 == 0x80).then_some(out)
}

/// A UUID's text from its 16 bytes.
fn uuid_text(bytes: &[u8; 16]) -> [u8; TEXT] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [b'-'; TEXT];
    let mut at = 0;
    for (k, byte) in bytes.iter().enumerate() {
        if matches!(k, 4 | 6 | 8 | 10) {
            at += 1;
        }
        out[at] = HEX[usize::from(byte >> 4)];
        out[at + 1] = HEX[usize::from(byte & 0xF)];
        at += 2;
    }
    out
}

/// One id read from [`Ids`]: its text, written out for a UUID.
#[derive(Clone, Copy)]
pub enum Id<'a> {
    Uuid([u8; TEXT]),
    Text(&'a str),
}

impl Id<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            // Always ASCII hex and hyphens (`uuid_text`).
            Id::Uuid(t) => std::str::from_utf8(t).unwrap_or_default(),
            Id::Text(s) => s,
        }
    }
}

impl std::ops::Deref for Id<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Id<'_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Id<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Id<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Id<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Id<'_> {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

/// Ids in order: each entry 16 bytes, a UUID's own or, for an id kept as
/// text, its place in `texts` (bytes 0–3; byte 8 zero, which no UUID kept
/// as bytes has).
#[derive(Debug, Default, Clone)]
pub struct Ids {
    entries: Vec<[u8; 16]>,
    texts: Vec<Box<str>>,
}

impl Ids {
    fn entry(&mut self, id: &str) -> [u8; 16] {
        uuid_bytes(id).unwrap_or_else(|| {
            let mut e = [0u8; 16];
            e[..4].copy_from_slice(&(self.texts.len() as u32).to_le_bytes());
            self.texts.push(id.into());
            e
        })
    }

    /// The text entry `e` stands for, if it is kept as text.
    fn text_of(&self, e: &[u8; 16]) -> Option<&str> {
        if e[8] & 0xC0 == 0x80 {
            return None;
        }
        let at = u32::from_le_bytes([e[0], e[1], e[2], e[3]]) as usize;
        Some(self.texts.get(at).map_or("", |t| t))
    }

    pub fn push(&mut self, id: &str) {
        let e = self.entry(id);
        self.entries.push(e);
    }

    /// Put `id` at position `i`, moving the later ones up.
    pub fn insert(&mut self, i: usize, id: &str) {
        let e = self.entry(id);
        self.entries.insert(i, e);
    }

    /// Take out the id at position `i`.
    pub fn remove(&mut self, i: usize) {
        let e = self.entries.remove(i);
        if self.text_of(&e).is_some() {
            // Its text goes too: the later texts move down one place.
            let at = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
            self.texts.remove(at as usize);
            for other in &mut self.entries {
                let n = u32::from_le_bytes([other[0], other[1], other[2], other[3]]);
                if other[8] & 0xC0 != 0x80 && n > at {
                    other[..4].copy_from_slice(&(n - 1).to_le_bytes());
                }
            }
        }
    }

    pub fn get(&self, i: usize) -> Id<'_> {
        let e = &self.entries[i];
        match self.text_of(e) {
            Some(t) => Id::Text(t),
            None => Id::Uuid(uuid_text(e)),
        }
    }

    /// The id at position `i` against `id`, as texts compare.
    pub fn cmp_at(&self, i: usize, id: &str) -> Ordering {
        self.get(i).as_str().cmp(id)
    }

    /// Append the ids `range` of `other` (their entries copied at once
    /// when none is kept as text).
    pub fn extend_from(&mut self, other: &Ids, range: std::ops::Range<usize>) {
        if other.texts.is_empty() {
            self.entries.extend_from_slice(&other.entries[range]);
        } else {
            for i in range {
                self.push(&other.get(i));
            }
        }
    }

    /// Move the id at `from` to `to`, those between moving up or down one.
    pub fn move_to(&mut self, from: usize, to: usize) {
        super::apply::move_in(&mut self.entries, from, to, None);
    }

    /// Room for `entries` more ids (those kept as text grow apart).
    pub fn reserve(&mut self, entries: usize) {
        self.entries.reserve_exact(entries);
    }

    /// The positions of `ids`, in order (one pass over the entries).
    pub fn positions_of(&self, ids: &std::collections::HashSet<String>) -> Vec<usize> {
        let bytes: rustc_hash::FxHashSet<[u8; 16]> = ids.iter().filter_map(|id| uuid_bytes(id)).collect();
        let texts: std::collections::HashSet<&str> =
            ids.iter().filter(|id| uuid_bytes(id).is_none()).map(String::as_str).collect();
        (0..self.len())
            .filter(|&i| {
                let e = &self.entries[i];
                match self.text_of(e) {
                    Some(t) => texts.contains(t),
                    None => bytes.contains(e),
                }
            })
            .collect()
    }

    /// Where `id` is, the first time.
    pub fn position(&self, id: &str) -> Option<usize> {
        match uuid_bytes(id) {
            Some(b) => self.entries.iter().position(|e| *e == b),
            None => (0..self.len()).find(|&i| self.text_of(&self.entries[i]) == Some(id)),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries and the texts (to save them).
    pub fn parts(&self) -> (&[[u8; 16]], &[Box<str>]) {
        (&self.entries, &self.texts)
    }

    /// Ids from saved parts; None unless every entry is a UUID kept as
    /// bytes or names one of `texts`.
    pub fn from_parts(entries: Vec<[u8; 16]>, texts: Vec<Box<str>>) -> Option<Ids> {
        let ids = Ids { entries, texts };
        let named = ids.entries.iter().filter(|e| e[8] & 0xC0 != 0x80).try_fold(0usize, |n, e| {
            let at = u32::from_le_bytes([e[0], e[1], e[2], e[3]]) as usize;
            (at < ids.texts.len()).then_some(n + 1)
        })?;
        (named == ids.texts.len()).then_some(ids)
    }
}

/// Where each id of an [`Ids`] is (see [`Ids::places`]).
pub struct Places<'a> {
    uuids: std::collections::HashMap<[u8; 16], u32>,
    texts: std::collections::HashMap<&'a str, u32>,
}

impl Places<'_> {
    /// The first position of `id`.
    pub fn get(&self, id: &str) -> Option<u32> {
        match uuid_bytes(id) {
            Some(b) => self.uuids.get(&b).copied(),
            None => self.texts.get(id).copied(),
        }
    }
}

impl Ids {
    /// A map from each id to its first position.
    pub fn places(&self) -> Places<'_> {
        let mut places = Places { uuids: std::collections::HashMap::new(), texts: std::collections::HashMap::new() };
        places.uuids.reserve(self.len() - self.texts.len());
        for (i, e) in self.entries.iter().enumerate() {
            match self.text_of(e) {
                Some(t) => places.texts.entry(t).or_insert(i as u32),
                None => places.uuids.entry(*e).or_insert(i as u32),
            };
        }
        places
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_kept_as_bytes_and_other_ids_as_text() {
        let v7 = uuid::Uuid::now_v7().to_string();
        let v5 = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, b"x").to_string();
        let upper = v7.to_uppercase();
        let nil = uuid::Uuid::nil().to_string();
        let mut ids = Ids::default();
        for id in [v7.as_str(), "c1", v5.as_str(), &upper, &nil, "", "id-0"] {
            ids.push(id);
        }
        assert_eq!(ids.texts.len(), 5, "the upper-case and nil UUIDs are kept as written");
        for (i, id) in [v7.as_str(), "c1", &v5, &upper, &nil, "", "id-0"].into_iter().enumerate() {
            assert_eq!(ids.get(i), id);
            assert_eq!(ids.position(id), Some(i));
            assert_eq!(ids.cmp_at(i, id), Ordering::Equal);
        }
        assert_ne!(ids.get(0), v5.as_str());
        assert_eq!((ids.position("c2"), ids.position(&uuid::Uuid::now_v7().to_string())), (None, None));
        ids.remove(1);
        assert_eq!(ids.texts.len(), 4);
        ids.insert(0, "z");
        let all: Vec<String> = (0..ids.len()).map(|i| ids.get(i).to_string()).collect();
        assert_eq!(all, ["z", v7.as_str(), &v5, &upper, &nil, "", "id-0"]);
        let (entries, texts) = ids.parts();
        let back = Ids::from_parts(entries.to_vec(), texts.to_vec()).unwrap();
        assert_eq!((0..back.len()).map(|i| back.get(i).to_string()).collect::<Vec<_>>(), all);
        assert!(Ids::from_parts(entries.to_vec(), texts[1..].to_vec()).is_none(), "a text missing");
        let places = back.places();
        for (i, id) in all.iter().enumerate() {
            assert_eq!(places.get(id), Some(i as u32), "{id}");
        }
        assert_eq!(places.get("c1"), None);
        assert_eq!(places.get(&uuid::Uuid::now_v7().to_string()), None);
    }

    #[test]
    fn a_uuid_kept_as_bytes_compares_as_its_text() {
        let mut ids = Ids::default();
        let a = "018f0000-0000-7000-8000-00000000000a";
        ids.push(a);
        assert!(ids.texts.is_empty());
        assert_eq!(ids.cmp_at(0, "018f0000-0000-7000-8000-00000000000b"), Ordering::Less);
        assert_eq!(ids.cmp_at(0, "018f"), Ordering::Greater);
        assert_eq!(uuid_bytes("018f0000-0000-7000-8000-00000000000g"), None);
        assert_eq!(uuid_bytes("018f0000-0000-7000-8000+00000000000a"), None);
        assert_eq!(uuid_bytes("018f0000-0000-7000-8000-00000000000a0"), None);
    }
}
