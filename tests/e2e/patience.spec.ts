// Patience: notes to one recipient are counted in a local ledger (dates only, the recipient a
// salted hash); the third note with no reply in between is named, with its dates, in the
// pre-send panel and the badge's breakdown, even above the threshold; a reply the page shows
// resets the count; nothing of the address, name or text is stored; Forget everything empties it.
import { test, expect, badge, serviceWorker, setSettings } from './fixtures';
import type { BrowserContext, Page } from '@playwright/test';

const NOTES = [
  'Hi Dana, thanks for the talk on Tuesday. What got you into volunteering?',
  'Hi Dana, I found the article on onboarding volunteers I mentioned. Happy to share it if useful.',
  'Hi Dana, just checking in on my last note. I loved your point on volunteers.',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const today = () => {
  const d = new Date();
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
};

// The third note chases ("just checking in") and would be held for its score alone at the
// default threshold; a low threshold shows that patience opens the panel by itself.
test.beforeEach(async ({ context }) => setSettings(context, { threshold: 20 }));

const sentCount = (page: Page) => page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length);
const panel = (page: Page) => page.locator('overture-overlay .panel');

/** Sends the first two notes (each goes at once: nobody has been chased yet), then writes the
 *  third and presses Send. */
async function twoSentThenThird(page: Page, body: string, button: string) {
  for (const [i, text] of NOTES.slice(0, 2).entries()) {
    await send(page, body, button, text);
    await expect.poll(() => sentCount(page)).toBe(i + 1);
    await expect(panel(page)).toHaveCount(0);
  }
  await send(page, body, button, NOTES[2]);
}

/** Writes `text` as a new message in a fixture's compose box and presses Send. */
async function send(page: Page, body: string, button: string, text: string) {
  const box = page.locator(body);
  await box.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(text);
  await expect(badge(page)).toHaveAttribute('data-overture-score', /\d+/);
  await page.waitForTimeout(300);
  await page.locator(button).click();
}

async function storage(context: BrowserContext) {
  const sw = await serviceWorker(context);
  return sw.evaluate(async () => ({ sync: await chrome.storage.sync.get(null), local: await chrome.storage.local.get(null) }));
}

