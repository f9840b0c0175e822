//! A small wrapper over `regex-automata`'s lazy DFA: many patterns, one pass, leftmost-first,
//! with its cache kept between searches (the DFA's states are built once, on demand).
//!
//! The lazy DFA alone is used (not the meta regex, which adds a PikeVM, a backtracker and
//! literal prefilters): it is all the patterns need, and it keeps the WebAssembly small.
//! Patterns use only ASCII word boundaries, so the DFA never has to give up on a haystack.
//!
//! Two things keep a long draft fast: searches start only where a match can begin (found
//! through bit masks, see [`ByteBits`]), and the transitions they take are read from compact
//! rows of our own (see [`Rows`]) rather than from the lazy DFA's wide table.

use crate::text::ByteBits;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::start;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Mutex;

/// One compiled multi-pattern automaton.
pub(crate) struct Automaton {
    dfa: DFA,
    cache: Mutex<Searcher>,
    /// Per look-behind context (see [`context`]), the bytes that can begin a match: a search
    /// is run only there (so never inside a word for patterns that start at a word boundary).
    /// Entry `256 × context + byte`, in the flat shape [`ByteBits::after`] reads.
    first: Box<[bool; 2048]>,
}

/// The lazy DFA could not go on (its cache gave up, or it met a byte it cannot handle; never
/// expected with ASCII word boundaries).
struct GaveUp;

/// What searches keep between calls: the lazy DFA's cache and the hot copy of its transitions.
struct Searcher {
    cache: Cache,
    rows: Rows,
}

impl Automaton {
    /// Compiles `patterns`; pattern `i` reports as `i`.
    pub fn new<P: AsRef<str>>(patterns: &[P]) -> Result<Automaton, String> {
        Automaton::with_capacity(patterns, CACHE_BYTES, MAX_ROWS)
    }

