// Side by side, in one Node process: Overture's WebAssembly (the file the extension ships, with
// its wasm-bindgen glue), write-good, alex, harper.js (LocalLinter with the inlined binary) and
// the approach Just Not Sorry takes (one JavaScript regular expression per phrase, run in
// turn) fed with Overture's own catalogue. Run by `cargo xtask bench`, which writes the texts
// (target/bench/texts.json, built from the corpus) and the patterns first.
//
//   node bench/engines.mjs [--smoke]            the table, as JSON on stdout
//   node bench/engines.mjs --startup <tool>     one cold start: import, set up, first result
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const texts = JSON.parse(readFileSync(join(root, 'target/bench/texts.json'), 'utf8'));
const smoke = process.argv.includes('--smoke');

/** Each tool: load (once, timed as start-up) and a check of one text. */
const TOOLS = {
  overture: async () => {
    const mod = await import(join(root, 'target/wasm-pkg/overture.js'));
    mod.initSync({ module: readFileSync(join(root, 'dist/chrome/overture_bg.wasm')) });
    const engine = new mod.Engine(undefined);
    return (t) => engine.analyze(t, 'email').findings.length;
  },
  'write-good': async () => {
    const { default: writeGood } = await import('write-good');
    return (t) => writeGood(t).length;
  },
  alex: async () => {
    const { text } = await import('alex');
    return (t) => text(t).messages.length;
  },
  'harper.js': async () => {
    const { LocalLinter } = await import('harper.js');
    const { binaryInlined } = await import('harper.js/binaryInlined');
    const linter = new LocalLinter({ binary: binaryInlined });
    await linter.setup();
    return async (t) => (await linter.lint(t)).length;
  },
  'regex per phrase': async () => {
    // Just Not Sorry's approach: a list of phrases, each its own regular expression, run one
    // after the other over the text. Here the list is Overture's catalogue (the same patterns,
    // as JavaScript regular expressions), so it checks every rule.
    const patterns = JSON.parse(readFileSync(join(root, 'target/bench/patterns.json'), 'utf8'));
    const regexes = patterns.map((p) => new RegExp(p, 'g'));
    return (t) => {
      const lower = t.toLowerCase();
      let n = 0;
      for (const re of regexes) {
        re.lastIndex = 0;
        for (const _ of lower.matchAll(re)) n++;
      }
      return n;
    };
  },
};

/** What each tool ships (bundled as a browser extension would carry it), raw and gzip. */
function shipped(tool) {
  const bundle = (entry) => execFileSync(join(root, 'node_modules/.bin/esbuild'), ['--bundle', '--format=esm', '--platform=browser', '--minify', '--log-level=error', '--external:fs', '--external:path', '--external:url', '--external:node:*', entry], { cwd: root, maxBuffer: 1 << 30 });
  let bytes;
  switch (tool) {
    case 'overture':
      bytes = Buffer.concat([readFileSync(join(root, 'dist/chrome/overture_bg.wasm')), bundle('target/wasm-pkg/overture.js')]);
      break;
    case 'write-good':
      bytes = bundle('node_modules/write-good/write-good.js');
      break;
    case 'alex':
      bytes = bundle('node_modules/alex/index.js');
      break;
    case 'harper.js':
      bytes = Buffer.concat([bundle('node_modules/harper.js/dist/index.js'), readFileSync(join(root, 'node_modules/harper.js/dist/binaryInlined.js'))]);
      break;
    default:
      bytes = Buffer.from(readFileSync(join(root, 'target/bench/patterns.json')));
  }
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Warms a tool up on a text: for a number of calls and for at least 1.5 s alike. */
async function warmUp(check, text, warm) {
  // V8 compiles WebAssembly with its baseline compiler first and tiers hot functions up in the
  // background, so a few dozen fast calls can still be timed on baseline code. 300 ms was not
  // enough on 2 shared cores: one process in three timed the 2 KB email on baseline code.
  const until = performance.now() + (warm ? 1500 : 0);
  for (let i = 0; i < warm || performance.now() < until; i++) await check(text);
}

/** Times `n` calls, pushing each duration (ms) to `into`. */
async function timeCalls(check, text, n, into) {
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await check(text);
    into.push(performance.now() - t0);
  }
}

function summary(ts) {
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)], p10: ts[Math.floor(ts.length / 10)] };
}

if (process.argv[2] === '--startup') {
  const t0 = performance.now();
  const check = await TOOLS[process.argv[3]]();
  await check(texts.email);
  console.log(JSON.stringify({ startup: performance.now() - t0 }));
  process.exit(0);
}

const out = { node: process.version, tools: {} };
const checks = {};
for (const [name, load] of Object.entries(TOOLS)) {
  const startups = [];
  for (let i = 0; i < (smoke ? 1 : 11); i++) {
    const r = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--startup', name], { cwd: root, maxBuffer: 1 << 26 });
    startups.push(JSON.parse(r.toString()).startup);
  }
  startups.sort((a, b) => a - b);
  checks[name] = await load();
  out.tools[name] = { startup: startups[Math.floor(startups.length / 2)], shipped: shipped(name), texts: {} };
}
// Per text, every tool is warmed up, then timed in rounds that take turns: this machine's
// speed swings by a third over spells of a few hundred milliseconds (the same binary, native
// or in Node), so timing each tool in one stretch made the ratios a matter of which tool ran
// in a slow spell. Taking turns, a slow spell falls on every tool alike.
const ROUNDS = smoke ? 1 : 10;
for (const [kind, text] of Object.entries(texts)) {
  const big = text.length > 50_000;
  const samples = {};
  for (const [name, check] of Object.entries(checks)) {
    const slow = name === 'harper.js' || name === 'alex' || name === 'write-good';
    const n = smoke ? 1 : big ? (slow ? 5 : 40) : slow ? 20 : 400;
    await warmUp(check, text, smoke ? 0 : Math.max(2, n / 10));
    samples[name] = { n, ts: [] };
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, check] of Object.entries(checks)) {
      const s = samples[name];
      // This round's share of the calls (a tool with fewer calls than rounds sits some out).
      const calls = Math.floor(((r + 1) * s.n) / ROUNDS) - Math.floor((r * s.n) / ROUNDS);
      // A turn of several calls starts with one untimed call, so that every timed call finds
      // the tool's tables in the cache as it would in one stretch: after harper.js's 5 s on
      // the 100 KB paste, Overture's next call rebuilt its 0.8 MB of DFA rows in the cache.
      if (calls > 1 && !smoke) await check(text);
      await timeCalls(check, text, calls, s.ts);
    }
  }
  for (const name of Object.keys(checks)) out.tools[name].texts[kind] = summary(samples[name].ts);
}
console.log(JSON.stringify(out));
