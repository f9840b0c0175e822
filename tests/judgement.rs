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
    let findings_words = support::findings_words(&analyzer, &corpus.items);
    let f = support::figures(&corpus.items, &scores, &findings_words, |_| true);
    println!("{f:#?}");
    // Measured when this guard was last set (1,204 messages from 156 owners, after rounds
    // twenty and twenty-one: students' and job seekers' notes, small-business sales, PR and
    // partnership pitches, community organisers' mail, businesses writing to their customers,
    // sales follow-ups, LinkedIn notes, founders' outreach; the logistic link, L2 0.001, 2,100
    // n-grams, mutual notes aimed at 87+): AUC 0.921, pitch in the pitch band 70%, pushy below
    // the mutual band 96%, mutual in the mutual band 70%, 0.32 findings per 100 words on mutual
    // notes. (After round nineteen, 1,024 messages from 130 owners: 0.908, 71%, 93%, 70%, 0.35,
    // with the guard at 0.88, 62%, 88%, 62%. After round twenty-two, with folds by a hash of
    // the owner, 1,325 messages: 0.918, 68%, 96%, 71%, 0.33. After round twenty-four, 1,433
    // messages, 2,000 n-grams: 0.923, 71%, 95%, 72%, 0.33; after round twenty-five, 1,468:
    // 0.919, 70%, 95%, 71%, 0.33; after round twenty-six, 1,486: 0.919, 70%, 95%, 71%, 0.33; after
    // round twenty-seven, 1,583, with the n-grams' L2 penalty at 0.0008: 0.915, 70%, 95%, 71%, 0.35;
    // after round twenty-eight, 1,693, 2,450 n-grams: 0.916, 71%, 97%, 69%, 0.35; with the rules
    // of December 5th's second batch and 2,400 n-grams: 0.916, 71%, 97%, 69%, 0.33; with the
    // stock opener filed under self-focus: 0.916, 71%, 97%, 68%, 0.33; after rounds twenty-nine
    // and thirty, 1,797, 2,350 n-grams: 0.920, 73%, 97%, 69%, 0.34; after round thirty-one,
    // 1,811: 0.919, 72%, 97%, 70%, 0.33; with "subject" no longer weighed: 0.917, 71%, 97%, 70%,
    // 0.33; with word trigrams: 0.916, 72%, 97%, 69%, 0.33; after round thirty-two, 1,838: 0.916,
    // 72%, 97%, 69%, 0.33; with the score at the link's value and 2,200 n-grams: 0.919, 72%,
    // 97%, 69%, 0.33; with stage two fitted on evidence from sources its weights did not see:
    // 0.911, 76%, 92%, 80%, 0.33; with the 3,000 n-grams kept fitted again, mutual notes aimed
    // at 92 and the L2 penalty at 0.0006: 0.910, 78%, 91%, 81%, 0.33.)
    // The bounds leave room for noise, not for a regression.
    assert!(f.auc >= 0.89, "ROC AUC {:.3}", f.auc);
    assert!(f.pitch_in_pitch_band >= 0.62, "pitch in pitch band {:.2}", f.pitch_in_pitch_band);
    assert!(f.pushy_below_mutual >= 0.88, "pushy below mutual {:.2}", f.pushy_below_mutual);
    assert!(f.mutual_in_mutual_band >= 0.62, "mutual in mutual band {:.2}", f.mutual_in_mutual_band);
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
