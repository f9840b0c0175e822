//! The mutuality score: 0–100, the sum of five parts, one per category, each earned out of a
//! maximum. A part is full when nothing in its category counts against the draft, so the
//! breakdown says exactly where points went: `pitch 6/35` means the pitch cost 29 points.
//!
//! Every part is a smooth function of weighted evidence (severity weights, pronoun ratios with
//! pseudo-counts), so a neutral edit moves the score by a point or two, not across a band, and a
//! 200-character note still gets a meaningful score.

use crate::catalogue::{Category, Severity, Signal};
use crate::config::{Channel, Config};
use crate::signals::Signals;
use serde::{Serialize, Serializer};

/// The most each category can contribute; they add up to 100.
pub const MAX: [(Category, u8); 5] = [
    (Category::Pitch, 35),
    (Category::Pressure, 20),
    (Category::SelfFocus, 15),
    (Category::FollowUp, 10),
    (Category::Mutuality, 20),
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

    fn set(&mut self, c: Category, v: u8) {
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
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(5))?;
        for c in Category::ALL {
            m.serialize_entry(c.id(), &self.get(c))?;
        }
        m.end()
    }
}

/// What the score needs to know of one finding.
pub struct Evidence {
    pub category: Category,
    pub severity: Severity,
    pub signal: Option<Signal>,
}

/// Scores a draft from its findings and signals.
pub fn score(evidence: &[Evidence], s: &Signals, channel: Channel, config: &Config) -> Breakdown {
    let weight =
        |c: Category| -> f64 { evidence.iter().filter(|e| e.category == c).map(|e| e.severity.weight()).sum() };
    // Prices and amounts of money are sales talk even where no phrase rule names them.
    let pitch_w = weight(Category::Pitch) + 0.25 * s.money.min(3) as f64;
    let follow_w = weight(Category::FollowUp);
    let mut parts = [0f64; 5];

    parts[0] = (-1.1 * pitch_w).exp();
    // Chasing is impatience too ("Don't be impatient"), so it also weighs on pressure.
    parts[1] = (-0.9 * (weight(Category::Pressure) + 0.5 * follow_w)).exp();

    // Whom the message is about, with pseudo-counts so that a short note is not judged on a
    // single pronoun: 0.5 is balanced, 1.0 is only about the writer.
    let ratio = (s.self_refs as f64 + 1.5) / ((s.self_refs + s.other_refs) as f64 + 3.0);
    let balance = ((0.85 - ratio) / 0.3).clamp(0.0, 1.0);
    let asks_alone = if s.asks > 0 && s.offers == 0 { 0.85 } else { 1.0 };
    let ideal_words = match channel {
        Channel::Email => 200.0,
        Channel::LinkedinMessage => 150.0,
        Channel::LinkedinNote => f64::INFINITY,
    };
    let length = (1.0 - (s.words as f64 - ideal_words).max(0.0) / 600.0).max(0.6);
    // "Did I come across as interested in only one thing…pushing my product or service?":
    // pitching is the strongest kind of self-focus, whatever the pronouns say.
    let pushing = (-0.5 * pitch_w).exp();
    parts[2] = (0.35 + 0.65 * balance) * asks_alone * length * pushing * (-0.8 * weight(Category::SelfFocus)).exp();

    parts[3] = (-1.2 * follow_w).exp();

    // Mutual signals count for less in a message that pitches or presses ("thanks for your
    // time" under a demo request, or before "reply ASAP", is still a demand on the reader).
    let questions = 0.35 * (s.questions.min(3) as f64);
    let pressing = weight(Category::Pressure) + 0.5 * follow_w;
    let m = (weight(Category::Mutuality) + questions) * (-0.35 * (pitch_w + pressing)).exp();
    parts[4] = 1.0 - (-0.8 * m).exp();

    let mut b = Breakdown::default();
    for (k, &(c, max)) in MAX.iter().enumerate() {
        let earned = if config.category_enabled(c) { parts[k].clamp(0.0, 1.0) } else { 1.0 };
        b.set(c, (earned * max as f64).round() as u8);
    }
    b
}
