//! Structural signals computed over the whole message: whom it talks about, what it asks and
//! offers, whether it shouts, and how long it is for its channel. They feed the score and, where
//! a span can be shown, a finding.

use crate::catalogue::{Category, Signal, STRUCTURAL};
use crate::config::Channel;
use crate::engine::Automaton;
use crate::facts::NOTE_CHARS;
use crate::text::{positions, sentence_end, sentence_start, sentences, At, ByteBits, ByteTable, Prepared, BLANK};
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
    /// Question marks in the author's own text, whomever the questions ask.
    pub question_marks: usize,
    /// Prices and amounts of money.
    pub money: usize,
    /// Percentages ("30%", "40 %") and multiples ("3x", "2.5x"): how results are claimed.
    pub metrics: usize,
    /// Words in ALL CAPS (four letters or more).
    pub caps_words: usize,
    /// Sentences that open with what "we" do ("We help…", "We've built…"): the company's
    /// voice, not a person's.
    pub company_voice: usize,
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
    STRUCTURAL.iter().position(|r| r.id == id).expect("structural rule exists")
}

/// The "can you introduce me…" requests, compiled by `build.rs` from `signals.toml`.
fn asks() -> &'static Automaton {
    static ASK: OnceLock<Automaton> = OnceLock::new();
    ASK.get_or_init(|| Automaton::from_static(&crate::catalogue::ASK))
}

/// Whom a (lowercased) word refers to; "I'm", "we’ve" count by the part before the apostrophe.
fn refers(word: &str) -> Refers {
    let b = word.as_bytes();
    // Most words are settled by their first letter.
    if !matches!(b.first(), Some(b'i' | b'm' | b'w' | b'u' | b'o' | b'y')) {
        return Refers::Other;
    }
    let head = match b.iter().position(|&c| c == b'\'' || c == 0xe2) {
        Some(k) => &b[..k],
        None => b,
    };
    match head {
        b"i" | b"me" | b"my" | b"mine" | b"myself" | b"we" | b"us" | b"our" | b"ours" | b"ourselves" => Refers::Writer,
        b"you" | b"your" | b"yours" | b"yourself" | b"yourselves" | b"u" | b"ur" => Refers::Reader,
        _ => Refers::Other,
    }
}

/// Spans that count against the draft, for "does this range overlap one" in O(log n).
struct NegativeSpans {
    starts: Vec<usize>,
    /// `max_end[i]`: the largest end among the first `i + 1` spans (sorted by start).
    max_end: Vec<usize>,
}

impl NegativeSpans {
    fn new(claimed: &[Claimed]) -> NegativeSpans {
        let mut spans: Vec<&Range<usize>> =
            claimed.iter().filter(|c| c.category.is_negative()).map(|c| &c.span).collect();
        crate::order::sort_by_key(&mut spans, |r| r.start as u64);
        let mut max = 0;
        let max_end = spans
            .iter()
            .map(|r| {
                max = max.max(r.end);
                max
            })
            .collect();
        NegativeSpans { starts: spans.iter().map(|r| r.start).collect(), max_end }
    }

    fn overlaps(&self, r: &Range<usize>) -> bool {
        let n = self.starts.partition_point(|&s| s < r.end);
        n > 0 && self.max_end[n - 1] > r.start
    }
}

