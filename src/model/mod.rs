//! The score model: an interpretable linear model fitted on third-party messages (see
//! `cargo xtask fit` and `tests/corpus/`).
//!
//! The draft becomes *evidence*: named features (how many findings of each category and
//! severity, with each rule's own weight on top where the fit gave it one; pronoun balance,
//! questions, offers, length…) and the word 1–3-grams of the author's own text ([`ngrams`]).
//! Every piece of evidence belongs to one category, and every weight is non-negative, so
//! evidence can only cost points in the four negative categories and only earn them in
//! `mutuality`. With `z` the weighted sum of a category's evidence, the
//! score is a logistic regression's:
//!
//! `100 × σ(b + z_mutuality − z_pitch − z_pressure − z_self_focus − z_follow_up)`,
//!
//! where `b` puts a draft with no evidence either way at 63, mid-range. The score is then
//! shared out as parts, one per category and each within its maximum ([`logistic_parts`]), so
//! the breakdown adds up; each part's points are shared among its evidence in proportion to
//! their weight, so the report can say which phrase cost or earned what, including phrases
//! that no catalogue rule underlines.
//!
//! (Until December 2026 each part was its own curve, `max × e^(−z)` for a negative category
//! and `max × (1 − e^(−z))` for mutuality, summed. Source-grouped on 3,576 messages the one
//! link ranks better, AUC 0.919 -> 0.922, and puts 1,001 pitches in the pitch band against
//! 873 with as many mutual notes in theirs (697 against 690): per-category curves let a note that
//! only pitches keep every other category's points, and let mutual evidence lift it by as
//! much as it lifts a note with nothing against it. `cargo xtask eval --additive` still
//! measures them.)

pub mod ngrams;
mod rice;

#[cfg(not(target_arch = "wasm32"))]
pub mod fit;

use crate::catalogue::{Category, Severity};
use crate::config::Channel;
use crate::signals::Signals;
use std::ops::Range;

/// The named features, in the order of [`NAMED`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    PitchHigh,
    PitchMedium,
    PitchLow,
    Money,
    Metrics,
    CompanyVoice,
    PressureHigh,
    PressureMedium,
    PressureLow,
    FollowUpHigh,
    FollowUpMedium,
    FollowUpLow,
    SelfFocusFindings,
    SelfReferences,
    AskWithoutOffer,
    Length,
    NoQuestion,
    MutualityHigh,
    MutualityMedium,
    MutualityLow,
    Questions,
    Offers,
    ReaderReferences,
    Brief,
    AsksNothing,
}

/// Every named feature: its id (as in the weights file), its category, and what it measures.
pub const NAMED: [(Named, &str, Category, &str); 25] = [
    (Named::PitchHigh, "pitch_high", Category::Pitch, "strong sales phrases"),
    (Named::PitchMedium, "pitch_medium", Category::Pitch, "sales phrases"),
    (Named::PitchLow, "pitch_low", Category::Pitch, "mild sales phrases"),
    (Named::Money, "money", Category::Pitch, "prices and amounts of money"),
    (Named::Metrics, "metrics", Category::Pitch, "percentages and multiples"),
    (Named::CompanyVoice, "company_voice", Category::Pitch, "sentences about what we do"),
    (Named::PressureHigh, "pressure_high", Category::Pressure, "strong pressure"),
    (Named::PressureMedium, "pressure_medium", Category::Pressure, "pressure"),
    (Named::PressureLow, "pressure_low", Category::Pressure, "mild pressure"),
    (Named::FollowUpHigh, "follow_up_high", Category::FollowUp, "strong chasing"),
    (Named::FollowUpMedium, "follow_up_medium", Category::FollowUp, "chasing"),
    (Named::FollowUpLow, "follow_up_low", Category::FollowUp, "mild chasing"),
    (Named::SelfFocusFindings, "self_focus_findings", Category::SelfFocus, "self-focused phrasing"),
    (Named::SelfReferences, "self_references", Category::SelfFocus, "more about you than about them"),
    (Named::AskWithoutOffer, "ask_without_offer", Category::SelfFocus, "an ask with nothing offered"),
    (Named::Length, "length", Category::SelfFocus, "longer than the channel suits"),
    (Named::NoQuestion, "no_question", Category::SelfFocus, "no question about them"),
    (Named::MutualityHigh, "mutuality_high", Category::Mutuality, "strong mutual signals"),
    (Named::MutualityMedium, "mutuality_medium", Category::Mutuality, "mutual signals"),
    (Named::MutualityLow, "mutuality_low", Category::Mutuality, "mild mutual signals"),
    (Named::Questions, "questions", Category::Mutuality, "questions about them"),
    (Named::Offers, "offers", Category::Mutuality, "offers to help"),
    (Named::ReaderReferences, "reader_references", Category::Mutuality, "about them more than about you"),
    (Named::Brief, "brief", Category::Mutuality, "brief"),
    (Named::AsksNothing, "asks_nothing", Category::Mutuality, "gives without asking anything"),
];

