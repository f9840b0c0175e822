//! One pass over the text for every phrase rule: all patterns of the catalogue compiled into
//! a single multi-pattern lazy DFA (`regex-automata`'s meta regex), leftmost-first, with the
//! more specific (longer) pattern first among those that start at the same place.

use crate::catalogue::{phrase_rules, RuleDef};
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_automata::MatchKind;
use std::ops::Range;
use std::sync::OnceLock;

/// White space between the words of a user's phrase (the same class build.rs uses).
const SPACE: &str = r"[ \t\r\n\x{a0}\x{202f}]";

/// A phrase match: which rule, where (bytes).
#[derive(Clone, Debug)]
pub(crate) struct RawMatch {
    pub rule: usize,
    pub span: Range<usize>,
}

/// The catalogue, compiled once per process and shared by every analyzer.
pub(crate) struct CatalogueMatcher {
    regex: Regex,
    /// Pattern index → rule index.
    pattern_rule: Vec<usize>,
    /// Rule index → compiled guards.
    before: Vec<Option<Regex>>,
    after: Vec<Option<Regex>>,
}

fn build(patterns: &[&str]) -> Result<Regex, String> {
    Regex::builder()
        .configure(Regex::config().match_kind(MatchKind::LeftmostFirst))
        .syntax(syntax::Config::new().unicode(true).utf8(true))
        .build_many(patterns)
        .map_err(|e| e.to_string())
}

impl CatalogueMatcher {
    /// The shared instance. Compiling it is the expensive part of building an analyzer, so it
    /// happens once; a broken catalogue pattern is a bug caught by the tests.
    pub fn shared() -> &'static CatalogueMatcher {
        static SHARED: OnceLock<CatalogueMatcher> = OnceLock::new();
        SHARED.get_or_init(|| {
            CatalogueMatcher::compile(phrase_rules()).expect("catalogue patterns compile")
        })
    }

    pub fn compile(rules: &[RuleDef]) -> Result<CatalogueMatcher, String> {
        let mut order: Vec<(usize, &str)> = rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.patterns.iter().map(move |p| (i, *p)))
            .collect();
        // Leftmost-first picks, among matches starting at one place, the earliest pattern:
        // put the longer (more specific) patterns first.
        order.sort_by_key(|&(_, p)| std::cmp::Reverse(p.len()));
        let patterns: Vec<&str> = order.iter().map(|&(_, p)| p).collect();
        let regex = build(&patterns)?;
        let guard = |g: Option<&str>| g.map(|g| build(&[g])).transpose();
        let before = rules
            .iter()
            .map(|r| guard(r.unless_before))
            .collect::<Result<_, _>>()?;
        let after = rules
            .iter()
            .map(|r| guard(r.unless_after))
            .collect::<Result<_, _>>()?;
        Ok(CatalogueMatcher {
            regex,
            pattern_rule: order.iter().map(|&(i, _)| i).collect(),
            before,
            after,
        })
    }

    /// Every non-overlapping phrase match in the prepared haystack whose guards allow it.
    pub fn find(&self, haystack: &str) -> Vec<RawMatch> {
        let mut out = Vec::new();
        for m in self.regex.find_iter(haystack) {
            let rule = self.pattern_rule[m.pattern().as_usize()];
            if self.guarded(rule, haystack, m.range()) {
                continue;
            }
            out.push(RawMatch {
                rule,
                span: m.range(),
            });
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
    regex: Regex,
}

impl PhraseMatcher {
    /// Compiles literal phrases (never regular expressions): case-insensitive through the
    /// lowered haystack, any run of white space between words, either apostrophe.
    pub fn new<'a>(
        phrases: impl IntoIterator<Item = &'a str>,
    ) -> Result<Option<PhraseMatcher>, String> {
        let patterns: Vec<String> = phrases.into_iter().map(literal_pattern).collect();
        if patterns.is_empty() {
            return Ok(None);
        }
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        Ok(Some(PhraseMatcher {
            regex: build(&refs)?,
        }))
    }

    /// Every non-overlapping match: (phrase index, byte span).
    pub fn find(&self, haystack: &str) -> Vec<(usize, Range<usize>)> {
        self.regex
            .find_iter(haystack)
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect()
    }
}

/// The pattern for one literal phrase.
fn literal_pattern(phrase: &str) -> String {
    let mut p = String::from(r"(?-u:\b{start-half})");
    for (k, word) in phrase.trim().split_whitespace().enumerate() {
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
        let m = PhraseMatcher::new(["a.b (c)*", "synergy"])
            .unwrap()
            .unwrap();
        assert_eq!(m.find("x a.b (c)* y").len(), 1);
        assert_eq!(m.find("x aXb cc y").len(), 0);
        assert_eq!(m.find("synergyx synergy").len(), 1);
    }
}
