//! The analyzer: built from a [`Config`], it turns a draft into a [`Report`].

use crate::catalogue::{phrase_rules, Category, RuleDef, STRUCTURAL};
use crate::config::{Channel, Config, ConfigError, CustomPhrase};
use crate::finding::Finding;
use crate::matcher::{CatalogueMatcher, PhraseMatcher};
use crate::model::{self, ngrams::Words, FindingEvidence, Source as EvidenceSource};
use crate::score::{self, Band, Breakdown, Taken, Verdict};
use crate::signals::{self, Claimed, Signals};
use crate::text::{prepare, At, Prepared, Utf16Map};
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// Everything Overture says about one draft.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// 0–100, the sum of the breakdown.
    pub score: u8,
    pub band: Band,
    /// What it reads as, in words: the band, or under 40 what cost the most.
    pub verdict: Verdict,
    /// Points earned per category.
    pub breakdown: Breakdown,
    /// Points categories gave up to another category's evidence, if any did: the breakdown
    /// shows them apart, so that an empty bar is not read as that category's fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taken: Option<Taken>,
    /// Non-overlapping findings, in text order.
    pub findings: Vec<Finding>,
    /// The structural counts behind the score (not sent to JavaScript, which has no use for
    /// them: every field crossing the boundary costs time on each keystroke).
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub signals: Signals,
    /// What moved the score most, largest first: findings, phrases the model weighs (even
    /// where no rule underlines them) and whole-message signals, with their points. A charge
    /// for chasing someone who has not answered ([`crate::patience::weigh`]) comes first.
    pub evidence: Vec<Evidence>,
}

/// One piece of evidence behind the score (see [`crate::model`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub category: Category,
    /// Points it cost (negative) or earned (positive), to a tenth.
    pub points: f64,
    /// `finding` (one of the report's findings: `rule`, span), `phrase` (words of the draft the
    /// model weighs: span) or `signal` (about the whole message).
    #[serde(serialize_with = "crate::finding::static_str")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::finding::option_static_str")]
    pub rule: Option<&'static str>,
    /// The draft's words (`finding`, `phrase`) or what the signal measures.
    pub label: String,
    /// UTF-16 span in the draft (`finding`, `phrase`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

/// Weighted phrases of one category that share words ("I really", "really" and "really
/// enjoyed") become one piece of evidence over all of them, with their points summed: the
/// reader sees "I really enjoyed" earn 18 points once, not three overlapping items, each with
/// part of it. Phrases join while their spans overlap the group's hull, so a chain of
/// overlapping phrases is one group. `contributions` are largest first; a group takes the place
/// of its largest member, so the first ones are still the largest (what the report keeps),
/// though not in exact order (the evidence is sorted again once built). Only the largest
/// [`MERGED`] take part: the rest could not be shown.
///
/// One sweep over the phrases sorted by category and start (the pairwise search it replaced,
/// restarting after each merge, was 7% of a 2 KB analysis).
fn merge_phrases(mut contributions: Vec<model::Contribution>) -> Vec<model::Contribution> {
    contributions.truncate(MERGED);
    // (category, span, index) by category and start; `order::sort_by_key` keeps the index
    // order among equal keys and adds no sorting code of its own to the WebAssembly.
    let mut phrases: Vec<(Category, Range<usize>, usize)> = contributions
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.source {
            EvidenceSource::Phrase { span, .. } => Some((c.category, span.clone(), i)),
            _ => None,
        })
        .collect();
    crate::order::sort_by_key(&mut phrases, |(category, span, _)| (*category as u64) << 48 | span.start as u64);
    let mut absorbed = vec![false; contributions.len()];
    let mut k = 0;
    while k < phrases.len() {
        let (category, start, mut end) = (phrases[k].0, phrases[k].1.start, phrases[k].1.end);
        let mut last = k + 1;
        while last < phrases.len() && phrases[last].0 == category && phrases[last].1.start < end {
            end = end.max(phrases[last].1.end);
            last += 1;
        }
        // The group takes the place of its largest member, the first in `contributions`.
        let group = &phrases[k..last];
        let head = group.iter().map(|g| g.2).min().unwrap_or(k);
        for &(_, _, i) in group.iter().filter(|g| g.2 != head) {
            absorbed[i] = true;
            let points = contributions[i].points;
            contributions[head].points += points;
        }
        if let EvidenceSource::Phrase { span, .. } = &mut contributions[head].source {
            *span = start..end;
        }
        k = last;
    }
    contributions.into_iter().zip(absorbed).filter(|(_, a)| !a).map(|(c, _)| c).collect()
}