impl Named {
    /// The feature's index in [`NAMED`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The feature counting a finding: its own for the company's voice, else by category and
    /// severity.
    fn of_finding(f: &FindingEvidence) -> Named {
        use Severity::*;
        if f.rule == "company-voice" {
            return Named::CompanyVoice;
        }
        match (f.category, f.severity) {
            (Category::Pitch, High) => Named::PitchHigh,
            (Category::Pitch, Medium) => Named::PitchMedium,
            (Category::Pitch, Low) => Named::PitchLow,
            (Category::Pressure, High) => Named::PressureHigh,
            (Category::Pressure, Medium) => Named::PressureMedium,
            (Category::Pressure, Low) => Named::PressureLow,
            (Category::FollowUp, High) => Named::FollowUpHigh,
            (Category::FollowUp, Medium) => Named::FollowUpMedium,
            (Category::FollowUp, Low) => Named::FollowUpLow,
            (Category::SelfFocus, _) => Named::SelfFocusFindings,
            (Category::Mutuality, High) => Named::MutualityHigh,
            (Category::Mutuality, Medium) => Named::MutualityMedium,
            (Category::Mutuality, Low) => Named::MutualityLow,
        }
    }
}

/// A finding as the model sees it.
pub struct FindingEvidence {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
}

/// What the model reads of a draft.
#[derive(Clone, Debug, Default)]
pub struct Observation {
    /// Named feature values, by [`Named::index`].
    pub named: Vec<f64>,
    /// Per named feature, the findings (indexes into the report's findings) behind it.
    pub named_findings: Vec<Vec<usize>>,
    /// N-gram occurrences, in text order.
    pub ngrams: Vec<ngrams::Ngram>,
    /// What each n-gram's weight is multiplied by ([`ngram_norm`] of the draft's words).
    pub ngram_scale: f64,
    /// The distinct rules the findings trip: (rule id, its findings' named feature), each
    /// adding the rule's own weight ([`Weights::rule`]) to that feature's.
    pub rules: Vec<(&'static str, usize)>,
}

/// What tripping a rule is worth in the fit before its weight (times its inverse document
/// frequency, like an n-gram), which sets how hard the penalties hold a rule's own weight down.
/// A rule's weight is learned on top of its category and severity's ([`Named`]): the
/// catalogue's phrases differ in how surely they mark a pitch ("25% off" more than "a quick
/// call"), and one weight per severity cannot say so. Source-grouped on 3,576 messages (AUC;
/// mutual notes, pitches in their bands; pushy below mutual): severity weights alone 0.9372,
/// 760, 1,065, 408; with rule weights at 0.1: 0.9386, 768, 1,060, 408; 0.2: 0.9393, 769,
/// 1,065, 410; 0.4: 0.9390, 778, 1,059, 408.
pub const RULE_WEIGHT_SCALE: f64 = 0.2;

/// Fewest words the n-gram evidence is normalised for, about a LinkedIn note's length: a
/// two-line note is not judged on one word as if it were the whole message. (Measured against
/// 12: the same AUC within noise, and the catalogue's chasing rules weigh three times more, so
/// that the phrases a user sees underlined are the ones that cost.)
const NORM_FLOOR_WORDS: usize = 40;

/// The n-gram evidence of a draft of `words` words is scaled by `1/√words`: a long message has
/// more n-grams of every kind, and without this its length alone would push every category to
/// its extreme. (Measured on the third-party corpus, source-grouped: AUC +0.03.)
pub fn ngram_norm(words: usize) -> f64 {
    1.0 / (words.max(NORM_FLOOR_WORDS) as f64).sqrt()
}

/// Diminishing returns: the second finding of a kind counts less than the first.
fn count(n: usize) -> f64 {
    (1.0 + n as f64).ln()
}

/// The words a message of this channel can have before its length starts to count against it.
fn ideal_words(channel: Channel) -> f64 {
    match channel {
        Channel::Email => 150.0,
        Channel::LinkedinMessage => 100.0,
        Channel::LinkedinNote => 60.0,
    }
}

/// Named features from the findings and the signals.
pub fn observe(findings: &[FindingEvidence], s: &Signals, channel: Channel) -> Observation {
    let mut counts = vec![0usize; NAMED.len()];
    let mut named_findings = vec![Vec::new(); NAMED.len()];
    let mut rules: Vec<(&'static str, usize)> = Vec::new();
    for (k, f) in findings.iter().enumerate() {
        let n = Named::of_finding(f).index();
        counts[n] += 1;
        named_findings[n].push(k);
        if !rules.iter().any(|&(r, m)| r == f.rule && m == n) {
            rules.push((f.rule, n));
        }
    }
    let mut x: Vec<f64> = counts.iter().map(|&n| count(n)).collect();
    x[Named::Money.index()] = count(s.money.min(5));
    // Percentages and multiples, in a fifth of the third-party pitches and 1 mutual note in
    // 30 (3,873 messages). Source-grouped (AUC; mutual notes, pitches in their bands; pushy
    // below mutual): without 0.9333, 862, 1,121, 436; with 0.9338, 868, 1,125, 434; counted
    // only in a sentence that says "we", "our" or "I" (the writer's own claim), 0.9333, 862,
    // 1,125, 436: a customer's result quoted as proof is as much a pitch.
    x[Named::Metrics.index()] = count(s.metrics.min(5));
    // Every such opener counts, also where a catalogue phrase claimed its words ("We help…").
    x[Named::CompanyVoice.index()] = count(s.company_voice);
    // Whom the message is about, with pseudo-counts so that a short note is not judged on a
    // single pronoun: 0.5 is balanced, 1.0 only about the writer.
    let ratio = (s.self_refs as f64 + 1.5) / ((s.self_refs + s.other_refs) as f64 + 3.0);
    x[Named::SelfReferences.index()] = ((ratio - 0.5) * 2.0).max(0.0);
    x[Named::ReaderReferences.index()] = ((0.5 - ratio) * 2.0).max(0.0);
    x[Named::AskWithoutOffer.index()] = (s.asks > 0 && s.offers == 0) as u8 as f64;
    x[Named::Length.index()] = ((s.words as f64 - ideal_words(channel)) / 150.0).max(0.0);
    x[Named::NoQuestion.index()] = (s.questions == 0 && s.words > 0) as u8 as f64;
    x[Named::Questions.index()] = count(s.questions.min(4));
    x[Named::Offers.index()] = count(s.offers.min(4));
    // A note about them that asks nothing back (no question, request or link, and no pitch,
    // pressure or chasing): congratulations, thanks, news passed on. The article's "giving and
    // receiving" without the receiving; a pitch almost always asks for something. It needs
    // something about them ("you", or a mutual signal), so that a bare statement ("The meeting
    // is at 3pm.") stays no evidence either way. Source-grouped on 3,873 messages (AUC; mutual
    // notes, pitches in their bands; pushy below mutual): without it 0.9335, 859, 1,108, 435;
    // with it 0.9333, 862, 1,121, 436; without the "about them" condition 0.9331, 868, 1,116,
    // 434, but then "Hi." read as mutual; counting links as no ask, 0.9331, 857, 1,119, 434.
    let gives = findings.iter().any(|f| f.category == Category::Mutuality);
    let presses =
        findings.iter().any(|f| matches!(f.category, Category::Pitch | Category::Pressure | Category::FollowUp));
    x[Named::AsksNothing.index()] = (s.words > 0
        && s.question_marks == 0
        && s.asks == 0
        && s.links == 0
        && !presses
        && (s.other_refs > 0 || gives)) as u8 as f64;
    x[Named::Brief.index()] = (s.words > 0 && (s.words as f64) <= ideal_words(channel)) as u8 as f64;
    Observation { named: x, named_findings, ngrams: Vec::new(), ngram_scale: ngram_norm(s.words), rules }
}

/// The fitted weights: per named feature, per rule that has its own, and per n-gram (by hash,
/// sorted) with its category.
pub struct Weights {
    /// By [`Named::index`].
    pub named: Vec<f64>,
    /// Sorted (shipped Rice-coded: see [`rice`]).
    pub ngram_hashes: Vec<u32>,
    /// Per n-gram, `level × 5 + category` (its index in [`Category::ALL`]).
    pub ngram_entries: &'static [u8],
    /// The weight of each level: a log scale from the least weight to the largest.
    pub ngram_levels: Vec<f64>,
    /// How much pitch, pressure and chasing discount mutual evidence in the additive parts
    /// that `cargo xtask eval --additive` measures (see [`parts`]); the score does not use it.
    pub discount: f64,
    /// Native builds keep the n-grams' text, for `overture check --explain`.
    pub ngram_texts: &'static [&'static str],
    /// Per catalogue rule with a weight of its own, sorted by id: (index in
    /// [`crate::catalogue::phrase_rules`], weight in the rule's own category).
    pub rules: &'static [(u16, f32)],
    /// Per structural rule ([`crate::catalogue::STRUCTURAL`]) with a weight of its own: (id,
    /// category, weight).
    pub structural: &'static [(&'static str, Category, f32)],
    /// Where each bucket of hashes begins in `ngram_hashes` (a bucket is the hashes that share
    /// their top `BUCKET_BITS`), and one past the last. A lookup reads two entries and
    /// compares the bucket's few hashes: most of a draft's n-grams have no weight and meet an
    /// empty bucket, and the weighted ones need no binary search (measured: the n-gram
    /// lookups were a third of a 2 KB analysis before a filter, and the binary search behind
    /// that filter 3% after it).
    pub ngram_buckets: Vec<u16>,
}

