// Outlook, Yahoo and LinkedIn fixtures (LinkedIn's invitation note lives in an open shadow root).
import { test, expect, badge, phraseRects, intersects } from './fixtures';
import type { Page } from '@playwright/test';

async function typeAtStart(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.locator(selector).evaluate((body) => getSelection()!.collapse(body.firstChild!, 0));
  await page.keyboard.type(text);
}

/** Scrolls the box (made scrollable if it is not), resizes the window, and checks the mark
 *  for `rule` still lies on `phrase`; then opens its card for the screenshot. */
async function followsScrollAndResize(page: Page, body: string, rule: string, phrase: string): Promise<void> {
  // The mark's rectangle that lies on the phrase, sampled together (a resize can be caught
  // between layouts, where a rectangle reads as all zeros for a moment).
  let onIt: DOMRect | undefined;
  const onPhrase = async () => {
    const want = await phraseRects(page, body, phrase);
    onIt = (await rectsOf(page, rule)).find((g) => g.width > 0 && want.some((w) => intersects(g, w)));
    return onIt !== undefined;
  };
  await page.locator(body).evaluate((el) => {
    el.style.maxHeight = '90px';
    el.style.overflow = 'auto';
  });
  await page.locator(body).evaluate((el) => (el.scrollTop = 12));
  await expect.poll(onPhrase).toBe(true);
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect.poll(onPhrase).toBe(true);
  const r = onIt!;
  await page.mouse.click(r.left + r.width / 2, r.top + r.height / 2);
  await expect(page.locator('overture-overlay .card:not([hidden])')).toHaveAttribute('data-overture-rule', rule);
}

async function rectsOf(page: Page, rule: string) {
  return page.locator(`overture-overlay .mark[data-overture-rule="${rule}"]`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
}

for (const site of [
  { name: 'Outlook', url: 'https://outlook.live.com/mail/', body: '[aria-label^="Message body"]', quoted: ['asap', 'per-my-last-email', 'free-trial'] },
  { name: 'Outlook (office.com)', url: 'https://outlook.office.com/mail/', body: '[aria-label^="Message body"]', quoted: ['asap'] },
  { name: 'Yahoo Mail', url: 'https://mail.yahoo.com/', body: '[data-test-id="rte"]', quoted: ['just-bumping', 'book-a-demo', 'asap'] },
]) {
  test(`${site.name}: highlights, badge, and the quoted thread left alone`, async ({ context }, info) => {
    const page = await context.newPage();
    await page.goto(site.url);
    await typeAtStart(page, site.body, 'Hi Ann, could we book a demo next week? I need an answer by Friday.');
    await expect(page.locator('overture-overlay .mark[data-overture-rule="book-a-demo"]')).toHaveCount(1);
    // Drawn on the next frame after the last keystroke's report: poll until it settles.
    await expect
      .poll(async () => {
        const want = await phraseRects(page, site.body, 'book a demo');
        return (await rectsOf(page, 'book-a-demo')).some((g) => want.some((w) => intersects(g, w)));
      })
      .toBe(true);
    await expect(page.locator('overture-overlay .mark[data-overture-rule="hard-deadline"]')).toHaveCount(1);
    for (const rule of site.quoted) {
      if (rule !== 'book-a-demo') await expect(page.locator(`overture-overlay .mark[data-overture-rule="${rule}"]`)).toHaveCount(0);
    }
    await expect(page.locator('overture-overlay .mark[data-overture-rule="book-a-demo"]')).toHaveCount(1);
    await expect(badge(page)).toHaveAttribute('data-overture-score', /^\d+$/);
    await followsScrollAndResize(page, site.body, 'book-a-demo', 'book a demo');
    await page.screenshot({ path: info.outputPath(`${site.name.replace(/\W+/g, '-').toLowerCase()}-card.png`) });
  });
}

test('LinkedIn messaging: one <p> per line, Shift+Enter breaks the line', async ({ context }, info) => {
  const page = await context.newPage();
  await page.goto('https://www.linkedin.com/messaging/');
  await page.click('#msg .msg-form__contenteditable');
  await page.keyboard.type('Hi Dana, loved your post on mentoring!');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('Just checking in on my request, any update on this?');
  await expect(page.locator('overture-overlay .mark[data-overture-rule="just-checking-in"]')).toHaveCount(1);
  const want = await phraseRects(page, '#msg .msg-form__contenteditable', 'Just checking in');
  expect((await rectsOf(page, 'just-checking-in')).some((g) => want.some((w) => intersects(g, w)))).toBe(true);
  await expect(page.locator('overture-overlay .mark[data-overture-rule="specific-praise"]')).toHaveCount(1);
  await followsScrollAndResize(page, '#msg .msg-form__contenteditable', 'just-checking-in', 'Just checking in');
  await page.screenshot({ path: info.outputPath('linkedin-messaging-card.png') });
});

test('LinkedIn invitation note inside an open shadow root: highlights over the textarea, note length checked', async ({ context }, info) => {
  const page = await context.newPage();
  await page.goto('https://www.linkedin.com/mynetwork/');
  const ta = page.locator('#custom-message');
  await ta.click();
  await page.keyboard.type('Hi Tom, I help law firms get 10+ new clients a month. Open to a quick chat?');
  await expect(page.locator('overture-overlay .mark[data-overture-rule="we-help-companies"]')).toHaveCount(1);
  // The mark lies on the phrase: compare with the text's measured width in the textarea's font.
  const expected = await ta.evaluate((el: HTMLTextAreaElement) => {
    const cs = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const i = el.value.indexOf('I help law firms get');
    const box = el.getBoundingClientRect();
    const left = box.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) + ctx.measureText(el.value.slice(0, i)).width;
    return { left, width: ctx.measureText('I help law firms get').width, top: box.top, bottom: box.bottom };
  });
  const [mark] = await rectsOf(page, 'we-help-companies');
  expect(Math.abs(mark.left - expected.left)).toBeLessThan(4);
  expect(Math.abs(mark.width - expected.width)).toBeLessThan(6);
  expect(mark.top).toBeGreaterThan(expected.top);
  expect(mark.bottom).toBeLessThan(expected.bottom);
  await expect(badge(page)).toHaveAttribute('data-overture-band', /^(pitch|one_sided)$/);
  // After a window resize the mirror re-measures the textarea. The highlight is clicked once it
  // has settled (inside the box, and where it was at the previous look), not mid-redraw.
  await page.setViewportSize({ width: 1000, height: 700 });
  let last = '';
  await expect
    .poll(async () => {
      const [m] = await rectsOf(page, 'we-help-companies');
      const box = await ta.boundingBox();
      const now = JSON.stringify([m, box]);
      const settled = now === last;
      last = now;
      return settled && !!m && !!box && m.left > box.x && m.right < box.x + box.width;
    })
    .toBe(true);
  const [m] = await rectsOf(page, 'we-help-companies');
  await page.mouse.click(m.left + m.width / 2, m.top + m.height / 2);
  await expect(page.locator('overture-overlay .card:not([hidden])')).toHaveAttribute('data-overture-rule', 'we-help-companies');
  await page.screenshot({ path: info.outputPath('linkedin-invitation-card.png') });
});
