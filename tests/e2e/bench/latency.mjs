// Keystroke-to-highlight latency and content-script memory, in Chromium with the packaged
// extension on the Gmail fixture. Not a test (timing belongs in benchmarks): run it by hand after
// `cargo xtask dist`:   node tests/e2e/bench/latency.mjs
// Latency is what the content script itself records on its overlay (data-overture-latency):
// from the input event to the frame that draws the highlights, the round trip to the worker
// included. Memory is the page's JS heap with the extension minus without it.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITES, start } from '../server.mjs';

const PORT = 9443;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/chrome');
const EMAIL = `Hi Priya,

Maria suggested I reach out since we both care about community gardens. I loved your talk on soil health at the spring summit; the part about volunteer rotas stuck with me, and we tried it in Leeds this spring.

How did you get the city council on board? We are about to ask ours for a plot by the canal and I would love to hear what worked for you. No rush at all. If it's useful, I'm happy to introduce you to the folks running the Leeds allotment network, who have been generous with seeds and tools.

I should say that I also run a small consultancy, and I'd love to show you how our platform tracks volunteer hours. Would you be open to a quick 15-minute call next week? Per my last email, I need an answer by Friday, so please let me know ASAP.

Thanks again for the inspiring talk, and have a lovely weekend.

Sam

`.repeat(3).slice(0, 2048);

function args(withExtension) {
  const rules = Object.keys(SITES).map((h) => `MAP ${h} 127.0.0.1:${PORT}`).join(', ');
  return ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--host-resolver-rules=${rules}`, '--ignore-certificate-errors',
    ...(withExtension ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : [])];
}

async function session(withExtension) {
  const dir = mkdtempSync(join(tmpdir(), 'overture-bench-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: false, ignoreHTTPSErrors: true, args: args(withExtension) });
  if (withExtension) {
    // Timings reach the page only with diagnostics on (the product keeps them in the extension).
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(() => chrome.storage.local.set({ diagnostics: true }));
  }
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.evaluate(() => {
    window.__latencies = [];
    window.__roundtrips = [];
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.attributeName === 'data-overture-latency') window.__latencies.push(Number(r.target.getAttribute('data-overture-latency')));
        if (r.attributeName === 'data-overture-roundtrip') window.__roundtrips.push(Number(r.target.getAttribute('data-overture-roundtrip')));
      }
    }).observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-overture-latency', 'data-overture-roundtrip'] });
  });
  await page.click('[id=":8o"]');
  const t0 = Date.now();
  for (const line of EMAIL.split('\n').map((l, i) => [l, i])) {
    if (line[1] > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(line[0], { delay: 15 });
  }
  await page.waitForTimeout(500);
  const typed = Date.now() - t0;
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const latencies = await page.evaluate(() => window.__latencies);
  const roundtrips = await page.evaluate(() => window.__roundtrips);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  return { latencies, roundtrips, heap: metrics.JSHeapUsedSize, typed };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const server = await start(PORT);
try {
  const on = await session(true);
  const off = await session(false);
  const l = on.latencies;
  console.log(`typed ${EMAIL.length} characters in ${(on.typed / 1000).toFixed(1)} s; ${l.length} highlight redraws after input`);
  console.log(`keystroke-to-highlight latency: p50 ${pct(l, 50).toFixed(2)} ms, p95 ${pct(l, 95).toFixed(2)} ms, max ${Math.max(...l).toFixed(2)} ms`);
  const rt = on.roundtrips;
  console.log(`of which the worker round trip (message, wasm analysis, reply): p50 ${pct(rt, 50).toFixed(2)} ms, p95 ${pct(rt, 95).toFixed(2)} ms`);
  console.log(`page JS heap after typing: ${(on.heap / 1e6).toFixed(2)} MB with Overture, ${(off.heap / 1e6).toFixed(2)} MB without (difference ${((on.heap - off.heap) / 1e6).toFixed(2)} MB)`);
} finally {
  server.close();
}
