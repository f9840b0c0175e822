//! Build-time compiler: regular expressions → a [`Program`](super::program). Used by
//! `build.rs` for the catalogue (and by the tests); the shipped engine carries no regex parser
//! or compiler.
//!
//! Alternations of words are compiled as tries where that keeps their order of preference
//! (runs of alternatives that start with the same byte), which keeps the catalogue's word lists
//! small.

use super::program::*;
use regex_syntax::hir::{Class, Hir, HirKind, Look as HirLook};
use regex_syntax::ParserBuilder;

/// What the compiler refuses, and why.
#[derive(Debug)]
pub struct CompileError {
    pub pattern: usize,
    pub message: String,
}

/// Options for one compilation.
#[derive(Clone, Copy, Default)]
pub struct Options {
    /// Refuse a clause-length wildcard (an unbounded repetition that can cross a space) that is
    /// followed by anything but the end of the pattern: searched from every word, it would make
    /// the cost grow with the square of the clause's length.
    pub linear: bool,
}

/// A compiled program's parts (see [`Program`]).
pub struct Compiled {
    pub code: Vec<u8>,
    pub sets: Vec<[u8; 32]>,
    /// Where each pattern starts in `code`.
    pub starts: Vec<u32>,
}

/// Compiles `patterns` (pattern `i` reports as `i`) into one program's parts.
pub fn compile(patterns: &[String], options: Options) -> Result<Compiled, CompileError> {
    let mut c = Compiler { insts: Vec::new(), sets: Vec::new() };
    let mut starts = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        let err = |message: String| CompileError { pattern: i, message };
        let hir = ParserBuilder::new().unicode(true).utf8(true).build().parse(p).map_err(|e| err(e.to_string()))?;
        if options.linear {
            check_linear(&hir, false).map_err(err)?;
        }
        check_looks(&hir, true).map_err(err)?;
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return Err(err("the pattern can match the empty string".into()));
        }
        starts.push(c.pc());
        c.hir(&hir).map_err(err)?;
        c.insts.push(Inst::Match(i as u16));
    }
    let (code, starts) = encode(&c.insts, &starts);
    Ok(Compiled { code, sets: c.sets, starts })
}

struct Compiler {
    insts: Vec<Inst>,
    sets: Vec<[u8; 32]>,
}

impl Compiler {
    fn pc(&self) -> u32 {
        self.insts.len() as u32
    }

    /// A split whose targets are filled in later.
    fn hole(&mut self) -> usize {
        self.insts.push(Inst::Split(0, 0));
        self.insts.len() - 1
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        self.insts[at] = inst;
    }

