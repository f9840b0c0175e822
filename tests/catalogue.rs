//! Every rule's own examples: each `flags` sentence is flagged by that rule, each `allows`
//! sentence is not. They run through the full analyzer, so a rule shadowed by another is caught.

use overture::{rules, Analyzer, Category, Channel, Config};
use std::collections::HashSet;

fn rule_ids(a: &Analyzer, text: &str) -> Vec<&'static str> {
    a.analyze(text, Channel::Email).findings.iter().map(|f| f.rule).collect()
}

#[test]
fn every_rule_flags_its_examples_and_allows_its_counterexamples() {
    let a = Analyzer::new(&Config::default()).unwrap();
    let mut failures = Vec::new();
    for r in rules() {
        for ex in r.flags {
            let got = rule_ids(&a, ex);
            if !got.contains(&r.id) {
                failures.push(format!("{} should flag {ex:?}, got {got:?}", r.id));
            }
        }
        for ex in r.allows {
            let got = rule_ids(&a, ex);
            if got.contains(&r.id) {
                failures.push(format!("{} should allow {ex:?}", r.id));
            }
        }
    }
    assert!(failures.is_empty(), "{} example failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn catalogue_is_broad_enough_and_well_formed() {
    let all: Vec<_> = rules().collect();
    let negative = all.iter().filter(|r| r.category.is_negative() && !r.patterns.is_empty()).count();
    let positive = all.iter().filter(|r| r.category == Category::Mutuality).count();
    assert!(negative >= 120, "only {negative} flagged-phrase rules");
    assert!(positive >= 40, "only {positive} positive signals");
    let ids: HashSet<_> = all.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), all.len(), "duplicate rule ids");
    for r in &all {
        assert!(r.explanation.ends_with('.') && !r.explanation.is_empty(), "{}", r.id);
    }
}

#[test]
fn negative_examples_never_flag_mutuality_and_vice_versa() {
    // A positive signal's own examples must not be underlined as a problem.
    let a = Analyzer::new(&Config::default()).unwrap();
    for r in rules().filter(|r| r.category == Category::Mutuality) {
        for ex in r.flags {
            let report = a.analyze(ex, Channel::Email);
            let neg: Vec<_> = report.findings.iter().filter(|f| f.category.is_negative()).map(|f| f.rule).collect();
            assert!(neg.is_empty(), "{}: {ex:?} flagged negatively by {neg:?}", r.id);
        }
    }
}

#[test]
fn suggestions_replace_the_span_and_still_read_as_a_sentence() {
    // Applying the first suggestion to the finding's span, as the card does.
    let a = Analyzer::new(&Config::default()).unwrap();
    let cases = [
        ("Please reply ASAP.", "Please reply whenever you have a moment."),
        ("Just checking in on this.", "I came across something you might find useful."),
        ("I haven't heard back from you yet.", "I know things get busy, so no pressure at all."),
        ("Circling back on my note from last week.", "I thought of you when I read this."),
        ("Could I pick your brain for 20 minutes?", "Could I learn from you for 20 minutes?"),
        ("Please confirm before tomorrow.", "Please let me know whenever it suits you."),
        ("Can we book a demo next week?", "Can we have a conversation next week?"),
        ("Please accept my connection request.", "I'd love to connect."),
        ("Do you have 15 minutes this Thursday?", "Would you be up for a chat sometime this Thursday?"),
        ("Per my last email, I still need your answer.", "As I mentioned, I still need your answer."),
    ];
    for (text, want) in cases {
        let r = a.analyze(text, Channel::Email);
        let f = r
            .findings
            .iter()
            .find(|f| !f.suggestions.is_empty())
            .unwrap_or_else(|| panic!("no suggestion for {text:?}"));
        let got = format!("{}{}{}", &text[..f.byte_start], f.suggestions[0], &text[f.byte_end..]);
        assert_eq!(got, want, "{}", f.rule);
    }
}
