//! The third-party corpus (`tests/corpus/third_party/`) and the judgement figures over it:
//! shared by `tests/judgement.rs` (the stored, licensed part, in CI) and `cargo xtask eval` /
//! `cargo xtask fit` (the whole corpus, with pointers extracted from local mirrors).
//! See `tests/corpus/README.md` for the file format.

#![allow(dead_code)]

use overture::model::fit::{Example, Label};
use overture::{Analyzer, Band, Channel};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub name: String,
    pub kind: String,
    pub url: String,
    #[serde(default)]
    pub commit: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    pub licence: String,
    #[serde(default)]
    pub attribution: Option<String>,
    pub stored: bool,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub path: String,
    pub lines: [usize; 2],
    #[serde(default)]
    pub strip: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    pub channel: String,
    pub label: String,
    #[serde(default)]
    pub debatable: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    pub sha256: String,
}

#[derive(Deserialize)]
struct File {
    source: Source,
    #[serde(default)]
    message: Vec<Message>,
}

/// One message with its text, ready to analyse.
#[derive(Clone, Debug)]
pub struct Item {
    /// The source file's name (without `.toml`).
    pub source: String,
    /// Who wrote the source: the repository's owner, lower-cased. It is the unit of
    /// cross-validation and of the fit's "from at least two sources" rule, so that two
    /// repositories of one company (whose templates share its wording) count as one source.
    pub group: String,
    pub channel: Channel,
    pub label: Label,
    pub text: String,
    /// Where it is: `path:lines` in the source.
    pub locator: String,
    pub debatable: bool,
}

/// What loading found.
pub struct Corpus {
    pub items: Vec<Item>,
    pub sources: Vec<(String, Source, usize)>,
    /// Pointer messages that could not be resolved (no mirror, or a text that does not match
    /// its SHA-256), with why.
    pub missing: Vec<String>,
}

/// The corpus folder under the repository root.
pub fn corpus_dir(root: &Path) -> PathBuf {
    root.join("tests/corpus/third_party")
}

/// The message text of lines `lines` (1-based, inclusive) of `data`: `strip` removed from the
/// start of each line (or its trimmed form), trailing white space removed, the whole trimmed.
pub fn extract(data: &str, lines: [usize; 2], strip: Option<&str>) -> String {
    let all: Vec<&str> = data.split('\n').collect();
    let from = lines[0].saturating_sub(1).min(all.len());
    let to = lines[1].min(all.len()).max(from);
    let out: Vec<String> = all[from..to]
        .iter()
        .map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            let l = match strip {
                Some(s) if l.starts_with(s) => &l[s.len()..],
                Some(s) if l.starts_with(s.trim_end()) => &l[s.trim_end().len()..],
                _ => l,
            };
            l.trim_end().to_string()
        })
        .collect();
    out.join("\n").trim().to_string()
}

/// Every source file in `dir`, parsed, by file name (without `.toml`), in name order.
fn source_files(dir: &Path) -> Result<Vec<(String, File)>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file: File = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((name, file))
        })
        .collect()
}