/// Words in one paragraph, and how many of them refer to the writer and to the reader.
#[derive(Clone, Default)]
struct ParagraphCounts {
    words: usize,
    writer: usize,
    reader: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Refers {
    Writer,
    Reader,
    Other,
}

/// Words that make an amount of money the reader's to keep ("$20 for your time", "a $50 gift
/// card", "an honorarium of $500"): a thank-you for their time is a give-back, not a price.
const PAID_TO_READER: &[&[u8]] =
    &[b"gift card", b"for your time", b"as a thank", b"thank-you", b"honorarium", b"stipend", b"compensat"];

/// Words in a `${…}` slot that make it an amount.
const AMOUNT_SLOTS: &[&str] = &["price", "amount", "cost", "fee", "budget", "rate", "salary", "value", "total"];

/// Whether the currency sign in `first..=last` stands beside an amount: digits after it or
/// before it ("$49", "$ 49", "45€", "45 €"), or a template's slot for one ("$[AMOUNT]",
/// "${{price}}", "$X00"). A `$` before a word is a template's variable ("$friendname") or
/// code ("$this->name"), not money, and so is a JavaScript template's `${firstName}`: after
/// `${`, only a slot that names an amount counts ("${price}"). In the corpus, `${name}` and
/// `${companyName}` had made 4 mutual notes cost as prices.
fn names_an_amount(text: &[u8], first: usize, last: usize) -> bool {
    let after = |k: usize| text.get(last + k).copied();
    let before = |k: usize| first.checked_sub(k).map(|i| text[i]);
    let digit = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_digit());
    let slot = || match after(1) {
        Some(b'{') if after(2) != Some(b'{') => {
            let slot = &text[last + 2..text.len().min(last + 24)];
            let name = &slot[..slot.iter().position(|&c| c == b'}').unwrap_or(slot.len())];
            AMOUNT_SLOTS.iter().any(|w| name.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w.as_bytes())))
        }
        Some(b'[' | b'{' | b'<' | b'(' | b'X') => true,
        _ => false,
    };
    digit(after(1))
        || (after(1) == Some(b' ') && digit(after(2)))
        || slot()
        || digit(before(1))
        || (before(1) == Some(b' ') && digit(before(2)))
}

/// Whether the currency sign at `at` is in a sentence that pays the reader for their time.
fn pays_the_reader(hay: &str, at: usize) -> bool {
    let sentence = &hay.as_bytes()[sentence_start(hay, at, 40)..sentence_end(hay, at, 48)];
    PAID_TO_READER.iter().any(|p| sentence.windows(p.len()).any(|x| x == *p))
}

