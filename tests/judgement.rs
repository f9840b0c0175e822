//! Judgement on third-party messages, cross-validated by source: the regression guard for the
//! score. CI has the stored (licensed) part of `tests/corpus/third_party/` only; the figures on
//! the whole corpus come from `cargo xtask eval --mirrors DIR` (see `tests/corpus/RESULTS.md`).
//! A rule or model change that makes the score generalise worse fails here.

#[path = "support/judgement.rs"]
mod support;

use overture::model::fit::{cross_validate, Label, Params};
use overture::{Analyzer, Config};
use sha2::{Digest, Sha256};
use std::path::Path;

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn stored_corpus_is_well_formed() {
    // Every stored text matches its SHA-256; every pointer is left for the mirrors.
    let corpus = support::load(&support::corpus_dir(root()), sha256, |_, _| None).unwrap();
    assert!(corpus.sources.len() >= 25, "{} sources", corpus.sources.len());
    let all: usize = corpus.sources.iter().map(|s| s.2).sum::<usize>() + corpus.missing.len();
    assert!(all >= 400, "{all} messages in all");
    assert!(corpus.items.len() >= 120, "{} stored messages", corpus.items.len());
    for (name, source, _) in &corpus.sources {
        if source.stored {
            assert!(
                source.attribution.as_deref().is_some_and(|a| !a.is_empty()),
                "{name}: stored text needs an attribution"
            );
        }
    }
}

#[test]
fn notice_lists_every_source() {
    let dir = support::corpus_dir(root());
    let expected = support::notice(&dir).unwrap();
    let actual = std::fs::read_to_string(dir.join("NOTICE.md")).unwrap();
    assert!(actual == expected, "tests/corpus/third_party/NOTICE.md is out of date: run `cargo xtask eval`");
}

#[test]
fn cross_validated_figures_hold_on_the_stored_corpus() {
    let corpus = support::load(&support::corpus_dir(root()), sha256, |_, _| None).unwrap();
    let analyzer = Analyzer::new(&Config::default()).unwrap();
    let examples = support::examples(&analyzer, &corpus.items);
    let scores = cross_validate(&examples, 5, &Params::default());
    let findings_words: Vec<(usize, usize)> = corpus
        .items
        .iter()
        .map(|it| {
            let r = analyzer.analyze(&it.text, it.channel);
            (r.findings.iter().filter(|f| f.category.is_negative()).count(), r.signals.words)
        })
        .collect();
    let f = support::figures(&corpus.items, &scores, &findings_words, |_| true);
    println!("{f:#?}");
    // Measured when this guard was last set (944 messages from 117 owners, after rounds six to
    // eighteen: sales sequences in many industries, LinkedIn notes and DMs, academia and open
    // source, job search, community groups, founders, PR, journalists and link-building, local
    // services, customer success, recruiting, events, blogs, AI outreach tools, student clubs,
    // agencies, partnerships, mentoring, maintainers, user-research recruiting, podcasts and
    // speakers, introductions, win-back, account management, professions, launches, creative
    // freelancers, devtools, finance, writers outside the US, congratulations, education and
    // health, hospitality, coaches, notes on books and courses; maxima 30/25/5/5/35, L2 0.0015,
    // 2,500 n-grams; easy outs and learning asks read as the article reads them; placeholders
    // for the sender's offer are their own token; the second stage's band margin 10 points):
    // AUC 0.903, pitch in the pitch band 53%, pushy below the mutual band 96%, mutual in the
    // mutual band 65%, 0.43 findings per 100 words on mutual notes. (Since maxima 33/25/3/2/37,
    // 3,576 messages: 0.905, 54%, 93%, 67%, 0.38; since the logistic link with L2 0.001:
    // 0.897, 60%, 92%, 62%, 0.37.) The bounds leave room for noise, not for a regression.
    assert!(f.auc >= 0.86, "ROC AUC {:.3}", f.auc);
    assert!(f.pitch_in_pitch_band >= 0.42, "pitch in pitch band {:.2}", f.pitch_in_pitch_band);
    assert!(f.pushy_below_mutual >= 0.90, "pushy below mutual {:.2}", f.pushy_below_mutual);
    assert!(f.mutual_in_mutual_band >= 0.56, "mutual in mutual band {:.2}", f.mutual_in_mutual_band);
    assert!(
        f.findings_per_100_words_on_mutual <= 0.8,
        "{:.2} findings per 100 words",
        f.findings_per_100_words_on_mutual
    );
    assert!(examples.iter().any(|e| e.label == Label::Mutual));
}

/// `cargo xtask eval --additive` measures the additive parts this score had until December 2026
/// (see `Params::additive`); it must stay a working model: it ranks the stored corpus's mutual
/// notes above its pitches about as well as the shipped score does, and its scores stay
/// between 0 and 100.
#[test]
fn the_additive_measurement_ranks_like_a_model() {
    let corpus = support::load(&support::corpus_dir(root()), sha256, |_, _| None).unwrap();
    let analyzer = Analyzer::new(&Config::default()).unwrap();
    let examples = support::examples(&analyzer, &corpus.items);
    let params = Params { additive: true, ..Params::default() };
    let scores = cross_validate(&examples, 5, &params);
    assert!(scores.iter().all(|s| (0.0..=100.0).contains(s)));
    let f = support::figures(&corpus.items, &scores, &vec![(0, 1); scores.len()], |_| true);
    println!("{f:#?}");
    // Measured when the score moved to the logistic link, on this stored part (L2 0.001): AUC
    // 0.903, pitch in the pitch band 53%, mutual in the mutual band 67%.
    assert!(f.auc >= 0.86, "ROC AUC {:.3}", f.auc);
}
