// Trust: Send is never silently swallowed, page scripts cannot drive the controls that send or
// change settings, nothing of the message is stored, timings stay in the extension, a
// suggestion never deletes an image, requests are coalesced, and an engine fault is recovered.
// Each test reproduces a failure found by trying Overture as a hostile page or a careless user.
import { test, expect, badge, distVariant, launch, openDraft, serviceWorker, setSettings } from './fixtures';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

const PITCH = "Hi Dana, I'd love to show you a quick demo of our platform. Our pricing starts at $99/month. Book a call on my calendar ASAP.";
const MUTUAL = 'Hi Dana, thanks for the talk on Tuesday. What got you into volunteering? Happy to share our notes on onboarding if useful.';
const BODY = '[id=":8o"]';
const SEND = '#compose1 [data-fixture-send]';

const sentCount = (page: Page) => page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length);
const panel = (page: Page) => page.locator('overture-overlay .panel');

const gmailDraft = (context: BrowserContext, text: string, band: string | RegExp) => openDraft(context, 'https://mail.google.com/', BODY, text, band);

async function stored(context: BrowserContext) {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => ({ sync: await chrome.storage.sync.get(null), local: await chrome.storage.local.get(null) }));
}

/** Clicks a control inside Overture's open shadow root from the page's own script (untrusted). */
async function scriptClick(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    for (const host of document.querySelectorAll('overture-overlay')) {
      const b = host.shadowRoot?.querySelector<HTMLElement>(sel);
      if (b) {
        b.click();
        return true;
      }
    }
    return false;
  }, selector);
}

