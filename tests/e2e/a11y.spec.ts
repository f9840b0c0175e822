// Accessible by default: axe-core (WCAG 2 A and AA) reports no violation on the popup, the
// options page, the playground, and the card and pre-send panel on the Gmail fixture, in light
// and dark mode.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Page } from '@playwright/test';
import { test, expect, badge, chromiumArgs, openDraft, serviceWorker } from './fixtures';

const PITCH = "Hi Dana, I'd love to show you a quick demo of our platform. Our pricing starts at $99/month. Book a call on my calendar ASAP.";
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's violations on `page` (optionally only inside `include`), as readable lines. */
async function violations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`));
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test('the card and the pre-send panel on the Gmail fixture', async ({ context }) => {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('https://mail.google.com/');
      await page.locator('[id=":8o"]').click();
      await page.keyboard.insertText(PITCH);
      await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');
      const mark = page.locator('overture-overlay .mark[data-overture-rule="asap"]').first();
      await expect.poll(async () => (await mark.boundingBox())?.width ?? 0).toBeGreaterThan(0);
      const r = (await mark.boundingBox())!;
      await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
      await expect(page.locator('overture-overlay .card:not([hidden])')).toBeVisible();
      expect.soft(await violations(page, 'overture-overlay')).toEqual([]);
      await page.keyboard.press('Escape');
      await page.locator('[id=":8o"]').click();
      await page.locator('#compose1 [data-fixture-send]').click();
      await expect(page.locator('overture-overlay .panel')).toBeVisible();
      expect.soft(await violations(page, 'overture-overlay')).toEqual([]);
    });

    test('the popup and the options page', async ({ context, extensionId }) => {
      const page = await context.newPage();
      await page.goto('https://mail.google.com/');
      await page.locator('[id=":8o"]').click();
      await page.keyboard.insertText(PITCH);
      await expect(badge(page)).toHaveAttribute('data-overture-band', 'pitch');
      const sw = await serviceWorker(context);
      const tab = await sw.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((t) => t.id!)));
      const popup = await context.newPage();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize({ width: 372, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
      await expect(popup.locator('button.finding').first()).toBeVisible();
      expect.soft(await violations(popup)).toEqual([]);
      const options = await context.newPage();
      await options.emulateMedia({ colorScheme: scheme });
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(options.locator('body')).not.toBeEmpty();
      expect.soft(await violations(options)).toEqual([]);
    });

    test('the playground', async () => {
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs(false) });
      try {
        const page = await (await browser.newContext({ ignoreHTTPSErrors: true, colorScheme: scheme })).newPage();
        await page.goto('https://overture.test/');
        await expect(page.locator('#gauge')).toHaveAttribute('data-overture-band', 'pitch');
        await expect(page.locator('#rules .rule').first()).toBeAttached();
        expect.soft(await violations(page)).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  });
}

/** Where focus is: the compose body, or a button inside Overture's card. */
async function focusIn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (a?.tagName === 'OVERTURE-OVERLAY') {
      const inner = a.shadowRoot?.activeElement;
      return inner?.closest('.card') ? `card:${inner.tagName.toLowerCase()}` : `overlay:${inner?.className}`;
    }
    return a?.id === ':8o' ? 'body' : `page:${a?.tagName}`;
  });
}

test('the shortcut moves to the next finding, Tab stays in its card, Esc puts the caret back', async ({ context }, info) => {
  // The manifest's command, as the browser registered it (changeable at chrome://extensions/shortcuts).
  const sw = await serviceWorker(context);
  const commands = await sw.evaluate(() => chrome.commands.getAll());
  expect(commands.find((c) => c.name === 'next-finding')?.shortcut).toBe('Alt+Shift+O');

  const page = await openDraft(context, 'https://mail.google.com/', '[id=":8o"]', PITCH, 'pitch');
  const body = page.locator('[id=":8o"]');
  const flagged = await page.locator('overture-overlay .mark').evaluateAll((els) => {
    const seen = new Map<number, string>();
    for (const e of els as HTMLElement[]) if (e.dataset.overtureCategory !== 'mutuality') seen.set(Number(e.dataset.overtureStart), e.dataset.overtureRule!);
    return [...seen].sort((a, b) => a[0] - b[0]);
  });
  expect(flagged.length).toBeGreaterThan(2);
  // The caret a little way in: the first finding at or after it comes first.
  const caret = flagged[1][0] - 1;
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < caret; i++) await page.keyboard.press('ArrowRight');
  const caretBefore = await page.evaluate(() => getSelection()!.focusOffset);
  expect(caretBefore).toBe(caret);

  // CDP's key events go to the page, not to the browser's accelerators, so the test sends the
  // message the command handler sends to the active tab.
  const command = () => sw.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    await chrome.tabs.sendMessage(tab.id!, { type: 'overture:next-finding' });
  });
  const card = page.locator('overture-overlay .card:not([hidden])');
  await command();
  await expect(card).toHaveAttribute('data-overture-rule', flagged[1][1]);
  await expect(card).toHaveAttribute('role', 'dialog');
  await expect(card).toHaveAccessibleName(/.+/);
  expect(await focusIn(page)).toBe('card:button');
  await page.screenshot({ path: info.outputPath('shortcut-card.png') });
  // Tab goes round the card's buttons and never leaves it.
  const buttons = await card.locator('button').count();
  for (let i = 0; i < buttons + 2; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    expect(await focusIn(page)).toBe('card:button');
  }
  // Keys pressed in the card reach neither the page nor the draft.
  const text = await body.textContent();
  await page.keyboard.press('x');
  expect(await body.textContent()).toBe(text);
  // The next press moves on to the next finding.
  await command();
  await expect(card).toHaveAttribute('data-overture-rule', flagged[2][1]);
  // Esc closes the card and puts the caret back where it was.
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  expect(await focusIn(page)).toBe('body');
  expect(await page.evaluate(() => getSelection()!.focusOffset)).toBe(caretBefore);
  await page.keyboard.type('Z');
  expect(await body.textContent()).toBe(text!.slice(0, caret) + 'Z' + text!.slice(caret));
});

test('a polite live region announces band changes, not keystrokes', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.locator('[id=":8o"]').click();
  await page.keyboard.insertText('Thanks for the talk on Tuesday. What got you into volunteering?');
  const live = page.locator('overture-overlay').filter({ has: page.locator('.badge:not([hidden])') }).locator('[data-overture-live]');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await expect(badge(page)).toHaveAttribute('data-overture-band', 'mutual');
  await expect(live).toHaveText(/reads as mutual/);
  // Typing more in the same band announces nothing new.
  await live.evaluate((el) => {
    (window as unknown as { changes: number }).changes = 0;
    new MutationObserver(() => (window as unknown as { changes: number }).changes++).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.keyboard.type(' I would love to hear more.', { delay: 20 });
  await expect(badge(page)).toHaveAttribute('data-overture-band', 'mutual');
  expect(await page.evaluate(() => (window as unknown as { changes: number }).changes)).toBe(0);
  // A pitch is announced once.
  await page.keyboard.insertText(' Book a demo on my calendar ASAP, our pricing starts at $99/month.');
  await expect(live).toHaveText(/reads like a pitch|one-sided|reads as one-sided/);
  // The highlights stay out of the page's accessibility tree.
  const tree = await page.locator('overture-overlay').first().ariaSnapshot();
  expect(tree).not.toMatch(/mark/i);
});
