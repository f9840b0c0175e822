//! Fitting the score model (native only): used by `cargo xtask fit` to write the weights file,
//! and by `cargo xtask eval` and the tests to cross-validate by source.
//!
//! The model is the one [`super::score`] computes: `100·σ(b + z_mutuality − z_pitch − …)`,
//! shared out as parts ([`super::logistic_parts`]). The fit minimises the cross-entropy between
//! score/100 and the label (mutual 1, pitch and pushy 0, neutral the score of a draft with no
//! evidence, 0.63, at half weight), with non-negative weights, an L1 penalty that prunes
//! n-grams, and an L2 penalty, by projected Adam. N-grams are kept only when they occur in at
//! least [`Params::min_docs`] messages from at least [`Params::min_sources`] sources of the
//! training part, so one source's template wording cannot become a rule. The heaviest
//! [`Params::max_ngrams`] n-grams are then fitted again without the others, so that what the
//! size budget cuts is taken up by what it keeps. A second stage spreads the scores into their
//! bands with two scales, fitted on evidence read by weights that did not see the message's
//! source ([`fit`]).

use super::ngrams::may_weigh;
use super::{cat_index, Named, NAMED};
use crate::catalogue::Category;
use std::collections::{HashMap, HashSet};

/// One labelled message, as the fit sees it.
#[derive(Clone, Debug)]
pub struct Example {
    /// Named feature values (see [`NAMED`]).
    pub named: Vec<f64>,
    /// Its distinct normalised n-grams.
    pub ngrams: Vec<String>,
    /// Per n-gram, which way it may weigh ([`super::ngrams::MAY_EARN`], `MAY_COST`).
    pub allowed: Vec<u8>,
    /// What its n-grams' weights are multiplied by ([`super::ngram_norm`]).
    pub scale: f64,
    /// The distinct catalogue rules it trips, with each finding's category: each rule may add
    /// its own weight to what its category and severity weigh ([`Model::rules`]).
    pub rules: Vec<(&'static str, Category)>,
    pub label: Label,
    pub source: String,
}

/// The corpus labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    Mutual,
    Pitch,
    Pushy,
    Neutral,
}

impl Label {
    pub fn from_id(s: &str) -> Option<Label> {
        Some(match s {
            "mutual" => Label::Mutual,
            "pitch" => Label::Pitch,
            "pushy" => Label::Pushy,
            "neutral" => Label::Neutral,
            _ => return None,
        })
    }

    pub fn id(self) -> &'static str {
        match self {
            Label::Mutual => "mutual",
            Label::Pitch => "pitch",
            Label::Pushy => "pushy",
            Label::Neutral => "neutral",
        }
    }

    /// The score/100 the fit aims at (`None` for a neutral message: see
    /// [`Params::neutral_target`]), and how much the message counts.
    fn target(self) -> (Option<f64>, f64) {
        match self {
            Label::Mutual => (Some(1.0), 1.0),
            Label::Pitch | Label::Pushy => (Some(0.0), 1.0),
            Label::Neutral => (None, 0.5),
        }
    }
}

