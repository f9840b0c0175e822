// One compose box: extract its text on input, ask the worker, draw highlights and the badge.
// Nothing here writes to the compose box except a suggestion the user clicks, which goes
// through the browser's own editing (execCommand insertText) so that Ctrl+Z undoes it.
import { LIMITS } from '../../../target/generated/facts';
import { dayOf, findRecipient, historyOf, localStore, normalise, recordReply, recordSend } from '../ledger';
import type { Finding, RecipientInfo, Report } from '../protocol';
import { MAX_PHRASES, updateSettings } from '../settings';
import { applySuggestion } from '../ui/apply';
import { Overlay, type Mark } from '../ui/overlay';
import { deepQueryAll, type Adapter, type IdSource } from './adapters';
import type { WorkerClient } from './client';
import { saveCaret } from './caret';
import { extract, offsetOf, rangeFor, type Extraction } from './extract';
import { TextareaMirror } from './mirror';

/** How long the pointer rests on a highlight before its card opens (and off it before it closes). */
const HOVER_MS = 350;

/** How much of a quoted message's text is read for its sender: the header a client puts
 *  above the quote ("On …, Dana <dana@…> wrote:", "From: … Sent: …") is at its start, and the
 *  quoted thread below it can be long and name other people. */
const HEADER_CHARS = 400;

/** The first `max` characters of an element's text, without reading the rest of it. */
function leadingText(el: Element, max: number): string {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let out = '';
  for (let n = walker.nextNode(); n && out.length < max; n = walker.nextNode()) out += n.nodeValue ?? '';
  return out.slice(0, max);
}

/**
 * Timings (keystroke to drawn highlights, the worker's round trip) stay in the extension: a
 * page can read attributes and its performance timeline. Only with `diagnostics: true` in the
 * extension's local storage (set by the benchmarks, never by the user's settings) are they
 * written as `data-overture-latency` / `-roundtrip` on the overlay host.
 */
export const diagnostics = { on: false };

/** Patience (the user's settings, kept current by main.ts): count notes per recipient. */
export const patienceConfig = { on: false, nth: 3, window: 60 };

/** Runs `fn`, swallowing and logging any error: Overture must never break the page. */
export function safely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.debug('Overture:', e);
  }
}

/** Reading the box for longer than this (ms) moves the next analysis out of the keystroke's task. */
const READ_IN_KEYSTROKE_MS = 2;

export class Session {
  private readonly overlay: Overlay;
  private readonly mirror: TextareaMirror | null = null;
  private report: Report | null = null;
  /** The text `report` describes; a report for other text is stale. */
  private reportText: string | null = null;
  /** The last analysis failed (the worker could not answer) for `reportText`. */
  private failed = false;
  private waiters: Array<() => void> = [];
  private extraction: Extraction | null = null;
  /** The user asked not to be checked again before sending this message. */
  snoozed = false;
  private seq = 0;
  /** An analysis is on its way to the worker; `again` asks for one more with the latest text. */
  private inFlight = false;
  private again = false;
  private frame = 0;
  private pendingTimer = 0;
  /** How long reading the box took last time (ms). */
  private readMs = Infinity;
  /** When the last report came back from the worker (for the diagnostics' latency split). */
  private replyAt = 0;
  private inputAt = 0;
  private readonly ignored = new Set<string>();
  /** The recipient's history as last read from the ledger (dates only). */
  private history: { id: string; history: RecipientInfo['history'] } | null = null;
  /** The recipient whose reply this box's page already showed (noted once). */
  private replyNoted: string | null = null;
  private readonly cleanup: Array<() => void> = [];
  private readonly resize = new ResizeObserver(() => this.scheduleDraw());

