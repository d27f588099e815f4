//! The index file format: bytes in, checked sections out (and back).
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"CHCHIDX\x1a"
//! 8       4     format version (u32 LE), FORMAT_VERSION
//! 12      4     number of sections (u32 LE)
//! 16      8     file length in bytes (u64 LE)
//! 24      4     CRC-32 of the section table and the block checksums
//! 28      4     CRC-32 of bytes 0..28 (the header itself)
//! 32      24·n  section table: kind (u32), first block (u32), offset (u64
//!               from the start of the file), length (u64)
//! ...     4·b   block checksums: CRC-32 of every 64 KiB block of every
//!               section, section by section
//! ...           the sections, each starting on an 8-byte boundary
//! ```
//!
//! All integers are little endian.
//!
//! # Checking
//!
//! [`Sections::parse`] checks the magic, the header's own CRC, the version,
//! the length (a truncated or padded file), the CRC of the section table
//! and block checksums, and that every section lies inside the file. The
//! sections themselves are checked block by block when first read
//! ([`Section::get`]): a lookup that reads a few hundred table entries and a
//! few records verifies the few blocks holding them, not the whole file, so
//! a large index costs milliseconds to open. Every byte an answer is
//! computed from is verified before use, so a flipped bit gives an error,
//! never a different answer; a flipped bit in a block no check reads goes
//! unnoticed until one does. Files of at most [`FULL_CHECK_BYTES`] are
//! verified whole on open, since that costs under a millisecond.
//!
//! Readers of section contents ([`U32s`], [`U64s`], [`SortedTable`]) still
//! bounds-check every access, so a file that passes the checksums by design
//! rather than by accident gives an error, not a panic.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// First bytes of every index file.
pub const MAGIC: &[u8; 8] = b"CHCHIDX\x1a";
/// The version this build writes and reads. 4: look-alike characters fold
/// in the matching view (fingerprints of such text differ from version 3's)
/// and records no longer store the indexing machine's file paths. 5: code,
/// style sheets and widgets inside bodies are no longer body text, so a
/// version 4 index holds fingerprints of script that no draft shows now.
pub const FORMAT_VERSION: u32 = 5;
/// Files up to this size are verified whole when opened.
pub const FULL_CHECK_BYTES: usize = 16 << 20;
/// Size of a checksummed block.
const BLOCK: usize = 64 << 10;
const HEADER_LEN: usize = 32;
const ENTRY_LEN: usize = 24;

/// Why index bytes are unusable. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("not a chachong index (no index header)")]
    NotAnIndex,
    #[error("index header is damaged (header checksum mismatch)")]
    BadHeader,
    #[error(
        "index format version {found}, but this chachong reads version {FORMAT_VERSION}: rebuild it with `chachong index`"
    )]
    Version { found: u32 },
    #[error(
        "index is truncated or has extra bytes: header says {expected} bytes, file has {found}"
    )]
    Length { expected: u64, found: u64 },
    #[error("index is corrupt (checksum mismatch in {0})")]
    Checksum(String),
    #[error("index is corrupt: {0}")]
    Malformed(String),
}

fn malformed(what: impl Into<String>) -> FormatError {
    FormatError::Malformed(what.into())
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Whether `bytes` start like an index file (of any version).
pub fn has_magic(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// One section: its bytes, verified block by block on first read.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    kind: u32,
    bytes: &'a [u8],
    crcs: &'a [u8],
    first_block: usize,
    verified: Arc<[AtomicBool]>,
}

impl<'a> Section<'a> {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes `range` of the section, after verifying the blocks that
    /// hold them.
    pub fn get(&self, range: Range<usize>) -> Result<&'a [u8], FormatError> {
        let out = self.bytes.get(range.clone()).ok_or_else(|| {
            malformed(format!(
                "read {range:?} past the end of section {}",
                self.kind
            ))
        })?;
        if !out.is_empty() {
            for block in range.start / BLOCK..=(range.end - 1) / BLOCK {
                self.verify_block(block)?;
            }
        }
        Ok(out)
    }

    /// All bytes, verified.
    pub fn all(&self) -> Result<&'a [u8], FormatError> {
        self.get(0..self.bytes.len())
    }

    fn verify_block(&self, block: usize) -> Result<(), FormatError> {
        let at = self.first_block + block;
        let flag = self
            .verified
            .get(at)
            .ok_or_else(|| malformed("block out of range"))?;
        if flag.load(Ordering::Relaxed) {
            return Ok(());
        }
        let start = block * BLOCK;
        let data = &self.bytes[start..(start + BLOCK).min(self.bytes.len())];
        if u32_at(self.crcs, at * 4) != Some(crc32fast::hash(data)) {
            return Err(FormatError::Checksum(format!(
                "section {}, bytes {start}..{}",
                self.kind,
                start + data.len()
            )));
        }
        flag.store(true, Ordering::Relaxed);
        Ok(())
    }
}

