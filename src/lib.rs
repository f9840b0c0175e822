//! # Overture
//!
//! A writing coach for networking messages. Overture reads a draft and says which phrases read
//! as a sales pitch or as pressure, which read as mutual, and how mutual the whole message is
//! (a 0–100 score with a per-category breakdown).
//!
//! The core is pure Rust (no browser APIs) and runs the same natively and in WebAssembly:
//!
//! ```
//! use overture::{Analyzer, Channel, Config};
//!
//! let analyzer = Analyzer::new(&Config::default()).unwrap();
//! let report = analyzer.analyze("Hi Sam, I'd love to show you our platform. Book a demo ASAP!", Channel::Email);
//! assert!(report.findings.iter().any(|f| f.rule == "asap"));
//! assert!(report.score < 40);
//! ```
//!
//! The rule book comes from the article in `shared/seed`: forget the sales pitch, be interested
//! and curious, don't be impatient, and don't chase unresponsive networkers.

// Slicing text goes through `text::At`, whose panic message leaves Unicode's tables out of the
// WebAssembly (tests may slice as they like).
#![cfg_attr(not(test), warn(clippy::string_slice))]

pub mod analyzer;
pub mod catalogue;
pub mod config;
mod engine;
pub mod facts;
pub mod finding;
mod matcher;
pub mod model;
mod order;
pub mod patience;
pub mod score;
pub mod signals;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analyzer::{Analyzer, Report};
pub use catalogue::{rules, Category, RuleDef, Severity, Signal};
pub use config::{Channel, Config, ConfigError, CustomPhrase};
pub use finding::Finding;
pub use score::{Band, Breakdown, Verdict};