/// Loads every source file. `read_pointer(source, message)` gives the file a pointer message
/// points into (the whole file at that commit), or `None` where no mirror is available.
pub fn load(
    dir: &Path,
    sha256: impl Fn(&str) -> String,
    mut read_pointer: impl FnMut(&Source, &Message) -> Option<String>,
) -> Result<Corpus, String> {
    let mut corpus = Corpus { items: Vec::new(), sources: Vec::new(), missing: Vec::new() };
    for (name, file) in source_files(dir)? {
        let mut n = 0;
        for (k, m) in file.message.iter().enumerate() {
            let at = format!("{name} message {}", k + 1);
            let label = Label::from_id(&m.label).ok_or(format!("{at}: label {:?}", m.label))?;
            let channel = Channel::from_id(&m.channel).ok_or(format!("{at}: channel {:?}", m.channel))?;
            let body = if file.source.stored {
                let t = m.text.clone().ok_or(format!("{at}: a stored source needs `text`"))?;
                if sha256(&t) != m.sha256 {
                    return Err(format!("{at}: the stored text does not match its sha256"));
                }
                t
            } else {
                if m.text.is_some() {
                    return Err(format!("{at}: a pointer-only source must not store text"));
                }
                match read_pointer(&file.source, m) {
                    Some(data) => {
                        let t = extract(&data, m.lines, m.strip.as_deref());
                        if sha256(&t) != m.sha256 {
                            corpus.missing.push(format!("{at}: extracted text does not match its sha256"));
                            continue;
                        }
                        t
                    }
                    None => {
                        corpus.missing.push(format!("{at}: no mirror of {}", file.source.name));
                        continue;
                    }
                }
            };
            n += 1;
            corpus.items.push(Item {
                source: name.clone(),
                group: file.source.name.split('/').next().unwrap_or_default().to_lowercase(),
                channel,
                label,
                text: body,
                locator: format!("{}:{}-{}", m.path, m.lines[0], m.lines[1]),
                debatable: m.debatable.is_some(),
            });
        }
        corpus.sources.push((name, file.source, n));
    }
    Ok(corpus)
}

/// `NOTICE.md` for the corpus folder `dir`: the stored sources with their licence and
/// attribution, then the pointer-only ones, each with its message count. `cargo xtask eval`
/// writes it, and a test checks that the file in the repository is up to date.
pub fn notice(dir: &Path) -> Result<String, String> {
    let mut rows: Vec<(String, Source, usize)> = source_files(dir)?
        .into_iter()
        .map(|(_, file)| (file.source.name.to_lowercase(), file.source, file.message.len()))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let version = |s: &Source| {
        let v = s.commit.as_deref().map(|c| &c[..c.len().min(12)]).or(s.version.as_deref()).unwrap_or("");
        format!("`{v}`")
    };
    let link = |s: &Source| format!("[{}]({})", s.name, s.url);
    let mut out = String::from(
        "# Third-party texts in this corpus\n\n\
         Generated by `cargo xtask eval` from the source files; do not edit.\n\n\
         The messages stored in this folder (sources with `stored = true`) are copied from the public\n\
         sources below under their licences, for measuring Overture's judgement. Each is unchanged\n\
         except for trimming, and each message records the path and lines it came from. Sources whose\n\
         licence does not allow copying are kept as pointers only (path, lines, SHA-256): their text is\n\
         not in this repository.\n\n\
         | source | licence | copyright / attribution | commit | messages |\n|---|---|---|---|---|\n",
    );
    for (_, s, n) in rows.iter().filter(|r| r.1.stored) {
        let attribution = s.attribution.as_deref().unwrap_or("").replace('|', "\\|");
        out += &format!("| {} | {} | {attribution} | {} | {n} |\n", link(s), s.licence, version(s));
    }
    out += "\nPointer-only sources (no text stored here):\n\n| source | licence | commit | messages |\n|---|---|---|---|\n";
    for (_, s, n) in rows.iter().filter(|r| !r.1.stored) {
        out += &format!("| {} | {} | {} | {n} |\n", link(s), s.licence, version(s));
    }
    Ok(out)
}

/// Per item, its negative findings (pitch, pressure, chasing) and its words: what
/// [`figures`] counts findings per 100 words of mutual notes from.
pub fn findings_words(analyzer: &Analyzer, items: &[Item]) -> Vec<(usize, usize)> {
    items
        .iter()
        .map(|it| {
            let r = analyzer.analyze(&it.text, it.channel);
            (r.findings.iter().filter(|f| f.category.is_negative()).count(), r.signals.words)
        })
        .collect()
}

/// The fit's view of each item.
pub fn examples(analyzer: &Analyzer, items: &[Item]) -> Vec<Example> {
    items
        .iter()
        .map(|it| {
            let o = analyzer.observe(&it.text, it.channel);
            let (ngrams, allowed) = o.ngrams.into_iter().unzip();
            Example {
                named: o.named,
                ngrams,
                allowed,
                scale: o.scale,
                rules: o.rules,
                label: it.label,
                source: it.group.clone(),
            }
        })
        .collect()
}

