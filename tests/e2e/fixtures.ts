// Playwright fixtures: a persistent Chromium context with the packaged extension loaded, the
// real hostnames mapped to the fixture server, and helpers to reach Overture's shadow UI.
import { test as base, chromium, expect, type BrowserContext, type Page, type Locator } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITES } from './server.mjs';

export const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/chrome');
const PORT = 8443;

/** `hostRules` replaces the mapping of the fixture hostnames (e.g. every name to one server). */
export function chromiumArgs(withExtension: boolean, dist = DIST, hostRules?: string): string[] {
  const rules = hostRules ?? Object.keys(SITES).map((h) => `MAP ${h} 127.0.0.1:${PORT}`).join(', ');
  return [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', `--host-resolver-rules=${rules}`, '--ignore-certificate-errors',
    ...(withExtension ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : []),
  ];
}

/** A copy of the packaged extension with `change` applied to it (a broken wasm, a granted host). */
export function distVariant(change: (dir: string) => void): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'overture-dist-'));
  cpSync(DIST, dir, { recursive: true });
  change(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launch(withExtension = true, dist = DIST, hostRules?: string): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'overture-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 860 },
    args: chromiumArgs(withExtension, dist, hostRules),
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Fixtures = { context: BrowserContext; extensionId: string };

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const { context, close } = await launch(true);
    await use(context);
    await close();
  },
  extensionId: async ({ context }, use) => {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    await use(new URL(worker.url()).host);
  },
});

export { expect };

/** The extension's background worker (to read or write its storage). */
export async function serviceWorker(context: BrowserContext) {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Writes the stored settings, as the options page would. */
export async function setSettings(context: BrowserContext, settings: Record<string, unknown>): Promise<void> {
  const sw = await serviceWorker(context);
  await sw.evaluate((s) => chrome.storage.sync.set({ settings: { version: 2, saved_at: Date.now(), ...s } }), settings);
}

/** Opens a fixture page, types `text` into the compose box `body`, and waits for its band. */
export async function openDraft(context: BrowserContext, url: string, body: string, text: string, band: string | RegExp = /.+/): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator(body).click();
  await page.keyboard.insertText(text);
  await expect(badge(page)).toHaveAttribute('data-overture-band', band);
  return page;
}

/** The overlay host for the n-th compose box (in page order of creation). */
export function overlays(page: Page): Locator {
  return page.locator('overture-overlay');
}

/** All highlight elements across overlays. */
export function marks(page: Page): Locator {
  return page.locator('overture-overlay .mark');
}

/** The badge of the first overlay that shows one. */
export function badge(page: Page): Locator {
  return page.locator('overture-overlay .badge:not([hidden])');
}

/** Viewport rectangles of the first occurrence of `phrase` inside `selector` (main world). */
export async function phraseRects(page: Page, bodySelector: string, phrase: string): Promise<DOMRect[]> {
  return page.evaluate(
    ([sel, p]) => {
      const root = document.querySelector(sel)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const i = n.data.indexOf(p);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + p.length);
          return Array.from(r.getClientRects()).map((x) => x.toJSON());
        }
      }
      return [];
    },
    [bodySelector, phrase] as const,
  );
}

export function intersects(a: { left: number; right: number; top: number; bottom: number }, b: { left: number; right: number; top: number; bottom: number }): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
