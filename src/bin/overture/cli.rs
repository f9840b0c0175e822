//! The command line itself (native only).

use clap::{Parser, Subcommand, ValueEnum};
use overture::{rules, Analyzer, Category, Channel, Config, Finding, Report};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "overture",
    version,
    about = "Flags sales-pitch and pressure phrasing in networking messages and scores how mutual they read."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a draft: findings with explanations and suggestions, then the score.
    Check {
        /// Print one JSON object instead of the human report.
        #[arg(long)]
        json: bool,
        /// Where the message is going; it changes length expectations.
        #[arg(long, value_enum, default_value_t = ChannelArg::Email)]
        channel: ChannelArg,
        /// Also list what moved the score most: findings, weighted phrases and signals, with
        /// their points.
        #[arg(long)]
        explain: bool,
        /// The draft to check; `-` reads standard input.
        file: String,
    },
    /// List the rule catalogue.
    Rules {
        /// Print a JSON array, one object per rule.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ChannelArg {
    Email,
    LinkedinNote,
    LinkedinMessage,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Channel {
        match c {
            ChannelArg::Email => Channel::Email,
            ChannelArg::LinkedinNote => Channel::LinkedinNote,
            ChannelArg::LinkedinMessage => Channel::LinkedinMessage,
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { json, channel, explain, file } => check(&file, channel.into(), json, explain),
        Command::Rules { json } => list_rules(json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("overture: {msg}");
            ExitCode::from(2)
        }
    }
}

fn read_input(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    }
    let name = if file == "-" { "standard input" } else { file };
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{name} is not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))?;
    if text.trim().is_empty() {
        return Err(format!("{name} is empty: nothing to check"));
    }
    Ok(text)
}

/// The JSON shape other tools depend on: keep it stable, extend rather than rename.
#[derive(Serialize)]
struct JsonReport<'a> {
    score: u8,
    band: &'static str,
    breakdown: &'a overture::Breakdown,
    findings: Vec<JsonFinding<'a>>,
    /// What moved the score most (added after the first release: extends the shape).
    evidence: &'a [overture::analyzer::Evidence],
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    category: &'static str,
    severity: &'static str,
    start: usize,
    end: usize,
    text: &'a str,
    message: &'a str,
    suggestions: &'a [Cow<'static, str>],
}

fn check(file: &str, channel: Channel, json: bool, explain: bool) -> Result<(), String> {
    let text = read_input(file)?;
    let analyzer = Analyzer::new(&Config::default()).map_err(|e| e.to_string())?;
    let report = analyzer.analyze(&text, channel);
    let mut out = std::io::stdout().lock();
    let res = if json {
        let j = JsonReport {
            score: report.score,
            band: report.band.id(),
            breakdown: &report.breakdown,
            findings: report
                .findings
                .iter()
                .map(|f| JsonFinding {
                    rule: f.rule,
                    category: f.category.id(),
                    severity: f.severity.id(),
                    start: f.start,
                    end: f.end,
                    text: &f.text,
                    message: f.message.as_ref(),
                    suggestions: &f.suggestions,
                })
                .collect(),
            evidence: &report.evidence,
        };
        serde_json::to_writer(&mut out, &j)
            .map_err(|e| e.to_string())
            .and_then(|_| writeln!(out).map_err(|e| e.to_string()))
    } else {
        let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut h = human(&text, &report, colour);
        if explain {
            h.push_str("\n\nWhat moved the score most:\n");
            for e in &report.evidence {
                let what = match e.kind {
                    "finding" => format!("{:?} ({})", e.label.replace('\n', " "), e.rule.unwrap_or("")),
                    "phrase" => format!("{:?} (a phrase the model weighs)", e.label.replace('\n', " ")),
                    _ => e.label.clone(),
                };
                h.push_str(&format!("  {:>+5.1}  {:<10} {what}\n", e.points, e.category.id()));
            }
            if report.evidence.is_empty() {
                h.push_str("  nothing either way: no pitch and no mutual evidence\n");
            }
            h.pop();
        }
        writeln!(out, "{h}").map_err(|e| e.to_string())
    };
    // A closed pipe (`overture check x | head`) is not an error worth a message.
    match res {
        Err(e) if e.contains("Broken pipe") => Ok(()),
        other => other,
    }
}

