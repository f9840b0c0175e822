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

async function time(check, text, warm, n) {
  // Warm up for a number of calls and for at least 1.5 s alike: V8 compiles WebAssembly with
  // its baseline compiler first and tiers hot functions up in the background, so a few dozen
  // fast calls can still be timed on baseline code. 300 ms was not enough on 2 shared cores:
  // the optimised build of Overture's analysis (one 57 KB function) takes about 160 ms of a
  // background thread, and one process in three timed the 2 KB email at 95-120 µs instead of
  // 67 µs, for the same binary; after 1.5 s, six processes of six timed 66-73 µs.
  const until = performance.now() + (warm ? 1500 : 0);
  for (let i = 0; i < warm || performance.now() < until; i++) await check(text);
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await check(text);
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(n / 2)], p10: ts[Math.floor(n / 10)] };
}

if (process.argv[2] === '--startup') {
  const t0 = performance.now();
  const check = await TOOLS[process.argv[3]]();
  await check(texts.email);
  console.log(JSON.stringify({ startup: performance.now() - t0 }));
  process.exit(0);
}

const out = { node: process.version, tools: {} };
for (const [name, load] of Object.entries(TOOLS)) {
  const startups = [];
  for (let i = 0; i < (smoke ? 1 : 11); i++) {
    const r = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--startup', name], { cwd: root, maxBuffer: 1 << 26 });
    startups.push(JSON.parse(r.toString()).startup);
  }
  startups.sort((a, b) => a - b);
  const check = await load();
  const row = { startup: startups[Math.floor(startups.length / 2)], shipped: shipped(name), texts: {} };
  for (const [kind, text] of Object.entries(texts)) {
    const big = text.length > 50_000;
    const slow = name === 'harper.js' || name === 'alex' || name === 'write-good';
    const n = smoke ? 1 : big ? (slow ? 5 : 40) : slow ? 20 : 400;
    row.texts[kind] = await time(check, text, smoke ? 0 : Math.max(2, n / 10), n);
  }
  out.tools[name] = row;
}
console.log(JSON.stringify(out));