/// Computes the signals and the structural findings of a prepared draft, in time linear in
/// its length (plus a logarithm per sentence).
/// `words` are the haystack's [`words`] as (start, length), read once for the signals and the
/// score model's n-grams alike.
pub(crate) fn compute(
    prep: &Prepared,
    words: &[(usize, usize)],
    original: &str,
    claimed: &[Claimed],
    channel: Channel,
) -> (Signals, Vec<StructuralHit>) {
    let hay = prep.haystack.as_str();
    let mut s = Signals::default();
    let mut hits = Vec::new();

    let hb = hay.as_bytes();
    let ob = original.as_bytes();
    // One pass over the words. Per paragraph it counts words and references; it keeps where
    // the reader is named (for questions) and the words in capitals.
    let paras = paragraphs(hay);
    let mut para_counts = vec![ParagraphCounts::default(); paras.len()];
    let mut reader_at: Vec<usize> = Vec::new();
    let mut caps: Vec<Range<usize>> = Vec::new();
    let mut p = 0;
    for (w, at) in words.iter().map(|&(at, len)| (hay.at(at..at + len), at)) {
        s.words += 1;
        if matches!(w.as_bytes(), [b'h', b't', b't', b'p', ..] | [b'w', b'w', b'w', ..]) {
            s.links += 1;
        }
        let refers = refers(w);
        match refers {
            Refers::Writer => s.self_refs += 1,
            Refers::Reader => {
                s.other_refs += 1;
                reader_at.push(at);
            }
            Refers::Other => {}
        }
        let span = at..at + w.len();
        if w.len() >= 4 && ob[at].is_ascii_uppercase() && ob[span.clone()].iter().all(u8::is_ascii_uppercase) {
            caps.push(span);
        }
        while p < paras.len() && paras[p].end <= at {
            p += 1;
        }
        if let Some(c) = para_counts.get_mut(p).filter(|_| paras[p].start <= at) {
            c.words += 1;
            c.writer += (refers == Refers::Writer) as usize;
            c.reader += (refers == Refers::Reader) as usize;
        }
    }
    // UTF-16 length of the author's own text (blanked bytes are one unit each).
    s.chars = own_utf16_units(ob, hb);
    // '$', '€' (E2 82 AC) and '£' (C2 A3) beside an amount, unless the amount is the reader's
    // to keep. (`i` is the sign's last byte.)
    s.money = positions(hb, b'$')
        .map(|i| (i, i))
        .chain(positions(hb, 0xac).filter(|&i| i >= 2 && hb[i - 2..i] == [0xe2, 0x82]).map(|i| (i - 2, i)))
        .chain(positions(hb, 0xa3).filter(|&i| i >= 1 && hb[i - 1] == 0xc2).map(|i| (i - 1, i)))
        .filter(|&(first, last)| names_an_amount(ob, first, last) && !pays_the_reader(hay, last))
        .count();
    s.metrics = positions(hb, b'%')
        .filter(|&i| {
            let d = if i >= 2 && hb[i - 1] == b' ' { i - 1 } else { i };
            d >= 1 && hb[d - 1].is_ascii_digit()
        })
        .count()
        + words
            .iter()
            .filter(|&&(at, len)| {
                let w = &hb[at..at + len];
                w.len() >= 2
                    && w[w.len() - 1] == b'x'
                    && w[..w.len() - 1].iter().all(|c| c.is_ascii_digit() || *c == b'.')
                    && w[0].is_ascii_digit()
            })
            .count();
    s.offers = claimed.iter().filter(|c| c.signal == Some(Signal::Offer)).count();

    let negative = NegativeSpans::new(claimed);
    let asks: Vec<Range<usize>> = asks().find_all(hay).into_iter().map(|(_, r)| r).collect();
    // Questions: only the sentences that end in '?' are looked at, and not those that ask a
    // favour for the writer ("Could you refer me for the role?", "…review my resume?"), which
    // is an ask, not curiosity about them ("Could you share how you got started?" still is).
    let mut asked: Vec<Range<usize>> = Vec::new();
    for q in positions(hb, b'?') {
        s.question_marks += 1;
        if hb.get(q + 1).is_some_and(|&c| c == b'?' || c == b'!') {
            continue; // "??" is counted once, at its last mark
        }
        let sent = crate::text::sentence_start(hay, q, 400)..q + 1;
        let names_reader = reader_at.get(reader_at.partition_point(|&r| r < sent.start)).is_some_and(|&r| r < sent.end);
        // The asks are in text order and do not overlap, so those in the sentence are found by
        // a binary search, not by reading every ask for every question.
        let favour = || {
            let from = asks.partition_point(|a| a.end <= sent.start);
            asks[from..].iter().take_while(|a| a.start < sent.end).any(|a| for_the_writer(hay, words, a, sent.end))
        };
        if names_reader && !negative.overlaps(&sent) && !favour() {
            s.questions += 1;
            asked.push(sent);
        }
    }
    // Curiosity about them said as a statement ("I'd love to hear how you approached the
    // redesign.") is a question about them too: the article's "interested and curious" does
    // not need a question mark. 236 of the 334 mutual notes below the mutual band had paid for
    // "no question about them", many of them with such a sentence.
    s.questions += claimed
        .iter()
        .filter(|c| {
            c.signal == Some(Signal::Question) && !asked.iter().any(|q| q.start < c.span.end && c.span.start < q.end)
        })
        .count();

    s.asks = asks.len();
    if s.offers == 0 {
        if let Some(first) = asks.into_iter().find(|a| !negative.overlaps(a)) {
            hits.push(StructuralHit { rule: structural("ask-without-offer"), span: first });
        }
    }

    shouting(hay, original, &caps, &mut s, &mut hits);
    company_voice(hay, &mut s, &mut hits);
    for (para, c) in paras.iter().zip(&para_counts) {
        if c.words >= 30 && c.writer >= 5 && c.reader == 0 {
            if let Some(first) = sentences(hay.at(para.clone())).into_iter().next() {
                let span = para.start + first.start..para.start + first.end;
                hits.push(StructuralHit { rule: structural("self-focused-paragraph"), span });
            }
        }
    }

    if channel == Channel::LinkedinNote && s.chars > NOTE_CHARS {
        // Counted over the draft's own characters (the prepared copy turns a no-break space
        // into two ASCII spaces, so its character boundaries are not the draft's).
        let mut units = 0;
        let cut = original
            .char_indices()
            .find(|&(i, c)| {
                if hay.as_bytes()[i] != BLANK {
                    units += c.len_utf16();
                }
                units > NOTE_CHARS
            })
            .map(|(i, _)| i);
        let end = own_end(hay);
        if let Some(cut) = cut.filter(|&c| c < end) {
            hits.push(StructuralHit { rule: structural("note-over-limit"), span: cut..end });
        }
    }
    (s, hits)
}

/// UTF-16 length of the draft's own text: the draft's characters whose bytes the prepared
/// copy did not blank (summed in 8-bit lanes, like `utf16_units`).
fn own_utf16_units(original: &[u8], hay: &[u8]) -> usize {
    original
        .chunks(127)
        .zip(hay.chunks(127))
        .map(|(o, h)| {
            o.iter()
                .zip(h)
                .fold(0u8, |n, (&c, &m)| n + (m != BLANK) as u8 * ((c & 0xc0 != 0x80) as u8 + (c >= 0xf0) as u8))
                as usize
        })
        .sum()
}

