// Long sessions: 10,000 keystrokes with edits and pastes, and compose boxes opened and closed.
// Overture's page elements and event listeners return to their baseline, and the tab's
// JavaScript heap stays bounded. The figures are printed and attached to the report.
import { test, expect, badge } from './fixtures';
import type { CDPSession, Page } from '@playwright/test';

test.setTimeout(600_000);

/** Listeners on window and document, from every world (the content script's included). */
async function listeners(cdp: CDPSession): Promise<number> {
  let n = 0;
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    n += (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! })).listeners.length;
  }
  return n;
}

async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1e6;
}

const overlayParts = (page: Page) =>
  page.evaluate(() => ({
    overlays: document.querySelectorAll('overture-overlay').length,
    marks: [...document.querySelectorAll('overture-overlay')].reduce((n, o) => n + o.shadowRoot!.querySelectorAll('.mark').length, 0),
  }));

test('10,000 keystrokes and 50 compose boxes opened and closed leave nothing behind', async ({ context }, info) => {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto('https://mail.google.com/');
  await page.locator('[id=":8o"]').click();
  await page.keyboard.insertText('Hi Dana, thanks for the talk on Tuesday.');
  await expect(badge(page)).toBeVisible();
  const baseline = { listeners: await listeners(cdp), heap: await heapMB(cdp), parts: await overlayParts(page) };

  // 10,000 keystrokes: typing, deleting, and a paste every round.
  const words = 'I loved your point on volunteers. Per my last email, reply ASAP. What got you into it? ';
  let keys = 0;
  const started = Date.now();
  for (let round = 0; round < 23; round++) {
    for (let i = 0; i < 4; i++) {
      await page.keyboard.type(words.slice(0, 100), { delay: 0 });
      keys += 100;
    }
    for (let i = 0; i < 49; i++) await page.keyboard.press('Backspace');
    keys += 49;
    await page.keyboard.insertText(` ${words.repeat(3)}`);
    // A new message each round (drafts stay email-sized, as in real use).
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    keys += 3;
  }
  const seconds = (Date.now() - started) / 1000;
  expect(keys).toBeGreaterThanOrEqual(10_000);
  await page.keyboard.insertText(words);
  await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]').first()).toBeAttached();

  // Compose boxes opened and closed.
  for (let i = 0; i < 50; i++) {
    await page.evaluate((id) => (window as unknown as { addCompose(id: string): string }).addCompose(id), `extra${i}`);
    await expect(page.locator('overture-overlay')).toHaveCount(baseline.parts.overlays + 1);
    await page.evaluate((id) => document.getElementById(id)!.remove(), `extra${i}`);
    await expect(page.locator('overture-overlay')).toHaveCount(baseline.parts.overlays);
  }

  // Back to one sentence: the marks are those of the text now there.
  await page.locator('[id=":8o"]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('Hi Dana, thanks for the talk on Tuesday.');
  await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(0);
  await page.waitForTimeout(500);
  const after = { listeners: await listeners(cdp), heap: await heapMB(cdp), parts: await overlayParts(page) };
  const figures = `keystrokes ${keys} in ${seconds.toFixed(0)} s; listeners ${baseline.listeners} → ${after.listeners}; heap ${baseline.heap.toFixed(1)} → ${after.heap.toFixed(1)} MB; overlays ${baseline.parts.overlays} → ${after.parts.overlays}, marks ${baseline.parts.marks} → ${after.parts.marks}`;
  console.log(`long session: ${figures}`);
  info.annotations.push({ type: 'long-session', description: figures });
  expect(after.parts).toEqual(baseline.parts);
  expect(after.listeners).toBe(baseline.listeners);
  // Bounded: a few MB of slack for the browser's own caches, not growth with the keystrokes.
  expect(after.heap).toBeLessThan(baseline.heap + 8);
});
