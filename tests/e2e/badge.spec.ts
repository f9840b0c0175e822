// The score badge never hides what the user writes: on every site fixture, with the box filled
// to its last line (and scrolled, where the box scrolls), no rectangle of the box's text lies
// under the badge, and the badge takes the pointer only over itself.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const SITES = [
  { name: 'Gmail', url: 'https://mail.google.com/', body: '[id=":8o"]' },
  { name: 'Outlook (reply with a quoted thread)', url: 'https://outlook.live.com/mail/', body: '[aria-label^="Message body"]' },
  { name: 'Yahoo Mail (reply with a quoted thread)', url: 'https://mail.yahoo.com/', body: '[data-test-id="rte"]' },
  { name: 'LinkedIn message', url: 'https://www.linkedin.com/messaging/', body: '#msg .msg-form__contenteditable' },
  { name: 'LinkedIn invitation note', url: 'https://www.linkedin.com/messaging/', body: '#custom-message' },
];

const LINE = 'Thanks for the talk on Tuesday, I keep thinking about your point on onboarding new volunteers. ';

/** Every rectangle of the box's text in the viewport: line boxes of its content, or for a
 *  textarea its content box (filled to its last line, every line of it holds text). */
async function textRects(page: Page, body: string) {
  return page.locator(body).evaluate((el) => {
    if (el instanceof HTMLTextAreaElement) {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const [pl, pr, pt, pb] = [cs.paddingLeft, cs.paddingRight, cs.paddingTop, cs.paddingBottom].map(parseFloat);
      return [{ left: r.left + pl, right: r.right - pr, top: r.top + pt, bottom: r.bottom - pb }];
    }
    const range = document.createRange();
    range.selectNodeContents(el);
    const box = el.getBoundingClientRect();
    return Array.from(range.getClientRects())
      .filter((r) => r.width > 0 && r.bottom > box.top && r.top < box.bottom)
      .map((r) => ({ left: r.left, right: r.right, top: Math.max(r.top, box.top), bottom: Math.min(r.bottom, box.bottom) }));
  });
}

/** The badge of the overlay drawn for this box (the one nearest its bottom-right corner). */
async function badgeFor(page: Page, body: string) {
  const box = await page.locator(body).boundingBox();
  const badges = await page.locator('overture-overlay .badge:not([hidden])').evaluateAll((els) =>
    els.map((e) => ({ ...e.getBoundingClientRect().toJSON(), compact: e.classList.contains('compact') })),
  );
  const corner = { x: box!.x + box!.width, y: box!.y + box!.height };
  badges.sort((a, b) => Math.hypot(a.right - corner.x, a.bottom - corner.y) - Math.hypot(b.right - corner.x, b.bottom - corner.y));
  return badges[0];
}

for (const site of SITES) {
  test(`${site.name}: the badge covers none of the text`, async ({ context }, info) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(site.url);
    const box = page.locator(site.body);
    await box.click();
    const isTextarea = await box.evaluate((el) => el instanceof HTMLTextAreaElement);
    if (isTextarea) {
      // An invitation note: fill it to its last line (LinkedIn counts, the box does not care).
      await box.evaluate((el, line) => {
        const ta = el as HTMLTextAreaElement;
        ta.focus();
        ta.setSelectionRange(0, 0);
        document.execCommand('insertText', false, line.repeat(12));
      }, LINE);
    } else {
      // A compose body: a fixed height, so that the text reaches its last line and scrolls.
      await box.evaluate((el) => {
        (el as HTMLElement).style.maxHeight = '160px';
        (el as HTMLElement).style.overflow = 'auto';
      });
      await box.evaluate((el, line) => {
        getSelection()!.collapse(el, 0);
        document.execCommand('insertText', false, line.repeat(10));
      }, LINE);
    }
    await expect(page.locator('overture-overlay .badge:not([hidden])').first()).toBeVisible();
    await expect
      .poll(async () => {
        const b = await badgeFor(page, site.body);
        if (!b || b.width === 0) return 'no badge';
        const hits = (await textRects(page, site.body)).filter((t) => t.left < b.right && t.right > b.left && t.top < b.bottom && t.bottom > b.top);
        return hits.length === 0 ? 'clear' : `covers ${JSON.stringify(hits[0])} with ${JSON.stringify(b)}`;
      })
      .toBe('clear');
    // The text nearest the badge still takes the pointer: a click on it lands in the box.
    const b = await badgeFor(page, site.body);
    const near = (await textRects(page, site.body)).sort(
      (x, y) => Math.hypot(x.right - b.left, x.bottom - b.top) - Math.hypot(y.right - b.left, y.bottom - b.top),
    )[0];
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName ?? '', [(near.left + near.right) / 2, (near.top + near.bottom) / 2]);
    expect(hit).not.toBe('OVERTURE-OVERLAY');
    await page.screenshot({ path: info.outputPath(`badge-${site.name.replace(/\W+/g, '-').toLowerCase()}.png`) });
  });
}