    /// [`Automaton::new`] with a given lazy DFA cache size and number of hot rows (the tests
    /// make both tiny, so that clearing and refilling them is exercised).
    fn with_capacity<P: AsRef<str>>(patterns: &[P], cache_bytes: usize, rows: usize) -> Result<Automaton, String> {
        let dfa = DFA::builder()
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .thompson(thompson::Config::new().utf8(true))
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .cache_capacity(cache_bytes)
                    .skip_cache_capacity_check(true),
            )
            .build_many(patterns)
            .map_err(|e| e.to_string())?;
        let mut cache = dfa.create_cache();
        let first = first_bytes(&dfa, &mut cache)
            .map_err(|_| "the patterns need more than the lazy DFA can give".to_string())?;
        let rows = Rows::new(rows, cache.clear_count());
        Ok(Automaton { dfa, cache: Mutex::new(Searcher { cache, rows }), first })
    }

    /// Every non-overlapping leftmost-first match: (pattern index, byte span).
    ///
    /// Searches are anchored at each position whose byte can begin a match, left to right: the
    /// first position with a match is the leftmost match, and at one position the DFA prefers
    /// patterns in order, so the result is the unanchored leftmost-first one. Anchoring keeps
    /// the DFA small: an unanchored DFA tracks every partial match begun at every earlier
    /// position at once, and with hundreds of phrase patterns over varied text its states kept
    /// overflowing the cache (measured: rebuilt on every analysis).
    pub fn find_all(&self, haystack: &str) -> Vec<(usize, Range<usize>)> {
        let mut guard = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let searcher = &mut *guard;
        // `is_match` shares the cache and may have cleared it since the last search; during
        // this one, `intern` notices a clear itself.
        if searcher.cache.clear_count() != searcher.rows.clears {
            searcher.rows.reset(searcher.cache.clear_count());
        }
        let bytes = haystack.as_bytes();
        // Where a search can begin: the byte can start a match after the byte before it (so
        // never inside a word for patterns that start at a word boundary, and never inside a
        // character: `first` admits no UTF-8 continuation byte).
        let starts = ByteBits::after(bytes, &KIND, 0, &self.first);
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(p) = starts.next_set(at) {
            // No match here; or (never expected with these patterns) the DFA gave up: report
            // what was found rather than fail the whole analysis.
            match self.longest_at(searcher, bytes, p) {
                Ok(Some((pattern, end))) => {
                    out.push((pattern, p..end));
                    at = end;
                }
                _ => at = p + 1,
            }
        }
        out
    }

    /// The leftmost-first match that starts exactly at `at`: (pattern, end). Steps through
    /// the hot rows (see [`Rows`]), asking the lazy DFA only for a transition not seen yet. A
    /// DFA reports a match one byte late: reaching a match state on byte `i` means a match
    /// ended at `i`.
    fn longest_at(&self, s: &mut Searcher, bytes: &[u8], at: usize) -> Result<Option<(usize, usize)>, GaveUp> {
        let ctx = at.checked_sub(1).map_or(0, |i| context(bytes[i]));
        let mut entry = match s.rows.starts[ctx] {
            UNKNOWN => {
                let config =
                    start::Config::new().anchored(Anchored::Yes).look_behind(at.checked_sub(1).map(|i| bytes[i]));
                let sid = self.dfa.start_state(&mut s.cache, &config).map_err(|_| GaveUp)?;
                let entry = self.intern(s, sid);
                s.rows.starts[ctx] = entry;
                entry
            }
            entry => entry,
        };
        if entry == DEAD {
            return Ok(None);
        }
        let mut last = None;
        let mut i = at;
        while i < bytes.len() {
            let from = entry & ID;
            let slot = SLOT[bytes[i] as usize];
            entry = match s.rows.get(from, slot) {
                UNKNOWN => self.step(s, from, bytes[i], slot)?,
                known => known,
            };
            if entry & (MATCH | DEAD) != 0 {
                if entry == DEAD {
                    return Ok(last.filter(|&(_, end)| end > at));
                }
                last = Some((s.rows.pattern[(entry & ID) as usize] as usize, i));
            }
            i += 1;
        }
        let sid = self.dfa.next_eoi_state(&mut s.cache, s.rows.lazy[(entry & ID) as usize]).map_err(|_| GaveUp)?;
        if sid.is_match() {
            last = Some((self.dfa.match_pattern(&s.cache, sid, 0).as_usize(), bytes.len()));
        }
        Ok(last.filter(|&(_, end)| end > at))
    }

    /// A transition the hot rows do not have yet: asks the lazy DFA and records the answer.
    #[cold]
    fn step(&self, s: &mut Searcher, from: u16, byte: u8, slot: u8) -> Result<u16, GaveUp> {
        let sid = self.dfa.next_state(&mut s.cache, s.rows.lazy[from as usize], byte).map_err(|_| GaveUp)?;
        if sid.is_quit() {
            return Err(GaveUp);
        }
        let generation = s.rows.generation;
        let entry = self.intern(s, sid);
        // If the rows were just emptied, `from` names nothing any more.
        if s.rows.generation == generation {
            s.rows.set(from, slot, entry);
        }
        Ok(entry)
    }

    /// The row entry for a lazy DFA state, giving it a row if it has none. Empties the rows
    /// first when the lazy DFA has cleared its cache (its state ids changed) or all are used.
    fn intern(&self, s: &mut Searcher, sid: LazyStateID) -> u16 {
        if sid.is_dead() {
            return DEAD;
        }
        if s.cache.clear_count() != s.rows.clears || s.rows.lazy.len() == s.rows.max {
            s.rows.reset(s.cache.clear_count());
        }
        if let Some(entry) = s.rows.ids.get(sid) {
            return entry;
        }
        let id = s.rows.lazy.len() as u16;
        let pattern = if sid.is_match() { self.dfa.match_pattern(&s.cache, sid, 0).as_usize() as u32 } else { 0 };
        s.rows.lazy.push(sid);
        s.rows.pattern.push(pattern);
        s.rows.hot.push(Row([UNKNOWN; 32]));
        s.rows.cold.push(Row([UNKNOWN; 32]));
        let entry = id | if sid.is_match() { MATCH } else { 0 };
        s.rows.ids.insert(sid, entry);
        entry
    }

    /// Whether any pattern matches somewhere in `haystack`: a forward scan that stops at the
    /// earliest match.
    pub fn is_match(&self, haystack: &str) -> bool {
        let mut guard = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let input = Input::new(haystack).earliest(true);
        matches!(self.dfa.try_search_fwd(&mut guard.cache, &input), Ok(Some(_)))
    }
}