/// A weighted phrase that shares words with a finding of its category becomes part of that
/// finding's item: "Per my last email" costs its rule's points and the words' own once, on one
/// line, not as "Per my last email" and "my last email" side by side. The finding's item then
/// spans both. `spans` are the items' byte spans; `map` converts every span end among them.
fn fold_phrases_into_findings(
    items: &mut Vec<Evidence>,
    spans: &mut [Option<Range<usize>>],
    text: &str,
    map: &Utf16Map,
) {
    let mut folded = vec![false; items.len()];
    for i in 0..items.len() {
        let Some(span) = spans[i].clone().filter(|_| items[i].kind == "phrase") else { continue };
        let category = items[i].category;
        let into = (0..items.len()).find(|&j| {
            items[j].kind == "finding"
                && items[j].category == category
                && spans[j].as_ref().is_some_and(|s| s.start < span.end && span.start < s.end)
        });
        if let Some(j) = into {
            folded[i] = true;
            let hull = spans[j].as_ref().map_or(span.clone(), |s| s.start.min(span.start)..s.end.max(span.end));
            let points = items[i].points;
            let finding = &mut items[j];
            finding.points = ((finding.points + points) * 10.0).round() / 10.0;
            finding.label = text.at(hull.clone()).to_string();
            finding.start = Some(map.get(hull.start));
            finding.end = Some(map.get(hull.end));
            spans[j] = Some(hull);
        }
    }
    let mut k = 0;
    items.retain(|_| {
        k += 1;
        !folded[k - 1]
    });
}

/// How many of the largest contributions [`merge_phrases`] looks at.
const MERGED: usize = 64;

/// Most evidence items a report lists.
const MAX_EVIDENCE: usize = 12;

/// What one pass over a draft found, before it is scored and reported.
struct Pass {
    prep: Prepared,
    /// The haystack's words as (start, length), for the n-grams.
    words: Vec<(usize, usize)>,
    kept: Vec<Candidate>,
    signals: Signals,
}

/// The kept findings' spans (sorted, not overlapping) and whether each is mutual, for
/// [`model::ngrams::allowed`].
fn finding_spans(kept: &[Candidate]) -> Vec<(Range<usize>, bool)> {
    kept.iter().map(|c| (c.span.clone(), c.category == Category::Mutuality)).collect()
}

/// The kept findings as the score model sees them.
fn evidence_of(kept: &[Candidate]) -> Vec<FindingEvidence> {
    kept.iter().map(|c| FindingEvidence { rule: c.rule.id, category: c.category, severity: c.rule.severity }).collect()
}

