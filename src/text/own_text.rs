//! What in a draft is not the author's own text: quoted replies, forwarded headers, signatures.
//! And template placeholders, which count as neutral words.

use super::At;
use std::ops::Range;

/// Byte ranges of `text` that are not the author's own words, in order and disjoint:
/// `>`-quoted lines, an "On … wrote:" header and everything after it, forwarded or original
/// message headers and everything after them, a signature from a `-- ` line to the end, and
/// "Sent from my …" lines.
pub fn not_own_ranges(text: &str) -> Vec<Range<usize>> {
    let lines = lines(text);
    let mut out: Vec<Range<usize>> = Vec::new();
    for (k, &(start, end)) in lines.iter().enumerate() {
        let line = text.at(start..end).trim_end_matches('\r');
        let trimmed = line.trim();
        // Each test looks at the next lines only when this one starts like its header.
        let rest_starts_here = trimmed == "--"
            || line == "-- "
            || is_wrote_header(trimmed, || lines.get(k + 1).map(|&(s, e)| text.at(s..e).trim()))
            || is_forward_header(trimmed)
            || (trimmed.starts_with("From:") && is_outlook_header(text, &lines[k + 1..]));
        if rest_starts_here {
            out.push(start..text.len());
            break;
        }
        let quoted = trimmed.starts_with('>');
        let device_sig = trimmed.starts_with("Sent from my ") && trimmed.len() < 60;
        if quoted || device_sig {
            let stop = if end < text.len() { end + 1 } else { end };
            match out.last_mut() {
                Some(last) if last.end == start => last.end = stop,
                _ => out.push(start..stop),
            }
        }
    }
    out
}

fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut v = Vec::with_capacity(text.len() / 32 + 4);
    let mut start = 0;
    for i in super::positions(text.as_bytes(), b'\n') {
        v.push((start, i));
        start = i + 1;
    }
    v.push((start, text.len()));
    v
}

/// "On Mon, 3 Jun 2024 at 10:02, Ann Lee <ann@x.org> wrote:" (mail clients wrap it over two lines).
fn is_wrote_header<'a>(line: &str, next: impl FnOnce() -> Option<&'a str>) -> bool {
    let starts = line.starts_with("On ") || line.starts_with("Le ") || line.starts_with("Am ");
    if !starts || line.len() > 300 {
        return false;
    }
    let ends = |s: &str| {
        let s = s.trim_end();
        s.ends_with("wrote:") || s.ends_with("a écrit :") || s.ends_with("schrieb:")
    };
    ends(line) || (line.len() < 200 && next().is_some_and(|n| n.len() < 120 && ends(n)))
}

fn is_forward_header(line: &str) -> bool {
    let has = |needle: &str| line.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
    (line.starts_with("---") && (has("forwarded message") || has("original message")))
        || line.eq_ignore_ascii_case("begin forwarded message:")
        || line.starts_with("________________________________")
}

/// Outlook's plain header block: a "From: …" line followed within three lines (`next`) by
/// "Sent:"/"Date:".
fn is_outlook_header(text: &str, next: &[(usize, usize)]) -> bool {
    next.iter().take(3).any(|&(s, e)| {
        let l = text.at(s..e).trim();
        l.starts_with("Sent:") || l.starts_with("Date:")
    })
}

