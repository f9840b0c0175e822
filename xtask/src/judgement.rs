//! `cargo xtask eval` and `cargo xtask fit`: Overture's judgement measured on third-party
//! messages (`tests/corpus/third_party/`), cross-validated by source, and the score model
//! fitted on them.
//!
//! - `eval [--mirrors DIR]`: every owner's sources go to one of five folds, by a hash of the
//!   owner's name; each fold is scored by a model fitted on the other four. Prints the figures
//!   per channel and overall and writes them to `tests/corpus/RESULTS.md`. Pointer-only
//!   messages (sources whose licence does not let us store their text) are read from local git
//!   mirrors in `DIR` (`DIR/<owner>+<repo>/…`) and checked against their SHA-256; without
//!   mirrors, only the stored part is measured.
//! - `eval --hold-out FILE [--mirrors DIR]`: the sources FILE lists are scored by a model
//!   fitted on all the others (see [`hold_out`]); prints their figures only.
//! - `fit [--mirrors DIR]`: fits the model on the whole corpus and writes
//!   `src/model/weights.toml`.
//! - `mirrors [--mirrors DIR]`: the repositories the pointer-only sources need (see
//!   [`mirrors`]); `keep-text`: a message's text kept where its repository cannot be mirrored
//!   (see [`keep_text`]).

#[path = "../../tests/support/judgement.rs"]
pub mod support;

use crate::tools::{root, Result};
use overture::model::fit::{self, Example, Label, Params};
use overture::model::NAMED;
use overture::{Analyzer, Band, Category, Channel, Config};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{Corpus, Item};

pub const FOLDS: usize = 5;

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn mirrors_arg(args: &[String]) -> Option<PathBuf> {
    args.iter().position(|a| a == "--mirrors").and_then(|i| args.get(i + 1)).map(PathBuf::from)
}

/// The git directory of a mirror of `owner/repo` under `dir`, if there is one.
fn git_dir(dir: &Path, name: &str) -> Option<PathBuf> {
    let prefix = name.replace('/', "+");
    let mut stack: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|f| f.to_string_lossy().starts_with(&prefix)))
        .collect();
    while let Some(p) = stack.pop() {
        if p.join("HEAD").is_file() && p.join("objects").is_dir() {
            return Some(p);
        }
        if let Ok(rd) = std::fs::read_dir(&p) {
            stack.extend(rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()));
        }
    }
    None
}

pub fn load(mirrors: Option<&Path>) -> Result<Corpus> {
    let mut cache: HashMap<(String, String, String), Option<String>> = HashMap::new();
    support::load(&support::corpus_dir(&root()), sha256, |source, message| {
        let dir = mirrors?;
        let commit = source.commit.clone()?;
        let key = (source.name.clone(), commit.clone(), message.path.clone());
        cache
            .entry(key)
            .or_insert_with(|| {
                let git = git_dir(dir, &source.name)?;
                let out = Command::new("git")
                    .arg("--git-dir")
                    .arg(git)
                    .arg("show")
                    .arg(format!("{commit}:{}", message.path))
                    .output()
                    .ok()?;
                out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
            })
            .clone()
            .or_else(|| {
                // Lines a..b stand at lines a..b of what `extract` reads.
                let text = std::fs::read_to_string(text_path(dir, &source.name, message)).ok()?;
                Some("\n".repeat(message.lines[0].saturating_sub(1)) + &text)
            })
    })
}

/// Where a message's text can be kept when its repository cannot be mirrored (a fetch
/// refused, a repository gone): `DIR/texts/<owner>+<repo>/<path, each / as __>@<a>-<b>.txt`,
/// holding lines a..b of the file. It is used only where no mirror holds the file, and only
/// if the text extracted from it matches the message's SHA-256, like a mirror's.
fn text_path(dir: &Path, name: &str, message: &support::Message) -> PathBuf {
    let [a, b] = message.lines;
    dir.join("texts").join(name.replace('/', "+")).join(format!("{}@{a}-{b}.txt", message.path.replace('/', "__")))
}

/// Held-out scores by source-grouped cross-validation, and per item its negative findings and
/// words (for findings per 100 words).
pub struct Evaluation {
    pub scores: Vec<f64>,
    pub findings_words: Vec<(usize, usize)>,
    /// The project's own messages and their scores by a model fitted on the whole corpus.
    pub own: Option<(Vec<Item>, Vec<f64>)>,
}

