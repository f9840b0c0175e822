//! Speed of the engine: a 2 KB email, cost against length, and building an analyzer.
//! Targets (native): 2 KB under 50 µs, 100 KB under 3 ms, building from a config under 5 ms.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use overture::{Analyzer, Channel, Config, CustomPhrase};
use std::hint::black_box;

const SAMPLE: &str = "Hi Priya,\n\nMaria suggested I reach out since we both care about community gardens. \
I loved your talk on soil health at the spring summit. I'd love to show you how our platform works — \
would you be open to a quick 15-minute call next week? Per my last email, I need an answer ASAP. \
How did you get the city council on board? No rush at all; happy to introduce you to the Leeds allotment folks.\n\n";

/// About `bytes` of realistic mixed text.
fn text_of(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + SAMPLE.len());
    while s.len() < bytes {
        s.push_str(SAMPLE);
    }
    s.truncate(s.floor_char_boundary(bytes));
    s
}

fn analyze(c: &mut Criterion) {
    let a = Analyzer::new(&Config::default()).unwrap();
    let mut g = c.benchmark_group("analyze");
    for kb in [2usize, 10, 100] {
        let t = text_of(kb * 1024);
        a.analyze(&t, Channel::Email); // warm the lazy DFA as a running worker would be
        g.throughput(Throughput::Bytes(t.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(format!("{kb}KB")), &t, |b, t| {
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
