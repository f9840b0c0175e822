// Firefox smoke test: installs the packaged add-on (dist/overture-firefox-*.zip) in Debian's
// firefox-esr through geckodriver, opens the Gmail fixture under its real hostname (every name
// resolves to 127.0.0.1; the fixture server listens on 443), types a draft, and checks that the
// content script got the worker's wasm analysis: highlights over the right words and the badge;
// then that the pre-send check holds a one-sided draft and Send anyway sends it once, and
// that patience counts notes to one address (the third with no reply in between is named in
// the panel), and that nothing left the machine: every host name resolves to 127.0.0.1, so every HTTPS (443)
// and HTTP (80) request of the session reaches this script's servers, which note its host.
import { Builder, By, Key } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { readdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../../../dist');
const zip = readdirSync(dist).find((f) => /^overture-firefox-.*\.zip$/.test(f));
if (!zip) throw new Error('dist/overture-firefox-*.zip is missing: run cargo xtask dist');

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`not ok - ${name}: ${e.message}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function until(driver, what, fn, ms = 15000, ...args) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await driver.executeScript(fn, ...args);
    if (last) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

const server = await start(443);
const hosts = new Set();
server.on('request', (req) => hosts.add(`https://${req.headers.host ?? ''}`));
const plain = createHttpServer((req, res) => {
  hosts.add(`http://${req.headers.host ?? ''}`);
  res.writeHead(404).end();
});
await new Promise((ok) => plain.listen(80, ok));
const options = new firefox.Options()
  .setBinary('/usr/bin/firefox-esr')
  .addArguments('-headless')
  .setPreference('network.dns.forceResolve', '127.0.0.1')
  .setPreference('network.trr.mode', 5)
  .setPreference('browser.shell.checkDefaultBrowser', false)
  .setPreference('app.update.enabled', false)
  .setAcceptInsecureCerts(true);
const service = new firefox.ServiceBuilder(process.env.GECKODRIVER || 'geckodriver');
const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();

try {
  await driver.installAddon(join(dist, zip), true);
  await driver.get('https://mail.google.com/');
  const body = await driver.findElement(By.css('[id=":8o"]'));
  await body.click();
  await body.sendKeys('Hi Ana, I loved your talk. Per my last email, please reply ASAP.');

  await check('the content script ran the worker’s wasm analysis: a badge with a score', async () => {
    const score = await until(driver, 'the badge', () =>
      [...document.querySelectorAll('overture-overlay')].map((h) => h.shadowRoot?.querySelector('.badge[data-overture-score]:not([hidden])')?.dataset.overtureScore).find(Boolean));
    assert(/^\d+$/.test(score) && Number(score) <= 100, `score ${score}`);
  });

  await check('highlights sit over the flagged words', async () => {
    const ok = await until(driver, 'the ASAP highlight', () => {
      const mark = [...document.querySelectorAll('overture-overlay')].map((h) => h.shadowRoot?.querySelector('.mark[data-overture-rule="asap"]')).find(Boolean);
      if (!mark) return null;
      const body = document.querySelector('[id=":8o"]');
      const text = body.firstChild;
      const i = text.data.indexOf('ASAP');
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 4);
      const a = r.getBoundingClientRect();
      const b = mark.getBoundingClientRect();
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom ? 'yes' : 'no';
    });
    assert(ok === 'yes', 'the highlight does not cover “ASAP”');
  });

  await check('the compose box holds exactly what was typed', async () => {
    const html = await driver.executeScript(() => document.querySelector('[id=":8o"]').textContent);
    assert(html === 'Hi Ana, I loved your talk. Per my last email, please reply ASAP.', `got ${JSON.stringify(html)}`);
  });

  await check('the pre-send check holds a one-sided draft; Send anyway sends it exactly once', async () => {
    await body.sendKeys(" I'd love to show you a quick demo of our platform. Our pricing starts at $99/month. Book a call on my calendar ASAP.");
    await until(driver, 'the pitch band', () =>
      [...document.querySelectorAll('overture-overlay')].some((h) => h.shadowRoot?.querySelector('.badge:not([hidden])')?.dataset.overtureBand === 'pitch') || null);
    await driver.findElement(By.css('#compose1 [data-fixture-send]')).click();
    await until(driver, 'the panel', () => [...document.querySelectorAll('overture-overlay')].some((h) => h.shadowRoot?.querySelector('.panel')) || null);
    assert((await driver.executeScript(() => window.__sent.length)) === 0, 'sent before the panel was answered');
    // A page script's click() is ignored by the controls that send (they answer only trusted
    // input): first prove that, then click as the user does, through WebDriver.
    await driver.executeScript(() =>
      [...document.querySelectorAll('overture-overlay')].map((h) => h.shadowRoot?.querySelector('.panel [data-overture-action="send-anyway"]')).find(Boolean).click());
    await new Promise((r) => setTimeout(r, 300));
    assert((await driver.executeScript(() => window.__sent.length)) === 0, 'a script click sent the message');
    const host = await driver.executeScript(() => [...document.querySelectorAll('overture-overlay')].find((h) => h.shadowRoot?.querySelector('.panel')));
    const shadow = await host.getShadowRoot();
    await (await shadow.findElement(By.css('.panel [data-overture-action="send-anyway"]'))).click();
    await until(driver, 'one send', () => window.__sent.length === 1 || null);
    await new Promise((r) => setTimeout(r, 300));
    assert((await driver.executeScript(() => window.__sent.length)) === 1, 'sent more than once');
  });

  await check('patience: the third note to one address with no reply in between is named in the panel', async () => {
    // The draft sent above was the first note to dana@example.org; the second goes at once.
    const write = async (text) => {
      await body.click();
      await body.sendKeys(Key.chord(Key.CONTROL, 'a'), Key.BACK_SPACE);
      await body.sendKeys(text);
      await until(driver, 'the analysis of the new text', (t) => {
        const host = [...document.querySelectorAll('overture-overlay')].find((h) => h.shadowRoot?.querySelector('.badge:not([hidden])'));
        return (host && document.querySelector('[id=":8o"]').textContent === t && host.shadowRoot.querySelector('.badge').dataset.overtureScore) || null;
      }, 15000, text);
      await new Promise((r) => setTimeout(r, 400));
    };
    await write('Hi Dana, I found the article on onboarding volunteers I mentioned. Happy to share it if useful.');
    await driver.findElement(By.css('#compose1 [data-fixture-send]')).click();
    await until(driver, 'the second send', () => window.__sent.length === 2 || null);
    await write('Hi Dana, I loved your point on volunteers. What got you into it?');
    await driver.findElement(By.css('#compose1 [data-fixture-send]')).click();
    const said = await until(driver, 'the patience line', () =>
      [...document.querySelectorAll('overture-overlay')].map((h) => h.shadowRoot?.querySelector('.panel [data-overture-patience="3"]')?.textContent).find(Boolean));
    assert(/^This is your third note to Dana Kim since \d{1,2} [A-Z][a-z]+ with no reply\./.test(said), `said ${JSON.stringify(said)}`);
    assert((await driver.executeScript(() => window.__sent.length)) === 2, 'the third note went before the panel was answered');
  });

  await check('nothing left the machine: no request but to the fixture page (and Firefox’s own services)', async () => {
    // Firefox itself may call its own services (settings, add-on checks); Overture calls nothing.
    const firefoxOwn = /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net)(:\d+)?$/;
    const others = [...hosts].filter((h) => h !== 'https://mail.google.com' && !firefoxOwn.test(h.replace(/^https?:\/\//, '')));
    assert(others.length === 0, `requests to ${others.join(', ')}`);
    assert(hosts.has('https://mail.google.com'), 'the fixture page itself was not seen (the check would see nothing)');
    console.log(`# hosts seen: ${[...hosts].join(', ')}`);
  });
} finally {
  await driver.quit();
  server.close();
  plain.close();
}

const failed = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