/// End of the author's own text (before any trailing blanked part), trimmed.
fn own_end(hay: &str) -> usize {
    hay.trim_end_matches(|c: char| c == BLANK as char || c.is_whitespace()).len()
}

/// Paragraphs: runs of text separated by a blank line.
fn paragraphs(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in positions(s.as_bytes(), b'\n') {
        if s.at(i + 1..).trim_start_matches([' ', '\t']).starts_with('\n') && i >= start {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..s.len());
    out.retain(|r| !s.at(r.clone()).trim().is_empty());
    out
}

/// Words (letters, digits, inner apostrophes; a URL is one word) with their byte offsets.
pub(crate) fn words(s: &str) -> impl Iterator<Item = (&str, usize)> {
    let b = s.as_bytes();
    // Jumps from word to word through bit masks (see `ByteBits`): a start is an ASCII letter
    // or digit, or a non-ASCII character checked below; a run goes on through the bytes that continue one (`WORD_BYTES`).
    let [may_start, inner] = ByteBits::sets(b, &WORD_BYTES);
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            i = may_start.next_set(i)?;
            if b[i] < 0x80 || is_alnum_at(s, i) {
                break;
            }
            i += 1;
        }
        let start = i;
        while i < b.len() {
            i = inner.next_clear(i);
            let Some(&c) = b.get(i) else { break };
            if c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            } else if c >= 0x80 {
                match s.at(i..).chars().next() {
                    Some(ch) if ch.is_alphanumeric() || ch == '\u{2019}' => i += ch.len_utf8(),
                    _ => break,
                }
            } else {
                break;
            }
        }
        let mut end = i;
        loop {
            if end > start && matches!(b[end - 1], b'\'' | b'.' | b':' | b'/' | b'-') {
                end -= 1;
            } else if end >= start + 3 && b[end - 3..end] == *"\u{2019}".as_bytes() {
                end -= 3;
            } else {
                break;
            }
        }
        Some((s.at(start..end), start))
    })
}

/// Per byte: bit 0 if it may start a word (an ASCII letter or digit, or the lead byte of a
/// non-ASCII character, which starts one when the character is alphanumeric); bit 1 if it
/// continues one: ASCII letters, digits, and `'` `_` `/` `:` `-` (inner apostrophes, URLs,
/// hyphenated words; trailing ones are trimmed off).
pub(crate) const WORD_BYTES: ByteTable<2> = ByteTable::new({
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let start = b.is_ascii_alphanumeric() || c >= 0xc0;
        let inner = b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'_' | b'/' | b':' | b'-');
        t[c] = start as u8 | (inner as u8) << 1;
        c += 1;
    }
    t
});

fn is_alnum_at(s: &str, i: usize) -> bool {
    s.get(i..).and_then(|rest| rest.chars().next()).is_some_and(char::is_alphanumeric)
}

/// Runs of ALL CAPS words in the author's own text (`caps`: its words of four capitals or
/// more, in order): two or more such words in a row, within a sentence. One word alone is
/// not shouting: in the corpus it was an acronym or a name ("CONACYT", "PATHFAST") or a
/// template's bare placeholder ("FIRSTNAME", "LOCATION") as often in mutual and neutral notes
/// as in pitches; nor is a run that makes a line by itself without ending a sentence, which is a
/// heading ("NEXT STEPS").
fn shouting(hay: &str, original: &str, caps: &[Range<usize>], s: &mut Signals, hits: &mut Vec<StructuralHit>) {
    s.caps_words = caps.len();
    let mut k = 0;
    while k < caps.len() {
        let mut j = k;
        while j + 1 < caps.len() && hay.at(caps[j].end..caps[j + 1].start).bytes().all(|c| c == b' ' || c == b',') {
            j += 1;
        }
        let (start, end) = (caps[k].start, caps[j].end);
        // Each side is read only up to the line break or the first thing that is not a
        // heading's (a lower-case letter or a sentence end: "WHY THIS MATTERS FOR CS
        // STUDENTS:", "1. PERSONAL INFORMATION", "📌 NO ACTION NEEDED IF YOU'VE ALREADY
        // UPDATED"), so a text without line breaks costs no more than one with them.
        let before_is_bare = || heading_so_far(original.as_bytes(), start);
        let after_is_bare = || {
            original.as_bytes()[end..]
                .iter()
                .take_while(|&&c| c != b'\n')
                .all(|c| !c.is_ascii_lowercase() && !matches!(c, b'.' | b'!' | b'?'))
        };
        let heading = || before_is_bare() && after_is_bare();
        if j > k && !heading() && !caps_slot(original.as_bytes(), start, end, &caps[k..=j]) {
            hits.push(StructuralHit { rule: structural("shouting"), span: start..end });
        }
        k = j + 1;
    }
}

