//! The `overture` command line: its JSON contract, human output and error handling.

use std::io::Write;
use std::process::{Command, Stdio};

fn overture(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_overture"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command refused on its arguments exits before it reads its input: the pipe may be
    // closed by then, and that is not the test's failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn json_shape_is_the_contract() {
    let (code, out, _) =
        overture(&["check", "--json", "-"], "Hi 😀 Ana, I'd love to show you our platform. Reply ASAP.".as_bytes());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let obj = v.as_object().unwrap();
    let mut keys: Vec<_> = obj.keys().map(String::as_str).filter(|&k| k != "taken").collect();
    keys.sort();
    // band, breakdown, findings and score are the original contract; the rest extends it.
    assert_eq!(
        keys,
        ["band", "breakdown", "channel", "evidence", "file", "findings", "line", "score", "template", "verdict"]
    );
    // `taken` only when a category's evidence took others' points (this hard pitch's does):
    // who took them, and per category as many as fit beside its part of the breakdown.
    let taken = &v["taken"];
    let by = taken["by"].as_array().unwrap();
    assert!(!by.is_empty() && by.iter().all(|c| v["breakdown"].get(c.as_str().unwrap()).is_some()), "{taken}");
    let points = taken["points"].as_object().unwrap();
    let mut pk: Vec<_> = points.keys().collect();
    let mut bk: Vec<_> = v["breakdown"].as_object().unwrap().keys().collect();
    pk.sort();
    bk.sort();
    assert_eq!(pk, bk);
    assert!(points.values().any(|x| x.as_u64().unwrap() > 0), "{taken}");
    for e in v["evidence"].as_array().unwrap() {
        let kind = e["kind"].as_str().unwrap();
        assert!(["finding", "phrase", "signal"].contains(&kind), "{e}");
        assert!(e["points"].as_f64().unwrap() != 0.0, "{e}");
        if kind != "signal" {
            assert!(e["start"].as_u64().unwrap() < e["end"].as_u64().unwrap(), "{e}");
        }
    }
    let score = v["score"].as_u64().unwrap();
    let parts: u64 = v["breakdown"].as_object().unwrap().values().map(|x| x.as_u64().unwrap()).sum();
    assert_eq!(score, parts);
    assert!(["mutual", "one_sided", "pitch"].contains(&v["band"].as_str().unwrap()));
    let f = &v["findings"].as_array().unwrap()[0];
    let mut fk: Vec<_> = f.as_object().unwrap().keys().map(String::as_str).collect();
    fk.sort();
    assert_eq!(
        fk,
        ["category", "column", "end", "line", "message", "rule", "severity", "start", "suggestions", "text"]
    );
    // Offsets are UTF-16: the emoji before the phrase counts as two units.
    assert_eq!(f["rule"], "show-you-how");
    assert_eq!(f["start"], 11);
    assert_eq!(f["text"], "I'd love to show you our platform");
}

#[test]
fn explain_lists_what_moved_the_score() {
    let (code, out, _) =
        overture(&["check", "--explain", "-"], b"We help SaaS founders cut churn by 30%. Worth a chat?");
    assert_eq!(code, 0);
    let tail = out.split("What moved the score most:").nth(1).expect("an explanation");
    assert!(tail.contains("pitch"), "{tail}");
    assert!(tail.lines().any(|l| l.trim_start().starts_with('-')), "a cost in points: {tail}");
}

#[test]
fn human_output_marks_spans_and_explains() {
    let (code, out, _) = overture(&["check", "-"], b"Per my last email, please reply.");
    assert_eq!(code, 0);
    assert!(out.contains("[[Per my last email]]"), "{out}");
    assert!(out.contains("per-my-last-email"));
    assert!(out.contains("Score "));
    assert!(!out.contains('\x1b'), "no colour when piped");
}

#[test]
fn channel_changes_the_verdict() {
    let long = "Hi Ana, loved your talk. ".repeat(20);
    let (_, email, _) = overture(&["check", "--json", "-"], long.as_bytes());
    let (_, note, _) = overture(&["check", "--json", "--channel", "linkedin-note", "-"], long.as_bytes());
    assert!(!email.contains("note-over-limit"));
    assert!(note.contains("note-over-limit"));
}