pub fn evaluate(items: &[Item], params: &Params) -> Evaluation {
    let analyzer = Analyzer::new(&Config::default()).expect("default config");
    let examples = support::examples(&analyzer, items);
    if let Ok(path) = std::env::var("OVERTURE_DUMP_EXAMPLES") {
        let mut out = String::new();
        for (e, it) in examples.iter().zip(items) {
            let _ = writeln!(
                out,
                "{{\"label\":{:?},\"source\":{:?},\"channel\":{:?},\"debatable\":{},\"named\":{:?},\"ngrams\":{:?},\"text\":{}}}",
                it.label.id(),
                it.source,
                it.channel.id(),
                it.debatable,
                e.named,
                e.ngrams,
                serde_json::to_string(&it.text).unwrap_or_default()
            );
        }
        let _ = std::fs::write(path, out);
    }
    let scores = fit::cross_validate(&examples, FOLDS, params);
    if let Ok(path) = std::env::var("OVERTURE_DUMP_SCORES") {
        let _ = std::fs::write(path, format!("{scores:?}"));
    }
    let findings_words = support::findings_words(&analyzer, items);
    let own = support::own(&root()).ok().map(|own| {
        let model = fit::fit(&examples, params);
        let scores = support::examples(&analyzer, &own).iter().map(|e| model.predict(e)).collect();
        (own, scores)
    });
    Evaluation { scores, findings_words, own }
}

/// The head of the figures table ([`row`]).
const TABLE_HEAD: &str = "| part | n | ROC AUC (mutual vs pitch+pushy) | pitch in pitch band | pushy below mutual | mutual in mutual band | findings / 100 words on mutual |\n|---|---|---|---|---|---|---|";

/// One line of the figures table. A figure over no messages (a part with no pushy message,
/// say) reads "n/a", not "NaN%".
fn row(name: &str, f: &support::Figures) -> String {
    let or_na = |x: f64, s: String| if x.is_nan() { "n/a".to_string() } else { s };
    let pct = |x: f64| or_na(x, format!("{:.0}%", 100.0 * x));
    format!(
        "| {name} | {} | {} | {} | {} | {} | {} |",
        f.n,
        or_na(f.auc, format!("{:.3}", f.auc)),
        pct(f.pitch_in_pitch_band),
        pct(f.pushy_below_mutual),
        pct(f.mutual_in_mutual_band),
        or_na(f.findings_per_100_words_on_mutual, format!("{:.2}", f.findings_per_100_words_on_mutual))
    )
}

fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Email => "email",
        Channel::LinkedinMessage => "LinkedIn message",
        Channel::LinkedinNote => "LinkedIn note",
    }
}

