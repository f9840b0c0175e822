// Keystroke to highlight, in headless Chromium with the packaged extension on the Gmail
// fixture (served under its real hostname with a strict CSP): a draft of 2 KB and of 20 KB is
// put in the box, then characters are typed at its end one by one; each keystroke's latency is
// what the content script measures from the input event to the frame that draws the
// highlights, the round trip to the worker included. Then a cold start: the worker is stopped
// through the DevTools protocol, one key is typed, and the first highlight is timed.
//
//   node bench/browser.mjs [--smoke]    prints JSON on stdout (run by `cargo xtask bench`)
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITES, start } from '../tests/e2e/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist/chrome');
const texts = JSON.parse(readFileSync(join(root, 'target/bench/texts.json'), 'utf8'));
const smoke = process.argv.includes('--smoke');
const PORT = 9444;
const BODY = '[id=":8o"]';
const TYPED = ' I would love to hear how you got started, and I am happy to share what worked for us.';

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function browser() {
  const dir = mkdtempSync(join(tmpdir(), 'overture-bench-'));
  const rules = Object.keys(SITES).map((h) => `MAP ${h} 127.0.0.1:${PORT}`).join(', ');
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    ignoreHTTPSErrors: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', `--host-resolver-rules=${rules}`, '--ignore-certificate-errors',
      `--disable-extensions-except=${dist}`, `--load-extension=${dist}`],
  });
  // Timings reach the page only with diagnostics on (the product keeps them in the extension).
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(() => chrome.storage.local.set({ diagnostics: true }));
  return { context, close: async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Opens the Gmail fixture with a draft of `text`, recording every latency the overlay reports. */
async function draft(context, text) {
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.evaluate(() => {
    window.__latencies = [];
    window.__work = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const ms = Number(r.target.getAttribute('data-overture-latency'));
        window.__latencies.push(ms);
        // Less the wait for the browser's next frame once the reply was in.
        window.__work.push(ms - Number(r.target.getAttribute('data-overture-frame-wait') ?? 0));
      }
    }).observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['data-overture-latency'] });
  });
  await page.click(BODY);
  await page.evaluate(([sel, t]) => {
    document.querySelector(sel).focus();
    document.execCommand('insertText', false, t);
  }, [BODY, text]);
  await page.locator('overture-overlay').first().waitFor({ state: 'attached', timeout: 30_000 });
  await page.waitForTimeout(800);
  return page;
}

async function keystrokes(context, text) {
  const page = await draft(context, text);
  await page.evaluate(() => ((window.__latencies = []), (window.__work = [])));
  const typed = smoke ? TYPED.slice(0, 5) : TYPED;
  for (const ch of typed) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(500);
  const l = await page.evaluate(() => window.__latencies);
  const w = await page.evaluate(() => window.__work);
  await page.close();
  return { keystrokes: typed.length, redraws: l.length, p50: pct(l, 50), p95: pct(l, 95), work_p50: pct(w, 50), work_p95: pct(w, 95) };
}

async function coldStart(context) {
  const page = await draft(context, texts.email);
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const runs = [];
  for (let i = 0; i < (smoke ? 1 : 5); i++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    const t0 = Date.now();
    while (context.serviceWorkers().length > 0 && Date.now() - t0 < 5000) await page.waitForTimeout(50);
    await page.waitForTimeout(300);
    await page.evaluate(() => (window.__latencies = []));
    await page.keyboard.type('x');
    await page.waitForFunction(() => window.__latencies.length > 0, null, { timeout: 15_000 });
    runs.push((await page.evaluate(() => window.__latencies))[0]);
  }
  await page.close();
  return { runs, median: pct(runs, 50) };
}

const server = await start(PORT);
const { context, close } = await browser();
try {
  const out = {
    chromium: (await context.browser()?.version()) ?? null,
    email: await keystrokes(context, texts.email),
    thread: await keystrokes(context, texts.thread),
    cold: await coldStart(context),
  };
  console.log(JSON.stringify(out));
} finally {
  await close();
  server.close();
}
