//! Word 1-, 2- and 3-grams of the author's own text, normalised so that template syntax and
//! numbers teach the model nothing: a placeholder (`{{first_name}}`, `[Company]`) is the token
//! `<ph>`, or `<offer>` when it holds the place of the sender's offer or its proof
//! (`[Product]`, `{{case_study}}`, `[Key metric]`: see `OFFER_SLOT`), every run of digits is
//! `#`, `’` is `'`, and "last" before a week, month, weekday or meeting (or "last time" before
//! "we talked") is a date, `<when> <when>`, that weighs nothing alone (see `PAST_TIME` and
//! `MET`). A bigram or trigram joins words with only spaces between them (no punctuation, no
//! line break). Trigrams were added on 6,743 messages (source-grouped, 2,350 n-grams kept either
//! way): AUC 0.9442 -> 0.9447, pitches in their band 2,128 -> 2,141, mutual notes 1,263 ->
//! 1,261, pushy below mutual 745 -> 743; 524 of the kept n-grams became trigrams ("my last
//! note", "and thought of"), and the card can name a phrase as the writer wrote it.
//!
//! The model keeps n-grams by a 30-bit hash of their normalised text ([`hash`], [`HASH_BITS`]);
//! the fit, which needs the text, builds it with [`normalised`].

use std::ops::Range;

/// One n-gram occurrence: its hash, where it is in the draft (bytes), and which way it may
/// weigh ([`MAY_EARN`], [`MAY_COST`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Ngram {
    pub hash: u32,
    pub span: Range<usize>,
    pub allowed: u8,
}

/// The n-gram may earn mutuality points: it does not overlap a pitch, pressure, chasing or
/// self-focus finding.
pub const MAY_EARN: u8 = 1;
/// The n-gram may cost points: it does not overlap a mutual finding ("happy to help" is an
/// offer, so its "help" does not also count as sales wording, nor "rush at" in "no rush at
/// all" as chasing).
pub const MAY_COST: u8 = 2;

/// Whether an n-gram that may weigh as `allowed` can weigh in a category: earn in mutuality
/// (`mutual`), cost in the others.
pub fn may_weigh(mutual: bool, allowed: u8) -> bool {
    let way = if mutual { MAY_EARN } else { MAY_COST };
    allowed & way != 0
}

/// Which way an n-gram over `span` may weigh, given the findings' spans and whether each is
/// mutual (sorted by start, not overlapping): a catalogue finding is the more precise reading
/// of its words, so wording that shares a word with it cannot weigh against it. (Overlapping,
/// not only inside: a bigram that runs past an easy out, "rush at" of "no rush at all", cost
/// chasing points in mutual notes because sales sequences say it too.)
pub fn allowed(span: &Range<usize>, findings: &[(Range<usize>, bool)]) -> u8 {
    allowed_from(span, findings, &mut 0)
}

/// [`allowed`] for spans that come in order of their start: `from` is where the previous
/// span's search ended, and the search goes on from there (a draft's n-grams come in text
/// order, so the findings are walked once instead of searched for each n-gram).
fn allowed_from(span: &Range<usize>, findings: &[(Range<usize>, bool)], from: &mut usize) -> u8 {
    while *from < findings.len() && findings[*from].0.end <= span.start {
        *from += 1;
    }
    let mut allowed = MAY_EARN | MAY_COST;
    for (f, mutual) in findings[*from..].iter().take_while(|(f, _)| f.start < span.end) {
        debug_assert!(f.end > span.start);
        allowed &= if *mutual { !MAY_COST } else { !MAY_EARN };
    }
    allowed
}

const FNV_OFFSET: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// How many bits of its FNV-1a hash name an n-gram (the high ones, which the multiplications
/// mix best). The weights store each kept hash in about 20 bits (see `rice.rs`), and each bit
/// dropped from the hash saves one of them, 2,350 bits in all. The price is that a phrase the
/// model never weighed may share the hash of one it did: with 2,350 kept n-grams, one in
/// 2^30 / 2,350 ≈ 457,000 distinct n-grams does, so about one 2 KB email (some 550 distinct
/// n-grams) in 830 gets a weight it should not have. Of the corpus's 143,573 distinct n-grams
/// (6,074 messages), 9 pairs share a hash at 30 bits, none of them with a kept n-gram (30 at
/// 28 bits, one of them with a kept n-gram). Two kept n-grams never share a hash: the fit keeps the heavier, and `build.rs`
/// checks.
pub const HASH_BITS: u32 = 30;

