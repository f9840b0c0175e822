//! The analyzer: built from a [`Config`], it turns a draft into a [`Report`].

use crate::catalogue::{phrase_rules, Category, RuleDef, STRUCTURAL};
use crate::config::{Channel, Config, ConfigError, CustomPhrase};
use crate::finding::Finding;
use crate::matcher::{CatalogueMatcher, PhraseMatcher};
use crate::score::{self, Band, Breakdown, Evidence};
use crate::signals::{self, Claimed, Signals};
use crate::text::{prepare, Utf16Map};
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// Everything Overture says about one draft.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// 0–100, the sum of the breakdown.
    pub score: u8,
    pub band: Band,
    /// Points earned per category.
    pub breakdown: Breakdown,
    /// Non-overlapping findings, in text order.
    pub findings: Vec<Finding>,
    /// The structural counts behind the score.
    pub signals: Signals,
    /// Whether the score is under the configured threshold (the pre-send check speaks up).
    pub below_threshold: bool,
}

/// A configured analyzer. Building one compiles only the user's phrases: the catalogue's
/// automaton is compiled once per process and shared.
pub struct Analyzer {
    config: Config,
    catalogue: &'static CatalogueMatcher,
    rule_enabled: Vec<bool>,
    custom: Option<PhraseMatcher>,
    never: Option<PhraseMatcher>,
}

/// Where a candidate finding came from; the more specific source wins an overlap.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Structural,
    Catalogue,
    Custom,
}

struct Candidate {
    rule: &'static RuleDef,
    /// Which of the rule's patterns matched (catalogue matches only).
    pattern: Option<usize>,
    category: Category,
    source: Source,
    span: Range<usize>,
    custom: Option<usize>,
}

impl Analyzer {
    /// Builds an analyzer, refusing an invalid configuration with a message that says why.
    pub fn new(config: &Config) -> Result<Analyzer, ConfigError> {
        config.validate()?;
        let custom = PhraseMatcher::new(config.custom_phrases.iter().map(CustomPhrase::phrase));
        let never = PhraseMatcher::new(config.never_flag.iter().map(String::as_str));
        let rule_enabled = phrase_rules()
            .iter()
            .chain(STRUCTURAL)
            .map(|r| config.category_enabled(r.category) && !config.disabled_rules.iter().any(|d| d == r.id))
            .collect();
        Ok(Analyzer { config: config.clone(), catalogue: CatalogueMatcher::shared(), rule_enabled, custom, never })
    }

