//! A small wrapper over `regex-automata`'s lazy DFA: many patterns, one pass, leftmost-first,
//! with its cache kept between searches (the DFA's states are built once, on demand).
//!
//! The lazy DFA alone is used (not the meta regex, which adds a PikeVM, a backtracker and
//! literal prefilters): it is all the patterns need, and it keeps the WebAssembly small.
//! Patterns use only ASCII word boundaries, so the DFA never has to give up on a haystack.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::start;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};
use std::ops::Range;
use std::sync::Mutex;

/// One compiled multi-pattern automaton.
pub(crate) struct Automaton {
    dfa: DFA,
    cache: Mutex<Cache>,
    /// Per look-behind context (see [`context`]), the bytes that can begin a match: a search
    /// is run only there (so never inside a word for patterns that start at a word boundary).
    first: [[bool; 256]; CONTEXTS],
    /// Some pattern can start right after a word byte with another word byte (none of ours
    /// does; if one did, the scan could not skip through words).
    starts_mid_word: bool,
}

impl Automaton {
    /// Compiles `patterns`; pattern `i` reports as `i`.
    pub fn new<P: AsRef<str>>(patterns: &[P]) -> Result<Automaton, String> {
        let dfa = DFA::builder()
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .thompson(thompson::Config::new().utf8(true))
            .configure(DFA::config().match_kind(MatchKind::LeftmostFirst).cache_capacity(CACHE_BYTES))
            .build_many(patterns)
            .map_err(|e| e.to_string())?;
        let mut cache = dfa.create_cache();
        let first = first_bytes(&dfa, &mut cache)?;
        let starts_mid_word = (0..=255u8).any(|b| is_word_byte(b) && first[WORD][b as usize]);
        Ok(Automaton { dfa, cache: Mutex::new(cache), first, starts_mid_word })
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
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = haystack.as_bytes();
        let mut out = Vec::new();
        let mut starts = Starts::default();
        let mut ctx = 0;
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            // (`first` never admits a UTF-8 continuation byte: no match starts inside a char.)
            if self.first[ctx][b as usize] {
                // No match here; or (never expected with these patterns) the DFA gave up:
                // report what was found rather than fail the whole analysis.
                if let Ok(Some((pattern, end))) = self.longest_at(&mut cache, &mut starts, bytes, at) {
                    out.push((pattern, at..end));
                    at = end;
                    ctx = CONTEXT_OF[bytes[end - 1] as usize] as usize;
                    continue;
                }
            }
            ctx = CONTEXT_OF[b as usize] as usize;
            at += 1;
            // Inside a word nothing can start (every word pattern begins at a word boundary):
            // run to the word's end without table lookups.
            if ctx == WORD && !self.starts_mid_word {
                while at < bytes.len() && CONTEXT_OF[bytes[at] as usize] == WORD as u8 {
                    at += 1;
                }
            }
        }
        out
    }

    /// The leftmost-first match that starts exactly at `at`: (pattern, end). Steps the lazy
    /// DFA by hand (a full search call per position costs more than the few bytes it reads
    /// before the DFA dies). A DFA reports a match one byte late: reaching a match state on
    /// byte `i` means a match ended at `i`.
    fn longest_at(
        &self,
        cache: &mut Cache,
        starts: &mut Starts,
        bytes: &[u8],
        at: usize,
    ) -> Result<Option<(usize, usize)>, String> {
        let mut sid = starts.get(&self.dfa, cache, at.checked_sub(1).map(|i| bytes[i]))?;
        let mut last = None;
        let mut i = at;
        while i < bytes.len() {
            // The untagged transition is a table lookup; tagged states (match, start, unknown
            // transitions still to build) take the checked path.
            let fast = if sid.is_tagged() { None } else { Some(self.dfa.next_state_untagged(cache, sid, bytes[i])) };
            sid = match fast {
                Some(next) if !next.is_unknown() => next,
                _ => self.dfa.next_state(cache, sid, bytes[i]).map_err(|e| e.to_string())?,
            };
            if sid.is_tagged() {
                if sid.is_match() {
                    last = Some((self.dfa.match_pattern(cache, sid, 0).as_usize(), i));
                } else if sid.is_dead() {
                    return Ok(last.filter(|&(_, end)| end > at));
                } else if sid.is_quit() {
                    return Err(format!("the DFA gave up at byte {i}"));
                }
            }
            i += 1;
        }
        sid = self.dfa.next_eoi_state(cache, sid).map_err(|e| e.to_string())?;
        if sid.is_match() {
            last = Some((self.dfa.match_pattern(cache, sid, 0).as_usize(), bytes.len()));
        }
        Ok(last.filter(|&(_, end)| end > at))
    }

    /// Whether some pattern can start inside a word (which makes `find_all` slower).
    #[cfg(test)]
    pub fn starts_mid_word(&self) -> bool {
        self.starts_mid_word
    }

    /// Whether any pattern matches somewhere in `haystack`: a forward scan that stops at the
    /// earliest match.
    pub fn is_match(&self, haystack: &str) -> bool {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let input = Input::new(haystack).earliest(true);
        matches!(self.dfa.try_search_fwd(&mut cache, &input), Ok(Some(_)))
    }
}

