//! The mutuality score: 0–100, the sum of five parts, one per category, each out of a maximum.
//! A negative category's part is full when nothing counts against the draft, and mutuality's
//! part is earned by evidence, so the breakdown says exactly where points went: `pitch 6/30`
//! means 24 points were lost there, to the pitch's own evidence or, where another category's
//! evidence took more than its own maximum, to that evidence (the report's `evidence` names
//! which). The parts come from the fitted model (see [`crate::model`]); this module names the
//! bands and keeps the breakdown exact.

use crate::catalogue::Category;
use serde::{Serialize, Serializer};

/// The most each category can contribute; they add up to 100. They are part of the fitted
/// model (`[maxima]` in `src/model/weights.toml`): the negative categories start full and lose
/// points to evidence, mutuality starts empty and earns them.
pub const MAX: [(Category, u8); 5] = [
    (Category::Pitch, crate::model::MAXIMA[0]),
    (Category::Pressure, crate::model::MAXIMA[1]),
    (Category::SelfFocus, crate::model::MAXIMA[2]),
    (Category::FollowUp, crate::model::MAXIMA[3]),
    (Category::Mutuality, crate::model::MAXIMA[4]),
];

/// The most a category can contribute.
pub fn max_for(c: Category) -> u8 {
    MAX.iter().find(|(k, _)| *k == c).map(|&(_, m)| m).unwrap_or(0)
}

/// How the draft reads, from the total score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 70 and above: reads as mutual.
    Mutual,
    /// 40–69: leans one-sided.
    OneSided,
    /// Under 40: reads like a pitch.
    Pitch,
}

impl Band {
    /// The band of a total score.
    pub fn of(score: u8) -> Band {
        match score {
            70.. => Band::Mutual,
            40..=69 => Band::OneSided,
            _ => Band::Pitch,
        }
    }

    /// The band's id in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Band::Mutual => "mutual",
            Band::OneSided => "one_sided",
            Band::Pitch => "pitch",
        }
    }

    /// What the band means, for people.
    pub fn label(self) -> &'static str {
        match self {
            Band::Mutual => "reads as mutual",
            Band::OneSided => "leans one-sided",
            Band::Pitch => "reads like a pitch",
        }
    }
}

/// What the draft reads as, in words: its band, except that under 40 it names what cost the
/// most points. A note that chases or presses is not "a pitch", and saying so would teach the
/// writer to distrust the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Mutual,
    OneSided,
    Pitch,
    Pressure,
    Chasing,
    AboutYou,
}

impl Verdict {
    /// Every verdict, for the generated TypeScript.
    pub const ALL: [Verdict; 6] =
        [Verdict::Mutual, Verdict::OneSided, Verdict::Pitch, Verdict::Pressure, Verdict::Chasing, Verdict::AboutYou];

    /// The verdict of a score's band and of the points each negative category's evidence cost
    /// (`lost`): under 40, the category whose evidence cost the most (the pitch on a tie). What
    /// evidence cost beyond its category's maximum comes off other parts of the breakdown (see
    /// `model::logistic_shares`), so the verdict is read from the evidence, not the parts.
    pub fn of(band: Band, lost: impl Fn(Category) -> f64) -> Verdict {
        match band {
            Band::Mutual => Verdict::Mutual,
            Band::OneSided => Verdict::OneSided,
            Band::Pitch => {
                [
                    (Category::Pitch, Verdict::Pitch),
                    (Category::Pressure, Verdict::Pressure),
                    (Category::FollowUp, Verdict::Chasing),
                    (Category::SelfFocus, Verdict::AboutYou),
                ]
                .into_iter()
                .fold((0.0, Verdict::Pitch), |best, (c, v)| if lost(c) > best.0 { (lost(c), v) } else { best })
                .1
            }
        }
    }

    /// The verdict's id in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Mutual => "mutual",
            Verdict::OneSided => "one_sided",
            Verdict::Pitch => "pitch",
            Verdict::Pressure => "pressure",
            Verdict::Chasing => "chasing",
            Verdict::AboutYou => "about_you",
        }
    }

    /// What the draft reads as, for people.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Mutual => Band::Mutual.label(),
            Verdict::OneSided => Band::OneSided.label(),
            Verdict::Pitch => Band::Pitch.label(),
            Verdict::Pressure => "reads as pressure",
            Verdict::Chasing => "reads as chasing",
            Verdict::AboutYou => "reads as all about you",
        }
    }
}