/// Whether an ask (`ask`, a match of the ask signal) is for the writer: "me" or "my" among
/// the draft's `words` in it or in the two words after it, within its sentence (which ends at
/// `end`).
fn for_the_writer(hay: &str, words: &[(usize, usize)], ask: &Range<usize>, end: usize) -> bool {
    let first = words.partition_point(|&(at, _)| at < ask.start);
    let mut after = 0;
    words[first..]
        .iter()
        .take_while(|&&(at, _)| {
            after += (at >= ask.end) as usize;
            at < end && after <= 2
        })
        .any(|&(at, len)| matches!(hay.at(at..at + len), "me" | "my"))
}

/// Whether the line before `at` could be a heading's start: no lower-case letter and no
/// sentence end. Read back at most 120 bytes (a longer line is not a heading), so that a paste
/// in capitals with no line breaks costs no more than one in lower case.
#[inline(never)]
fn heading_so_far(b: &[u8], at: usize) -> bool {
    for (n, &c) in b[..at].iter().rev().enumerate() {
        if c == b'\n' {
            return true;
        }
        // A list's number ("2. ") is not a sentence end.
        let numbered = c == b'.' && b[..at - n - 1].last().is_some_and(u8::is_ascii_digit);
        if n >= 120 || c.is_ascii_lowercase() || (matches!(c, b'.' | b'!' | b'?') && !numbered) {
            return false;
        }
    }
    true
}

/// Words that make a run of capitals a template's slot to fill ("YOUR NAME", "ADD MEETUP LINK",
/// "INSERT DATE", "DATE TIME", "MONTH YEAR").
const SLOT_WORDS: &[&[u8]] = &[b"NAME", b"NAMES", b"LINK", b"INSERT", b"DATE", b"MONTH"];

/// A run of capitals (`b[start..end]`, its words `words`) that is not shouting but a template's
/// slot or a label: in brackets ("(CUSTOMER NAME)", "[ INSERT LINK TO SURVEY ]"), naming what
/// to fill in ("MENTOR NAME"), or a label opening its line ("WHY THIS MATTERS:", "WHAT I COULD
/// SHARE:", "INVITE CODE: 4411"). With the wider heading test in [`shouting`], 42 of the 54
/// runs that the corpus had flagged as shouting are no longer flagged, most of them in
/// templates that people check. (Not inlined: in `compute` it cost 650 B more gzip.)
#[inline(never)]
fn caps_slot(b: &[u8], start: usize, end: usize, words: &[Range<usize>]) -> bool {
    // The nearest byte on each side that is not more of the same capitals, figures and spaces.
    let other = |c: &&u8| !(c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, b' ' | b',' | b'\'' | b'-'));
    let before = b[..start].iter().rev().take(120).find(other);
    let after = b[end..].iter().take(120).find(other);
    // Inside a square bracket or a brace on either side, over line breaks and other words
    // ("[SPECIFIC REASONS TIED TO PERSONAL BACKGROUND & PROFESSIONAL\nHISTORY]", "[*COURSE
    // WEBSITE*]").
    let bracket = |c: &&u8| matches!(c, b'[' | b']' | b'{' | b'}');
    let inside = matches!(
        (b[..start].iter().rev().take(200).find(bracket), b[end..].iter().take(200).find(bracket)),
        (Some(b'[' | b'{'), Some(b']' | b'}'))
    );
    // A label opening its line, after nothing but decoration ("⏰ **IDEA SUBMISSION DEADLINE:").
    let opens_line =
        || b[..start].iter().rev().take(120).take_while(|&&c| c != b'\n').all(|c| !c.is_ascii_alphabetic());
    // (A square bracket right on each side is `inside` already.)
    inside
        || matches!((before, after), (Some(b'('), Some(b')')))
        || (after == Some(&b':') && opens_line())
        || words.iter().any(|w| b.get(w.clone()).is_some_and(|word| SLOT_WORDS.contains(&word)))
}

