//! The reporters of `overture check` over many templates: human (`file:line:col` per finding,
//! a score per template, a summary), JSON (one object per template, one per line), SARIF 2.1.0,
//! and GitHub workflow-command annotations.

use crate::cli::Checked;
use overture::{rules, Band, Category, Finding, Report};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// Where a byte offset of a template's text is in its file: 1-based line, and 1-based column
/// in UTF-16 code units (SARIF's default).
fn position(c: &Checked, byte: usize) -> (usize, usize) {
    let text = &c.template.text;
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].encode_utf16().count() + 1;
    (c.template.line + line, col)
}

/// What moved the score most, for the human report.
pub fn explain(r: &Report) -> String {
    let mut h = String::from("\n\nWhat moved the score most:\n");
    for e in &r.evidence {
        let what = match e.kind {
            "finding" => format!("{:?} ({})", e.label.replace('\n', " "), e.rule.unwrap_or("")),
            "phrase" => format!("{:?} (a phrase the model weighs)", e.label.replace('\n', " ")),
            _ => e.label.clone(),
        };
        let _ = writeln!(h, "  {:>+5.1}  {:<10} {what}", e.points, e.category.id());
    }
    if r.evidence.is_empty() {
        h.push_str("  nothing either way: no pitch and no mutual evidence\n");
    }
    h.pop();
    h
}

fn negative(r: &Report) -> impl Iterator<Item = &Finding> {
    r.findings.iter().filter(|f| f.category.is_negative())
}

/// `file:line:col` per finding, the score per template, a summary table at the end.
pub fn human_many(checked: &[Checked], explain_too: bool, failing: &dyn Fn(&Checked) -> bool) -> String {
    let mut s = String::new();
    for c in checked {
        let r = &c.report;
        let _ = writeln!(
            s,
            "{}:{}: {} — {}/100, {}{}",
            c.file,
            c.template.line,
            c.template.name,
            r.score,
            r.verdict.label(),
            if failing(c) { " (fails)" } else { "" }
        );
        if let Some(m) = c.patience.as_ref().and_then(|p| p.message.as_ref()) {
            let _ = writeln!(s, "{}:{}: {m}", c.file, c.template.line);
        }
        for f in negative(r) {
            let (line, col) = position(c, f.byte_start);
            let _ = writeln!(
                s,
                "{}:{line}:{col}: {} {}: “{}” — {}",
                c.file,
                f.category.id(),
                f.rule,
                f.text.replace('\n', " "),
                f.message
            );
            for sug in &f.suggestions {
                let _ = writeln!(s, "    → {sug}");
            }
        }
        if explain_too {
            s.push_str(explain(r).trim_start_matches('\n'));
            s.push('\n');
        }
        s.push('\n');
    }
    let _ = writeln!(s, "score  band                template");
    for c in checked {
        let _ = writeln!(
            s,
            "{:>5}  {:<18}  {}:{} {}",
            c.report.score,
            c.report.verdict.label(),
            c.file,
            c.template.line,
            c.template.name
        );
    }
    let count = |b: Band| checked.iter().filter(|c| c.report.band == b).count();
    let _ = writeln!(
        s,
        "{} template{}: {} read as mutual, {} lean one-sided, {} read like a pitch",
        checked.len(),
        if checked.len() == 1 { "" } else { "s" },
        count(Band::Mutual),
        count(Band::OneSided),
        count(Band::Pitch)
    );
    s
}

/// One JSON object per template, one per line: the shape of a single check (`score`, `band`, `verdict`,
/// `breakdown`, `taken` when present, `findings`, `evidence`), extended with `file`, `line`, `template`, `channel`,
/// and each finding's `line` and `column` in the file.
pub fn json(checked: &[Checked]) -> String {
    let mut s = String::new();
    for c in checked {
        let r = &c.report;
        let findings: Vec<Value> = r
            .findings
            .iter()
            .map(|f| {
                let (line, column) = position(c, f.byte_start);
                json!({
                    "rule": f.rule, "category": f.category.id(), "severity": f.severity.id(),
                    "start": f.start, "end": f.end, "text": f.text, "message": f.message,
                    "suggestions": f.suggestions, "line": line, "column": column,
                })
            })
            .collect();
        let v = json!({
            "score": r.score, "band": r.band.id(), "verdict": r.verdict.id(), "breakdown": r.breakdown, "findings": findings,
            "evidence": r.evidence, "file": c.file, "line": c.template.line, "template": c.template.name,
            "channel": c.channel.id(),
        });
        let mut v = v;
        if let Some(t) = &r.taken {
            v["taken"] = json!(t);
        }
        if let Some(p) = &c.patience {
            v["patience"] = json!(p);
        }
        s.push_str(&v.to_string());
        s.push('\n');
    }
    s
}

