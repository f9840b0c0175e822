//! Fuzzes the analyzer with arbitrary text, channels and user phrases: it must never panic,
//! and every finding's span must be exact in bytes and in UTF-16.
#![no_main]

use libfuzzer_sys::fuzz_target;
use overture::{Analyzer, Channel, Config, CustomPhrase};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    // The first line, when it is short, becomes a custom phrase and a never-flag phrase.
    let (phrase, text) = match s.split_once('\n') {
        Some((p, t)) if p.len() < 60 => (p, t),
        _ => ("", s),
    };
    let mut config = Config::default();
    if overture::config::validate_phrase(phrase).is_ok() {
        config.custom_phrases.push(CustomPhrase::Plain(phrase.to_string()));
        if data.len() % 2 == 0 {
            config.never_flag.push(phrase.chars().rev().collect());
        }
    }
    let Ok(a) = Analyzer::new(&config) else { return };
    let channel = [Channel::Email, Channel::LinkedinNote, Channel::LinkedinMessage][data.len() % 3];
    let r = a.analyze(text, channel);
    assert_eq!(r.score, r.breakdown.total());
    let units: Vec<u16> = text.encode_utf16().collect();
    for f in &r.findings {
        assert_eq!(&text[f.byte_start..f.byte_end], f.text);
        assert_eq!(String::from_utf16(&units[f.start..f.end]).unwrap(), f.text);
    }
});