/// The fit's settings.
#[derive(Clone, Debug)]
pub struct Params {
    pub maxima: [f64; 5],
    /// How much pitch, pressure and chasing discount mutual evidence in the additive parts
    /// ([`Params::additive`], [`super::parts`]).
    pub discount: f64,
    /// L1 and L2 penalties on the n-grams' weights. The L2 penalty was 0.01 on 1,315 messages,
    /// 0.005 on 1,736 from 113 sources and 0.0025 on 2,138 from 179 (held-out AUC there: 0.01:
    /// 0.892, 0.005: 0.903, 0.0025: 0.910, 0.0015: 0.912). On 3,576 from 436 sources, 0.0015
    /// with 2,500 n-grams kept, against 0.0025 with 1,500: AUC 0.910 against 0.907, pitch in
    /// its band 56% against 52%, mutual in its band 64% against 66% (0.001 with 3,000: 0.910,
    /// 57%, 63%). A plain logistic regression on the same n-grams, unpenalised in sign and
    /// size, reaches about 0.915 there. With the logistic link (AUC, pitches and mutual notes
    /// in their bands): 0.0015: 0.922, 980, 693; 0.001: 0.922, 1,001, 697; 0.0007: 0.922,
    /// 1,005, 693; 0.001 with maxima 35/25/3/2/35: 0.922, 996, 705 (but a note that only
    /// presses could then not go under 40). On 5,278 messages from 683 sources (AUC; mutual
    /// notes, pitches in their bands; pushy below mutual; unrounded scores): 0.001: 0.9405,
    /// 1,105, 1,508, 576; 0.0008: 0.9402, 1,108, 1,531, 577; 0.0006: 0.9395, 1,100, 1,545,
    /// 577. On 5,707 from 742: 0.001: 0.9410, 1,156, 1,710, 593; 0.0008: 0.9413, 1,158,
    /// 1,723, 592, so it was 0.0008 until stage one was fitted again on the n-grams it keeps
    /// ([`Params::refit_pruned`]). With that, on 6,770 messages and mutual notes aimed at 92
    /// (AUC; mutual notes, pitches in their bands; pushy below mutual): 0.0011: 0.9481, 1,386,
    /// 2,298, 729; 0.0008: 0.9487, 1,387, 2,286, 727; 0.0006: 0.9499, 1,386, 2,294, 730;
    /// 0.0005: 0.9499, 1,385, 2,292, 730; 0.0004: 0.9496, 1,389, 2,288, 729. So 0.0006.
    ///
    /// The L1 penalty, source-grouped on 3,576 messages (AUC; mutual notes, pitches in their
    /// bands; pushy below mutual): 0: 0.9349, 741, 1,003, 407; 0.00002: 0.9359, 758, 1,011,
    /// 407; 0.00005: 0.9352, 762, 1,031, 404; 0.0001: 0.9342, 764, 1,049, 405; 0.0002: 0.9323,
    /// 755, 1,046, 406. Less of it keeps more of the weakest n-grams: the ranking gains a
    /// little, and pitches drift out of the pitch band (1,011 of 1,364 is under the 75% aimed
    /// for), so it stays at 0.0001.
    pub l1: f64,
    pub l2: f64,
    /// L2 penalty on the named features' weights (findings, signals): smaller, so that the
    /// catalogue's general evidence is preferred to wording one corpus happens to use.
    pub l2_named: f64,
    pub iterations: usize,
    /// Fewest messages an n-gram must occur in to be weighed. Source-grouped on 3,576 messages
    /// (AUC; mutual notes, pitches in their bands; pushy below mutual): 2: 0.9331, 754, 1,045,
    /// 405; 3: 0.9339, 765, 1,042, 406; 4: 0.9343, 765, 1,047, 405. Wording only a few
    /// templates share is more often their own than the label's.
    pub min_docs: usize,
    pub min_sources: usize,
    /// Most n-grams kept (the largest weights). Each costs about 3.5 bytes of the wasm's gzip
    /// budget. Source-grouped on 3,576 messages (AUC, pitches and mutual notes in their bands,
    /// pushy below mutual): 2,500: 0.9252, 997, 701, 409; 2,400: 0.9250, 1,000, 701, 408;
    /// 2,300: 0.9253, 996, 702, 409. The weakest hundreds weigh on nothing the measure sees.
    /// Again with the catalogue of December 3rd: 2,300: 0.9266, 995, 707, 406; 2,100: 0.9267,
    /// 996, 704, 406. Later that day, with stage two's 85 and 27: 2,600: 0.9272, 1,042, 737,
    /// 406; 2,100: 0.9283, 1,020, 753, 404. On 5,106 messages (round twenty-four): 2,100:
    /// 0.9414, 1,464, 1,064, 556; 2,000: 0.9411, 1,460, 1,067, 555; 1,900: 0.9408, 1,459, 1,066,
    /// 555. 2,000 left the wasm about 350 B under its gzip budget then, and 105 B after round
    /// twenty-seven's rules; on 5,707 messages 1,950 reads 0.9411, 1,711, 1,164, 594 against
    /// 2,000's 0.9415, 1,718, 1,164, 592 (rounded band counts), if the catalogue needs the room.
    /// On 6,074 (round twenty-eight), with one byte-class table for all programs freeing about
    /// 1.8 KB: 2,000: 0.9422, 1,786, 1,237, 632; 2,150: 0.9423, 1,795, 1,226, 635; 2,300:
    /// 0.9426, 1,803, 1,219, 635; 2,450: 0.9427, 1,819, 1,219, 635, 326 B under the
    /// budget. Rounds twenty-seven and twenty-eight held out read 0.941 and 0.938 with 2,450
    /// (0.938 and 0.934 with 2,000), 73% and 75% of their pitches in band (72% and 72%), 80% and
    /// 77% of their mutual notes (84% and 77%). With December 5th's second batch of rules
    /// (shouting no longer read in placeholders and headings; asks that thank them for their
    /// perspective), on 6,067 of those messages: 2,450: 0.9429, 1,814, 1,213, 635; 2,400:
    /// 0.9428, 1,811, 1,213, 635, which leaves the wasm 230 B under the budget instead of 36 B
    /// (144 B once the stock opener became a rule of its own). On 6,637 (rounds twenty-nine and
    /// thirty), with a before/after results claim in `roi-claim`: 2,400: 0.9450, 2,068, 1,268,
    /// 717, 82 B over the budget; 2,350: 0.9449, 2,060, 1,273, 717, 64 B under it. On 6,770,
    /// with trigrams and the score at the link's value (whose sharing out took 287 B over the
    /// budget at 2,350): 2,350: 0.9494, 2,143, 1,257, 744; 2,250: 0.9491, 2,147, 1,256, 744;
    /// 2,200: 0.9491, 2,140, 1,262, 743. With the n-grams kept fitted again
    /// ([`Params::refit_pruned`]), mutual notes aimed at 92 and the L2 penalty at 0.0006, on
    /// 6,770 (AUC; mutual notes, pitches in their bands; pushy below mutual): 2,200: 0.94987,
    /// 1,386, 2,294, 730; 3,000: 0.95003, 1,382, 2,296, 731, which the 4.4 KB of gzip that
    /// December 6th's compiler and starts freed can hold.
    pub max_ngrams: usize,
    /// The least weight of each named feature (by [`Named::index`]): see [`FLOORS`].
    pub floors: Vec<f64>,
    /// How much a neutral message counts in the fit (a mutual or a pitch counts about 1).
    /// Measured on 3,576 messages (held-out AUC, pitch and mutual in their bands): 0.25: 0.918,
    /// 876, 692; 0.5: 0.919, 873, 694; 1.0: 0.919, 860, 677. With the logistic link, L2 0.001
    /// and maxima 35/25/3/2/35: 0.1: 0.915, 1,065, 737; 0.25: 0.920, 1,017, 717; 0.5: 0.922,
    /// 996, 705. Less weight on neutral messages pushes scores to the ends, the ranking worse,
    /// and more mutual notes under 40 (110, 90, 82) and fewer neutral ones mid-range (231, 281,
    /// 333 of 783).
    pub neutral_weight: f64,
    /// The score/100 a neutral message is fitted towards; `None`: the score of a draft with no
    /// evidence (the negative categories' maxima, 63), so that neutral wording is fitted to be
    /// no evidence either way. Measured on 3,576 messages (held-out AUC; mutual notes,
    /// pitches in their bands; pushy below mutual): 0.45: 0.9325, 744, 1,040, 408; 0.55 (until
    /// December 4th, "mid-range"): 0.9336, 756, 1,043, 404; 0.63: 0.9336, 764, 1,042, 405;
    /// 0.75: 0.9332, 762, 1,027, 401; 0.85: 0.9330, 767, 1,016, 398. Aimed lower than the
    /// start, neutral wording that mutual notes share costs them points; aimed higher, what
    /// pitches share earns.
    pub neutral_target: Option<f64>,
    /// A measurement, not the shipped score: fit and score with the additive parts this
    /// score had until December 2026 ([`super::parts`]: one curve per category, summed)
    /// instead of the logistic link. Source-grouped 5-fold on 3,576 messages, additive against
    /// logistic (each with the penalties it was shipped with): AUC 0.919 against 0.922,
    /// pitches in the pitch band 873 against 1,001, mutual notes in the mutual band 690 against
    /// 697, pushy below mutual 96% against 97%.
    pub additive: bool,
    /// The score a pitch is aimed under in stage two (see [`fit`]); a mutual note aims at 92+.
    /// On 6,074 messages with 2,000 n-grams (AUC; pitches, mutual notes in their bands; pushy
    /// below mutual): 27: 0.9422, 1,786, 1,237, 632; 26: 0.9419, 1,800, 1,235, 632; 25: 0.9416,
    /// 1,811, 1,232, 632. More n-grams put as many more pitches in band for no loss of ranking.
    pub pitch_aim: f64,
    /// The score a mutual note is aimed at or above in stage two (see [`band_aim`]). With the
    /// stage two of December 6th on 6,770 messages (AUC; mutual notes, pitches in their
    /// bands; pushy below mutual): 80: 0.9486, 1,328, 2,117, 737; 87: 0.9471, 1,393, 2,171, 719.
    /// With stage one fitted again on the n-grams it keeps ([`Params::refit_pruned`]), whose
    /// weights are surer of themselves, 87 left mutual notes short of their band: 87: 0.9499,
    /// 1,342, 2,266, 737; 90: 0.9497, 1,368, 2,287, 733 (with pitches aimed under 32: 0.9497,
    /// 1,368, 2,232, 733); 92: 0.9487, 1,387, 2,286, 727, and 0.9499, 1,386, 2,294, 730 with
    /// the L2 penalty at 0.0006. So 92.
    pub mutual_aim: f64,
    /// Into how many groups of sources stage two splits the training part, to see the stage-one
    /// weights' evidence on messages from sources they were not fitted on (1: on the training
    /// messages themselves). On its own training messages the fit's evidence is stronger than
    /// on a new source's, so scales fitted there came out too timid for new messages, and the
    /// squared distance let the few hopeless misses (mutual notes that read like pitches) pull
    /// every score towards the middle. Source-grouped 5-fold on 6,770 messages (AUC; mutual
    /// notes, pitches in their bands; pushy below mutual): on training messages with the
    /// squared distance (until December 6th, 2026) 0.9491, 1,262, 2,140, 743; on training
    /// messages with the bounded miss ([`Params::miss_width`] 20) 0.9491, 1,303, 2,208, 740;
    /// four groups, squared distance: 0.9481, 1,265, 1,508, 743; four groups, bounded miss:
    /// 0.9471, 1,393, 2,171, 719; and with one scale for both, 0.9490, 1,247, 2,359, 747.
    /// The scales it picks weigh mutuality's evidence about a fifth more than the evidence
    /// against (in the five folds 1.79/2.14 to 2.28/2.87), which puts 131 more mutual notes
    /// in their band for 0.002 of AUC: what the issue asks first of the score is not to flag
    /// a genuine note, and with the intercept fixed at 63 (a draft with no evidence stays
    /// mid-range) only that ratio moves mutual notes whose evidence is mostly mutual.
    pub calibration_folds: usize,
    /// How far outside its band (in points) a message counts as most of a miss in stage two
    /// (see [`fit_scales`]): a miss of `d` points costs `1 − exp(−(d/width)²)`. On 6,770
    /// messages with four groups (as [`Params::calibration_folds`]): 15: 0.9439, 1,434, 2,260,
    /// 710, with only 105 of 1,609 neutral messages left mid-range (the scores go to the
    /// ends); 20: 0.9471, 1,393, 2,171, 719, 285 neutral mid-range; 30: 0.9478, 1,366, 1,999,
    /// 730, 446.
    pub miss_width: f64,
    /// Fit stage one again on the n-grams [`Params::max_ngrams`] keeps, so that their weights
    /// take up what the n-grams cut carried. (Stage two's groups are fitted on those n-grams
    /// too: chosen with every training message, which tells each group's evidence a little
    /// about its own messages.) Until December 6th, 2026 the heaviest n-grams were kept with
    /// the weights fitted beside all the others. On 6,770 messages (AUC; mutual notes, pitches
    /// in their bands; pushy below mutual), mutual notes aimed at 87: cut, 2,200 n-grams:
    /// 0.9471, 1,393, 2,171, 719; 3,000: 0.9486, 1,388, 2,218, 724; 4,000: 0.9501, 1,393,
    /// 2,238, 731 (6.5 KB of gzip over the budget); 5,000: 0.9503, 1,384, 2,260, 733. Fitted
    /// again: 2,200: 0.9499, 1,342, 2,266, 737; 3,000: 0.9500, 1,347, 2,271, 734. (Keeping the
    /// n-grams by weight × messages they are in^0.5, not fitted again: 0.9486, 1,368, 2,261,
    /// 729; ^1: 0.9484; fitted again, ^0.5: 0.9497.)
    pub refit_pruned: bool,
}