/// What the score model reads of a draft ([`Analyzer::observe`]), for fitting it.
pub struct Observed {
    /// The named feature values ([`model::NAMED`]).
    pub named: Vec<f64>,
    /// The distinct normalised n-grams, each with which way it may weigh.
    pub ngrams: Vec<(String, u8)>,
    /// What the n-grams' weights are multiplied by ([`model::ngram_norm`]).
    pub scale: f64,
    /// The distinct rules its findings trip, with their category.
    pub rules: Vec<(&'static str, Category)>,
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
        let Pass { prep, words, kept, signals } = self.pass(text, channel);
        let hay = prep.haystack.as_str();
        let mut obs = model::observe(&evidence_of(&kept), &signals, channel);
        obs.ngrams = Words::from_spans(hay, &words, &prep.placeholders).ngrams(hay, &finding_spans(&kept));
        let (model::Shares { parts, caused, taken, over }, contributions) =
            model::score(&obs, model::weights(), &score::MAX.map(|(_, m)| m as f64), |c| {
                self.config.category_enabled(c)
            });
        let breakdown: Breakdown = score::breakdown(&parts);
        let taken = score::taken(&taken, &over, &breakdown);
        let total = breakdown.total();
        let band = Band::of(total);
        let verdict = Verdict::of(band, |c| caused[model::cat_index(c)]);

        let shown: Vec<_> =
            merge_phrases(contributions).into_iter().filter(|c| c.points.abs() >= 0.5).take(MAX_EVIDENCE).collect();
        let phrase_spans = shown.iter().filter_map(|c| match &c.source {
            EvidenceSource::Phrase { span, .. } => Some([span.start, span.end]),
            _ => None,
        });
        let map =
            Utf16Map::new(text, kept.iter().flat_map(|c| [c.span.start, c.span.end]).chain(phrase_spans.flatten()));
        // Each item's byte span (findings and phrases), for folding phrases into findings.
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut spans: Vec<Option<Range<usize>>> = Vec::new();
        for c in shown {
            let points = (c.points * 10.0).round() / 10.0;
            match c.source {
                EvidenceSource::Named { feature, findings } if !findings.is_empty() => {
                    // A named feature's points are shared by the findings behind it.
                    let each = (c.points / findings.len() as f64 * 10.0).round() / 10.0;
                    for k in findings {
                        let f = &kept[k];
                        evidence.push(Evidence {
                            category: c.category,
                            points: each,
                            kind: "finding",
                            rule: Some(f.rule.id),
                            label: text.at(f.span.clone()).to_string(),
                            start: Some(map.get(f.span.start)),
                            end: Some(map.get(f.span.end)),
                        });
                        spans.push(Some(f.span.clone()));
                    }
                    let _ = feature;
                }
                EvidenceSource::Named { feature, .. } => {
                    evidence.push(Evidence {
                        category: c.category,
                        points,
                        kind: "signal",
                        rule: None,
                        label: model::NAMED[feature].3.to_string(),
                        start: None,
                        end: None,
                    });
                    spans.push(None);
                }
                EvidenceSource::Phrase { span, .. } => {
                    evidence.push(Evidence {
                        category: c.category,
                        points,
                        kind: "phrase",
                        rule: None,
                        label: text.at(span.clone()).to_string(),
                        start: Some(map.get(span.start)),
                        end: Some(map.get(span.end)),
                    });
                    spans.push(Some(span));
                }
            }
        }
        fold_phrases_into_findings(&mut evidence, &mut spans, text, &map);
        crate::order::sort_by_key(&mut evidence, |e| u64::MAX - (e.points.abs() * 10.0) as u64);
        evidence.truncate(MAX_EVIDENCE);

        let findings = kept.into_iter().map(|c| self.finding(text, c, &map)).collect();
        Report { score: total, band, verdict, breakdown, taken, findings, signals, evidence }
    }

    /// What the score model reads of a draft, for fitting it.
    pub fn observe(&self, text: &str, channel: Channel) -> Observed {
        let Pass { prep, words, kept, signals } = self.pass(text, channel);
        let obs = model::observe(&evidence_of(&kept), &signals, channel);
        let hay = prep.haystack.as_str();
        Observed {
            ngrams: Words::from_spans(hay, &words, &prep.placeholders).ngram_texts(hay, &finding_spans(&kept)),
            rules: obs.rules.iter().map(|&(id, k)| (id, model::NAMED[k].2)).collect(),
            named: obs.named,
            scale: obs.ngram_scale,
        }
    }

    /// Finds everything: phrase and structural findings (overlaps resolved, never-flag phrases
    /// dropped) and the whole-message signals.
    fn pass(&self, text: &str, channel: Channel) -> Pass {
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
        // A finding may end with a placeholder ("teams like {{company}}"), never start in one.
        cands.retain(|c| !in_placeholder(c.span.start));

        let claimed: Vec<Claimed> = cands
            .iter()
            .map(|c| Claimed { category: c.category, signal: c.rule.signal, span: c.span.clone() })
            .collect();
        let words: Vec<(usize, usize)> = signals::words(hay).map(|(w, at)| (at, w.len())).collect();
        let (signals, hits) = signals::compute(&prep, &words, text, &claimed, channel);
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
            let gap = text.at(start.min(end)..end);
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

        Pass { prep, words, kept, signals }
    }

