//! The text model: what in a draft is the author's own, and how byte offsets map to UTF-16.
//!
//! The analyzer works on an ASCII-lowercased copy of the draft (`to_ascii_lowercase` keeps every
//! byte offset), in which text that is not the author's own (quoted replies, forwarded headers,
//! signatures) is blanked and template placeholders are replaced by a neutral word of the same
//! length (`xxx…`, or `qqq…` for a slot of the sender's offer). Offsets found in that copy are
//! offsets in the original.

mod bits;
mod offsets;
mod own_text;

pub(crate) use bits::{find_byte, positions, ByteBits, ByteTable};

/// For the WebAssembly tests: whether the byte tables' 16-lane lookups give the byte-by-byte
/// bits on `bytes` (see `bits::tables_agree`).
#[doc(hidden)]
pub fn byte_tables_agree(bytes: &[u8]) -> bool {
    bits::tables_agree(bytes)
}

pub use offsets::{count_bytes, utf16_len, utf16_units, Utf16Map};
pub use own_text::{not_own_ranges, placeholder_ranges};

use crate::model::ngrams::{slot_of, Slot, OFFER_FILL, PLACEHOLDER_FILL};
use std::ops::Range;

/// Slicing a `str` (`text.at(a..b)` for `&text[a..b]`) where the offsets are known to fall on
/// char boundaries. Indexing a `str` directly panics, on a bad offset, with a message that
/// formats a `char` with `{:?}`; that one message pulls core's Unicode printable and
/// grapheme tables and their code into the WebAssembly, 4.4 KB of its gzip (measured). This
/// panics too, with a fixed message. `clippy::string_slice` keeps direct slicing out of the
/// library (see `lib.rs`).
pub(crate) trait At {
    fn at<R: std::slice::SliceIndex<str, Output = str>>(&self, range: R) -> &str;
}

impl At for str {
    #[inline]
    fn at<R: std::slice::SliceIndex<str, Output = str>>(&self, range: R) -> &str {
        self.get(range).expect("a slice of text on char boundaries")
    }
}

/// Byte that replaces text that is not the author's: neither a word character nor white
/// space, so no pattern can match across it.
pub(crate) const BLANK: u8 = 0x1f;

/// A draft prepared for matching.
#[derive(Debug)]
pub struct Prepared {
    /// ASCII-lowercased text with foreign parts blanked and placeholders neutralised.
    pub haystack: String,
    /// Byte ranges that are not the author's own (quotes, signatures, forwarded headers).
    pub not_own: Vec<Range<usize>>,
    /// Byte ranges of template placeholders (`{{first_name}}`, `[Name]`, `{company}`).
    pub placeholders: Vec<Range<usize>>,
}

/// Prepares a draft for matching.
pub fn prepare(text: &str) -> Prepared {
    let mut bytes = lower_and_normalise_space(text);
    let not_own = not_own_ranges(text);
    for r in &not_own {
        for b in &mut bytes[r.clone()] {
            if *b != b'\n' {
                *b = BLANK;
            }
        }
    }
    // Placeholders are found after blanking, so one inside a quote is not counted.
    let placeholders = placeholder_ranges(&bytes);
    for r in &placeholders {
        // A slot for what the sender sells or for whom ("[similar companies]", "[client
        // type]") reads `qqq…`, any other `xxx…`, so that a pattern can tell "I help [similar
        // companies]" (a vendor's claim) from "I work with [Name]".
        bytes[r.clone()].fill(if slot_of(text.at(r.clone())) == Slot::Offer { OFFER_FILL } else { PLACEHOLDER_FILL });
    }
    join_wrapped_lines(text.as_bytes(), &mut bytes);
    // Every replaced range was a whole run of characters and is now ASCII: still UTF-8. (Not
    // `expect`: formatting the error with `Debug` links 1.5 KB of gzip into the WebAssembly.)
    let haystack = String::from_utf8(bytes).unwrap_or_else(|_| unreachable!("masking keeps UTF-8"));
    Prepared { haystack, not_own, placeholders }
}

