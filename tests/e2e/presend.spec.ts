// The pre-send check on every site fixture: a one-sided draft opens the panel instead of
// sending; Keep editing sends nothing and puts the caret back; Send anyway sends once with the
// body unchanged; a mutual draft, a switched-off check, a snoozed message and a broken engine
// all send at once. The fixtures record every send in window.__sent.
import { test, expect, badge, distVariant, launch, setSettings } from './fixtures';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

const PITCH = "Hi Dana, I'd love to show you a quick demo of our platform. Our pricing starts at $99/month. Book a call on my calendar ASAP.";
const MUTUAL = 'Hi Dana, thank you for your talk on Tuesday. How did you get started in open source? Happy to share my notes if useful, no rush.';

interface Site {
  name: string;
  url: string;
  body: string;
  /** The Send button, or null where only the keyboard sends. */
  send: string | null;
  /** The keyboard shortcut that sends, if the site has one. */
  key?: string;
  /** The recipient the page shows, named in the panel. */
  to?: string;
}

const SITES: Site[] = [
  { name: 'Gmail', url: 'https://mail.google.com/', body: '[id=":8o"]', send: '#compose1 [data-fixture-send]', key: 'Control+Enter', to: 'Dana Kim' },
  { name: 'Outlook', url: 'https://outlook.live.com/mail/', body: '[aria-label^="Message body"]', send: '[data-fixture-send]', key: 'Control+Enter' },
  { name: 'Yahoo Mail', url: 'https://mail.yahoo.com/', body: '[data-test-id="rte"]', send: '[data-fixture-send]' },
  { name: 'LinkedIn message', url: 'https://www.linkedin.com/messaging/', body: '#msg .msg-form__contenteditable', send: '#msg [data-fixture-send]', to: 'Dana Kim' },
  { name: 'LinkedIn invitation (shadow root)', url: 'https://www.linkedin.com/messaging/', body: '#custom-message', send: '[aria-label="Send invitation"]' },
  { name: 'LinkedIn, Enter sends', url: 'https://www.linkedin.com/messaging/', body: '#msg-enter .msg-form__contenteditable', send: null, key: 'Enter' },
];

/** Types at the top of the box (above any quote or signature), the way a user starts. */
async function write(page: Page, body: string, text: string): Promise<void> {
  const box = page.locator(body);
  await box.click();
  await box.evaluate((el) => {
    if (el instanceof HTMLTextAreaElement) return el.setSelectionRange(0, 0);
    let first: Node = el;
    while (first.firstChild) first = first.firstChild;
    getSelection()!.collapse(first.nodeType === Node.TEXT_NODE ? first : first.parentNode!, 0);
  });
  await page.keyboard.insertText(text);
}

const contents = (page: Page, body: string) => page.locator(body).evaluate((el) => (el instanceof HTMLTextAreaElement ? el.value : el.innerHTML));
const sent = (page: Page) => page.evaluate(() => (window as unknown as { __sent: Array<{ body: string }> }).__sent);
const panel = (page: Page) => page.locator('overture-overlay .panel');

const sentCount = (page: Page) => sent(page).then((s) => s.length);

/** A Gmail fixture page with `text` written in the new message, once its badge shows `band`. */
async function gmailDraft(context: BrowserContext, text: string, band: string, dark = false): Promise<Page> {
  const page = await context.newPage();
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('https://mail.google.com/');
  await write(page, '[id=":8o"]', text);
  await expect(badge(page)).toHaveAttribute('data-overture-band', band);
  return page;
}

async function press(page: Page, site: Site, how: 'button' | 'key'): Promise<void> {
  if (how === 'button' && site.send) await page.locator(site.send).click();
  else await page.keyboard.press(site.key!);
}

for (const site of SITES) {
  test(`${site.name}: a one-sided draft opens the check; Keep editing sends nothing, Send anyway sends once`, async ({ context }, info) => {
    const page = await context.newPage();
    await page.goto(site.url);
    await write(page, site.body, PITCH);
    await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');

    // First press: the panel, the costliest findings, nothing sent.
    const first = site.send ? 'button' : 'key';
    await press(page, site, first);
    await expect(panel(page)).toBeVisible();
    await expect(panel(page).locator('li[data-overture-rule]')).toHaveCount(3);
    await expect(panel(page).locator('[data-overture-action="send-anyway"]')).toBeFocused();
    if (site.to) await expect(panel(page).locator('.sub')).toContainText(`to ${site.to}`);
    await page.screenshot({ path: info.outputPath(`panel-${site.name.replace(/\W+/g, '-').toLowerCase()}.png`) });
    expect(await sent(page)).toEqual([]);

    // Esc keeps editing: nothing sent, the caret back where it was.
    await page.keyboard.press('Escape');
    await expect(panel(page)).toHaveCount(0);
    await page.keyboard.type('Z');
    expect(await contents(page, site.body)).toContain('ASAP.Z');
    expect(await sent(page)).toEqual([]);

    // Second press, from the keyboard where the site has a shortcut: Enter sends anyway.
    const before = await contents(page, site.body);
    const second = site.key ? 'key' : 'button';
    await press(page, site, second);
    await expect(panel(page)).toBeVisible();
    // Enter on the focused "Send anyway", as a deliberate press (one within 300 ms of the
    // panel opening is taken for the sending key repeating, see trust.spec.ts).
    await page.waitForTimeout(350);
    if (second === 'key') await page.keyboard.press('Enter');
    else await panel(page).locator('[data-overture-action="send-anyway"]').click();
    await expect.poll(() => sentCount(page)).toBe(1);
    expect((await sent(page))[0].body).toBe(before);
    await expect(panel(page)).toHaveCount(0);
    await page.waitForTimeout(300);
    expect(await sent(page)).toHaveLength(1);
  });
}

