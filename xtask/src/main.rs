//! `cargo xtask <command>`: the whole build and test pipeline of Overture.
//!
//! - `dist`: the extension for Chrome and Firefox (`dist/chrome`, `dist/firefox`, two zips) and
//!   the playground (`dist/www`), installing what is missing first.
//! - `run`: `dist`, then serves the playground and `dist/` on http://127.0.0.1:8080.
//! - `test`: every check and test suite, ending with one `N passed, M failed` line.
//! - `eval`, `fit`: judgement on the third-party corpus, and the score model fitted on it;
//!   `mirrors`: the source repositories those need, and which a mirror folder lacks;
//!   `keep-text`: a message's text kept from a copy of its file where no mirror can be had.
//! - `bench`: Overture side by side with other tools, in Node and in Chromium.

mod bench;
mod dist;
mod judgement;
mod serve;
mod test;
mod tools;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist::dist().map(|_| ()),
        Some("run") => dist::dist().and_then(|_| serve::serve("127.0.0.1:8080")),
        Some("test") => test::test(&args[1..]),
        Some("eval") => judgement::eval(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("fit") => judgement::fit(&args[1..]),
        Some("mirrors") => judgement::mirrors(&args[1..]),
        Some("keep-text") => judgement::keep_text(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <dist|run|test [--skip-browsers]|eval [--mirrors DIR] [--hold-out FILE]|fit [--mirrors DIR]|mirrors [--mirrors DIR]|keep-text --mirrors DIR OWNER/REPO PATH FILE|bench [--smoke]>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
