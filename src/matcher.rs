//! One pass over the text for every phrase rule: all patterns of the catalogue compiled (by
//! `build.rs`) into one program run by the engine (see [`crate::engine`]), leftmost-first, with
//! the more specific (longer) pattern first among those that start at the same place.

use crate::catalogue::{CATALOGUE, GUARDS, PATTERN_RULE, UNLESS_AFTER, UNLESS_BEFORE, UNLESS_READS};
use crate::engine::program::literal_program;
use crate::engine::Automaton;
use crate::text::At;
use std::ops::Range;
use std::sync::OnceLock;

/// A phrase match: which rule, where (bytes).
#[derive(Clone, Debug)]
pub(crate) struct RawMatch {
    pub rule: usize,
    /// Which of the rule's patterns matched.
    pub pattern: usize,
    pub span: Range<usize>,
}

/// The catalogue, compiled by `build.rs` and shared by every analyzer.
pub(crate) struct CatalogueMatcher {
    automaton: Automaton,
    /// The guards ([`GUARDS`], which rules share), each built the first time a match needs it
    /// (most drafts need few, and the worker starts faster without them).
    guards: Vec<OnceLock<Automaton>>,
}

impl CatalogueMatcher {
    /// The shared instance, made on first use from the programs `build.rs` compiled.
    pub fn shared() -> &'static CatalogueMatcher {
        static SHARED: OnceLock<CatalogueMatcher> = OnceLock::new();
        SHARED.get_or_init(|| CatalogueMatcher {
            automaton: Automaton::from_static(&CATALOGUE),
            guards: GUARDS.iter().map(|_| OnceLock::new()).collect(),
        })
    }

    /// The bytes a catalogue match can begin with (see `Automaton::first_bytes`).
    pub(crate) fn first_bytes(&self) -> &crate::text::ByteTable<4> {
        self.automaton.first_bytes()
    }

    /// Every non-overlapping phrase match in the prepared haystack whose guards allow it.
    pub fn find(&'static self, haystack: &str) -> Vec<RawMatch> {
        let found = self.automaton.find_all(haystack);
        let mut out = Vec::with_capacity(found.len());
        for (pattern, span) in found {
            let (rule, pattern) = PATTERN_RULE[pattern];
            let (rule, pattern) = (rule as usize, pattern as usize);
            if self.guarded(rule, haystack, span.clone()) {
                continue;
            }
            out.push(RawMatch { rule, pattern, span });
        }
        out
    }

    fn guarded(&'static self, rule: usize, hay: &str, span: Range<usize>) -> bool {
        let guard = |k: Option<u16>| {
            k.map(|k| self.guards[k as usize].get_or_init(|| Automaton::from_static(&GUARDS[k as usize])))
        };
        if let Some(g) = guard(UNLESS_BEFORE[rule]) {
            // The sentence before counts too: "I'd love to learn from you. Would you have 15
            // minutes?" asks for their advice, though the ask's own sentence does not say so.
            let from = crate::text::previous_sentence_start(hay, span.start, 160);
            if g.is_match(hay.at(from..span.start)) {
                return true;
            }
        }
        let to = crate::text::window_end(hay, span.end, 160);
        if let Some(g) = guard(UNLESS_AFTER[rule]) {
            if g.is_match(hay.at(span.end..to)) {
                return true;
            }
        }
        if let Some(g) = guard(UNLESS_READS[rule]) {
            if g.is_match(hay.at(span.start..to)) {
                return true;
            }
        }
        false
    }
}

/// The user's literal phrases, compiled into one automaton.
pub(crate) struct PhraseMatcher {
    automaton: Automaton,
}

impl PhraseMatcher {
    /// Compiles literal phrases (never regular expressions): case-insensitive through the
    /// lowered haystack, any run of white space between words, either apostrophe.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Option<PhraseMatcher> {
        let phrases: Vec<&str> = phrases.into_iter().collect();
        if phrases.is_empty() {
            return None;
        }
        Some(PhraseMatcher { automaton: Automaton::new(literal_program(phrases)) })
    }

    /// Every non-overlapping match: (phrase index, byte span).
    pub fn find(&self, haystack: &str) -> Vec<(usize, Range<usize>)> {
        self.automaton.find_all(haystack)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_phrases_are_not_regexes() {
        let m = PhraseMatcher::new(["a.b (c)*", "synergy"]).unwrap();
        assert_eq!(m.find("x a.b (c)* y").len(), 1);
        assert_eq!(m.find("x aXb cc y").len(), 0);
        assert_eq!(m.find("synergyx synergy").len(), 1);
    }
}
