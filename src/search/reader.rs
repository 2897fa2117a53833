//! Reading a saved index's file (see [`super::file`]) at given offsets,
//! so that two threads can read two parts of it at once: the records (the
//! largest part) on one, the rest on the other. Each part's checksum is
//! taken on the way and the two are combined.

use super::ids::Ids;
use super::initials::{Initials, SAVED_LEN};
use super::packed::PackedStr;

/// Where a saved file's bytes are read from, at any offset: the file, or
/// its bytes in memory.
pub(super) trait Source: Send + Sized {
    /// Fills `buf` with the bytes at `at`.
    fn read_at(&self, buf: &mut [u8], at: u64) -> Option<()>;

    /// A second handle for another thread.
    fn split(&self) -> Option<Self>;
}

impl Source for &[u8] {
    fn read_at(&self, buf: &mut [u8], at: u64) -> Option<()> {
        let at = usize::try_from(at).ok()?;
        buf.copy_from_slice(self.get(at..at.checked_add(buf.len())?)?);
        Some(())
    }

    fn split(&self) -> Option<Self> {
        Some(self)
    }
}

impl Source for std::fs::File {
    #[cfg(unix)]
    fn read_at(&self, buf: &mut [u8], at: u64) -> Option<()> {
        std::os::unix::fs::FileExt::read_exact_at(self, buf, at).ok()
    }

    #[cfg(windows)]
    fn read_at(&self, mut buf: &mut [u8], mut at: u64) -> Option<()> {
        while !buf.is_empty() {
            let n = std::os::windows::fs::FileExt::seek_read(self, buf, at).ok()?;
            if n == 0 {
                return None;
            }
            buf = &mut buf[n..];
            at += n as u64;
        }
        Some(())
    }

    #[cfg(not(any(unix, windows)))]
    fn read_at(&self, _: &mut [u8], _: u64) -> Option<()> {
        None
    }

    fn split(&self) -> Option<Self> {
        self.try_clone().ok()
    }
}

/// Reads a part of a saved file, from `at` up to `end`, front to back into
/// its final buffers (the file is never held whole beside the index:
/// memory stays the index's size), the part's checksum taken on the way;
/// no read goes past `end`, so a length in a damaged file cannot ask for
/// more memory than the file has.
pub(super) struct Reader<S> {
    src: S,
    pub(super) at: u64,
    pub(super) end: u64,
    pub(super) sum: crc32fast::Hasher,
}

/// Bytes of room a packed section is read with (see
/// [`Reader::packed_body`]).
const ROOM: usize = 64 * 1024;

impl<S: Source> Reader<S> {
    pub(super) fn new(src: S, at: u64, end: u64) -> Reader<S> {
        Reader { src, at, end, sum: crc32fast::Hasher::new() }
    }

    /// Fills `buf` from the file, taking its checksum.
    pub(super) fn fill(&mut self, buf: &mut [u8]) -> Option<()> {
        let to = self.at.checked_add(u64::try_from(buf.len()).ok()?)?;
        if to > self.end {
            return None;
        }
        self.src.read_at(buf, self.at)?;
        self.at = to;
        self.sum.update(buf);
        Some(())
    }

    /// Whether `n` more bytes are there to read.
    fn holds(&self, n: usize) -> bool {
        u64::try_from(n).is_ok_and(|n| n <= self.end - self.at)
    }