/// The report: sizes, figures per channel and overall, confusion, worst misses.
fn report(corpus: &Corpus, eval: &Evaluation, mirrors: bool) -> String {
    let items = &corpus.items;
    let mut out = String::new();
    let _ = writeln!(out, "# Judgement on third-party messages\n");
    let _ = writeln!(
        out,
        "Generated by `cargo xtask eval{}`; do not edit. Source-grouped {FOLDS}-fold cross-validation: each message is scored by a model fitted on the other folds' sources only. {} messages from {} sources{}.\n",
        if mirrors { " --mirrors DIR" } else { "" },
        items.len(),
        corpus.sources.iter().filter(|s| s.2 > 0).count(),
        match (corpus.missing.len(), mirrors) {
            (0, _) => String::new(),
            (n, true) => format!(" ({n} pointer messages not readable in the mirrors given: `cargo xtask mirrors --mirrors DIR` names them)"),
            (n, false) => format!(" ({n} pointer messages not available without mirrors)"),
        }
    );
    let mut labels: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for it in items {
        *labels.entry((it.label.id(), channel_name(it.channel))).or_default() += 1;
    }
    let _ = writeln!(out, "| label | email | LinkedIn message | LinkedIn note | all |\n|---|---|---|---|---|");
    for l in ["mutual", "pitch", "pushy", "neutral"] {
        let n = |c: &str| labels.get(&(l, c)).copied().unwrap_or(0);
        let (e, m, t) = (n("email"), n("LinkedIn message"), n("LinkedIn note"));
        let _ = writeln!(out, "| {l} | {e} | {m} | {t} | {} |", e + m + t);
    }
    let _ = writeln!(out, "\n{TABLE_HEAD}");
    let linkedin = |it: &Item| it.channel != Channel::Email;
    type Keep = Box<dyn Fn(&Item) -> bool>;
    let parts: [(&str, Keep); 6] = [
        ("all", Box::new(|_| true)),
        ("email", Box::new(|it: &Item| it.channel == Channel::Email)),
        ("LinkedIn (messages and notes)", Box::new(linkedin)),
        ("LinkedIn message", Box::new(|it: &Item| it.channel == Channel::LinkedinMessage)),
        ("LinkedIn note", Box::new(|it: &Item| it.channel == Channel::LinkedinNote)),
        // The same held-out scores, on the messages whose label nobody marked debatable: how
        // much of the gap is the labels' own ambiguity.
        ("labels not marked debatable", Box::new(|it: &Item| !it.debatable)),
    ];
    for (name, keep) in &parts {
        let _ = writeln!(out, "{}", row(name, &support::figures(items, &eval.scores, &eval.findings_words, keep)));
    }
    let all = support::figures(items, &eval.scores, &eval.findings_words, |_| true);
    let _ = writeln!(out, "\nBand confusion (rows: label; columns: band):\n\n| label | mutual (70+) | one-sided (40–69) | pitch (<40) |\n|---|---|---|---|");
    for (l, row) in &all.confusion {
        let _ = writeln!(out, "| {l} | {} | {} | {} |", row[0], row[1], row[2]);
    }
    let analyzer = Analyzer::new(&Config::default()).expect("default config");
    if let Some((own, scores)) = &eval.own {
        let f = support::figures(own, scores, &vec![(0, 1); own.len()], |_| true);
        let _ = writeln!(
            out,
            "\nThe {} messages written in this project (`tests/corpus/own/`), scored by a model fitted on all third-party sources: ROC AUC {:.3}, pitch in pitch band {:.0}%, pushy below mutual {:.0}%, mutual in mutual band {:.0}%. They are not a measure of judgement (they were written where the rules were), only a check that the model still reads plainly written notes.",
            f.n,
            f.auc,
            100.0 * f.pitch_in_pitch_band,
            100.0 * f.pushy_below_mutual,
            100.0 * f.mutual_in_mutual_band
        );
    }
    let _ = writeln!(out, "\n## Worst misses\n");
    let mut misses: Vec<(f64, usize)> = items
        .iter()
        .zip(&eval.scores)
        .enumerate()
        .filter_map(|(i, (it, &s))| {
            let miss = match it.label {
                Label::Mutual => 70.0 - s,
                Label::Pitch => s - 40.0,
                Label::Pushy => s - 70.0,
                Label::Neutral => return None,
            };
            (miss > 0.0).then_some((miss, i))
        })
        .collect();
    misses.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, i) in misses.iter().take(15) {
        let it = &items[*i];
        let r = analyzer.analyze(&it.text, it.channel);
        let rules: Vec<&str> = r.findings.iter().map(|f| f.rule).collect();
        let first: String = it.text.split_whitespace().take(18).collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            out,
            "- {} scored {:.0} ({}, {}), {} `{}`: rules {:?} — “{first}…”",
            it.label.id(),
            eval.scores[*i],
            channel_name(it.channel),
            if it.debatable { "debatable" } else { "clear" },
            it.source,
            it.locator,
            rules
        );
    }
    out
}