/// FNV-1a over normalised n-gram text, cut to [`HASH_BITS`].
pub fn hash(text: &str) -> u32 {
    cut(fnv1a(text.as_bytes()))
}

/// 32-bit FNV-1a: the n-grams' hash before it is cut to [`HASH_BITS`], and what the
/// cross-validation's folds are drawn by (`fit::fold_assignment`).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| (h ^ b as u32).wrapping_mul(FNV_PRIME))
}

/// A full FNV-1a state cut to the [`HASH_BITS`] that name an n-gram.
fn cut(h: u32) -> u32 {
    h >> (32 - HASH_BITS)
}

/// What a word of a template is: its own text, or part of a placeholder of one kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    Text,
    Placeholder,
    /// A placeholder for what the sender sells or the proof of it.
    Offer,
    /// A word of a past time ("last week", "last Tuesday": see `PAST_TIME`).
    When,
}

/// After "last time we" or "last time I", the verbs that make it a date: "last time we talked"
/// opens a reconnect note (the card named its "last" as pressure, -8 points), while "the last
/// time I reached out" chases and keeps its words.
const MET: &[&str] = &["talked", "spoke", "met", "chatted", "caught", "saw", "connected"];

/// What may follow "last" to make it a time: "last week" dates a meeting or a talk, in notes
/// as often as in sales sequences, so neither word is evidence, while "last email" and "last
/// chance" keep their weight. (The model weighed a bare "last" as pressure, and the card
/// named "last" of "we met last month" as a reason.) A meeting ("our last conversation",
/// "since our last chat") is a past time too: the card named "last" of a congratulation note's
/// "during our last conversation" as pressure (-8 points). "last call" stays a word (a
/// deadline), and so does "last time" unless a meeting follows (see `MET`).
const PAST_TIME: &[&str] = &[
    "conversation",
    "conversations",
    "chat",
    "meeting",
    "talk",
    "catch-up",
    "catchup",
    "visit",
    "coffee",
    "lunch",
    "week",
    "month",
    "year",
    "night",
    "weekend",
    "summer",
    "spring",
    "fall",
    "autumn",
    "winter",
    "quarter",
    "semester",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Bytes that fill a template placeholder in the haystack ([`crate::text::prepare`]): a slot
/// for the sender's offer or its audience (see [`slot_of`]), any other placeholder. Patterns
/// read them as `<placeholder>` and `<offer_placeholder>` (see `catalogue/macros.toml`).
pub const OFFER_FILL: u8 = b'q';
pub const PLACEHOLDER_FILL: u8 = b'x';

/// Words that, inside a placeholder, make it a slot for the sender's offer or its proof: a
/// template that leaves room for "[Product]" or "[Result]" is built around what it sells,
/// whoever fills it in. (The seed's pitch: the note is about the writer's offer.)
const OFFER_SLOT: &[&str] = &[
    "product",
    "service",
    "solution",
    "offering",
    "demo",
    "pricing",
    "price",
    "discount",
    "case study",
    "similar compan",
    "competitor",
    "result",
    "outcome",
    "metric",
    "roi",
    "pain point",
    "feature",
    "benefit",
    "value prop",
    "testimonial",
    "customer",
    "client",
    "icp",
    "offer",
];

/// The kind of placeholder whose text is `text` (`case_study` reads as `case study`): an
/// offer slot when an `OFFER_SLOT` word occurs in it, ignoring ASCII case.
pub fn slot_of(text: &str) -> Slot {
    // Every placeholder of every analysis comes here. A substring search per word was a sixth
    // of a 2 KB template's analysis (natively: 22 searches, each set up anew, for each of its
    // two dozen placeholders); one scan, comparing only the words that begin with the byte's
    // letter, costs a few nanoseconds a placeholder.
    // Bit j of BY_LETTER[l] is set when word j of OFFER_SLOT begins with letter l.
    const BY_LETTER: [u32; 26] = {
        let (mut t, mut j) = ([0u32; 26], 0);
        while j < OFFER_SLOT.len() {
            t[(OFFER_SLOT[j].as_bytes()[0] - b'a') as usize] |= 1 << j;
            j += 1;
        }
        t
    };
    let lower = |c: u8| if c == b'_' { b' ' } else { c.to_ascii_lowercase() };
    let b = text.as_bytes();
    let offer = (0..b.len()).any(|i| {
        let c = b[i].to_ascii_lowercase();
        let mut words = if c.is_ascii_lowercase() { BY_LETTER[(c - b'a') as usize] } else { 0 };
        while words != 0 {
            let w = OFFER_SLOT[words.trailing_zeros() as usize].as_bytes();
            if b.len() - i >= w.len() && w.iter().zip(&b[i..]).all(|(&x, &y)| x == lower(y)) {
                return true;
            }
            words &= words - 1;
        }
        false
    });
    if offer {
        Slot::Offer
    } else {
        Slot::Placeholder
    }
}

/// Feeds a word's normalised bytes into `f`.
fn normalise(word: &str, slot: Slot, mut f: impl FnMut(u8)) {
    match slot {
        Slot::Text => {}
        Slot::Placeholder => return b"<ph>".iter().for_each(|&b| f(b)),
        Slot::Offer => return b"<offer>".iter().for_each(|&b| f(b)),
        Slot::When => return b"<when>".iter().for_each(|&b| f(b)),
    }
    let b = word.as_bytes();
    // Most words are plain lowercase letters: stemmed, with nothing to rewrite byte by byte.
    if b.iter().all(u8::is_ascii_lowercase) {
        return b[..plain_stem_len(b)].iter().for_each(|&c| f(c));
    }
    // Any other word keeps every byte (only plain words are stemmed).
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            f(b'#');
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        } else if b[i] == 0xE2 && b[i..].starts_with("\u{2019}".as_bytes()) {
            f(b'\'');
            i += 3;
        } else {
            f(b[i]);
            i += 1;
        }
    }
}