    pub(super) fn bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        self.bytes_with_room(n, 0)
    }

    /// [`Reader::bytes`], with room for `room` bytes more (never touched
    /// unless used: not resident).
    fn bytes_with_room(&mut self, n: usize, room: usize) -> Option<Vec<u8>> {
        if !self.holds(n) {
            return None;
        }
        let mut buf = vec![0u8; n.checked_add(room)?];
        buf.truncate(n);
        self.fill(&mut buf)?;
        Some(buf)
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        let mut b = [0u8; 8];
        self.fill(&mut b)?;
        Some(u64::from_le_bytes(b))
    }

    /// `count` little-endian numbers read straight into their vector: no
    /// copy of the raw bytes is made beside it (every megabyte the load
    /// touches costs its page faults).
    pub(super) fn numbers<T: bytemuck::Pod>(&mut self, count: usize, from_le: fn(T) -> T) -> Option<Vec<T>> {
        if !self.holds(count.checked_mul(size_of::<T>())?) {
            return None;
        }
        let mut v = vec![T::zeroed(); count];
        self.fill(bytemuck::cast_slice_mut(&mut v))?;
        for x in &mut v {
            *x = from_le(*x);
        }
        Some(v)
    }

    /// A packed section's bytes and end offsets, not yet checked (see
    /// [`packed`]).
    pub(super) fn packed(&mut self, count: usize) -> Option<(Vec<u8>, Vec<u32>)> {
        let len = usize::try_from(self.u64()?).ok()?;
        self.packed_body(len, count)
    }

    /// A packed section's `len` bytes and `count` end offsets (its length
    /// read before).
    /// With room for a few changes put in where they are (see
    /// `Index::replace`) to write a longer string without copying them all.
    pub(super) fn packed_body(&mut self, len: usize, count: usize) -> Option<(Vec<u8>, Vec<u32>)> {
        let buf = self.bytes_with_room(len, ROOM)?;
        Some((buf, self.numbers(count, u32::from_le)?))
    }

    /// `count` ids (see [`super::ids`]): their entries read straight into
    /// their vector, then the texts of those kept as text.
    pub(super) fn ids(&mut self, count: usize) -> Option<Ids> {
        let entries: Vec<[u8; 16]> = self.numbers(count, |e| e)?;
        let texts = usize::try_from(self.u64()?).ok()?;
        let packed = packed(self.packed(texts)?)?;
        Ids::from_parts(entries, (0..packed.len()).map(|i| packed.get(i).into()).collect())
    }

    pub(super) fn words(&mut self, count: usize) -> Option<Vec<u64>> {
        self.numbers(count, u64::from_le)
    }

    /// `count` saved initials, read a slice at a time into their vector.
    pub(super) fn initials(&mut self, count: usize) -> Option<Vec<Initials>> {
        const AT_ONCE: usize = 1024;
        if !self.holds(count.checked_mul(SAVED_LEN)?) {
            return None;
        }
        let mut out = Vec::with_capacity(count);
        let mut raw = vec![0u8; SAVED_LEN * AT_ONCE.min(count)];
        let mut left = count;
        while left > 0 {
            let k = left.min(AT_ONCE);
            let buf = raw.get_mut(..k * SAVED_LEN)?;
            self.fill(buf)?;
            out.extend(buf.chunks_exact(SAVED_LEN).filter_map(|b| b.try_into().ok().map(Initials::from_bytes)));
            left -= k;
        }
        Some(out)
    }

    /// The table of starts and `count` customers' start numbers (see
    /// [`super::starts`]), if they hold.
    pub(super) fn starts(&mut self, count: usize) -> Option<(super::starts::Table, Vec<super::starts::Starts>)> {
        use super::starts::{SLOTS, Start, Table};
        let mut n = [0u8; 4];
        self.fill(&mut n)?;
        let n = u32::from_le_bytes(n) as usize;
        let raw = self.bytes(n.checked_mul(13)?)?;
        let keys = raw
            .chunks_exact(13)
            .map(|k| {
                let ch = |at: usize| char::from_u32(u32::from_le_bytes(k[at..at + 4].try_into().ok()?));
                let syl = |at: usize| Some(u16::from_le_bytes(k[at..at + 2].try_into().ok()?));
                Some(Start { first: ch(0)?, second: ch(4)?, more: k[8] == 1, preferred: [syl(9)?, syl(11)?] })
            })
            .collect::<Option<Vec<_>>>()?;
        let table = Table::from_keys(keys)?;
        let starts: Vec<[u16; SLOTS]> = self.numbers(count, |s: [u16; SLOTS]| s.map(u16::from_le))?;
        let known = |s: &[u16; SLOTS]| s.iter().all(|&v| usize::from(v) < table.len() || v >= super::starts::UNKNOWN);
        (starts.len() == count && starts.iter().all(known)).then_some((table, starts))
    }
}

/// Strings from a packed section's bytes and end offsets, if they hold
/// (UTF-8, offsets on character boundaries).
pub(super) fn packed((buf, ends): (Vec<u8>, Vec<u32>)) -> Option<PackedStr> {
    PackedStr::from_parts(String::from_utf8(buf).ok()?, ends)
}
