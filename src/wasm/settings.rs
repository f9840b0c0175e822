//! Settings from JavaScript, read field by field with `js_sys` rather than deserialised by
//! serde: serde's error paths format floating-point numbers and an untagged enum buffers its
//! input, which together cost more of the size budget than the whole reader below.
//! Unknown fields are ignored and missing (or `null`) ones take their defaults, as with serde.

use crate::catalogue::Category;
use crate::config::{Config, CustomPhrase};
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

/// The value of `obj[name]` (`undefined` when absent or unreadable).
fn get(obj: &JsValue, name: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn is_missing(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v)
}

/// A list field, each item read by `item` (`None`: not what the field holds).
fn list<T>(obj: &JsValue, name: &str, what: &str, item: impl Fn(&JsValue) -> Option<T>) -> Result<Vec<T>, String> {
    let v = get(obj, name);
    if is_missing(&v) {
        return Ok(Vec::new());
    }
    if !Array::is_array(&v) {
        return Err(format!("{name} must be a list of {what}"));
    }
    Array::from(&v)
        .iter()
        .enumerate()
        .map(|(i, x)| item(&x).ok_or_else(|| format!("{name}[{i}] is not {what}")))
        .collect()
}

fn category(v: &JsValue) -> Option<Category> {
    let id = v.as_string()?;
    Category::ALL.into_iter().find(|c| c.id() == id)
}

fn custom_phrase(v: &JsValue) -> Option<CustomPhrase> {
    if let Some(p) = v.as_string() {
        return Some(CustomPhrase::Plain(p));
    }
    if !is_plain_object(v) {
        return None;
    }
    let phrase = get(v, "phrase").as_string()?;
    let c = get(v, "category");
    if is_missing(&c) {
        return Some(CustomPhrase::Plain(phrase));
    }
    Some(CustomPhrase::Categorised { phrase, category: category(&c)? })
}

/// Reads a settings object (`undefined` or `null`: the defaults). The message says which
/// field could not be read; the values themselves are checked by [`Config::validate`] and
/// [`Config::keep_usable`] as for every other caller.
pub fn config_from_js(v: &JsValue) -> Result<Config, String> {
    let mut c = Config::default();
    if is_missing(v) {
        return Ok(c);
    }
    if !is_plain_object(v) {
        return Err("settings must be an object".into());
    }
    c.disabled_categories = list(v, "disabled_categories", "category ids", category)?;
    c.disabled_rules = list(v, "disabled_rules", "rule ids (strings)", |x| x.as_string())?;
    c.custom_phrases = list(v, "custom_phrases", "phrases (a string or {phrase, category})", custom_phrase)?;
    c.never_flag = list(v, "never_flag", "phrases (strings)", |x| x.as_string())?;
    let t = get(v, "threshold");
    if !is_missing(&t) {
        match t.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=255.0).contains(&n) => c.threshold = n as u8,
            _ => return Err("threshold must be a whole number from 0 to 100".into()),
        }
    }
    Ok(c)
}