    fn finding(&self, text: &str, c: Candidate, map: &Utf16Map) -> Finding {
        let matched = text.at(c.span.clone());
        let message = match c.custom {
            Some(i) => Cow::Owned(format!(
                "You asked Overture to flag \u{201c}{}\u{201d}.",
                self.config.custom_phrases[i].phrase().trim()
            )),
            None => Cow::Borrowed(c.rule.explanation),
        };
        // A suggestion starts with a capital where the span starts a sentence, not because the
        // span was written in capitals ("reply ASAP" → "reply whenever you have a moment").
        let before = text.at(..c.span.start).trim_end_matches([' ', '\t', '\u{a0}']);
        let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '\u{2014}']);
        // In ASCII: patterns are matched on the text lowered in ASCII, so a capital that starts a
        // span is an ASCII one (and Unicode's case tables would cost 8 KB gzip in the wasm).
        let capital = sentence_start && matched.starts_with(|c: char| c.is_ascii_uppercase());
        let suggestions = c
            .rule
            .suggestions_for(c.pattern)
            .iter()
            .map(|&s| {
                // `{last}` stands for the match's last word as written ("we help founders
                // scale" → "I'd love to hear how you scale"): one pattern, any verb.
                let s: Cow<'static, str> =
                    if s.contains('{') { Cow::Owned(fill_suggestion(s, matched)) } else { Cow::Borrowed(s) };
                if capital {
                    Cow::Owned(capitalise(&s))
                } else {
                    s
                }
            })
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
    // By start, then the more specific source, then the longer span.
    crate::order::sort_by_key(&mut cands, |c| {
        let source = 3 - c.source as u64;
        let shorter = (1u64 << 22) - 1 - (c.span.len() as u64).min((1 << 22) - 1);
        (c.span.start as u64) << 24 | source << 22 | shorter
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

/// In a suggestion, the matched text's last word.
pub const LAST_WORD: &str = "{last}";
/// In a suggestion, the matched text's last word without a third-person `-s` ("saves" →
/// "save", "identifies" → "identify").
pub const LAST_BASE: &str = "{last-base}";

/// A verb's base form from its third-person singular (English's regular endings).
fn base_form(verb: &str) -> String {
    let lower = verb.to_ascii_lowercase();
    let cut = if lower.ends_with("ies") && lower.len() > 4 {
        return format!("{}y", verb.at(..verb.len() - 3));
    } else if ["sses", "shes", "ches", "xes", "zes"].iter().any(|e| lower.ends_with(e)) {
        2
    } else if lower.ends_with('s') && !lower.ends_with("ss") {
        1
    } else {
        0
    };
    verb.at(..verb.len() - cut).to_string()
}

/// A suggestion with its `{last}` and `{last-base}` filled in from the matched text.
pub fn fill_suggestion(template: &str, matched: &str) -> String {
    let last = last_word(matched);
    crate::text::fill(template, &[(LAST_WORD, last), (LAST_BASE, &base_form(last))])
}

/// The last word of a match, without surrounding punctuation.
fn last_word(matched: &str) -> &str {
    let w = matched.split_whitespace().last().unwrap_or("");
    w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
}

/// Upper-cases the first letter (for a suggestion that replaces a capitalised span). Every
/// suggestion starts with an ASCII character (`build.rs` checks), so ASCII is enough.
fn capitalise(s: &str) -> String {
    let mut s = s.to_string();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_phrases_of_one_category_merge_along_a_chain_into_their_largest_member() {
        let phrase = |category, points, span: Range<usize>| model::Contribution {
            category,
            points,
            source: EvidenceSource::Phrase { ngram: 0, span },
        };
        let named = model::Contribution {
            category: Category::Pitch,
            points: -4.0,
            source: EvidenceSource::Named { feature: 0, findings: vec![] },
        };
        // Largest first. [0,5) and [9,14) do not overlap, but [4,10) joins both; the pitch
        // phrase over the same words stays apart, as does the far mutual one.
        let merged = merge_phrases(vec![
            phrase(Category::Mutuality, 6.0, 9..14),
            named.clone(),
            phrase(Category::Pitch, -3.0, 0..5),
            phrase(Category::Mutuality, 2.0, 0..5),
            phrase(Category::Mutuality, 1.0, 4..10),
            phrase(Category::Mutuality, 0.5, 30..35),
        ]);
        let got: Vec<(Category, f64, Option<Range<usize>>)> = merged
            .iter()
            .map(|c| match &c.source {
                EvidenceSource::Phrase { span, .. } => (c.category, c.points, Some(span.clone())),
                EvidenceSource::Named { .. } => (c.category, c.points, None),
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Category::Mutuality, 9.0, Some(0..14)),
                (Category::Pitch, -4.0, None),
                (Category::Pitch, -3.0, Some(0..5)),
                (Category::Mutuality, 0.5, Some(30..35)),
            ]
        );
    }

    /// The labels of two distinct evidence items of one category, of kinds `a` and `b`, whose
    /// spans overlap: there should be none.
    fn overlapping(r: &Report, a: &str, b: &str) -> Option<(String, String)> {
        let e = &r.evidence;
        (0..e.len()).flat_map(|i| (0..e.len()).map(move |j| (i, j))).find_map(|(i, j)| {
            let (x, y) = (&e[i], &e[j]);
            (i != j && x.kind == a && y.kind == b && x.category == y.category && x.start < y.end && y.start < x.end)
                .then(|| (x.label.clone(), y.label.clone()))
        })
    }

    #[test]
    fn weighted_phrases_that_share_words_are_one_piece_of_evidence() {
        let a = Analyzer::new(&Config::default()).unwrap();
        for text in [
            "Hi Priya, I really enjoyed your talk on soil health. How did you get the council on board? Happy to introduce you to the Leeds allotment folks if useful.",
            "Hi Dana, just checking in on my last note. I loved your point on volunteers.",
            "Our platform could be a fit for your team. We offer a pilot option and a case study. Worth a quick 15-minute demo next week? Our pricing starts at $99.",
        ] {
            let r = a.analyze(text, Channel::Email);
            assert!(r.evidence.iter().any(|e| e.kind == "phrase"), "{text}");
            assert_eq!(overlapping(&r, "phrase", "phrase"), None, "in {text:?}");
        }
        // The weighted phrases of "I really enjoyed" ("really", "enjoyed", "really enjoyed", "I
        // really"…) are one item, with their points (folded into the praise finding they overlap).
        let r = a.analyze("Hi Priya, I really enjoyed your talk on soil health.", Channel::Email);
        assert!(r.evidence.iter().any(|e| e.label.starts_with("I really enjoyed")), "{:?}", r.evidence);
    }

    #[test]
    fn a_note_about_them_that_asks_nothing_earns_for_it_and_a_bare_statement_does_not() {
        let a = Analyzer::new(&Config::default()).unwrap();
        let asks_nothing = |text: &str| a.observe(text, Channel::Email).named[model::Named::AsksNothing.index()] > 0.0;
        let gives =
            "Hey Dana! Big day with the film hitting theaters. Hope you're proud of all the work that went into it.";
        assert!(asks_nothing(gives));
        assert!(asks_nothing("Congratulations on the new role, Maria! Well deserved."));
        let r = a.analyze(gives, Channel::Email);
        assert!(
            r.evidence.iter().any(|e| e.label == "gives without asking anything" && e.points > 0.0),
            "{:?}",
            r.evidence
        );
        // Any ask, question, link or pitch takes it away.
        for asks in [
            "Hey Dana! Big day with the film hitting theaters. Could you introduce me to your producer?",
            "Hey Dana! Big day with the film. How did your premiere go?",
            "Hey Dana! Big day with the film. Our platform helps studios like yours cut costs by 30%.",
            "Hey Dana! Big day with the film, see https://example.com/review for yours.",
        ] {
            assert!(!asks_nothing(asks), "{asks}");
        }
        // Nothing about them and nothing given: no evidence either way, so it stays mid-range.
        // (Not "The meeting is at 3pm…": since the n-grams kept were fitted again, "meeting"
        // alone weighs as mutual wording, from "great meeting you", and it reads 70.)
        for plain in
            ["Hi.", "Hi team, attached is the agenda for Thursday.", "Hi Sam, the quarterly report is attached."]
        {
            assert!(!asks_nothing(plain), "{plain}");
            let score = a.analyze(plain, Channel::Email).score;
            assert!((40..70).contains(&score), "{plain}: {score}");
        }
    }

    #[test]
    fn a_hard_pitch_says_which_points_it_took_from_the_other_bars_and_a_mild_note_takes_none() {
        let a = Analyzer::new(&Config::default()).unwrap();
        // No pressure in it, yet pressure's bar is empty: the pitch's evidence took its points.
        let r = a.analyze("We help SaaS founders cut churn by 30%. Book a demo this week.", Channel::Email);
        let t = r.taken.as_ref().expect("a hard pitch takes from other bars");
        assert_eq!(t.by.first(), Some(&Category::Pitch));
        assert_eq!(r.breakdown.pressure + t.points.pressure, score::max_for(Category::Pressure), "{r:?}");
        assert!(!r.evidence.iter().any(|e| e.category == Category::Pressure), "{:?}", r.evidence);
        for (c, max) in score::MAX {
            assert!(r.breakdown.get(c) + t.points.get(c) <= max, "{c:?}: {r:?}");
        }
        // Evidence that fits within its own categories takes nothing.
        for text in [
            "Hi Dana, thanks for the talk on Tuesday. What got you into volunteering?",
            "Congratulations on the new role, Maria! Well deserved.",
            "Hi Priya, I loved your post on onboarding checklists. How did your team decide what to cut? Happy to share our notes if useful.",
        ] {
            assert_eq!(a.analyze(text, Channel::Email).taken, None, "{text}");
        }
        // Self-focus holds 3 points, so its evidence often takes some of the others': a bare
        // statement's pitch bar is then short in self-focus's name, not the pitch's.
        let r = a.analyze("Hi Sam, the quarterly report is attached.", Channel::Email);
        assert!(r.taken.as_ref().is_some_and(|t| t.by == [Category::SelfFocus]), "{r:?}");
    }

    #[test]
    fn a_weighted_phrase_inside_a_finding_of_its_category_is_part_of_that_finding() {
        let a = Analyzer::new(&Config::default()).unwrap();
        for text in [
            "I'd love to hear about your experience. Per my last email, please reply ASAP.",
            "We help SaaS teams fill pipeline. Book a demo today.",
            "Hi Dana, just checking in on my last note. I loved your point on volunteers.",
        ] {
            let r = a.analyze(text, Channel::Email);
            assert_eq!(overlapping(&r, "phrase", "finding"), None, "in {text:?}");
        }
        // "my last email" (a weighted phrase) and "Per my last email" (a finding): one line, with
        // both their points.
        let r = a.analyze("Per my last email, please reply ASAP.", Channel::Email);
        let line = r.evidence.iter().find(|e| e.rule == Some("per-my-last-email")).expect("the finding's line");
        assert_eq!(line.label, "Per my last email");
        assert!(line.points < 0.0, "{line:?}");
        assert!(!r.evidence.iter().any(|e| e.kind == "phrase" && e.label == "my last email"), "{:?}", r.evidence);
    }

    #[test]
    fn a_suggestion_is_capitalised_where_its_span_starts_a_sentence() {
        let a = Analyzer::new(&Config::default()).unwrap();
        let first = |text: &str, rule: &str| {
            let r = a.analyze(text, Channel::Email);
            let f = r.findings.iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("{rule} in {text:?}"));
            f.suggestions.first().expect("a suggestion").to_string()
        };
        let start = first("Per my last email, here is the deck.", "per-my-last-email");
        assert!(start.starts_with(|c: char| c.is_ascii_uppercase()), "{start:?}");
        let inside = first("Thanks for the note. Could you reply ASAP?", "asap");
        assert!(inside.starts_with(|c: char| c.is_ascii_lowercase()), "{inside:?}");
    }
}