/// What a company says it does, after an opening "we" (and an auxiliary or an adverb): the
/// verbs of a vendor's self-description ("We help…", "We've built…", "We're working with…",
/// "We recently launched…"). A person's "we" is mostly elsewhere ("We met…", "We both…",
/// "We just moved…", "We could grab coffee"), so a list of what companies do is more precise
/// than a list of what people do (measured: 1 mutual note in 209 against 3 with exclusions).
/// "We're building…" and "we're working on…" are left to the phrase rules, which want the
/// customers it is for: a founder's or a hobbyist's project is not a pitch by itself.
const COMPANY_VERBS: &[&str] = &[
    "help",
    "helps",
    "helped",
    "helping",
    "partner",
    "partnered",
    "partnering",
    "build",
    "built",
    "create",
    "created",
    "design",
    "develop",
    "developed",
    "provide",
    "offer",
    "offering",
    "sell",
    "specialize",
    "specialise",
    "specialized",
    "specialised",
    "deliver",
    "enable",
    "automate",
    "automated",
    "solve",
    "solved",
    "launch",
    "launched",
    "launching",
    "ship",
    "shipped",
    "shipping",
    "released",
    "published",
    "analyzed",
    "analysed",
    "surveyed",
    "run",
    "running",
    "power",
    "serve",
    "make",
    "believe",
    "understand",
    "focus",
    "focused",
    "focusing",
    "guarantee",
    "seeing",
];

/// Words between "we" and its verb that do not change what it says.
const WE_FILLERS: &[&str] =
    &["are", "have", "were", "been", "just", "recently", "currently", "already", "also", "now", "finally"];

/// Sentences that open with what "we" do ("We help SaaS teams…", "At Acme, we've built…",
/// "We're working on…", "We are a…"): the voice of a company describing itself, which is how a
/// vendor's note reads and how a person's seldom does. (Measured on the third-party corpus:
/// such openers are in a quarter of the pitches and in 1 mutual note in 209.) The finding
/// covers "we" and the word after it.
fn company_voice(hay: &str, s: &mut Signals, hits: &mut Vec<StructuralHit>) {
    let rule = structural("company-voice");
    for sent in sentences(hay) {
        let text = hay.at(sent.clone());
        // Past bullets and quote marks; then past an "At Acme, " that names the company.
        let mut at = text.find(|c: char| c.is_ascii_alphanumeric()).unwrap_or(text.len());
        let lead = text.at(at..);
        if lead.starts_with("at ") || lead.starts_with("here at ") {
            if let Some(comma) = text.as_bytes()[at..].windows(2).position(|w| w == b", ").filter(|&k| k <= 40) {
                at += comma + 2;
            }
        }
        // Most sentences are settled here, before their words are read.
        let rest = text.at(at..);
        if !rest.starts_with("we") {
            continue;
        }
        let mut ws = words(rest);
        let Some((first, 0)) = ws.next() else { continue };
        // "we", "we're", "we've" (either apostrophe); `are` when "we're".
        let mut are = match first.strip_prefix("we").map(|t| t.trim_start_matches(['\'', '\u{2019}'])) {
            Some("") => false,
            Some("re") if first.len() > 4 => true,
            Some("ve") if first.len() > 4 => false,
            _ => continue,
        };
        let next: Vec<(&str, usize)> = ws.take(5).collect();
        let mut k = 0;
        // "We are a…", "We're an…": a company introducing itself.
        while k < next.len() && WE_FILLERS.contains(&next[k].0) {
            are |= next[k].0 == "are";
            k += 1;
        }
        let Some(&(verb, _)) = next.get(k) else { continue };
        let said = COMPANY_VERBS.contains(&verb)
            || (verb == "work" && next.get(k + 1).is_some_and(|&(w, _)| w == "with" || w == "closely"))
            || (are && matches!(verb, "a" | "an" | "the"));
        if !said {
            continue;
        }
        s.company_voice += 1;
        let (word, w_at) = next[0];
        let start = sent.start + at;
        hits.push(StructuralHit { rule, span: start..start + w_at + word.len() });
    }
}
