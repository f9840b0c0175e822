//! One sort for the whole crate. Each call of std's `sort_by` with its own element type and
//! closure compiles its own copy of the sorting algorithm (driftsort or ipnsort); at -O3 a copy
//! is 10–25 KB of WebAssembly. Sorting keys here instead means one copy for everything.

/// Sorts `v` by `key`, keeping the order of equal keys (stable).
pub(crate) fn sort_by_key<T>(v: &mut [T], key: impl Fn(&T) -> u64) {
    if v.len() < 2 {
        return;
    }
    let mut keys: Vec<(u64, u32)> = v.iter().enumerate().map(|(i, x)| (key(x), i as u32)).collect();
    if keys.windows(2).all(|w| w[0] <= w[1]) {
        return; // already in order (the common case for spans found left to right)
    }
    merge_sort(&mut keys);
    // Put each element where its key went, in place: `dest[i]` is where the element now at
    // `i` belongs, and each swap settles one element (no second vector of the elements).
    let mut dest = vec![0u32; keys.len()];
    for (k, &(_, i)) in keys.iter().enumerate() {
        dest[i as usize] = k as u32;
    }
    for i in 0..dest.len() {
        while dest[i] as usize != i {
            let j = dest[i] as usize;
            v.swap(i, j);
            dest.swap(i, j);
        }
    }
}

/// A bottom-up merge sort over runs first put in order by insertion: O(n log n) and a few
/// hundred bytes of WebAssembly, where std's `sort_unstable` (pattern-defeating quicksort with
/// its small-sort and heap-sort paths) was about 4 KB. The keys carry their index, so no two
/// are equal and the order is unique.
fn merge_sort(keys: &mut Vec<(u64, u32)>) {
    // Most sorts here are of a few dozen keys; runs of 8 sorted by insertion spare the merges'
    // three narrowest passes.
    const RUN: usize = 8;
    let n = keys.len();
    for run in keys.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && run[j - 1] > run[j] {
                run.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut from = std::mem::take(keys);
    let mut to = from.clone();
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut to[lo..hi] {
                if j >= hi || (i < mid && from[i] <= from[j]) {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    *keys = from;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn sort_by_key_equals_std_stable_sort_on_every_length() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in 0..120usize {
            let v: Vec<(u64, String)> = (0..n)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 7, format!("item {i}"))
                })
                .collect();
            let (mut ours, mut expected) = (v.clone(), v);
            sort_by_key(&mut ours, |x| x.0);
            expected.sort_by_key(|x| x.0);
            assert_eq!(ours, expected, "n = {n}");
        }
    }

    #[test]
    fn merge_sort_equals_std_sort_on_every_length() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..200usize {
            let mut keys: Vec<(u64, u32)> = (0..n)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 16, i as u32)
                })
                .collect();
            let mut expected = keys.clone();
            expected.sort();
            merge_sort(&mut keys);
            assert_eq!(keys, expected, "n = {n}");
        }
    }
}
