use overture::{Analyzer, Channel, Config};
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let t0 = std::time::Instant::now();
    let a = Analyzer::new(&Config::default()).unwrap();
    let t1 = std::time::Instant::now();
    let r = a.analyze(&text, Channel::Email);
    let t2 = std::time::Instant::now();
    a.analyze(&text, Channel::Email);
    let t3 = std::time::Instant::now();
    println!("new {:?} first {:?} second {:?} ({} findings)", t1 - t0, t2 - t1, t3 - t2, r.findings.len());
}