/// The seed article's mutual signals (curiosity about their work, a specific reference, an
/// offer, an easy out) always earn something when the catalogue finds them. On templates the
/// fit alone gives them no weight, because sales templates borrow the same phrases and the
/// n-grams around them tell the two apart; but a short genuine note has few n-grams, and then
/// "I loved your talk. Happy to introduce you to Ana!" would earn nothing. The floor is small:
/// one strong signal earns about 5 of mutuality's points, less in a message that pitches.
pub const FLOORS: [(Named, f64); 3] =
    [(Named::MutualityHigh, 0.3), (Named::MutualityMedium, 0.2), (Named::MutualityLow, 0.1)];

impl Default for Params {
    fn default() -> Params {
        Params {
            maxima: crate::score::MAX.map(|(_, m)| m as f64),
            discount: super::weights().discount,
            l1: 0.0001,
            l2: 0.0006,
            l2_named: 0.001,
            iterations: 1500,
            min_docs: 4,
            min_sources: 2,
            max_ngrams: 3000,
            neutral_weight: Label::Neutral.target().1,
            neutral_target: None,
            additive: false,
            pitch_aim: 27.0,
            mutual_aim: 92.0,
            calibration_folds: 4,
            miss_width: 20.0,
            refit_pruned: true,
            floors: NAMED
                .iter()
                .map(|&(f, _, _, _)| FLOORS.iter().find(|&&(g, _)| g == f).map_or(0.0, |&(_, w)| w))
                .collect(),
        }
    }
}