/// The transitions searches take, copied out of the lazy DFA into rows of one cache line.
///
/// The lazy DFA lays a state out as one 4-byte entry per byte class: with the catalogue's 92
/// classes that is 512 bytes, of which a search over lowercased prose reads the few that hold
/// letters and spaces. Those entries sat in the same few cache sets for every state, so the
/// states a long draft visits kept evicting one another (measured: about 35,000 misses of a
/// 512 KB cache per 100 KB of text, each state missed once per repeat of the corpus). Here a
/// state's transitions on space, the letters and common punctuation are 32 two-byte entries
/// in one 64-byte line, and the states a search visits lie next to each other.
struct Rows {
    /// Per state: its transitions on the 32 hot bytes (see [`SLOT`]).
    hot: Vec<Row>,
    /// Per state: its transitions on 32 less common bytes (digits, other punctuation).
    cold: Vec<Row>,
    /// Per state: the lazy DFA's id for it, and the pattern it matches (if a match state).
    lazy: Vec<LazyStateID>,
    pattern: Vec<u32>,
    ids: StateIds,
    /// Start entries by look-behind context.
    starts: [u16; CONTEXTS],
    /// Most states kept before the rows are emptied and refilled.
    max: usize,
    /// The lazy DFA's clear count these rows belong to.
    clears: usize,
    /// Counts the times the rows were emptied.
    generation: usize,
}

/// Lazy DFA state → row entry: a small open-addressing table (std's `HashMap` would add its
/// code to the WebAssembly for this one slow-path lookup).
#[derive(Default)]
struct StateIds {
    /// Power-of-two many slots, at most half full; an entry of 0 marks an empty slot.
    slots: Vec<(LazyStateID, u16)>,
    len: usize,
}

impl StateIds {
    fn slot(&self, sid: LazyStateID) -> usize {
        let mut h = Multiply(0);
        sid.hash(&mut h);
        let mask = self.slots.len() - 1;
        let mut i = (h.0 >> 32) as usize & mask;
        while self.slots[i].1 != 0 && self.slots[i].0 != sid {
            i = (i + 1) & mask;
        }
        i
    }

    fn get(&self, sid: LazyStateID) -> Option<u16> {
        if self.slots.is_empty() {
            return None;
        }
        Some(self.slots[self.slot(sid)].1).filter(|&e| e != 0)
    }

    fn insert(&mut self, sid: LazyStateID, entry: u16) {
        if 2 * (self.len + 1) > self.slots.len() {
            let bigger = vec![(LazyStateID::default(), 0); (self.slots.len() * 2).max(64)];
            let old = std::mem::replace(&mut self.slots, bigger);
            for (sid, entry) in old.into_iter().filter(|&(_, e)| e != 0) {
                let i = self.slot(sid);
                self.slots[i] = (sid, entry);
            }
        }
        let i = self.slot(sid);
        self.len += (self.slots[i].1 == 0) as usize;
        self.slots[i] = (sid, entry);
    }

    fn clear(&mut self) {
        self.slots.clear();
        self.len = 0;
    }
}

/// A multiplicative hash (state ids are small integers; no need for a keyed hash).
struct Multiply(u64);