/// How much of a word its stem keeps: a plural's, past tense's or gerund's ending is cut
/// ("helps", "helped" and "helping" are one word to the model), in words of five letters or
/// more whose stem keeps three ("business", "thing" and "need" stay whole). The same text
/// gets the same stem wherever it is, which is all the model needs. (Measured on the
/// third-party corpus, source-grouped: AUC 0.920 -> 0.926; a sales template and a note word
/// the same idea in different forms, and the forms shared no weight.)
fn stem_len(word: &str) -> usize {
    let b = word.as_bytes();
    if b.iter().all(u8::is_ascii_lowercase) {
        plain_stem_len(b)
    } else {
        b.len()
    }
}

/// [`stem_len`] of a word known to be lowercase ASCII letters only.
fn plain_stem_len(b: &[u8]) -> usize {
    if b.len() < 5 || b.ends_with(b"ss") {
        return b.len();
    }
    [&b"ing"[..], b"ed", b"s"]
        .iter()
        .find(|suffix| b.ends_with(suffix) && b.len() - suffix.len() >= 3)
        .map_or(b.len(), |suffix| b.len() - suffix.len())
}

/// Whether only spaces (at least one) lie between bytes `end` and `start` of `hay`: two words
/// so placed make a bigram (no punctuation, no line break between them).
fn spaces_between(hay: &str, end: usize, start: usize) -> bool {
    end < start && hay.as_bytes()[end..start].iter().all(|&c| c == b' ')
}

/// A word's normalised text (for the fit and for reading weights).
pub fn normalised(word: &str, slot: Slot) -> String {
    let mut v = Vec::new();
    normalise(word, slot, |b| v.push(b));
    String::from_utf8_lossy(&v).into_owned()
}

/// The words of the prepared (lowercased) haystack, each with what slot it is in.
pub(crate) struct Words<'a> {
    pub words: Vec<(&'a str, usize, Slot)>,
}

impl<'a> Words<'a> {
    /// `words`: the haystack's words in order (see `signals::words`); `placeholders`: sorted
    /// byte ranges of `source`, the draft as written (the haystack has them masked). Words
    /// inside a catalogue finding count too: the fit weighs the rule and the wording together
    /// (measured: leaving them out cost 0.015 of AUC on the third-party corpus, because how a
    /// sales template words an offer differs from how a note does). The tests' way in; the
    /// analyzer's is [`Words::from_spans`].
    #[cfg(test)]
    pub fn new(
        source: &str,
        words: impl Iterator<Item = (&'a str, usize)>,
        placeholders: &[Range<usize>],
    ) -> Words<'a> {
        Words::with_slots(source, words, placeholders, |p| slot_of(source.get(p.clone()).unwrap_or("")))
    }