#[test]
fn bad_input_is_a_clear_message_and_status_2() {
    let (code, out, err) = overture(&["check", "-"], b"");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("overture: standard input is empty"), "{err}");
    let (code, _, err) = overture(&["check", "-"], b"hi \xff\xfe there");
    assert_eq!(code, 2);
    assert!(err.contains("not valid UTF-8"), "{err}");
    let (code, _, err) = overture(&["check", "/nonexistent/draft.txt"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/draft.txt"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn rules_json_lists_the_catalogue() {
    let (code, out, _) = overture(&["rules", "--json"], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules = v.as_array().unwrap();
    assert!(rules.len() >= 160);
    for r in rules {
        for k in ["id", "category", "severity", "explanation", "suggestions", "flags", "allows"] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
    }
    assert!(rules.iter().any(|r| r["id"] == "per-my-last-email"));
}

#[test]
fn a_note_that_only_presses_reads_as_pressure_not_as_a_pitch() {
    let verdict = |text: &str| {
        let (code, out, err) = overture(&["check", "--json", "-"], text.as_bytes());
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        (v["band"].as_str().unwrap().to_string(), v["verdict"].as_str().unwrap().to_string())
    };
    assert_eq!(
        verdict("Per my last email, I need an answer ASAP. Please reply by Friday."),
        ("pitch".into(), "pressure".into())
    );
    assert_eq!(
        verdict("Hi Dana, we help SaaS teams cut churn by 30%. Book a demo here: calendly.com/sam/demo"),
        ("pitch".into(), "pitch".into())
    );
    let (code, out, _) =
        overture(&["check", "-"], "Per my last email, I need an answer ASAP. Please reply by Friday.".as_bytes());
    assert_eq!(code, 0);
    assert!(out.contains("reads as pressure"), "{out}");
}

#[test]
fn history_says_when_this_is_the_third_note_without_a_reply() {
    let dir = std::env::temp_dir().join(format!("overture-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Mild chasing, so that the score has room to fall when it counts double.
    let chasing = "Hi Dana, just checking in on my note from last week.";
    let run = |history: &str, extra: &[&str]| {
        let file = dir.join("history.json");
        std::fs::write(&file, history).unwrap();
        let mut args =
            vec!["check", "--json", "--history", file.to_str().unwrap(), "--today", "2026-11-30", "--to", "Dana"];
        args.extend_from_slice(extra);
        args.push("-");
        let (code, out, err) = overture(&args, chasing.as_bytes());
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let (_, plain, _) = overture(&["check", "--json", "-"], chasing.as_bytes());
    let plain: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert!(plain.get("patience").is_none(), "no history, no patience field");

    let third = run(r#"{"sends": ["2026-11-02", "2026-11-16"]}"#, &[]);
    assert_eq!(third["patience"]["nth"], 3);
    assert_eq!(third["patience"]["unanswered"], serde_json::json!(["2026-11-02", "2026-11-16"]));
    assert_eq!(
        third["patience"]["message"],
        "This is your third note to Dana since 2 November with no reply. The article's advice: give it time, or put your energy into people who answer."
    );
    // Follow-up wording to someone silent costs more, and the evidence says why.
    assert!(third["score"].as_u64() < plain["score"].as_u64(), "{} vs {}", third["score"], plain["score"]);
    assert!(third["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["label"].as_str().unwrap().contains("counts double")));

    // A reply since resets the count; the events shape reads the same.
    let replied = run(r#"[{"sent": "2026-11-02"}, {"reply": "2026-11-10"}, {"sent": "2026-11-16"}]"#, &[]);
    assert_eq!(replied["patience"]["nth"], 2);
    assert_eq!(replied["patience"]["warn"], false);
    // The count is configurable.
    assert_eq!(run(r#"{"sends": ["2026-11-16"]}"#, &["--patience-count", "2"])["patience"]["warn"], true);

    // A bad history file is a clear message and status 2.
    std::fs::write(dir.join("bad.json"), r#"{"sends": ["last Tuesday"]}"#).unwrap();
    let (code, _, err) =
        overture(&["check", "--history", dir.join("bad.json").to_str().unwrap(), "-"], chasing.as_bytes());
    assert_eq!(code, 2);
    assert!(err.contains("is not a date"), "{err}");
    // The count and the window take the values the extension's settings take.
    let file = dir.join("history.json");
    for (flag, value) in [("--patience-count", "1"), ("--patience-count", "11"), ("--window", "6"), ("--window", "366")]
    {
        let (code, _, err) =
            overture(&["check", "--history", file.to_str().unwrap(), flag, value, "-"], chasing.as_bytes());
        assert_eq!(code, 2, "{flag} {value}");
        assert!(err.contains("not in"), "{flag} {value}: {err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
