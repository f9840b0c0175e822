//! Byte offsets (Rust) to UTF-16 code-unit offsets (the DOM and JavaScript).

/// Maps byte offsets of one text to UTF-16 offsets. Built once per text in one pass over the
/// offsets that are needed, so converting every finding costs O(text + findings·log findings).
#[derive(Debug)]
pub struct Utf16Map {
    bytes: Vec<usize>,
    units: Vec<usize>,
}

impl Utf16Map {
    /// Builds the map for the given byte offsets (any order, duplicates allowed). Each offset
    /// must be at most `text.len()`; one inside a character maps to that character's start.
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> Utf16Map {
        let mut bytes: Vec<usize> = offsets.into_iter().collect();
        crate::order::sort_by_key(&mut bytes, |&b| b as u64);
        bytes.dedup();
        let b = text.as_bytes();
        let mut units = Vec::with_capacity(bytes.len());
        let (mut at, mut unit) = (0, 0);
        for &want in &bytes {
            // Every byte that does not continue a character starts one UTF-16 unit, and a
            // four-byte character is two.
            let to = want.min(b.len()).max(at);
            unit += utf16_units(&b[at..to]);
            at = to;
            // An offset inside a character maps to that character's start.
            let mut back = at;
            let mut u = unit;
            while back > 0 && back < b.len() && b[back] & 0xc0 == 0x80 {
                back -= 1;
                if b[back] & 0xc0 != 0x80 {
                    u -= 1 + (b[back] >= 0xf0) as usize;
                }
            }
            units.push(u);
        }
        Utf16Map { bytes, units }
    }

    /// The UTF-16 offset of a byte offset given to [`Utf16Map::new`].
    pub fn get(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => self.units[i],
            Err(_) => panic!("offset {byte} was not given to Utf16Map::new"),
        }
    }
}

/// UTF-16 code units in a run of UTF-8 bytes that starts on a character boundary: every byte
/// that does not continue a character starts a unit, and a four-byte character is two. (Two
/// simple counting passes, which the compiler turns into vector code.)
pub fn utf16_units(b: &[u8]) -> usize {
    // At most 2 per byte: 127 bytes fit a u8 sum.
    b.chunks(127)
        .map(|chunk| chunk.iter().fold(0u8, |n, &c| n + (c & 0xc0 != 0x80) as u8 + (c >= 0xf0) as u8) as usize)
        .sum()
}

/// How many bytes of `b` satisfy `pred`. Sums in 8-bit lanes over chunks of 255 bytes, which
/// the compiler vectorises (a plain `filter().count()` adds one 64-bit counter per byte).
pub fn count_bytes(b: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    b.chunks(255).map(|chunk| chunk.iter().fold(0u8, |n, &c| n + pred(c) as u8) as usize).sum()
}

/// Length of `s` in UTF-16 code units.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_over_many_chunks() {
        let s = "a😀é€".repeat(300); // 1 + 2 + 1 + 1 units, 1 + 4 + 2 + 3 bytes
        assert_eq!(utf16_units(s.as_bytes()), 5 * 300);
        assert_eq!(utf16_units(s.as_bytes()), utf16_len(&s));
        assert_eq!(count_bytes("$".repeat(1000).as_bytes(), |c| c == b'$'), 1000);
    }

    #[test]
    fn astral_and_combining() {
        let t = "a😀é\u{301}b";
        let m = Utf16Map::new(t, [0, 1, 5, t.len() - 1, t.len()]);
        assert_eq!(m.get(0), 0);
        assert_eq!(m.get(1), 1);
        assert_eq!(m.get(5), 3);
        assert_eq!(m.get(t.len()), utf16_len(t));
        assert_eq!(m.get(t.len() - 1), utf16_len(t) - 1);
    }
}
