//! The command line itself (native only).

use crate::report;
use crate::templates::{self, Split, Template};
use clap::{Parser, Subcommand, ValueEnum};
use overture::patience::{self, Day, History, Patience, Rule};
use overture::{rules, Analyzer, Band, Category, Channel, Config, Finding, Report};
use serde::Serialize;
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
    /// Check drafts or a library of templates: files, folders (recursively, honouring
    /// .gitignore) or `-` for standard input. Markdown and text files are split into templates
    /// (by heading, fenced block or `---`); HTML files are checked as their text.
    Check {
        /// Print JSON (the same as `--format json`).
        #[arg(long)]
        json: bool,
        /// How to report: human, json (one object per template, one per line), sarif (SARIF
        /// 2.1.0, for code-scanning tools) or github (workflow-command annotations).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Where the messages are going; it changes length expectations. Without it, a
        /// template's heading decides ("LinkedIn", "connection note", "InMail"), else email.
        #[arg(long, value_enum)]
        channel: Option<ChannelArg>,
        /// How Markdown and text files are cut into templates.
        #[arg(long, value_enum, default_value_t = Split::Auto)]
        split: Split,
        /// Also list what moved each score most, in points.
        #[arg(long)]
        explain: bool,
        /// Exit with status 1 when a template scores under this.
        #[arg(long, value_name = "SCORE")]
        fail_under: Option<u8>,
        /// Exit with status 1 when a template reads like a pitch (`pitch`), or at best leans
        /// one-sided (`one-sided`).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Earlier notes to the recipient, and their replies, as JSON: `{"sends": ["2026-11-02",
        /// ...], "replies": [...]}` or `[{"sent": "2026-11-02"}, {"reply": "2026-11-05"}]`. From the
        /// third note with no reply in between, the report says so, and follow-up wording counts
        /// double (what the extension keeps per recipient, tried outside the browser).
        #[arg(long, value_name = "FILE")]
        history: Option<String>,
        /// The recipient's name, for the patience message (with --history).
        #[arg(long, value_name = "NAME", requires = "history")]
        to: Option<String>,
        /// Today's date for --history (YYYY-MM-DD; default: the system's date, UTC).
        #[arg(long, value_name = "DATE", requires = "history")]
        today: Option<String>,
        /// With --history: the note number from which to say so (default 3).
        #[arg(long, value_name = "N", default_value_t = Rule::default().nth, requires = "history",
              value_parser = clap::value_parser!(u32).range(i64::from(*Rule::NTH_RANGE.start())..=i64::from(*Rule::NTH_RANGE.end())))]
        patience_count: u32,
        /// With --history: forget notes older than this many days (default 60).
        #[arg(long, value_name = "DAYS", default_value_t = Rule::default().window_days, requires = "history",
              value_parser = clap::value_parser!(u32).range(i64::from(*Rule::WINDOW_RANGE.start())..=i64::from(*Rule::WINDOW_RANGE.end())))]
        window: u32,
        /// Files, folders, or `-` for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
    },
    /// List the rule catalogue.
    Rules {
        /// Print a JSON array, one object per rule.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Pitch,
    OneSided,
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
        Command::Check {
            json,
            format,
            channel,
            split,
            explain,
            fail_under,
            fail_on,
            history,
            to,
            today,
            patience_count,
            window,
            paths,
        } => {
            let format = format.unwrap_or(if json { Format::Json } else { Format::Human });
            let patience =
                match history.map(|f| read_history(&f, today.as_deref(), to, patience_count, window)).transpose() {
                    Ok(p) => p,
                    Err(msg) => {
                        eprintln!("overture: {msg}");
                        return ExitCode::from(2);
                    }
                };
            let options =
                Options { format, channel: channel.map(Channel::from), split, explain, fail_under, fail_on, patience };
            return check(&paths, &options);
        }
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

struct Options {
    format: Format,
    channel: Option<Channel>,
    split: Split,
    explain: bool,
    fail_under: Option<u8>,
    fail_on: Option<FailOn>,
    /// The recipient's history, when `--history` was given: the same for every template.
    patience: Option<PatienceNote>,
}

/// The recipient's history seen against the message, and what to say about it.
#[derive(Clone, Serialize)]
pub struct PatienceNote {
    #[serde(flatten)]
    pub patience: Patience,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Reads `--history` and judges it for today (see [`overture::patience`]).
fn read_history(
    file: &str,
    today: Option<&str>,
    to: Option<String>,
    nth: u32,
    window: u32,
) -> Result<PatienceNote, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let history: History = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let today = match today {
        Some(d) => Day::parse(d).ok_or_else(|| format!("--today {d:?} is not a date (YYYY-MM-DD)"))?,
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| e.to_string())?
                .as_secs();
            Day((secs / 86_400) as i32)
        }
    };
    let p = patience::assess(&history, today, Rule { window_days: window, nth });
    let message = patience::message(&p, today, to.as_deref());
    Ok(PatienceNote { patience: p, message })
}

/// Whether a text has nothing to check: only white space, NUL, byte-order marks or
/// zero-width characters.
fn blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\0' | '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}')
    })
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
    if blank(&text) {
        return Err(format!("{name} is empty: nothing to check"));
    }
    Ok(text)
}

