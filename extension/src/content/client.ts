// The content script's side of the runtime port to the background worker. A stopped worker is
// woken by the next request (connect starts it); a worker that cannot answer makes requests
// fail, and the caller then shows nothing.
import { PORT_NAME, type Channel, type RecipientInfo, type Report, type WorkerReply } from '../protocol';

/** The worker's answer: the report, and whether the engine had to be rebuilt to give it. */
export interface Answer {
  report: Report;
  recovered: boolean;
}

const TIMEOUT_MS = 5000;

export class WorkerClient {
  private port: chrome.runtime.Port | null = null;
  private nextId = 1;
  /** The settings revision this tab has read (sent along so the worker catches up first). */
  revision = 0;
  private pending = new Map<number, { resolve: (r: Answer) => void; reject: (e: Error) => void; timer: number }>();

  private connect(): chrome.runtime.Port {
    if (this.port) return this.port;
    const port = chrome.runtime.connect({ name: PORT_NAME });
    port.onMessage.addListener((msg: WorkerReply) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.type === 'report') p.resolve({ report: msg.report, recovered: !!msg.recovered });
      else p.reject(new Error(msg.message));
    });
    port.onDisconnect.addListener(() => {
      this.port = null;
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error('worker disconnected'));
      }
      this.pending.clear();
    });
    this.port = port;
    return port;
  }

  analyze(text: string, channel: Channel, recipient?: RecipientInfo, retry = true): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const id = this.nextId++;
      const timer = self.setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('worker timed out'));
      }, TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.connect().postMessage({ type: 'analyze', id, text, channel, revision: this.revision, recipient });
      } catch (e) {
        this.pending.delete(id);
        clearTimeout(timer);
        this.port = null;
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }).catch((e: Error) => {
      // A port that the browser closed while the worker slept: one fresh try.
      if (retry && e.message === 'worker disconnected') return this.analyze(text, channel, recipient, false);
      throw e;
    });
  }
}
