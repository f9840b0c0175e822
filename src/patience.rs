//! Patience: is this one more note to someone who has not answered? The article's last advice
//! is "don't be impatient" and "don't waste your energy on an unresponsive networker". Overture
//! judges each draft alone; this module adds what only the writer's own history can tell: the
//! earlier notes to the same person, and whether they replied since.
//!
//! Pure and clock-free: the caller passes today's date, so that tests inject dates. The history
//! holds dates only (what the extension keeps per recipient, see PRIVACY.md): never text.

use crate::analyzer::{Evidence, Report};
use crate::catalogue::Category;
use crate::score::Band;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A civil date (proleptic Gregorian), as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

/// What Overture says, with `{nth}` (an ordinal word), `{name}` and `{since}` ("2 November").
/// The extension formats the same words from the generated facts.
pub const MESSAGE: &str = "This is your {nth} note to {name} since {since} with no reply. The article's advice: give it time, or put your energy into people who answer.";

/// Ordinal words for the message, from the first; after them, "11th", "12th"…
pub const ORDINALS: [&str; 10] =
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

/// Month names for the message's dates.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Day {
    /// Reads `YYYY-MM-DD` (anything after it, such as a time, is ignored).
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.get(..10)?;
        let (y, rest) = s.split_once('-')?;
        let (m, d) = rest.split_once('-')?;
        let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Day(days_from_civil(y, m, d)))
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// "2 November" (the year only when it is not `today`'s).
    pub fn human(self, today: Day) -> String {
        let (y, m, d) = civil_from_days(self.0);
        let (ty, _, _) = civil_from_days(today.0);
        let month = MONTHS[(m - 1) as usize];
        if y == ty {
            format!("{d} {month}")
        } else {
            format!("{d} {month} {y}")
        }
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = String::deserialize(d)?;
        Day::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("{} is not a date (YYYY-MM-DD)", crate::config::Quoted(&s)))
        })
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms (public domain), for days since 1970-01-01.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// One earlier message to the recipient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub date: Day,
    /// It was itself a follow-up (follow-up or pressure wording, or no reply since the one before).
    #[serde(default)]
    pub follow_up: bool,
}

/// What is known of one recipient: the dates of earlier messages, and of replies seen.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct History {
    pub sends: Vec<Sent>,
    pub replies: Vec<Day>,
}

/// An earlier note as `--history` may give it: a date, or `{"date": ..., "follow_up": ...}`.
struct SentJson(Sent);

