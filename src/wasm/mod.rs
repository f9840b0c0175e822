//! The WebAssembly layer: what the extension's background worker, its pages and the playground
//! call. The worker's logic lives here ([`Service`]); its JavaScript entry only loads the module
//! and passes messages through.

use crate::patience::{self, Day, History, Patience, Rule};
use crate::text::At;
use crate::{Analyzer, Channel, Config};
use wasm_bindgen::prelude::*;

use crate::facts::MAX_ANALYZED_UNITS;

mod settings;
mod to_js;

fn from_js(v: JsValue) -> Result<Config, JsError> {
    settings::config_from_js(&v).map_err(|e| JsError::new(&format!("settings: {e}")))
}

fn channel(id: &str) -> Result<Channel, JsError> {
    Channel::from_id(id).ok_or_else(|| JsError::new(&format!("unknown channel {}", crate::config::Quoted(id))))
}

/// Cuts `text` to at most `max` UTF-16 units on a character boundary, in one pass: the head,
/// whether anything was cut, and the head's length in UTF-16 units.
fn cap(text: &str, max: usize) -> (&str, bool, usize) {
    // No character takes more UTF-16 units than UTF-8 bytes, so a text of at most `max` bytes
    // fits: count its units without decoding (one unit per character, two for those of four
    // bytes; decoding was 3% of a 2 KB analysis).
    if text.len() <= max {
        let units = text.bytes().map(|b| ((b & 0xC0 != 0x80) as usize) + ((b >= 0xF0) as usize)).sum();
        return (text, false, units);
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units + c.len_utf16() > max {
            return (text.at(..i), true, units);
        }
        units += c.len_utf16();
    }
    (text, false, units)
}

/// Analyses at most [`MAX_ANALYZED_UNITS`] of `text` and converts the reply for JavaScript;
/// with a recipient's history, the report also says how patient the note is (see
/// [`crate::patience`]) and weighs follow-up wording accordingly.
fn analyze_capped(
    analyzer: &Analyzer,
    text: &str,
    channel: Channel,
    patience: Option<&Patience>,
) -> Result<JsValue, JsError> {
    let (head, capped, analyzed_units) = cap(text, MAX_ANALYZED_UNITS);
    let mut report = analyzer.analyze(head, channel);
    if let Some(p) = patience {
        patience::weigh(&mut report, p);
    }
    let reply = to_js::to_js(&report)?;
    // The text was longer than [`MAX_ANALYZED_UNITS`]; only its start was analysed.
    to_js::set(&reply, "capped", &JsValue::from_bool(capped));
    // How many UTF-16 units were analysed.
    to_js::set(&reply, "analyzed_units", &JsValue::from_f64(analyzed_units as f64));
    if let Some(p) = patience {
        // Dates cross as day numbers; the extension words the message from the generated facts.
        let js = PatienceJs { unanswered_days: p.unanswered.iter().map(|d| d.0).collect(), nth: p.nth, warn: p.warn };
        to_js::set(&reply, "patience", &to_js::to_js(&js)?);
    }
    Ok(reply)
}

#[derive(serde::Serialize)]
struct PatienceJs {
    unanswered_days: Vec<i32>,
    nth: u32,
    warn: bool,
}

/// An analyzer for extension pages and the playground.
#[wasm_bindgen]
pub struct Engine {
    analyzer: Analyzer,
}

#[wasm_bindgen]
impl Engine {
    /// Builds an engine from a settings object (`{}` or `undefined` for the defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Engine, JsError> {
        let config = from_js(config)?;
        let analyzer = Analyzer::new(&config).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine { analyzer })
    }

    /// Analyses a draft: `{score, band, breakdown, findings, evidence, signals, capped, analyzed_units}`.
    pub fn analyze(&self, text: &str, channel_id: &str) -> Result<JsValue, JsError> {
        analyze_capped(&self.analyzer, text, channel(channel_id)?, None)
    }
}

