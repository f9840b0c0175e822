//! A finding: one flagged (or, for `mutuality`, one appreciated) span of the draft.

use crate::catalogue::{Category, Severity};
use serde::Serialize;
use std::borrow::Cow;

/// One finding. Spans are `[start, end)`; `start`/`end` count UTF-16 code units (what the DOM
/// and JavaScript use), `byte_start`/`byte_end` count bytes of the Rust `&str`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's id (`book-a-demo`, or `custom-phrase` for the user's own phrases).
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub byte_start: usize,
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub byte_end: usize,
    /// The matched text, exactly as in the draft.
    pub text: String,
    /// One sentence saying why, tied to the article's principle. (The catalogue's own text is
    /// borrowed, not copied: a long draft has thousands of findings.)
    pub message: Cow<'static, str>,
    /// Replacements for the span that keep the sentence grammatical, capitalised to fit.
    pub suggestions: Vec<Cow<'static, str>>,
}
