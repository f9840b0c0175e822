//! A lazy DFA over a [`Program`]: states are sets of program threads in order of preference,
//! built the first time a search needs them and kept between searches. Leftmost-first, like a
//! backtracking engine: among the matches that start at one place, the one whose path is
//! preferred wins (the earlier pattern, then the earlier alternative, greedy or lazy
//! repetition as written).
//!
//! Assertions that need the byte after a position (`\b{end-half}`, `$`) end patterns (the
//! compiler checks it), so a match is known one byte late: the transition on byte `i` says
//! whether a match ended just before it.
//!
//! This file is also compiled into `build.rs` (for [`first_bytes`]).

#![allow(dead_code)]

use super::program::*;
use std::borrow::Cow;

/// The state a search is in, with its transitions: one `u16` per byte class, 0 while unknown;
/// otherwise the next state's id, with [`FIRED`] set when a match ended just before the byte
/// (which pattern is in `fired`, at the same index). The table is a search's memory traffic:
/// at 2 bytes an entry instead of 4, the states a 100 KB paste visits (about 6,000 of 64
/// classes) take 0.8 MB instead of 1.6, and the paste's analysis took 11% less time in
/// Node (its steps miss the cache; a 2 KB email's few hundred states fit either way).
pub(crate) struct Dfa {
    /// The program's code and where each pattern starts in it. Threads are byte offsets into
    /// the code, and instructions are decoded where a state is built: decoding the whole
    /// catalogue up front was half of the worker's start-up work (3 of 6 million instructions
    /// before the first result).
    code: Cow<'static, [u8]>,
    pattern_starts: Cow<'static, [u32]>,
    stride: usize,
    trans: Vec<u16>,
    /// Where `trans` has [`FIRED`]: the pattern + 1 (read only when a match ends).
    fired: Vec<u16>,
    /// Per state: its threads (`thread_spans` into `threads`), its context, and the pattern
    /// that matches if the haystack ends there (+1; 0 for none).
    threads: Vec<u32>,
    thread_spans: Vec<(u32, u32)>,
    context: Vec<u8>,
    eoi: Vec<u16>,
    map: StateMap,
    /// Start states per context, 0 while unknown.
    starts: [u16; CONTEXTS],
    max_states: usize,
    /// Counts the times the states were thrown away (the cache was full).
    pub clears: usize,
    scratch: Scratch,
    /// For the few states with many threads (the start states hold a thread for every
    /// pattern), their threads by the byte class they can take: a transition then visits only
    /// the threads that can move on its byte, not all of them (measured: building the start
    /// states' transitions was most of the first analysis, the work a woken worker redoes).
    buckets: Vec<(u16, Buckets)>,
}

/// A state's threads grouped by byte class, in order of preference within each class:
/// the threads of class `c` are `pcs[starts[c]..starts[c + 1]]`. Threads that consume
/// nothing (a match, a pending assertion) are in every class.
struct Buckets {
    starts: Vec<u32>,
    pcs: Vec<u32>,
}

/// States with at least this many threads get [`Buckets`].
const BUCKETED: u32 = 128;

#[derive(Default)]
struct Scratch {
    seen: PcSet,
    stack: Vec<u32>,
    out: Vec<u32>,
    /// Whether `out` holds a pending assertion: most states hold none, and then [`Dfa::intern`]
    /// need not decode their threads again.
    looks: bool,
}

/// In a transition entry: a match ended just before the byte.
pub(crate) const FIRED: u16 = 0x8000;

/// The dead state: no thread is alive.
pub(crate) const DEAD: u16 = 1;
const FIRST_STATE: usize = 2;
/// What a byte before a position says to the assertions: the start of the haystack, a word
/// byte, any other byte.
pub(crate) const CONTEXTS: usize = 3;
pub(crate) const AT_START: usize = 0;
const AFTER_WORD: usize = 1;
const AFTER_OTHER: usize = 2;

/// The context after a byte.
#[inline]
pub(crate) fn context_after(b: u8) -> usize {
    if is_word_byte(b) {
        AFTER_WORD
    } else {
        AFTER_OTHER
    }
}

