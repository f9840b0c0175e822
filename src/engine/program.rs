//! The compiled form of a set of patterns: a small bytecode program (a Thompson NFA laid out
//! as bytes), its byte sets and its byte classes. The catalogue's programs are produced by
//! `build.rs` (see `compile.rs`) and compiled into the binary as static data; a user's literal
//! phrases are turned into a program at run time by [`literal_program`], without a regex
//! compiler.
//!
//! Instructions ([`Inst`]) are encoded compactly, since the catalogue's program ships in the
//! WebAssembly: a byte of 16 or more is itself (consume that byte), targets are relative, and
//! numbers are LEB128 varints (see [`encode`]). A split prefers its first target.
//!
//! This file is also compiled into `build.rs`, so it uses nothing from the rest of the crate.

#![allow(dead_code)]

use std::borrow::Cow;

const LIT: u8 = 1;
const RANGE: u8 = 2;
const SET: u8 = 3;
/// Prefers the next instruction, else the target.
const SPLIT_NEXT: u8 = 4;
/// Prefers the target, else the next instruction.
const SPLIT_TARGET: u8 = 5;
/// Prefers the first target, else the second.
const SPLIT_TWO: u8 = 6;
const JMP: u8 = 7;
const LOOK: u8 = 8;
const MATCH: u8 = 9;
/// Bytes from here up stand for themselves.
const FIRST_LITERAL: u8 = 16;

/// One instruction. While a program is built, targets are instruction indexes; decoded from
/// code, they are byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inst {
    /// Consume this byte.
    Byte(u8),
    /// Consume a byte in `lo..=hi`.
    Range(u8, u8),
    /// Consume a byte in the program's byte set.
    Set(u16),
    /// Go on at both, preferring the first (leftmost-first).
    Split(u32, u32),
    Jmp(u32),
    /// An assertion that consumes nothing.
    Look(Look),
    /// This pattern matches here.
    Match(u16),
}

/// The assertions a program may use. Word characters are ASCII: `[0-9A-Za-z_]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Look {
    /// The start of the haystack (`^`).
    Start = 0,
    /// The end of the haystack (`$`).
    End = 1,
    /// The byte before is not a word character, or this is the start (`\b{start-half}`).
    StartHalf = 2,
    /// The byte after is not a word character, or this is the end (`\b{end-half}`).
    EndHalf = 3,
    /// A word boundary (`\b`).
    Word = 4,
    /// Not a word boundary (`\B`).
    NotWord = 5,
}

impl Look {
    pub fn from_u8(b: u8) -> Option<Look> {
        Some(match b {
            0 => Look::Start,
            1 => Look::End,
            2 => Look::StartHalf,
            3 => Look::EndHalf,
            4 => Look::Word,
            5 => Look::NotWord,
            _ => return None,
        })
    }

    /// Whether the assertion can be decided from the byte before alone (`None`: the start).
    pub fn behind_only(self) -> bool {
        matches!(self, Look::Start | Look::StartHalf)
    }

    /// Whether the assertion holds between `before` and `after` (`None`: an end of the haystack).
    pub fn holds(self, before: Option<u8>, after: Option<u8>) -> bool {
        let w = |b: Option<u8>| b.is_some_and(is_word_byte);
        match self {
            Look::Start => before.is_none(),
            Look::End => after.is_none(),
            Look::StartHalf => !w(before),
            Look::EndHalf => !w(after),
            Look::Word => w(before) != w(after),
            Look::NotWord => w(before) == w(after),
        }
    }
}

