//! A finding: one flagged (or, for `mutuality`, one appreciated) span of the draft.

use crate::catalogue::{Category, Severity};
use serde::{Serialize, Serializer};
use std::borrow::Cow;

/// One finding. Spans are `[start, end)`; `start`/`end` count UTF-16 code units (what the DOM
/// and JavaScript use), `byte_start`/`byte_end` count bytes of the Rust `&str`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's id (`book-a-demo`, or `custom-phrase` for the user's own phrases).
    #[serde(serialize_with = "static_str")]
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
    #[serde(serialize_with = "cow_str")]
    pub message: Cow<'static, str>,
    /// Replacements for the span that keep the sentence grammatical, capitalised to fit.
    #[serde(serialize_with = "cow_strs")]
    pub suggestions: Vec<Cow<'static, str>>,
}

/// Serialises text the binary holds (ids, catalogue text) as a unit variant: JSON writers print
/// it as the string it is, and the WebAssembly layer turns each such string into JavaScript
/// once instead of on every reply (see `wasm::to_js`).
pub(crate) fn static_str<S: Serializer>(s: &&'static str, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_unit_variant("", 0, s)
}

/// [`static_str`] for an optional field.
pub(crate) fn option_static_str<S: Serializer>(s: &Option<&'static str>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        Some(s) => ser.serialize_unit_variant("", 0, s),
        None => ser.serialize_none(),
    }
}

/// [`static_str`] for text that is the catalogue's own unless it was adapted.
#[allow(clippy::ptr_arg)] // whether it is borrowed (static) is the point
fn cow_str<S: Serializer>(s: &Cow<'static, str>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        Cow::Borrowed(s) => ser.serialize_unit_variant("", 0, s),
        Cow::Owned(s) => ser.serialize_str(s),
    }
}

fn cow_strs<S: Serializer>(v: &[Cow<'static, str>], ser: S) -> Result<S::Ok, S::Error> {
    struct Text<'a>(&'a Cow<'static, str>);
    impl Serialize for Text<'_> {
        fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            cow_str(self.0, ser)
        }
    }
    ser.collect_seq(v.iter().map(Text))
}