  constructor(readonly body: HTMLElement, readonly adapter: Adapter, private readonly client: WorkerClient) {
    this.overlay = new Overlay({
      apply: (f, s) => safely(() => this.apply(f, s)),
      ignore: (f) => safely(() => this.ignore(f)),
      never: (f) => safely(() => void this.never(f)),
      cardLeft: () => safely(() => this.hoverAway()),
      cardClosed: (how) => safely(() => this.cardClosed(how)),
    // A compose box in a modal <dialog>: the rest of the page is inert under it, so Overture's
    // page UI goes inside the dialog, where the user can reach it.
    }, body.closest('dialog') ?? document.documentElement);
    this.overlay.recipientName = () => this.recipient();
    if (body instanceof HTMLTextAreaElement) this.mirror = new TextareaMirror(body, this.overlay.host.shadowRoot!);
    this.listen(body, 'input', () => {
      this.inputAt = performance.now();
      this.requestAnalysis();
    });
    this.listen(body, 'click', (e) => this.onClick(e as MouseEvent));
    // Hovering a highlight for a moment opens its card too; leaving both closes it.
    this.listen(body, 'mousemove', (e) => this.onHover(e as MouseEvent), { passive: true });
    this.listen(body, 'mouseleave', () => this.hoverAway());
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

  /** Coalesces a burst of input into one analysis. It starts in the keystroke's own task when
   *  reading the box is quick (a 20 KB draft takes about 0.3 ms): a task of its own often
   *  waited behind the next frame (measured: 16 ms p95 from the input event, with a timer or
   *  a user-blocking `scheduler.postTask` alike), so the highlight came two frames after the
   *  character instead of one. A slow read (a huge paste) still goes to a timer, so that it
   *  does not hold up the typed character. */
  requestAnalysis(): void {
    if (this.pendingTimer) return;
    if (this.readMs < READ_IN_KEYSTROKE_MS && !this.inFlight) {
      void this.analyze();
      return;
    }
    this.pendingTimer = self.setTimeout(() => {
      this.pendingTimer = 0;
      void this.analyze();
    }, 0);
  }

  readText(): { text: string; extraction: Extraction | null } {
    if (this.body instanceof HTMLTextAreaElement) return { text: this.body.value, extraction: null };
    const x = extract(this.body, this.adapter.exclude);
    return { text: x.text, extraction: x };
  }

  /** At most one analysis in flight; keystrokes meanwhile make one more, of the latest text. */
  private async analyze(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      await this.analyzeOnce();
    } finally {
      this.inFlight = false;
    }
    if (this.again) {
      this.again = false;
      this.requestAnalysis();
    }
  }

  private async analyzeOnce(): Promise<void> {
    const seq = ++this.seq;
    const read = performance.now();
    const { text, extraction } = this.readText();
    this.readMs = performance.now() - read;
    if (!text.trim()) {
      this.settle(text, null, false);
      this.scheduleDraw();
      return;
    }
    let report: Report;
    let recovered: boolean;
    const asked = performance.now();
    try {
      // The worker judges at most the first MAX units (and says so); one more tells it the
      // text went on. A huge paste is not posted whole.
      const recipient = await this.recipientInfo().catch(() => undefined);
      ({ report, recovered } = await this.client.analyze(text.slice(0, LIMITS.maxAnalyzedUnits + 1), this.adapter.channel(this.body), recipient));
      if (diagnostics.on) this.overlay.host.dataset.overtureRoundtrip = (performance.now() - asked).toFixed(2);
    } catch (e) {
      // The worker cannot answer: show nothing and stay out of the way.
      console.debug('Overture: analysis unavailable:', e);
      this.overlay.host.dataset.overtureStatus = 'unavailable';
      this.overlay.host.dataset.overtureError = e instanceof Error ? e.message : String(e);
      if (seq === this.seq) {
        this.settle(text, null, true);
        this.scheduleDraw();
      }
      return;
    }
    if (seq !== this.seq) return; // a newer keystroke is on its way
    this.overlay.host.dataset.overtureStatus = recovered ? 'recovered' : 'ok';
    delete this.overlay.host.dataset.overtureError;
    this.replyAt = performance.now();
    this.settle(text, report, false);
    this.extraction = extraction;
    this.scheduleDraw();
  }

