//! What the user can change: categories and rules on or off, their own phrases, the threshold.

use crate::catalogue::Category;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where the message will be sent; it changes the length expectations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// An email (Gmail, Outlook, Yahoo). 50–125 words get the most replies in published studies.
    #[default]
    Email,
    /// A LinkedIn connection-request note: at most 300 characters (200 on free accounts).
    LinkedinNote,
    /// A LinkedIn message or InMail.
    LinkedinMessage,
}

impl Channel {
    /// Parses `email`, `linkedin-note` or `linkedin-message`.
    pub fn from_id(id: &str) -> Option<Channel> {
        match id {
            "email" => Some(Channel::Email),
            "linkedin-note" => Some(Channel::LinkedinNote),
            "linkedin-message" => Some(Channel::LinkedinMessage),
            _ => None,
        }
    }

    /// The channel's id.
    pub fn id(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::LinkedinNote => "linkedin-note",
            Channel::LinkedinMessage => "linkedin-message",
        }
    }
}

/// A phrase the user wants flagged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CustomPhrase {
    /// Just the phrase; flagged as `pitch`.
    Plain(String),
    /// The phrase and the category to file it under.
    Categorised { phrase: String, category: Category },
}

impl CustomPhrase {
    /// The literal text to flag.
    pub fn phrase(&self) -> &str {
        match self {
            CustomPhrase::Plain(p) | CustomPhrase::Categorised { phrase: p, .. } => p,
        }
    }

    /// The category the phrase is filed under.
    pub fn category(&self) -> Category {
        match self {
            CustomPhrase::Plain(_) => Category::Pitch,
            CustomPhrase::Categorised { category, .. } => *category,
        }
    }
}

/// The analyzer's settings. Every field has a default, so `{}` is a valid configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Categories whose findings are not shown and whose score part is not judged (full marks).
    pub disabled_categories: Vec<Category>,
    /// Rule ids that are switched off.
    pub disabled_rules: Vec<String>,
    /// The user's own phrases to flag: literal text, matched case-insensitively between word
    /// boundaries. Never interpreted as a regular expression.
    pub custom_phrases: Vec<CustomPhrase>,
    /// Phrases never to flag: a finding that overlaps one of them is dropped.
    pub never_flag: Vec<String>,
    /// Score under which the pre-send check speaks up (0–100, default 40).
    pub threshold: u8,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            disabled_categories: Vec::new(),
            disabled_rules: Vec::new(),
            custom_phrases: Vec::new(),
            never_flag: Vec::new(),
            threshold: crate::facts::DEFAULT_THRESHOLD,
        }
    }
}

/// Longest custom or never-flag phrase accepted, in characters.
pub const MAX_PHRASE_CHARS: usize = 200;
/// Most custom plus never-flag phrases accepted.
pub const MAX_PHRASES: usize = 1000;

/// Why a configuration was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// A phrase is empty, too long or has no letter or digit.
    BadPhrase { phrase: String, reason: &'static str },
    /// More phrases than [`MAX_PHRASES`].
    TooManyPhrases(usize),
    /// Threshold above 100.
    BadThreshold(u8),
    /// A disabled rule id that the catalogue does not have.
    UnknownRule(String),
}

