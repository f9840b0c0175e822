//! The matching engine: patterns compiled ahead of time into small bytecode programs
//! ([`program`]), run by a lazy DFA ([`dfa`]) that is anchored at the places where a match can
//! start. The catalogue's programs are built by `build.rs`; the shipped code has no regex
//! parser or compiler.

#[cfg(test)]
pub(crate) mod compile;
pub(crate) mod dfa;
pub(crate) mod program;

use crate::text::{ByteBits, ByteTable};
use dfa::{context_after, Dfa, AT_START, CONTEXTS, DEAD, FIRED};
use program::Program;
use std::ops::Range;
use std::sync::Mutex;

/// One compiled multi-pattern automaton with its cache of DFA states.
pub(crate) struct Automaton {
    program: Program,
    dfa: Mutex<Dfa>,
    /// The bytes that can begin a match, per context (see [`dfa::CONTEXTS`]): searches start
    /// only there (so never inside a word for patterns that start at a word boundary). Sets 0–2
    /// are the contexts, set 3 the word bytes, in the shape [`ByteBits::after`] reads.
    first: Box<ByteTable<4>>,
}

/// The lazy DFA's cache: states are built on demand and kept between analyses.
const CACHE_BYTES: usize = 16 << 20;

impl Automaton {
    /// An automaton for a program.
    pub fn new(program: Program) -> Automaton {
        Automaton::with_cache(program, CACHE_BYTES)
    }

    /// An automaton for a program compiled by `build.rs`, with its first bytes.
    pub fn from_static(data: &'static crate::catalogue::ProgramData) -> Automaton {
        Automaton::with_first(data.program(), data.first, CACHE_BYTES)
    }

    /// [`Automaton::new`] with a given cache size (the tests make it tiny, so that emptying
    /// the cache mid-search is exercised).
    pub fn with_cache(program: Program, cache_bytes: usize) -> Automaton {
        let first = dfa::first_bytes(&program);
        Automaton::with_first(program, first, cache_bytes)
    }

    /// An automaton whose first bytes were computed ahead of time (see [`dfa::first_bytes`]).
    pub fn with_first(program: Program, bits: [u64; 12], cache_bytes: usize) -> Automaton {
        let mut table = [0u8; 256];
        for (b, t) in table.iter_mut().enumerate() {
            for context in 0..CONTEXTS {
                let i = context * 256 + b;
                *t |= ((bits[i / 64] >> (i % 64) & 1) as u8) << context;
            }
            *t |= (program::is_word_byte(b as u8) as u8) << CONTEXTS;
        }
        let first = Box::new(ByteTable::new(table));
        Automaton { dfa: Mutex::new(Dfa::new(&program, cache_bytes)), program, first }
    }

    /// The bytes a match can begin with, per context.
    pub fn first_bytes(&self) -> &ByteTable<4> {
        &self.first
    }

    /// Every non-overlapping leftmost-first match: (pattern index, byte span).
    ///
    /// Searches are anchored at each position whose byte can begin a match, left to right: the
    /// first position with a match is the leftmost match, and at one position the DFA prefers
    /// patterns in order, so the result is the unanchored leftmost-first one.
    pub fn find_all(&self, haystack: &str) -> Vec<(usize, Range<usize>)> {
        let mut dfa = self.dfa.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = haystack.as_bytes();
        let starts = ByteBits::after(bytes, &self.first);
        let mut out = Vec::with_capacity(16);
        let mut at = 0;
        while let Some(p) = starts.next_set(at) {
            match self.match_at(&mut dfa, bytes, p) {
                Some((pattern, end)) => {
                    out.push((pattern, p..end));
                    at = end;
                }
                None => at = p + 1,
            }
        }
        out
    }