/// A fitted model.
#[derive(Clone, Debug)]
pub struct Model {
    pub maxima: [f64; 5],
    pub discount: f64,
    /// Per named feature.
    pub named: Vec<f64>,
    /// (n-gram, category, weight), largest weight first.
    pub ngrams: Vec<(String, Category, f64)>,
    /// (rule id, category, weight): what a draft that trips the rule adds, beyond its
    /// category and severity's weight ([`super::RULE_WEIGHT_SCALE`]), largest weight first.
    pub rules: Vec<(String, Category, f64)>,
    /// Fitted for the additive parts ([`Params::additive`]) instead of the logistic link.
    pub additive: bool,
}

/// The logistic link's net evidence: mutuality's sum less the negative categories'.
fn net(z: &[f64; 5]) -> f64 {
    z[4] - z[..4].iter().sum::<f64>()
}

impl Model {
    /// The score (0–100, unrounded) the model gives an example.
    pub fn predict(&self, e: &Example) -> f64 {
        self.predict_indexed(e, &self.index())
    }

    /// N-gram → its entries (an n-gram can weigh in two categories).
    fn index(&self) -> HashMap<&str, Vec<usize>> {
        let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (g, _, _)) in self.ngrams.iter().enumerate() {
            index.entry(g.as_str()).or_default().push(i);
        }
        index
    }

    fn predict_indexed(&self, e: &Example, index: &HashMap<&str, Vec<usize>>) -> f64 {
        let z = self.evidence(e, index);
        if self.additive {
            super::parts(&z, &self.maxima, self.discount).0.iter().sum()
        } else {
            super::logistic_parts(&z, &self.maxima).iter().sum()
        }
    }

    /// Each category's weighted evidence in an example.
    fn evidence(&self, e: &Example, index: &HashMap<&str, Vec<usize>>) -> [f64; 5] {
        let mut z = [0f64; 5];
        for (k, &(_, _, cat, _)) in NAMED.iter().enumerate() {
            z[cat_index(cat)] += self.named[k] * e.named[k];
        }
        for (g, &allowed) in e.ngrams.iter().zip(&e.allowed) {
            for &i in index.get(g.as_str()).into_iter().flatten() {
                let (_, cat, w) = &self.ngrams[i];
                if may_weigh(*cat == Category::Mutuality, allowed) {
                    z[cat_index(*cat)] += w * e.scale;
                }
            }
        }
        for &(id, cat) in &e.rules {
            if let Some((_, _, w)) = self.rules.iter().find(|(r, c, _)| r == id && *c == cat) {
                z[cat_index(cat)] += w;
            }
        }
        z
    }
}

/// The inverse document frequency of evidence found in `docs` of `total` messages.
fn idf(total: usize, docs: usize) -> f64 {
    ((1.0 + total as f64) / (1.0 + docs as f64)).ln() + 1.0
}

/// Fits a model on `train`, in two stages. Stage one ([`fit_weights`]) fits every weight by
/// the penalised cross-entropy (and with [`Params::refit_pruned`] again on the n-grams it
/// keeps); stage two ([`fit_scales`]) fits two scales on those weights
/// (one for the evidence against, one for mutuality's) so that messages land in their bands.
/// With [`Params::calibration_folds`] above 1, stage two sees each training message's evidence
/// by weights fitted without its source, as a message from a new source will be seen.
pub fn fit(train: &[Example], params: &Params) -> Model {
    let raw = fit_weights(train, params, None);
    let keep = params.refit_pruned.then(|| raw.kept_ngrams(params));
    let raw = match &keep {
        Some(k) => fit_weights(train, params, Some(k)),
        None => raw,
    };
    let evidence: Vec<[f64; 5]> = if params.calibration_folds > 1 {
        held_out_evidence(train, params, keep.as_ref())
    } else {
        let index = raw.index();
        train.iter().map(|e| raw.evidence(e, &index)).collect()
    };
    let scale = fit_scales(train, &evidence, params);
    raw.scaled(&scale, params)
}