/// Anchored start states by look-behind context, looked up once per search. A cache clear
/// invalidates state ids, so they are dropped when the clear count moves.
#[derive(Default)]
struct Starts {
    ids: [Option<LazyStateID>; CONTEXTS],
    clears: usize,
}

impl Starts {
    fn get(&mut self, dfa: &DFA, cache: &mut Cache, before: Option<u8>) -> Result<LazyStateID, String> {
        if cache.clear_count() != self.clears {
            *self = Starts { ids: [None; CONTEXTS], clears: cache.clear_count() };
        }
        let ctx = before.map_or(0, |b| CONTEXT_OF[b as usize] as usize);
        if let Some(id) = self.ids[ctx] {
            return Ok(id);
        }
        let config = start::Config::new().anchored(Anchored::Yes).look_behind(before);
        let id = dfa.start_state(cache, &config).map_err(|e| e.to_string())?;
        self.ids[ctx] = Some(id);
        Ok(id)
    }
}

/// The lazy DFA's cache; states are built on demand and kept between analyses.
const CACHE_BYTES: usize = 8 << 20;

/// The look-behind contexts that give the DFA different start states: start of text, after
/// a line feed, after a carriage return, after an ASCII word byte, after any other byte.
const CONTEXTS: usize = 5;
const CONTEXT_SAMPLES: [&str; CONTEXTS] = ["", "\n", "\r", "a", " "];

/// The context after an ASCII word byte.
const WORD: usize = 3;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The context of a position from the byte before it (the start of text is context 0).
const CONTEXT_OF: [u8; 256] = {
    let mut t = [4u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            t[b] = WORD as u8;
        }
        b += 1;
    }
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 2;
    t
};

/// For each context, which bytes can start a match.
fn first_bytes(dfa: &DFA, cache: &mut Cache) -> Result<[[bool; 256]; CONTEXTS], String> {
    let mut first = [[false; 256]; CONTEXTS];
    for (ctx, before) in CONTEXT_SAMPLES.iter().enumerate() {
        let hay = format!("{before}x");
        let input = Input::new(&hay).range(before.len()..).anchored(Anchored::Yes);
        let start = dfa.start_state_forward(cache, &input).map_err(|e| e.to_string())?;
        for b in 0..=255u8 {
            let next = dfa.next_state(cache, start, b).map_err(|e| e.to_string())?;
            first[ctx][b as usize] = !next.is_dead() && !(0x80..0xC0).contains(&b);
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
        // With the unbounded `calendly` pattern the scan cannot skip through words; without
        // it, it does: both must agree with the reference.
        for patterns in [&patterns[..], &patterns[..patterns.len() - 1]] {
            let a = Automaton::new(patterns).unwrap();
            assert_eq!(a.starts_mid_word, patterns.len() == 9);
            compare(&a, patterns, &words);
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