/// A byte standing for a context, for the assertions.
fn before_byte(context: usize) -> Option<u8> {
    match context {
        AT_START => None,
        AFTER_WORD => Some(b'a'),
        _ => Some(b' '),
    }
}

impl Dfa {
    /// An empty DFA for a program; at most about `cache_bytes` of transitions are kept.
    pub fn new(program: &Program, cache_bytes: usize) -> Dfa {
        let stride = program.class_count as usize;
        let max_states = (cache_bytes / (4 * stride)).clamp(FIRST_STATE + 2, (FIRED - 1) as usize);
        let mut d = Dfa {
            code: program.code.clone(),
            pattern_starts: program.starts.clone(),
            stride,
            trans: Vec::new(),
            fired: Vec::new(),
            threads: Vec::new(),
            thread_spans: Vec::new(),
            context: Vec::new(),
            eoi: Vec::new(),
            map: StateMap::default(),
            starts: [0; CONTEXTS],
            max_states,
            clears: 0,
            scratch: Scratch::default(),
            buckets: Vec::new(),
        };
        d.reset();
        d
    }

    fn reset(&mut self) {
        self.trans.clear();
        self.fired.clear();
        self.threads.clear();
        self.thread_spans.clear();
        self.context.clear();
        self.eoi.clear();
        self.map.clear();
        self.starts = [0; CONTEXTS];
        self.buckets.clear();
        // Ids 0 (never a state) and 1 (dead): rows of zeros and of dead ends.
        for id in 0..FIRST_STATE {
            let fill = if id as u16 == DEAD { DEAD } else { 0 };
            self.trans.extend(std::iter::repeat_n(fill, self.stride));
            self.fired.extend(std::iter::repeat_n(0, self.stride));
            self.thread_spans.push((0, 0));
            self.context.push(0);
            self.eoi.push(0);
        }
    }

    /// The start state for a context.
    #[inline]
    pub fn start(&mut self, context: usize) -> u16 {
        match self.starts[context] {
            0 => {
                let s = &mut self.scratch;
                s.seen.reset(self.code.len() + 1);
                s.out.clear();
                s.looks = false;
                for &pc in self.pattern_starts.iter() {
                    if closure(&self.code, pc, context, &mut s.seen, &mut s.stack, &mut s.out, &mut s.looks) {
                        break;
                    }
                }
                let out = std::mem::take(&mut s.out);
                let id = self.intern(&out, context, self.scratch.looks);
                self.scratch.out = out;
                self.starts[context] = id;
                id
            }
            id => id,
        }
    }

    /// The transition from state `id` on byte `b`: in the low 16 bits the next state, with
    /// [`FIRED`] set when a match ended just before `b`; then the high 16 bits hold that
    /// pattern + 1 if the transition was just built (one built by emptying a full cache has no
    /// row to keep it in), and otherwise are 0 and [`Dfa::fired`] finds it.
    #[inline(always)]
    pub fn next(&mut self, p: &Program, id: u16, b: u8) -> u32 {
        let e = self.trans[id as usize * self.stride + p.classes[b as usize] as usize];
        if e != 0 {
            e as u32
        } else {
            self.compute(p, id, b)
        }
    }

    /// The pattern (+1) whose match ended just before `b` in state `id`, for an `entry` from
    /// [`Dfa::next`] that has [`FIRED`]: in its high bits if just built, else in `fired`.
    #[inline]
    pub fn fired(&self, p: &Program, id: u16, b: u8, entry: u32) -> u16 {
        match entry >> 16 {
            0 => self.fired[id as usize * self.stride + p.classes[b as usize] as usize],
            pattern => pattern as u16,
        }
    }

    /// The pattern that matches when the haystack ends in state `id` (+1; 0 for none).
    #[inline]
    pub fn at_end(&self, id: u16) -> u16 {
        self.eoi[id as usize]
    }