test.describe('Send is never silently swallowed', () => {
  test('page CSS hides the overlay: Send sends at once', async ({ context }) => {
    const page = await gmailDraft(context, PITCH, 'pitch');
    await page.addStyleTag({ content: 'overture-overlay { display: none !important; }' });
    await page.locator(SEND).click();
    await expect.poll(() => sentCount(page)).toBe(1);
  });

  test('a page script removes the overlay: Send sends at once', async ({ context }) => {
    const page = await gmailDraft(context, PITCH, 'pitch');
    await page.evaluate(() => document.querySelectorAll('overture-overlay').forEach((o) => o.remove()));
    await page.locator(SEND).click();
    await expect.poll(() => sentCount(page)).toBe(1);
  });

  for (const hide of [false, true]) {
    test(`a hostile page${hide ? ' that hides the overlay' : ''}: compose in a modal dialog, DOM APIs replaced, the box rewritten on every key`, async ({ context }, info) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`https://mail.google.com/hostile.html${hide ? '?hide' : ''}`);
      await page.locator(BODY).click();
      await page.keyboard.type('Hi Dana, ', { delay: 5 });
      await page.keyboard.insertText(PITCH.slice('Hi Dana, '.length));
      await page.keyboard.type(' Thanks', { delay: 5 });
      if (!hide) {
        // Overture works here: its UI sits inside the dialog, above the inert page.
        await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');
        await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]').first()).toBeAttached();
      }
      await page.screenshot({ path: info.outputPath('hostile-typed.png') });
      await page.locator(SEND).click();
      // Either the panel is on top and usable, or the message went: never neither.
      await expect
        .poll(async () => ((await sentCount(page)) === 1 ? 'sent' : (await panel(page).isVisible()) ? 'panel' : 'nothing'))
        .toBe(hide ? 'sent' : 'panel');
      if (!hide) {
        const box = (await panel(page).boundingBox())!;
        const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('overture-overlay') !== null, [box.x + box.width / 2, box.y + box.height / 2]);
        expect(onTop).toBe(true);
        await page.screenshot({ path: info.outputPath('hostile-panel.png') });
        await panel(page).locator('[data-overture-action="send-anyway"]').click();
        await expect.poll(() => sentCount(page)).toBe(1);
      }
      // Send worked once, with the text as typed, and the page saw no error of Overture's.
      const sent = await page.evaluate(() => (window as unknown as { __sent: Array<{ body: string }> }).__sent);
      expect(sent).toHaveLength(1);
      expect(sent[0].body).toContain('ASAP');
      expect([...errors, ...(await page.evaluate(() => (window as unknown as { __pageErrors: string[] }).__pageErrors))]).toEqual([]);
    });
  }

  test('two presses during a slow analysis send once, and the badge says it is checking', async ({ context }) => {
    const page = await context.newPage();
    await page.goto('https://mail.google.com/');
    await page.locator(BODY).click();
    // Typing and two presses in one task: the report cannot have arrived for either.
    const checking = await page.evaluate(
      ([t, send]) => {
        document.execCommand('insertText', false, t);
        const b = document.querySelector<HTMLElement>(send)!;
        b.click();
        b.click();
        const badges = [...document.querySelectorAll('overture-overlay')].map((o) => o.shadowRoot!.querySelector<HTMLElement>('.badge')!);
        return badges.some((x) => 'overtureChecking' in x.dataset && !x.hidden && /checking/.test(x.textContent ?? ''));
      },
      [MUTUAL, SEND] as const,
    );
    expect(checking).toBe(true);
    await expect.poll(() => sentCount(page)).toBe(1);
    await page.waitForTimeout(500);
    expect(await sentCount(page)).toBe(1);
    await expect(badge(page)).toHaveAttribute('data-overture-band', 'mutual');
    await expect(badge(page)).not.toHaveAttribute('data-overture-checking', '');
  });

  test('LinkedIn Enter-to-send: a repeating Enter or a fast second one does not pass the panel', async ({ context }) => {
    const page = await openDraft(context, 'https://www.linkedin.com/messaging/', '#msg-enter .msg-form__contenteditable', PITCH, 'pitch');
    await page.keyboard.down('Enter');
    await expect(panel(page)).toBeVisible();
    // The key held down: auto-repeat keydowns reach the focused "Send anyway".
    await page.keyboard.down('Enter');
    await page.keyboard.down('Enter');
    await page.keyboard.up('Enter');
    // A fast second press.
    await page.keyboard.press('Enter');
    await page.waitForTimeout(150);
    expect(await sentCount(page)).toBe(0);
    await expect(panel(page)).toBeVisible();
    // A deliberate Enter later on the focused "Send anyway" sends, once.
    await page.waitForTimeout(350);
    await page.keyboard.press('Enter');
    await expect.poll(() => sentCount(page)).toBe(1);
    await expect(panel(page)).toHaveCount(0);
  });
});

test('page scripts cannot send, snooze, switch the site off or add a never-flag phrase', async ({ context }) => {
  const page = await gmailDraft(context, PITCH, 'pitch');
  await page.locator(SEND).click();
  await expect(panel(page)).toBeVisible();
  const before = await stored(context);
  for (const action of ['site-off', 'snooze', 'send-anyway']) {
    expect(await scriptClick(page, `.panel [data-overture-action="${action}"]`)).toBe(true);
    await page.waitForTimeout(100);
    await expect(panel(page)).toBeVisible();
  }
  expect(await sentCount(page)).toBe(0);
  expect(await stored(context)).toEqual(before);
  // "Keep editing" stays scriptable (it sends nothing and stores nothing).
  expect(await scriptClick(page, '.panel [data-overture-action="keep-editing"]')).toBe(true);
  await expect(panel(page)).toHaveCount(0);

  // The card's "Never flag this phrase" as well.
  const mark = page.locator('overture-overlay .mark[data-overture-rule="asap"]').first();
  const r = (await mark.boundingBox())!;
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
  const card = page.locator('overture-overlay .card:not([hidden])');
  await expect(card).toHaveAttribute('data-overture-rule', 'asap');
  expect(await scriptClick(page, '.card [data-overture-action="never"]')).toBe(true);
  await page.waitForTimeout(200);
  expect(await stored(context)).toEqual(before);
  // The user's own click does it, and what is saved is the catalogue's phrase.
  await card.locator('[data-overture-action="never"]').click();
  await expect.poll(async () => ((await stored(context)).sync.settings as { never_flag?: string[] } | undefined)?.never_flag).toEqual(['asap']);
  await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(0);
});