/// The fit's settings, with overrides for experiments: `--maxima a,b,c,d,e`, `--l1 x`,
/// `--l2 x`, `--min-docs n`, `--min-sources n`, `--iterations n`, `--neutral-weight x`, `--neutral-target x`,
/// `--pitch-aim x`, `--no-refit` (see [`Params::refit_pruned`]), `--additive` (eval only: see
/// [`Params::additive`]).
fn params(args: &[String]) -> Result<Params> {
    // An unknown or misspelt flag is an error, not a run with the defaults that rewrites
    // RESULTS.md (as `eval --help` once did).
    const FLAGS: [&str; 18] = [
        "--mirrors",
        "--hold-out",
        "--maxima",
        "--l1",
        "--l2",
        "--discount",
        "--l2-named",
        "--min-docs",
        "--min-sources",
        "--max-ngrams",
        "--neutral-weight",
        "--neutral-target",
        "--iterations",
        "--floors",
        "--pitch-aim",
        "--mutual-aim",
        "--calibration-folds",
        "--miss-width",
    ];
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--additive" | "--no-refit" => i += 1,
            flag if FLAGS.contains(&flag) && i + 1 < args.len() => i += 2,
            flag if FLAGS.contains(&flag) => return Err(format!("{flag} takes a value")),
            other => {
                return Err(format!(
                    "unknown argument {other:?}; eval and fit take --mirrors DIR, eval also --hold-out FILE and \
                     --additive, and both --no-refit and the fit's settings: {}",
                    FLAGS[2..].join(" X, ") + " X"
                ))
            }
        }
    }
    let mut p = Params::default();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let num = |name: &str| -> Result<Option<f64>> {
        value(name).map(|v| v.parse::<f64>().map_err(|e| format!("{name}: {e}"))).transpose()
    };
    if let Some(m) = value("--maxima") {
        let v: Vec<f64> = m.split(',').filter_map(|x| x.parse().ok()).collect();
        p.maxima = v.try_into().map_err(|_| "--maxima takes five numbers")?;
    }
    for (flag, field) in [
        ("--l1", &mut p.l1),
        ("--l2", &mut p.l2),
        ("--discount", &mut p.discount),
        ("--l2-named", &mut p.l2_named),
        ("--neutral-weight", &mut p.neutral_weight),
        ("--pitch-aim", &mut p.pitch_aim),
        ("--mutual-aim", &mut p.mutual_aim),
        ("--miss-width", &mut p.miss_width),
    ] {
        if let Some(x) = num(flag)? {
            *field = x;
        }
    }
    for (flag, field) in [
        ("--min-docs", &mut p.min_docs),
        ("--min-sources", &mut p.min_sources),
        ("--max-ngrams", &mut p.max_ngrams),
        ("--calibration-folds", &mut p.calibration_folds),
        ("--iterations", &mut p.iterations),
    ] {
        if let Some(x) = num(flag)? {
            *field = x as usize;
        }
    }
    if let Some(x) = num("--neutral-target")? {
        p.neutral_target = Some(x);
    }
    p.additive = args.iter().any(|a| a == "--additive");
    if args.iter().any(|a| a == "--no-refit") {
        p.refit_pruned = false;
    }
    // Scales the mutual signals' least weights (0: none).
    if let Some(x) = num("--floors")? {
        p.floors.iter_mut().for_each(|f| *f *= x);
    }
    Ok(p)
}

pub fn eval(args: &[String]) -> Result {
    let params = params(args)?;
    let mirrors = mirrors_arg(args);
    let corpus = load(mirrors.as_deref())?;
    if let Some(file) = args.iter().position(|a| a == "--hold-out").and_then(|i| args.get(i + 1)) {
        return hold_out(&corpus, &params, Path::new(file));
    }
    let evaluation = evaluate(&corpus.items, &params);
    let text = report(&corpus, &evaluation, mirrors.is_some());
    print!("{text}");
    for m in corpus.missing.iter().take(5) {
        eprintln!("not measured: {m}");
    }
    let path = root().join("tests/corpus/RESULTS.md");
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    let notice = support::corpus_dir(&root()).join("NOTICE.md");
    std::fs::write(&notice, support::notice(&support::corpus_dir(&root()))?)
        .map_err(|e| format!("{}: {e}", notice.display()))?;
    eprintln!("wrote {}", notice.display());
    Ok(())
}

