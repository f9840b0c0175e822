//! The rule catalogue: data compiled into the binary from `src/catalogue/*.toml` by `build.rs`,
//! plus the structural rules computed over the whole message (see [`crate::signals`]).

use serde::Serialize;

/// What a rule is about. The four negative families and the positive `mutuality` signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Product or service pushing.
    Pitch,
    /// Urgency and impatience.
    Pressure,
    /// The message is about the writer.
    SelfFocus,
    /// Chasing someone who has not answered.
    FollowUp,
    /// Positive signals: offers, curiosity, shared context, gratitude, low-pressure asks.
    Mutuality,
}

impl Category {
    /// Every category, in the order the breakdown lists them.
    pub const ALL: [Category; 5] =
        [Category::Pitch, Category::Pressure, Category::SelfFocus, Category::FollowUp, Category::Mutuality];

    /// The snake_case id used in JSON and settings.
    pub fn id(self) -> &'static str {
        match self {
            Category::Pitch => "pitch",
            Category::Pressure => "pressure",
            Category::SelfFocus => "self_focus",
            Category::FollowUp => "follow_up",
            Category::Mutuality => "mutuality",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Category::Pitch => "Sales pitch",
            Category::Pressure => "Pressure",
            Category::SelfFocus => "Self-focus",
            Category::FollowUp => "Chasing",
            Category::Mutuality => "Mutuality",
        }
    }

    /// The article's principle this category checks, in its own words.
    pub fn principle(self) -> &'static str {
        match self {
            Category::Pitch => "Forget the sales pitch in ANY networking endeavor.",
            Category::Pressure => "Don't be impatient. Networking takes time.",
            Category::SelfFocus => "Did I come across as interested in only one thing…pushing my product or service?",
            Category::FollowUp => {
                "Don't waste your time or energy trying to break through to an unresponsive networker."
            }
            Category::Mutuality => "Be interested and curious and forge a relationship; convey a spirit of mutuality.",
        }
    }

    /// Whether findings of this category lower the score (all but `mutuality`).
    pub fn is_negative(self) -> bool {
        self != Category::Mutuality
    }
}

/// How strongly a rule's match counts (for `mutuality`: how strong the positive signal is).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    /// The severity's id in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// The weight a finding of this severity carries in the score.
    pub fn weight(self) -> f64 {
        match self {
            Severity::Low => 0.35,
            Severity::Medium => 0.7,
            Severity::High => 1.0,
        }
    }
}

/// What kind of give or ask a rule detects; feeds the structural signals (asks versus offers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Ask,
    Offer,
    Question,
    Thanks,
    Context,
    LowPressure,
}

/// One rule of the catalogue.
#[derive(Debug)]
pub struct RuleDef {
    /// Stable kebab-case id (`book-a-demo`).
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// The patterns with their macros expanded, as written for the ASCII-lowercased text (the
    /// engine runs them compiled, see `build.rs`). Empty for structural rules, which are
    /// computed in code, and in the WebAssembly build, which needs only the compiled form.
    pub patterns: &'static [&'static str],
    /// Per pattern, suggestions that fit that pattern's matches (`Some(&[])`: no rewrite fits
    /// them); `None` means the rule's own.
    pub pattern_suggestions: &'static [Option<&'static [&'static str]>],
    /// One sentence tied to the article's principle.
    pub explanation: &'static str,
    /// Rewrites that replace the matched span and keep the sentence grammatical.
    pub suggestions: &'static [&'static str],
    /// Sentences this rule must flag (tested).
    pub flags: &'static [&'static str],
    /// Sentences this rule must not flag (tested).
    pub allows: &'static [&'static str],
    /// A sentence this rule flags and the same sentence with one of its suggestions applied
    /// (tested: the rewrite is what the card makes, and it no longer trips the rule).
    pub rewrites: &'static [(&'static str, &'static str)],
    pub signal: Option<Signal>,
}

/// A program compiled by `build.rs` (see [`crate::engine::program`]), as static data.
pub(crate) struct ProgramData {
    pub code: &'static [u8],
    pub sets: &'static [[u8; 32]],
    /// The bytes that can begin a match, per context (see `engine::dfa::first_bytes`).
    pub first: [u64; 12],
}

