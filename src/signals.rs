//! Structural signals computed over the whole message: whom it talks about, what it asks and
//! offers, whether it shouts, and how long it is for its channel. They feed the score and, where
//! a span can be shown, a finding.

use crate::catalogue::{Category, Signal, STRUCTURAL};
use crate::config::Channel;
use crate::text::{sentences, Prepared, BLANK};
use regex_automata::meta::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::OnceLock;

/// Counts that describe the message as a whole.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Signals {
    /// Words of the author's own text.
    pub words: usize,
    /// Length of the author's own text in UTF-16 code units (what LinkedIn counts).
    pub chars: usize,
    /// I, me, my, we, us, our… (and their contractions).
    pub self_refs: usize,
    /// You, your, yours…
    pub other_refs: usize,
    /// Questions addressed to the reader that are not sales or pressure asks.
    pub questions: usize,
    /// Requests for a favour (an introduction, a review, a referral…).
    pub asks: usize,
    /// Offers to give (introductions, help, resources).
    pub offers: usize,
    /// Links in the text.
    pub links: usize,
    /// Prices and amounts of money.
    pub money: usize,
    /// Words in ALL CAPS (four letters or more).
    pub caps_words: usize,
}

/// A structural finding before it becomes a [`crate::Finding`].
#[derive(Debug)]
pub(crate) struct StructuralHit {
    pub rule: usize,
    pub span: Range<usize>,
}

/// A span of the draft already claimed by a phrase rule, as the signals need it.
pub(crate) struct Claimed {
    pub category: Category,
    pub signal: Option<Signal>,
    pub span: Range<usize>,
}

fn structural(id: &str) -> usize {
    STRUCTURAL
        .iter()
        .position(|r| r.id == id)
        .expect("structural rule exists")
}

fn ask_regex() -> &'static Regex {
    static ASK: OnceLock<Regex> = OnceLock::new();
    ASK.get_or_init(|| {
        let verbs = "introduce|connect|refer|recommend|send|share|review|forward|intro|put in a (?:good )?word|vouch|endorse|look over|give me|get me|pass (?:on|along) my";
        let p = format!(
            r"(?-u:\b)(?:(?:can|could|would|will|may) you(?: please| kindly)? (?:{verbs})|(?:please|kindly) (?:{verbs})|(?:would|could) i ask you to)(?-u:\b)"
        )
        .replace(' ', r"[ \t\r\n\x{a0}]+");
        Regex::new(&p).expect("ask pattern compiles")
    })
}

const SELF_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
];
const OTHER_WORDS: &[&str] = &["you", "your", "yours", "yourself", "yourselves", "u", "ur"];

/// Computes the signals and the structural findings of a prepared draft.
pub(crate) fn compute(
    prep: &Prepared,
    original: &str,
    claimed: &[Claimed],
    channel: Channel,
) -> (Signals, Vec<StructuralHit>) {
    let hay = prep.haystack.as_str();
    let mut s = Signals::default();
    let mut hits = Vec::new();

    for (word, _) in words(hay) {
        s.words += 1;
        let head = word.split(['\'', '\u{2019}']).next().unwrap_or(word);
        if SELF_WORDS.contains(&head) {
            s.self_refs += 1;
        } else if OTHER_WORDS.contains(&head) {
            s.other_refs += 1;
        }
        if word.starts_with("http") || word.starts_with("www") {
            s.links += 1;
        }
    }
    s.chars = hay
        .char_indices()
        .filter(|&(i, _)| hay.as_bytes()[i] != BLANK)
        .map(|(_, c)| c.len_utf16())
        .sum::<usize>();
    s.money = hay.bytes().filter(|&b| b == b'$').count() + hay.matches(['€', '£']).count();
    s.offers = claimed
        .iter()
        .filter(|c| c.signal == Some(Signal::Offer))
        .count();

    let overlaps_negative = |r: &Range<usize>| {
        claimed
            .iter()
            .any(|c| c.category.is_negative() && c.span.start < r.end && r.start < c.span.end)
    };
    for sent in sentences(hay) {
        let text = &hay[sent.clone()];
        if text.ends_with('?')
            && words(text).any(|(w, _)| OTHER_WORDS.contains(&w))
            && !overlaps_negative(&sent)
        {
            s.questions += 1;
        }
    }

    let asks: Vec<Range<usize>> = ask_regex().find_iter(hay).map(|m| m.range()).collect();
    s.asks = asks.len();
    if s.offers == 0 {
        if let Some(first) = asks.into_iter().find(|a| !overlaps_negative(a)) {
            hits.push(StructuralHit {
                rule: structural("ask-without-offer"),
                span: first,
            });
        }
    }

    shouting(original, hay, &mut s, &mut hits);
    self_focused_paragraphs(hay, &mut hits);

    if channel == Channel::LinkedinNote && s.chars > 300 {
        let mut units = 0;
        let cut = hay
            .char_indices()
            .find(|&(i, c)| {
                if hay.as_bytes()[i] != BLANK {
                    units += c.len_utf16();
                }
                units > 300
            })
            .map(|(i, _)| i);
        let end = own_end(hay);
        if let Some(cut) = cut.filter(|&c| c < end) {
            hits.push(StructuralHit {
                rule: structural("note-over-limit"),
                span: cut..end,
            });
        }
    }
    (s, hits)
}