    /// Whether any pattern matches somewhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        let mut dfa = self.dfa.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = haystack.as_bytes();
        let starts = ByteBits::after(bytes, &self.first);
        let mut at = 0;
        while let Some(p) = starts.next_set(at) {
            if self.match_at(&mut dfa, bytes, p).is_some() {
                return true;
            }
            at = p + 1;
        }
        // An empty haystack can still match (`^[ \n]*$`-like guards never do: they consume).
        false
    }

    /// The leftmost-first match that starts exactly at `at`: (pattern, end). Empty matches are
    /// not reported.
    #[inline]
    fn match_at(&self, dfa: &mut Dfa, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        let p = &self.program;
        let context = at.checked_sub(1).map_or(AT_START, |i| context_after(bytes[i]));
        let mut state = dfa.start(context);
        let mut last = None;
        for (i, &b) in bytes.iter().enumerate().skip(at) {
            let e = dfa.next(p, state, b);
            if e as u16 & FIRED != 0 {
                last = Some((dfa.fired(p, state, b, e) as usize - 1, i));
            }
            state = e as u16 & !FIRED;
            if state == DEAD {
                return last.filter(|&(_, end)| end > at);
            }
        }
        let eoi = dfa.at_end(state);
        if eoi != 0 {
            last = Some((eoi as usize - 1, bytes.len()));
        }
        last.filter(|&(_, end)| end > at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::hybrid::regex::Regex;
    use regex_automata::MatchKind;

    /// The reference: regex-automata's unanchored leftmost-first search, match after match.
    fn reference(patterns: &[&str]) -> impl Fn(&str) -> Vec<(usize, Range<usize>)> {
        let re = Regex::builder()
            .dfa(DFA::config().match_kind(MatchKind::LeftmostFirst).cache_capacity(64 << 20))
            .build_many(patterns)
            .unwrap();
        move |hay: &str| {
            let mut cache = re.create_cache();
            re.find_iter(&mut cache, hay).map(|m| (m.pattern().as_usize(), m.range())).collect()
        }
    }

    fn compiled(patterns: &[&str], cache: usize) -> Automaton {
        let owned: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let c = compile::compile(&owned, compile::Options::default()).unwrap();
        Automaton::with_cache(Program::new(c.code, c.sets, c.starts), cache)
    }

    /// Haystacks of random words (with and without spaces between them).
    fn soups(words: &[&str], n: usize, mut seed: u64) -> Vec<String> {
        let mut out = Vec::new();
        for _ in 0..n {
            let mut hay = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = seed % 16;
            let mut s2 = seed;
            for _ in 0..len {
                s2 = s2.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let w = words[(s2 >> 33) as usize % words.len()];
                hay.push_str(w);
                if (s2 >> 20) & 3 != 0 {
                    hay.push(' ');
                }
            }
            out.push(hay);
        }
        out
    }

    const PATTERNS: &[&str] = &[
        r"(?-u:\b{start-half})quick(?:[ \n]+)call(?-u:\b{end-half})",
        r"(?-u:\b{start-half})quick(?-u:\b{end-half})",
        r"(?-u:\b{start-half})call(?:[ \n]+)me(?-u:\b{end-half})",
        r"\$[0-9]+(?:/month)?",
        r"!{2,}",
        r"(?-u:\b{start-half})per my last email(?-u:\b{end-half})",
        r"(?-u:\b{start-half})my last(?-u:\b{end-half})",
        r"(?-u:\b{start-half})i['’]d love to[^.!?\n]*(?-u:\b{end-half})",
        r"(?-u:\b{start-half})(?:we|i) help(?:[ \n]+[a-z-]+){0,3}?[ \n]+(?:teams|companies)(?-u:\b{end-half})",
        r"(?-u:\b{start-half})(?:a|an)(?:[ \n]+(?:quick|short))+[ \n]+call(?-u:\b{end-half})",
        r"calendly\.com/[a-z/]+",
        // Word lists out of order: the compiler sorts a list whose words are none a prefix of
        // another, and keeps the order of one that has prefixes.
        r"(?-u:\b{start-half})(?:teams|chat|companies|call)(?:[ \n]+)(?:my|me|email)(?-u:\b{end-half})",
        r"(?-u:\b{start-half})(?:quickly|quick|latest|last|la)(?:[ \n]+(?:teams|chance|a))?",
        r"(?-u:\b{start-half})(?:last|latest)(?:[ \n]+chance)?(?-u:\b{end-half})$",
    ];

    const WORDS: &[&str] = &[
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
        "we",
        "i",
        "help",
        "small",
        "teams",
        "companies",
        "a",
        "an",
        "short",
        "chance",
        "latest",
    ];

    #[test]
    fn equals_the_reference_engine() {
        for patterns in [PATTERNS, &PATTERNS[..PATTERNS.len() - 1], &PATTERNS[5..]] {
            let ours = compiled(patterns, CACHE_BYTES);
            let theirs = reference(patterns);
            for hay in soups(WORDS, 4000, 0x2545_f491_4f6c_dd1d) {
                assert_eq!(ours.find_all(&hay), theirs(&hay), "on {hay:?}");
            }
        }
    }

    #[test]
    fn a_cache_emptied_mid_search_changes_nothing() {
        // A cache that holds a handful of states: it is emptied during most searches.
        let ours = compiled(PATTERNS, 1);
        let theirs = reference(PATTERNS);
        for hay in soups(WORDS, 2000, 0x9e37_79b9_7f4a_7c15) {
            assert_eq!(ours.find_all(&hay), theirs(&hay), "on {hay:?}");
        }
        assert!(ours.dfa.lock().unwrap().clears > 0, "the cache was emptied");
    }

    #[test]
    fn literal_programs_equal_the_reference() {
        let phrases = ["synergy", "circle back", "a.b (c)*", "don't", "touch base!", "é-mail"];
        let ours = Automaton::new(program::literal_program(phrases));
        let escaped: Vec<String> = phrases
            .iter()
            .map(|p| {
                let words: Vec<String> =
                    p.split_whitespace().map(|w| regex_syntax::escape(w).replace('\'', "['’]")).collect();
                format!(r"(?-u:\b{{start-half}}){}(?-u:\b{{end-half}})", words.join(r"[ \n]+"))
            })
            .collect();
        let refs: Vec<&str> = escaped.iter().map(String::as_str).collect();
        let theirs = reference(&refs);
        let words =
            ["synergy", "circle", "back", "a.b", "(c)*", "don't", "don’t", "touch", "base!", "é-mail", "x", "\n"];
        for hay in soups(&words, 3000, 7) {
            assert_eq!(ours.find_all(&hay), theirs(&hay), "on {hay:?}");
        }
    }

    #[test]
    fn each_pattern_starts_right_after_the_last_ones_match() {
        // What the catalogue's programs rely on to ship without their starts.
        let p = program::literal_program(["synergy", "circle back", "don't"]);
        assert_eq!(p.starts.len(), 3);
        assert_eq!(program::starts_of(&p.code), p.starts.to_vec());
        let c = compile::compile(&["a+b".into(), "(?:x|y)z*".into()], compile::Options { linear: true }).unwrap();
        assert_eq!(program::starts_of(&c.code), c.starts);
        assert_eq!(program::starts_of(&[]), Vec::<u32>::new());
    }

    #[test]
    fn the_catalogue_equals_the_reference_engine() {
        use crate::catalogue::{CATALOGUE, CATALOGUE_PATTERNS};
        let ours = Automaton::new(CATALOGUE.program());
        // A cache small enough to be emptied mid-search: the start states' thread buckets
        // are rebuilt after each emptying.
        let small = Automaton::with_cache(CATALOGUE.program(), 32 << 10);
        let theirs = reference(CATALOGUE_PATTERNS);
        // The words the catalogue's patterns are made of, and some that are not.
        let mut words: Vec<String> = Vec::new();
        for p in CATALOGUE_PATTERNS {
            for w in p.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-')) {
                if w.len() > 1 && !words.iter().any(|x| x == w) {
                    words.push(w.to_string());
                }
            }
        }
        words.extend(
            ["$49", "30%", "!!!", "??", ".", ",", "\n", "https://calendly.com/me/30min", "xyz"].map(String::from),
        );
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        for hay in soups(&refs, 3000, 11) {
            let want = theirs(&hay);
            assert_eq!(ours.find_all(&hay), want, "on {hay:?}");
            assert_eq!(small.find_all(&hay), want, "on {hay:?}, small cache");
        }
        assert!(small.dfa.lock().unwrap().clears > 0, "the small cache was emptied");
        for r in crate::catalogue::rules() {
            for s in r.flags.iter().chain(r.allows) {
                let hay = s.to_ascii_lowercase();
                assert_eq!(ours.find_all(&hay), theirs(&hay), "on {hay:?}");
            }
        }
    }

    #[test]
    fn the_ask_signal_equals_the_reference_engine() {
        let ours = Automaton::new(crate::catalogue::ASK.program());
        let theirs = reference(&[crate::catalogue::ASK_PATTERN]);
        let words =
            ["can", "could", "you", "please", "introduce", "me", "put", "in", "a", "good", "word", "i", "ask", "to"];
        for hay in soups(&words, 3000, 5) {
            assert_eq!(ours.find_all(&hay), theirs(&hay), "on {hay:?}");
        }
    }

    #[test]
    fn the_shared_byte_classes_keep_apart_every_byte_a_program_tells_apart() {
        use crate::catalogue::{ASK, CATALOGUE, GUARDS};
        for data in [&CATALOGUE, &ASK].into_iter().chain(GUARDS.iter()) {
            let shared = data.program();
            let (own, count) = program::byte_classes(data.code, data.sets);
            assert!(count <= shared.class_count);
            for x in 0..256 {
                for y in 0..256 {
                    assert!(shared.classes[x] != shared.classes[y] || own[x] == own[y], "bytes {x} and {y}");
                }
            }
        }
    }

    #[test]
    fn first_bytes_computed_at_build_time_are_the_programs() {
        use crate::catalogue::{ASK, CATALOGUE};
        for data in [&CATALOGUE, &ASK] {
            assert_eq!(dfa::first_bytes(&data.program()), data.first);
        }
    }

    #[test]
    fn the_compiler_refuses_quadratic_wildcards() {
        let linear = compile::Options { linear: true };
        let refuse = |p: &str| match compile::compile(&[p.to_string()], linear) {
            Err(e) => {
                assert_eq!(e.pattern, 0);
                assert!(e.message.contains("end of a pattern"), "{}", e.message);
                true
            }
            Ok(_) => false,
        };
        assert!(refuse(r"we wrote[^.!?\n]* weeks ago"));
        assert!(refuse(r"we (?:[a-z]+ )* ago"));
        assert!(!refuse(r"i'd love to show you[^.!?\n]*"));
        assert!(!refuse(r"we (?:[a-z]+ ){0,3}ago"));
        assert!(!refuse(r"a (?:quick |short )*call"));
        assert!(!refuse(r"calendly\.com[^\s]*"));
        // Assertions that look ahead must end the pattern.
        let err = compile::compile(&[r"a\bb".to_string()], compile::Options::default()).err().unwrap();
        assert!(err.message.contains("must end the pattern"), "{}", err.message);
    }
}
