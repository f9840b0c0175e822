// The options page: every setting takes effect in open tabs without a reload; stored values
// are versioned (v1 is upgraded) and a corrupt value falls back to defaults with a notice;
// storage falls back from sync to local when sync refuses a write.
import { test, expect, badge, serviceWorker, setSettings } from './fixtures';
import type { BrowserContext, Page } from '@playwright/test';

async function options(context: BrowserContext, extensionId: string, dark = false): Promise<Page> {
  const page = await context.newPage();
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(page.locator('#categories label')).toHaveCount(5);
  return page;
}

async function stored(context: BrowserContext, area: 'sync' | 'local' = 'sync'): Promise<Record<string, unknown> | undefined> {
  const sw = await serviceWorker(context);
  return sw.evaluate(async (a) => ((await chrome.storage[a].get('settings')) as { settings?: Record<string, unknown> }).settings, area);
}

async function gmailWith(context: BrowserContext, text: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.locator('[id=":8o"]').click();
  await page.keyboard.insertText(text);
  await expect(badge(page)).toBeVisible();
  return page;
}

test('phrases, categories and the threshold reach an open tab without a reload', async ({ context, extensionId }, info) => {
  const gmail = await gmailWith(context, 'Our synergy story. Per my last email, please reply ASAP.');
  const opts = await options(context, extensionId);

  await opts.fill('#custom-input', 'synergy');
  await opts.click('#custom-add');
  await expect(opts.locator('#custom li[data-overture-phrase="synergy"]')).toHaveCount(1);
  await expect(gmail.locator('overture-overlay .mark[data-overture-rule="custom-phrase"]')).toHaveCount(1);

  await opts.fill('#never-input', 'per my last email');
  await opts.press('#never-input', 'Enter');
  await expect(gmail.locator('overture-overlay .mark[data-overture-rule="per-my-last-email"]')).toHaveCount(0);

  // A phrase with no letter is refused with a message, and nothing is stored.
  await opts.fill('#custom-input', '!!!');
  await opts.click('#custom-add');
  await expect(opts.locator('#errors')).toContainText('has no letter or digit');
  expect((await stored(context))?.custom_phrases).toEqual(['synergy']);

  await opts.locator('#categories [data-overture-category="pressure"] input').uncheck();
  await expect(gmail.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(0);
  await opts.screenshot({ path: info.outputPath('options-light.png'), fullPage: true });

  await opts.locator('#custom li[data-overture-phrase="synergy"] button').click();
  await expect(gmail.locator('overture-overlay .mark[data-overture-rule="custom-phrase"]')).toHaveCount(0);

  // Threshold 100: even a mutual draft is checked before it goes (this one reads 98: a note
  // at 100 is not under the threshold).
  await opts.locator('#threshold').fill('100');
  await expect.poll(async () => (await stored(context))?.threshold).toBe(100);
  const mail = await gmailWith(context, 'Hi Dana, thanks for the talk on Tuesday. What got you into volunteering?');
  await expect(badge(mail)).toHaveAttribute('data-overture-band', 'mutual');
  await mail.locator('#compose1 [data-fixture-send]').click();
  await expect(mail.locator('overture-overlay .panel')).toBeVisible();

  // Pre-send off: sent at once.
  await opts.locator('#presend').uncheck();
  await expect.poll(async () => (await stored(context))?.presend).toBe(false);
  await mail.keyboard.press('Escape');
  await mail.locator('#compose1 [data-fixture-send]').click();
  await expect(mail.locator('#sent-log')).toHaveText('1');

  // Sites: Gmail off removes Overture from the open tab.
  await opts.locator('#sites [data-overture-site="gmail"] label').first().locator('input').uncheck();
  await expect(gmail.locator('overture-overlay')).toHaveCount(0);

  // Reset brings every default back.
  await opts.click('#reset');
  await opts.click('#reset-yes');
  await expect.poll(async () => (await stored(context))?.threshold).toBe(40);
  const s = await stored(context);
  expect([s?.presend, s?.disabled_sites, s?.never_flag, s?.disabled_categories]).toEqual([true, [], [], []]);
  await expect(gmail.locator('overture-overlay .mark[data-overture-rule="per-my-last-email"]')).toHaveCount(1);
  await expect(opts.locator('#presend')).toBeChecked();
});

test('version 1 settings are upgraded and kept', async ({ context, extensionId }) => {
  const sw = await serviceWorker(context);
  await sw.evaluate(() => chrome.storage.sync.set({ settings: { version: 1, disabled_categories: ['pressure'], custom_phrases: ['synergy'], never_flag: [] } }));
  const opts = await options(context, extensionId);
  await expect(opts.locator('#notice')).toBeHidden();
  await expect(opts.locator('#categories [data-overture-category="pressure"] input')).not.toBeChecked();
  await expect(opts.locator('#custom li[data-overture-phrase="synergy"]')).toHaveCount(1);
  await expect(opts.locator('#presend')).toBeChecked();
  await expect(opts.locator('#threshold-value')).toHaveText('40');
  await expect.poll(async () => (await stored(context))?.version).toBe(2);
  expect((await stored(context))?.custom_phrases).toEqual(['synergy']);
});

test('a corrupt stored value falls back to defaults with a notice; the page still works', async ({ context, extensionId }, info) => {
  await setSettings(context, { threshold: 'high', never_flag: 5, custom_phrases: ['synergy', '   '], disabled_categories: ['pitch'] });
  const opts = await options(context, extensionId, true);
  await expect(opts.locator('#notice')).toBeVisible();
  await expect(opts.locator('#notice')).toContainText('threshold');
  await expect(opts.locator('#notice')).toContainText('never flag');
  await expect(opts.locator('#threshold-value')).toHaveText('40');
  // What could be read is kept: the valid phrase and the category switch.
  await expect(opts.locator('#custom li')).toHaveCount(1);
  await expect(opts.locator('#categories [data-overture-category="pitch"] input')).not.toBeChecked();
  await opts.screenshot({ path: info.outputPath('options-dark-notice.png'), fullPage: true });
  await expect.poll(async () => (await stored(context))?.threshold).toBe(40);
  // Content scripts read the repaired value too: the page works and checks.
  const gmail = await gmailWith(context, 'Per my last email, please reply ASAP.');
  await expect(gmail.locator('overture-overlay .mark[data-overture-rule="asap"]')).toHaveCount(1);

  // Not even an object: all defaults, a notice, and a working page.
  const sw = await serviceWorker(context);
  await sw.evaluate(() => chrome.storage.sync.set({ settings: 'garbage' }));
  const again = await options(context, extensionId);
  await expect(again.locator('#notice')).toContainText('could not be read');
});

test('when sync refuses a write (over its quota) the settings go to local storage and still apply', async ({ context, extensionId }) => {
  // 250 phrases of ~40 characters: more than storage.sync's 8 KB per item.
  const phrases = Array.from({ length: 250 }, (_, i) => `a rather long custom phrase number ${i}`);
  const sw = await serviceWorker(context);
  await sw.evaluate((p) => chrome.storage.local.set({ settings: { version: 2, saved_at: Date.now(), custom_phrases: p } }), phrases);
  const opts = await options(context, extensionId);
  await expect(opts.locator('#custom li')).toHaveCount(250);
  await opts.fill('#custom-input', 'synergy');
  await opts.click('#custom-add');
  await expect(opts.locator('#saved')).toHaveText('Saved.');
  expect(((await stored(context, 'local'))?.custom_phrases as string[]).at(-1)).toBe('synergy');
  expect(await stored(context, 'sync')).toBeUndefined();
  const gmail = await gmailWith(context, 'Our synergy story.');
  await expect(gmail.locator('overture-overlay .mark[data-overture-rule="custom-phrase"]')).toHaveCount(1);
});