impl Hasher for Multiply {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One state's entries, aligned to a cache line.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Row([u16; 32]);

/// A row entry: 0 = not known yet, [`DEAD`], or a state's row index with [`MATCH`] set for
/// a match state.
const UNKNOWN: u16 = 0;
const DEAD: u16 = 0x8000;
const MATCH: u16 = 0x4000;
const ID: u16 = 0x3fff;
/// Row indexes 1..=ID (0 would read as UNKNOWN).
const MAX_ROWS: usize = ID as usize;

impl Rows {
    fn new(max: usize, clears: usize) -> Rows {
        let mut rows = Rows {
            hot: Vec::new(),
            cold: Vec::new(),
            lazy: Vec::new(),
            pattern: Vec::new(),
            ids: StateIds::default(),
            starts: [UNKNOWN; CONTEXTS],
            max: max.clamp(2, MAX_ROWS),
            clears,
            generation: 0,
        };
        rows.reset(clears);
        rows
    }

    fn reset(&mut self, clears: usize) {
        for v in [&mut self.hot, &mut self.cold] {
            v.clear();
            v.push(Row([UNKNOWN; 32])); // index 0 is never a state
        }
        self.lazy.clear();
        self.lazy.push(LazyStateID::default());
        self.pattern.clear();
        self.pattern.push(0);
        self.ids.clear();
        self.starts = [UNKNOWN; CONTEXTS];
        self.clears = clears;
        self.generation += 1;
    }

    fn get(&self, id: u16, slot: u8) -> u16 {
        match slot {
            0..32 => self.hot[id as usize].0[slot as usize],
            32..64 => self.cold[id as usize].0[slot as usize - 32],
            _ => UNKNOWN,
        }
    }

    fn set(&mut self, id: u16, slot: u8, entry: u16) {
        match slot {
            0..32 => self.hot[id as usize].0[slot as usize] = entry,
            32..64 => self.cold[id as usize].0[slot as usize - 32] = entry,
            _ => {}
        }
    }
}

/// Which entry of a row holds a byte's transition: 0–31 in the hot row, 32–63 in the cold
/// one, 255 for bytes the rows do not hold (upper case, which the lowercased haystack never
/// has, control bytes and non-ASCII), which always ask the lazy DFA.
const SLOT: [u8; 256] = {
    let mut t = [255u8; 256];
    let hot = b" abcdefghijklmnopqrstuvwxyz\n',.-";
    let cold = b"0123456789!?$%/:;\"()&+@#*=_<>[]\x1f";
    let mut k = 0;
    while k < hot.len() {
        t[hot[k] as usize] = k as u8;
        k += 1;
    }
    let mut k = 0;
    while k < cold.len() {
        t[cold[k] as usize] = 32 + k as u8;
        k += 1;
    }
    t
};

/// The lazy DFA's cache; states are built on demand and kept between analyses.
const CACHE_BYTES: usize = 8 << 20;

/// The look-behind contexts that give the DFA different start states: start of text, after
/// a line feed, after a carriage return, after an ASCII word byte, after any other byte.
const CONTEXTS: usize = 5;
const CONTEXT_SAMPLES: [&str; CONTEXTS] = ["", "\n", "\r", "a", " "];

/// The context of a position from the byte before it (the start of text is context 0).
fn context(before: u8) -> usize {
    CONTEXT_OF[before as usize] as usize
}

/// [`CONTEXT_OF`] × 256: where a context's entries start in a flat table.
const KIND: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = CONTEXT_OF[b] as u16 * 256;
        b += 1;
    }
    t
};

const CONTEXT_OF: [u8; 256] = {
    let mut t = [4u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            t[b] = 3;
        }
        b += 1;
    }
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 2;
    t
};