    /// The configuration this analyzer was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Analyses a draft. Never panics; cost is linear in the length of the text.
    pub fn analyze(&self, text: &str, channel: Channel) -> Report {
        let prep = prepare(text);
        let hay = prep.haystack.as_str();
        let rules = phrase_rules();
        let mut cands: Vec<Candidate> = self
            .catalogue
            .find(hay)
            .into_iter()
            .filter(|m| self.rule_enabled[m.rule])
            .map(|m| Candidate {
                rule: &rules[m.rule],
                category: rules[m.rule].category,
                source: Source::Catalogue,
                pattern: Some(m.pattern),
                span: m.span,
                custom: None,
            })
            .collect();
        if let Some(custom) = &self.custom {
            let rule = STRUCTURAL.iter().find(|r| r.id == "custom-phrase").expect("custom rule");
            for (i, span) in custom.find(hay) {
                let category = self.config.custom_phrases[i].category();
                if self.config.category_enabled(category) {
                    cands.push(Candidate {
                        rule,
                        category,
                        source: Source::Custom,
                        pattern: None,
                        span,
                        custom: Some(i),
                    });
                }
            }
        }
        // Placeholders come in text order and never overlap: a binary search finds the one at `b`.
        let in_placeholder = |b: usize| {
            let i = prep.placeholders.partition_point(|p| p.start <= b);
            i > 0 && prep.placeholders[i - 1].contains(&b)
        };
        cands.retain(|c| !in_placeholder(c.span.start) && !in_placeholder(c.span.end - 1));

        let claimed: Vec<Claimed> = cands
            .iter()
            .map(|c| Claimed { category: c.category, signal: c.rule.signal, span: c.span.clone() })
            .collect();
        let (signals, hits) = signals::compute(&prep, text, &claimed, channel);
        let offset = rules.len();
        for h in hits {
            if self.rule_enabled[offset + h.rule] {
                let rule = &STRUCTURAL[h.rule];
                cands.push(Candidate {
                    rule,
                    category: rule.category,
                    source: Source::Structural,
                    pattern: None,
                    span: h.span,
                    custom: None,
                });
            }
        }

        // The over-limit marker is about length, not wording: it takes the first gap after the
        // limit that no phrase finding claims, instead of competing with them.
        // Spans come from the prepared copy, whose bytes line up with the draft's; a span edge
        // inside one of the draft's characters (a no-break space is two spaces there) widens
        // to the whole character, so every span slices the draft cleanly.
        for c in &mut cands {
            c.span = text.floor_char_boundary(c.span.start)..text.ceil_char_boundary(c.span.end);
        }
        let (limits, cands): (Vec<Candidate>, Vec<Candidate>) =
            cands.into_iter().partition(|c| c.rule.id == "note-over-limit");
        let mut kept = resolve_overlaps(cands);
        for mut c in limits {
            let mut start = c.span.start;
            for k in &kept {
                if k.span.start <= start && start < k.span.end {
                    start = k.span.end;
                }
            }
            let end =
                kept.iter().map(|k| k.span.start).filter(|&s| s > start).min().unwrap_or(c.span.end).min(c.span.end);
            let gap = &text[start.min(end)..end];
            let trimmed = start + (gap.len() - gap.trim_start().len());
            if trimmed < end {
                c.span = trimmed..end;
                let at = kept.partition_point(|k| k.span.start < trimmed);
                kept.insert(at, c);
            }
        }
        if let Some(never) = &self.never {
            // Matches come in text order without overlapping, so their ends are sorted too.
            let spans: Vec<Range<usize>> = never.find(hay).into_iter().map(|(_, s)| s).collect();
            kept.retain(|c| {
                let i = spans.partition_point(|n| n.end <= c.span.start);
                spans.get(i).is_none_or(|n| n.start >= c.span.end)
            });
        }

        let evidence: Vec<Evidence> = kept
            .iter()
            .map(|c| Evidence { category: c.category, severity: c.rule.severity, signal: c.rule.signal })
            .collect();
        let breakdown: Breakdown = score::score(&evidence, &signals, channel, &self.config);
        let total = breakdown.total();

        let map = Utf16Map::new(text, kept.iter().flat_map(|c| [c.span.start, c.span.end]));
        let findings = kept.into_iter().map(|c| self.finding(text, c, &map)).collect();
        Report {
            score: total,
            band: Band::of(total),
            breakdown,
            findings,
            signals,
            below_threshold: total < self.config.threshold,
        }
    }

    fn finding(&self, text: &str, c: Candidate, map: &Utf16Map) -> Finding {
        let matched = &text[c.span.clone()];
        let message = match c.custom {
            Some(i) => Cow::Owned(format!(
                "You asked Overture to flag \u{201c}{}\u{201d}.",
                self.config.custom_phrases[i].phrase().trim()
            )),
            None => Cow::Borrowed(c.rule.explanation),
        };
        // A suggestion starts with a capital where the span starts a sentence, not because the
        // span was written in capitals ("reply ASAP" → "reply whenever you have a moment").
        let before = text[..c.span.start].trim_end_matches([' ', '\t', '\u{a0}']);
        let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '\u{2014}']);
        let capital = sentence_start && matched.chars().next().is_some_and(char::is_uppercase);
        let suggestions = c
            .rule
            .suggestions_for(c.pattern)
            .iter()
            .map(|&s| if capital { Cow::Owned(capitalise(s)) } else { Cow::Borrowed(s) })
            .collect();
        Finding {
            rule: c.rule.id,
            category: c.category,
            severity: c.rule.severity,
            start: map.get(c.span.start),
            end: map.get(c.span.end),
            byte_start: c.span.start,
            byte_end: c.span.end,
            text: matched.to_string(),
            message,
            suggestions,
        }
    }
}

/// Keeps non-overlapping candidates: on overlap the more specific source wins (the user's own
/// phrase, then a catalogue phrase, then a structural rule), then the longer span.
fn resolve_overlaps(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| {
        a.span.start.cmp(&b.span.start).then(b.source.cmp(&a.source)).then(b.span.len().cmp(&a.span.len()))
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(cands.len());
    for c in cands {
        match kept.last() {
            Some(last) if c.span.start < last.span.end => {
                let better = (c.source, c.span.len()) > (last.source, last.span.len());
                // Kept spans are sorted and disjoint, so `c` can only overlap the last one.
                if better {
                    kept.pop();
                    kept.push(c);
                }
            }
            _ => kept.push(c),
        }
    }
    kept
}

/// Upper-cases the first letter (for a suggestion that replaces a capitalised span).
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
