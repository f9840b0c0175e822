//! `overture`: check a draft from a file or standard input, or list the rule catalogue.
//!
//! ```text
//! overture check [--json] [--channel email|linkedin-note|linkedin-message] FILE   (- reads stdin)
//! overture rules [--json]
//! ```
//! Exit status: 0 on success, 2 when the input cannot be read or is empty.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command line is native only; the WebAssembly build serves the extension.
#[cfg(target_arch = "wasm32")]
fn main() {}
