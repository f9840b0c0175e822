//! One bit per byte of a text, for scans that jump from one interesting byte to the next.
//!
//! A byte-by-byte loop such as "advance while this is a word character" ends at a place the
//! processor cannot predict, once per word: on prose those two branches took about 40% of
//! the word and match scans' samples (perf). Here the bits are computed 64 bytes at
//! a time without branches, and the scans find the next set or clear bit with one
//! `trailing_zeros`.

/// Up to eight sets of bytes: `table[b]` has bit `j` set when byte `b` is in set `j`. In
/// WebAssembly the sets are also kept as 16-byte lookup tables (`nibbles`), so that 16 bytes
/// are tested at once with lane shuffles. (Measured in Node on the 2 KB bench email: the
/// byte-by-byte lookups were 9% of the analysis, the shuffles 3%; the email and the 100 KB
/// paste are both analysed about 5% faster.)
pub(crate) struct ByteTable<const N: usize> {
    table: [u8; 256],
    /// Per set, for each low nibble `n`: bit `h` of `.0[n]` is set when byte `16h + n` (high
    /// nibbles 0–7) is in the set, and of `.1[n]` when byte `16(h + 8) + n` is.
    #[cfg_attr(not(all(target_arch = "wasm32", target_feature = "simd128")), allow(dead_code))]
    nibbles: [([u8; 16], [u8; 16]); N],
}

impl<const N: usize> ByteTable<N> {
    /// The sets of `table` (bit `j` of each entry is set `j`).
    pub const fn new(table: [u8; 256]) -> ByteTable<N> {
        let mut nibbles = [([0u8; 16], [0u8; 16]); N];
        let mut b = 0;
        while b < 256 {
            let mut j = 0;
            while j < N {
                if table[b] >> j & 1 != 0 {
                    let bit = 1 << ((b >> 4) & 7);
                    if b < 128 {
                        nibbles[j].0[b & 15] |= bit;
                    } else {
                        nibbles[j].1[b & 15] |= bit;
                    }
                }
                j += 1;
            }
            b += 1;
        }
        ByteTable { table, nibbles }
    }

