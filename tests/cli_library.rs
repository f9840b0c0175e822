//! `overture check` over a library of templates (`tests/cli/templates/`): every layout, every
//! reporter against its golden output, the exit codes, .gitignore, a file that is not UTF-8 in
//! the middle of a folder, and the SARIF log against the SARIF 2.1.0 schema.
//!
//! After a change that moves scores on purpose (a refit, a new rule), regenerate the golden
//! files with `UPDATE_GOLDEN=1 cargo test --test cli_library` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli")
}

/// Runs `overture` in tests/cli: (status, stdout, stderr).
fn overture(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_overture")).args(args).current_dir(dir()).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn golden(name: &str, got: &str) {
    let path = dir().join("golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n  want: {:?}\n  got:  {:?}\n(UPDATE_GOLDEN=1 regenerates it)",
            first + 1,
            want.lines().nth(first),
            got.lines().nth(first)
        );
    }
}

#[test]
fn every_reporter_matches_its_golden_output() {
    for (format, file) in
        [("human", "human.txt"), ("json", "json.jsonl"), ("sarif", "sarif.json"), ("github", "github.txt")]
    {
        let (code, out, err) = overture(&["check", "--format", format, "templates"]);
        // The folder holds a file that is not UTF-8: reported, the run goes on, status 2.
        assert_eq!(code, 2, "{format}: {err}");
        assert!(err.contains("latin1.txt is not valid UTF-8"), "{format}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        golden(file, &out);
    }
}

#[test]
fn every_layout_is_split_into_its_templates() {
    let (_, out, _) = overture(&["check", "--format", "json", "templates"]);
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let names: Vec<(String, u64, String)> = rows
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["template"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has =
        |file: &str, line: u64, name: &str| names.iter().any(|n| n.0.ends_with(file) && n.1 == line && n.2 == name);
    // Headings (the introduction under the title is not a template).
    assert!(has("outreach.md", 7, "Cold email: first touch"), "{names:?}");
    assert!(has("outreach.md", 18, "LinkedIn connection note"), "{names:?}");
    assert!(!names.iter().any(|n| n.2 == "Outreach templates"), "{names:?}");
    // Fenced blocks, `---` parts, an HTML page.
    assert!(has("follow-ups.md", 4, "block 1") && has("follow-ups.md", 8, "block 2"), "{names:?}");
    assert!(has("networking.txt", 1, "part 1") && has("networking.txt", 5, "part 3"), "{names:?}");
    assert!(has("landing.html", 1, "(page)"), "{names:?}");
    // .gitignore is honoured.
    assert!(!names.iter().any(|n| n.0.contains("ignored")), "{names:?}");
    // The channel comes from the heading.
    let note = rows.iter().find(|r| r["template"] == "LinkedIn connection note").unwrap();
    assert_eq!(note["channel"], "linkedin-note");
    // Finding positions are in the file.
    let cold = rows.iter().find(|r| r["template"] == "Cold email: first touch").unwrap();
    let f = &cold["findings"][0];
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(9), Some(1)), "{f}");
    // An explicit layout overrides the detection.
    let (_, whole, _) = overture(&["check", "--format", "json", "--split", "none", "templates/outreach.md"]);
    assert_eq!(whole.lines().count(), 1);
}

#[test]
fn exit_codes_say_whether_a_template_falls_short() {
    // All templates at 40 or above (the agenda note reads 42): 0;
    // one under 70: 1.
    assert_eq!(overture(&["check", "--fail-under", "40", "templates/networking.txt"]).0, 0);
    assert_eq!(overture(&["check", "--fail-under", "70", "templates/networking.txt"]).0, 1);
    // --fail-on pitch: no pitch in networking.txt; the cold email is one.
    assert_eq!(overture(&["check", "--fail-on", "pitch", "templates/networking.txt"]).0, 0);
    assert_eq!(overture(&["check", "--fail-on", "pitch", "templates/outreach.md"]).0, 1);
    // --fail-on one-sided: the plain note in networking.txt leans one-sided.
    assert_eq!(overture(&["check", "--fail-on", "one-sided", "templates/networking.txt"]).0, 1);
    // A bad file wins over a failing template: 2.
    assert_eq!(overture(&["check", "--fail-under", "100", "templates"]).0, 2);
    // The human report names what failed.
    let (_, out, _) = overture(&["check", "--fail-on", "pitch", "templates/outreach.md"]);
    assert!(out.contains("Cold email: first touch — ") && out.contains("(fails)"), "{out}");
}

#[test]
fn input_that_is_only_invisible_characters_is_empty() {
    for bytes in [&b"\0\0\0"[..], "\u{feff}".as_bytes(), "\u{200b}\u{200d} \n".as_bytes()] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_overture"))
            .args(["check", "-"])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bytes:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("is empty"), "{bytes:?}");
    }
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let (_, out, _) = overture(&["check", "--format", "sarif", "templates"]);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("sarif-schema-2.1.0.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "severe".into();
    assert!(!validator.is_valid(&broken));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "we-help-companies"));
    assert!(results
        .iter()
        .all(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1));
}