/// For each context, which bytes can start a match.
fn first_bytes(dfa: &DFA, cache: &mut Cache) -> Result<Box<[bool; 2048]>, GaveUp> {
    let mut first = Box::new([false; 2048]);
    for (ctx, before) in CONTEXT_SAMPLES.iter().enumerate() {
        let hay = format!("{before}x");
        let input = Input::new(&hay).range(before.len()..).anchored(Anchored::Yes);
        let mut start = dfa.start_state_forward(cache, &input).map_err(|_| GaveUp)?;
        for b in 0..=255u8 {
            let clears = cache.clear_count();
            let next = dfa.next_state(cache, start, b).map_err(|_| GaveUp)?;
            // A full cache clears itself, which renames its states (`next` is already a new
            // one): look the start up again.
            if cache.clear_count() != clears {
                start = dfa.start_state_forward(cache, &input).map_err(|_| GaveUp)?;
            }
            first[ctx * 256 + b as usize] = !next.is_dead() && !(0x80..0xC0).contains(&b);
        }
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::hybrid::regex::Regex;

    /// The reference: the unanchored leftmost-first search, one match after another.
    fn unanchored(patterns: &[&str], hay: &str) -> Vec<(usize, Range<usize>)> {
        let re = Regex::builder().dfa(DFA::config().match_kind(MatchKind::LeftmostFirst)).build_many(patterns).unwrap();
        let mut cache = re.create_cache();
        re.find_iter(&mut cache, hay).map(|m| (m.pattern().as_usize(), m.range())).collect()
    }

    #[test]
    fn anchored_scan_equals_unanchored_leftmost_first() {
        let patterns = [
            r"(?-u:\b)quick(?:[ \n]+)call(?-u:\b)",
            r"(?-u:\b)quick(?-u:\b)",
            r"(?-u:\b)call(?:[ \n]+)me(?-u:\b)",
            r"\$[0-9]+(?:/month)?",
            r"!{2,}",
            r"(?-u:\b)per my last email(?-u:\b)",
            r"(?-u:\b)my last(?-u:\b)",
            r"(?-u:\b)i['’]d love to(?-u:\b)[^.!?\n]*",
            r"calendly\.com/[a-z/]+",
        ];
        let words = [
            "quick",
            "call",
            "me",
            "per",
            "my",
            "last",
            "email",
            "$99/month",
            "$5",
            "!!",
            "!",
            "i'd",
            "i’d",
            "love",
            "to",
            "chat",
            "calendly.com/x/y",
            "quickly",
            "recall",
            "é",
            "😀",
            "\n",
            ".",
            "xquick",
            "_call",
        ];
        // The unbounded `calendly` pattern can start inside a word; without it, no pattern
        // can: both must agree with the reference.
        for patterns in [&patterns[..], &patterns[..patterns.len() - 1]] {
            let a = Automaton::new(patterns).unwrap();
            compare(&a, patterns, &words);
        }
    }

    #[test]
    fn emptied_rows_and_a_cleared_dfa_cache_change_nothing() {
        // Two hot rows and the smallest lazy DFA cache: the rows are emptied on nearly every
        // step and the DFA clears its cache mid-search; the matches must not change.
        let patterns = [
            r"(?-u:\b)quick(?:[ \n]+)call(?-u:\b)",
            r"(?-u:\b)quick(?-u:\b)",
            r"(?-u:\b)per my last email(?-u:\b)",
            r"(?-u:\b)i['’]d love to(?-u:\b)[^.!?\n]*",
            r"\$[0-9]+(?:/month)?",
        ];
        let words = ["quick", "call", "per", "my", "last", "email", "i'd", "i’d", "love", "to", "$5", "é", ".", "\n"];
        for (cache, rows) in [(0, 2), (0, MAX_ROWS), (CACHE_BYTES, 2), (CACHE_BYTES, 3)] {
            let a = Automaton::with_capacity(&patterns, cache, rows).unwrap();
            compare(&a, &patterns, &words);
            assert!(cache > 0 || a.cache.lock().unwrap().cache.clear_count() > 0, "the small cache was cleared");
        }
    }

    fn compare(a: &Automaton, patterns: &[&str], words: &[&str]) {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut hay = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for i in 0..(seed % 14) {
                let w = words[((seed >> (i * 4)) % words.len() as u64) as usize];
                let sep = if (seed >> i) & 3 == 0 { "" } else { " " };
                hay.push_str(w);
                hay.push_str(sep);
            }
            assert_eq!(a.find_all(&hay), unanchored(patterns, &hay), "on {hay:?}");
        }
    }
}