    /// The sets' bits for 64 bytes, 16 at a time: each byte's low nibble picks its row of
    /// each table, its high nibble the bit in that row.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline]
    fn block(&self, block: &[u8; 64]) -> [u64; N] {
        use core::arch::wasm32::*;
        let load = |b: &[u8]| {
            u8x16(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
        };
        let bits = u8x16(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
        let tables = self.nibbles.map(|(lo, hi)| (load(&lo), load(&hi)));
        let mut out = [0u64; N];
        for k in 0..4 {
            let x = load(&block[16 * k..16 * k + 16]);
            let low = v128_and(x, u8x16_splat(15));
            let bit = i8x16_swizzle(bits, u8x16_shr(x, 4));
            let upper = i8x16_lt(x, i8x16_splat(0));
            for (m, &(lo, hi)) in out.iter_mut().zip(&tables) {
                let row = v128_bitselect(i8x16_swizzle(hi, low), i8x16_swizzle(lo, low), upper);
                let hit = i8x16_ne(v128_and(row, bit), i8x16_splat(0));
                *m |= (i8x16_bitmask(hit) as u64) << (16 * k);
            }
        }
        out
    }

    /// The sets' bits for 64 bytes, one lookup per byte.
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    #[inline]
    fn block(&self, block: &[u8; 64]) -> [u64; N] {
        self.block_by_bytes(block)
    }

    #[inline]
    fn block_by_bytes(&self, block: &[u8; 64]) -> [u64; N] {
        let mut out = [0u64; N];
        for (i, &c) in block.iter().enumerate() {
            let t = self.table[c as usize] as u64;
            for (j, m) in out.iter_mut().enumerate() {
                *m |= (t >> j & 1) << i;
            }
        }
        out
    }
}

/// Whether the lookups a build makes ([`ByteTable::block`]: 16 lanes at a time in
/// WebAssembly) give the byte-by-byte bits for `bytes` (64-byte blocks, the last one padded),
/// with the tables of the word scan and of the catalogue's first bytes. The WebAssembly tests
/// call it through [`super::byte_tables_agree`].
pub(crate) fn tables_agree(bytes: &[u8]) -> bool {
    let word = &crate::signals::WORD_BYTES;
    let first = crate::matcher::CatalogueMatcher::shared().first_bytes();
    let mut agree = true;
    for_blocks(bytes, |block| {
        agree &= word.block(block) == word.block_by_bytes(block) && first.block(block) == first.block_by_bytes(block);
    });
    agree
}

/// Bit `i` is set when the predicate held for byte `i`.
pub(crate) struct ByteBits {
    blocks: Vec<u64>,
    len: usize,
}

impl ByteBits {
    /// The sets of bits for each of `N` byte sets in one pass: bit `i` of the `j`th is set
    /// when byte `i` is in set `j` of `table`.
    pub fn sets<const N: usize>(bytes: &[u8], table: &ByteTable<N>) -> [ByteBits; N] {
        let n = bytes.len().div_ceil(64);
        let mut out: [Vec<u64>; N] = std::array::from_fn(|_| Vec::with_capacity(n));
        for_blocks(bytes, |block| {
            for (v, m) in out.iter_mut().zip(table.block(block)) {
                v.push(m);
            }
        });
        let len = bytes.len();
        out.map(|blocks| ByteBits { blocks, len })
    }

    /// Bits for where a search may start: byte `i` is in set 0 of `table` at the start of the
    /// text, else in set 1 after a byte of set 3 (a word byte) and in set 2 after any other.
    pub fn after(bytes: &[u8], table: &ByteTable<4>) -> ByteBits {
        let mut blocks = Vec::with_capacity(bytes.len().div_ceil(64));
        // In WebAssembly: all four sets 16 bytes at a time, then each byte's context from the
        // word bits shifted by one.
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            let mut carry = 0u64;
            for_blocks(bytes, |block| {
                let [at_start, after_word, after_other, word] = table.block(block);
                let before_word = word << 1 | carry;
                carry = word >> 63;
                let m = (before_word & after_word) | (!before_word & after_other);
                blocks.push(if blocks.is_empty() { (m & !1) | (at_start & 1) } else { m });
            });
        }
        // Natively (no 16-lane lookup in the baseline instruction set): one lookup per byte,
        // which also gives the next byte's context. (Measured on the 2 KB bench email: 3% more
        // instructions than before the tables had 16-lane lookups, when the context indexed a
        // flat table; all four sets looked up per byte and combined as above, 10% more.)
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        {
            // The set this byte is looked up in: 0 at the start, then 1 or 2 by the byte before.
            let mut set = 1;
            let table = &table.table;
            for_blocks(bytes, |block| {
                let mut m = 0u64;
                for (i, &c) in block.iter().enumerate() {
                    let t = table[c as usize];
                    m |= ((t & set != 0) as u64) << i;
                    set = if t & 8 != 0 { 2 } else { 4 };
                }
                blocks.push(m);
            });
        }
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
        let both = ByteTable::<2>::new(both);
        let [bits, space] = ByteBits::sets(&text, &both);
        for from in 0..=text.len() + 70 {
            let set = (from..text.len()).find(|&i| text[i] == b'a');
            let clear = (from..text.len()).find(|&i| text[i] != b'a').unwrap_or(text.len());
            assert_eq!(bits.next_set(from), set, "from {from}");
            assert_eq!(bits.next_clear(from), clear, "from {from}");
        }
        // The second set, from the same pass.
        for (i, &c) in text.iter().enumerate() {
            assert_eq!(space.next_set(i) == Some(i), c == b' ');
        }
        // The byte before is seen across block edges too: 'a' starts a search at the start
        // (set 0) and after a byte that is not a word byte (set 2: after a space), not after
        // one (set 1, empty); 'a' is the word byte (set 3).
        let mut table = [0u8; 256];
        table[b'a' as usize] = 1 | 4 | 8;
        let starts = ByteBits::after(&text, &ByteTable::new(table));
        for i in 0..text.len() {
            let after_space = i == 0 || text[i - 1] == b' ';
            assert_eq!(starts.next_set(i) == Some(i), after_space && text[i] == b'a', "at {i}");
        }
        // At the start, set 0 alone decides.
        let mut table = [0u8; 256];
        table[b'a' as usize] = 2 | 8;
        let starts = ByteBits::after(b"aa a", &ByteTable::new(table));
        assert_eq!((starts.next_set(0), starts.next_set(2)), (Some(1), None));
        for from in 0..=text.len() + 3 {
            let want = (from..text.len()).find(|&i| text[i] == b' ');
            assert_eq!(find_byte(&text, from, |c| c == b' '), want, "from {from}");
        }
        let [empty, _] = ByteBits::sets(b"", &both);
        assert_eq!((empty.next_set(0), empty.next_clear(0)), (None, 0));
    }

    /// What the 16-lane lookup computes, one lane at a time.
    fn by_nibbles<const N: usize>(t: &ByteTable<N>, j: usize, b: u8) -> bool {
        let (lo, hi) = t.nibbles[j];
        let row = if b >= 0x80 { hi } else { lo }[(b & 15) as usize];
        row & (1 << ((b >> 4) & 7)) != 0
    }

    #[test]
    fn the_nibble_tables_hold_the_same_sets() {
        let mut table = [0u8; 256];
        for (b, t) in table.iter_mut().enumerate() {
            *t = (b as u8).wrapping_mul(167).rotate_left(3) ^ (b as u8 >> 2);
        }
        let t = ByteTable::<8>::new(table);
        for b in 0..=255u8 {
            for j in 0..8 {
                assert_eq!(by_nibbles(&t, j, b), table[b as usize] >> j & 1 != 0, "byte {b} set {j}");
            }
        }
        let all: Vec<u8> =
            (0..=255u8).chain((0..=255u8).rev()).chain((0..300u32).map(|i| (i * 97 % 256) as u8)).collect();
        assert!(tables_agree(&all));
    }
}