  private settle(text: string, report: Report | null, failed: boolean): void {
    if (!text.trim()) this.snoozed = false; // an emptied box (sent, cleared) is a new message
    this.report = report;
    this.reportText = text;
    this.failed = failed;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** The report when it describes the text now in the box; undefined when it is stale. */
  currentReport(): Report | null | undefined {
    if (this.reportText === null || this.reportText !== this.readText().text) return undefined;
    return this.failed ? null : this.report;
  }

  /** The report for the text now in the box, waiting up to `ms` for it; null when unavailable. */
  async freshReport(ms: number): Promise<Report | null> {
    for (let tries = 0; tries < 3; tries++) {
      const now = this.currentReport();
      if (now !== undefined) return now;
      const arrived = new Promise<boolean>((resolve) => {
        const timer = self.setTimeout(() => resolve(false), ms);
        this.waiters.push(() => (clearTimeout(timer), resolve(true)));
      });
      this.requestAnalysis();
      if (!(await arrived)) return null;
    }
    return null;
  }

  /** The first recipient `sources` name: each source's elements in the compose container,
   *  else in the closest ancestor that has any (the conversation around it, never another
   *  compose window's), else in the adapter's shadow roots. */
  private idOf(sources: IdSource[]): string | null {
    const c = this.container();
    for (const { sel, from, pick } of sources) {
      let found: HTMLElement[] = [];
      for (let scope: Element | null = c; scope && !found.length; scope = scope.parentElement) {
        if (scope === document.body || scope === document.documentElement) break;
        found = Array.from(scope.querySelectorAll<HTMLElement>(sel));
      }
      if (!found.length && this.adapter.shadowHosts.length) found = deepQueryAll(document, sel, this.adapter.shadowHosts);
      const el = pick === 'last' ? found[found.length - 1] : found[0];
      if (!el) continue;
      const raw = from === 'text' ? leadingText(el, HEADER_CHARS) : from === 'href' && el instanceof HTMLAnchorElement ? el.href : el.getAttribute(from);
      const id = raw ? findRecipient(raw) : null;
      if (id) return id;
    }
    return null;
  }

  /** Who the message goes to, exactly (an address or a profile URL), when the page shows it. */
  recipientId(): string | null {
    const fromPage = this.adapter.recipientOf?.(this.body, location);
    const id = fromPage === undefined ? this.idOf(this.adapter.recipientId) : fromPage && findRecipient(fromPage);
    return id && normalise(id) ? id : null;
  }

  /** The recipient's history for the worker, when patience is on and the recipient is known.
   *  A reply the page shows (the thread's last message is theirs) is noted first. */
  private async recipientInfo(): Promise<RecipientInfo | undefined> {
    if (!patienceConfig.on) return undefined;
    const id = this.recipientId();
    if (!id) return undefined;
    const today = dayOf(new Date());
    const store = localStore();
    const last = this.idOf(this.adapter.lastSender);
    if (last && normalise(last) === normalise(id) && this.replyNoted !== id) {
      this.replyNoted = id;
      await recordReply(store, id, today, today, patienceConfig.window);
      this.history = null;
    }
    if (this.history?.id !== id) {
      const history = await historyOf(store, id);
      if (!history) return undefined;
      this.history = { id, history };
    }
    return { history: this.history.history, today, nth: patienceConfig.nth, window: patienceConfig.window };
  }

  /** The ledger changed (another tab sent, or "Forget everything"): read it again. */
  forgetHistory(): void {
    this.history = null;
    this.replyNoted = null;
  }

  /** A message went from this box: its date goes in the ledger (never its text). */
  noteSent(): void {
    if (!patienceConfig.on) return;
    const id = this.recipientId();
    if (!id) return;
    const r = this.report;
    const followUp = !!r && (r.findings.some((f) => f.category === 'follow_up' || f.category === 'pressure') || (r.patience?.unanswered_days.length ?? 0) > 0);
    this.history = null;
    void recordSend(localStore(), id, dayOf(new Date()), followUp, patienceConfig.window).catch((e) => console.debug('Overture: ledger:', e));
  }

  /** The compose container around the body (for the send button and the recipient). */
  container(): Element | null {
    return this.body.closest(this.adapter.container);
  }

  /** The site's Send button for this compose box, when the page shows one. */
  sendButton(): HTMLElement | null {
    const c = this.container();
    if (!c) return null;
    for (const sel of this.adapter.send) {
      const b = Array.from(c.querySelectorAll<HTMLElement>(sel)).find((x) => x.getClientRects().length > 0);
      if (b) return b;
    }
    return null;
  }

  /** Whether plain Enter sends in this compose box (LinkedIn's "Press Enter to Send"). */
  enterSends(): boolean {
    const c = this.container();
    return !!(c && this.adapter.enterSends && c.matches(this.adapter.enterSends));
  }

  /** Who the message goes to, when the page shows it. */
  recipient(): string | null {
    const c = this.container();
    // A box whose recipient is the page's (an invitation on a profile): the page's heading
    // names them, not a conversation elsewhere on the page.
    if (this.adapter.recipientOf?.(this.body, location) !== undefined) {
      const name = this.adapter.pageName ? document.querySelector(this.adapter.pageName)?.textContent?.trim() : '';
      return name ? (name.length > 60 ? name.slice(0, 57) + '…' : name) : null;
    }
    for (const sel of this.adapter.recipient) {
      const found = (c && c.querySelector<HTMLElement>(sel)) ?? deepQueryAll(document, sel, this.adapter.shadowHosts)[0];
      const name = (found?.textContent?.trim() || found?.getAttribute('data-hovercard-id') || found?.getAttribute('email') || '').trim();
      if (name) return name.length > 60 ? name.slice(0, 57) + '…' : name;
    }
    return null;
  }

  /** The badge says "checking…" while a press of Send waits for the analysis. */
  setChecking(on: boolean): void {
    this.overlay.setChecking(on);
  }

  get overlayRoot(): ShadowRoot {
    return this.overlay.host.shadowRoot!;
  }

  /** The compose box's viewport rectangle. */
  box(): DOMRect {
    return this.body.getBoundingClientRect();
  }

  /** The latest report, whatever text it describes (for the popup). */
  latest(): Report | null {
    return this.report;
  }

  /** Scrolls a finding into view and opens its card (the popup's findings list). */
  reveal(start: number): boolean {
    const f = this.visibleFindings().find((x) => x.start === start);
    if (!f) return false;
    if (this.body instanceof HTMLTextAreaElement) {
      this.body.focus();
      this.body.setSelectionRange(f.start, f.start);
    }
    this.scrollTo(f);
    requestAnimationFrame(() =>
      safely(() => {
        this.draw();
        const m = this.marks().find((x) => x.finding.start === start);
        if (m && m.rects.length) this.overlay.showCard(m);
      }),
    );
    return true;
  }

  /** Scrolls a finding's words into view. */
  private scrollTo(f: Finding): void {
    if (this.body instanceof HTMLTextAreaElement) {
      // A textarea scrolls itself to its selection only when focused; move its scroll instead.
      const r = this.mirror?.rects([[f.start, f.end]])[0][0];
      const box = this.body.getBoundingClientRect();
      if (r && (r.top < box.top || r.bottom > box.bottom)) this.body.scrollTop += r.top - box.top - box.height / 2;
      this.body.scrollIntoView({ block: 'nearest' });
      return;
    }
    const range = this.extraction && rangeFor(this.extraction, f.start, f.end);
    (range?.startContainer.parentElement ?? this.body).scrollIntoView({ block: 'nearest' });
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

  private marks(): Mark[] {
    const findings = this.visibleFindings();
    if (this.mirror) {
      const rects = this.mirror.rects(findings.map((f) => [f.start, f.end]));
      return findings.map((f, i) => ({ finding: f, rects: rects[i] }));
    }
    const x = this.extraction;
    if (!x) return [];
    const rectsOf = (f: Finding) => Array.from(rangeFor(x, f.start, f.end)?.getClientRects() ?? []);
    if (findings.length < 64) return findings.map((f) => ({ finding: f, rects: rectsOf(f) }));
    // A long draft (a pasted document) has thousands of findings, most scrolled out of sight;
    // measuring each costs a layout query. Findings are in text order and text runs down the
    // box, so a binary search finds the first that reaches the box's top, and drawing stops
    // past its bottom. The ones out of view get no rectangles (nothing to draw there).
    // What can be seen: the box, within the viewport (a box that grows with its text can be
    // far taller than the window).
    const box = this.body.getBoundingClientRect();
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, innerHeight);
    const bottomOf = (rects: DOMRect[]) => (rects.length ? Math.max(...rects.map((r) => r.bottom)) : -Infinity);
    let lo = 0;
    let hi = findings.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bottomOf(rectsOf(findings[mid])) < top) lo = mid + 1;
      else hi = mid;
    }
    const out: Mark[] = findings.map((f) => ({ finding: f, rects: [] }));
    for (let i = lo; i < findings.length; i++) {
      const rects = rectsOf(findings[i]);
      if (rects.length && Math.min(...rects.map((r) => r.top)) > bottom) break;
      out[i].rects = rects;
    }
    return out;
  }

  /** Where the box's text and caret are, so that the badge never covers them. */
  private textRects(): DOMRect[] {
    if (this.mirror) {
      const ta = this.body as HTMLTextAreaElement;
      return this.mirror.rects([[0, ta.value.length]])[0];
    }
    // The text near the box's bottom and right edges is what the badge could cover; a long
    // draft's thousands of line boxes elsewhere do not matter.
    const box = this.body.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(this.body);
    const rects = Array.from(range.getClientRects()).filter((r) => r.bottom >= Math.max(box.top, 0) && r.top <= Math.min(box.bottom, innerHeight));
    const sel = getSelection();
    if (sel?.rangeCount && this.body.contains(sel.getRangeAt(0).startContainer)) rects.push(...Array.from(sel.getRangeAt(0).getClientRects()));
    return rects;
  }

  private draw(): void {
    if (!this.body.isConnected) return;
    const drawAt = performance.now();
    this.overlay.setReport(this.report, false);
    this.overlay.draw(this.body.getBoundingClientRect(), this.marks(), this.textRects());
    if (this.inputAt) {
      const ms = performance.now() - this.inputAt;
      this.inputAt = 0;
      if (diagnostics.on) {
        // The part of it spent waiting for the browser's next frame after the reply came.
        this.overlay.host.dataset.overtureFrameWait = (this.replyAt > drawAt - ms ? drawAt - this.replyAt : 0).toFixed(2);
        this.overlay.host.dataset.overtureLatency = ms.toFixed(2);
      }
    }
  }

  /** The finding the keyboard shortcut showed last (the next press moves past it). */
  private navAt: number | null = null;
  /** Puts the caret back where it was before the shortcut moved focus to a card. */
  private restoreCaret: (() => void) | null = null;

  /** Whether the keyboard is in this compose box or in its card. */
  hasKeyboard(): boolean {
    let active: Element | null = document.activeElement;
    if (active === this.overlay.host) return true;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return !!active && (active === this.body || this.body.contains(active));
  }

  /**
   * The keyboard shortcut: shows the next flagged phrase after the caret (or after the one it
   * showed last), wrapping round, and opens its card with focus on its first button. Esc puts
   * the caret back where it was. False when nothing is flagged.
   */
  focusNextFinding(): boolean {
    const list = this.visibleFindings().filter((f) => f.category !== 'mutuality');
    if (!list.length) {
      this.overlay.announce('Overture: nothing is underlined in this draft.');
      return false;
    }
    const from = this.navAt ?? this.caretOffset();
    const next = list.find((f) => (this.navAt === null ? f.start >= from : f.start > from)) ?? list[0];
    if (this.navAt === null) this.restoreCaret = saveCaret(this.body);
    this.scrollTo(next);
    this.draw();
    const m = this.marks().find((x) => x.finding === next);
    if (!m || !m.rects.length) return false;
    // Opening the next card closes the last one: that is not the end of the walk.
    this.navAt = null;
    this.overlay.showCard(m, { focus: true });
    this.navAt = next.start;
    return true;
  }

  /** The caret's offset in the analysed text. */
  private caretOffset(): number {
    if (this.body instanceof HTMLTextAreaElement) return this.body.selectionStart;
    const sel = getSelection();
    if (!sel?.rangeCount || !this.extraction || !this.body.contains(sel.focusNode)) return 0;
    return offsetOf(this.extraction, sel.focusNode!, sel.focusOffset);
  }


  private cardClosed(how: 'escape' | 'action' | 'other'): void {
    const restore = this.restoreCaret;
    if (this.navAt === null) return;
    this.navAt = null;
    this.restoreCaret = null;
    if (how !== 'other') restore?.();
  }

  private hoverTimer = 0;
  private hovered: Finding | null = null;
  /** The open card came from hovering (so moving away closes it; a clicked card stays). */
  private hoverCard = false;

  private onHover(e: MouseEvent): void {
    const m = this.overlay.markAt(e.clientX, e.clientY);
    if (m?.finding === this.hovered) return;
    this.hovered = m?.finding ?? null;
    clearTimeout(this.hoverTimer);
    if (!m) return this.hoverAway();
    if (this.overlay.cardOpen && !this.hoverCard) return;
    this.hoverTimer = self.setTimeout(() =>
      safely(() => {
        this.overlay.showCard(m);
        this.hoverCard = true;
      }),
    HOVER_MS);
  }

  private hoverAway(): void {
    clearTimeout(this.hoverTimer);
    this.hovered = null;
    if (!this.hoverCard) return;
    this.hoverTimer = self.setTimeout(() =>
      safely(() => {
        if (this.hoverCard && !this.overlay.pointerOnCard) {
          this.overlay.hideCard();
          this.hoverCard = false;
        }
      }),
    HOVER_MS);
  }

  private onClick(e: MouseEvent): void {
    // A click decides: no pending hover may reopen or close the card after it.
    clearTimeout(this.hoverTimer);
    this.hoverCard = false;
    const m = this.overlay.markAt(e.clientX, e.clientY);
    if (m) this.overlay.showCard(m);
    else this.overlay.hideCard();
  }

  /** Replaces a finding's span with a suggestion through the browser's editing (undoable). */
  apply(f: Finding, suggestion: string): void {
    const { text, extraction } = this.readText();
    // The text moved on since the finding was made: analyse again instead.
    if (text.slice(f.start, f.end) !== f.text) return this.requestAnalysis();
    if (applySuggestion(this.body, text, extraction, f, suggestion) === 'not-text') {
      this.overlay.showNotice('not-text', 'This phrase holds an image or other content that is not text; Overture left it for you to edit by hand.');
    }
  }

  private ignore(f: Finding): void {
    this.ignored.add(`${f.rule}\u0000${f.text}\u0000${f.start}`);
    this.scheduleDraw();
  }

  private async never(f: Finding): Promise<void> {
    const phrase = f.text.toLowerCase();
    try {
      await updateSettings((s) => {
        if (s.never_flag.some((p) => p.toLowerCase() === phrase)) return;
        if (s.custom_phrases.length + s.never_flag.length >= MAX_PHRASES) throw new Error('limit');
        s.never_flag.push(phrase);
      });
    } catch (e) {
      const full = e instanceof Error && e.message === 'limit';
      this.overlay.showNotice(
        'never-refused',
        full ? `Overture keeps at most ${MAX_PHRASES.toLocaleString()} phrases; remove some in its settings first.` : 'Overture could not save this phrase.',
      );
    }
  }

  destroy(): void {
    this.settle('', null, true);
    for (const c of this.cleanup) c();
    this.resize.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.pendingTimer);
    clearTimeout(this.hoverTimer);
    this.mirror?.destroy();
    this.overlay.destroy();
  }
}