    fn hir(&mut self, h: &Hir) -> Result<(), String> {
        match h.kind() {
            HirKind::Empty => {}
            HirKind::Literal(lit) => self.insts.extend(lit.0.iter().map(|&b| Inst::Byte(b))),
            HirKind::Class(Class::Bytes(cls)) => {
                let ranges: Vec<(u8, u8)> = cls.iter().map(|r| (r.start(), r.end())).collect();
                self.byte_ranges(&ranges);
            }
            HirKind::Class(Class::Unicode(cls)) => {
                let ascii: Vec<(u8, u8)> = cls
                    .iter()
                    .filter(|r| (r.start() as u32) < 0x80)
                    .map(|r| (r.start() as u8, (r.end() as u32).min(0x7f) as u8))
                    .collect();
                let wide: Vec<(char, char)> = cls
                    .iter()
                    .filter(|r| (r.end() as u32) >= 0x80)
                    .map(|r| (r.start().max('\u{80}'), r.end()))
                    .collect();
                // One alternative for the ASCII bytes, one per UTF-8 sequence of the rest.
                let mut alts: Vec<Vec<(u8, u8)>> = Vec::new();
                if !ascii.is_empty() {
                    alts.push(ascii);
                }
                for (lo, hi) in wide {
                    for seq in regex_syntax::utf8::Utf8Sequences::new(lo, hi) {
                        alts.push(seq.as_slice().iter().map(|r| (r.start, r.end)).collect());
                    }
                }
                let ascii_first = alts.first().is_some_and(|a| a.iter().all(|&(_, hi)| hi < 0x80));
                self.alternatives(alts.len(), |c, k| {
                    if k == 0 && ascii_first {
                        c.byte_ranges(&alts[0]);
                    } else {
                        for &r in &alts[k] {
                            c.byte_ranges(&[r]);
                        }
                    }
                    Ok(())
                })?;
            }
            HirKind::Look(look) => {
                let kind = match look {
                    HirLook::Start => Look::Start,
                    HirLook::End => Look::End,
                    HirLook::WordStartHalfAscii => Look::StartHalf,
                    HirLook::WordEndHalfAscii => Look::EndHalf,
                    HirLook::WordAscii => Look::Word,
                    HirLook::WordAsciiNegate => Look::NotWord,
                    other => return Err(format!("unsupported assertion {other:?} (use ASCII word boundaries)")),
                };
                self.insts.push(Inst::Look(kind));
            }
            HirKind::Repetition(rep) if rep.max.is_none() && byte_wide(&rep.sub).is_some() => {
                // `[^.!?\n]*`: a run of characters that takes every non-ASCII one is the same
                // as a run of bytes (the text is UTF-8 and what follows is ASCII), and one
                // byte set is far smaller than the UTF-8 sequences of the class.
                let ranges = byte_wide(&rep.sub).unwrap_or_default();
                for _ in 1..rep.min {
                    self.byte_ranges(&ranges);
                }
                if rep.min > 0 {
                    let l = self.pc();
                    self.byte_ranges(&ranges);
                    self.repeat_from(l, rep.greedy);
                } else {
                    let l = self.hole();
                    self.byte_ranges(&ranges);
                    self.insts.push(Inst::Jmp(l as u32));
                    let out = self.pc();
                    let (a, b) = if rep.greedy { (l as u32 + 1, out) } else { (out, l as u32 + 1) };
                    self.patch(l, Inst::Split(a, b));
                }
            }
            HirKind::Repetition(rep) if rep.max.is_none() && rep.min > 0 => {
                for _ in 1..rep.min {
                    self.hir(&rep.sub)?;
                }
                let l = self.pc();
                self.hir(&rep.sub)?;
                self.repeat_from(l, rep.greedy);
            }
            HirKind::Repetition(rep) => {
                for _ in 0..rep.min {
                    self.hir(&rep.sub)?;
                }
                match rep.max {
                    None => {
                        // L: split body, out (lazy: out, body); body; jmp L
                        let l = self.hole();
                        let body = self.pc();
                        self.hir(&rep.sub)?;
                        self.insts.push(Inst::Jmp(l as u32));
                        let out = self.pc();
                        let (a, b) = if rep.greedy { (body, out) } else { (out, body) };
                        self.patch(l, Inst::Split(a, b));
                    }
                    Some(max) => {
                        let mut holes = Vec::new();
                        for _ in rep.min..max {
                            holes.push(self.hole());
                            self.hir(&rep.sub)?;
                        }
                        let out = self.pc();
                        for l in holes {
                            let body = l as u32 + 1;
                            let (a, b) = if rep.greedy { (body, out) } else { (out, body) };
                            self.patch(l, Inst::Split(a, b));
                        }
                    }
                }
            }
            HirKind::Capture(cap) => self.hir(&cap.sub)?,
            HirKind::Concat(items) => {
                for item in items {
                    self.hir(item)?;
                }
            }
            HirKind::Alternation(alts) => self.alternation(alts)?,
        }
        Ok(())
    }

    /// Closes `x+` after its last `x` (which starts at `l`): a split back to `l` or on, four
    /// bytes for `\s+` where `x x*` took eight (its split before the loop, and a jump back).
    fn repeat_from(&mut self, l: u32, greedy: bool) {
        let out = self.pc() + 1;
        self.insts.push(if greedy { Inst::Split(l, out) } else { Inst::Split(out, l) });
    }

    /// `n` alternatives in order of preference: a chain of splits, each alternative jumping to
    /// the common end.
    fn alternatives(
        &mut self,
        n: usize,
        mut emit: impl FnMut(&mut Compiler, usize) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut ends = Vec::new();
        for k in 0..n {
            let split = (k + 1 < n).then(|| self.hole());
            emit(self, k)?;
            if let Some(s) = split {
                ends.push(self.insts.len());
                self.insts.push(Inst::Jmp(0));
                let next = self.pc();
                self.patch(s, Inst::Split(s as u32 + 1, next));
            }
        }
        let end = self.pc();
        for j in ends {
            self.patch(j, Inst::Jmp(end));
        }
        Ok(())
    }

    /// A byte class: one instruction.
    fn byte_ranges(&mut self, ranges: &[(u8, u8)]) {
        match ranges {
            [(lo, hi)] if lo == hi => self.insts.push(Inst::Byte(*lo)),
            [(lo, hi)] => self.insts.push(Inst::Range(*lo, *hi)),
            _ => {
                let mut set = [0u8; 32];
                for &(lo, hi) in ranges {
                    for b in lo..=hi {
                        set[(b >> 3) as usize] |= 1 << (b & 7);
                    }
                }
                let k = match self.sets.iter().position(|s| *s == set) {
                    Some(k) => k,
                    None => {
                        self.sets.push(set);
                        self.sets.len() - 1
                    }
                };
                self.insts.push(Inst::Set(k as u16));
            }
        }
    }

