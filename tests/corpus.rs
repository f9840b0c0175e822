//! The messages written in this project (`tests/corpus/own/`). They are unit tests of the
//! score, not a measure of judgement (that is `tests/judgement.rs`, on third-party messages):
//! plainly written mutual notes must read as mutual, and template pitches and chasing must not.
//! Run with `--nocapture` to see every score.

#[path = "support/judgement.rs"]
mod support;

use overture::model::fit::Label;
use overture::{Analyzer, Band, Config};
use std::path::Path;

fn scored() -> Vec<(support::Item, u8, Band)> {
    let a = Analyzer::new(&Config::default()).unwrap();
    let own = support::own(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    own.into_iter()
        .map(|it| {
            let r = a.analyze(&it.text, it.channel);
            (it, r.score, r.band)
        })
        .collect()
}

#[test]
fn own_messages_are_many_and_varied() {
    let all = scored();
    assert!(all.len() >= 90, "{} messages", all.len());
    for label in [Label::Mutual, Label::Pitch, Label::Pushy, Label::Neutral] {
        assert!(all.iter().filter(|s| s.0.label == label).count() >= 12, "too few {label:?}");
    }
}

#[test]
fn plainly_written_notes_are_told_apart() {
    let all = scored();
    let scores = |l: Label| all.iter().filter(|s| s.0.label == l).map(|s| s.1 as f64).collect::<Vec<_>>();
    let negative: Vec<f64> = scores(Label::Pitch).into_iter().chain(scores(Label::Pushy)).collect();
    let roc = support::auc(&scores(Label::Mutual), &negative);
    let share = |l: Label, ok: &dyn Fn(Band) -> bool| {
        let v: Vec<_> = all.iter().filter(|s| s.0.label == l).collect();
        v.iter().filter(|s| ok(s.2)).count() as f64 / v.len() as f64
    };
    for (it, score, band) in &all {
        let first = it.text.lines().find(|l| l.len() > 12).unwrap_or("").chars().take(70).collect::<String>();
        println!("{:>7} {score:>3} {band:?}  {first}", it.label.id());
    }
    let pitch = share(Label::Pitch, &|b| b == Band::Pitch);
    let pushy = share(Label::Pushy, &|b| b != Band::Mutual);
    let mutual = share(Label::Mutual, &|b| b == Band::Mutual);
    println!("ROC AUC {roc:.3}; pitch in pitch band {pitch:.2}; pushy below mutual {pushy:.2}; mutual in mutual band {mutual:.2}");
    assert!(roc >= 0.95, "ROC AUC {roc:.3}");
    assert!(pitch >= 0.8, "pitch in pitch band {pitch:.2}");
    assert!(pushy >= 0.9, "pushy below mutual {pushy:.2}");
    assert!(mutual >= 0.4, "mutual in mutual band {mutual:.2}");
}
