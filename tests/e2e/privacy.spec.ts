// Nothing leaves the machine and nothing of the message is stored. A full session on each site
// fixture (typing, a suggestion, the pre-send panel, the popup, the settings page) records every
// request from every page and frame, and reads back all of the extension's storage afterwards.
import { test, expect, badge, launch, serviceWorker, DIST } from './fixtures';
import type { BrowserContext, Request } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Sentences only this test types: none may be found in storage afterwards. */
const SENTENCES = [
  'Marigold harbour lanterns were my favourite part of your talk',
  "I'd love to show you a quick demo of our platform",
  'Book a call on my calendar ASAP',
];
const DRAFT = `Hi Dana, ${SENTENCES[0]}. ${SENTENCES[1]}. ${SENTENCES[2]}.`;

const SITES = [
  { name: 'Gmail', url: 'https://mail.google.com/', body: '[id=":8o"]', send: '#compose1 [data-fixture-send]', people: ['Dana Kim', 'dana@example.org'] },
  { name: 'Outlook', url: 'https://outlook.live.com/mail/', body: '[aria-label^="Message body"]', send: '[data-fixture-send]', people: ['Ann Lee', 'ann@example.org'] },
  { name: 'Yahoo Mail', url: 'https://mail.yahoo.com/', body: '[data-test-id="rte"]', send: '[data-fixture-send]', people: ['Ann Lee', 'ann@example.org'] },
  { name: 'LinkedIn', url: 'https://www.linkedin.com/messaging/', body: '#msg .msg-form__contenteditable', send: '#msg [data-fixture-send]', people: ['Dana Kim'] },
];

/** Every request any page of the context makes (pages, extension pages, their frames). */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  const seen = (r: Request) => urls.push(r.url());
  context.on('request', seen);
  for (const p of context.pages()) p.on('request', seen);
  return urls;
}

for (const site of SITES) {
  test(`${site.name}: a full session makes no request off the machine and stores nothing of the message`, async ({ context, extensionId }) => {
    const urls = recordRequests(context);
    const page = await context.newPage();
    await page.goto(site.url);
    const body = page.locator(site.body);
    await body.click();
    // The caret at the very start (a reply's box also holds the quoted thread below).
    await body.evaluate((el) => {
      let first: Node = el;
      while (first.firstChild) first = first.firstChild;
      getSelection()!.collapse(first.nodeType === Node.TEXT_NODE ? first : first.parentNode!, 0);
    });
    await page.keyboard.insertText(DRAFT);
    await expect(badge(page)).toHaveAttribute('data-overture-band', /.+/);
    // A suggestion, through the card.
    const mark = page.locator('overture-overlay .mark[data-overture-rule="asap"]').first();
    await expect.poll(async () => (await mark.boundingBox())?.width ?? 0).toBeGreaterThan(0);
    const r = (await mark.boundingBox())!;
    await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
    await page.locator('overture-overlay .card:not([hidden]) button.suggestion').first().click();
    await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(0);
    // The pre-send panel, then Keep editing.
    await page.locator(site.send).click();
    await expect(page.locator('overture-overlay .panel')).toBeVisible();
    await page.locator('overture-overlay .panel [data-overture-action="keep-editing"]').click();
    // The popup for this tab, and the settings page.
    const sw = await serviceWorker(context);
    const tab = await sw.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((t) => t.id!)));
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
    await expect(popup.locator('#gauge')).toHaveAttribute('data-overture-score', /\d+/);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.locator('#threshold')).toBeVisible();
    await page.waitForTimeout(300);

    const origin = new URL(site.url).origin;
    const offMachine = urls.filter((u) => !u.startsWith(`chrome-extension://${extensionId}/`) && !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
    expect(offMachine).toEqual([]);

    const stored = JSON.stringify(await sw.evaluate(async () => ({ sync: await chrome.storage.sync.get(null), local: await chrome.storage.local.get(null) })));
    for (const needle of [...SENTENCES, ...site.people, 'Marigold', 'lanterns']) {
      expect(stored.toLowerCase(), `storage holds “${needle}”`).not.toContain(needle.toLowerCase());
    }
  });
}

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
test('every name resolves to a server that notes each request: the worker, content script, popup, options and playground reach nothing but the page', async ({}, info) => {
  // Requests from the background worker are not page requests that Playwright reports; with
  // every host name mapped to this test's own server, any request from any context would
  // arrive here, and the server notes its host.
  const { start } = await import('./server.mjs');
  const port = 9443 + (info.workerIndex % 50);
  const server = await start(port);
  const seen: Array<{ host: string; from: string }> = [];
  server.on('request', (req: { headers: Record<string, string | undefined> }) =>
    seen.push({ host: (req.headers.host ?? '').split(':')[0], from: req.headers.origin ?? req.headers.referer ?? '' }),
  );
  const { context, close } = await launch(true, DIST, `MAP * 127.0.0.1:${port}`);
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto('https://mail.google.com/');
    await page.locator('[id=":8o"]').click();
    await page.keyboard.insertText(DRAFT);
    await expect(badge(page)).toHaveAttribute('data-overture-band', /.+/);
    await page.locator('#compose1 [data-fixture-send]').click();
    await expect(page.locator('overture-overlay .panel')).toBeVisible();
    await page.locator('overture-overlay .panel [data-overture-action="keep-editing"]').click();
    for (const path of ['popup.html', 'options.html', 'playground.html']) {
      const p = await context.newPage();
      await p.goto(`chrome-extension://${id}/${path}`);
      await p.waitForLoadState('load');
    }
    await page.waitForTimeout(1000);
    // Chromium's own services (sign-in, updates, autofill) call out too, to Google's hosts and
    // from no page of ours. A request from the fixture page or from the extension to any host
    // but the fixture's, or any request at all to another host, is a leak.
    const chromiumOwn = /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$/;
    const ours = (from: string) => from.startsWith(`chrome-extension://${id}`) || from.startsWith('https://mail.google.com');
    const leaks = seen.filter((r) => r.host !== 'mail.google.com' && (ours(r.from) || !chromiumOwn.test(r.host)));
    expect(leaks).toEqual([]);
    expect(seen.some((r) => r.host === 'mail.google.com'), 'the page itself came through this server').toBe(true);
    expect(seen.some((r) => ours(r.from)), 'requests from the page or the extension are recognised').toBe(true);
  } finally {
    await close();
    server.close();
  }
});

test('the packaged scripts open no connection of their own: no fetch, XHR, WebSocket, beacon or remote import', () => {
  // Requests from the background worker are not page requests; what it can do is in its code.
  for (const file of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
    const src = readFileSync(join(DIST, file), 'utf8');
    expect(src, file).not.toMatch(/XMLHttpRequest|new WebSocket|sendBeacon|EventSource|importScripts\(|import\(\s*['"`]https?:/);
    // The fetches are of the extension's own files: wasm-bindgen's loader (given a URL built
    // with chrome.runtime.getURL, or relative to the page) and the playground's rule guide.
    const fetches = (src.match(/\bfetch\([^)]*\)/g) ?? []).filter((f) => f !== 'fetch(module_or_path)' && f !== 'fetch("rules.json")');
    expect(fetches, file).toEqual([]);
    if (file === 'content.js') expect(src).not.toMatch(/\bfetch\(/);
    // No address to reach (the playground's sample drafts quote example links as text).
    if (file !== 'playground.js') expect(src, file).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}\//i);
  }
});