/// An ASCII word character.
pub const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Lays instructions out as bytes: `insts`' targets and `starts` are instruction indexes;
/// returns the code and the starts as byte offsets. Sizes depend on distances and distances
/// on sizes, so the layout is repeated until it settles (sizes only grow).
pub fn encode(insts: &[Inst], starts: &[u32]) -> (Vec<u8>, Vec<u32>) {
    let mut size = vec![1usize; insts.len()];
    let mut at = vec![0usize; insts.len() + 1];
    loop {
        for i in 0..insts.len() {
            at[i + 1] = at[i] + size[i];
        }
        let mut changed = false;
        for (i, inst) in insts.iter().enumerate() {
            let n = write(inst, i, &at, &mut Vec::new());
            if n > size[i] {
                size[i] = n;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut code = Vec::with_capacity(at[insts.len()]);
    for (i, inst) in insts.iter().enumerate() {
        write(inst, i, &at, &mut code);
        // Sizes only grew while laying out, so each instruction fills its place exactly.
        assert!(code.len() == at[i + 1], "instruction {i} does not fill its place");
    }
    (code, starts.iter().map(|&s| at[s as usize] as u32).collect())
}

/// Writes one instruction (at index `i`, laid out at `at`); returns its length.
fn write(inst: &Inst, i: usize, at: &[usize], out: &mut Vec<u8>) -> usize {
    let start = out.len();
    let rel = |t: u32| at[t as usize] as i64 - at[i] as i64;
    let next = i as u32 + 1;
    match *inst {
        Inst::Byte(b) if b >= FIRST_LITERAL => out.push(b),
        Inst::Byte(b) => out.extend([LIT, b]),
        Inst::Range(lo, hi) => out.extend([RANGE, lo, hi]),
        Inst::Set(k) => {
            out.push(SET);
            varint(out, k as u64);
        }
        Inst::Split(a, b) if a == next => {
            out.push(SPLIT_NEXT);
            varint(out, zigzag(rel(b)));
        }
        Inst::Split(a, b) if b == next => {
            out.push(SPLIT_TARGET);
            varint(out, zigzag(rel(a)));
        }
        Inst::Split(a, b) => {
            out.push(SPLIT_TWO);
            varint(out, zigzag(rel(a)));
            varint(out, zigzag(rel(b)));
        }
        Inst::Jmp(t) => {
            out.push(JMP);
            varint(out, zigzag(rel(t)));
        }
        Inst::Look(l) => out.extend([LOOK, l as u8]),
        Inst::Match(k) => {
            out.push(MATCH);
            varint(out, k as u64);
        }
    }
    out.len() - start
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*pc`, moving past it.
#[inline]
fn read_varint(code: &[u8], pc: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = code[*pc];
        *pc += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// The byte the instruction at `pc` consumes when it is a one-byte literal, the commonest
/// instruction (a literal of 16 or more is its own opcode), without decoding it.
#[inline(always)]
pub fn literal_at(code: &[u8], pc: usize) -> Option<u8> {
    let op = code[pc];
    (op >= FIRST_LITERAL).then_some(op)
}

/// The instruction at `pc` (targets as byte offsets), and where the next one starts.
#[inline]
pub fn decode(code: &[u8], pc: usize) -> (Inst, usize) {
    decode_inline(code, pc)
}

/// [`decode`], inlined where states are built: returning the instruction through memory and
/// matching it again was a fifth of the worker's first analysis (measured natively: 7.1 -> 5.8
/// million instructions to build the analyzer and analyse a 2 KB email).
#[inline(always)]
pub fn decode_inline(code: &[u8], pc: usize) -> (Inst, usize) {
    let op = code[pc];
    let mut p = pc + 1;
    let target = |p: &mut usize| {
        let z = read_varint(code, p);
        (pc as i64 + ((z >> 1) as i64 ^ -((z & 1) as i64))) as u32
    };
    let inst = match op {
        FIRST_LITERAL.. => Inst::Byte(op),
        LIT => {
            p += 1;
            Inst::Byte(code[pc + 1])
        }
        RANGE => {
            p += 2;
            Inst::Range(code[pc + 1], code[pc + 2])
        }
        SET => Inst::Set(read_varint(code, &mut p) as u16),
        SPLIT_NEXT => {
            let t = target(&mut p);
            Inst::Split(p as u32, t)
        }
        SPLIT_TARGET => {
            let t = target(&mut p);
            Inst::Split(t, p as u32)
        }
        SPLIT_TWO => {
            let a = target(&mut p);
            Inst::Split(a, target(&mut p))
        }
        JMP => Inst::Jmp(target(&mut p)),
        LOOK => {
            p += 1;
            Inst::Look(Look::from_u8(code[pc + 1]).unwrap_or(Look::Start))
        }
        MATCH => Inst::Match(read_varint(code, &mut p) as u16),
        // Not an opcode: never written by `encode`.
        _ => Inst::Look(Look::End),
    };
    (inst, p)
}

/// Where each pattern of `code` starts: the first at 0 and each next one right after the
/// previous one's `Match`, which is how `compile.rs` lays patterns out (and
/// `build.rs` checks), so that the catalogue's programs need not ship their starts (790 of
/// them: 1.9 KB of the wasm's gzip). Read once per program, when its automaton is built.
pub fn starts_of(code: &[u8]) -> Vec<u32> {
    let mut starts = Vec::new();
    let mut pc = 0;
    while pc < code.len() {
        if starts.is_empty() {
            starts.push(0);
        }
        // Most of the code is one-byte literals.
        if code[pc] >= FIRST_LITERAL {
            pc += 1;
            continue;
        }
        let (inst, next) = decode(code, pc);
        if matches!(inst, Inst::Match(_)) && next < code.len() {
            starts.push(next as u32);
        }
        pc = next;
    }
    starts
}

/// A program: its code, byte sets, where each pattern starts (in priority order), and its byte
/// classes (bytes no instruction tells apart share a class).
#[derive(Clone, Debug)]
pub struct Program {
    pub code: Cow<'static, [u8]>,
    pub sets: Cow<'static, [[u8; 32]]>,
    pub starts: Cow<'static, [u32]>,
    /// Byte → class.
    pub classes: [u8; 256],
    pub class_count: u16,
}

impl Program {
    /// Builds a program from its parts, computing the byte classes.
    pub fn new(code: Vec<u8>, sets: Vec<[u8; 32]>, starts: Vec<u32>) -> Program {
        let (classes, class_count) = byte_classes(&code, &sets);
        Program { code: Cow::Owned(code), sets: Cow::Owned(sets), starts: Cow::Owned(starts), classes, class_count }
    }

    /// Whether the byte set `index` holds `b`.
    #[inline]
    pub fn set_has(&self, index: u16, b: u8) -> bool {
        self.sets[index as usize][(b >> 3) as usize] & (1 << (b & 7)) != 0
    }

    /// Whether a consuming instruction accepts `b`.
    #[inline]
    pub fn accepts(&self, inst: Inst, b: u8) -> bool {
        match inst {
            Inst::Byte(c) => c == b,
            Inst::Range(lo, hi) => lo <= b && b <= hi,
            Inst::Set(k) => self.set_has(k, b),
            _ => false,
        }
    }
}

/// Byte classes: two bytes share a class when every instruction, and the word-character test,
/// treats them alike. Classes are numbered so that the bytes of lowercased prose (space, the
/// letters, line feed and common punctuation) come first: a state's transitions on them are
/// then next to each other in memory.
pub fn byte_classes(code: &[u8], sets: &[[u8; 32]]) -> ([u8; 256], u16) {
    // Every distinct set of bytes some instruction (or the word test) distinguishes.
    let mut bitmaps: Vec<[u8; 32]> = Vec::new();
    let bitmap = |f: &dyn Fn(u8) -> bool| {
        let mut m = [0u8; 32];
        for b in 0..=255u8 {
            if f(b) {
                m[(b >> 3) as usize] |= 1 << (b & 7);
            }
        }
        m
    };
    bitmaps.push(bitmap(&|b| is_word_byte(b)));
    // UTF-8 continuation bytes never start a search; keep them apart from the rest.
    bitmaps.push(bitmap(&|b| (0x80..0xc0).contains(&b)));
    let mut pc = 0;
    while pc < code.len() {
        let (inst, next) = decode(code, pc);
        match inst {
            Inst::Byte(c) => bitmaps.push(bitmap(&|x| x == c)),
            Inst::Range(lo, hi) => bitmaps.push(bitmap(&|x| lo <= x && x <= hi)),
            _ => {}
        }
        pc = next;
    }
    bitmaps.extend_from_slice(sets);
    // Distinct sets, in first-seen order (a quadratic pass: programs have a few hundred).
    let mut distinct: Vec<[u8; 32]> = Vec::with_capacity(bitmaps.len());
    for m in bitmaps {
        if !distinct.contains(&m) {
            distinct.push(m);
        }
    }
    let bitmaps = distinct;
    // A byte's signature: which of those sets hold it.
    let words = bitmaps.len().div_ceil(64);
    let signature = |b: u8| -> Vec<u64> {
        let mut s = vec![0u64; words];
        for (k, m) in bitmaps.iter().enumerate() {
            if m[(b >> 3) as usize] & (1 << (b & 7)) != 0 {
                s[k / 64] |= 1 << (k % 64);
            }
        }
        s
    };
    let mut classes = [0u8; 256];
    let mut reps: Vec<Vec<u64>> = Vec::new();
    let mut assigned = [false; 256];
    for b in HOT.iter().copied().chain(0..=255u8) {
        if assigned[b as usize] {
            continue;
        }
        assigned[b as usize] = true;
        let s = signature(b);
        let class = match reps.iter().position(|r| *r == s) {
            Some(k) => k,
            None => {
                reps.push(s);
                reps.len() - 1
            }
        };
        classes[b as usize] = class as u8;
    }
    (classes, reps.len() as u16)
}

/// The bytes of lowercased prose, most common first.
const HOT: &[u8] = b" etaoinsrhldcumfpgwybvkxjqz\n',.-0123456789?!";

/// Builds the program for literal phrases (the user's own): case-insensitive through the
/// lowercased haystack, any run of white space between words, either apostrophe, and each
/// phrase between word boundaries. Nothing in a phrase is special: `a.b (c)*` is matched as
/// written.
pub fn literal_program<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Program {
    let mut insts = Vec::new();
    let mut starts = Vec::new();
    // Set 0: white space as the prepared text has it.
    let mut space = [0u8; 32];
    for b in [b' ', b'\n'] {
        space[(b >> 3) as usize] |= 1 << (b & 7);
    }
    let pc = |insts: &Vec<Inst>| insts.len() as u32;
    for (k, phrase) in phrases.into_iter().enumerate() {
        starts.push(pc(&insts));
        insts.push(Inst::Look(Look::StartHalf));
        for (w, word) in phrase.split_whitespace().enumerate() {
            if w > 0 {
                // One or more white-space bytes.
                let set = pc(&insts);
                insts.push(Inst::Set(0));
                insts.push(Inst::Split(set, set + 2));
            }
            for c in word.chars() {
                match c.to_ascii_lowercase() {
                    '\'' | '\u{2019}' => {
                        // ' or ’ (E2 80 99).
                        let split = pc(&insts);
                        insts.push(Inst::Split(split + 1, split + 3));
                        insts.push(Inst::Byte(b'\''));
                        insts.push(Inst::Jmp(split + 6));
                        insts.extend([Inst::Byte(0xe2), Inst::Byte(0x80), Inst::Byte(0x99)]);
                    }
                    c => {
                        let mut buf = [0u8; 4];
                        insts.extend(c.encode_utf8(&mut buf).bytes().map(Inst::Byte));
                    }
                }
            }
        }
        insts.push(Inst::Look(Look::EndHalf));
        insts.push(Inst::Match(k as u16));
    }
    let (code, starts) = encode(&insts, &starts);
    Program::new(code, vec![space], starts)
}