    /// `a|b|c`: a chain of splits in order of preference. Consecutive alternatives that start
    /// with the same literal byte share it (a trie), which keeps their order of preference.
    /// Runs of plain words that are none of them a prefix of another are sorted first, so that
    /// a word list shares its trie however it is written: at most one such word can match at
    /// a position, so their order of preference cannot change a match.
    fn alternation(&mut self, alts: &[Hir]) -> Result<(), String> {
        let alts = sort_prefix_free_words(alts);
        let mut groups: Vec<(Option<u8>, Vec<Hir>)> = Vec::new();
        for alt in &alts {
            let (first, rest) = split_first_byte(alt);
            match (groups.last_mut(), first) {
                (Some((Some(g), members)), Some(b)) if *g == b => members.push(rest),
                _ => groups.push((first, vec![if first.is_some() { rest } else { alt.clone() }])),
            }
        }
        self.alternatives(groups.len(), |c, k| {
            let (first, members) = &groups[k];
            match first {
                Some(b) => {
                    c.insts.push(Inst::Byte(*b));
                    if members.len() == 1 {
                        c.hir(&members[0])
                    } else {
                        c.alternation(members)
                    }
                }
                None => c.hir(&members[0]),
            }
        })
    }
}

/// For a Unicode class that takes every non-ASCII character: its bytes (its ASCII ranges and
/// every byte from 0x80 up).
fn byte_wide(h: &Hir) -> Option<Vec<(u8, u8)>> {
    let HirKind::Class(Class::Unicode(cls)) = h.kind() else { return None };
    let covers = cls.iter().any(|r| r.start() <= '\u{80}' && r.end() == '\u{10FFFF}') || {
        // The non-ASCII part may be split around the surrogate gap.
        let wide: Vec<_> = cls.iter().filter(|r| (r.end() as u32) >= 0x80).collect();
        wide.first().is_some_and(|r| r.start() <= '\u{80}')
            && wide.last().is_some_and(|r| r.end() == '\u{10FFFF}')
            && wide.windows(2).all(|w| {
                (w[1].start() as u32) <= (w[0].end() as u32) + 1
                    || (w[0].end() as u32 == 0xD7FF && w[1].start() as u32 == 0xE000)
            })
    };
    if !covers {
        return None;
    }
    let mut ranges: Vec<(u8, u8)> = cls
        .iter()
        .filter(|r| (r.start() as u32) < 0x80)
        .map(|r| (r.start() as u8, (r.end() as u32).min(0x7f) as u8))
        .collect();
    ranges.push((0x80, 0xff));
    Some(ranges)
}

/// `alts` with each run of consecutive literals sorted, where no literal of the run is a
/// prefix of another (see [`Compiler::alternation`]).
fn sort_prefix_free_words(alts: &[Hir]) -> Vec<Hir> {
    let literal = |h: &Hir| match h.kind() {
        HirKind::Literal(lit) => Some(lit.0.to_vec()),
        _ => None,
    };
    let mut out: Vec<Hir> = Vec::with_capacity(alts.len());
    let mut i = 0;
    while i < alts.len() {
        let mut run: Vec<Vec<u8>> = Vec::new();
        while let Some(word) = alts.get(i).and_then(literal) {
            run.push(word);
            i += 1;
        }
        if run.is_empty() {
            out.push(alts[i].clone());
            i += 1;
            continue;
        }
        let mut sorted = run.clone();
        sorted.sort();
        // In sorted order a prefix sits right before a word it begins.
        let prefix_free = sorted.windows(2).all(|w| !w[1].starts_with(&w[0]));
        out.extend((if prefix_free { sorted } else { run }).into_iter().map(Hir::literal));
    }
    out
}

/// Splits a leading literal byte off an expression: `("w", "ork")` for `work`, `None` when it
/// does not start with a literal.
fn split_first_byte(h: &Hir) -> (Option<u8>, Hir) {
    match h.kind() {
        HirKind::Literal(lit) if !lit.0.is_empty() => (Some(lit.0[0]), Hir::literal(lit.0[1..].to_vec())),
        HirKind::Concat(items) if !items.is_empty() => match split_first_byte(&items[0]) {
            (Some(b), rest) => {
                let mut v = vec![rest];
                v.extend(items[1..].iter().cloned());
                (Some(b), Hir::concat(v))
            }
            (None, _) => (None, h.clone()),
        },
        HirKind::Capture(cap) => split_first_byte(&cap.sub),
        _ => (None, h.clone()),
    }
}

/// Whether an expression always consumes at least one byte.
fn consumes(h: &Hir) -> bool {
    h.properties().minimum_len().is_some_and(|n| n > 0)
}

