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
      // The sample pitches so hard that its evidence empties bars it has no evidence in: they
      // are striped in its name, not left to read as pressure or chasing.
      await expect(page.locator('#breakdown tr.taken-note')).toHaveAttribute('data-overture-taken-by', /^pitch/);
      await expect(page.locator('#breakdown tr[data-overture-category="follow_up"]')).toHaveAttribute('data-overture-taken', '2');
      await page.screenshot({ path: info.outputPath(`playground-${viewport.name}.png`), fullPage: false });
      // Typing updates highlights and the score.
      await page.locator('#draft').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(' Per my last email, reply ASAP.');
      await expect(page.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(1);
      // The menu no longer names the sample the user has edited.
      await expect(page.locator('#sample')).toHaveValue('own');
      // The badge's score fits its dot with three digits too (100 once overflowed an 18 px circle).
      const fits = await page.locator('overture-overlay .badge .dot').evaluate((dot) => {
        const shown = dot.textContent;
        dot.textContent = '100';
        const range = document.createRange();
        range.selectNodeContents(dot);
        const [t, d] = [range.getBoundingClientRect(), dot.getBoundingClientRect()];
        dot.textContent = shown;
        return t.width > 0 && t.left >= d.left && t.right <= d.right;
      });
      expect(fits).toBe(true);
      // Samples switch; the warm one reads as mutual.
      await page.selectOption('#sample', { label: 'A warm introduction' });
      await expect(gauge).toHaveAttribute('data-overture-band', 'mutual');
      await expect(page.locator('#sample option:checked')).toHaveText('A warm introduction');
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

// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
test('playground: the patience panel simulates a history with the engine the extension uses', async ({}, info) => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs(false) });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, ignoreHTTPSErrors: true });
    await page.goto('https://overture.test/');
    await expect(page.locator('#gauge')).toHaveAttribute('data-overture-band', /.+/);
    await page.locator('#draft').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('Hi Dana, just checking in on my last note. I loved your point on volunteers.');
    const result = page.locator('#sim-result');
    // Closed: the draft is judged alone; nothing about patience.
    await expect(result).toHaveText('');
    const alone = Number(await page.locator('#gauge').getAttribute('data-overture-score'));
    // Open, it starts from a history (two notes, 21 and 7 days ago, no reply): the draft is the
    // third note. Set out a history by hand: two notes in November.
    await page.locator('#patience-sim summary').click();
    await expect(result).toHaveAttribute('data-overture-warn', 'true');
    await page.locator('#sim-clear').click();
    await expect(result).toHaveAttribute('data-overture-warn', 'false');
    for (const day of ['2026-11-02', '2026-11-16']) {
      await page.fill('#sim-date', day);
      await page.locator('#sim-add-sent').click();
    }
    await page.fill('#sim-today', '2026-11-30');
    await expect(page.locator('#sim-history li[data-overture-sim="sent"]')).toHaveCount(2);
    await expect(result).toHaveAttribute('data-overture-warn', 'true');
    await expect(result).toHaveText("This is your third note to Dana since 2 November with no reply. The article's advice: give it time, or put your energy into people who answer.");
    // Follow-up wording to someone who has not answered weighs more: the score drops.
    await expect.poll(async () => Number(await page.locator('#gauge').getAttribute('data-overture-score'))).toBeLessThan(alone);
    await expect(page.locator('#breakdown')).toContainText('counts double');
    await page.screenshot({ path: info.outputPath('playground-patience.png') });
    // A reply after the second note resets the count.
    await page.fill('#sim-date', '2026-11-20');
    await page.locator('#sim-add-reply').click();
    await expect(page.locator('#sim-history li[data-overture-sim="reply"]')).toHaveCount(1);
    await expect(result).toHaveAttribute('data-overture-warn', 'false');
    await expect(result).toContainText('first note to Dana since their last reply');
    // Removing it brings the warning back; the count is a setting.
    await page.locator('#sim-history li[data-overture-sim="reply"] button').click();
    await expect(result).toHaveAttribute('data-overture-warn', 'true');
    await page.fill('#sim-nth', '4');
    await expect(result).toHaveAttribute('data-overture-warn', 'false');
    await expect(result).toContainText('note number 3 to Dana');
    // The window forgets old notes: 20 days keeps only the one of 16 November.
    await page.fill('#sim-nth', '3');
    await page.fill('#sim-window', '20');
    await expect(result).toContainText('note number 2 to Dana');
  } finally {
    await browser.close();
  }
});