impl ProgramData {
    /// The program, borrowing the static data, with the byte classes all the catalogue's
    /// programs share ([`CLASSES`]) and its patterns' starts read from its code.
    pub(crate) fn program(&'static self) -> crate::engine::program::Program {
        use std::borrow::Cow;
        crate::engine::program::Program {
            code: Cow::Borrowed(self.code),
            sets: Cow::Borrowed(self.sets),
            starts: Cow::Owned(crate::engine::program::starts_of(self.code)),
            classes: CLASSES,
            class_count: CLASS_COUNT,
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A structural rule's example sentences: the tests' (`tests/catalogue.rs`), so the wasm, like
/// the phrase rules that build.rs writes for it, ships none.
macro_rules! examples {
    ($($e:expr),* $(,)?) => {
        if cfg!(target_arch = "wasm32") { &[] } else { &[$($e),*] }
    };
}

/// Rules computed over the whole message rather than matched as phrases.
pub(crate) static STRUCTURAL: &[RuleDef] = &[
    RuleDef {
        id: "shouting",
        category: Category::Pressure,
        severity: Severity::Low,
        patterns: &[],
        pattern_suggestions: &[],
        explanation: "Words in ALL CAPS read as shouting, which pressures instead of inviting a reply.",
        suggestions: &[],
        flags: examples![
            "PLEASE READ THIS BEFORE FRIDAY.",
            "Find the BEST DEAL on that sneaker.",
            "NOTE: PLEASE READ THIS CAREFULLY.",
            "WILL YOU GIVE AGAIN?",
            "You will LOVE THESE RESULTS, I promise.",
        ],
        allows: examples![
            "I loved the NASA talk at SXSW.",
            "We met at the CONACYT fair.",
            "NEXT STEPS\nSend me the deck when you can.",
            "Hi (CUSTOMER NAME), I noticed you know (PROSPECT NAME).",
            "Please fill in the survey at [ INSERT LINK TO SURVEY ].",
            "Mentor: MENTOR NAME",
            "WHAT I COULD SHARE:\n- how I validated the idea",
            "QUOTE DEADLINE: Friday, Jan 24",
            "WHAT MAKES IT UNIQUE:\n[Key differentiator]",
            "WHY THIS STRUCTURE FITS DIGITAL ASSET ALLOCATORS\n\nMost research is generic.",
            "It got me thinking because [SPECIFIC REASONS TIED TO YOUR BACKGROUND &\nHISTORY].",
            "The course website is here: [*COURSE WEBSITE*]",
            "**WHY THIS MATTERS FOR CS STUDENTS:**\nYour skills are in demand.",
            "1. PERSONAL INFORMATION\n- Full legal name",
            "Session A - DATE TIME UTC",
            "⏰ **IDEA SUBMISSION DEADLINE: October 30**",
        ],
        rewrites: &[],
        signal: None,
    },
    RuleDef {
        id: "self-focused-paragraph",
        category: Category::SelfFocus,
        severity: Severity::Low,
        patterns: &[],
        pattern_suggestions: &[],
        explanation: "This paragraph is all about you, with nothing about them; the article asks whether you came across as interested in only one thing.",
        suggestions: &[],
        flags: examples!["I run a studio in Leeds. I started it in 2015 and I have grown it to twelve people. My clients love my work and I am proud of my portfolio, which I built myself over many years of my career."],
        allows: examples!["I run a studio in Leeds and loved your talk. How did you grow your team? I'd be glad to share what worked for me, and your thoughts would mean a lot to you and me."],
        rewrites: &[],
        signal: None,
    },
    RuleDef {
        id: "company-voice",
        category: Category::Pitch,
        severity: Severity::Low,
        patterns: &[],
        pattern_suggestions: &[],
        explanation: "A sentence about what “we” do is your company talking about itself, which is how a vendor's note reads; open with them instead: what they are working on, what you noticed.",
        suggestions: &[],
        flags: examples!["We just shipped version 3 of our scheduling app.", "At Acme, we've automated invoice matching end to end."],
        allows: examples!["We met at the Denver meetup last spring.", "We both spoke at RustConf. How did your talk go?", "I loved your talk. We have a mutual friend in Ana.", "We've never met, but your post on kilns stayed with me.", "We just moved to Denver too!"],
        rewrites: &[],
        signal: None,
    },
    RuleDef {
        id: "ask-without-offer",
        category: Category::SelfFocus,
        severity: Severity::Low,
        patterns: &[],
        pattern_suggestions: &[],
        explanation: "You ask for something and offer nothing in return; networking is giving and receiving.",
        suggestions: &[],
        flags: examples!["Could you introduce me to your CTO?"],
        allows: examples!["Could you introduce me to your CTO? Happy to introduce you to our design lead in return."],
        rewrites: &[],
        signal: Some(Signal::Ask),
    },
    RuleDef {
        id: "note-over-limit",
        category: Category::SelfFocus,
        severity: Severity::Medium,
        patterns: &[],
        pattern_suggestions: &[],
        explanation: "A LinkedIn connection note holds at most 300 characters; a short note about them beats a long one about you.",
        suggestions: &[],
        flags: examples![],
        allows: examples!["Hi Ana, loved your talk on kilns. Would be glad to connect!"],
        rewrites: &[],
        signal: None,
    },
    RuleDef {
        id: "custom-phrase",
        category: Category::Pitch,
        severity: Severity::Medium,
        patterns: &[],
        pattern_suggestions: &[],
        explanation: "You asked Overture to flag this phrase.",
        suggestions: &[],
        flags: examples![],
        allows: examples![],
        rewrites: &[],
        signal: None,
    },
];

impl RuleDef {
    /// The suggestions for a match of pattern `pattern` (its own, else the rule's).
    pub fn suggestions_for(&self, pattern: Option<usize>) -> &'static [&'static str] {
        match pattern.and_then(|i| self.pattern_suggestions.get(i)) {
            Some(Some(s)) => s,
            _ => self.suggestions,
        }
    }

    /// Every suggestion the rule can make (the rule's and its patterns'), for the rule guide.
    pub fn all_suggestions(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self.suggestions.to_vec();
        for s in self.pattern_suggestions.iter().flatten().flat_map(|s| s.iter()) {
            if !v.contains(s) {
                v.push(s);
            }
        }
        v
    }
}

/// Every rule: the phrase catalogue followed by the structural rules.
pub fn rules() -> impl Iterator<Item = &'static RuleDef> {
    RULES.iter().chain(STRUCTURAL.iter())
}

/// The phrase rules only, in catalogue order (their index is the automaton's pattern group).
pub(crate) fn phrase_rules() -> &'static [RuleDef] {
    RULES
}

/// Finds a rule by id.
pub fn rule(id: &str) -> Option<&'static RuleDef> {
    rules().find(|r| r.id == id)
}