/// The worker's logic: one analyzer for every tab, rebuilt when settings change, and a small
/// cache so that an unchanged draft is not analysed twice.
#[wasm_bindgen]
pub struct Service {
    analyzer: Analyzer,
    cache: Vec<(u64, Channel, JsValue)>,
    analyses: u32,
}

const CACHE_SIZE: usize = 16;

/// What the worker knows of a draft's recipient: dates only (days since 1970-01-01), built
/// from JavaScript call by call rather than deserialised, which keeps the module small.
#[wasm_bindgen]
pub struct Recipient {
    history: History,
    today: Day,
    rule: Rule,
}

#[wasm_bindgen]
impl Recipient {
    /// `today` in days since 1970-01-01; `nth` and `window_days` as in the settings.
    #[wasm_bindgen(constructor)]
    pub fn new(today: i32, nth: u32, window_days: u32) -> Recipient {
        Recipient { history: History::default(), today: Day(today), rule: Rule { window_days, nth } }
    }

    /// An earlier note, on `day`.
    pub fn sent(&mut self, day: i32, follow_up: bool) {
        self.history.sends.push(patience::Sent { date: Day(day), follow_up });
    }

    /// A reply seen, on `day`.
    pub fn reply(&mut self, day: i32) {
        self.history.replies.push(Day(day));
    }
}

fn hash(text: &str) -> u64 {
    // FNV-1a over the text, seeded with its length: a 64-bit key for a 16-entry cache (the
    // text itself is not kept; a collision between two drafts of one tab is not a practical
    // concern at this size).
    let mut h: u64 = 0xcbf29ce484222325 ^ text.len() as u64;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[wasm_bindgen]
impl Service {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Service {
        Service {
            analyzer: Analyzer::new(&Config::default()).unwrap_or_else(|_| unreachable!("the default config is valid")),
            cache: Vec::new(),
            analyses: 0,
        }
    }

    /// Applies new settings. Settings that cannot be read at all are refused with a message
    /// and the previous analyzer stays in place.
    ///
    /// Items the engine cannot use (an unknown rule id, an unusable phrase, phrases past the
    /// limit) are dropped one by one and returned, so the rest of the settings still apply.
    pub fn configure(&mut self, config: JsValue) -> Result<Vec<String>, JsError> {
        let mut config: Config = from_js(config)?;
        let dropped = config.keep_usable();
        self.analyzer = Analyzer::new(&config).map_err(|e| JsError::new(&e.to_string()))?;
        self.cache.clear();
        Ok(dropped)
    }

    /// Analyses a draft, answering from the cache when the same text was just analysed.
    pub fn analyze(&mut self, text: &str, channel_id: &str) -> Result<JsValue, JsError> {
        let ch = channel(channel_id)?;
        let key = hash(text);
        if let Some((_, _, v)) = self.cache.iter().find(|(k, c, _)| *k == key && *c == ch) {
            return Ok(v.clone());
        }
        let v = analyze_capped(&self.analyzer, text, ch, None)?;
        self.analyses += 1;
        if self.cache.len() == CACHE_SIZE {
            self.cache.remove(0);
        }
        self.cache.push((key, ch, v.clone()));
        Ok(v)
    }

    /// Analyses a draft to a recipient with a history (see [`Recipient`]): the reply gains
    /// `patience` (see [`crate::patience`]). Not cached: the history changes what it says.
    pub fn analyze_to(&mut self, text: &str, channel_id: &str, recipient: &Recipient) -> Result<JsValue, JsError> {
        let ch = channel(channel_id)?;
        let p = patience::assess(&recipient.history, recipient.today, recipient.rule);
        self.analyses += 1;
        analyze_capped(&self.analyzer, text, ch, Some(&p))
    }

    /// How many analyses ran (cache misses): lets tests see the cache work.
    #[wasm_bindgen(getter)]
    pub fn analyses(&self) -> u32 {
        self.analyses
    }
}

impl Default for Service {
    fn default() -> Self {
        Service::new()
    }
}
