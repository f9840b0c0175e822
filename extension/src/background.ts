// The background worker (Chrome: service worker; Firefox: background script). It loads the
// WebAssembly once for every tab and answers the content scripts over a runtime port. The
// analysis logic, the engine settings and the cache live in Rust (`Service` in src/wasm.rs).
// It also keeps the content script registered on the extra sites the user turned on.
import init, { Recipient, Service } from '../../target/wasm-pkg/overture.js';
import { NEXT_FINDING_COMMAND, PORT_NAME, type AnalyzeRequest, type PopupRequest, type WorkerReply } from './protocol';
import { engineConfig, extraOrigins, loadSettings, onSettingsChanged } from './settings';

let service: Promise<Service> | null = null;
/** The settings revision the engine was built from. */
let revision = -1;

async function configure(s: Service): Promise<void> {
  const { settings, revision: loaded } = await loadSettings();
  revision = loaded;
  try {
    const dropped = s.configure(engineConfig(settings)) as string[];
    // One stale item (a rule renamed since) costs only itself; the rest of the settings apply.
    if (dropped.length) console.warn('Overture: settings items the engine cannot use were skipped:', dropped);
  } catch (e) {
    console.warn('Overture: stored settings refused, using defaults:', e);
  }
}

function engine(): Promise<Service> {
  service ??= (async () => {
    await init({ module_or_path: chrome.runtime.getURL('overture_bg.wasm') });
    const s = new Service();
    await configure(s);
    return s;
  })();
  // A failed load is retried on the next request rather than cached forever.
  service.catch(() => (service = null));
  return service;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
const days = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** One analysis: with the recipient's history when the tab sent it (dates only). */
function run(s: Service, msg: AnalyzeRequest) {
  const r = msg.recipient;
  if (!r) return s.analyze(msg.text, msg.channel);
  const recipient = new Recipient(days(r.today), r.nth, r.window);
  try {
    for (const x of r.history.sends) recipient.sent(days(x.date), x.follow_up);
    for (const d of r.history.replies) recipient.reply(days(d));
    return s.analyze_to(msg.text, msg.channel, recipient);
  } finally {
    recipient.free();
  }
}

/**
 * An analysis threw or trapped. A trapped WebAssembly instance may be left in any state, so the
 * `Service` is dropped and built afresh, and the draft is tried once more on it; the tab hears
 * that the engine was rebuilt. A draft that faults a fresh engine too gets an error (the tab
 * shows nothing and Send stays free) and the next one starts clean.
 */
async function recover(msg: AnalyzeRequest, fault: unknown): Promise<WorkerReply> {
  console.warn('Overture: the engine faulted; rebuilding it:', fault);
  service = null;
  try {
    const s = await engine();
    return { type: 'report', id: msg.id, report: run(s, msg), recovered: true };
  } catch (e) {
    service = null;
    return { type: 'error', id: msg.id, message: String(e) };
  }
}

// Listeners are registered synchronously so that a message wakes a stopped worker.
chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== PORT_NAME) return;
  port.onMessage.addListener(async (msg: AnalyzeRequest) => {
    if (msg?.type !== 'analyze' || typeof msg.text !== 'string') return;
    let reply: WorkerReply;
    try {
      const s = await engine();
      // The tab saw newer settings than the engine was built from (storage events race).
      if (typeof msg.revision === 'number' && msg.revision > revision) await configure(s);
      reply = { type: 'report', id: msg.id, report: run(s, msg) };
    } catch (e) {
      reply = await recover(msg, e);
    }
    try {
      port.postMessage(reply);
    } catch {
      // The tab went away while we worked.
    }
  });
});

// The keyboard shortcut (manifest `commands`, Alt+Shift+O unless the user changed it): the
// active tab's content script moves to the next finding in its focused compose box.
chrome.commands?.onCommand.addListener((command, tab) => {
  if (command !== NEXT_FINDING_COMMAND) return;
  const ask = (id: number | undefined) => {
    if (id !== undefined) chrome.tabs.sendMessage(id, { type: 'overture:next-finding' } satisfies PopupRequest).catch(() => undefined);
  };
  if (tab?.id !== undefined) ask(tab.id);
  else void chrome.tabs.query({ active: true, currentWindow: true }).then(([t]) => ask(t?.id));
});

onSettingsChanged(() => {
  if (service) void service.then(configure);
});

// ---- Extra sites: host permissions the user granted from the popup ----

const EXTRA_ID = 'overture-extra';

/** Registers the content script on exactly the extra sites granted now. */
async function syncExtraSites(): Promise<string[]> {
  const origins = await extraOrigins();
  await chrome.scripting.unregisterContentScripts({ ids: [EXTRA_ID] }).catch(() => undefined);
  if (origins.length) {
    await chrome.scripting.registerContentScripts([{ id: EXTRA_ID, matches: origins, js: ['content.js'], runAt: 'document_idle' }]);
  }
  return origins;
}

/** Starts Overture in the open tabs of newly granted sites (no reload needed). */
async function injectInto(origins: string[]): Promise<void> {
  if (!origins.length) return;
  const tabs = await chrome.tabs.query({ url: origins });
  for (const t of tabs) {
    if (t.id !== undefined) await chrome.scripting.executeScript({ target: { tabId: t.id }, files: ['content.js'] }).catch(() => undefined);
  }
}

const quietly = (p: Promise<unknown>) => void p.catch((e) => console.warn('Overture: extra sites:', e));
chrome.runtime.onInstalled.addListener(() => quietly(syncExtraSites()));
chrome.runtime.onStartup.addListener(() => quietly(syncExtraSites()));
chrome.permissions.onAdded.addListener((p) => quietly(syncExtraSites().then(() => injectInto(p.origins ?? []))));
chrome.permissions.onRemoved.addListener(() => quietly(syncExtraSites()));