/// The sections of a checked index file, by kind.
#[derive(Debug)]
pub struct Sections<'a> {
    table: Vec<Section<'a>>,
}

impl<'a> Sections<'a> {
    /// Checks `bytes` as a whole index file and lists its sections.
    pub fn parse(bytes: &'a [u8]) -> Result<Sections<'a>, FormatError> {
        if !has_magic(bytes) {
            return Err(FormatError::NotAnIndex);
        }
        let header = bytes.get(..HEADER_LEN).ok_or(FormatError::Length {
            expected: HEADER_LEN as u64,
            found: bytes.len() as u64,
        })?;
        let field = |at| u32_at(header, at).ok_or(FormatError::BadHeader);
        if crc32fast::hash(&header[..28]) != field(28)? {
            return Err(FormatError::BadHeader);
        }
        let version = field(8)?;
        if version != FORMAT_VERSION {
            return Err(FormatError::Version { found: version });
        }
        let count = field(12)? as usize;
        let expected = u64_at(header, 16).ok_or(FormatError::BadHeader)?;
        if expected != bytes.len() as u64 {
            return Err(FormatError::Length {
                expected,
                found: bytes.len() as u64,
            });
        }
        let table_end = count
            .checked_mul(ENTRY_LEN)
            .and_then(|n| n.checked_add(HEADER_LEN))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| malformed("section table runs past the end"))?;
        let mut entries = Vec::with_capacity(count);
        let mut blocks = 0usize;
        for i in 0..count {
            let entry = &bytes[HEADER_LEN + i * ENTRY_LEN..HEADER_LEN + (i + 1) * ENTRY_LEN];
            let (kind, first, offset, len) = (
                u32_at(entry, 0).unwrap_or(0),
                u32_at(entry, 4).unwrap_or(0) as usize,
                u64_at(entry, 8).unwrap_or(0),
                u64_at(entry, 16).unwrap_or(0),
            );
            let end = offset
                .checked_add(len)
                .filter(|&e| e <= bytes.len() as u64)
                .ok_or_else(|| malformed(format!("section {kind} lies outside the file")))?;
            if first != blocks {
                return Err(malformed(format!("section {kind}: block numbering")));
            }
            blocks += (len as usize).div_ceil(BLOCK);
            entries.push((kind, first, offset as usize..end as usize));
        }
        let crcs_end = blocks
            .checked_mul(4)
            .and_then(|n| n.checked_add(table_end))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| malformed("block checksums run past the end"))?;
        if crc32fast::hash(&bytes[HEADER_LEN..crcs_end]) != field(24)? {
            return Err(FormatError::Checksum("the section table".into()));
        }
        let crcs = &bytes[table_end..crcs_end];
        let verified: Arc<[AtomicBool]> = (0..blocks).map(|_| AtomicBool::new(false)).collect();
        let table: Vec<Section<'a>> = entries
            .into_iter()
            .map(|(kind, first_block, range)| Section {
                kind,
                bytes: &bytes[range],
                crcs,
                first_block,
                verified: verified.clone(),
            })
            .collect();
        let sections = Sections { table };
        if bytes.len() <= FULL_CHECK_BYTES {
            sections.verify_all()?;
        }
        Ok(sections)
    }

    /// Verifies every block of every section.
    pub fn verify_all(&self) -> Result<(), FormatError> {
        for s in &self.table {
            s.all()?;
        }
        Ok(())
    }

    /// The section of `kind`.
    pub fn get(&self, kind: u32) -> Result<Section<'a>, FormatError> {
        self.table
            .iter()
            .find(|s| s.kind == kind)
            .cloned()
            .ok_or_else(|| malformed(format!("section {kind} is missing")))
    }
}

/// Builds an index file from sections.
#[derive(Debug, Default)]
pub struct Writer {
    sections: Vec<(u32, Vec<u8>)>,
}

impl Writer {
    pub fn section(&mut self, kind: u32, bytes: Vec<u8>) {
        self.sections.push((kind, bytes));
    }