/// Probability that a random positive outscores a random negative (ties count half).
pub fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut wins = 0.0;
    for p in pos {
        for n in neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (pos.len() * neg.len()) as f64
}

/// The figures the issue asks for, over items and their held-out scores.
#[derive(Debug, Clone)]
pub struct Figures {
    pub n: usize,
    pub auc: f64,
    /// label → band → count.
    pub confusion: BTreeMap<&'static str, [usize; 3]>,
    pub pitch_in_pitch_band: f64,
    pub pushy_below_mutual: f64,
    pub mutual_in_mutual_band: f64,
    pub findings_per_100_words_on_mutual: f64,
}

fn band_index(b: Band) -> usize {
    match b {
        Band::Mutual => 0,
        Band::OneSided => 1,
        Band::Pitch => 2,
    }
}

/// Figures over the items for which `keep` holds. `findings_words` gives, per item, the
/// negative findings (underlines) and the words of the draft.
pub fn figures(
    items: &[Item],
    scores: &[f64],
    findings_words: &[(usize, usize)],
    keep: impl Fn(&Item) -> bool,
) -> Figures {
    let mut pos = Vec::new();
    let mut neg = Vec::new();
    let mut confusion: BTreeMap<&'static str, [usize; 3]> = BTreeMap::new();
    let (mut f, mut w) = (0usize, 0usize);
    let mut n = 0;
    for ((it, &s), &(nf, nw)) in items.iter().zip(scores).zip(findings_words) {
        if !keep(it) {
            continue;
        }
        n += 1;
        match it.label {
            Label::Mutual => {
                pos.push(s);
                f += nf;
                w += nw;
            }
            Label::Pitch | Label::Pushy => neg.push(s),
            Label::Neutral => {}
        }
        confusion.entry(it.label.id()).or_default()[band_index(Band::of(s.round().clamp(0.0, 100.0) as u8))] += 1;
    }
    let share = |label: &str, bands: &[usize]| {
        let row = confusion.get(label).copied().unwrap_or_default();
        let total: usize = row.iter().sum();
        if total == 0 {
            f64::NAN
        } else {
            bands.iter().map(|&b| row[b]).sum::<usize>() as f64 / total as f64
        }
    };
    Figures {
        n,
        auc: auc(&pos, &neg),
        pitch_in_pitch_band: share("pitch", &[2]),
        pushy_below_mutual: share("pushy", &[1, 2]),
        mutual_in_mutual_band: share("mutual", &[0]),
        findings_per_100_words_on_mutual: if w == 0 { f64::NAN } else { 100.0 * f as f64 / w as f64 },
        confusion,
    }
}

#[derive(Deserialize)]
struct OwnFile {
    message: Vec<OwnMessage>,
}

#[derive(Deserialize)]
struct OwnMessage {
    #[serde(default)]
    label: Option<String>,
    channel: String,
    text: String,
}

/// The messages written in this project (`tests/corpus/own/`): the label is the file's name,
/// or each message's own (`holdout.toml`).
pub fn own(root: &Path) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    for name in ["mutual", "pitch", "pushy", "neutral", "holdout"] {
        let path = root.join(format!("tests/corpus/own/{name}.toml"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: OwnFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for (k, m) in file.message.into_iter().enumerate() {
            let label = m.label.as_deref().unwrap_or(name);
            out.push(Item {
                source: format!("own/{name}"),
                group: "own".into(),
                channel: Channel::from_id(&m.channel).ok_or(format!("{name}: channel {:?}", m.channel))?,
                label: Label::from_id(label).ok_or(format!("{name}: label {label:?}"))?,
                text: m.text,
                locator: format!("{name}.toml #{}", k + 1),
                debatable: false,
            });
        }
    }
    Ok(out)
}