/// A hash's top bits that name its bucket in [`Weights::ngram_buckets`]: 8,192 buckets for
/// some 2,350 weighted n-grams, three in four of them empty; 16 KB of memory, built at start.
const BUCKET_BITS: u32 = 13;

/// The bucket of a hash.
fn bucket(hash: u32) -> usize {
    (hash >> (ngrams::HASH_BITS - BUCKET_BITS)) as usize
}

impl Weights {
    /// The rule's own weight in its findings' category (0 for a rule the fit gave none).
    pub fn rule(&self, id: &str, category: Category) -> f64 {
        let rules = crate::catalogue::phrase_rules();
        let at = self.rules.partition_point(|&(i, _)| rules[i as usize].id < id);
        match self.rules.get(at) {
            Some(&(i, w)) if rules[i as usize].id == id && rules[i as usize].category == category => w as f64,
            _ => self.structural.iter().find(|r| r.0 == id && r.1 == category).map_or(0.0, |r| r.2 as f64),
        }
    }

    /// Every rule with a weight of its own: (id, category, weight).
    pub fn rule_weights(&self) -> impl Iterator<Item = (&'static str, Category, f64)> + '_ {
        let rules = crate::catalogue::phrase_rules();
        self.rules
            .iter()
            .map(move |&(i, w)| (rules[i as usize].id, rules[i as usize].category, w as f64))
            .chain(self.structural.iter().map(|&(id, c, w)| (id, c, w as f64)))
    }

    /// The weights of the n-gram with this hash (one per category it weighs in): (index,
    /// category, weight).
    pub fn ngram(&self, hash: u32) -> impl Iterator<Item = (usize, Category, f64)> + '_ {
        let b = bucket(hash);
        let (from, to) = (self.ngram_buckets[b] as usize, self.ngram_buckets[b + 1] as usize);
        (from..to).filter(move |&i| self.ngram_hashes[i] == hash).map(move |i| {
            let e = self.ngram_entries[i] as usize;
            (i, Category::ALL[e % 5], self.ngram_levels[e / 5])
        })
    }
}