impl<'de> Deserialize<'de> for SentJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SentJson, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SentJson;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD) or {\"date\": ..., \"follow_up\": true|false}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<SentJson, E> {
                let date = Day::parse(s)
                    .ok_or_else(|| E::custom(format!("{} is not a date (YYYY-MM-DD)", crate::config::Quoted(s))))?;
                Ok(SentJson(Sent { date, follow_up: false }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SentJson, A::Error> {
                Sent::deserialize(de::value::MapAccessDeserializer::new(map)).map(SentJson)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Event {
    sent: Option<Day>,
    reply: Option<Day>,
    #[serde(default)]
    follow_up: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryObject {
    #[serde(default)]
    sends: Vec<SentJson>,
    #[serde(default)]
    replies: Vec<Day>,
}

/// The two shapes `--history` accepts: `{"sends": [...], "replies": [...]}`, or one list of
/// events, `[{"sent": "2026-11-02"}, {"reply": "2026-11-05"}, ...]`.
impl<'de> Deserialize<'de> for History {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<History, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = History;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "{\"sends\": [...], \"replies\": [...]} or a list of {\"sent\": date} and {\"reply\": date}",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<History, A::Error> {
                let o = HistoryObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(History { sends: o.sends.into_iter().map(|s| s.0).collect(), replies: o.replies })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<History, A::Error> {
                let mut h = History::default();
                for e in Vec::<Event>::deserialize(de::value::SeqAccessDeserializer::new(seq))? {
                    match (e.sent, e.reply) {
                        (Some(date), None) => h.sends.push(Sent { date, follow_up: e.follow_up }),
                        (None, Some(day)) => h.replies.push(day),
                        _ => return Err(de::Error::custom("each event has exactly one of \"sent\" and \"reply\"")),
                    }
                }
                Ok(h)
            }
        }
        d.deserialize_any(V)
    }
}

/// When to speak up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    /// Earlier notes older than this many days are forgotten.
    pub window_days: u32,
    /// The note number (counting this one) from which Overture says so: 3 = the third note
    /// with no reply in between.
    pub nth: u32,
}

impl Rule {
    /// The note numbers a user may choose (the CLI and the extension's settings check them).
    pub const NTH_RANGE: std::ops::RangeInclusive<u32> = 2..=10;
    /// The windows a user may choose, in days.
    pub const WINDOW_RANGE: std::ops::RangeInclusive<u32> = 7..=365;
}

impl Default for Rule {
    fn default() -> Rule {
        Rule { window_days: 60, nth: 3 }
    }
}

/// This message, seen against the recipient's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Patience {
    /// The earlier notes since the last reply seen (within the window), oldest first.
    pub unanswered: Vec<Day>,
    /// Which note this one would be with no reply in between (1 = the first).
    pub nth: u32,
    /// Whether it reaches the rule's count: the badge and the pre-send panel say so.
    pub warn: bool,
}

fn ordinal(n: u32) -> String {
    match n {
        1..=10 => ORDINALS[(n - 1) as usize].to_string(),
        _ => {
            let suffix = match (n % 10, n % 100) {
                (1, x) if x != 11 => "st",
                (2, x) if x != 12 => "nd",
                (3, x) if x != 13 => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// Counts the notes to this recipient since their last reply, within the window; `warn` from
/// the rule's count on. A reply seen resets the count; future dates are ignored.
pub fn assess(history: &History, today: Day, rule: Rule) -> Patience {
    let since = Day(today.0 - rule.window_days as i32);
    let last_reply = history.replies.iter().copied().filter(|d| *d <= today).max();
    let mut unanswered: Vec<Day> = history
        .sends
        .iter()
        .map(|s| s.date)
        .filter(|d| *d >= since && *d <= today && last_reply.is_none_or(|r| *d > r))
        .collect();
    // A handful of dates: an insertion sort keeps the WebAssembly free of another sort routine.
    for i in 1..unanswered.len() {
        let mut j = i;
        while j > 0 && unanswered[j - 1] > unanswered[j] {
            unanswered.swap(j - 1, j);
            j -= 1;
        }
    }
    let nth = unanswered.len() as u32 + 1;
    let warn = nth >= rule.nth.max(2);
    Patience { unanswered, nth, warn }
}

/// What to tell the writer when `p.warn` (see [`MESSAGE`]); `name` is how the page names the
/// recipient ("them" when unknown).
pub fn message(p: &Patience, today: Day, name: Option<&str>) -> Option<String> {
    let since = p.unanswered.first()?;
    p.warn.then(|| {
        let name = name.filter(|n| !n.trim().is_empty()).unwrap_or("them");
        crate::text::fill(MESSAGE, &[("{nth}", &ordinal(p.nth)), ("{name}", name), ("{since}", &since.human(today))])
    })
}

/// Follow-up and pressure wording to someone who has not answered weighs more: when this note
/// follows unanswered ones, the points its follow-up and pressure findings cost are charged
/// again, to the follow-up part of the score and, once that is empty, to the pressure part,
/// and the evidence says so first.
pub fn weigh(report: &mut Report, patience: &Patience) {
    if patience.unanswered.is_empty() {
        return;
    }
    let cost: f64 = report
        .evidence
        .iter()
        .filter(|e| {
            e.kind == "finding" && matches!(e.category, Category::FollowUp | Category::Pressure) && e.points < 0.0
        })
        .map(|e| -e.points)
        .sum();
    let mut left = cost.round() as u8;
    let mut at = 0;
    for category in [Category::FollowUp, Category::Pressure] {
        let part = report.breakdown.get(category);
        let extra = left.min(part);
        if extra == 0 {
            continue;
        }
        report.breakdown.set(category, part - extra);
        left -= extra;
        // Ahead of the evidence listed largest first: the charge is split between two parts, so
        // each item can be smaller than a phrase's while their sum moved the score most, and the
        // card, which shows the first few, must say why these words cost more than they would
        // to someone new.
        report.evidence.insert(
            at,
            Evidence {
                category,
                points: -f64::from(extra),
                kind: "signal",
                rule: None,
                label: "follow-up wording to someone who has not answered counts double".to_string(),
                start: None,
                end: None,
            },
        );
        at += 1;
    }
    report.score = report.breakdown.total();
    report.band = Band::of(report.score);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn history(sends: &[&str], replies: &[&str]) -> History {
        History {
            sends: sends.iter().map(|d| Sent { date: day(d), follow_up: false }).collect(),
            replies: replies.iter().map(|d| day(d)).collect(),
        }
    }

    #[test]
    fn dates_round_trip_and_read_as_people_write_them() {
        for s in ["1970-01-01", "2000-02-29", "2026-11-02", "1969-12-31", "2100-03-01"] {
            assert_eq!(day(s).iso(), s);
        }
        assert_eq!(day("1970-01-02").0, 1);
        assert_eq!(day("2026-11-02T09:30:00Z"), day("2026-11-02"));
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "02/11/2026", "", "2026-11-3"] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert_eq!(day("2026-11-02").human(day("2026-11-30")), "2 November");
        assert_eq!(day("2025-12-30").human(day("2026-01-04")), "30 December 2025");
    }

    #[test]
    fn the_third_note_without_a_reply_is_named_with_its_dates() {
        let today = day("2026-11-30");
        let h = history(&["2026-11-02", "2026-11-16"], &[]);
        let p = assess(&h, today, Rule::default());
        assert_eq!(p.nth, 3);
        assert!(p.warn);
        assert_eq!(p.unanswered, vec![day("2026-11-02"), day("2026-11-16")]);
        assert_eq!(
            message(&p, today, Some("Dana")).as_deref(),
            Some("This is your third note to Dana since 2 November with no reply. The article's advice: give it time, or put your energy into people who answer.")
        );
        // The first two say nothing.
        assert!(!assess(&history(&[], &[]), today, Rule::default()).warn);
        assert!(!assess(&history(&["2026-11-02"], &[]), today, Rule::default()).warn);
    }

    #[test]
    fn a_reply_resets_the_count() {
        let today = day("2026-11-30");
        let h = history(&["2026-11-02", "2026-11-10", "2026-11-20"], &["2026-11-12"]);
        let p = assess(&h, today, Rule::default());
        assert_eq!(p.unanswered, vec![day("2026-11-20")]);
        assert_eq!(p.nth, 2);
        assert!(!p.warn);
        // A reply dated in the future (a clock gone wrong) resets nothing.
        let later = history(&["2026-11-02", "2026-11-10"], &["2027-01-01"]);
        assert!(assess(&later, today, Rule::default()).warn);
    }

    #[test]
    fn the_window_forgets_old_notes_and_the_count_is_configurable() {
        let today = day("2026-11-30");
        let h = history(&["2026-08-01", "2026-09-15", "2026-11-16"], &[]);
        // 60 days back from 30 November is 1 October: only 16 November counts.
        assert_eq!(assess(&h, today, Rule::default()).unanswered, vec![day("2026-11-16")]);
        let wide = Rule { window_days: 120, nth: 3 };
        assert_eq!(assess(&h, today, wide).nth, 3);
        let strict = Rule { window_days: 60, nth: 2 };
        let p = assess(&h, today, strict);
        assert!(p.warn);
        assert!(message(&p, today, None).unwrap().starts_with("This is your second note to them since 16 November"));
        // A count of 1 would warn on every first note: it means 2.
        assert!(!assess(&history(&[], &[]), today, Rule { window_days: 60, nth: 1 }).warn);
    }

    #[test]
    fn both_history_shapes_are_read() {
        let a: History = serde_json::from_str(
            r#"{"sends": ["2026-11-02", {"date": "2026-11-16", "follow_up": true}], "replies": []}"#,
        )
        .unwrap();
        let b: History =
            serde_json::from_str(r#"[{"sent": "2026-11-02"}, {"sent": "2026-11-16", "follow_up": true}]"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.sends[1], Sent { date: day("2026-11-16"), follow_up: true });
        assert!(serde_json::from_str::<History>(r#"[{"sent": "2026-11-02", "reply": "2026-11-03"}]"#).is_err());
        assert!(serde_json::from_str::<History>(r#"{"sends": ["yesterday"]}"#).is_err());
    }

    #[test]
    fn follow_up_wording_to_someone_silent_weighs_more_and_says_so() {
        let a = crate::Analyzer::new(&crate::Config::default()).unwrap();
        let text = "Hi Dana, just checking in on my note from last week.";
        let alone = a.analyze(text, crate::Channel::Email);
        let today = day("2026-11-30");
        let mut chasing = alone.clone();
        weigh(&mut chasing, &assess(&history(&["2026-11-10"], &[]), today, Rule::default()));
        assert!(chasing.score < alone.score, "{} -> {}", alone.score, chasing.score);
        assert_eq!(chasing.score, chasing.breakdown.total());
        assert!(chasing.evidence.iter().any(|e| e.label.contains("counts double")), "{:?}", chasing.evidence);
        // Where the note's own chasing already emptied the follow-up part, the pressure part
        // pays instead: the second time still costs.
        let mut emptied = alone.clone();
        emptied.breakdown.follow_up = 0;
        emptied.score = emptied.breakdown.total();
        let before = emptied.clone();
        weigh(&mut emptied, &assess(&history(&["2026-11-10"], &[]), today, Rule::default()));
        assert!(emptied.breakdown.pressure < before.breakdown.pressure, "{:?}", emptied.breakdown);
        assert_eq!(emptied.score, emptied.breakdown.total());
        assert!(emptied.evidence.iter().any(|e| e.category == Category::Pressure && e.label.contains("counts double")));
        // The charge comes first, follow-up before pressure, whatever its size: it is why the
        // same words cost more here.
        let mut both = alone.clone();
        both.breakdown.follow_up = 1;
        both.score = both.breakdown.total();
        weigh(&mut both, &assess(&history(&["2026-11-10"], &[]), today, Rule::default()));
        let first: Vec<Category> = both.evidence.iter().take(2).map(|e| e.category).collect();
        assert_eq!(first, [Category::FollowUp, Category::Pressure], "{:?}", both.evidence);
        assert!(both.evidence[..2].iter().all(|e| e.label.contains("counts double")));
        assert!(!both.evidence[2..].iter().any(|e| e.label.contains("counts double")));
        // The same words with a reply since the last note, or with no history: unchanged.
        let mut answered = alone.clone();
        weigh(&mut answered, &assess(&history(&["2026-11-10"], &["2026-11-12"]), today, Rule::default()));
        assert_eq!((answered.score, answered.evidence.len()), (alone.score, alone.evidence.len()));
        // A warm note to someone silent has no follow-up wording to weigh.
        let warm = a.analyze(
            "Hi Dana, loved your talk on soil health. How did you get the council on board?",
            crate::Channel::Email,
        );
        let mut w = warm.clone();
        weigh(&mut w, &assess(&history(&["2026-11-10"], &[]), today, Rule::default()));
        assert_eq!(w.score, warm.score);
    }

    #[test]
    fn ordinals() {
        let got: Vec<_> = [1, 2, 3, 10, 11, 12, 13, 21, 22, 23, 101, 111].iter().map(|n| ordinal(*n)).collect();
        assert_eq!(
            got,
            ["first", "second", "third", "tenth", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]
        );
    }
}
