//! One bit per byte of a text, for scans that jump from one interesting byte to the next.
//!
//! A byte-by-byte loop such as "advance while this is a word character" ends at a place the
//! processor cannot predict, once per word: on prose those two branches took about 40% of
//! the word and match scans' samples (perf). Here the bits are computed 64 bytes at
//! a time without branches, and the scans find the next set or clear bit with one
//! `trailing_zeros`.

/// Bit `i` is set when the predicate held for byte `i`.
pub(crate) struct ByteBits {
    blocks: Vec<u64>,
    len: usize,
}

impl ByteBits {
    /// Two sets of bits in one pass: for the bytes whose `table` entry has bit 0 set, and for
    /// those whose entry has bit 1 set.
    pub fn pair(bytes: &[u8], table: &[u8; 256]) -> [ByteBits; 2] {
        let n = bytes.len().div_ceil(64);
        let (mut zero, mut one) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for_blocks(bytes, |block| {
            let (mut a, mut b) = (0u64, 0u64);
            for (i, &c) in block.iter().enumerate() {
                let t = table[c as usize] as u64;
                a |= (t & 1) << i;
                b |= (t >> 1 & 1) << i;
            }
            zero.push(a);
            one.push(b);
        });
        let len = bytes.len();
        [ByteBits { blocks: zero, len }, ByteBits { blocks: one, len }]
    }

    /// Bits from a predicate on each byte and the kind of byte before it: bit `i` is
    /// `table[kind[bytes[i - 1]] + bytes[i]]`, with `start` as the kind before the first byte.
    /// (A flat table of 8 kinds × 256 bytes: masking the index keeps it in bounds for free.)
    pub fn after(bytes: &[u8], kind: &[u16; 256], start: u16, table: &[bool; 2048]) -> ByteBits {
        let mut blocks = Vec::with_capacity(bytes.len().div_ceil(64));
        let mut before = start as usize;
        for_blocks(bytes, |block| {
            let mut m = 0u64;
            for (i, &c) in block.iter().enumerate() {
                m |= (table[(before + c as usize) & 2047] as u64) << i;
                before = kind[c as usize] as usize;
            }
            blocks.push(m);
        });
        ByteBits { blocks, len: bytes.len() }
    }

    /// The first set bit at or after `from`.
    pub fn next_set(&self, from: usize) -> Option<usize> {
        self.next(from, 0)
    }

    /// The first clear bit at or after `from` (the length when there is none).
    pub fn next_clear(&self, from: usize) -> usize {
        self.next(from, !0).unwrap_or(self.len)
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

/// The first byte at or after `from` for which `pred` holds. `pred` should be a few plain
/// comparisons: each 64 bytes are first tested all at once, which the compiler turns into
/// vector code, so a run of bytes without a hit costs a fraction of a byte-by-byte loop.
pub(crate) fn find_byte(bytes: &[u8], from: usize, pred: impl Fn(u8) -> bool) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        let block = &bytes[at..(at + 64).min(bytes.len())];
        if block.iter().fold(false, |hit, &c| hit | pred(c)) {
            return block.iter().position(|&c| pred(c)).map(|k| at + k);
        }
        at += block.len();
    }
    None
}

/// Every position of `byte` in `bytes`, in order: [`find_byte`]'s block scan, which beats
/// `str::match_indices` on prose where the byte is every few dozen bytes (measured: the
/// line-break and question-mark scans were 7% of a 2 KB analysis through `match_indices`).
pub(crate) fn positions(bytes: &[u8], byte: u8) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = find_byte(bytes, from, |c| c == byte)?;
        from = at + 1;
        Some(at)
    })
}

/// Calls `f` on each 64 bytes of `bytes`, the last block padded with zeros (a fixed length
/// lets the compiler unroll the loops above, with constant shifts).
fn for_blocks(bytes: &[u8], mut f: impl FnMut(&[u8; 64])) {
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        f(block.try_into().expect("64 bytes"));
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 64];
        last[..rest.len()].copy_from_slice(rest);
        f(&last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_set_and_clear_agree_with_a_plain_scan() {
        let text: Vec<u8> = (0..300u32).map(|i| if (i * 7 + i / 13) % 5 < 2 { b'a' } else { b' ' }).collect();
        let mut both = [0u8; 256];
        both[b'a' as usize] = 1;
        both[b' ' as usize] = 2;
        let [bits, space] = ByteBits::pair(&text, &both);
        for from in 0..=text.len() + 70 {
            let set = (from..text.len()).find(|&i| text[i] == b'a');
            let clear = (from..text.len()).find(|&i| text[i] != b'a').unwrap_or(text.len());
            assert_eq!(bits.next_set(from), set, "from {from}");
            assert_eq!(bits.next_clear(from), clear, "from {from}");
        }
        // The second table, from the same pass.
        for (i, &c) in text.iter().enumerate() {
            assert_eq!(space.next_set(i) == Some(i), c == b' ');
        }
        // The byte before is seen across block edges too: kind 256 is "after a space", and
        // the start counts as after a space.
        let mut kind = [0u16; 256];
        kind[b' ' as usize] = 256;
        let mut table = [false; 2048];
        table[256 + b'a' as usize] = true;
        let starts = ByteBits::after(&text, &kind, 256, &table);
        for i in 0..text.len() {
            let after_space = i == 0 || text[i - 1] == b' ';
            assert_eq!(starts.next_set(i) == Some(i), after_space && text[i] == b'a', "at {i}");
        }
        for from in 0..=text.len() + 3 {
            let want = (from..text.len()).find(|&i| text[i] == b' ');
            assert_eq!(find_byte(&text, from, |c| c == b' '), want, "from {from}");
        }
        let [empty, _] = ByteBits::pair(b"", &both);
        assert_eq!((empty.next_set(0), empty.next_clear(0)), (None, 0));
    }
}