test('Gmail: the third note with no reply is named with its dates; a reply resets; nothing personal is stored; Forget everything', async ({ context, extensionId }, info) => {
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  const body = '[id=":8o"]';
  const button = '#compose1 [data-fixture-send]';
  // The third note: the panel opens, though the draft is above the threshold, and says so.
  await twoSentThenThird(page, body, button);
  await expect(panel(page)).toBeVisible();
  expect(await sentCount(page)).toBe(2);
  const said = `This is your third note to Dana Kim since ${today()} with no reply. The article's advice: give it time, or put your energy into people who answer.`;
  await expect(panel(page).locator('[data-overture-patience="3"]')).toHaveText(said);
  // It says why it opened: not the score.
  await expect(panel(page).locator('.sub')).toContainText('opened for the unanswered notes');
  await page.screenshot({ path: info.outputPath('patience-panel.png') });
  await page.waitForTimeout(350);
  await panel(page).locator('[data-overture-action="keep-editing"]').click();
  // The badge's breakdown says it too, and follow-up wording counts double there.
  await badge(page).click();
  await expect(page.locator('overture-overlay .card[data-overture-breakdown] [data-overture-patience]')).toHaveText(said);
  await expect(page.locator('overture-overlay .card[data-overture-breakdown]')).toContainText('counts double');
  await page.keyboard.press('Escape');

  // The toolbar popup shows the line for this draft's recipient.
  const sw = await serviceWorker(context);
  const tab = await sw.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((t) => t.id!)));
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tab}`);
  await expect(popup.locator('#patience')).toHaveText(said);
  await popup.close();

  // Storage holds dates and salted hashes only.
  const stored = JSON.stringify(await storage(context)).toLowerCase();
  for (const needle of ['dana', 'example.org', 'kim', 'volunteer', 'talk on tuesday', 'checking in']) expect(stored, needle).not.toContain(needle);
  const local = (await storage(context)).local as { ledger?: { entries: Record<string, unknown> }; ledger_salt?: string };
  expect(Object.keys(local.ledger!.entries)).toHaveLength(1);
  expect(Object.keys(local.ledger!.entries)[0]).toMatch(/^[0-9a-f]{64}$/);

  // A thread where Dana answered: the reply is seen, the count starts again, no panel.
  const thread = await context.newPage();
  await thread.goto('https://mail.google.com/thread.html');
  await send(thread, '[id=":9a"]', '#reply [data-fixture-send]', NOTES[0]);
  await expect.poll(() => sentCount(thread)).toBe(1);
  await expect(panel(thread)).toHaveCount(0);

  // The options page counts recipients (a number only) and forgets everything at once.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.locator('#patience-count-tracked')).toHaveText('1');
  await options.locator('#patience-forget').click();
  await expect(options.locator('#patience-count-tracked')).toHaveText('0');
  const after = (await storage(context)).local as Record<string, unknown>;
  expect(after.ledger).toBeUndefined();
  expect(after.ledger_salt).toBeUndefined();
});

test('LinkedIn messaging: counted by profile; the other person\'s bubble resets the count', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.linkedin.com/messaging/');
  const body = '#msg .msg-form__contenteditable';
  const button = '#msg [data-fixture-send]';
  // The third note: the panel opens, though the draft is above the threshold, and says so.
  await twoSentThenThird(page, body, button);
  await expect(panel(page).locator('[data-overture-patience="3"]')).toContainText(`This is your third note to Dana Kim since ${today()} with no reply.`);
  await page.waitForTimeout(350);
  await panel(page).locator('[data-overture-action="keep-editing"]').click();
  // The same profile written with a query string and no trailing slash is the same person.
  const stored = JSON.stringify(await storage(context)).toLowerCase();
  for (const needle of ['dana', 'linkedin.com/in', 'volunteer']) expect(stored, needle).not.toContain(needle);
  // Dana answers: her bubble is now the thread's last; the next note is not chasing.
  await page.evaluate(() => {
    const li = document.createElement('li');
    li.className = 'msg-s-message-list__event';
    const a = document.createElement('a');
    a.className = 'msg-s-message-group__profile-link';
    a.href = 'https://www.linkedin.com/in/Dana-Kim-0a1b2c?trk=conversation';
    a.textContent = 'Dana Kim';
    li.append(a, Object.assign(document.createElement('p'), { textContent: 'Thanks, happy to chat!' }));
    document.querySelector('.msg-s-message-list-content')!.append(li);
  });
  await send(page, body, button, NOTES[0]);
  await expect.poll(() => sentCount(page)).toBe(3);
  await expect(panel(page)).toHaveCount(0);
});

for (const site of [
  { name: 'Outlook', origin: 'https://outlook.live.com', body: '[aria-label^="Message body"]' },
  { name: 'Yahoo Mail', origin: 'https://mail.yahoo.com', body: '[data-test-id="rte"]' },
]) {
  test(`${site.name}: counted by the address in the To pill; a reply quoting the recipient resets the count`, async ({ context }) => {
    const page = await context.newPage();
    await page.goto(`${site.origin}/new.html`);
    await twoSentThenThird(page, site.body, '[data-fixture-send]');
    await expect(panel(page).locator('[data-overture-patience="3"]')).toContainText(`This is your third note to Dana Kim since ${today()} with no reply.`);
    await page.waitForTimeout(350);
    await panel(page).locator('[data-overture-action="keep-editing"]').click();
    const stored = JSON.stringify(await storage(context)).toLowerCase();
    for (const needle of ['dana', 'example.org', 'volunteer']) expect(stored, needle).not.toContain(needle);
    // Replying to Dana's message (its header, quoted below the reply, names her address): she
    // has answered, so the next note goes at once, and so does the one after on a new message.
    const reply = await context.newPage();
    await reply.goto(`${site.origin}/reply.html`);
    // Typed above the quote, as a reply is (the quote stays in the box).
    await reply.locator(site.body).click();
    await reply.keyboard.press('Control+Home');
    await reply.keyboard.insertText(NOTES[0]);
    await expect(badge(reply)).toHaveAttribute('data-overture-score', /\d+/);
    await reply.waitForTimeout(300);
    await reply.locator('[data-fixture-send]').click();
    await expect.poll(() => sentCount(reply)).toBe(1);
    await expect(panel(reply)).toHaveCount(0);
    await send(page, site.body, '[data-fixture-send]', NOTES[1]);
    await expect.poll(() => sentCount(page)).toBe(3);
    await expect(panel(page)).toHaveCount(0);
  });
}

test('LinkedIn invitation: counted by the profile the page shows, not the conversation beside it', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://www.linkedin.com/in/dana-kim/');
  const body = '#custom-message';
  const button = '[aria-label="Send invitation"]';
  await twoSentThenThird(page, body, button);
  await expect(panel(page).locator('[data-overture-patience="3"]')).toContainText(`This is your third note to Dana Kim since ${today()} with no reply.`);
  await page.waitForTimeout(350);
  await panel(page).locator('[data-overture-action="keep-editing"]').click();
  // The messaging box on the same page writes to another profile (dana-kim-0a1b2c): its first
  // note is not chasing anyone. (The note is cleared first, so one badge shows.)
  await page.locator(body).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expect(badge(page)).toHaveCount(0);
  await send(page, '#msg .msg-form__contenteditable', '#msg [data-fixture-send]', NOTES[0]);
  await expect.poll(() => sentCount(page)).toBe(3);
  await expect(panel(page)).toHaveCount(0);
  // On a page that names no profile (search results), the invitation has no recipient.
  const search = await context.newPage();
  await search.goto('https://www.linkedin.com/search/results/people/');
  await twoSentThenThird(search, body, button);
  await expect.poll(() => sentCount(search)).toBe(3);
  await expect(panel(search)).toHaveCount(0);
});