/// The files a path stands for: itself, or the template files under a folder (Markdown, text
/// and HTML; .gitignore and hidden files honoured), in a stable order.
fn files(path: &str) -> Vec<String> {
    if path == "-" || !std::path::Path::new(path).is_dir() {
        return vec![path.to_string()];
    }
    let mut out: Vec<String> = ignore::WalkBuilder::new(path)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| {
            let p = p.to_ascii_lowercase();
            [".md", ".markdown", ".txt", ".html", ".htm"].iter().any(|x| p.ends_with(x))
        })
        .collect();
    out.sort();
    out
}

/// One checked template.
pub struct Checked {
    pub file: String,
    pub template: Template,
    pub channel: Channel,
    pub report: Report,
    /// The recipient's history seen against this message (`--history`).
    pub patience: Option<PatienceNote>,
}

/// A file's templates, checked, or why it could not be.
fn check_file(file: &str, analyzer: &Analyzer, o: &Options) -> Result<Vec<Checked>, String> {
    let text = read_input(file)?;
    let lower = file.to_ascii_lowercase();
    let templates = if lower.ends_with(".html") || lower.ends_with(".htm") {
        let t = templates::html_text(&text);
        if blank(&t) {
            return Err(format!("{file} has no text: nothing to check"));
        }
        vec![Template { name: "(page)".into(), line: 1, text: t, channel: None }]
    } else {
        templates::split(&text, o.split)
    };
    let templates = if templates.is_empty() {
        // Too short to split into anything: the whole file is the draft.
        vec![Template { name: "(whole file)".into(), line: 1, text: text.trim_end().to_string(), channel: None }]
    } else {
        templates
    };
    Ok(templates
        .into_iter()
        .map(|t| {
            let channel = o.channel.or(t.channel).unwrap_or(Channel::Email);
            let mut report = analyzer.analyze(&t.text, channel);
            if let Some(p) = &o.patience {
                patience::weigh(&mut report, &p.patience);
            }
            let file = if file == "-" { "-".into() } else { file.to_string() };
            Checked { file, template: t, channel, report, patience: o.patience.clone() }
        })
        .collect())
}

fn check(paths: &[String], o: &Options) -> ExitCode {
    let analyzer = match Analyzer::new(&Config::default()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("overture: {e}");
            return ExitCode::from(2);
        }
    };
    let list: Vec<String> = paths.iter().flat_map(|p| files(p)).collect();
    let progress = if list.len() > 20 && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(list.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    use rayon::prelude::*;
    let results: Vec<(String, Result<Vec<Checked>, String>)> = list
        .par_iter()
        .map(|f| {
            let r = check_file(f, &analyzer, o);
            progress.inc(1);
            (f.clone(), r)
        })
        .collect();
    progress.finish_and_clear();

    let mut bad = 0;
    let mut checked: Vec<Checked> = Vec::new();
    for (_, r) in results {
        match r {
            Ok(v) => checked.extend(v),
            Err(e) => {
                eprintln!("overture: {e}");
                bad += 1;
            }
        }
    }
    let failing = |c: &Checked| {
        o.fail_under.is_some_and(|t| c.report.score < t)
            || match o.fail_on {
                Some(FailOn::Pitch) => c.report.band == Band::Pitch,
                Some(FailOn::OneSided) => c.report.band != Band::Mutual,
                None => false,
            }
    };
    let failed = checked.iter().filter(|c| failing(c)).count();
    let out = match o.format {
        _ if checked.is_empty() && o.format != Format::Sarif => String::new(),
        Format::Human if checked.len() == 1 && list.len() == 1 => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut h = human(&checked[0].template.text, &checked[0].report, colour);
            if let Some(m) = checked[0].patience.as_ref().and_then(|p| p.message.as_ref()) {
                h.push_str(&format!("\n{}\n", style(colour, "1;34", m)));
            }
            if o.explain {
                h.push_str(&report::explain(&checked[0].report));
            }
            h + "\n"
        }
        Format::Human => report::human_many(&checked, o.explain, &failing),
        Format::Json => report::json(&checked),
        Format::Sarif => report::sarif(&checked, &failing),
        Format::Github => report::github(&checked, &failing),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`overture check x | head`) is not an error worth a message.
    let _ = stdout.write_all(out.as_bytes());
    if bad > 0 {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
    let band = format!("Score {}/100: {}", report.score, report.verdict.label());
    s.push_str(&style(colour, "1", &band));
    s.push('\n');
    for c in Category::ALL {
        let got = report.breakdown.get(c);
        let max = overture::score::max_for(c);
        // Points another category's evidence took from this one are shaded apart, with whose.
        let taken = report.taken.as_ref().map_or(0, |t| t.points.get(c));
        let bar: String = "█".repeat(got as usize / 2)
            + &"░".repeat(taken as usize / 2)
            + &"·".repeat((max - got - taken) as usize / 2);
        let note = match &report.taken {
            Some(t) if taken > 0 => format!(" {taken} taken by {}", takers(&t.by)),
            _ => String::new(),
        };
        s.push_str(&format!("  {:<11} {:>2}/{:<2} {}{}\n", c.label(), got, max, bar, note));
    }
    s.pop();
    s
}

/// "sales pitch", "chasing and pressure": whose evidence took a category's points.
fn takers(by: &[Category]) -> String {
    let names: Vec<String> = by.iter().map(|c| c.label().to_lowercase()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
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