include!(concat!(env!("OUT_DIR"), "/weights.rs"));

/// The weights compiled into the binary from `src/model/weights.toml` (written by
/// `cargo xtask fit`).
pub fn weights() -> &'static Weights {
    static W: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();
    W.get_or_init(|| {
        let ngram_hashes = rice::decode(NGRAM_HASH_BITS, NGRAM_HASH_K, NGRAM_ENTRIES.len());
        // Sorted hashes, so each bucket is a run: entry b is the count of hashes in buckets
        // before b. (`build.rs` checks that the count fits in 16 bits.)
        let mut ngram_buckets = vec![0u16; (1 << BUCKET_BITS) + 1];
        for &h in &ngram_hashes {
            ngram_buckets[bucket(h) + 1] += 1;
        }
        for b in 1..ngram_buckets.len() {
            ngram_buckets[b] += ngram_buckets[b - 1];
        }
        Weights {
            named: NAMED
                .iter()
                .map(|&(_, id, _, _)| MODEL_NAMED.iter().find(|(k, _)| *k == id).map_or(0.0, |&(_, w)| w))
                .collect(),
            ngram_hashes,
            ngram_entries: NGRAM_ENTRIES,
            ngram_levels: (0..NGRAM_LEVELS).map(|l| NGRAM_LOW * (NGRAM_STEP * l as f64).exp()).collect(),
            discount: DISCOUNT,
            ngram_texts: NGRAM_TEXTS,
            rules: MODEL_RULES,
            structural: MODEL_STRUCTURAL,
            ngram_buckets,
        }
    })
}

/// One piece of evidence and what it did to the score.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    pub category: Category,
    /// Points: negative when it cost, positive when it earned.
    pub points: f64,
    pub source: Source,
}