/// Each training message's evidence by stage-one weights fitted on the other groups of
/// sources ([`Params::calibration_folds`] groups, dealt by another hash than the folds of
/// [`cross_validate`]).
fn held_out_evidence(train: &[Example], params: &Params, keep: Option<&HashSet<String>>) -> Vec<[f64; 5]> {
    let k = params.calibration_folds;
    let group: Vec<usize> = train.iter().map(|e| fold_of_source(&format!("calibration {}", e.source), k)).collect();
    let group = &group;
    let models: Vec<Model> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..k)
            .map(|g| {
                scope.spawn(move || {
                    let rest: Vec<Example> =
                        train.iter().zip(group).filter(|&(_, &h)| h != g).map(|(e, _)| e.clone()).collect();
                    fit_weights(&rest, params, keep)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a group's fit does not panic")).collect()
    });
    let indexes: Vec<_> = models.iter().map(Model::index).collect();
    train.iter().zip(group).map(|(e, &g)| models[g].evidence(e, &indexes[g])).collect()
}

/// How much a message of each label counts in the fit: mutual against pitch + pushy, each half
/// of the weight; neutral as [`Params::neutral_weight`] says.
fn label_weights(train: &[Example], params: &Params) -> impl Fn(Label) -> f64 {
    let n_pos = train.iter().filter(|e| e.label == Label::Mutual).count().max(1) as f64;
    let n_neg = train.iter().filter(|e| matches!(e.label, Label::Pitch | Label::Pushy)).count().max(1) as f64;
    let total = train.len() as f64;
    let neutral = params.neutral_weight;
    move |l| match l {
        Label::Mutual => total / (2.0 * n_pos),
        Label::Pitch | Label::Pushy => total / (2.0 * n_neg),
        Label::Neutral => neutral,
    }
}

/// Stage one: the weights, unscaled, every n-gram and rule that weighs anything kept.
fn fit_weights(train: &[Example], params: &Params, keep: Option<&HashSet<String>>) -> Model {
    // The vocabulary: n-grams in enough messages from enough sources, each filed under the
    // label it is most typical of (per message of that label).
    let mut docs: HashMap<&str, (usize, Vec<&str>, [usize; 3])> = HashMap::new();
    let mut per_label = [0usize; 3];
    let slot = |l: Label| match l {
        Label::Mutual => Some(0),
        Label::Pitch => Some(1),
        Label::Pushy => Some(2),
        Label::Neutral => None,
    };
    for e in train {
        if let Some(s) = slot(e.label) {
            per_label[s] += 1;
        }
        for g in &e.ngrams {
            let d = docs.entry(g.as_str()).or_default();
            d.0 += 1;
            if !d.1.contains(&e.source.as_str()) {
                d.1.push(&e.source);
            }
            if let Some(s) = slot(e.label) {
                d.2[s] += 1;
            }
        }
    }
    // Each kept n-gram may earn mutuality points and may cost points in the negative category
    // it is most typical of (pitch, or pressure for what chasing messages say): two weights,
    // of which the fit usually keeps one.
    let mut vocab: Vec<(&str, Category)> = Vec::new();
    for (g, d) in &docs {
        if d.0 < params.min_docs || d.1.len() < params.min_sources || !super::ngrams::informative(g) {
            continue;
        }
        if keep.is_some_and(|k| !k.contains(*g)) {
            continue;
        }
        let rate = |s: usize| (d.2[s] as f64 + 0.5) / (per_label[s] as f64 + 1.0);
        vocab.push((*g, Category::Mutuality));
        vocab.push((*g, if rate(1) >= rate(2) { Category::Pitch } else { Category::Pressure }));
    }
    // Each rule seen in enough messages from enough sources may add its own weight, in its
    // finding's category (cost for the four negative ones, earn for mutuality): a rule is
    // general wording, not one source's, but still judged by the same bar.
    let mut rule_docs: HashMap<(&str, Category), (usize, Vec<&str>)> = HashMap::new();
    for e in train {
        for &(id, cat) in &e.rules {
            let d = rule_docs.entry((id, cat)).or_default();
            d.0 += 1;
            if !d.1.contains(&e.source.as_str()) {
                d.1.push(&e.source);
            }
        }
    }
    let mut rule_vocab: Vec<((&str, Category), f64)> = rule_docs
        .iter()
        .filter(|(_, d)| d.0 >= params.min_docs && d.1.len() >= params.min_sources)
        .map(|(&k, d)| (k, idf(train.len(), d.0)))
        .collect();
    rule_vocab.sort_by(|a, b| a.0.cmp(&b.0));
    let rule_index: HashMap<(&str, Category), usize> =
        rule_vocab.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect();
    let rule_rows: Vec<Vec<usize>> = train
        .iter()
        .map(|e| e.rules.iter().filter_map(|&(id, c)| rule_index.get(&(id, c)).copied()).collect())
        .collect();
    // Rare n-grams say more than common ones: each is fitted on its inverse document frequency
    // (so the penalties treat them alike), and the weight written out includes it.
    let idf: Vec<f64> = vocab.iter().map(|(g, _)| idf(train.len(), docs[g].0)).collect();
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (g, _)) in vocab.iter().enumerate() {
        index.entry(*g).or_default().push(i);
    }
    let vocab_ref = &vocab;
    let rows: Vec<Vec<usize>> = train
        .iter()
        .map(|e| {
            e.ngrams
                .iter()
                .zip(&e.allowed)
                .flat_map(|(g, &allowed)| {
                    index
                        .get(g.as_str())
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(move |&j| may_weigh(vocab_ref[j].1 == Category::Mutuality, allowed))
                })
                .collect()
        })
        .collect();

    let total = train.len() as f64;
    let weight = label_weights(train, params);

    let n_named = NAMED.len();
    // Columns: the named features, the n-grams, then the rules (at `r0`), each rule fitted on
    // its inverse document frequency like an n-gram.
    let r0 = n_named + vocab.len();
    let n = r0 + rule_vocab.len();
    let rule_x: Vec<f64> = rule_vocab.iter().map(|(_, idf)| idf * super::RULE_WEIGHT_SCALE).collect();
    let floor = |j: usize| if j < n_named { params.floors[j] } else { 0.0 };
    let category: Vec<usize> = NAMED
        .iter()
        .map(|&(_, _, c, _)| cat_index(c))
        .chain(vocab.iter().map(|&(_, c)| cat_index(c)))
        .chain(rule_vocab.iter().map(|((_, c), _)| cat_index(*c)))
        .collect();
    let mut w = vec![0.05f64; n];
    // Adam.
    let (b1, b2, lr, eps) = (0.9, 0.999, 0.03, 1e-8);
    let mut m = vec![0f64; n];
    let mut v = vec![0f64; n];
    let mut grad = vec![0f64; n];
    let start: f64 = params.maxima[..4].iter().sum();
    let bias = super::intercept(start);
    let neutral_target = params.neutral_target.unwrap_or(start / 100.0);
    // Each category's weighted evidence in an example.
    let z_of = |e: &Example, row: &[usize], rules: &[usize], w: &[f64]| {
        let mut z = [0f64; 5];
        for k in 0..n_named {
            z[category[k]] += w[k] * e.named[k];
        }
        for &j in row {
            z[category[n_named + j]] += w[n_named + j] * idf[j] * e.scale;
        }
        for &i in rules {
            z[category[r0 + i]] += w[r0 + i] * rule_x[i];
        }
        z
    };
    for t in 1..=params.iterations {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for ((e, row), rules) in train.iter().zip(&rows).zip(&rule_rows) {
            let z = z_of(e, row, rules, &w);
            let y = e.label.target().0.unwrap_or(neutral_target);
            let (dl_ds, dz) = if !params.additive {
                // Cross-entropy through σ: its derivative by the net evidence is s − y.
                let s = super::sigmoid(bias + net(&z));
                (weight(e.label) * (s - y) / total, [-1.0, -1.0, -1.0, -1.0, 1.0])
            } else {
                let (p, dz) = super::parts(&z, &params.maxima, params.discount);
                let s = (p.iter().sum::<f64>() / 100.0).clamp(1e-4, 1.0 - 1e-4);
                (weight(e.label) * (s - y) / (s * (1.0 - s)) / 100.0 / total, dz)
            };
            for k in 0..n_named {
                grad[k] += dl_ds * dz[category[k]] * e.named[k];
            }
            for &j in row {
                grad[n_named + j] += dl_ds * dz[category[n_named + j]] * idf[j] * e.scale;
            }
            for &i in rules {
                grad[r0 + i] += dl_ds * dz[category[r0 + i]] * rule_x[i];
            }
        }
        for j in 0..n {
            let (l1, l2) = if j >= n_named { (params.l1, params.l2) } else { (0.0, params.l2_named) };
            let g = grad[j] + l2 * w[j] + l1;
            m[j] = b1 * m[j] + (1.0 - b1) * g;
            v[j] = b2 * v[j] + (1.0 - b2) * g * g;
            let mh = m[j] / (1.0 - b1.powi(t as i32));
            let vh = v[j] / (1.0 - b2.powi(t as i32));
            w[j] = (w[j] - lr * mh / (vh.sqrt() + eps)).max(floor(j));
        }
    }
    Model {
        maxima: params.maxima,
        discount: params.discount,
        named: w[..n_named].to_vec(),
        ngrams: vocab
            .iter()
            .enumerate()
            .map(|(i, &(g, c))| (g.to_string(), c, w[n_named + i] * idf[i]))
            .filter(|(_, _, w)| *w > 0.0)
            .collect(),
        rules: rule_vocab
            .iter()
            .enumerate()
            .map(|(i, &((id, c), _))| (id.to_string(), c, w[r0 + i] * rule_x[i]))
            .filter(|(_, _, w)| *w > 0.0)
            .collect(),
        additive: params.additive,
    }
}