    #[cold]
    #[inline(never)]
    fn compute(&mut self, p: &Program, id: u16, b: u8) -> u32 {
        let (from, len) = self.thread_spans[id as usize];
        let before = before_byte(self.context[id as usize] as usize);
        let after_ctx = context_after(b);
        // The threads to visit: a big state's threads that can take this byte's class (and
        // those that consume nothing), else all of them.
        let threads: &[u32] = if len >= BUCKETED {
            let i = match self.buckets.iter().position(|(s, _)| *s == id) {
                Some(i) => i,
                None => {
                    let built = self.bucket(p, id);
                    self.buckets.push((id, built));
                    self.buckets.len() - 1
                }
            };
            let (bucket, class) = (&self.buckets[i].1, p.classes[b as usize] as usize);
            &bucket.pcs[bucket.starts[class] as usize..bucket.starts[class + 1] as usize]
        } else {
            &self.threads[from as usize..(from + len) as usize]
        };
        let s = &mut self.scratch;
        s.seen.reset(self.code.len() + 1);
        s.out.clear();
        s.looks = false;
        let mut fired = 0u16;
        for &pc in threads {
            let pc = pc as usize;
            // Whether the thread moves on `b`, and to where.
            let (moves, next) = match literal_at(&self.code, pc) {
                Some(x) => (x == b, pc + 1),
                None => match decode_inline(&self.code, pc) {
                    (inst @ (Inst::Byte(_) | Inst::Range(..) | Inst::Set(_)), next) => (p.accepts(inst, b), next),
                    (Inst::Match(pattern), _) => {
                        fired = pattern + 1;
                        break;
                    }
                    _ => {
                        // A pending assertion: decided now that the next byte is known.
                        if let Some(pattern) = ends_here(&self.code, pc, before, Some(b), &mut s.stack) {
                            fired = pattern + 1;
                            break;
                        }
                        continue;
                    }
                },
            };
            if moves && closure(&self.code, next as u32, after_ctx, &mut s.seen, &mut s.stack, &mut s.out, &mut s.looks)
            {
                break;
            }
        }
        let out = std::mem::take(&mut s.out);
        let clears = self.clears;
        let next = if out.is_empty() { DEAD } else { self.intern(&out, after_ctx, self.scratch.looks) };
        self.scratch.out = out;
        let entry = if fired != 0 { next | FIRED } else { next };
        // A full cache was just emptied: `id` names nothing any more.
        if self.clears == clears {
            let at = id as usize * self.stride + p.classes[b as usize] as usize;
            self.trans[at] = entry;
            self.fired[at] = fired;
        }
        entry as u32 | (fired as u32) << 16
    }