/// Byte ranges of template placeholders in `bytes`, on one line: `{{anything}}` (Jinja and
/// Liquid, filters and defaults included, up to 200 bytes), `<<anything>>`, `{word}`,
/// `<word …>` (`<name>`, `<day of week>`), `%FIRST_NAME%` (up to 40 bytes), and `[Word …]` (up to
/// 120 bytes: templates describe what to write there, `[something specific about their work]`).
/// A `<` that is a comparison or a heart ("a < b", "<3") opens none.
pub fn placeholder_ranges(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Jump to the next byte that can open a placeholder.
        match super::find_byte(bytes, i, |b| matches!(b, b'{' | b'<' | b'[' | b'%')) {
            Some(at) => i = at,
            None => break,
        }
        let found = match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => closing(bytes, i + 2, b"}}", 200, |_| true),
            b'<' if bytes.get(i + 1) == Some(&b'<') => closing(bytes, i + 2, b">>", 40, |_| true),
            b'<' if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                closing(bytes, i + 1, b">", 40, |b| is_name_byte(b) || b == b'/')
                    .filter(|&end| !html_tag(&bytes[i + 1..end - 1]))
            }
            b'{' => closing(bytes, i + 1, b"}", 40, is_name_byte),
            b'[' if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                closing(bytes, i + 1, b"]", 120, |b| b != b'[' && b != b']')
            }
            b'%' if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                closing(bytes, i + 1, b"%", 40, |b| b.is_ascii_alphanumeric() || b == b'_')
            }
            _ => None,
        };
        match found {
            Some(end) => {
                out.push(i..end);
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// HTML that templates carry as text (`<p>`, `<br />`): markup, not a slot to fill. Read as a
/// placeholder, its fill would join the next word ("<p>Thanks" as one word).
fn html_tag(body: &[u8]) -> bool {
    const TAGS: &[&[u8]] = &[
        b"a",
        b"b",
        b"i",
        b"u",
        b"p",
        b"s",
        b"br",
        b"hr",
        b"em",
        b"li",
        b"ol",
        b"ul",
        b"dl",
        b"dt",
        b"dd",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"td",
        b"tr",
        b"th",
        b"div",
        b"span",
        b"strong",
        b"table",
        b"tbody",
        b"thead",
        b"html",
        b"body",
        b"head",
        b"img",
        b"code",
        b"pre",
        b"small",
        b"sup",
        b"sub",
        b"font",
        b"center",
        b"blockquote",
        b"section",
        b"header",
        b"footer",
        b"title",
        b"button",
        b"label",
        b"nav",
        b"main",
        b"article",
    ];
    let mut name = body;
    while let [rest @ .., b' ' | b'/'] = name {
        name = rest;
    }
    TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b' ' | b'.' | b'-')
}

/// End (exclusive) of a placeholder whose body starts at `from`, is at most `max` bytes long
/// and ends with `close`.
fn closing(bytes: &[u8], from: usize, close: &[u8], max: usize, body: impl Fn(u8) -> bool) -> Option<usize> {
    let limit = (from + max).min(bytes.len());
    let mut j = from;
    while j < limit {
        if bytes[j..].starts_with(close) {
            return (j > from).then_some(j + close.len());
        }
        if bytes[j] == b'\n' || bytes[j] == 0x1f || !body(bytes[j]) {
            return None;
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(t: &str) -> String {
        let mut s = t.to_string();
        for r in not_own_ranges(t).into_iter().rev() {
            s.replace_range(r, "");
        }
        s
    }

    #[test]
    fn quotes_headers_and_signatures() {
        assert_eq!(own("Hi\n> quoted\n> more\nBye"), "Hi\nBye");
        assert_eq!(own("Thanks!\n\nOn Tue, 4 Jun 2024, Ann <a@b.c>\nwrote:\n> hi"), "Thanks!\n\n");
        assert_eq!(own("Sure.\n-- \nAnn Lee\nCEO"), "Sure.\n");
        assert_eq!(own("FYI\n---------- Forwarded message ---------\nFrom: x"), "FYI\n");
        assert_eq!(own("Ok\r\nFrom: Bob\r\nSent: Monday\r\nTo: me"), "Ok\r\n");
        assert_eq!(own("On my way to the meetup now."), "On my way to the meetup now.");
    }

    #[test]
    fn placeholders() {
        let t = b"hi {{first_name}}, [company] and {role} at %city%; [1] {x y z!}";
        let got: Vec<&[u8]> = placeholder_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(got, [&b"{{first_name}}"[..], b"[company]", b"{role}", b"%city%"]);
        let t = b"at {{ company | default(\"a startup\") }}; saw [something specific: a post, a talk]";
        let got: Vec<&[u8]> = placeholder_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(got, [&b"{{ company | default(\"a startup\") }}"[..], b"[something specific: a post, a talk]"]);
        let t = b"Hello <name>, happy <day of week>! a < b, I <3 it, <proof/experience>";
        let got: Vec<&[u8]> = placeholder_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(got, [&b"<name>"[..], b"<day of week>", b"<proof/experience>"]);
        let t = b"<p>Thanks <Name>,<br />see <STRONG>this</strong>";
        let got: Vec<&[u8]> = placeholder_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(got, [&b"<Name>"[..]]);
    }
}
