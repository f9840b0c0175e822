//! The WebAssembly build in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! the exports the worker and the pages use, with UTF-16 spans as JavaScript sees them.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use overture::wasm::{Engine, Service};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn engine_reports_utf16_spans() {
    let e = Engine::new(JsValue::UNDEFINED).unwrap();
    let text = "😀 Per my last email, reply ASAP.";
    let r = e.analyze(text, "email").unwrap();
    let findings = Array::from(&get(&r, "findings"));
    let asap = findings.iter().find(|f| get(f, "rule").as_string().as_deref() == Some("asap")).expect("asap flagged");
    let js = js_sys::JsString::from(text);
    let start = get(&asap, "start").as_f64().unwrap() as u32;
    let end = get(&asap, "end").as_f64().unwrap() as u32;
    assert_eq!(js.slice(start, end), "ASAP");
    let score = get(&r, "score").as_f64().unwrap();
    assert!(score < 70.0);
    assert_eq!(get(&r, "capped"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn the_reply_is_the_reports_json() {
    // The reply is built by the wasm layer's own serializer (catalogue strings converted once):
    // it must say exactly what the report's JSON says, in the same order, plus the cap fields.
    let e = Engine::new(JsValue::UNDEFINED).unwrap();
    let native = overture::Analyzer::new(&overture::Config::default()).unwrap();
    for text in [
        "Hi {{first_name}}, I'd love to show you our platform. Book a demo? Per my last email, reply ASAP!",
        "I loved your talk on soil health. How did you get the council on board? No rush at all.",
        "😀 just circling back — any thoughts on my last note?",
        "Ça va? Café, naïve, 日本 and 😀😀: UTF-16 units of every width.",
        "",
    ] {
        let js = e.analyze(text, "email").unwrap();
        let got = js_sys::JSON::stringify(&js).unwrap().as_string().unwrap();
        let json = serde_json::to_string(&native.analyze(text, overture::Channel::Email)).unwrap();
        let json = format!(
            "{},\"capped\":false,\"analyzed_units\":{}}}",
            json.strip_suffix('}').unwrap(),
            text.encode_utf16().count()
        );
        // Through JavaScript's own JSON, so that numbers are written alike (5.0 is 5).
        let want = js_sys::JSON::stringify(&js_sys::JSON::parse(&json).unwrap()).unwrap().as_string().unwrap();
        assert_eq!(got, want, "on {text:?}");
    }
}

#[wasm_bindgen_test]
fn the_16_lane_byte_lookups_agree_with_byte_by_byte_ones() {
    // Every byte value, in order, in reverse and scattered, across block edges.
    let mut bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    bytes.extend((0..1000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    for from in [0, 1, 7, 63, 64, 100] {
        assert!(overture::text::byte_tables_agree(&bytes[from..]), "from {from}");
    }
}

#[wasm_bindgen_test]
fn service_caches_and_reconfigures() {
    let mut s = Service::new();
    let a = s.analyze("Book a demo today.", "email").unwrap();
    let b = s.analyze("Book a demo today.", "email").unwrap();
    assert_eq!(s.analyses(), 1, "the same text is answered from the cache");
    assert_eq!(get(&a, "score"), get(&b, "score"));
    let settings = js_sys::JSON::parse(r#"{"never_flag": ["book a demo"]}"#).unwrap();
    s.configure(settings).unwrap();
    let c = s.analyze("Book a demo today.", "email").unwrap();
    assert_eq!(Array::from(&get(&c, "findings")).length(), 0);
    let bad = js_sys::JSON::parse(r#"{"threshold": 300}"#).unwrap();
    assert!(s.configure(bad).is_err(), "unreadable settings are refused");
    // One stale item (a rule renamed since) costs only itself; the rest applies.
    let stale = js_sys::JSON::parse(r#"{"disabled_rules": ["asap", "renamed-long-ago"]}"#).unwrap();
    assert_eq!(s.configure(stale).unwrap(), vec![r#"unknown rule id "renamed-long-ago""#.to_string()]);
    let d = s.analyze("Please reply ASAP.", "email").unwrap();
    let rules: Vec<_> =
        Array::from(&get(&d, "findings")).iter().map(|f| get(&f, "rule").as_string().unwrap()).collect();
    assert!(!rules.contains(&"asap".to_string()), "{rules:?}");
    assert!(s.analyze("x", "fax").is_err(), "unknown channel is an error, not a panic");
}

#[wasm_bindgen_test]
fn long_text_is_capped_with_a_flag() {
    let e = Engine::new(JsValue::UNDEFINED).unwrap();
    let text = "Per my last email. ".repeat(10_000);
    let r = e.analyze(&text, "email").unwrap();
    assert_eq!(get(&r, "capped"), JsValue::TRUE);
    assert_eq!(get(&r, "analyzed_units").as_f64().unwrap() as usize, overture::facts::MAX_ANALYZED_UNITS);
}

#[wasm_bindgen_test]
fn engine_takes_the_users_settings() {
    let settings =
        js_sys::JSON::parse(r#"{"custom_phrases": ["circle the wagons"], "disabled_categories": ["pressure"]}"#)
            .unwrap();
    let e = Engine::new(settings).unwrap();
    let r = e.analyze("Let's circle the wagons, reply ASAP.", "email").unwrap();
    let rules: Vec<String> =
        Array::from(&get(&r, "findings")).iter().map(|f| get(&f, "rule").as_string().unwrap()).collect();
    assert_eq!(rules, ["custom-phrase"]);
    let bad = js_sys::JSON::parse(r#"{"custom_phrases": ["   "]}"#).unwrap();
    assert!(Engine::new(bad).is_err(), "an empty phrase is refused with a message");
}

/// The message of a refused call.
fn refusal<T>(r: Result<T, wasm_bindgen::JsError>) -> String {
    let e = JsValue::from(r.err().expect("refused"));
    get(&e, "message").as_string().unwrap()
}

#[wasm_bindgen_test]
fn settings_are_read_field_by_field_with_clear_refusals() {
    let parse = |s: &str| js_sys::JSON::parse(s).unwrap();
    // A categorised phrase files its findings under its category; unknown fields are ignored.
    let e = Engine::new(parse(
        r#"{"custom_phrases": [{"phrase": "circle the wagons", "category": "pressure"}, "synergy"], "future_field": 1, "threshold": 55}"#,
    ))
    .unwrap();
    let r = e.analyze("Let's circle the wagons for synergy.", "email").unwrap();
    let cats: Vec<String> =
        Array::from(&get(&r, "findings")).iter().map(|f| get(&f, "category").as_string().unwrap()).collect();
    assert_eq!(cats, ["pressure", "pitch"]);
    // `null` and missing fields take their defaults.
    assert!(Engine::new(parse(r#"{"disabled_rules": null}"#)).is_ok());
    for (settings, says) in [
        (r#""garbage""#, "settings must be an object"),
        (r#"[1, 2]"#, "settings must be an object"),
        (r#"{"disabled_rules": "asap"}"#, "disabled_rules must be a list"),
        (r#"{"never_flag": ["ok", 3]}"#, "never_flag[1] is not"),
        (r#"{"disabled_categories": ["sales"]}"#, "disabled_categories[0] is not"),
        (r#"{"custom_phrases": [{"phrase": "x y", "category": "nope"}]}"#, "custom_phrases[0] is not"),
        (r#"{"threshold": 40.5}"#, "threshold must be a whole number"),
        (r#"{"threshold": 300}"#, "threshold must be a whole number"),
        (r#"{"threshold": 101}"#, "threshold 101 is not between 0 and 100"),
    ] {
        let message = refusal(Engine::new(parse(settings)));
        assert!(message.contains(says), "{settings}: {message}");
    }
}