test('a mutual draft is sent at once, with no panel', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.linkedin.com/messaging/');
  await write(page, '#custom-message', MUTUAL);
  await expect(badge(page)).toHaveAttribute('data-overture-band', 'mutual');
  await page.locator('[aria-label="Send invitation"]').click();
  await expect.poll(() => sentCount(page)).toBe(1);
  expect((await sent(page))[0].body).toBe(MUTUAL);
  await expect(panel(page)).toHaveCount(0);
});

test('Send pressed right after typing waits for the analysis, then checks', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.locator('[id=":8o"]').click();
  // Typing and pressing Send in the same task: the report cannot have arrived yet.
  await page.evaluate((t) => {
    document.execCommand('insertText', false, t);
    document.querySelector<HTMLElement>('#compose1 [data-fixture-send]')!.click();
  }, PITCH);
  await expect(panel(page)).toBeVisible();
  expect(await sent(page)).toEqual([]);
});

test('the check switched off in settings sends at once', async ({ context }) => {
  await setSettings(context, { presend: false });
  const page = await gmailDraft(context, PITCH, 'pitch');
  await page.locator('#compose1 [data-fixture-send]').click();
  await expect.poll(() => sentCount(page)).toBe(1);
  await expect(panel(page)).toHaveCount(0);
});

test('snoozing skips the check for this message; turning it off for the site is stored', async ({ context }) => {
  const page = await gmailDraft(context, PITCH, 'pitch');
  const send = page.locator('#compose1 [data-fixture-send]');
  await send.click();
  await panel(page).locator('[data-overture-action="snooze"]').click();
  await expect(panel(page)).toHaveCount(0);
  expect(await sent(page)).toEqual([]);
  await send.click();
  await expect.poll(() => sentCount(page)).toBe(1);

  // The other compose box is a new message: checked again. "Turn off on Gmail" is stored.
  await page.goto('https://outlook.live.com/mail/');
  await page.goto('https://mail.google.com/');
  await write(page, '[id=":8o"]', PITCH);
  await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');
  await send.click();
  await expect(panel(page)).toBeVisible();
  await panel(page).locator('[data-overture-action="site-off"]').click();
  const sw = context.serviceWorkers()[0];
  await expect
    .poll(() => sw.evaluate(async () => ((await chrome.storage.sync.get('settings')) as { settings?: { presend_off_sites?: string[] } }).settings?.presend_off_sites))
    .toEqual(['gmail']);
  await send.click();
  await expect.poll(() => sentCount(page)).toBe(1);
});

test('a suggestion applied from the panel changes the draft and sends nothing', async ({ context }) => {
  const page = await gmailDraft(context, PITCH, 'pitch');
  await page.keyboard.press('Control+Enter');
  const suggestion = panel(page).locator('[data-overture-suggestion]').first();
  const text = (await suggestion.getAttribute('data-overture-suggestion'))!;
  await suggestion.click();
  await expect(panel(page)).toHaveCount(0);
  await expect(page.locator('[id=":8o"]')).toContainText(text);
  expect(await sent(page)).toEqual([]);
});

test('when the engine cannot load, Send and Ctrl+Enter send at once', async () => {
  const broken = distVariant((dir) => writeFileSync(join(dir, 'overture_bg.wasm'), 'not a wasm module'));
  const { context, close } = await launch(true, broken.dir);
  try {
    const page = await context.newPage();
    await page.goto('https://mail.google.com/');
    await write(page, '[id=":8o"]', PITCH);
    await expect(page.locator('overture-overlay[data-overture-status="unavailable"]')).toHaveCount(1);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => sentCount(page)).toBe(1);
    await page.locator('#compose1 [data-fixture-send]').click();
    await expect.poll(() => sentCount(page)).toBe(2);
    await expect(panel(page)).toHaveCount(0);
  } finally {
    await close();
    broken.remove();
  }
});

test('the panel in the dark colour scheme', async ({ context }, info) => {
  const page = await gmailDraft(context, PITCH, 'pitch', true);
  await page.locator('#compose1 [data-fixture-send]').click();
  await expect(panel(page)).toBeVisible();
  await page.screenshot({ path: info.outputPath('panel-gmail-dark.png') });
  // Dark surfaces, light text, and the main button readable on its own colour.
  const colours = await panel(page).evaluate((el) => {
    const c = (e: Element, p: 'color' | 'backgroundColor') => getComputedStyle(e)[p];
    const send = el.querySelector('[data-overture-action="send-anyway"]')!;
    return { bg: c(el, 'backgroundColor'), fg: c(el, 'color'), sendBg: c(send, 'backgroundColor'), sendFg: c(send, 'color') };
  });
  const lum = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.slice(0, 3).map(Number).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  expect(lum(colours.bg)).toBeLessThan(0.05);
  expect(lum(colours.fg)).toBeGreaterThan(0.6);
  expect(contrast(colours.fg, colours.bg)).toBeGreaterThan(7);
  expect(contrast(colours.sendFg, colours.sendBg)).toBeGreaterThan(4.5);
});

test('a press dragged off Send does not let a later one through unchecked', async ({ context }) => {
  const page = await gmailDraft(context, MUTUAL, 'mutual');
  const send = page.locator('#compose1 [data-fixture-send]');
  const box = (await send.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x - 200, box.y - 200, { steps: 3 });
  await page.mouse.up();
  expect(await sent(page)).toEqual([]);
  await page.locator('[id=":8o"]').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(' ' + PITCH);
  await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');
  await send.click();
  await expect(panel(page)).toBeVisible();
  expect(await sent(page)).toEqual([]);
});
