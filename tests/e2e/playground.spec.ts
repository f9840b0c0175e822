// The playground (dist/www), as a static host serves it: typing, samples, channel, rule guide.
import { test, expect } from '@playwright/test';
import { chromium } from '@playwright/test';
import { chromiumArgs } from './fixtures';
import { execFileSync } from 'node:child_process';

test.use({ ignoreHTTPSErrors: true });

const rulesFromCli = (): string[] =>
  (JSON.parse(execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'overture', '--', 'rules', '--json'], { encoding: 'utf8' })) as Array<{ id: string }>).map((r) => r.id);

for (const viewport of [{ width: 1280, height: 900, name: 'desktop' }, { width: 390, height: 844, name: 'narrow' }]) {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  test(`playground on a ${viewport.name} viewport`, async ({}, info) => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs(false) });
    try {
      const page = await browser.newPage({ viewport, ignoreHTTPSErrors: true });
      await page.goto('https://overture.test/');
      const gauge = page.locator('#gauge');
      await expect(gauge).toHaveAttribute('data-overture-band', 'pitch');
      await expect(page.locator('overture-overlay .mark[data-overture-rule="calendar-link"]')).toHaveCount(1);
      await page.screenshot({ path: info.outputPath(`playground-${viewport.name}.png`), fullPage: false });
      // Typing updates highlights and the score.
      await page.locator('#draft').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' Per my last email, reply ASAP.');
      await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(1);
      // Samples switch; the warm one reads as mutual.
      await page.selectOption('#sample', { label: 'A warm introduction' });
      await expect(gauge).toHaveAttribute('data-overture-band', 'mutual');
      await expect(page.locator('#findings li[data-overture-rule="mutual-introducer"]')).toHaveCount(1);
      // The channel matters: the same long text as a connection note goes over the limit.
      await page.selectOption('#channel', 'linkedin-note');
      await expect(page.locator('overture-overlay .mark[data-overture-rule="note-over-limit"]').first()).toBeAttached();
      await expect(page.locator('#findings li[data-overture-rule="note-over-limit"]')).toHaveCount(1);
      // The rule guide lists every rule of the catalogue.
      const ids = rulesFromCli();
      const shown = await page.locator('#rules .rule').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.overtureRule));
      expect(shown.sort()).toEqual([...ids].sort());
      await page.fill('#search', 'ASAP');
      await expect(page.locator('#rules .rule[data-overture-rule="asap"]')).toHaveCount(1);
      expect(await page.locator('#rules .rule').count()).toBeLessThan(ids.length);
      await page.locator('#guide-title').scrollIntoViewIfNeeded();
      await page.screenshot({ path: info.outputPath(`playground-guide-${viewport.name}.png`) });
    } finally {
      await browser.close();
    }
  });
}