/// The band each label should land in, as (lowest, highest) score, with margins so that a
/// message from a source the fit has not seen still lands in its band: a mutual note aims at
/// 92+ (22 points into its band; 87+ until December 6th, 2026: see [`Params::mutual_aim`]), a
/// pitch under 27 (13 points), a pushy message under 55.
///
/// Measured with stage two's squared distance on training messages (until December 6th,
/// 2026): on 3,576 messages, one margin for every label: none, AUC 0.914, pitches in the
/// pitch band 50%, mutual notes in the mutual band 59%; 5: 0.914, 56%, 65%; 10: 0.913, 59%,
/// 66%; 15: 0.912, 61%, 65%. With the catalogue of December 3rd (AUC, mutual notes and pitches
/// in their bands, pushy below mutual), mutual and pitch aims 80 and 30: 0.9298, 719, 1,009,
/// 407; 85 and 27: 0.9283, 753, 1,020, 404; 85 and 25: 0.9273, 747, 1,039, 404. On 4,417
/// messages: 85 and 27: 0.9401, 977, 1,245, 475; 87 and 27: 0.9397, 994, 1,245, 473; 87 and
/// 25: 0.9389, 990, 1,260, 474; 89 and 25: 0.9385, 1,005, 1,257, 472.
fn band_aim(label: Label, params: &Params) -> (f64, f64) {
    match label {
        Label::Mutual => (params.mutual_aim, 100.0),
        Label::Pitch => (0.0, params.pitch_aim),
        Label::Pushy => (0.0, 55.0),
        Label::Neutral => (40.0, 69.0),
    }
}

/// How far a score lies outside the band its label aims at ([`band_aim`]), in points.
fn miss(label: Label, score: f64, params: &Params) -> f64 {
    let (lo, hi) = band_aim(label, params);
    (lo - score).max(score - hi).max(0.0)
}

/// Stage two: the scales (see [`fit`]) on each training message's evidence `zs`. The
/// regularised weights rank well but crowd the scores towards the middle; the scales spread
/// them out again, and the weights stay non-negative and keep their proportions.
fn fit_scales(train: &[Example], zs: &[[f64; 5]], params: &Params) -> [f64; 5] {
    let weight = label_weights(train, params);
    if params.additive {
        return additive_scales(train, zs, &weight, params);
    }
    let bias = super::intercept(params.maxima[..4].iter().sum());
    let net: Vec<(f64, f64)> = zs.iter().map(|z| (z[..4].iter().sum(), z[4])).collect();
    let loss = |against: f64, mutual: f64| -> f64 {
        train
            .iter()
            .zip(&net)
            .map(|(e, &(a, m))| {
                let d = miss(e.label, 100.0 * super::sigmoid(bias + mutual * m - against * a), params);
                weight(e.label) * (1.0 - (-(d / params.miss_width).powi(2)).exp())
            })
            .sum()
    };
    // Two numbers: searched on a grid, coarse then fine, so that the answer does not depend
    // on where a descent starts (the loss is not convex).
    let search = |centre: (f64, f64), step: f64, steps: i32| {
        let mut best = (f64::INFINITY, centre);
        for i in -steps..=steps {
            for j in -steps..=steps {
                let scales = (centre.0 * step.powi(i), centre.1 * step.powi(j));
                let l = loss(scales.0, scales.1);
                if l < best.0 {
                    best = (l, scales);
                }
            }
        }
        best.1
    };
    let (against, mutual) = search(search((1.0, 1.0), 1.1, 24), 1.01, 10);
    [against, against, against, against, mutual]
}