    /// The whole file.
    pub fn finish(self) -> Vec<u8> {
        let blocks: usize = self
            .sections
            .iter()
            .map(|s| s.1.len().div_ceil(BLOCK))
            .sum();
        let table_end = HEADER_LEN + self.sections.len() * ENTRY_LEN;
        let crcs_end = table_end + 4 * blocks;
        let total: usize = self.sections.iter().map(|s| s.1.len() + 8).sum();
        let mut out = Vec::with_capacity(crcs_end + total);
        out.resize(crcs_end, 0);
        let mut first_block = 0usize;
        for (i, (kind, bytes)) in self.sections.iter().enumerate() {
            while !out.len().is_multiple_of(8) {
                out.push(0);
            }
            let at = HEADER_LEN + i * ENTRY_LEN;
            let offset = out.len() as u64;
            out[at..at + 4].copy_from_slice(&kind.to_le_bytes());
            out[at + 4..at + 8].copy_from_slice(&(first_block as u32).to_le_bytes());
            out[at + 8..at + 16].copy_from_slice(&offset.to_le_bytes());
            out[at + 16..at + 24].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
            for (j, block) in bytes.chunks(BLOCK).enumerate() {
                let c = table_end + 4 * (first_block + j);
                out[c..c + 4].copy_from_slice(&crc32fast::hash(block).to_le_bytes());
            }
            first_block += bytes.len().div_ceil(BLOCK);
            out.extend_from_slice(bytes);
        }
        let meta_crc = crc32fast::hash(&out[HEADER_LEN..crcs_end]);
        let file_len = out.len() as u64;
        out[..8].copy_from_slice(MAGIC);
        out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out[12..16].copy_from_slice(&(self.sections.len() as u32).to_le_bytes());
        out[16..24].copy_from_slice(&file_len.to_le_bytes());
        out[24..28].copy_from_slice(&meta_crc.to_le_bytes());
        let header_crc = crc32fast::hash(&out[..28]);
        out[28..32].copy_from_slice(&header_crc.to_le_bytes());
        out
    }
}

/// A little-endian `u32` array read in place, verified on use.
#[derive(Debug, Clone)]
pub struct U32s<'a>(Section<'a>);

impl<'a> U32s<'a> {
    pub fn new(s: Section<'a>) -> Result<Self, FormatError> {
        if !s.len().is_multiple_of(4) {
            return Err(malformed(format!(
                "section {}: u32 array of odd length",
                s.kind
            )));
        }
        Ok(U32s(s))
    }
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Entry `i`, or an error when out of range or its block is damaged.
    pub fn get(&self, i: usize) -> Result<u32, FormatError> {
        if i >= self.len() {
            return Err(malformed(format!(
                "section {}: entry {i} out of range",
                self.0.kind
            )));
        }
        let b = self.0.get(i * 4..i * 4 + 4)?;
        b.try_into()
            .map(u32::from_le_bytes)
            .map_err(|_| malformed("short entry"))
    }
}

/// A little-endian `u64` array read in place, verified on use.
#[derive(Debug, Clone)]
pub struct U64s<'a>(Section<'a>);

impl<'a> U64s<'a> {
    pub fn new(s: Section<'a>) -> Result<Self, FormatError> {
        if !s.len().is_multiple_of(8) {
            return Err(malformed(format!(
                "section {}: u64 array of odd length",
                s.kind
            )));
        }
        Ok(U64s(s))
    }
    pub fn len(&self) -> usize {
        self.0.len() / 8
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, i: usize) -> Result<u64, FormatError> {
        if i >= self.len() {
            return Err(malformed(format!(
                "section {}: entry {i} out of range",
                self.0.kind
            )));
        }
        let b = self.0.get(i * 8..i * 8 + 8)?;
        b.try_into()
            .map(u64::from_le_bytes)
            .map_err(|_| malformed("short entry"))
    }
}

/// Most bits of a hash a [`SortedTable`]'s directory uses.
const DIR_BITS: u32 = 16;

/// The directory bits for a table of `n` pairs: about 16 pairs a bucket,
/// at most [`DIR_BITS`], so a one-document segment does not carry a
/// 256 KiB directory.
fn dir_bits(n: usize) -> u32 {
    let mut bits = 0;
    while bits < DIR_BITS && (16usize << bits) < n {
        bits += 1;
    }
    bits
}

