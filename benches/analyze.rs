//! Speed of the engine: a 2 KB email, cost against length, and building an analyzer.
//! Targets (native): 2 KB under 50 µs, 100 KB under 3 ms, building from a config under 5 ms.
//!
//! "typical" text is made of the labelled corpus's real messages (mutual notes, pitches, pushy
//! follow-ups, neutral mail: a few findings per message); "dense" repeats a paragraph written to
//! trip a rule every ~45 bytes, the worst case, since the cost grows with the number of matches.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use overture::{Analyzer, Channel, Config, CustomPhrase};
use std::hint::black_box;

const SAMPLE: &str = "Hi Priya,\n\nMaria suggested I reach out since we both care about community gardens. \
I loved your talk on soil health at the spring summit. I'd love to show you how our platform works — \
would you be open to a quick 15-minute call next week? Per my last email, I need an answer ASAP. \
How did you get the city council on board? No rush at all; happy to introduce you to the Leeds allotment folks.\n\n";

/// About `bytes` of `source` repeated.
fn repeat_to(source: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + source.len());
    while s.len() < bytes {
        s.push_str(source);
    }
    s.truncate(s.floor_char_boundary(bytes));
    s
}

/// Every message of the labelled corpus, in turn.
fn corpus() -> String {
    let mut all = String::new();
    for label in ["mutual", "pitch", "pushy", "neutral"] {
        let path = format!("{}/tests/corpus/own/{label}.toml", env!("CARGO_MANIFEST_DIR"));
        let v: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for m in v["message"].as_array().unwrap() {
            all.push_str(m["text"].as_str().unwrap());
            all.push_str("\n\n");
        }
    }
    // Interleave the kinds so any 2 KB window mixes them.
    let msgs: Vec<&str> = all.split("\n\n\n").collect();
    let mut mixed = String::new();
    let n = msgs.len();
    for i in 0..n {
        mixed.push_str(msgs[(i * 7) % n]);
        mixed.push_str("\n\n\n");
    }
    mixed
}

fn analyze(c: &mut Criterion) {
    let a = Analyzer::new(&Config::default()).unwrap();
    let mut g = c.benchmark_group("analyze");
    let typical = corpus();
    for (name, source, kb) in [
        ("typical", typical.as_str(), 2usize),
        ("typical", &typical, 10),
        ("typical", &typical, 100),
        ("dense", SAMPLE, 2),
        ("dense", SAMPLE, 100),
    ] {
        let t = repeat_to(source, kb * 1024);
        a.analyze(&t, Channel::Email); // warm the lazy DFA as a running worker would be
        g.throughput(Throughput::Bytes(t.len() as u64));
        let findings = a.analyze(&t, Channel::Email).findings.len();
        println!("{name} {kb} KB: {findings} findings");
        g.bench_with_input(BenchmarkId::from_parameter(format!("{name}-{kb}KB")), &t, |b, t| {
            b.iter(|| a.analyze(black_box(t), Channel::Email))
        });
    }
    g.finish();
}

fn build(c: &mut Criterion) {
    Analyzer::new(&Config::default()).unwrap(); // the shared catalogue automaton is built once
    let config = Config {
        custom_phrases: (0..50).map(|i| CustomPhrase::Plain(format!("custom phrase {i}"))).collect(),
        never_flag: (0..50).map(|i| format!("never this {i}")).collect(),
        disabled_rules: vec!["asap".into()],
        ..Config::default()
    };
    c.bench_function("build analyzer from config (100 phrases)", |b| b.iter(|| Analyzer::new(black_box(&config))));
}

criterion_group!(benches, analyze, build);
criterion_main!(benches);