/// Stage two for the additive parts ([`Params::additive`]): one scale per category, fitted by
/// projected Adam on the squared distance outside each message's band.
fn additive_scales(train: &[Example], zs: &[[f64; 5]], weight: &impl Fn(Label) -> f64, params: &Params) -> [f64; 5] {
    let total = train.len() as f64;
    let (b1, b2, lr, eps) = (0.9, 0.999, 0.03, 1e-8);
    let mut scale = [1f64; 5];
    let (mut ms, mut vs) = ([0f64; 5], [0f64; 5]);
    for t in 1..=params.iterations {
        let mut g = [0f64; 5];
        for (e, z) in train.iter().zip(zs) {
            let zz: [f64; 5] = std::array::from_fn(|c| z[c] * scale[c]);
            let (p, dz) = super::parts(&zz, &params.maxima, params.discount);
            let score: f64 = p.iter().sum();
            let (lo, hi) = band_aim(e.label, params);
            let d = if score < lo { score - lo } else { (score - hi).max(0.0) };
            let dl_ds = weight(e.label) * 2.0 * d / total / 100.0;
            for c in 0..5 {
                g[c] += dl_ds * dz[c] * z[c];
            }
        }
        for c in 0..5 {
            ms[c] = b1 * ms[c] + (1.0 - b1) * g[c];
            vs[c] = b2 * vs[c] + (1.0 - b2) * g[c] * g[c];
            let mh = ms[c] / (1.0 - b1.powi(t as i32));
            let vh = vs[c] / (1.0 - b2.powi(t as i32));
            scale[c] = (scale[c] - lr * mh / (vh.sqrt() + eps)).max(0.0);
        }
    }
    scale
}

impl Model {
    /// The n-grams [`Model::scaled`] would keep at scale 1: for [`Params::refit_pruned`].
    fn kept_ngrams(&self, params: &Params) -> HashSet<String> {
        let kept = self.clone().scaled(&[1.0; 5], params);
        kept.ngrams.into_iter().map(|(g, _, _)| g).collect()
    }

    /// The model with stage two's scales applied: each weight times its category's scale (a
    /// mutual signal no less than its floor), the n-grams pruned to [`Params::max_ngrams`].
    fn scaled(mut self, scale: &[f64; 5], params: &Params) -> Model {
        for (k, w) in self.named.iter_mut().enumerate() {
            *w = (*w * scale[cat_index(NAMED[k].2)]).max(params.floors[k]);
        }
        for (_, c, w) in self.ngrams.iter_mut().chain(self.rules.iter_mut()) {
            *w *= scale[cat_index(*c)];
        }
        let heaviest_first =
            |a: &(String, Category, f64), b: &(String, Category, f64)| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0));
        self.ngrams.retain(|(_, _, w)| *w >= 1e-3);
        self.ngrams.sort_by(heaviest_first);
        // Two n-grams with one hash (see [`super::ngrams::HASH_BITS`]) cannot both be kept: the
        // heavier stays. (One n-gram may weigh in two categories.)
        let mut text_of: HashMap<u32, String> = HashMap::new();
        self.ngrams.retain(|(g, _, _)| text_of.entry(super::ngrams::hash(g)).or_insert_with(|| g.clone()) == g);
        self.ngrams.truncate(params.max_ngrams);
        self.rules.retain(|(_, _, w)| *w >= 1e-3);
        self.rules.sort_by(heaviest_first);
        self
    }
}

