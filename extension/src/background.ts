// The background worker (Chrome: service worker; Firefox: background script). It loads the
// WebAssembly once for every tab and answers the content scripts over a runtime port. The
// analysis logic, the engine settings and the cache live in Rust (`Service` in src/wasm.rs).
// It also keeps the content script registered on the extra sites the user turned on.
import init, { Service } from '../../target/wasm-pkg/overture.js';
import { PORT_NAME, type AnalyzeRequest, type WorkerReply } from './protocol';
import { engineConfig, extraOrigins, loadSettings, onSettingsChanged } from './settings';

let service: Promise<Service> | null = null;
/** The settings revision the engine was built from. */
let revision = -1;

async function configure(s: Service): Promise<void> {
  const { settings, revision: loaded } = await loadSettings();
  revision = loaded;
  try {
    s.configure(engineConfig(settings));
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
      reply = { type: 'report', id: msg.id, report: s.analyze(msg.text, msg.channel) };
    } catch (e) {
      reply = { type: 'error', id: msg.id, message: String(e) };
    }
    try {
      port.postMessage(reply);
    } catch {
      // The tab went away while we worked.
    }
  });
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