/// Where a contribution comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A named feature (its index in [`NAMED`]); `findings` are the report's findings behind it.
    Named { feature: usize, findings: Vec<usize> },
    /// A weighted phrase of the draft (byte span) that the model learned, by its index in the
    /// weights.
    Phrase { ngram: usize, span: Range<usize> },
}

/// The logistic function.
pub(crate) fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

/// The logistic link's intercept: a draft with no evidence scores the negative categories'
/// maxima, `start` of 100.
pub(crate) fn intercept(start: f64) -> f64 {
    (start / (100.0 - start)).ln()
}

/// The score through one logistic link, `100·σ(b + z_mutuality − z_pitch − z_pressure −
/// z_self_focus − z_follow_up)`, shared out as parts (in [`Category::ALL`] order, unrounded)
/// within `maxima`, so that the breakdown stays exact: the intercept `b` puts a draft with no
/// evidence at the negative categories' maxima (63 of 100), and with no evidence either way
/// every negative part is full and mutuality has earned nothing. See [`logistic_shares`].
pub fn logistic_parts(z: &[f64; 5], maxima: &[f64; 5]) -> [f64; 5] {
    logistic_shares(z, maxima, &[true; 5]).parts
}

/// [`logistic_parts`], how many points each category's evidence moved (`caused`: lost for
/// a negative category, earned for mutuality), for the report's contributions and its verdict,
/// and what each category gave up to another's evidence (`taken`), for the breakdown to show.
/// Only categories marked in `open` give up points for another's evidence.
///
/// Of the distance from the start (63), mutuality earns its Shapley share (the mean of what its
/// evidence adds before and after the evidence against), and the negative categories lose the
/// rest in proportion to their evidence. What a category cannot lose beyond its maximum (a
/// pitch that pitches hard, under a pitch maximum of 33) comes first off what mutuality earned,
/// since mutual words count for less in a note that pitches or presses that hard, and then off
/// the other negative categories in proportion to the points they still hold: the score is
/// always the link's, and those points are the overflowing category's evidence's in `caused`.
/// (Until December 5th, 2026 what mutuality could not give stayed in the score, so a draft whose
/// evidence was all pitch could not go under 30, 63 less pitch's 33, nor one that only pressed
/// under 38. Source-grouped on 6,770 messages, 1,576 pitches stood 15 points higher on average,
/// in the 20s where mutual notes that also pitch sit: AUC 0.9445 then, 0.9494 with the link's
/// own value, with the same messages in each band.)
pub fn logistic_shares(z: &[f64; 5], maxima: &[f64; 5], open: &[bool; 5]) -> Shares {
    const MUTUALITY: usize = 4;
    let start: f64 = maxima[..MUTUALITY].iter().sum();
    let b = intercept(start);
    let against: f64 = z[..MUTUALITY].iter().sum();
    let total = 100.0 * sigmoid(b + z[MUTUALITY] - against);
    let only_against = 100.0 * sigmoid(b - against);
    let only_for = 100.0 * sigmoid(b + z[MUTUALITY]);
    let shapley = 0.5 * ((only_for - start) + (total - only_against));
    // Not `f64::clamp`: its bounds check links float formatting, 10 KB of gzip in the
    // WebAssembly. The bounds are in order here (total − start ≤ maxima[MUTUALITY]).
    let earned = shapley.min(maxima[MUTUALITY]).min(total).max((total - start).max(0.0));
    let loss = (start + earned - total).max(0.0);
    let mut parts = [maxima[0], maxima[1], maxima[2], maxima[3], earned];
    let mut caused = [0.0, 0.0, 0.0, 0.0, earned];
    let mut taken = [0f64; 5];
    let mut over = [0f64; 5];
    if against > 0.0 {
        for c in 0..MUTUALITY {
            let share = loss * z[c] / against;
            parts[c] -= share.min(maxima[c]);
            caused[c] = share.min(maxima[c]);
            over[c] = (share - maxima[c]).max(0.0);
        }
        let overflow: f64 = over.iter().sum();
        let from_mutuality = overflow.min(earned);
        parts[MUTUALITY] = earned - from_mutuality;
        caused[MUTUALITY] = parts[MUTUALITY];
        taken[MUTUALITY] = from_mutuality;
        let held: f64 = (0..MUTUALITY).filter(|&c| open[c]).map(|c| parts[c]).sum();
        let rest = (overflow - from_mutuality).min(held);
        if rest > 0.0 {
            for c in 0..MUTUALITY {
                if open[c] {
                    taken[c] = rest * parts[c] / held;
                    parts[c] -= taken[c];
                }
                // What mutuality gave up is already off its own evidence's points; what the
                // other categories give up is the overflowing evidence's.
                caused[c] += rest * over[c] / overflow;
            }
        }
    }
    Shares { parts, caused, taken, over }
}

