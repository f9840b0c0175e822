//! One sort for the whole crate. Each call of std's `sort_by` with its own element type and
//! closure compiles its own copy of the sorting algorithm (driftsort or ipnsort); at -O3 a copy
//! is 10–25 KB of WebAssembly. Sorting keys here instead means one copy for everything.

/// Sorts `v` by `key`, keeping the order of equal keys (stable).
pub(crate) fn sort_by_key<T>(v: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    if v.len() < 2 {
        return;
    }
    let mut keys: Vec<(u64, u32)> = v.iter().enumerate().map(|(i, x)| (key(x), i as u32)).collect();
    keys.sort_unstable();
    if keys.iter().enumerate().all(|(i, &(_, k))| k as usize == i) {
        return; // already in order (the common case for spans found left to right)
    }
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(keys.into_iter().map(|(_, i)| slots[i as usize].take().expect("each index once")));
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
}