/// Points earned per category; they add up to the score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Breakdown {
    pub pitch: u8,
    pub pressure: u8,
    pub self_focus: u8,
    pub follow_up: u8,
    pub mutuality: u8,
}

impl Breakdown {
    /// The points of one category.
    pub fn get(&self, c: Category) -> u8 {
        match c {
            Category::Pitch => self.pitch,
            Category::Pressure => self.pressure,
            Category::SelfFocus => self.self_focus,
            Category::FollowUp => self.follow_up,
            Category::Mutuality => self.mutuality,
        }
    }

    /// Sets the points of one category.
    pub(crate) fn set(&mut self, c: Category, v: u8) {
        match c {
            Category::Pitch => self.pitch = v,
            Category::Pressure => self.pressure = v,
            Category::SelfFocus => self.self_focus = v,
            Category::FollowUp => self.follow_up = v,
            Category::Mutuality => self.mutuality = v,
        }
    }

    /// The total score: the sum of the parts.
    pub fn total(&self) -> u8 {
        Category::ALL.iter().map(|&c| self.get(c)).sum()
    }
}

impl Serialize for Breakdown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Breakdown", 5)?;
        for c in Category::ALL {
            m.serialize_field(c.id(), &self.get(c))?;
        }
        m.end()
    }
}

/// Points some categories gave up to other categories' evidence. Evidence that costs more
/// than its own category's maximum (a hard pitch costs more than pitch's 33) takes the rest
/// from what mutuality earned and then from the other categories, so those bars say nothing
/// about their own category: the breakdown shows these points apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Taken {
    /// Whose evidence took them, the one that took most first.
    pub by: Vec<Category>,
    /// Whole points taken from each category; each fits beside its part of the breakdown.
    pub points: Breakdown,
}

/// Rounds the points [`crate::model::Shares::taken`] to whole points that fit beside each
/// rounded part of `breakdown`, with the categories whose evidence took them (`over`, as in
/// [`crate::model::Shares::over`]), or `None` if no point is left. Both in [`Category::ALL`]
/// order.
pub fn taken(taken: &[f64; 5], over: &[f64; 5], breakdown: &Breakdown) -> Option<Taken> {
    let mut points = Breakdown::default();
    for (k, &(c, max)) in MAX.iter().enumerate() {
        points.set(c, (taken[k].round() as u8).min(max - breakdown.get(c)));
    }
    // The takers, largest first; one that took under a fifth of the points (self-focus's
    // evidence, a point over its 3, beside a pitch's 30) is not worth naming.
    let overflow: f64 = over.iter().sum();
    let mut left = *over;
    let mut by = Vec::new();
    loop {
        let k = (0..5).fold(0, |a, j| if left[j] > left[a] { j } else { a });
        if left[k] <= 0.0 || !by.is_empty() && left[k] < 0.2 * overflow {
            break;
        }
        by.push(Category::ALL[k]);
        left[k] = 0.0;
    }
    (points.total() > 0).then_some(Taken { by, points })
}

