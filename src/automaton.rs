//! A small wrapper over `regex-automata`'s lazy DFA: many patterns, one pass, leftmost-first,
//! with its cache kept between searches (the DFA's states are built once, on demand).
//!
//! The lazy DFA alone is used (not the meta regex, which adds a PikeVM, a backtracker and
//! literal prefilters): it is all the patterns need, and it keeps the WebAssembly small.
//! Patterns use only ASCII word boundaries, so the DFA never has to give up on a haystack.

use regex_automata::hybrid::dfa;
use regex_automata::hybrid::regex::{Cache, Regex};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};
use std::ops::Range;
use std::sync::Mutex;

/// One compiled multi-pattern automaton.
pub(crate) struct Automaton {
    regex: Regex,
    cache: Mutex<Cache>,
}

impl Automaton {
    /// Compiles `patterns`; pattern `i` reports as `i`.
    pub fn new<P: AsRef<str>>(patterns: &[P]) -> Result<Automaton, String> {
        let regex = Regex::builder()
            .syntax(syntax::Config::new().unicode(true).utf8(true))
            .dfa(dfa::Config::new().match_kind(MatchKind::LeftmostFirst).cache_capacity(16 << 20))
            .build_many(patterns)
            .map_err(|e| e.to_string())?;
        let cache = Mutex::new(regex.create_cache());
        Ok(Automaton { regex, cache })
    }

    /// Every non-overlapping leftmost-first match: (pattern index, byte span).
    pub fn find_all(&self, haystack: &str) -> Vec<(usize, Range<usize>)> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        let mut at = 0;
        while at <= haystack.len() {
            let input = Input::new(haystack).range(at..);
            let m = match self.regex.try_search(&mut cache, &input) {
                Ok(Some(m)) => m,
                // No match, or (never expected with these patterns) the DFA gave up: report
                // what was found rather than fail the whole analysis.
                Ok(None) | Err(_) => break,
            };
            out.push((m.pattern().as_usize(), m.range()));
            // Patterns never match the empty string; step past a match, on a char boundary.
            at = if m.end() > m.start() { m.end() } else { next_boundary(haystack, m.end()) };
        }
        out
    }

    /// Whether any pattern matches somewhere in `haystack`: a forward scan that stops at the
    /// earliest match (no reverse scan for where it started).
    pub fn is_match(&self, haystack: &str) -> bool {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let input = Input::new(haystack).earliest(true);
        matches!(self.regex.forward().try_search_fwd(cache.as_parts_mut().0, &input), Ok(Some(_)))
    }
}

fn next_boundary(s: &str, mut i: usize) -> usize {
    i += 1;
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}