    /// [`Words::new`] with the kind of each placeholder given by `slot`.
    fn with_slots(
        hay: &str,
        words: impl Iterator<Item = (&'a str, usize)>,
        placeholders: &[Range<usize>],
        slot: impl Fn(&Range<usize>) -> Slot,
    ) -> Words<'a> {
        // The placeholder the last word was in, and its kind.
        let (mut k, mut kind) = (0, None);
        let mut words: Vec<(&'a str, usize, Slot)> = words
            .map(|(w, at)| {
                while k < placeholders.len() && placeholders[k].end <= at {
                    k += 1;
                    kind = None;
                }
                let slot = match placeholders.get(k) {
                    Some(p) if p.start <= at => *kind.get_or_insert_with(|| slot(p)),
                    _ => Slot::Text,
                };
                (w, at, slot)
            })
            .collect();
        // Whether words `k` and `k + 1` are text with only spaces between them.
        let joined = |words: &[(&str, usize, Slot)], k: usize| {
            let ((a, at, s), (_, at2, t)) = (words[k], words[k + 1]);
            s == Slot::Text && t == Slot::Text && spaces_between(hay, at + a.len(), at2)
        };
        for k in 1..words.len() {
            if words[k - 1].0 != "last" || !joined(&words, k - 1) {
                continue;
            }
            let when = PAST_TIME.contains(&words[k].0)
                || (words[k].0 == "time"
                    && k + 2 < words.len()
                    && joined(&words, k)
                    && joined(&words, k + 1)
                    && matches!(words[k + 1].0, "we" | "i")
                    && MET.contains(&words[k + 2].0));
            if when {
                words[k - 1].2 = Slot::When;
                words[k].2 = Slot::When;
            }
        }
        Words { words }
    }

    /// The words at `spans` (start, length) of `hay`, prepared from the draft by
    /// [`crate::text::prepare`], which has already told each placeholder's kind by the byte it
    /// fills it with (measured: telling it again here was 4% of a 2 KB template's analysis).
    pub fn from_spans(hay: &'a str, spans: &[(usize, usize)], placeholders: &[Range<usize>]) -> Words<'a> {
        // `get`, not indexing, as `text::At` explains (this file is also built into build.rs).
        let words = spans.iter().map(|&(at, len)| (hay.get(at..at + len).expect("word spans on char boundaries"), at));
        Words::with_slots(hay, words, placeholders, |p| {
            if hay.as_bytes().get(p.start) == Some(&OFFER_FILL) {
                Slot::Offer
            } else {
                Slot::Placeholder
            }
        })
    }

    /// Every unigram, bigram and trigram occurrence, in text order, with which way it may weigh given
    /// the findings (see [`allowed`]).
    pub fn ngrams(&self, hay: &str, findings: &[(Range<usize>, bool)]) -> Vec<Ngram> {
        let mut out = Vec::with_capacity(self.words.len() * 2);
        let mut from = 0;
        for (k, &(w, at, ph)) in self.words.iter().enumerate() {
            let mut h = FNV_OFFSET;
            normalise(w, ph, |b| h = (h ^ b as u32).wrapping_mul(FNV_PRIME));
            let span = at..at + w.len();
            out.push(Ngram { hash: cut(h), allowed: allowed_from(&span, findings, &mut from), span });
            // The bigram and trigram that start here, while only spaces part their words.
            let mut end = at + w.len();
            for &(w2, at2, ph2) in self.words.iter().skip(k + 1).take(2) {
                if !spaces_between(hay, end, at2) {
                    break;
                }
                h = (h ^ b' ' as u32).wrapping_mul(FNV_PRIME);
                normalise(w2, ph2, |b| h = (h ^ b as u32).wrapping_mul(FNV_PRIME));
                end = at2 + w2.len();
                let span = at..end;
                out.push(Ngram { hash: cut(h), allowed: allowed_from(&span, findings, &mut from), span });
            }
        }
        out
    }

    /// The normalised text of every distinct unigram, bigram and trigram (for the fit), with which way
    /// it may weigh: an n-gram may earn (or cost) when any of its occurrences may, as in
    /// [`crate::model::score`].
    pub fn ngram_texts(&self, hay: &str, findings: &[(Range<usize>, bool)]) -> Vec<(String, u8)> {
        let mut out: Vec<(String, u8)> = Vec::new();
        for (k, &(w, at, ph)) in self.words.iter().enumerate() {
            let one = normalised(w, ph);
            let (mut text, mut end) = (one.clone(), at + w.len());
            for &(w2, at2, ph2) in self.words.iter().skip(k + 1).take(2) {
                if !spaces_between(hay, end, at2) {
                    break;
                }
                text = format!("{text} {}", normalised(w2, ph2));
                end = at2 + w2.len();
                out.push((text.clone(), allowed(&(at..end), findings)));
            }
            out.push((one, allowed(&(at..at + w.len()), findings)));
        }
        out.sort();
        let mut merged: Vec<(String, u8)> = Vec::with_capacity(out.len());
        for (g, a) in out {
            match merged.last_mut() {
                Some((last, b)) if *last == g => *b |= a,
                _ => merged.push((g, a)),
            }
        }
        merged
    }
}

/// Words that say nothing by themselves: an n-gram made only of these (or of placeholders and
/// numbers) is not kept by the fit. It would weigh on grammar, not on what the message says,
/// and the card could not show it as a reason. Pronouns are not among them: whom a message
/// talks about is what the article asks about. Words are written as [`normalised`] writes them
/// ("anyth" for "anything").
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "did", "do", "does", "for", "from", "had", "has",
    "have", "if", "in", "into", "is", "it", "it's", "its", "of", "on", "or", "so", "than", "that", "the", "then",
    "there", "these", "this", "those", "to", "was", "were", "which", "with", "<ph>", "#", "about", "all", "also",
    "alway", "any", "anyth", "between", "isn't", "just", "no", "not", "out", "really", "some", "up", "very", "<when>",
];

/// Common given names. Templates greet and sign with example names ("Hi Sarah", "Jake"), and a
/// name that happens to recur in one label's sources is not evidence of anything: it is never a
/// weighted phrase. Names that are also common words ("will", "mark", "grace", "frank") are left
/// out.
const GIVEN_NAMES: &[&str] = &[
    "aaron",
    "adam",
    "ahmed",
    "aisha",
    "alan",
    "albert",
    "alex",
    "alexander",
    "alexis",
    "ali",
    "alice",
    "alicia",
    "allison",
    "amanda",
    "amber",
    "amit",
    "amy",
    "ana",
    "andrea",
    "andrew",
    "angela",
    "anna",
    "anne",
    "anthony",
    "arjun",
    "ashley",
    "ava",
    "barbara",
    "ben",
    "benjamin",
    "beth",
    "bob",
    "brad",
    "brandon",
    "brian",
    "brittany",
    "cameron",
    "carlos",
    "carol",
    "caroline",
    "casey",
    "catherine",
    "chad",
    "charles",
    "chen",
    "chloe",
    "chris",
    "christina",
    "christine",
    "christopher",
    "cynthia",
    "dan",
    "dana",
    "daniel",
    "danielle",
    "david",
    "deborah",
    "debra",
    "denise",
    "dennis",
    "derek",
    "diana",
    "diane",
    "diego",
    "donna",
    "dorothy",
    "douglas",
    "dylan",
    "edward",
    "elena",
    "elizabeth",
    "ella",
    "emily",
    "emma",
    "eric",
    "erica",
    "ethan",
    "evan",
    "fatima",
    "gary",
    "george",
    "greg",
    "gregory",
    "hannah",
    "heather",
    "helen",
    "henry",
    "ian",
    "isabella",
    "jack",
    "jacob",
    "jake",
    "james",
    "jamie",
    "jane",
    "janet",
    "jason",
    "jeff",
    "jeffrey",
    "jenna",
    "jennifer",
    "jenny",
    "jeremy",
    "jerry",
    "jessica",
    "jim",
    "jimmy",
    "joan",
    "joe",
    "joel",
    "john",
    "jon",
    "jonathan",
    "jordan",
    "jose",
    "joseph",
    "joshua",
    "joyce",
    "juan",
    "julia",
    "julie",
    "justin",
    "karen",
    "kate",
    "katherine",
    "kathleen",
    "kathryn",
    "kathy",
    "katie",
    "keith",
    "kelly",
    "kenneth",
    "kevin",
    "kim",
    "kimberly",
    "kristen",
    "kyle",
    "larry",
    "laura",
    "lauren",
    "leo",
    "lily",
    "linda",
    "lisa",
    "liz",
    "logan",
    "luca",
    "lucas",
    "lucy",
    "luis",
    "madison",
    "marco",
    "marcus",
    "maria",
    "marie",
    "marilyn",
    "martha",
    "martin",
    "mary",
    "matt",
    "matthew",
    "maya",
    "meg",
    "megan",
    "melissa",
    "mia",
    "michael",
    "michelle",
    "miguel",
    "mike",
    "mohamed",
    "nancy",
    "natalie",
    "nathan",
    "neha",
    "nicholas",
    "nick",
    "nicole",
    "nina",
    "noah",
    "olivia",
    "omar",
    "pamela",
    "patricia",
    "patrick",
    "paul",
    "pedro",
    "peter",
    "pooja",
    "priya",
    "rachel",
    "rahul",
    "raj",
    "ravi",
    "rebecca",
    "richard",
    "riley",
    "rob",
    "robert",
    "ryan",
    "sam",
    "samantha",
    "sandra",
    "sanjay",
    "sara",
    "sarah",
    "scott",
    "sean",
    "sharon",
    "shirley",
    "sofia",
    "sophia",
    "sophie",
    "stephanie",
    "stephen",
    "steve",
    "steven",
    "sue",
    "susan",
    "tammy",
    "tara",
    "taylor",
    "teresa",
    "thomas",
    "tim",
    "timothy",
    "tom",
    "tyler",
    "victoria",
    "virginia",
    "walter",
    "wei",
    "william",
    "yuki",
    "zachary",
    "zoe",
];

/// The particles of surnames ("van der Berg", "von Trapp"): like a given name, part of whom a
/// template happens to address, not of what it says (the fit had made "van der" a mutual
/// phrase, from two sources' signatures).
const SURNAME_PARTICLES: &[&str] = &["van", "der", "von", "den"];

/// Whether a word is a link or part of an address ("https://…", "www.…", "gmail.com"): like a
/// name, it says where a signature or a citation points, not how the note treats its reader.
/// (The fit had made "gmail.com" a mutual phrase worth 2.5, from senders' own addresses, and a
/// DOI another.)
fn address(w: &str) -> bool {
    const DOMAINS: &[&str] = &[".com", ".org", ".net", ".io", ".co", ".edu", ".gov", ".ai", ".dev", ".app", ".uk"];
    w.contains("://")
        || w.contains('@')
        || w.starts_with("www.")
        || DOMAINS.iter().any(|d| w.ends_with(d) && w.len() > d.len())
}

/// The label of a template's header line ("Subject: …"): the compose box's body never holds it,
/// and in the corpus it only says which templates were written out with their subject line.
/// The fit had made "subject" a pressure phrase worth 2.3, so a note pasted with its subject
/// line read "Pressure: 'Subject'". Not weighing it costs 0.0012 of cross-validated AUC (6,778
/// messages: 0.9456 -> 0.9444, 10 more pitches and 2 fewer mutual notes in band): the corpus's
/// sales templates are written out with their subject line more often, which says nothing about
/// the note. What the subject says ("Re:", "following up") is still weighed.
const HEADER_WORDS: &[&str] = &["subject"];

/// Whether a normalised n-gram says something by itself: not only [`STOPWORDS`], and no given
/// name ([`GIVEN_NAMES`]), surname particle ([`SURNAME_PARTICLES`]), [`address`] or
/// [`HEADER_WORDS`].
pub fn informative(ngram: &str) -> bool {
    let name = |w: &str| GIVEN_NAMES.iter().any(|n| n.get(..stem_len(n)) == Some(w)) || SURNAME_PARTICLES.contains(&w);
    ngram.split(' ').any(|w| !STOPWORDS.contains(&w))
        && !ngram.split(' ').any(|w| name(w) || address(w) || HEADER_WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_alone_are_never_weighed() {
        // The card would name them as reasons ("pressure: 'no'"); in a bigram with a word that
        // says something they stay.
        for w in ["no", "really", "anything", "always", "between", "just"] {
            assert!(!informative(&normalised(w, Slot::Text)), "{w}");
        }
        for g in ["no pressure", "just bump", "really enjoy"] {
            assert!(informative(g), "{g}");
        }
    }

    #[test]
    fn a_header_line_is_never_weighed() {
        for g in ["subject", "subject quick"] {
            assert!(!informative(g), "{g}");
        }
        assert!(informative("quick question"));
    }

    #[test]
    fn links_and_addresses_are_never_weighed() {
        for g in ["gmail.com", "at gmail.com", "https://doi.org/#.#/zenodo.#", "www.acme", "dana@acme", "acme.io"] {
            assert!(!informative(g), "{g}");
        }
        for g in ["e.g", "#.#", "com", "dot com", "your work"] {
            assert!(informative(g), "{g}");
        }
    }

    #[test]
    fn given_names_are_never_weighed() {
        for g in ["jake", "sarah", "jame", "hi david", "thoma", "van der", "der"] {
            assert!(!informative(g), "{g}");
        }
        for g in ["mark", "will", "grace", "coffee chat", "the"] {
            assert_eq!(informative(g), g != "the", "{g}");
        }
    }

    #[test]
    fn hashes_of_occurrences_equal_hashes_of_texts() {
        let hay = "hi xxxxxxxxxxxxxx, i'd love 15 minutes.  thanks so much";
        let ph: Vec<Range<usize>> = std::iter::once(3..17).collect();
        let words = Words::new(hay, crate::signals::words(hay), &ph[..]);
        let texts: Vec<String> = words.ngram_texts(hay, &[]).into_iter().map(|(t, _)| t).collect();
        for t in [
            "<ph>",
            "i'd love",
            "love #",
            "# minute",
            "thank so",
            "so much",
            "i'd love #",
            "love # minute",
            "thank so much",
        ] {
            assert!(texts.contains(&t.to_string()), "{t} in {texts:?}");
        }
        // No bigram or trigram across a comma or a period.
        assert!(!texts
            .iter()
            .any(|t| t == "<ph> i'd" || t == "minute thanks" || t == "# minute thanks" || t == "<ph> i'd love"));
        assert!(!texts.iter().any(|t| t.split(' ').count() > 3), "{texts:?}");
        let hashes: Vec<u32> = words.ngrams(hay, &[]).iter().map(|n| n.hash).collect();
        for t in &texts {
            assert!(hashes.contains(&hash(t)), "{t}");
        }
        assert_eq!(hashes.len(), texts.len(), "no duplicates in this text");
        assert!(hashes.iter().all(|&h| h < 1 << HASH_BITS));
    }

    #[test]
    fn last_as_a_date_is_no_evidence_and_last_as_a_chaser_still_is() {
        let hay = "we met last week. per my last email, last  month. since our last conversation, last call. \
                   last time we talked, you were moving. the last time i reached out";
        let words = Words::new(hay, crate::signals::words(hay), &[]);
        let texts: Vec<String> = words.ngram_texts(hay, &[]).into_iter().map(|(t, _)| t).collect();
        for t in [
            "<when>",
            "met <when>",
            "<when> <when>",
            "last",
            "my last",
            "last email",
            "our <when>",
            "last call",
            "<when> we",
            "the last",
            "last time",
        ] {
            assert!(texts.contains(&t.to_string()), "{t} in {texts:?}");
        }
        // "last week" is a date: neither word weighs alone, nor do both together.
        assert!(!informative("<when>") && !informative("<when> <when>") && informative("met <when>"));
        // Spaces do not part a date any more than they part a bigram; a comma does.
        assert!(!texts.iter().any(|t| t == "last month" || t == "month" || t == "our last"), "{texts:?}");
        // "last time" before "we talked" is a date; before "i reached out" it is not.
        assert!(!texts.iter().any(|t| t == "time we") && texts.iter().any(|t| t == "time i"), "{texts:?}");
        let hashes: Vec<u32> = words.ngrams(hay, &[]).iter().map(|n| n.hash).collect();
        assert!(hashes.contains(&hash("met <when>")) && !hashes.contains(&hash("last week")));
    }

    #[test]
    fn a_placeholder_for_the_offer_is_its_own_token() {
        let hay = "hi {{first_name}}, we help [similar company] with [product name].";
        let ph: Vec<Range<usize>> = vec![3..17, 27..44, 50..64];
        let words = Words::new(hay, crate::signals::words(hay), &ph[..]);
        let texts: Vec<String> = words.ngram_texts(hay, &[]).into_iter().map(|(t, _)| t).collect();
        for t in ["<ph>", "<offer>", "<offer> <offer>"] {
            assert!(texts.contains(&t.to_string()), "{t} in {texts:?}");
        }
        assert_eq!(slot_of("[calendly link]"), Slot::Placeholder);
        assert_eq!(slot_of("{{case_study_url}}"), Slot::Offer);
        // The same as a substring search for each word, ignoring ASCII case.
        let naive = |t: &str| {
            let t: String = t.chars().map(|c| if c == '_' { ' ' } else { c.to_ascii_lowercase() }).collect();
            if OFFER_SLOT.iter().any(|w| t.contains(w)) {
                Slot::Offer
            } else {
                Slot::Placeholder
            }
        };
        for t in [
            "",
            "[",
            "[Product]",
            "[PRODUCT NAME]",
            "{{Case_Study}}",
            "[case  study]",
            "[similar companies]",
            "[heroic]",
            "[Résumé rOi]",
            "[ro]",
            "[Value_Prop]",
            "[valu prop]",
            "{{first_name}}",
            "[Their company]",
            "[clientèle]",
            "[cliën]",
            "[metri]",
            "<customer>",
            "[pain-point]",
            "[pain point]",
            "[ÉDEMO]",
            "[dem\u{f6}]",
        ] {
            assert_eq!(slot_of(t), naive(t), "{t}");
        }
    }

    /// Which way the occurrence of `g` in `hay` may weigh, given the findings.
    fn allowed_at(hay: &str, findings: &[(Range<usize>, bool)], g: &str) -> u8 {
        let words = Words::new(hay, crate::signals::words(hay), &[]);
        words.ngrams(hay, findings).into_iter().find(|n| &hay[n.span.clone()] == g).map(|n| n.allowed).unwrap()
    }

    #[test]
    fn wording_inside_a_finding_cannot_weigh_against_it() {
        // "happy to help" is a mutual finding (bytes 0..13), "book a demo" a pitch one.
        let hay = "happy to help, book a demo, or help me";
        let findings = [(0..13, true), (15..26, false)];
        assert_eq!(allowed_at(hay, &findings, "happy to"), MAY_EARN);
        assert_eq!(allowed_at(hay, &findings, "demo"), MAY_COST);
        assert_eq!(allowed_at(hay, &findings, "or help"), MAY_EARN | MAY_COST);
        // Distinct n-grams may weigh either way when any occurrence may ("help" is also free).
        let texts = Words::new(hay, crate::signals::words(hay), &[]).ngram_texts(hay, &findings);
        let of = |g: &str| texts.iter().find(|(t, _)| t == g).map(|&(_, a)| a).unwrap();
        assert_eq!(of("help"), MAY_EARN | MAY_COST);
        assert_eq!(of("happy"), MAY_EARN);
        assert_eq!(of("demo"), MAY_COST);
    }

    #[test]
    fn wording_that_shares_a_word_with_a_finding_cannot_weigh_against_it() {
        // "no rush" is a mutual finding (bytes 0..7), "quick call" a pitch one (21..31).
        let hay = "no rush at all for a quick call";
        let findings = [(0..7, true), (21..31, false)];
        assert_eq!(&hay[21..31], "quick call");
        assert_eq!(allowed_at(hay, &findings, "rush at"), MAY_EARN);
        assert_eq!(allowed_at(hay, &findings, "at all"), MAY_EARN | MAY_COST);
        assert_eq!(allowed_at(hay, &findings, "a quick"), MAY_COST);
        assert_eq!(allowed_at(hay, &findings, "call"), MAY_COST);
        // A bigram across a mutual and a pitch finding weighs neither way.
        assert_eq!(allowed_at(hay, &[(0..7, true), (8..10, false)], "rush at"), 0);
    }

    #[test]
    fn word_forms_share_a_stem_and_short_or_unusual_words_stay_whole() {
        for (word, stem) in [
            ("helps", "help"),
            ("helped", "help"),
            ("helping", "help"),
            ("teams", "team"),
            ("minutes", "minute"),
            ("business", "business"),
            ("thing", "thing"),
            ("needs", "need"),
            ("bring", "bring"),
            ("company's", "company's"),
        ] {
            assert_eq!(normalised(word, Slot::Text), stem, "{word}");
        }
    }

    #[test]
    fn curly_apostrophes_read_as_straight_ones() {
        assert_eq!(normalised("i\u{2019}d", Slot::Text), "i'd");
        assert_eq!(normalised("2024-ready", Slot::Text), "#-ready");
    }
}