/// Rounds the model's parts (out of [`MAX`], in [`Category::ALL`] order) to whole points
/// that add up to the rounded total (largest remainders first), so the breakdown is exact.
pub fn breakdown(parts: &[f64; 5]) -> Breakdown {
    let total = parts.iter().sum::<f64>().round().clamp(0.0, 100.0) as i32;
    let mut whole: Vec<i32> = parts.iter().map(|p| p.floor() as i32).collect();
    // Largest remainder first.
    let mut order: Vec<usize> = (0..5).collect();
    crate::order::sort_by_key(&mut order, |&k| ((1.0 - (parts[k] - parts[k].floor())) * 1e9) as u64);
    let mut missing = total - whole.iter().sum::<i32>();
    for &k in order.iter().cycle().take(10) {
        if missing == 0 {
            break;
        }
        let step = missing.signum();
        if whole[k] + step >= 0 && whole[k] + step <= MAX[k].1 as i32 {
            whole[k] += step;
            missing -= step;
        }
    }
    let mut b = Breakdown::default();
    for (k, &(c, _)) in MAX.iter().enumerate() {
        b.set(c, whole[k].clamp(0, MAX[k].1 as i32) as u8);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_names_what_cost_most_under_forty_and_the_band_above() {
        // Points the evidence cost per category (pitch, pressure, self-focus, follow-up); the
        // last, mutuality earned, never decides.
        let lost = |pitch: f64, pressure: f64, self_focus: f64, follow_up: f64, _mutuality: f64| {
            move |c: Category| match c {
                Category::Pitch => pitch,
                Category::Pressure => pressure,
                Category::SelfFocus => self_focus,
                Category::FollowUp => follow_up,
                Category::Mutuality => 0.0,
            }
        };
        // Per my last email…: pressure emptied, the pitch barely touched.
        assert_eq!(Verdict::of(Band::Pitch, lost(6.0, 20.0, 2.0, 0.0, 0.0)), Verdict::Pressure);
        assert_eq!(Verdict::of(Band::Pitch, lost(28.0, 5.0, 2.0, 0.0, 4.0)), Verdict::Pitch);
        assert_eq!(Verdict::of(Band::Pitch, lost(0.0, 0.0, 5.0, 0.0, 0.0)), Verdict::AboutYou);
        assert_eq!(Verdict::of(Band::Pitch, lost(0.0, 0.0, 0.0, 5.0, 0.0)), Verdict::Chasing);
        // A note that only presses, hard: its pressure took more than pressure's maximum, and
        // the rest came off the pitch part; the evidence, not the emptier part, names it.
        assert_eq!(Verdict::of(Band::Pitch, lost(0.0, 50.0, 0.0, 0.0, 0.0)), Verdict::Pressure);
        // A tie goes to the pitch; nothing lost at all (a bare draft) reads as the band says.
        assert_eq!(Verdict::of(Band::Pitch, lost(5.0, 5.0, 0.0, 0.0, 0.0)), Verdict::Pitch);
        assert_eq!(Verdict::of(Band::Pitch, lost(0.0, 0.0, 0.0, 0.0, 0.0)), Verdict::Pitch);
        // Above 40 the band speaks, whatever cost most.
        assert_eq!(Verdict::of(Band::OneSided, lost(0.0, 20.0, 0.0, 0.0, 10.0)), Verdict::OneSided);
        assert_eq!(Verdict::of(Band::Mutual, lost(0.0, 0.0, 0.0, 0.0, 20.0)), Verdict::Mutual);
        assert_eq!(Verdict::Pressure.label(), "reads as pressure");
    }

    #[test]
    fn taken_points_fit_beside_the_rounded_parts_and_name_only_takers_worth_naming() {
        // A hard pitch (pitch's evidence 40 over its 33, self-focus's 0.4 over its 3) emptied
        // pressure and chasing and took mutuality's 6.
        let parts = [0.0, 0.3, 0.0, 0.0, 0.0];
        let over = [40.0, 0.0, 0.4, 0.0, 0.0];
        let b = breakdown(&parts);
        let t = taken(&[0.0, 24.7, 0.0, 2.0, 6.0], &over, &b).expect("points taken");
        assert_eq!(t.by, vec![Category::Pitch], "self-focus took under a fifth");
        assert_eq!((t.points.pressure, t.points.follow_up, t.points.mutuality, t.points.pitch), (25, 2, 6, 0));
        for (c, max) in MAX {
            assert!(b.get(c) + t.points.get(c) <= max, "{c:?}");
        }
        // A part rounded up leaves room only for what fits: 24.6 taken beside 0.6 kept.
        let b = breakdown(&[0.0, 0.6, 0.0, 0.0, 0.0]);
        let t = taken(&[0.0, 24.6, 0.0, 0.0, 0.0], &[9.0, 0.0, 0.0, 0.0, 0.0], &b).unwrap();
        assert_eq!((b.pressure, t.points.pressure), (1, 24));
        // Two takers of similar weight are both named, the larger first; a third that took a
        // tenth is not.
        let t = taken(&[20.0, 0.0, 0.0, 0.0, 0.0], &[0.0, 3.0, 0.8, 4.0, 0.0], &breakdown(&[0.0; 5])).unwrap();
        assert_eq!(t.by, vec![Category::FollowUp, Category::Pressure]);
        // Nothing taken, or less than half a point: no `taken` at all.
        assert_eq!(taken(&[0.0; 5], &[0.0; 5], &breakdown(&[33.0, 25.0, 3.0, 2.0, 0.0])), None);
        assert_eq!(taken(&[0.0, 0.4, 0.0, 0.0, 0.0], &[1.0, 0.0, 0.0, 0.0, 0.0], &breakdown(&[0.0; 5])), None);
    }
}