/// `(hash, doc)` pairs sorted by hash then doc, with a directory on the top
/// bits of the hash (16 for a large table, fewer for a small one, about 16
/// pairs a bucket) so a lookup is one directory read and a binary search
/// over a few dozen entries.
///
/// Stored as three sections: the hashes (`u64`), the docs (`u32`), and the
/// directory (`2^bits + 1` `u32` starts; its length gives `bits`).
#[derive(Debug, Clone)]
pub struct SortedTable<'a> {
    hashes: U64s<'a>,
    docs: U32s<'a>,
    dir: U32s<'a>,
    bits: u32,
}

impl<'a> SortedTable<'a> {
    /// Encodes sorted `(hash, doc)` pairs as (hashes, docs, directory).
    pub fn encode(pairs: &[(u64, u32)]) -> [Vec<u8>; 3] {
        debug_assert!(pairs.windows(2).all(|w| w[0] <= w[1]));
        let bits = dir_bits(pairs.len());
        let hashes = pairs.iter().flat_map(|p| p.0.to_le_bytes()).collect();
        let docs = pairs.iter().flat_map(|p| p.1.to_le_bytes()).collect();
        let mut dir = Vec::with_capacity(((1 << bits) + 1) * 4);
        let mut i = 0usize;
        for bucket in 0..=(1u64 << bits) {
            while i < pairs.len() && bucket_of(pairs[i].0, bits) < bucket {
                i += 1;
            }
            dir.extend_from_slice(&(i as u32).to_le_bytes());
        }
        [hashes, docs, dir]
    }

