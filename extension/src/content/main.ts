// The content script: finds compose boxes with the site's adapter and gives each a Session.
// The analysis itself runs in the background worker: WebAssembly never runs here (a page's
// CSP can forbid compiling it in a content script).
import { adapterFor, findBodies } from './adapters';
import { WorkerClient } from './client';
import { safely, Session } from './session';

function start(): void {
  const adapter = adapterFor(location.hostname);
  if (!adapter) return;
  const client = new WorkerClient();
  const sessions = new Map<HTMLElement, Session>();

  const scan = () =>
    safely(() => {
      const bodies = new Set(findBodies(adapter));
      for (const [body, s] of sessions) {
        if (!body.isConnected || !bodies.has(body)) {
          s.destroy();
          sessions.delete(body);
        }
      }
      for (const body of bodies) if (!sessions.has(body)) sessions.set(body, new Session(body, adapter, client));
    });

  let timer = 0;
  const soon = () => {
    if (!timer) timer = self.setTimeout(() => ((timer = 0), scan()), 150);
  };
  scan();
  new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true });
  // A box inside a shadow root is not seen by the observer above; focusing it is.
  document.addEventListener('focusin', soon, true);
  chrome.storage.onChanged.addListener((changes) => {
    if (changes.settings) for (const s of sessions.values()) s.requestAnalysis();
  });
}

safely(start);
