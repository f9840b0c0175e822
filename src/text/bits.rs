//! One bit per byte of a text, for scans that jump from one interesting byte to the next.
//!
//! A byte-by-byte loop such as "advance while this is a word character" ends at a place the
//! processor cannot predict, once per word: on prose that misprediction was most of the cost
//! of the word and match scans (measured with perf). Here the bits are computed 64 bytes at
//! a time without branches, and the scans find the next set or clear bit with one
//! `trailing_zeros`.

/// Bit `i` is set when the predicate held for byte `i`.
pub(crate) struct ByteBits {
    blocks: Vec<u64>,
    len: usize,
}

impl ByteBits {
    /// Bits for the bytes for which `table` holds.
    pub fn of(bytes: &[u8], table: &[bool; 256]) -> ByteBits {
        ByteBits::build(bytes, |_, b| table[b as usize])
    }

    /// Bits from a predicate on each byte and the one before it (`None` at the start).
    pub fn build(bytes: &[u8], f: impl Fn(Option<u8>, u8) -> bool) -> ByteBits {
        let mut blocks = Vec::with_capacity(bytes.len().div_ceil(64));
        for (k, chunk) in bytes.chunks(64).enumerate() {
            let mut m = 0u64;
            let mut prev = (k * 64).checked_sub(1).map(|i| bytes[i]);
            for (i, &b) in chunk.iter().enumerate() {
                m |= (f(prev, b) as u64) << i;
                prev = Some(b);
            }
            blocks.push(m);
        }
        ByteBits { blocks, len: bytes.len() }
    }

    /// The first set bit at or after `from`.
    pub fn next_set(&self, from: usize) -> Option<usize> {
        self.next(from, 0)
    }

    /// The first clear bit at or after `from` (the length when there is none).
    pub fn next_clear(&self, from: usize) -> usize {
        self.next(from, !0).unwrap_or(self.len).min(self.len)
    }

    /// The first bit at or after `from` that differs from `flip`'s bits.
    fn next(&self, from: usize, flip: u64) -> Option<usize> {
        let mut k = from / 64;
        let mut m = (*self.blocks.get(k)? ^ flip) & (!0u64 << (from % 64));
        while m == 0 {
            k += 1;
            m = *self.blocks.get(k)? ^ flip;
        }
        Some(k * 64 + m.trailing_zeros() as usize).filter(|&i| i < self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_set_and_clear_agree_with_a_plain_scan() {
        let text: Vec<u8> = (0..300u32).map(|i| if (i * 7 + i / 13) % 5 < 2 { b'a' } else { b' ' }).collect();
        let mut table = [false; 256];
        table[b'a' as usize] = true;
        let bits = ByteBits::of(&text, &table);
        for from in 0..=text.len() + 70 {
            let set = (from..text.len()).find(|&i| text[i] == b'a');
            let clear = (from..text.len()).find(|&i| text[i] != b'a').unwrap_or(text.len());
            assert_eq!(bits.next_set(from), set, "from {from}");
            assert_eq!(bits.next_clear(from), clear, "from {from}");
        }
        // The byte before is seen across block edges too.
        let pairs = ByteBits::build(&text, |prev, b| prev == Some(b' ') && b == b'a');
        for i in 0..text.len() {
            assert_eq!(pairs.next_set(i) == Some(i), i > 0 && text[i - 1] == b' ' && text[i] == b'a', "at {i}");
        }
        let empty = ByteBits::of(b"", &table);
        assert_eq!((empty.next_set(0), empty.next_clear(0)), (None, 0));
    }
}