/// `eval --hold-out FILE`: the sources FILE names (one source or owner per line; `#` starts a
/// comment) are scored by one model fitted on every other owner's sources, and only their
/// figures are printed (RESULTS.md is left as it is). Cross-validation deals sources of every
/// kind into every fold; a round of new sources held out like this shows how the score reads
/// kinds of outreach it has never seen, the nearest thing here to the project's held-out sets.
fn hold_out(corpus: &Corpus, params: &Params, file: &Path) -> Result {
    let listed = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let names: Vec<&str> =
        listed.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).collect();
    let items = &corpus.items;
    if let Some(unknown) = names.iter().find(|n| !items.iter().any(|it| it.source == **n || it.group == **n)) {
        let hint =
            if corpus.missing.is_empty() { "" } else { " (a source whose text is not stored needs --mirrors DIR)" };
        return Err(format!("{}: no source or owner {unknown:?} in the corpus{hint}", file.display()));
    }
    // Every repository of a held-out owner is held out with it, as in cross-validation.
    let mut held_groups: Vec<&str> = items
        .iter()
        .filter(|it| names.contains(&it.source.as_str()) || names.contains(&it.group.as_str()))
        .map(|it| it.group.as_str())
        .collect();
    held_groups.sort_unstable();
    held_groups.dedup();
    let held: Vec<Item> = items.iter().filter(|it| held_groups.contains(&it.group.as_str())).cloned().collect();
    let analyzer = Analyzer::new(&Config::default()).expect("default config");
    let train: Vec<Example> = support::examples(
        &analyzer,
        &items.iter().filter(|it| !held_groups.contains(&it.group.as_str())).cloned().collect::<Vec<_>>(),
    );
    let model = fit::fit(&train, params);
    let scores: Vec<f64> = support::examples(&analyzer, &held).iter().map(|e| model.predict(e)).collect();
    let findings_words = support::findings_words(&analyzer, &held);
    println!(
        "Held out: {} messages from {} owners, scored by a model fitted on the other {} messages.\n",
        held.len(),
        held_groups.len(),
        train.len()
    );
    println!("{TABLE_HEAD}");
    type Keep<'a> = &'a dyn Fn(&Item) -> bool;
    let parts: [(&str, Keep); 3] = [
        ("all", &|_| true),
        ("LinkedIn (messages and notes)", &|it| it.channel != Channel::Email),
        ("labels not marked debatable", &|it| !it.debatable),
    ];
    for (name, keep) in parts {
        println!("{}", row(name, &support::figures(&held, &scores, &findings_words, keep)));
    }
    Ok(())
}

pub fn fit(args: &[String]) -> Result {
    let params = params(args)?;
    let mirrors = mirrors_arg(args);
    let corpus = load(mirrors.as_deref())?;
    if !corpus.missing.is_empty() {
        eprintln!("warning: {} pointer messages unavailable (fit on what is available)", corpus.missing.len());
    }
    let analyzer = Analyzer::new(&Config::default()).expect("default config");
    let examples: Vec<Example> = support::examples(&analyzer, &corpus.items);
    if params.additive {
        return Err("--additive is a measurement for `cargo xtask eval`; the shipped score is the logistic one".into());
    }
    let model = fit::fit(&examples, &params);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The score model's weights (see src/model/mod.rs). Generated by `cargo xtask fit` from\n# tests/corpus/third_party: {} messages from {} sources. Do not edit by hand: change the\n# corpus or the fit and run it again.\n\n# How much pitch, pressure and chasing discount mutual evidence in the additive parts that\n# `cargo xtask eval --additive` measures; the score itself does not use it.\ndiscount = {}\n\n[maxima]",
        examples.len(),
        corpus.sources.iter().filter(|s| s.2 > 0).count(),
        model.discount
    );
    for (k, c) in Category::ALL.iter().enumerate() {
        let _ = writeln!(out, "{} = {}", c.id(), model.maxima[k].round() as u8);
    }
    let _ = writeln!(out, "\n[named]");
    for (k, &(_, id, _, what)) in NAMED.iter().enumerate() {
        let _ = writeln!(out, "{id} = {:.4}  # {what}", model.named[k]);
    }
    // A table of (text, weight) lists by category: the n-grams, then the rules' own weights.
    for (table, items) in [("ngrams", &model.ngrams), ("rules", &model.rules)] {
        let _ = writeln!(out, "\n[{table}]");
        for cat in Category::ALL {
            let list: Vec<String> =
                items.iter().filter(|(_, c, _)| *c == cat).map(|(g, _, w)| format!("  [{:?}, {:.4}],", g, w)).collect();
            if !list.is_empty() {
                let _ = writeln!(out, "{} = [\n{}\n]", cat.id(), list.join("\n"));
            }
        }
    }
    let path = root().join("src/model/weights.toml");
    std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote {} ({} n-grams, {} rules)", path.display(), model.ngrams.len(), model.rules.len());
    let _ = Band::of(0);
    Ok(())
}

