// The background worker (Chrome: service worker; Firefox: background script). It loads the
// WebAssembly once for every tab and answers the content scripts over a runtime port. The
// analysis logic, the settings and the cache live in Rust (`Service` in src/wasm.rs).
import init, { Service } from '../../target/wasm-pkg/overture.js';
import { PORT_NAME, type AnalyzeRequest, type WorkerReply } from './protocol';

let service: Promise<Service> | null = null;

async function loadSettings(s: Service): Promise<void> {
  const stored = await chrome.storage.sync.get('settings').catch(() => ({}) as Record<string, unknown>);
  const settings = (stored as { settings?: unknown }).settings;
  if (settings && typeof settings === 'object') {
    try {
      s.configure(settings);
    } catch (e) {
      console.warn('Overture: stored settings refused, using defaults:', e);
    }
  }
}

function engine(): Promise<Service> {
  service ??= (async () => {
    await init({ module_or_path: chrome.runtime.getURL('overture_bg.wasm') });
    const s = new Service();
    await loadSettings(s);
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

chrome.storage.onChanged.addListener((changes, area) => {
  if (changes.settings && (area === 'sync' || area === 'local') && service) {
    void service.then(loadSettings);
  }
});
