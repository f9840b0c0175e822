//! A fixed workload for profilers and instruction counters (criterion's sample counts vary):
//! `cargo run --release --example profile -- 2048 5000` analyses a 2 KB email 5000 times.
use overture::{Analyzer, Channel, Config};
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().expect("a number"));
    let bytes = args.next().unwrap_or(2048);
    let rounds = args.next().unwrap_or(2000);
    let sample = "Hi Priya,\n\nMaria suggested I reach out since we both care about community gardens. \
I loved your talk on soil health at the spring summit. I'd love to show you how our platform works — \
would you be open to a quick 15-minute call next week? Per my last email, I need an answer ASAP. \
How did you get the city council on board? No rush at all; happy to introduce you to the Leeds allotment folks.\n\n";
    // OVERTURE_TEXT=file uses that file's text instead of the dense sample.
    let source = std::env::var("OVERTURE_TEXT")
        .ok()
        .map(|f| std::fs::read_to_string(f).expect("readable"))
        .unwrap_or(sample.to_string());
    let mut text = source.repeat(bytes / source.len() + 1);
    text.truncate(text.floor_char_boundary(bytes));
    let a = Analyzer::new(&Config::default()).unwrap();
    a.analyze(&text, Channel::Email);
    // Each analysis is timed on its own: on a shared machine the minimum and the low
    // percentiles are steadier than the mean, which other tenants' work inflates.
    let mut times = Vec::with_capacity(rounds);
    let mut n = 0;
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        n += black_box(a.analyze(black_box(&text), Channel::Email)).findings.len();
        times.push(t.elapsed());
    }
    let mean = times.iter().sum::<std::time::Duration>() / rounds.max(1) as u32;
    times.sort();
    let at = |q: f64| times.get(((times.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
    println!(
        "{bytes} B × {rounds}: {mean:?} per analysis; min {:?}, p10 {:?}, median {:?} ({n} findings in all)",
        at(0.0),
        at(0.1),
        at(0.5)
    );
}