fn style(colour: bool, code: &str, s: &str) -> String {
    if colour {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn category_colour(c: Category) -> &'static str {
    match c {
        Category::Pitch => "4;31",
        Category::Pressure => "4;33",
        Category::SelfFocus => "4;35",
        Category::FollowUp => "4;34",
        Category::Mutuality => "4;32",
    }
}

/// The human report: the text with flagged spans marked, the findings, then the score.
fn human(text: &str, report: &Report, colour: bool) -> String {
    let mut s = String::new();
    let mut at = 0;
    for f in &report.findings {
        s.push_str(&text[at..f.byte_start]);
        let marked = if colour {
            style(true, category_colour(f.category), &f.text)
        } else if f.category == Category::Mutuality {
            format!("{{+{}+}}", f.text)
        } else {
            format!("[[{}]]", f.text)
        };
        s.push_str(&marked);
        at = f.byte_end;
    }
    s.push_str(&text[at..]);
    s.push_str("\n\n");
    let (neg, pos): (Vec<&Finding>, Vec<&Finding>) = report.findings.iter().partition(|f| f.category.is_negative());
    if neg.is_empty() {
        s.push_str("No pitch or pressure phrasing found.\n");
    }
    for f in neg.iter().chain(pos.iter()) {
        let head = format!(
            "{} {} ({}, {})",
            if f.category.is_negative() { "✗" } else { "✓" },
            f.text.replace('\n', " "),
            f.category.id(),
            f.rule
        );
        s.push_str(&style(colour, "1", &head));
        s.push('\n');
        s.push_str(&format!("  {}\n", f.message));
        for sug in &f.suggestions {
            s.push_str(&format!("  → {sug}\n"));
        }
    }
    s.push('\n');
    let band = format!("Score {}/100: {}", report.score, report.band.label());
    s.push_str(&style(colour, "1", &band));
    s.push('\n');
    for c in Category::ALL {
        let got = report.breakdown.get(c);
        let max = overture::score::max_for(c);
        let bar: String = "█".repeat(got as usize / 2) + &"·".repeat((max - got) as usize / 2);
        s.push_str(&format!("  {:<11} {:>2}/{:<2} {}\n", c.label(), got, max, bar));
    }
    s.pop();
    s
}

#[derive(Serialize)]
struct JsonRule {
    id: &'static str,
    category: &'static str,
    severity: &'static str,
    principle: &'static str,
    explanation: &'static str,
    suggestions: Vec<&'static str>,
    flags: &'static [&'static str],
    allows: &'static [&'static str],
}

fn list_rules(json: bool) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    let res = if json {
        let v: Vec<JsonRule> = rules()
            .map(|r| JsonRule {
                id: r.id,
                category: r.category.id(),
                severity: r.severity.id(),
                principle: r.category.principle(),
                explanation: r.explanation,
                suggestions: r.all_suggestions(),
                flags: r.flags,
                allows: r.allows,
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &v)
            .map_err(|e| e.to_string())
            .and_then(|_| writeln!(out).map_err(|e| e.to_string()))
    } else {
        let mut r = Ok(());
        for c in Category::ALL {
            r = r.and_then(|_| writeln!(out, "\n{} — {}", c.label(), c.principle()));
            for rule in rules().filter(|x| x.category == c) {
                r = r.and_then(|_| writeln!(out, "  {:<32} {:<6} {}", rule.id, rule.severity.id(), rule.explanation));
            }
        }
        r.map_err(|e| e.to_string())
    };
    match res {
        Err(e) if e.contains("Broken pipe") => Ok(()),
        other => other,
    }
}
