//! Property tests over arbitrary Unicode: no panic, valid spans, exact UTF-16 offsets,
//! non-overlapping findings, score in range and equal to its breakdown, neutral edits stable.

use overture::{Analyzer, Band, Channel, Config};
use proptest::prelude::*;
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new(&Config::default()).unwrap())
}

/// Text that mixes real trigger phrases with hostile characters.
fn draft() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("I'd love to show you our platform. ".to_string()),
        Just("Per my last email, reply ASAP!!! ".to_string()),
        Just("Happy to introduce you to Ana. How did you start? ".to_string()),
        Just("BOOK A DEMO NOW ".to_string()),
        Just("I\u{2019}d\u{a0}love to show\u{202f}you ".to_string()),
        Just("\r\n> quoted book a demo\r\n".to_string()),
        Just("{{first_name}} [Company] ".to_string()),
        Just("-- \nsig: book a demo\n".to_string()),
        Just("😀👍🏽 e\u{301} שלום مرحبا \u{200f} ".to_string()),
        Just("\0\u{feff}\u{2028}\t".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![Just(Channel::Email), Just(Channel::LinkedinNote), Just(Channel::LinkedinMessage)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_exact_and_score_adds_up(text in draft(), ch in channel()) {
        let r = analyzer().analyze(&text, ch);
        prop_assert!(r.score <= 100);
        prop_assert_eq!(r.score, r.breakdown.total());
        prop_assert_eq!(r.band, Band::of(r.score));
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut last_end = 0;
        for f in &r.findings {
            prop_assert!(f.start < f.end && f.end <= units.len());
            prop_assert!(f.byte_start < f.byte_end && f.byte_end <= text.len());
            prop_assert!(text.is_char_boundary(f.byte_start) && text.is_char_boundary(f.byte_end));
            prop_assert_eq!(&text[f.byte_start..f.byte_end], f.text.as_str());
            let utf16 = String::from_utf16(&units[f.start..f.end]).unwrap();
            prop_assert_eq!(utf16, f.text.clone());
            prop_assert!(f.start >= last_end, "findings overlap");
            last_end = f.end;
        }
    }

    #[test]
    fn neutral_edits_move_the_score_three_points_at_most(seed in 0usize..1000, pos in 0usize..10_000) {
        // A comma or a doubled space between two words of a real message moves the score by a
        // few points at most. (Inside a word it is a typo, and changes the words.)
        let samples = [
            "Hi Priya, Maria suggested I reach out. I loved your talk on soil health. How did you get the council on board? No rush; happy to introduce you to the allotment folks.",
            "Hi Tom, I help law firms get 10+ new clients a month. Open to a quick chat this week? Our pricing starts at $99/month.",
            "Hi John, just bumping this. Per my last email, I need an answer by Friday. Thanks, Rick",
            "Hi team, attached is the Q3 report. The main changes are in section 2. Let me know if anything looks off.",
        ];
        let text = samples[seed % samples.len()];
        let mut at = pos % text.len();
        while at > 0 && text.as_bytes()[at - 1] != b' ' { at -= 1; }
        let edit = if seed % 2 == 0 { "," } else { " " };
        let edited = format!("{}{}{}", &text[..at], edit, &text[at..]);
        let a = analyzer().analyze(text, Channel::Email);
        let b = analyzer().analyze(&edited, Channel::Email);
        // An edit inside a flagged phrase may change what is flagged; elsewhere it is neutral.
        let inside = a.findings.iter().any(|f| f.byte_start <= at && at <= f.byte_end);
        if !inside {
            prop_assert!((a.score as i32 - b.score as i32).abs() <= 3, "{} -> {} at {}", a.score, b.score, at);
        }
    }
}

#[test]
fn huge_and_empty_inputs() {
    let a = analyzer();
    assert_eq!(a.analyze("", Channel::Email).findings.len(), 0);
    let big = "Per my last email, book a demo ASAP. 😀 ".repeat(30_000); // about 1.2 MB
    let r = a.analyze(&big, Channel::Email);
    assert!(r.findings.len() >= 30_000);
    assert!(r.score < 40);
    let no_words = "\u{301}\u{301}?!?!\0\0".repeat(1000);
    a.analyze(&no_words, Channel::LinkedinNote);
}

/// Found by fuzzing: a no-break space (two spaces in the prepared copy) at the 300-character
/// limit of a connection note put the over-limit span inside the character.
#[test]
fn multibyte_spaces_at_the_note_limit() {
    for space in ["\u{a0}", "\u{202f}", "\u{3000}", "\u{2003}"] {
        for at in 290..310 {
            let text = format!("{}{space}{}", "a".repeat(at), "b ".repeat(20));
            let r = analyzer().analyze(&text, Channel::LinkedinNote);
            let units: Vec<u16> = text.encode_utf16().collect();
            assert!(r.findings.iter().any(|f| f.rule == "note-over-limit"), "no over-limit finding at {at}");
            for f in &r.findings {
                assert_eq!(&text[f.byte_start..f.byte_end], f.text);
                assert_eq!(String::from_utf16(&units[f.start..f.end]).unwrap(), f.text);
            }
            // LinkedIn counts the space as one character.
            assert_eq!(r.signals.chars, units.len(), "{space:?} at {at}");
        }
    }
}
