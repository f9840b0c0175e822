//! `overture`: check drafts or a library of templates, or list the rule catalogue.
//!
//! ```text
//! overture check [--format human|json|sarif|github] [--channel …] [--split …] PATH…   (- reads stdin)
//! overture rules [--json]
//! ```
//! Exit status: 0 on success, 1 when a template falls short of `--fail-under` / `--fail-on`,
//! 2 when an input cannot be read or is empty (the others are still checked).

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod templates;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command line is native only; the WebAssembly build serves the extension.
#[cfg(target_arch = "wasm32")]
fn main() {}
