// One compose box: extract its text on input, ask the worker, draw highlights and the badge.
// Nothing here writes to the compose box except a suggestion the user clicks, which goes
// through the browser's own editing (execCommand insertText) so that Ctrl+Z undoes it.
import type { Finding, Report } from '../protocol';
import { Overlay, type Mark } from '../ui/overlay';
import type { Adapter } from './adapters';
import type { WorkerClient } from './client';
import { extract, rangeFor, type Extraction } from './extract';
import { TextareaMirror } from './mirror';

/** Runs `fn`, swallowing and logging any error: Overture must never break the page. */
export function safely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.debug('Overture:', e);
  }
}

export class Session {
  private readonly overlay: Overlay;
  private readonly mirror: TextareaMirror | null = null;
  private report: Report | null = null;
  private extraction: Extraction | null = null;
  private seq = 0;
  private frame = 0;
  private pendingTimer = 0;
  private inputAt = 0;
  private readonly ignored = new Set<string>();
  private readonly cleanup: Array<() => void> = [];
  private readonly resize = new ResizeObserver(() => this.scheduleDraw());

  constructor(readonly body: HTMLElement, private readonly adapter: Adapter, private readonly client: WorkerClient) {
    this.overlay = new Overlay({
      apply: (f, s) => safely(() => this.apply(f, s)),
      ignore: (f) => safely(() => this.ignore(f)),
      never: (f) => safely(() => void this.never(f)),
    });
    if (body instanceof HTMLTextAreaElement) this.mirror = new TextareaMirror(body, this.overlay.host.shadowRoot!);
    this.listen(body, 'input', () => {
      this.inputAt = performance.now();
      this.requestAnalysis();
    });
    this.listen(body, 'click', (e) => this.onClick(e as MouseEvent));
    this.listen(body, 'keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape') this.overlay.hideCard();
    });
    this.listen(window, 'scroll', () => this.scheduleDraw(), { capture: true, passive: true });
    this.listen(window, 'resize', () => this.scheduleDraw(), { passive: true });
    this.listen(document, 'click', (e) => {
      if (!e.composedPath().includes(this.overlay.host) && !e.composedPath().includes(this.body)) this.overlay.hideCard();
    });
    this.resize.observe(body);
    void document.fonts?.ready.then(() => this.scheduleDraw());
    this.requestAnalysis();
  }

  private listen(target: EventTarget, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions): void {
    const wrapped = (e: Event) => safely(() => fn(e));
    target.addEventListener(type, wrapped, opts);
    this.cleanup.push(() => target.removeEventListener(type, wrapped, opts));
  }

  /** Coalesces a burst of input into one analysis, off the keystroke's own task. */
  requestAnalysis(): void {
    if (this.pendingTimer) return;
    this.pendingTimer = self.setTimeout(() => {
      this.pendingTimer = 0;
      void this.analyze();
    }, 0);
  }

  private readText(): { text: string; extraction: Extraction | null } {
    if (this.body instanceof HTMLTextAreaElement) return { text: this.body.value, extraction: null };
    const x = extract(this.body, this.adapter.exclude);
    return { text: x.text, extraction: x };
  }

  private async analyze(): Promise<void> {
    const seq = ++this.seq;
    const { text, extraction } = this.readText();
    if (!text.trim()) {
      this.report = null;
      this.scheduleDraw();
      return;
    }
    let report: Report;
    const asked = performance.now();
    try {
      report = await this.client.analyze(text, this.adapter.channel(this.body));
      this.overlay.host.dataset.overtureRoundtrip = (performance.now() - asked).toFixed(2);
    } catch (e) {
      // The worker cannot answer: show nothing and stay out of the way.
      console.debug('Overture: analysis unavailable:', e);
      this.overlay.host.dataset.overtureStatus = 'unavailable';
      this.overlay.host.dataset.overtureError = e instanceof Error ? e.message : String(e);
      if (seq === this.seq) {
        this.report = null;
        this.scheduleDraw();
      }
      return;
    }
    if (seq !== this.seq) return; // a newer keystroke is on its way
    this.overlay.host.dataset.overtureStatus = 'ok';
    delete this.overlay.host.dataset.overtureError;
    this.report = report;
    this.extraction = extraction;
    this.scheduleDraw();
  }

  scheduleDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      safely(() => this.draw());
    });
  }

  private visibleFindings(): Finding[] {
    return (this.report?.findings ?? []).filter((f) => !this.ignored.has(`${f.rule}\u0000${f.text}\u0000${f.start}`));
  }

  private draw(): void {
    if (!this.body.isConnected) return;
    const box = this.body.getBoundingClientRect();
    const findings = this.visibleFindings();
    let marks: Mark[];
    if (this.mirror) {
      const rects = this.mirror.rects(findings.map((f) => [f.start, f.end]));
      marks = findings.map((f, i) => ({ finding: f, rects: rects[i] }));
    } else {
      const x = this.extraction;
      marks = x
        ? findings.map((f) => ({ finding: f, rects: Array.from(rangeFor(x, f.start, f.end)?.getClientRects() ?? []) }))
        : [];
    }
    this.overlay.draw(box, marks);
    this.overlay.setReport(this.report);
    if (this.inputAt) {
      const ms = performance.now() - this.inputAt;
      this.inputAt = 0;
      this.overlay.host.dataset.overtureLatency = ms.toFixed(2);
      performance.measure('overture:input-to-draw', { start: performance.now() - ms, duration: ms });
    }
  }

  private onClick(e: MouseEvent): void {
    const m = this.overlay.markAt(e.clientX, e.clientY);
    if (m) this.overlay.showCard(m);
    else this.overlay.hideCard();
  }

  /** Replaces a finding's span with a suggestion through the browser's editing (undoable). */
  private apply(f: Finding, suggestion: string): void {
    const { text, extraction } = this.readText();
    if (text.slice(f.start, f.end) !== f.text) return this.requestAnalysis(); // the text moved on
    this.body.focus();
    if (this.body instanceof HTMLTextAreaElement) {
      this.body.setSelectionRange(f.start, f.end);
    } else {
      const range = extraction && rangeFor(extraction, f.start, f.end);
      const sel = window.getSelection();
      if (!range || !sel) return;
      sel.removeAllRanges();
      sel.addRange(range);
    }
    document.execCommand('insertText', false, suggestion);
  }

  private ignore(f: Finding): void {
    this.ignored.add(`${f.rule}\u0000${f.text}\u0000${f.start}`);
    this.scheduleDraw();
  }

  private async never(f: Finding): Promise<void> {
    const area = chrome.storage.sync ?? chrome.storage.local;
    const stored = (await area.get('settings')) as { settings?: { never_flag?: string[] } };
    const settings = { ...(stored.settings ?? {}) };
    const list = Array.isArray(settings.never_flag) ? settings.never_flag : [];
    if (!list.some((p) => p.toLowerCase() === f.text.toLowerCase())) list.push(f.text);
    settings.never_flag = list;
    await area.set({ settings });
  }

  destroy(): void {
    for (const c of this.cleanup) c();
    this.resize.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.pendingTimer);
    this.mirror?.destroy();
    this.overlay.destroy();
  }
}
