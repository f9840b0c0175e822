//! One pass over the text for every phrase rule: all patterns of the catalogue compiled into
//! a single multi-pattern lazy DFA (see [`crate::automaton`]), leftmost-first, with the
//! more specific (longer) pattern first among those that start at the same place.

use crate::automaton::Automaton;
use crate::catalogue::{phrase_rules, RuleDef};
use std::ops::Range;
use std::sync::OnceLock;

/// White space between the words of a phrase; `prepare` has turned every other white space
/// into spaces (the same class build.rs uses).
const SPACE: &str = r"[ \n]";

/// A phrase match: which rule, where (bytes).
#[derive(Clone, Debug)]
pub(crate) struct RawMatch {
    pub rule: usize,
    /// Which of the rule's patterns matched.
    pub pattern: usize,
    pub span: Range<usize>,
}

/// The catalogue, compiled once per process and shared by every analyzer.
pub(crate) struct CatalogueMatcher {
    regex: Automaton,
    /// Automaton pattern index → (rule index, pattern index within the rule).
    pattern_rule: Vec<(usize, usize)>,
    /// Rule index → compiled guards.
    before: Vec<Option<Automaton>>,
    after: Vec<Option<Automaton>>,
}

/// Widens a catalogue pattern's shorthand: a space is any run of white space (`prepare` has
/// turned every other white space but `\n` into spaces), `'` is either apostrophe.
fn widen(p: &str) -> String {
    p.replace(' ', &format!("{SPACE}+")).replace('\'', "['\u{2019}]").replace(r"\s", SPACE)
}

/// A catalogue pattern as the engine runs it: widened and kept between word boundaries. A
/// pattern that starts with punctuation (`??`, `!!!`, `$49`) needs no boundary before it.
fn engine_pattern(p: &str) -> String {
    let mut rest = p;
    while let Some(r) = rest.strip_prefix("(?:") {
        rest = r;
    }
    let mut chars = rest.chars();
    let punct = match chars.next() {
        Some('\\') => chars.next().is_some_and(|c| !c.is_ascii_alphanumeric()),
        Some(c) => !(c.is_alphanumeric() || c == '[' || c == '('),
        None => false,
    };
    let start = if punct { "" } else { r"(?-u:\b{start-half})" };
    format!(r"{start}(?:{})(?-u:\b{{end-half}})", widen(p))
}

impl CatalogueMatcher {
    /// The shared instance. Compiling it is the expensive part of building an analyzer, so it
    /// happens once; a broken catalogue pattern is a bug caught by the tests.
    pub fn shared() -> &'static CatalogueMatcher {
        static SHARED: OnceLock<CatalogueMatcher> = OnceLock::new();
        SHARED.get_or_init(|| CatalogueMatcher::compile(phrase_rules()).expect("catalogue patterns compile"))
    }

    pub fn compile(rules: &[RuleDef]) -> Result<CatalogueMatcher, String> {
        let mut order: Vec<(usize, usize, &str)> = rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.patterns.iter().enumerate().map(move |(k, p)| (i, k, *p)))
            .collect();
        // Leftmost-first picks, among matches starting at one place, the earliest pattern:
        // put the longer (more specific) patterns first.
        // Patterns with suggestions of their own come first: their match is the one a
        // suggestion can replace.
        let own = |i: usize, k: usize| rules[i].pattern_suggestions.get(k).is_some_and(|s| !s.is_empty());
        order.sort_by_key(|&(i, k, p)| (std::cmp::Reverse(own(i, k)), std::cmp::Reverse(p.len())));
        let patterns: Vec<String> = order.iter().map(|&(_, _, p)| engine_pattern(p)).collect();
        let regex = Automaton::new(&patterns)?;
        let before_guard = |g: &str| format!(r"(?-u:\b{{start-half}})(?:{}){SPACE}*$", widen(g));
        let after_guard = |g: &str| format!("^{SPACE}*(?:{})", widen(g));
        let before = rules
            .iter()
            .map(|r| r.unless_before.map(|g| Automaton::new(&[before_guard(g)])).transpose())
            .collect::<Result<_, _>>()?;
        let after = rules
            .iter()
            .map(|r| r.unless_after.map(|g| Automaton::new(&[after_guard(g)])).transpose())
            .collect::<Result<_, _>>()?;
        Ok(CatalogueMatcher { regex, pattern_rule: order.iter().map(|&(i, k, _)| (i, k)).collect(), before, after })
    }

    /// Every non-overlapping phrase match in the prepared haystack whose guards allow it.
    pub fn find(&self, haystack: &str) -> Vec<RawMatch> {
        let mut out = Vec::new();
        for (pattern, span) in self.regex.find_all(haystack) {
            let (rule, pattern) = self.pattern_rule[pattern];
            if self.guarded(rule, haystack, span.clone()) {
                continue;
            }
            out.push(RawMatch { rule, pattern, span });
        }
        out
    }

    fn guarded(&self, rule: usize, hay: &str, span: Range<usize>) -> bool {
        if let Some(g) = &self.before[rule] {
            let from = crate::text::sentence_start(hay, span.start, 160);
            if g.is_match(&hay[from..span.start]) {
                return true;
            }
        }
        if let Some(g) = &self.after[rule] {
            let to = crate::text::window_end(hay, span.end, 160);
            if g.is_match(&hay[span.end..to]) {
                return true;
            }
        }
        false
    }
}

/// The user's literal phrases, compiled into one automaton.
pub(crate) struct PhraseMatcher {
    regex: Automaton,
}

impl PhraseMatcher {
    /// Compiles literal phrases (never regular expressions): case-insensitive through the
    /// lowered haystack, any run of white space between words, either apostrophe.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Result<Option<PhraseMatcher>, String> {
        let patterns: Vec<String> = phrases.into_iter().map(literal_pattern).collect();
        if patterns.is_empty() {
            return Ok(None);
        }
        Ok(Some(PhraseMatcher { regex: Automaton::new(&patterns)? }))
    }

    /// Every non-overlapping match: (phrase index, byte span).
    pub fn find(&self, haystack: &str) -> Vec<(usize, Range<usize>)> {
        self.regex.find_all(haystack)
    }
}

/// The pattern for one literal phrase.
fn literal_pattern(phrase: &str) -> String {
    let mut p = String::from(r"(?-u:\b{start-half})");
    for (k, word) in phrase.split_whitespace().enumerate() {
        if k > 0 {
            p.push_str(SPACE);
            p.push('+');
        }
        for c in word.chars() {
            match c.to_ascii_lowercase() {
                '\'' | '\u{2019}' => p.push_str("['\u{2019}]"),
                c if c.is_ascii_alphanumeric() || !c.is_ascii() => p.push(c),
                c => {
                    p.push('\\');
                    p.push(c);
                }
            }
        }
    }
    p.push_str(r"(?-u:\b{end-half})");
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_phrases_are_not_regexes() {
        let m = PhraseMatcher::new(["a.b (c)*", "synergy"]).unwrap().unwrap();
        assert_eq!(m.find("x a.b (c)* y").len(), 1);
        assert_eq!(m.find("x aXb cc y").len(), 0);
        assert_eq!(m.find("synergyx synergy").len(), 1);
    }
}