/// `cargo xtask mirrors [--mirrors DIR]`: the repositories that pointer-only sources point
/// into, one per line with how many messages they hold, most first, so that a new machine can
/// fetch the ones that matter most first. With `--mirrors DIR`, each line also says whether
/// `DIR` has a mirror holding every commit the corpus names (`ok`), none (`missing`), or one
/// without some commit (`stale`), or no mirror but every message's text kept in `DIR/texts`
/// that matches its SHA-256 (`texts`, see [`text_path`]); the last line sums up what is missing.
pub fn mirrors(args: &[String]) -> Result {
    /// Per repository: its pointer messages, the commits they name, and how many of them
    /// `DIR/texts` holds.
    type Need = (usize, Vec<String>, usize);
    let dir = mirrors_arg(args);
    let mut need: BTreeMap<String, Need> = BTreeMap::new();
    support::load(&support::corpus_dir(&root()), sha256, |source, message| {
        let entry = need.entry(source.name.clone()).or_default();
        entry.0 += 1;
        let kept = dir.as_ref().and_then(|d| std::fs::read_to_string(text_path(d, &source.name, message)).ok());
        if kept
            .is_some_and(|t| sha256(&support::extract(&t, [1, usize::MAX], message.strip.as_deref())) == message.sha256)
        {
            entry.2 += 1;
        }
        if let Some(c) = source.commit.as_ref().filter(|c| !entry.1.contains(c)) {
            entry.1.push(c.clone());
        }
        None
    })?;
    let mut repos: Vec<(String, Need)> = need.into_iter().collect();
    repos.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    let (mut lacking, mut lacking_messages) = (0, 0);
    for (name, (messages, commits, texts)) in &repos {
        let Some(dir) = &dir else {
            println!("{name}\t{messages}");
            continue;
        };
        let status = match git_dir(dir, name) {
            None if texts == messages => "texts",
            None => "missing",
            Some(git) => {
                let has = |c: &String| {
                    Command::new("git")
                        .arg("--git-dir")
                        .arg(&git)
                        .args(["cat-file", "-e", &format!("{c}^{{commit}}")])
                        .output()
                        .is_ok_and(|o| o.status.success())
                };
                if commits.iter().all(has) {
                    "ok"
                } else {
                    "stale"
                }
            }
        };
        if status != "ok" && status != "texts" {
            lacking += 1;
            lacking_messages += if status == "missing" { messages - texts } else { *messages };
        }
        println!("{name}\t{messages}\t{status}");
    }
    let total: usize = repos.iter().map(|r| r.1 .0).sum();
    if dir.is_some() {
        println!("# {} repositories hold {total} pointer messages; {lacking_messages} of them, in {lacking} repositories, cannot be read there", repos.len());
    } else {
        println!("# {} repositories hold {total} pointer messages", repos.len());
    }
    Ok(())
}

/// Where in `lines` (a copy of a message's file, or of a stretch of it) the message stands:
/// the first run of lines whose extracted text matches its SHA-256, as long as the message, or
/// up to three lines shorter where the copy lacks blank lines at its ends (their text is trimmed
/// either way). Gives the run's start and length.
fn find_run(lines: &[&str], message: &support::Message) -> Option<(usize, usize)> {
    let [a, b] = message.lines;
    let matches = |run: &[&str]| {
        sha256(&support::extract(&run.join("\n"), [1, usize::MAX], message.strip.as_deref())) == message.sha256
    };
    (0..=3usize.min(b.saturating_sub(a)))
        .flat_map(|short| (0..lines.len()).map(move |s| (s, (b + 1).saturating_sub(a + short))))
        .find(|&(s, len)| s + len <= lines.len() && matches(&lines[s..s + len]))
}