/// Whether an expression can match one of `bytes` somewhere inside it.
fn can_match(h: &Hir, bytes: &[u8]) -> bool {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.iter().any(|b| bytes.contains(b)),
        HirKind::Class(Class::Bytes(c)) => c.iter().any(|r| bytes.iter().any(|&b| r.start() <= b && b <= r.end())),
        HirKind::Class(Class::Unicode(c)) => {
            c.iter().any(|r| bytes.iter().any(|&b| r.start() <= b as char && b as char <= r.end()))
        }
        HirKind::Repetition(r) => can_match(&r.sub, bytes),
        HirKind::Capture(c) => can_match(&c.sub, bytes),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(|x| can_match(x, bytes)),
    }
}

/// Whether an expression is a wildcard that can run across words: it matches white space and
/// has a class that takes most letters (`[^.!?\n]`, `[a-z-]+ `), unlike a repeated word list.
fn crosses_words(h: &Hir) -> bool {
    can_match(h, b" \n") && has_wide_class(h)
}

/// Whether an expression has a character class that takes at least 20 of the 26 letters.
fn has_wide_class(h: &Hir) -> bool {
    let letters = |has: &dyn Fn(u8) -> bool| (b'a'..=b'z').filter(|&b| has(b)).count() >= 20;
    match h.kind() {
        HirKind::Class(Class::Bytes(c)) => letters(&|b| c.iter().any(|r| r.start() <= b && b <= r.end())),
        HirKind::Class(Class::Unicode(c)) => {
            letters(&|b| c.iter().any(|r| r.start() <= b as char && b as char <= r.end()))
        }
        HirKind::Repetition(r) => has_wide_class(&r.sub),
        HirKind::Capture(c) => has_wide_class(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(has_wide_class),
        _ => false,
    }
}

/// Refuses a clause-length wildcard followed by something that consumes (see [`Options`]).
fn check_linear(h: &Hir, followed: bool) -> Result<(), String> {
    match h.kind() {
        HirKind::Repetition(r) => {
            if r.max.is_none() && crosses_words(&r.sub) && followed {
                return Err(format!(
                    "an unbounded wildcard that crosses words (`{h}`) is allowed only at the end of a pattern: elsewhere the search cost grows with the square of the clause"
                ));
            }
            // Inside a repetition, what follows an item includes the next round.
            check_linear(&r.sub, followed || r.max.is_none_or(|m| m > 1))
        }
        HirKind::Capture(c) => check_linear(&c.sub, followed),
        HirKind::Concat(v) => {
            for (k, item) in v.iter().enumerate() {
                let after = followed || v[k + 1..].iter().any(consumes);
                check_linear(item, after)?;
            }
            Ok(())
        }
        HirKind::Alternation(v) => v.iter().try_for_each(|a| check_linear(a, followed)),
        _ => Ok(()),
    }
}

/// Assertions that need the byte after a position (`$`, `\b{end-half}`, `\b`, `\B`) are
/// allowed only where nothing but other assertions follows them: the engine decides them one
/// byte late, when the match ends.
fn check_looks(h: &Hir, at_end: bool) -> Result<(), String> {
    match h.kind() {
        HirKind::Look(l) => {
            let behind = matches!(l, HirLook::Start | HirLook::WordStartHalfAscii);
            if !behind && !at_end {
                return Err(format!("the assertion `{h}` must end the pattern"));
            }
            Ok(())
        }
        HirKind::Repetition(r) => check_looks(&r.sub, at_end && r.max == Some(1)),
        HirKind::Capture(c) => check_looks(&c.sub, at_end),
        HirKind::Concat(v) => {
            for (k, item) in v.iter().enumerate() {
                let rest_empty = v[k + 1..].iter().all(|x| !consumes(x) && x.properties().maximum_len() == Some(0));
                check_looks(item, at_end && rest_empty)?;
            }
            Ok(())
        }
        HirKind::Alternation(v) => v.iter().try_for_each(|a| check_looks(a, at_end)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(alts: &[Hir]) -> Vec<String> {
        alts.iter()
            .map(|h| match h.kind() {
                HirKind::Literal(lit) => String::from_utf8_lossy(&lit.0).into_owned(),
                _ => "*".into(),
            })
            .collect()
    }

    #[test]
    fn word_runs_are_sorted_only_when_no_word_begins_another() {
        let lit = |w: &str| Hir::literal(w.as_bytes().to_vec());
        let star = Hir::dot(regex_syntax::hir::Dot::AnyByte);
        let alts = [lit("teams"), lit("chat"), star.clone(), lit("quickly"), lit("quick"), lit("b"), lit("a")];
        assert_eq!(words(&sort_prefix_free_words(&alts)), ["chat", "teams", "*", "quickly", "quick", "b", "a"]);
        let alts = [lit("teams"), lit("chat"), star, lit("b"), lit("a")];
        assert_eq!(words(&sort_prefix_free_words(&alts)), ["chat", "teams", "*", "a", "b"]);
    }
}