    pub fn new(
        hashes: Section<'a>,
        docs: Section<'a>,
        dir: Section<'a>,
    ) -> Result<Self, FormatError> {
        let dir = U32s::new(dir)?;
        let bits = (0..=DIR_BITS)
            .find(|b| dir.len() == (1 << b) + 1)
            .ok_or_else(|| malformed("hash table directory of a wrong size"))?;
        let t = SortedTable {
            hashes: U64s::new(hashes)?,
            docs: U32s::new(docs)?,
            dir,
            bits,
        };
        if t.hashes.len() != t.docs.len() || t.dir.get(1 << bits)? as usize != t.hashes.len() {
            return Err(malformed("hash table sizes disagree"));
        }
        Ok(t)
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The docs holding `hash`, in increasing order, at most `limit + 1` of
    /// them (so a caller can tell "more than `limit`").
    pub fn lookup(&self, hash: u64, limit: usize) -> Result<Vec<u32>, FormatError> {
        let bucket = bucket_of(hash, self.bits) as usize;
        let (lo, hi) = (
            self.dir.get(bucket)? as usize,
            self.dir.get(bucket + 1)? as usize,
        );
        if lo > hi || hi > self.hashes.len() {
            return Err(malformed("hash table directory out of order"));
        }
        // First entry in lo..hi with a hash >= `hash`.
        let (mut a, mut b) = (lo, hi);
        while a < b {
            let mid = a + (b - a) / 2;
            if self.hashes.get(mid)? < hash {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        let mut out = Vec::new();
        while a < hi && out.len() <= limit && self.hashes.get(a)? == hash {
            out.push(self.docs.get(a)?);
            a += 1;
        }
        Ok(out)
    }

    /// Every `(hash, doc)` pair, in order.
    pub fn pairs(&self) -> Result<Vec<(u64, u32)>, FormatError> {
        (0..self.hashes.len())
            .map(|i| Ok((self.hashes.get(i)?, self.docs.get(i)?)))
            .collect()
    }
}

/// The directory bucket of `hash` in a directory of `bits` bits.
fn bucket_of(hash: u64, bits: u32) -> u64 {
    if bits == 0 { 0 } else { hash >> (64 - bits) }
}

/// Recomputes every checksum of index bytes changed on purpose (block
/// checksums, the section table's, the header's), so tests and fuzz
/// targets can craft files that pass every checksum. Not for reading
/// files: it panics on bytes whose layout is broken.
pub fn reseal(b: &mut [u8]) {
    let count = u32_at(b, 12).unwrap() as usize;
    let table_end = HEADER_LEN + ENTRY_LEN * count;
    let mut blocks = 0;
    for i in 0..count {
        let e = HEADER_LEN + ENTRY_LEN * i;
        let first = u32_at(b, e + 4).unwrap() as usize;
        let offset = u64_at(b, e + 8).unwrap() as usize;
        let len = u64_at(b, e + 16).unwrap() as usize;
        let crcs: Vec<u32> = b[offset..offset + len]
            .chunks(BLOCK)
            .map(crc32fast::hash)
            .collect();
        for (j, crc) in crcs.iter().enumerate() {
            let at = table_end + 4 * (first + j);
            b[at..at + 4].copy_from_slice(&crc.to_le_bytes());
        }
        blocks += crcs.len();
    }
    let meta = crc32fast::hash(&b[HEADER_LEN..table_end + 4 * blocks]);
    b[24..28].copy_from_slice(&meta.to_le_bytes());
    let header = crc32fast::hash(&b[..28]);
    b[28..32].copy_from_slice(&header.to_le_bytes());
}

/// The byte range of section `kind` in index bytes, unchecked: for crafting
/// files with [`reseal`].
pub fn section_range(b: &[u8], kind: u32) -> Option<Range<usize>> {
    let count = u32_at(b, 12)? as usize;
    (0..count)
        .map(|i| HEADER_LEN + ENTRY_LEN * i)
        .find(|&e| u32_at(b, e) == Some(kind))
        .and_then(|e| {
            let (offset, len) = (u64_at(b, e + 8)? as usize, u64_at(b, e + 16)? as usize);
            Some(offset..offset + len)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(big: usize) -> Vec<u8> {
        let mut w = Writer::default();
        w.section(1, b"hello".to_vec());
        w.section(2, vec![7; big]);
        w.section(3, Vec::new());
        w.finish()
    }

    #[test]
    fn round_trip_and_damage_is_detected() {
        let bytes = file(16);
        let s = Sections::parse(&bytes).unwrap();
        assert_eq!(s.get(1).unwrap().all().unwrap(), b"hello");
        assert_eq!(s.get(2).unwrap().all().unwrap(), &[7; 16]);
        assert!(s.get(3).unwrap().is_empty());
        assert!(s.get(4).is_err());

        let mut flipped = bytes.clone();
        let at = flipped.len() - 4;
        flipped[at] ^= 0x40;
        assert!(matches!(
            Sections::parse(&flipped).unwrap_err(),
            FormatError::Checksum(_)
        ));
        let short = &bytes[..bytes.len() - 3];
        assert!(matches!(
            Sections::parse(short).unwrap_err(),
            FormatError::Length { .. }
        ));
        let mut v9 = bytes.clone();
        v9[8] = 9;
        let crc = crc32fast::hash(&v9[..28]);
        v9[28..32].copy_from_slice(&crc.to_le_bytes());
        assert_eq!(
            Sections::parse(&v9).unwrap_err(),
            FormatError::Version { found: 9 }
        );
        assert_eq!(
            Sections::parse(b"hello world").unwrap_err(),
            FormatError::NotAnIndex
        );
        assert!(matches!(
            Sections::parse(&bytes[..12]).unwrap_err(),
            FormatError::Length { .. }
        ));
    }

    #[test]
    fn large_files_verify_the_blocks_they_read() {
        let big = FULL_CHECK_BYTES + 3 * BLOCK;
        let mut bytes = file(big);
        let len = bytes.len();
        // Damage the last block of section 2.
        bytes[len - 10] ^= 1;
        let s = Sections::parse(&bytes).unwrap();
        let two = s.get(2).unwrap();
        assert_eq!(two.get(0..100).unwrap(), &[7; 100]);
        assert!(matches!(
            two.get(big - 20..big - 1).unwrap_err(),
            FormatError::Checksum(_)
        ));
        assert!(s.verify_all().is_err());
    }

    #[test]
    fn sorted_table_finds_every_doc_of_a_hash() {
        let mut pairs = vec![(5u64, 1u32), (5, 3), (u64::MAX, 2), (1 << 63, 0), (0, 9)];
        pairs.sort_unstable();
        let mut w = Writer::default();
        for (k, b) in SortedTable::encode(&pairs).into_iter().enumerate() {
            w.section(k as u32, b);
        }
        let bytes = w.finish();
        let s = Sections::parse(&bytes).unwrap();
        let t = SortedTable::new(s.get(0).unwrap(), s.get(1).unwrap(), s.get(2).unwrap()).unwrap();
        assert_eq!(t.lookup(5, 10).unwrap(), vec![1, 3]);
        assert_eq!(t.lookup(5, 0).unwrap(), vec![1]);
        assert_eq!(t.lookup(u64::MAX, 10).unwrap(), vec![2]);
        assert_eq!(t.lookup(1 << 63, 10).unwrap(), vec![0]);
        assert_eq!(t.lookup(0, 10).unwrap(), vec![9]);
        assert!(t.lookup(6, 10).unwrap().is_empty());
        assert_eq!(t.pairs().unwrap(), pairs);
    }
}