/// `cargo xtask keep-text --mirrors DIR OWNER/REPO PATH FILE`: keeps the pointer messages of
/// OWNER/REPO's PATH that FILE holds as `DIR/texts/…` (see [`text_path`]), for a repository
/// that cannot be mirrored but whose file can still be read elsewhere. FILE is a copy of that
/// file or of any stretch of it: each message is looked for as a run of FILE's lines whose text
/// matches the message's SHA-256, so the copy need not begin at line 1. Prints `kept` or `not
/// found` per message and fails if any was not found.
pub fn keep_text(args: &[String]) -> Result {
    let dir = mirrors_arg(args).ok_or("usage: cargo xtask keep-text --mirrors DIR OWNER/REPO PATH FILE")?;
    let rest: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| *a != "--mirrors" && (*i == 0 || args[i - 1] != "--mirrors"))
        .map(|(_, a)| a)
        .collect();
    let [repo, path, file] = rest[..] else {
        return Err("usage: cargo xtask keep-text --mirrors DIR OWNER/REPO PATH FILE".into());
    };
    let data = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let lines: Vec<&str> = data.split('\n').collect();
    let (mut kept, mut lost) = (Vec::new(), Vec::new());
    support::load(&support::corpus_dir(&root()), sha256, |source, message| {
        if source.name != *repo || message.path != *path {
            return None;
        }
        let [a, b] = message.lines;
        match find_run(&lines, message) {
            Some((s, len)) => {
                let to = text_path(&dir, &source.name, message);
                let written = std::fs::create_dir_all(to.parent().expect("a kept text has a folder"))
                    .and_then(|_| std::fs::write(&to, lines[s..s + len].join("\n")));
                match written {
                    Ok(()) => kept.push(format!("kept {a}-{b}: {}", to.display())),
                    Err(e) => lost.push(format!("not kept {a}-{b}: {}: {e}", to.display())),
                }
            }
            None => lost.push(format!("not found {a}-{b}: no run of lines in {file} matches its sha256")),
        }
        None
    })?;
    for line in kept.iter().chain(&lost) {
        println!("{line}");
    }
    match (kept.len(), lost.len()) {
        (0, 0) => Err(format!("no pointer message of {repo} is in {path}")),
        (_, 0) => Ok(()),
        (_, n) => Err(format!("{n} message(s) not kept")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_over_no_messages_reads_not_applicable() {
        let f = support::Figures {
            n: 3,
            auc: 0.91234,
            confusion: BTreeMap::new(),
            pitch_in_pitch_band: 0.5,
            pushy_below_mutual: f64::NAN,
            mutual_in_mutual_band: 2.0 / 3.0,
            findings_per_100_words_on_mutual: 0.456,
        };
        assert_eq!(row("LinkedIn", &f), "| LinkedIn | 3 | 0.912 | 50% | n/a | 67% | 0.46 |");
    }

    #[test]
    fn a_kept_text_is_named_by_repository_path_and_lines() {
        let message: support::Message = toml::from_str(
            "path = \"docs/templates/cold.md\"\nlines = [12, 20]\nchannel = \"email\"\nlabel = \"pitch\"\nsha256 = \"x\"",
        )
        .unwrap();
        assert_eq!(
            text_path(Path::new("/m"), "Jane/outreach-kit", &message),
            Path::new("/m/texts/Jane+outreach-kit/docs__templates__cold.md@12-20.txt")
        );
    }

    #[test]
    fn a_message_is_found_in_a_copy_of_any_stretch_of_its_file() {
        let text = "Hi [Name],\n\n  Loved your talk.";
        let message: support::Message = toml::from_str(&format!(
            "path = \"t.md\"\nlines = [40, 44]\nstrip = \"> \"\nchannel = \"email\"\nlabel = \"mutual\"\nsha256 = \"{}\"",
            sha256(text)
        ))
        .unwrap();
        // Lines 40..44 of the file: a blank line, the quoted message, a blank line.
        let copy = ["## Template 3", "", "> Hi [Name],   ", ">", ">   Loved your talk.", "", "## Template 4"];
        assert_eq!(find_run(&copy, &message), Some((1, 5)));
        // The copy begins at the message: the blank line before it is missing.
        assert_eq!(find_run(&copy[2..], &message), Some((0, 4)));
        // A character changed: not found.
        let changed = ["> Hi [Name],", ">", ">   Loved your talk!"];
        assert_eq!(find_run(&changed, &message), None);
    }
}
