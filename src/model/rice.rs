//! Sorted hashes as Rice-coded gaps: each gap's high part in unary (ones, then a zero), then
//! its low `k` bits, least significant bit first. About 20 bits a hash instead of 30 (see
//! `ngrams::HASH_BITS`) for the model's n-grams: random hashes gave gzip nothing to work with.
//!
//! This file is also compiled into `build.rs`, which encodes the hashes (the crate only
//! decodes them, and its tests encode).

#![allow(dead_code)]

/// The Rice parameter for these hashes and their code.
pub fn encode(sorted: &[u32]) -> (u32, Vec<u8>) {
    let span = sorted.last().copied().unwrap_or(0) as u64 + 1;
    let k = (span / sorted.len().max(1) as u64).max(1).ilog2();
    (k, encode_with(sorted, k))
}

/// The code of sorted hashes with Rice parameter `k`.
pub fn encode_with(sorted: &[u32], k: u32) -> Vec<u8> {
    let mut bits: Vec<bool> = Vec::new();
    let mut prev = 0u32;
    for &h in sorted {
        let gap = h - prev;
        prev = h;
        bits.extend(std::iter::repeat_n(true, (gap >> k) as usize));
        bits.push(false);
        bits.extend((0..k).map(|b| gap >> b & 1 == 1));
    }
    bits.chunks(8).map(|c| c.iter().enumerate().fold(0u8, |a, (i, &b)| a | (b as u8) << i)).collect()
}

/// The `n` sorted hashes back from their code.
pub fn decode(bits: &[u8], k: u32, n: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(n);
    // The next bits, least significant first: `have` of them are in `acc`.
    let (mut acc, mut have, mut next) = (0u64, 0u32, 0usize);
    let mut refill = |acc: &mut u64, have: &mut u32| {
        while *have <= 56 {
            *acc |= (bits.get(next).copied().unwrap_or(0) as u64) << *have;
            next += 1;
            *have += 8;
        }
    };
    let mut prev = 0u32;
    for _ in 0..n {
        let mut high = 0u32;
        loop {
            refill(&mut acc, &mut have);
            let ones = (!acc).trailing_zeros();
            if ones < have {
                high += ones;
                acc = acc.checked_shr(ones + 1).unwrap_or(0);
                have -= ones + 1;
                break;
            }
            high += have;
            (acc, have) = (0, 0);
        }
        refill(&mut acc, &mut have);
        let low = (acc & ((1u64 << k) - 1)) as u32;
        acc >>= k;
        have -= k;
        prev = prev.wrapping_add(high << k | low);
        out.push(prev);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_of_every_size_round_trip() {
        // Zero (an n-gram in two categories), small, and larger than the parameter's range.
        let sorted = [0, 0, 5, 300, 300, 70_000, 4_000_000, u32::MAX];
        assert_eq!(decode(&encode_with(&sorted, 16), 16, sorted.len()), sorted);
        let (k, code) = encode(&sorted);
        assert_eq!(decode(&code, k, sorted.len()), sorted);
    }
}