/// A line break that only wraps a paragraph's text reads as a space: one that a word, a comma
/// or a closing bracket comes before (trailing spaces allowed) and a lowercase letter after
/// ("would love to learn more about your experience\nthere. Would you be open to a quick
/// chat?" is one sentence of advice-seeking, as its writer meant). Plain-text mail and
/// templates are often wrapped at about 72 characters; a line that starts with a capital, a
/// bullet or a digit, and a blank line, still break.
fn join_wrapped_lines(text: &[u8], bytes: &mut [u8]) {
    for at in positions(text, b'\n') {
        let after = text.get(at + 1).copied().unwrap_or(b'\n');
        // A few trailing spaces (a CR is one by now); a longer run is layout, not a wrap.
        let before = bytes[..at].iter().rev().take(8).find(|&&c| c != b' ').copied().unwrap_or(b'\n');
        if after.is_ascii_lowercase()
            && (before.is_ascii_alphanumeric() || matches!(before, b',' | b';' | b')' | b']' | b'}'))
        {
            bytes[at] = b' ';
        }
    }
}

/// An ASCII-lowercased copy of `text` in which every white-space character but `\n` (tabs,
/// CR, no-break and other Unicode spaces) is as many ASCII spaces as it has bytes, so that
/// patterns need only `[ \n]`. One pass; every byte keeps its offset.
fn lower_and_normalise_space(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = b.to_ascii_lowercase();
    let mut i = 0;
    while let Some(at) = find_byte(b, i, |c| matches!(c, b'\t' | b'\r' | 0x0b | 0x0c | 0xc2 | 0xe1 | 0xe2 | 0xe3)) {
        i = at;
        match b[i] {
            b'\t' | b'\r' | 0x0b | 0x0c => {
                out[i] = b' ';
                i += 1;
            }
            // Only these lead bytes can start a non-ASCII white-space character.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                let c = text.at(i..).chars().next().unwrap_or('x');
                if c.is_whitespace() {
                    out[i..i + c.len_utf8()].fill(b' ');
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    out
}

/// The byte ranges of the sentences in `s`: a sentence ends after `.`, `!` or `?` (or a run of
/// them) followed by white space, or at a line break. Empty and blank sentences are skipped.
pub fn sentences(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(s.len() / 64 + 4);
    let mut start = 0;
    let mut i = 0;
    // Only these bytes can end a sentence; the blocks between them are skipped whole.
    while let Some(at) = find_byte(b, i, |c| matches!(c, b'\n' | b'.' | b'!' | b'?')) {
        i = at;
        let end = if b[i] == b'\n' {
            Some(i)
        } else if matches!(b[i], b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b'.' | b'!' | b'?') {
                j += 1;
            }
            if (j == b.len() || b[j].is_ascii_whitespace()) && !(j == i + 1 && b[i] == b'.' && is_abbreviation(&b[..i]))
            {
                i = j - 1;
                Some(j)
            } else {
                None
            }
        } else {
            None
        };
        if let Some(e) = end {
            push_trimmed(s, start..e, &mut out);
            start = if b[i] == b'\n' { i + 1 } else { e };
        }
        i += 1;
    }
    push_trimmed(s, start..b.len(), &mut out);
    out
}

/// Whether the mark at `i`, were white space to follow it, would end a sentence: `!`, `?`,
/// or a period after anything but an abbreviation (as in [`sentences`]: "Dr. Okafor, could
/// you…?" is one sentence for the guards and the question counts too).
fn ends_sentence(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'!' | b'?' => true,
        b'.' => !is_abbreviation(&b[..i]),
        _ => false,
    }
}

/// Whether the word ending at the end of `before` is an abbreviation that a period follows
/// without ending the sentence ("e.g.", "Dr.", "etc." mid-sentence).
fn is_abbreviation(before: &[u8]) -> bool {
    let start = before.iter().rposition(|c| c.is_ascii_whitespace() || *c == b'(').map_or(0, |p| p + 1);
    let word = &before[start..];
    const ABBR: &[&[u8]] = &[b"e.g", b"i.e", b"mr", b"mrs", b"ms", b"dr", b"prof", b"vs", b"approx", b"st", b"no"];
    ABBR.iter().any(|a| word.eq_ignore_ascii_case(a))
}

fn push_trimmed(s: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = s.at(r.clone());
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() && piece.bytes().any(|c| c.is_ascii_alphanumeric()) {
        out.push(r.start + lead..r.end - trail);
    }
}

/// `template` with every `{key}` of `values` replaced by its value, in one pass. (By hand:
/// `str::replace` and `str::find` with a string pattern link core's two-way string searcher,
/// about 2 KB of WebAssembly, for a few fixed words.)
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        out.push_str(rest.at(..open));
        rest = rest.at(open..);
        match values.iter().find(|(key, _)| rest.starts_with(key)) {
            Some((key, value)) => {
                out.push_str(value);
                rest = rest.at(key.len()..);
            }
            None => {
                out.push('{');
                rest = rest.at(1..);
            }
        }
    }
    out.push_str(rest);
    out
}