/// How [`logistic_shares`] shares the score out, each in [`Category::ALL`] order, unrounded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shares {
    /// Each category's part of the score, within its maximum; they add up to the score.
    pub parts: [f64; 5],
    /// The points each category's evidence moved: lost for a negative category (its own and
    /// what it took from others), earned for mutuality.
    pub caused: [f64; 5],
    /// The points each category gave up to another category's evidence, which cost more than
    /// its own maximum could hold (mutuality: what its evidence earned and then gave up).
    pub taken: [f64; 5],
    /// What each category's evidence cost beyond its maximum: the points it took from the
    /// others (shared in proportion to it), so positive only for the takers.
    pub over: [f64; 5],
}

/// The additive parts the score had until December 2026, which `cargo xtask eval --additive`
/// still measures (in [`Category::ALL`] order, unrounded), from each category's sum of
/// weighted evidence `z`, and the score's derivative with respect to each `z` (for the fit).
///
/// Mutual evidence counts for less in a message that pitches, presses or chases ("thanks for
/// your time" under a demo request is still a demand on the reader): its sum is discounted by
/// `e^(−discount × (z_pitch + z_pressure + z_follow_up))`.
pub fn parts(z: &[f64; 5], maxima: &[f64; 5], discount: f64) -> ([f64; 5], [f64; 5]) {
    const MUTUALITY: usize = 4;
    let against = z[0] + z[1] + z[3];
    let damp = (-discount * against).exp();
    let a = z[MUTUALITY] * damp;
    let mut p = [0f64; 5];
    let mut d = [0f64; 5];
    for c in 0..5 {
        if c == MUTUALITY {
            p[c] = maxima[c] * (1.0 - (-a).exp());
            d[c] = maxima[c] * (-a).exp() * damp;
        } else {
            p[c] = maxima[c] * (-z[c]).exp();
            d[c] = -p[c];
            if c != 2 {
                d[c] -= maxima[MUTUALITY] * (-a).exp() * discount * a;
            }
        }
    }
    (p, d)
}

/// A category's place in [`Category::ALL`] (and in parts, maxima and `z`).
pub(crate) fn cat_index(c: Category) -> usize {
    Category::ALL.iter().position(|&k| k == c).unwrap_or(0)
}