test('"Never flag" is offered only for catalogue phrases, never for the user\'s own sentences', async ({ context }) => {
  const own = 'I run a studio in Leeds. I started it in 2015 and I have grown it to twelve people. My clients love my work and I am proud of my portfolio, which I built myself over many years of my career.';
  const page = await gmailDraft(context, `${own}\n\nCan we talk ASAP?`, /.+/);
  const card = page.locator('overture-overlay .card:not([hidden])');
  // The whole draft's report is in once its last flag is drawn (an earlier report, of the
  // first words typed, may still be redrawn while the test looks).
  await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(1);
  const open = async (rule: string) => {
    const m = page.locator(`overture-overlay .mark[data-overture-rule="${rule}"]`).first();
    let r: { x: number; y: number; width: number; height: number } | null = null;
    await expect.poll(async () => (r = await m.boundingBox()) !== null).toBe(true);
    await page.mouse.click(r!.x + 4, r!.y + r!.height / 2);
    await expect(card).toHaveAttribute('data-overture-rule', rule);
  };
  await open('self-focused-paragraph');
  await expect(card.locator('[data-overture-action="never"]')).toHaveCount(0);
  await expect(card.locator('[data-overture-action="ignore"]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await open('asap');
  await expect(card.locator('[data-overture-action="never"]')).toHaveCount(1);
});

test('the phrase limit holds on every write; a stale item costs only itself', async ({ context, extensionId }) => {
  // 1,000 phrases are more than sync holds in one item: they live in local storage.
  const full = Array.from({ length: 1000 }, (_, i) => `stored phrase ${i}`);
  const sw = await serviceWorker(context);
  await sw.evaluate((list) => chrome.storage.local.set({ settings: { version: 2, saved_at: Date.now(), never_flag: list } }), full);
  const page = await gmailDraft(context, PITCH, 'pitch');
  const mark = page.locator('overture-overlay .mark[data-overture-rule="asap"]').first();
  const r = (await mark.boundingBox())!;
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
  await page.locator('overture-overlay .card:not([hidden]) [data-overture-action="never"]').click();
  await expect(page.locator('overture-overlay .notice[data-overture-notice="never-refused"]')).toContainText('at most 1,000 phrases');
  await page.waitForTimeout(200);
  const after = await stored(context);
  expect((after.local.settings as { never_flag: string[] }).never_flag).toEqual(full);
  expect(after.sync.settings).toBeUndefined();

  // A stored value with one unusable phrase and one rule id that no longer exists: the rest
  // is kept and applies (asap is off), and the settings page names what was left out.
  await sw.evaluate(() => chrome.storage.local.clear());
  await setSettings(context, { never_flag: ['touch base', '', 'circle back'], disabled_rules: ['asap', 'renamed-long-ago'] });
  const fresh = await gmailDraft(context, PITCH, 'pitch');
  await expect(fresh.locator('overture-overlay .mark[data-overture-rule="show-you-how"]').first()).toBeAttached();
  await expect(fresh.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(0);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.locator('#notice')).toContainText('never flag: “”');
  await expect.poll(async () => ((await stored(context)).sync.settings as { never_flag: string[] }).never_flag).toEqual(['touch base', 'circle back']);
});

test('no timings reach the page unless the benchmarks switch diagnostics on', async ({ context }) => {
  const page = await gmailDraft(context, PITCH, 'pitch');
  await page.keyboard.type(' more words', { delay: 10 });
  await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');
  const leaks = await page.evaluate(() => ({
    measures: performance.getEntries().filter((e) => /overture/i.test(e.name)).length,
    attributes: [...document.querySelectorAll('overture-overlay')].flatMap((o) => o.getAttributeNames().filter((n) => /latency|roundtrip/.test(n))),
  }));
  expect(leaks).toEqual({ measures: 0, attributes: [] });
  const sw = await serviceWorker(context);
  await sw.evaluate(() => chrome.storage.local.set({ diagnostics: true }));
  await page.waitForTimeout(100);
  await page.keyboard.type(' and more', { delay: 10 });
  await expect(page.locator('overture-overlay[data-overture-latency]').first()).toBeAttached();
});

test('a suggestion whose span holds an inline image changes nothing and says why', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.locator(BODY).click();
  await page.evaluate(() => {
    const body = document.getElementById(':8o')!;
    body.replaceChildren('Could you reply as soon ', Object.assign(document.createElement('img'), { alt: '🙂', width: 16, height: 16, src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }), ' as possible? Thanks for the talk on Tuesday.');
    body.dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
  const mark = page.locator('overture-overlay .mark[data-overture-rule="asap"]').first();
  await expect(mark).toBeAttached();
  const before = await page.locator(BODY).innerHTML();
  const r = (await mark.boundingBox())!;
  await page.mouse.click(r.x + 3, r.y + r.height / 2);
  await page.locator('overture-overlay .card:not([hidden]) button.suggestion').first().click();
  await expect(page.locator('overture-overlay .notice[data-overture-notice="not-text"]')).toBeVisible();
  expect(await page.locator(BODY).innerHTML()).toBe(before);
  expect(await page.locator(`${BODY} img`).count()).toBe(1);
});

test('requests are coalesced and capped in the tab: one in flight plus the latest', async ({ context }) => {
  const sw = await serviceWorker(context);
  // Count what reaches the worker from the tab opened next, and make it slow: each answer
  // leaves 1.5 s late, so the first request is still in flight while the rest is typed.
  await sw.evaluate(() => {
    const w = self as unknown as { __sizes: number[] };
    w.__sizes = [];
    chrome.runtime.onConnect.addListener((port) => {
      const post = port.postMessage.bind(port);
      port.postMessage = (m: unknown) => void setTimeout(() => post(m), 1500);
      port.onMessage.addListener((m: { text?: string }) => void (typeof m.text === 'string' && w.__sizes.push(m.text.length)));
    });
  });
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.locator(BODY).click();
  const typed = 'Thanks for the talk on Tuesday, what got you into volunteering? '.repeat(3);
  await page.keyboard.type(typed[0]);
  await expect.poll(() => sw.evaluate(() => (self as unknown as { __sizes: number[] }).__sizes.length)).toBe(1);
  // The rest as a burst of input events, a few characters per task.
  await page.evaluate(async (rest) => {
    for (let i = 0; i < rest.length; i += 8) {
      document.execCommand('insertText', false, rest.slice(i, i + 8));
      await new Promise((r) => setTimeout(r, 0));
    }
  }, typed.slice(1));
  await expect(badge(page)).toHaveAttribute('data-overture-band', /.+/);
  // Nothing was sent while the first was in flight; then one request, of the text as it ended.
  await expect.poll(() => sw.evaluate(() => (self as unknown as { __sizes: number[] }).__sizes)).toEqual([1, typed.length]);
  await expect(page.locator(BODY)).toHaveText(typed.trim());
  // A 300,000-character paste is not posted whole.
  await page.evaluate(() => document.execCommand('insertText', false, ' word'.repeat(60_000)));
  await expect(page.locator('overture-overlay .notice[data-overture-notice="capped"]')).toBeVisible();
  const largest = Math.max(...(await sw.evaluate(() => (self as unknown as { __sizes: number[] }).__sizes)));
  expect(largest).toBe(100_001);
});

test('an engine fault rebuilds the engine and says so, instead of failing every later call', async () => {
  // A build whose engine traps once on a marker and, like a trapped instance, then fails every
  // later call on that object (the fault the worker must recover from).
  const variant = distVariant((dir) => {
    const file = join(dir, 'background.js');
    const src = readFileSync(file, 'utf8');
    // The Service's methods (the glue also has the Engine's): `analyze` and `analyze_to`, each
    // the last method head before its call into the module.
    let patched = src;
    for (const [call, head] of [['service_analyze_to(', 'analyze_to('], ['service_analyze(', 'analyze(']] as const) {
      const at = patched.lastIndexOf(`${head}`, patched.indexOf(call));
      const open = patched.indexOf('{', at) + 1;
      const [, text] = new RegExp(`^${head.replace('(', '\\(')}(\\w+),`).exec(patched.slice(at))!;
      const trap = `if (this.__poisoned || (String(${text}).includes('TRAP-NOW') && !globalThis.__trapped)) { globalThis.__trapped = true; this.__poisoned = true; throw new WebAssembly.RuntimeError('unreachable'); }`;
      patched = patched.slice(0, open) + trap + patched.slice(open);
    }
    if (patched.split('TRAP-NOW').length !== 3) throw new Error('Service.analyze / analyze_to not found in background.js');
    writeFileSync(file, patched);
  });
  const { context, close } = await launch(true, variant.dir);
  try {
    const page = await context.newPage();
    await page.goto('https://mail.google.com/');
    await page.locator(BODY).click();
    await page.keyboard.insertText('Hello Dana TRAP-NOW, thanks for the talk.');
    const host = page.locator('overture-overlay').filter({ has: page.locator('.badge:not([hidden])') });
    // The faulted engine was dropped and a fresh one answered: the overlay says so.
    await expect(host).toHaveAttribute('data-overture-status', 'recovered');
    // Later edits are answered as usual.
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(PITCH);
    await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');
    await expect(host).toHaveAttribute('data-overture-status', 'ok');
  } finally {
    await close();
    variant.remove();
  }
});

test('hostile text is shown as text in the card, the panel and the popup, with spans aligned', async ({ context, extensionId }) => {
  const markup = '<img src=x onerror="window.__pwned=1">';
  const bidi = '\u202eevil\u202c';
  const zwj = 'team\u200dwork';
  const long = 'x'.repeat(10_000);
  const text = `${markup} ${bidi} ${zwj} ${long} Book a call on my calendar ASAP. Our pricing starts at $99/month.`;
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.locator(BODY).click();
  await page.keyboard.insertText(text);
  await expect(badge(page)).toHaveAttribute('data-overture-band', /.+/);
  // Highlights sit exactly on their words, after all of that.
  const mark = page.locator('overture-overlay .mark[data-overture-rule="asap"]').first();
  await expect.poll(async () => (await mark.boundingBox())?.width ?? 0).toBeGreaterThan(0);
  const drawn = (await mark.boundingBox())!;
  const word = await page.evaluate(() => {
    const body = document.getElementById(':8o')!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf('ASAP');
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 4);
        return r.getBoundingClientRect().toJSON();
      }
    }
    return null;
  });
  expect(Math.abs(drawn.x - word!.x)).toBeLessThan(2);
  expect(Math.abs(drawn.width - word!.width)).toBeLessThan(2);
  // A card for a finding whose text is hostile shows it as text: no element is made of it.
  await page.mouse.click(drawn.x + drawn.width / 2, drawn.y + drawn.height / 2);
  await expect(page.locator('overture-overlay .card:not([hidden])')).toBeVisible();
  await page.locator(SEND).click();
  await expect(panel(page)).toBeVisible();
  const sw = await serviceWorker(context);
  const tab = await sw.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((t) => t.id!)));
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
  await expect(popup.locator('button.finding').first()).toBeVisible();
  const inOverlay = await page.evaluate(() =>
    [...document.querySelectorAll('overture-overlay')].map((h) => h.shadowRoot!.querySelectorAll('img, script, iframe').length).reduce((a, b) => a + b, 0),
  );
  expect(inOverlay).toBe(0);
  expect(await popup.locator('img:not([src^="icons/"]), script:not([src]), iframe').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator(`${BODY} img`).count()).toBe(0);
});
