// The content script: finds compose boxes with the site's adapter and gives each a Session,
// holds Send for the pre-send check, and answers the toolbar popup. The analysis itself runs
// in the background worker: WebAssembly never runs here (a page's CSP can forbid compiling it
// in a content script).
import type { PopupReply, PopupRequest } from '../protocol';
import { defaults, loadSettings, onSettingsChanged, type Settings } from '../settings';
import { adapterFor, findBodies, GENERIC, siteKey, siteLabel } from './adapters';
import { WorkerClient } from './client';
import { SendGuard } from './presend';
import { diagnostics, patienceConfig, safely, Session } from './session';
import { LEDGER_KEY } from '../ledger';

declare global {
  interface Window {
    /** Set once the content script runs in this page, so a second injection does nothing. */
    __overtureStarted?: boolean;
  }
}

function start(): void {
  if (window.__overtureStarted) return;
  window.__overtureStarted = true;
  // Built-in sites have their adapter; any other site runs here only because the user turned
  // Overture on for it (a granted host permission), and gets the generic one.
  const adapter = adapterFor(location.hostname) ?? GENERIC;
  const key = siteKey(location.hostname);
  const client = new WorkerClient();
  const sessions = new Map<HTMLElement, Session>();
  let settings: Settings = defaults();
  let focused: Session | null = null;
  let observer: MutationObserver | null = null;
  let guard: SendGuard | null = null;
  const enabled = () => !settings.disabled_sites.includes(key);

  const scan = () =>
    safely(() => {
      const bodies = new Set(enabled() ? findBodies(adapter) : []);
      for (const [body, s] of sessions) {
        if (!body.isConnected || !bodies.has(body)) {
          s.destroy();
          sessions.delete(body);
          if (focused === s) focused = null;
        }
      }
      for (const body of bodies) if (!sessions.has(body)) sessions.set(body, new Session(body, adapter, client));
    });

  let timer = 0;
  const soon = () => {
    if (!timer) timer = self.setTimeout(() => ((timer = 0), scan()), 150);
  };

  /** Starts or stops watching the page as the site is switched on or off. */
  const apply = () =>
    safely(() => {
      if (enabled() && !observer) {
        observer = new MutationObserver(soon);
        observer.observe(document.documentElement, { childList: true, subtree: true });
        guard = new SendGuard({ sessions: () => sessions.values(), settings: () => settings, siteKey: key, siteLabel: siteLabel(location.hostname) });
      } else if (!enabled() && observer) {
        observer.disconnect();
        observer = null;
        guard?.destroy();
        guard = null;
      }
      scan();
    });

  // A box inside a shadow root is not seen by the observer above; focusing it is.
  document.addEventListener(
    'focusin',
    (e) => {
      if (!enabled()) return;
      const path = e.composedPath();
      focused = [...sessions.values()].find((s) => path.includes(s.body)) ?? focused;
      soon();
    },
    true,
  );

  const reload = async () => {
    const loaded = await loadSettings();
    settings = loaded.settings;
    Object.assign(patienceConfig, { on: settings.patience, nth: settings.patience_count, window: settings.patience_window });
    for (const s of sessions.values()) s.forgetHistory();
    client.revision = loaded.revision;
    apply();
    for (const s of sessions.values()) s.requestAnalysis();
  };
  onSettingsChanged(() => void reload());
  void reload();
  // Timings on the page only for the benchmarks (see `diagnostics`).
  const readDiagnostics = () => void chrome.storage.local.get('diagnostics').then((v) => (diagnostics.on = v.diagnostics === true), () => undefined);
  readDiagnostics();
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'diagnostics' in changes) readDiagnostics();
    // Another tab sent a note, or the user chose "Forget everything": read the ledger again.
    if (area === 'local' && LEDGER_KEY in changes) for (const s of sessions.values()) s.forgetHistory();
  });

  /** The draft the popup speaks of: the focused compose box, else one that has a report. */
  const current = () => (focused?.body.isConnected ? focused : [...sessions.values()].find((x) => x.latest()));

  // The popup asks for the summary of the draft being written, and to reveal a finding.
  chrome.runtime.onMessage.addListener((msg: PopupRequest, _sender, reply: (r: PopupReply) => void) => {
    if (msg?.type === 'overture:summary') {
      const s = current();
      reply({
        site: key,
        label: siteLabel(location.hostname),
        enabled: enabled(),
        presend: settings.presend && !settings.presend_off_sites.includes(key),
        report: s?.latest() ?? null,
        recipient: s?.recipient() ?? null,
        boxes: sessions.size,
      });
    } else if (msg?.type === 'overture:reveal') {
      reply({ revealed: !!current()?.reveal(msg.start) });
    } else if (msg?.type === 'overture:next-finding') {
      // Only the frame whose compose box (or its open card) has the keyboard acts.
      const s = focused?.body.isConnected && document.hasFocus() && focused.hasKeyboard() ? focused : null;
      reply({ revealed: !!s?.focusNextFinding() });
    }
    return false;
  });
}

safely(start);