/// A user's text in double quotes, as written: messages quote names and phrases this way
/// instead of through `{:?}`, whose escaping cost 379 B of the gzipped WebAssembly (measured;
/// a quote or a control character inside is now shown as it is).
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::BadPhrase { phrase, reason } => write!(f, "phrase {}: {reason}", Quoted(phrase)),
            ConfigError::TooManyPhrases(n) => {
                write!(f, "{n} phrases is more than the {MAX_PHRASES} allowed")
            }
            ConfigError::BadThreshold(t) => write!(f, "threshold {t} is not between 0 and 100"),
            ConfigError::UnknownRule(id) => write!(f, "unknown rule id {}", Quoted(id)),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Checks the user's input; the analyzer refuses a configuration that fails.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.threshold > 100 {
            return Err(ConfigError::BadThreshold(self.threshold));
        }
        let n = self.custom_phrases.len() + self.never_flag.len();
        if n > MAX_PHRASES {
            return Err(ConfigError::TooManyPhrases(n));
        }
        for p in self.custom_phrases.iter().map(CustomPhrase::phrase).chain(self.never_flag.iter().map(String::as_str))
        {
            validate_phrase(p)?;
        }
        if let Some(id) = self.disabled_rules.iter().find(|id| crate::catalogue::rule(id).is_none()) {
            return Err(ConfigError::UnknownRule(id.clone()));
        }
        Ok(())
    }

    /// Drops what `validate` would refuse, item by item, and says what went: an unknown rule id
    /// (a rule renamed since the settings were saved), an unusable phrase, phrases past the
    /// limit (the last ones). The rest is kept, so one stale item never costs the user the
    /// others. The threshold is clamped to 100.
    pub fn keep_usable(&mut self) -> Vec<String> {
        let mut dropped = Vec::new();
        if self.threshold > 100 {
            dropped.push(format!("threshold {} (now 100)", self.threshold));
            self.threshold = 100;
        }
        self.disabled_rules.retain(|id| {
            let known = crate::catalogue::rule(id).is_some();
            if !known {
                dropped.push(format!("unknown rule id {}", Quoted(id)));
            }
            known
        });
        let mut room = MAX_PHRASES;
        self.custom_phrases.retain(|p| keep_phrase(p.phrase(), &mut room, &mut dropped));
        self.never_flag.retain(|p| keep_phrase(p, &mut room, &mut dropped));
        dropped
    }

    /// Whether a category is switched on.
    pub fn category_enabled(&self, c: Category) -> bool {
        !self.disabled_categories.contains(&c)
    }
}

fn keep_phrase(p: &str, room: &mut usize, dropped: &mut Vec<String>) -> bool {
    if let Err(e) = validate_phrase(p) {
        dropped.push(e.to_string());
        false
    } else if *room == 0 {
        dropped.push(format!("phrase {} (over the limit of {MAX_PHRASES})", Quoted(p)));
        false
    } else {
        *room -= 1;
        true
    }
}

/// Checks one user phrase: what the options page calls before it saves.
pub fn validate_phrase(p: &str) -> Result<(), ConfigError> {
    let bad = |reason| Err(ConfigError::BadPhrase { phrase: p.to_string(), reason });
    let t = p.trim();
    if t.is_empty() {
        return bad("is empty");
    }
    if t.chars().count() > MAX_PHRASE_CHARS {
        return bad("is longer than 200 characters");
    }
    if !t.chars().any(char::is_alphanumeric) {
        return bad("has no letter or digit");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_stale_item_costs_only_itself() {
        let mut c = Config {
            disabled_rules: vec!["asap".into(), "renamed-since".into()],
            never_flag: vec!["quick call".into(), "   ".into(), "touch base".into()],
            threshold: 140,
            ..Config::default()
        };
        assert!(c.validate().is_err());
        let dropped = c.keep_usable();
        assert_eq!(c.disabled_rules, ["asap"]);
        assert_eq!(c.never_flag, ["quick call", "touch base"]);
        assert_eq!(c.threshold, 100);
        assert_eq!(dropped.len(), 3, "{dropped:?}");
        assert!(dropped.iter().any(|d| d.contains("renamed-since")), "{dropped:?}");
        assert!(c.validate().is_ok());
    }

    #[test]
    fn phrases_past_the_limit_are_dropped_from_the_end() {
        let mut c =
            Config { never_flag: (0..MAX_PHRASES + 2).map(|i| format!("phrase {i}")).collect(), ..Config::default() };
        let dropped = c.keep_usable();
        assert_eq!(c.never_flag.len(), MAX_PHRASES);
        assert_eq!(c.never_flag[0], "phrase 0");
        assert_eq!(dropped.len(), 2);
        assert!(dropped[1].contains(&format!("phrase {}", MAX_PHRASES + 1)), "{dropped:?}");
    }
}