fn level(f: &Finding) -> &'static str {
    match f.severity {
        overture::Severity::High | overture::Severity::Medium => "warning",
        overture::Severity::Low => "note",
    }
}

fn uri(file: &str) -> String {
    let f = file.strip_prefix("./").unwrap_or(file);
    if f == "-" {
        return "stdin".into();
    }
    // A relative URI reference: spaces and other reserved characters escaped.
    let mut out = String::new();
    for b in f.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// SARIF 2.1.0: one result per flagged phrase (`warning` or `note` by severity), and one
/// `template-score` result per template (`error` when it fails `--fail-under`/`--fail-on`).
pub fn sarif(checked: &[Checked], failing: &dyn Fn(&Checked) -> bool) -> String {
    let mut used: Vec<&'static str> = checked.iter().flat_map(|c| negative(&c.report).map(|f| f.rule)).collect();
    used.sort_unstable();
    used.dedup();
    let mut descriptors: Vec<Value> = vec![json!({
        "id": "template-score",
        "name": "TemplateScore",
        "shortDescription": { "text": "The template's mutuality score (0-100)." },
        "fullDescription": { "text": "How mutual the template reads: 70 and above reads as mutual, 40-69 leans one-sided, under 40 reads like a pitch." },
    })];
    for id in &used {
        let r = rules().find(|r| r.id == *id);
        let (explanation, category) = r.map_or(("", Category::Pitch), |r| (r.explanation, r.category));
        descriptors.push(json!({
            "id": id,
            "shortDescription": { "text": explanation },
            "properties": { "category": category.id(), "principle": category.principle() },
        }));
    }
    let mut results: Vec<Value> = Vec::new();
    for c in checked {
        let location = |line: usize, col: usize, end_line: usize, end_col: usize| {
            json!([{ "physicalLocation": {
                "artifactLocation": { "uri": uri(&c.file) },
                "region": { "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col },
            }}])
        };
        let r = &c.report;
        results.push(json!({
            "ruleId": "template-score",
            "ruleIndex": 0,
            "level": if failing(c) { "error" } else { "note" },
            "message": { "text": format!("“{}” scores {}/100: {}.", c.template.name, r.score, r.verdict.label()) },
            "locations": location(c.template.line, 1, c.template.line, 1),
            "properties": { "score": r.score, "band": r.band.id(), "verdict": r.verdict.id(), "template": c.template.name },
        }));
        for f in negative(r) {
            let (line, col) = position(c, f.byte_start);
            let (end_line, end_col) = position(c, f.byte_end);
            let mut text = f.message.to_string();
            if !f.suggestions.is_empty() {
                let _ = write!(text, " Try: “{}”.", f.suggestions.join("” or “"));
            }
            results.push(json!({
                "ruleId": f.rule,
                "ruleIndex": 1 + used.iter().position(|u| *u == f.rule).unwrap_or(0),
                "level": level(f),
                "message": { "text": text },
                "locations": location(line, col, end_line, end_col),
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "overture",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// A value for a GitHub workflow command's property or message (its own escaping).
fn escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub workflow commands: an annotation per flagged phrase, a notice per template (an error
/// when it fails).
pub fn github(checked: &[Checked], failing: &dyn Fn(&Checked) -> bool) -> String {
    let mut s = String::new();
    for c in checked {
        let r = &c.report;
        let kind = if failing(c) { "error" } else { "notice" };
        let _ = writeln!(
            s,
            "::{kind} file={},line={},title={}::{}",
            escape(&c.file, true),
            c.template.line,
            escape(&format!("Overture: {}", c.template.name), true),
            escape(&format!("{}/100, {}", r.score, r.verdict.label()), false)
        );
        for f in negative(r) {
            let (line, col) = position(c, f.byte_start);
            let (end_line, end_col) = position(c, f.byte_end);
            let mut text = format!("“{}”: {}", f.text, f.message);
            if !f.suggestions.is_empty() {
                let _ = write!(text, " Try: “{}”.", f.suggestions.join("” or “"));
            }
            let _ = writeln!(
                s,
                "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                if level(f) == "note" { "notice" } else { "warning" },
                escape(&c.file, true),
                escape(&format!("{} ({})", f.rule, f.category.id()), true),
                escape(&text, false)
            );
        }
    }
    s
}