/// End of the sentence that contains byte `pos` (searching forward at most `max` bytes): the
/// line break, or the `.`, `!` or `?` that white space follows; on a character boundary.
pub(crate) fn sentence_end(s: &str, pos: usize, max: usize) -> usize {
    let b = s.as_bytes();
    let ceil = (pos + max).min(b.len());
    let mut i = pos;
    while i < ceil {
        let c = b[i];
        if c == b'\n' || (ends_sentence(b, i) && b.get(i + 1).is_some_and(u8::is_ascii_whitespace)) {
            break;
        }
        i += 1;
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Start of the sentence that contains byte `pos` (searching back at most `max` bytes),
/// on a character boundary.
pub(crate) fn sentence_start(s: &str, pos: usize, max: usize) -> usize {
    let b = s.as_bytes();
    let floor = pos.saturating_sub(max);
    let mut i = pos;
    while i > floor {
        let c = b[i - 1];
        if c == b'\n' || (ends_sentence(b, i - 1) && i < b.len() && b[i].is_ascii_whitespace()) {
            break;
        }
        i -= 1;
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Start of the sentence before the one at `pos` (each at most `max` bytes back), across the
/// white space and blank lines between them; the sentence's own start when it is the first.
pub(crate) fn previous_sentence_start(s: &str, pos: usize, max: usize) -> usize {
    let own = sentence_start(s, pos, max);
    let b = s.as_bytes();
    let mut end = own;
    while end > 0 && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end == 0 {
        return own;
    }
    // From the byte before the sentence's closing mark, so that the mark itself is not taken
    // for the boundary.
    sentence_start(s, end - 1, max)
}

/// End of the window of at most `max` bytes after `pos`, on a character boundary.
pub(crate) fn window_end(s: &str, pos: usize, max: usize) -> usize {
    let mut e = (pos + max).min(s.len());
    while !s.is_char_boundary(e) {
        e -= 1;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_key_and_leaves_other_braces() {
        let values = [("{last}", "grow"), ("{last-base}", "grow"), ("{name}", "Ana")];
        assert_eq!(fill("I'd love to hear how you {last}, {name}.", &values), "I'd love to hear how you grow, Ana.");
        assert_eq!(fill("{last-base} {last}{last} {x} {", &values), "grow growgrow {x} {");
        assert_eq!(fill("no keys", &values), "no keys");
    }

    #[test]
    fn a_line_break_that_only_wraps_a_paragraph_reads_as_a_space() {
        let joined = |s: &str| prepare(s).haystack.replace('\n', "|");
        assert_eq!(joined("your experience\nthere. Would you"), "your experience there. would you");
        assert_eq!(
            joined("Hi Ana,\nthanks for [the link]\nwhich helped, \r\nand so"),
            "hi ana, thanks for xxxxxxxxxx which helped,   and so"
        );
        // Sentence ends, blank lines, capitals, bullets, digits and indented lines still break.
        assert_eq!(joined("Thanks.\nnext"), "thanks.|next");
        assert_eq!(joined("Hi Ana,\n\nthanks"), "hi ana,||thanks");
        assert_eq!(joined("Best,\nAna"), "best,|ana");
        assert_eq!(joined("- one\n- two\n2 three"), "- one|- two|2 three");
        assert_eq!(joined("see\n  https://x.org"), "see|  https://x.org");
        assert_eq!(joined("as follows:\nfirst"), "as follows:|first");
        // The draft's own line breaks are untouched: spans still line up with it.
        assert_eq!(prepare("a\nb").haystack.len(), 3);
    }

    #[test]
    fn a_sentence_ends_at_a_line_break_or_a_mark_before_white_space() {
        let s = "It costs $19.99 a month! Thanks.\nNext";
        let at = s.find('$').unwrap();
        assert_eq!(&s[sentence_start(s, at, 40)..sentence_end(s, at, 48)], "It costs $19.99 a month");
        assert_eq!(sentence_end(s, at, 5), at + 5);
        assert_eq!(&s[s.find("Thanks").unwrap()..sentence_end(s, s.find("Thanks").unwrap(), 48)], "Thanks");
        // An abbreviation's period ends nothing, here as in `sentences`; an ellipsis does.
        let s = "Thanks, Dr. Okafor. Plans vs. results, e.g. this... Next";
        let at = s.find("Okafor").unwrap();
        assert_eq!(&s[sentence_start(s, at, 80)..sentence_end(s, at, 80)], "Thanks, Dr. Okafor");
        let at = s.find("results").unwrap();
        assert_eq!(&s[sentence_start(s, at, 80)..sentence_end(s, at, 80)], " Plans vs. results, e.g. this..");
    }

    #[test]
    fn the_previous_sentence_starts_after_the_one_before_it() {
        let s = "Hi Ana. I'd love to learn from you.\n\nWould you have 15 minutes?";
        let ask = s.find("Would").unwrap();
        assert_eq!(&s[previous_sentence_start(s, ask, 160)..ask], " I'd love to learn from you.\n\n");
        assert_eq!(previous_sentence_start(s, s.find("I'd").unwrap(), 160), 0);
        // The first sentence has none before it; a window never reaches past `max`.
        assert_eq!(previous_sentence_start(s, 3, 160), 0);
        assert_eq!(previous_sentence_start(s, ask, 10), ask - 3 - 10);
    }

    #[test]
    fn sentences_split_on_terminators_and_lines() {
        let s = "Hi Ana! How are you?\nI loved it... Really. e.g. this";
        let got: Vec<&str> = sentences(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, ["Hi Ana!", "How are you?", "I loved it...", "Really.", "e.g. this"]);
    }

    #[test]
    fn masking_keeps_length_and_blanks_quotes() {
        let t = "Thanks {{first_name}}!\n\nOn Mon, Ann <a@b.c> wrote:\n> BOOK A DEMO ASAP";
        let p = prepare(t);
        assert_eq!(p.haystack.len(), t.len());
        assert!(p.haystack.starts_with("thanks xxxxxxxxxxxxxx!"));
        assert!(!p.haystack.contains("demo"));
    }

    #[test]
    fn a_slot_for_the_offer_or_its_customers_is_filled_apart() {
        let p = prepare("I help [similar companies] and {{Client_Type}}, with [Name].");
        assert_eq!(p.haystack, "i help qqqqqqqqqqqqqqqqqqq and qqqqqqqqqqqqqqq, with xxxxxx.");
    }
}