/// End of the author's own text (before any trailing blanked part), trimmed.
fn own_end(hay: &str) -> usize {
    hay.trim_end_matches(|c: char| c == BLANK as char || c.is_whitespace())
        .len()
}

/// Words (letters, digits and inner apostrophes) with their byte offsets.
fn words(s: &str) -> impl Iterator<Item = (&str, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len()
            && !(b[i].is_ascii_alphanumeric()
                || b[i] >= 0x80 && s.is_char_boundary(i) && is_letter_at(s, i))
        {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() {
            if b[i].is_ascii_alphanumeric()
                || b[i] == b'\''
                || b[i] == b'_'
                || b[i] == b'/'
                || b[i] == b':'
                || b[i] == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_alphanumeric()
            {
                i += 1;
            } else if b[i] >= 0x80 {
                let c = s[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() || c == '\u{2019}' {
                    i += c.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let w = s[start..i].trim_end_matches(['\'', '.', ':', '/']);
        Some((w, start))
    })
}

fn is_letter_at(s: &str, i: usize) -> bool {
    s[i..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Runs of ALL CAPS words in the author's own text: two or more words of four letters or more,
/// or one word of seven letters or more (shorter ones are usually acronyms).
fn shouting(original: &str, hay: &str, s: &mut Signals, hits: &mut Vec<StructuralHit>) {
    let caps: Vec<Range<usize>> = words(hay)
        .map(|(w, at)| at..at + w.len())
        .filter(|r| {
            let w = &original[r.clone()];
            w.len() >= 4
                && w.bytes().all(|c| c.is_ascii_uppercase())
                && hay.as_bytes()[r.start] != BLANK
        })
        .collect();
    s.caps_words = caps.len();
    let mut k = 0;
    while k < caps.len() {
        let mut j = k;
        while j + 1 < caps.len()
            && hay[caps[j].end..caps[j + 1].start]
                .bytes()
                .all(|c| c == b' ' || c == b',')
        {
            j += 1;
        }
        if j > k || caps[k].len() >= 7 {
            hits.push(StructuralHit {
                rule: structural("shouting"),
                span: caps[k].start..caps[j].end,
            });
        }
        k = j + 1;
    }
}

/// A paragraph of 30+ words with five or more self-references and none to the reader.
fn self_focused_paragraphs(hay: &str, hits: &mut Vec<StructuralHit>) {
    let mut start = 0;
    let bytes = hay.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let para_end = i == bytes.len()
            || (bytes[i] == b'\n'
                && hay[i + 1..]
                    .trim_start_matches([' ', '\t', '\r'])
                    .starts_with('\n'));
        if para_end {
            let para = &hay[start..i];
            let (mut n, mut me, mut you) = (0, 0, 0);
            for (w, _) in words(para) {
                n += 1;
                let head = w.split(['\'', '\u{2019}']).next().unwrap_or(w);
                me += SELF_WORDS.contains(&head) as usize;
                you += OTHER_WORDS.contains(&head) as usize;
            }
            if n >= 30 && me >= 5 && you == 0 {
                if let Some(first) = sentences(para).into_iter().next() {
                    hits.push(StructuralHit {
                        rule: structural("self-focused-paragraph"),
                        span: start + first.start..start + first.end,
                    });
                }
            }
            start = i + 1;
        }
        i += 1;
    }
}