/// How the score is shared out ([`Shares`]: parts out of `maxima`, the points each category's
/// evidence moved, which the verdict reads, and what each gave up to another's evidence), and
/// the contributions, largest first.
pub fn score(
    obs: &Observation,
    w: &Weights,
    maxima: &[f64; 5],
    enabled: impl Fn(Category) -> bool,
) -> (Shares, Vec<Contribution>) {
    let mut z = [0f64; 5];
    // (category, share of z, source)
    let mut pieces: Vec<(usize, f64, Source)> = Vec::with_capacity(64);
    // The rules' own weights, by the named feature their findings count in.
    let mut own = [0f64; NAMED.len()];
    for &(id, k) in &obs.rules {
        own[k] += w.rule(id, NAMED[k].2);
    }
    for (k, &(_, _, cat, _)) in NAMED.iter().enumerate() {
        let v = obs.named[k] * w.named[k] + own[k];
        if v > 0.0 {
            let c = cat_index(cat);
            z[c] += v;
            pieces.push((c, v, Source::Named { feature: k, findings: obs.named_findings[k].clone() }));
        }
    }
    // Each distinct n-gram counts once, at its first occurrence that may weigh that way (not
    // against a catalogue finding it sits in: see [`ngrams::allowed`]).
    let mut seen = vec![0u64; w.ngram_hashes.len().div_ceil(64)];
    for g in &obs.ngrams {
        for (i, cat, v) in w.ngram(g.hash) {
            let v = v * obs.ngram_scale;
            if v > 0.0
                && ngrams::may_weigh(cat == Category::Mutuality, g.allowed)
                && seen[i / 64] & (1 << (i % 64)) == 0
            {
                seen[i / 64] |= 1 << (i % 64);
                let c = cat_index(cat);
                z[c] += v;
                pieces.push((c, v, Source::Phrase { ngram: i, span: g.span.clone() }));
            }
        }
    }
    // A category the user switched off is not judged: full marks, as before, and its
    // evidence counts for nothing.
    for (c, &cat) in Category::ALL.iter().enumerate() {
        if !enabled(cat) {
            z[c] = 0.0;
        }
    }
    let open = Category::ALL.map(&enabled);
    let mut shares = logistic_shares(&z, maxima, &open);
    for (c, &cat) in Category::ALL.iter().enumerate() {
        if !enabled(cat) {
            shares.parts[c] = maxima[c];
        }
    }
    let caused = shares.caused;
    let mut out: Vec<Contribution> = pieces
        .into_iter()
        .filter(|(c, _, _)| enabled(Category::ALL[*c]))
        .map(|(c, v, source)| {
            let cat = Category::ALL[c];
            // The points the category's evidence moved, shared in proportion to weight.
            let points = caused[c] * v / z[c];
            Contribution { category: cat, points: if cat == Category::Mutuality { points } else { -points }, source }
        })
        .collect();
    // Largest first (by thousandths of a point).
    crate::order::sort_by_key(&mut out, |c| u64::MAX - (c.points.abs() * 1000.0) as u64);
    (shares, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_with_a_weight_is_in_the_catalogue_and_weighs_in_its_category() {
        let w = weights();
        let ids: Vec<&str> = w.rule_weights().take(w.rules.len()).map(|(id, _, _)| id).collect();
        assert!(ids.windows(2).all(|p| p[0] < p[1]), "sorted by id");
        assert!(!ids.is_empty());
        for (id, cat, weight) in w.rule_weights() {
            let rule = crate::catalogue::phrase_rules()
                .iter()
                .chain(crate::catalogue::STRUCTURAL.iter())
                .find(|r| r.id == id)
                .unwrap_or_else(|| panic!("{id} is not a rule"));
            assert_eq!(rule.category, cat, "{id}");
            assert!(weight > 0.0 && w.rule(id, cat) == weight, "{id}");
            let other = Category::ALL.into_iter().find(|&c| c != cat).unwrap();
            assert_eq!(w.rule(id, other), 0.0, "{id} weighs only in its own category");
        }
    }

    #[test]
    fn the_link_is_shared_out_within_the_maxima_and_its_evidence_is_named_for_every_point() {
        let maxima = [33.0, 25.0, 3.0, 2.0, 37.0];
        let sum = |p: [f64; 5]| p.iter().sum::<f64>();
        let link = |z: &[f64; 5]| 100.0 / (1.0 + (-((63.0f64 / 37.0).ln() + z[4] - z[..4].iter().sum::<f64>())).exp());
        // No evidence either way: mid-range, every negative part full, nothing earned.
        assert_eq!(logistic_parts(&[0.0; 5], &maxima), [33.0, 25.0, 3.0, 2.0, 0.0]);
        for z in [
            [1.0, 0.0, 0.0, 0.0, 0.0],
            [0.3, 0.2, 0.1, 0.0, 0.8],
            [0.0, 0.0, 0.0, 0.0, 2.5],
            [2.0, 1.5, 0.2, 0.1, 1.0],
            [0.0, 4.0, 0.0, 0.0, 0.5],
            [6.0, 0.0, 0.0, 0.0, 0.0],
            [9.0, 0.5, 0.0, 0.0, 3.0],
        ] {
            let Shares { parts: p, caused, taken, over } = logistic_shares(&z, &maxima, &[true; 5]);
            for c in 0..5 {
                assert!((-1e-9..=maxima[c] + 1e-9).contains(&p[c]), "{z:?}: {p:?}");
                // Evidence moves points only in its own category's name.
                if z[c] == 0.0 {
                    assert_eq!(caused[c], 0.0, "{z:?}: {caused:?}");
                }
                // What another's evidence took fits beside the part, and a negative category
                // with no evidence of its own lost nothing else.
                assert!(taken[c] >= 0.0 && p[c] + taken[c] <= maxima[c] + 1e-9, "{z:?}: {taken:?}");
                if c < 4 && z[c] == 0.0 {
                    assert!((p[c] + taken[c] - maxima[c]).abs() < 1e-9, "{z:?}: {p:?} {taken:?}");
                }
            }
            // Points are taken only by negative categories whose evidence emptied their part.
            for k in 0..5 {
                if over[k] > 0.0 {
                    assert!(k < 4 && p[k] == 0.0 && z[k] > 0.0, "{z:?}: {over:?}");
                }
            }
            if over == [0.0; 5] {
                assert_eq!(taken, [0.0; 5], "{z:?}");
            }
            // The parts add up to the link's score, and the points named add up to its distance
            // from the start.
            assert!((sum(p) - link(&z)).abs() < 1e-9, "{z:?}: {p:?}");
            assert!((caused[4] - caused[..4].iter().sum::<f64>() - (sum(p) - 63.0)).abs() < 1e-9, "{z:?}");
        }
        // Mixed evidence, no category near its maximum: a category with no evidence keeps its
        // maximum.
        let p = logistic_parts(&[0.3, 0.2, 0.1, 0.0, 0.8], &maxima);
        assert_eq!(p[3], 2.0);
        // Pressure alone, hard: it empties, and what it cannot lose comes off the other parts,
        // in its name: a note that only presses reads as pressure, under 40.
        let z = [0.0, 4.0, 0.0, 0.0, 0.0];
        let Shares { parts: p, caused, .. } = logistic_shares(&z, &maxima, &[true; 5]);
        assert_eq!(p[1], 0.0);
        assert!(p[0] < 33.0 && sum(p) < 40.0);
        assert!((caused[1] - (63.0 - link(&z))).abs() < 1e-9 && caused[0] == 0.0);
        // The breakdown can say so: pitch's points went to pressure's evidence, not its own.
        let shares = logistic_shares(&z, &maxima, &[true; 5]);
        assert!(shares.over[1] > 0.0 && shares.over.iter().sum::<f64>() == shares.over[1]);
        assert!((shares.taken[0] - (33.0 - p[0])).abs() < 1e-9 && shares.taken[0] > 20.0);
        // Pressure hard with some mutual wording: mutuality gives up what pressure could not
        // lose first, then the others do.
        let z = [0.0, 4.0, 0.0, 0.0, 0.5];
        let p = logistic_parts(&z, &maxima);
        assert!(p[4] < logistic_parts(&[0.0, 0.0, 0.0, 0.0, 0.5], &maxima)[4]);
        assert!((sum(p) - link(&z)).abs() < 1e-9);
        // A category switched off gives nothing up: what no open category can give stays in
        // the score.
        let p = logistic_shares(&[6.0, 0.0, 0.0, 0.0, 0.0], &maxima, &[true, false, false, false, true]).parts;
        assert_eq!((p[0], p[1], p[2], p[3]), (0.0, 25.0, 3.0, 2.0));
    }

    #[test]
    fn the_hashes_decode_to_those_of_the_weighted_ngrams() {
        let w = weights();
        assert_eq!(w.ngram_hashes.len(), w.ngram_texts.len());
        assert!(w.ngram_hashes.len() > 1000);
        for (h, text) in w.ngram_hashes.iter().zip(w.ngram_texts) {
            assert_eq!(*h, ngrams::hash(text), "{text:?}");
        }
    }

    #[test]
    fn the_buckets_find_every_weighted_ngram_and_stop_most_others_at_once() {
        let w = weights();
        for (i, &h) in w.ngram_hashes.iter().enumerate() {
            assert!(w.ngram(h).any(|(k, _, _)| k == i), "n-gram {i} lost by its bucket");
            assert!(w.ngram(h).all(|(k, _, _)| w.ngram_hashes[k] == h), "n-gram {i}: another's weight");
        }
        // Hashes of words the model does not weigh: most meet an empty bucket.
        let stopped = (0..10_000u32)
            .filter(|n| {
                let b = bucket(ngrams::hash(&format!("w{n}")));
                w.ngram_buckets[b] == w.ngram_buckets[b + 1]
            })
            .count();
        assert!(stopped > 6_500, "{stopped} of 10,000 stopped");
        assert_eq!(w.ngram(ngrams::hash("w-unweighted-zzz")).count(), 0);
    }

    /// The shipped table gives back every n-gram of `weights.toml` under its category, with its
    /// weight within the log scale's half step. (Native only: the wasm keeps no n-gram texts.)
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_shipped_table_reads_back_every_fitted_weight() {
        let file: toml::Table = toml::from_str(include_str!("weights.toml")).unwrap();
        let w = weights();
        // Half a step of the log scale, as a ratio: 2.2% with today's weights.
        let half_step = (w.ngram_levels[1] / w.ngram_levels[0]).sqrt() - 1.0;
        assert!(half_step < 0.03, "{half_step}");
        let mut n = 0;
        for (cat, list) in file["ngrams"].as_table().unwrap() {
            for item in list.as_array().unwrap() {
                let (text, fitted) = (item[0].as_str().unwrap(), item[1].as_float().unwrap());
                let found: Vec<_> = w.ngram(ngrams::hash(text)).filter(|&(_, c, _)| c.id() == cat).collect();
                assert_eq!(found.len(), 1, "{text:?} under {cat}");
                let (i, _, shipped) = found[0];
                assert_eq!(w.ngram_texts[i], text);
                assert!((shipped / fitted - 1.0).abs() <= half_step + 1e-9, "{text:?}: {shipped} for {fitted}");
                n += 1;
            }
        }
        assert_eq!(n, w.ngram_hashes.len());
    }
}