    /// The id of the state with these threads, adding it if new (and emptying the cache first
    /// when it is full).
    /// `looks`: whether any thread is a pending assertion.
    fn intern(&mut self, threads: &[u32], context: usize, looks: bool) -> u16 {
        // The context matters only to pending word-boundary threads; drop it otherwise so
        // that states are shared.
        let needs_context = looks
            && threads
                .iter()
                .any(|&pc| matches!(decode(&self.code, pc as usize).0, Inst::Look(Look::Word | Look::NotWord)));
        let context = if needs_context { context } else { AFTER_OTHER };
        let hash = hash_threads(threads, context);
        if let Some(id) =
            self.map.get(hash, |id| self.state_threads(id) == threads && self.context[id as usize] as usize == context)
        {
            return id;
        }
        if self.thread_spans.len() >= self.max_states {
            self.clears += 1;
            self.reset();
        }
        let id = self.thread_spans.len() as u16;
        self.thread_spans.push((self.threads.len() as u32, threads.len() as u32));
        self.threads.extend_from_slice(threads);
        self.context.push(context as u8);
        let mut eoi = 0;
        // Without assertions, only a match (which ends the threads) can end here.
        let pending = if looks { threads } else { &threads[threads.len().saturating_sub(1)..] };
        for &pc in pending {
            match decode(&self.code, pc as usize).0 {
                Inst::Match(pattern) => {
                    eoi = pattern + 1;
                    break;
                }
                Inst::Look(_) => {
                    if let Some(pattern) =
                        ends_here(&self.code, pc as usize, before_byte(context), None, &mut self.scratch.stack)
                    {
                        eoi = pattern + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        self.eoi.push(eoi);
        self.trans.extend(std::iter::repeat_n(0, self.stride));
        self.fired.extend(std::iter::repeat_n(0, self.stride));
        let mut map = std::mem::take(&mut self.map);
        map.insert(hash, id, |id| hash_threads(self.state_threads(id), self.context[id as usize] as usize));
        self.map = map;
        id
    }

    /// Groups the threads of state `id` by the byte classes they can take (see [`Buckets`]).
    fn bucket(&self, p: &Program, id: u16) -> Buckets {
        let mut rep = vec![0u8; self.stride];
        for b in (0..=255u8).rev() {
            rep[p.classes[b as usize] as usize] = b;
        }
        let mut pairs: Vec<(u16, u32)> = Vec::new();
        // The classes each distinct range or set takes, worked out once: a start state holds
        // hundreds of threads on a few dozen distinct ones (testing each thread against every
        // class was a ninth of the first analysis's instructions). `taken`: (the range or set
        // as a number, its classes' span in `classes`).
        let (mut taken, mut classes): (Vec<(u32, u32, u32)>, Vec<u16>) = (Vec::new(), Vec::new());
        for &pc in self.state_threads(id) {
            let inst = decode(&self.code, pc as usize).0;
            let key = match inst {
                Inst::Byte(x) => {
                    pairs.push((p.classes[x as usize] as u16, pc));
                    continue;
                }
                Inst::Range(lo, hi) => 1 << 16 | (lo as u32) << 8 | hi as u32,
                Inst::Set(k) => 2 << 16 | k as u32,
                _ => {
                    pairs.extend((0..self.stride).map(|c| (c as u16, pc)));
                    continue;
                }
            };
            let (from, to) = match taken.iter().find(|t| t.0 == key) {
                Some(&(_, from, to)) => (from, to),
                None => {
                    let from = classes.len() as u32;
                    classes.extend((0..self.stride as u16).filter(|&c| p.accepts(inst, rep[c as usize])));
                    taken.push((key, from, classes.len() as u32));
                    (from, classes.len() as u32)
                }
            };
            pairs.extend(classes[from as usize..to as usize].iter().map(|&c| (c, pc)));
        }
        let mut starts = vec![0u32; self.stride + 1];
        for &(c, _) in &pairs {
            starts[c as usize + 1] += 1;
        }
        for c in 0..self.stride {
            starts[c + 1] += starts[c];
        }
        let mut fill = starts.clone();
        let mut pcs = vec![0u32; pairs.len()];
        for &(c, pc) in &pairs {
            pcs[fill[c as usize] as usize] = pc;
            fill[c as usize] += 1;
        }
        Buckets { starts, pcs }
    }

    fn state_threads(&self, id: u16) -> &[u32] {
        let (from, len) = self.thread_spans[id as usize];
        &self.threads[from as usize..(from + len) as usize]
    }
}

/// Per context (see [`CONTEXTS`]), the bytes that can begin a match of the program, as bits:
/// bit `256 × context + byte`. `build.rs` computes it for the catalogue's programs, so that the
/// worker does not have to at start-up.
pub fn first_bytes(program: &Program) -> [u64; 12] {
    let mut dfa = Dfa::new(program, 1 << 20);
    let mut bits = [0u64; 12];
    for context in 0..CONTEXTS {
        for b in 0..=255u8 {
            // UTF-8 continuation bytes never start a match: a search starts on characters.
            if (0x80..0xc0).contains(&b) {
                continue;
            }
            let start = dfa.start(context);
            let e = dfa.next(program, start, b);
            if e as u16 & !FIRED != DEAD {
                let i = context * 256 + b as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
    }
    bits
}

/// Adds the threads reachable from `pc` without consuming a byte, in order of preference,
/// deciding the assertions that look only behind. Returns true when it reached a match: the
/// threads after it are less preferred and can never win, so the caller stops.
fn closure(
    code: &[u8],
    pc: u32,
    context: usize,
    seen: &mut PcSet,
    stack: &mut Vec<u32>,
    out: &mut Vec<u32>,
    looks: &mut bool,
) -> bool {
    stack.clear();
    stack.push(pc);
    while let Some(pc) = stack.pop() {
        if !seen.insert(pc) {
            continue;
        }
        // Most threads wait on a literal byte: no need to decode them.
        if literal_at(code, pc as usize).is_some() {
            out.push(pc);
            continue;
        }
        let (inst, next) = decode_inline(code, pc as usize);
        match inst {
            Inst::Split(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            Inst::Jmp(t) => stack.push(t),
            Inst::Look(l) if l.behind_only() => {
                if l.holds(before_byte(context), None) {
                    stack.push(next as u32);
                }
            }
            Inst::Match(_) => {
                out.push(pc);
                stack.clear();
                return true;
            }
            Inst::Look(_) => {
                *looks = true;
                out.push(pc);
            }
            _ => out.push(pc),
        }
    }
    false
}

/// From a pending assertion at `pc`, whether a match ends here given the bytes around the
/// position (only assertions and the match can follow it): the preferred pattern, if any.
fn ends_here(code: &[u8], pc: usize, before: Option<u8>, after: Option<u8>, stack: &mut Vec<u32>) -> Option<u16> {
    stack.clear();
    stack.push(pc as u32);
    let mut steps = 0;
    while let Some(pc) = stack.pop() {
        steps += 1;
        if steps > 64 {
            break; // a loop of assertions: the compiler refuses them, so never expected
        }
        let (inst, next) = decode(code, pc as usize);
        match inst {
            Inst::Look(l) if l.holds(before, after) => stack.push(next as u32),
            Inst::Split(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            Inst::Jmp(t) => stack.push(t),
            Inst::Match(pattern) => return Some(pattern),
            _ => {}
        }
    }
    None
}

fn hash_threads(threads: &[u32], context: usize) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ context as u64;
    for &t in threads {
        h = (h ^ t as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// State ids by the hash of their threads: open addressing (std's `HashMap` would add its
/// code to the WebAssembly for this slow-path lookup).
#[derive(Default)]
struct StateMap {
    /// Power-of-two many slots, at most half full; 0 marks an empty slot.
    slots: Vec<(u64, u16)>,
    len: usize,
}

impl StateMap {
    fn get(&self, hash: u64, mut same: impl FnMut(u16) -> bool) -> Option<u16> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let (h, id) = self.slots[i];
            if id == 0 {
                return None;
            }
            if h == hash && same(id) {
                return Some(id);
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, hash: u64, id: u16, rehash: impl Fn(u16) -> u64) {
        if 2 * (self.len + 1) > self.slots.len() {
            let size = (self.slots.len() * 2).max(256);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            self.len = 0;
            for (_, id) in old.into_iter().filter(|&(_, id)| id != 0) {
                self.place(rehash(id), id);
            }
        }
        self.place(hash, id);
    }

    fn place(&mut self, hash: u64, id: u16) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (hash, id);
        self.len += 1;
    }

    fn clear(&mut self) {
        self.slots.clear();
        self.len = 0;
    }
}

/// A set of program offsets: one bit per offset, and the offsets inserted since the last reset,
/// so that a reset clears only those bits. (A sparse set needs 4 bytes per offset of the
/// catalogue's 92 KB of code, zeroed when each automaton first searches: 6% of the native
/// instructions of building the analyzer and analysing a first 2 KB email.)
#[derive(Default)]
struct PcSet {
    dense: Vec<u32>,
    bits: Vec<u64>,
}

impl PcSet {
    fn reset(&mut self, capacity: usize) {
        for &v in &self.dense {
            self.bits[v as usize / 64] &= !(1 << (v % 64));
        }
        self.dense.clear();
        if self.bits.len() * 64 < capacity {
            self.bits.resize(capacity.div_ceil(64), 0);
        }
    }

    #[inline]
    fn insert(&mut self, v: u32) -> bool {
        let (word, bit) = (v as usize / 64, 1u64 << (v % 64));
        if self.bits[word] & bit != 0 {
            return false;
        }
        self.bits[word] |= bit;
        self.dense.push(v);
        true
    }
}