/// Source-grouped cross-validation: sources are put in `folds` groups ([`fold_assignment`]);
/// each group is scored by a model fitted on the others. Returns each example's held-out
/// score, in input order.
pub fn cross_validate(examples: &[Example], folds: usize, params: &Params) -> Vec<f64> {
    let fold_of = fold_assignment(examples, folds);
    // The folds' fits are independent: one thread each.
    let models: Vec<Model> = std::thread::scope(|scope| {
        let fold_of = &fold_of;
        let handles: Vec<_> = (0..folds)
            .map(|f| {
                scope.spawn(move || {
                    let train: Vec<Example> =
                        examples.iter().filter(|e| fold_of[e.source.as_str()] != f).cloned().collect();
                    fit(&train, params)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a fold's fit does not panic")).collect()
    });
    let indexes: Vec<_> = models.iter().map(Model::index).collect();
    examples
        .iter()
        .map(|e| {
            let f = fold_of[e.source.as_str()];
            models[f].predict_indexed(e, &indexes[f])
        })
        .collect()
}

/// Which fold each source is in: by a hash of its name (FNV-1a), so that a source stays in its
/// fold when others are added. (Until December 2026 sources were dealt out by size, largest
/// first, each to the fold with the fewest messages. That balanced the folds, but adding the
/// 65 messages of round twenty-three moved most sources to another fold, and the AUC of the
/// 4,767 messages already there went from 0.9405 to 0.9368 with nothing else changed: a round's
/// effect could not be told from the reshuffle.)
pub fn fold_assignment(examples: &[Example], folds: usize) -> HashMap<&str, usize> {
    examples.iter().map(|e| (e.source.as_str(), fold_of_source(&e.source, folds))).collect()
}

fn fold_of_source(source: &str, folds: usize) -> usize {
    super::ngrams::fnv1a(source.as_bytes()) as usize % folds.max(1)
}

/// The named feature's weight in a model, by feature.
pub fn named_weight(m: &Model, f: Named) -> f64 {
    m.named[f.index()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(label: Label, source: &str, rules: &[(&'static str, Category)]) -> Example {
        Example {
            named: vec![0.0; NAMED.len()],
            ngrams: Vec::new(),
            allowed: Vec::new(),
            scale: 0.1,
            rules: rules.to_vec(),
            label,
            source: source.to_string(),
        }
    }

    #[test]
    fn a_source_keeps_its_fold_when_sources_are_added_and_every_fold_is_used() {
        let few: Vec<Example> = (0..40).map(|s| example(Label::Mutual, &format!("owner-{s}"), &[])).collect();
        let more: Vec<Example> =
            few.iter().cloned().chain((40..90).map(|s| example(Label::Pitch, &format!("owner-{s}"), &[]))).collect();
        let (before, after) = (fold_assignment(&few, 5), fold_assignment(&more, 5));
        for (source, fold) in &before {
            assert_eq!(after[source], *fold, "{source} moved");
        }
        for f in 0..5 {
            assert!(after.values().any(|&g| g == f), "fold {f} is empty");
        }
    }

    #[test]
    fn a_rule_that_marks_pitches_earns_a_weight_of_its_own_and_one_sources_rule_does_not() {
        let mut train = Vec::new();
        for s in 0..6 {
            let source = format!("source-{s}");
            for _ in 0..4 {
                train.push(example(Label::Pitch, &source, &[("discount-offer", Category::Pitch)]));
                train.push(example(Label::Mutual, &source, &[("gratitude", Category::Mutuality)]));
            }
        }
        // Only one source uses this rule: its wording could be that source's, not the label's.
        for _ in 0..6 {
            train.push(example(Label::Pitch, "source-0", &[("quick-call-ask", Category::Pitch)]));
        }
        let model = fit(&train, &Params::default());
        let weight = |id: &str| model.rules.iter().find(|r| r.0 == id).map(|r| (r.1, r.2));
        let (cat, w) = weight("discount-offer").expect("a weight for the pitch rule");
        assert_eq!(cat, Category::Pitch);
        assert!(w > 0.1, "{w}");
        assert_eq!(weight("gratitude").map(|r| r.0), Some(Category::Mutuality));
        assert_eq!(weight("quick-call-ask"), None);
        let pitch = model.predict(&example(Label::Pitch, "new", &[("discount-offer", Category::Pitch)]));
        let plain = model.predict(&example(Label::Pitch, "new", &[]));
        assert!(pitch < plain - 5.0, "{pitch} against {plain}");
    }

    #[test]
    fn the_ngrams_kept_are_fitted_again_and_take_up_what_the_cut_ones_carried() {
        // Each pitch says two of six pitch phrases, each mutual note two of six of its own: the
        // signal is spread over twelve n-grams, and the budget keeps four.
        let (pitch, mutual) = (
            ["demo", "pricing", "platform", "roi", "onboarding", "upgrade"],
            ["curious", "enjoyed", "admire", "advice", "learned", "insight"],
        );
        let mut train = Vec::new();
        for s in 0..8 {
            for i in 0..6 {
                for (label, words) in [(Label::Pitch, &pitch), (Label::Mutual, &mutual)] {
                    let mut e = example(label, &format!("source-{s}"), &[]);
                    e.ngrams = vec![words[i].to_string(), words[(i + 1 + s % 5) % 6].to_string()];
                    e.allowed = vec![super::super::ngrams::MAY_EARN | super::super::ngrams::MAY_COST; 2];
                    e.scale = 1.0;
                    train.push(e);
                }
            }
        }
        let params = Params { max_ngrams: 4, refit_pruned: true, calibration_folds: 1, ..Params::default() };
        let all = fit_weights(&train, &params, None);
        assert!(all.ngrams.len() > 4, "{:?}", all.ngrams);
        let keep = all.kept_ngrams(&params);
        assert_eq!(keep.len(), 4);
        let again = fit_weights(&train, &params, Some(&keep));
        let weight = |m: &Model, g: &str| m.ngrams.iter().filter(|(h, _, _)| h == g).map(|x| x.2).sum::<f64>();
        assert_eq!(again.ngrams.iter().filter(|(g, _, _)| !keep.contains(g)).count(), 0);
        for g in &keep {
            assert!(
                weight(&again, g) > 1.2 * weight(&all, g),
                "{g}: {} against {}",
                weight(&again, g),
                weight(&all, g)
            );
        }
        // And the shipped fit is that one: only the kept n-grams, with the refitted weights'
        // ranking (stage two scales whole categories).
        let shipped = fit(&train, &params);
        let mut kept: Vec<&String> = shipped.ngrams.iter().map(|(g, _, _)| g).collect();
        kept.sort();
        kept.dedup();
        assert!(kept.len() <= 4 && kept.iter().all(|g| keep.contains(*g)), "{kept:?}");
    }

    #[test]
    fn stage_two_spreads_timid_evidence_into_the_bands_and_one_hopeless_miss_does_not_pull_it_back() {
        let params = Params::default();
        let bias = super::super::intercept(63.0);
        let score = |z: &[f64; 5], s: &[f64; 5]| {
            100.0 * super::super::sigmoid(bias + z[4] * s[4] - (0..4).map(|c| z[c] * s[c]).sum::<f64>())
        };
        // Evidence as weights read it on new sources: mutual notes a little above 63, pitches a
        // little below; neutral messages with none.
        let mut train = Vec::new();
        let mut zs = Vec::new();
        for i in 0..30 {
            let d = 0.005 * i as f64;
            train.push(example(Label::Mutual, "s", &[]));
            zs.push([0.05, 0.0, 0.0, 0.0, 0.1 + d]);
            train.push(example(Label::Pitch, "s", &[]));
            zs.push([0.3 + d, 0.0, 0.0, 0.0, 0.05]);
            train.push(example(Label::Neutral, "s", &[]));
            zs.push([0.0; 5]);
        }
        let scales = fit_scales(&train, &zs, &params);
        let in_band = |scales: &[f64; 5], zs: &[[f64; 5]]| {
            train
                .iter()
                .zip(zs)
                .filter(|(e, z)| match e.label {
                    Label::Mutual => score(z, scales) >= 70.0,
                    Label::Pitch => score(z, scales) < 40.0,
                    _ => false,
                })
                .count()
        };
        assert_eq!(in_band(&[1.0; 5], &zs), 0, "at scale 1 nothing is in its band");
        assert_eq!(in_band(&scales, &zs), 60, "{scales:?}");
        // A neutral message with no evidence stays where a bare draft is.
        assert!((score(&[0.0; 5], &scales) - 63.0).abs() < 1e-9);
        // Mutual notes that read like pitches count as one miss each, not as their squared
        // distance: the scales barely move (with a width so wide that the miss is about the
        // squared distance, they do).
        for _ in 0..3 {
            train.push(example(Label::Mutual, "s", &[]));
            zs.push([0.4, 0.0, 0.0, 0.0, 0.05]);
        }
        let moved = |params: &Params| {
            let with = fit_scales(&train, &zs, params);
            let without = fit_scales(&train[..90], &zs[..90], params);
            (0..5).map(|c| (with[c] / without[c] - 1.0).abs()).fold(0.0, f64::max)
        };
        let (bounded, squared) = (moved(&params), moved(&Params { miss_width: 1e4, ..Params::default() }));
        assert!(bounded < 0.1 && squared > 2.0 * bounded, "bounded {bounded}, squared {squared}");
    }
}
