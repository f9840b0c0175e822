// The overlay renderer shared by the extension and the playground: highlights under flagged
// words, the score badge, the explanation card. Everything lives in an open shadow root under
// Overture's own element, outside the compose box, built with DOM APIs and textContent only.
import { PHRASE_RULES, PRINCIPLES } from '../../../target/generated/facts';
import { breakdownTable, evidenceList } from './breakdown';
import { cycleFocus, el } from './dom';
import { VERDICT_LABELS, CATEGORY_LABELS, type Finding, type Report } from '../protocol';
import { patienceMessage } from './patience';
import { BAND_COLOURS, CATEGORY_COLOURS, OVERLAY_CSS } from './styles';

export { PRINCIPLES };

/** A finding with where it is drawn (viewport rectangles). */
export interface Mark {
  finding: Finding;
  rects: DOMRect[];
}

export interface CardActions {
  apply(finding: Finding, suggestion: string): void;
  ignore(finding: Finding): void;
  never(finding: Finding): void;
  /** The pointer left the card. */
  cardLeft?(): void;
  /** The card closed: by Esc, or after Ignore or Never (the user is done with it by keyboard
   *  or by choice), or otherwise (a click elsewhere, a suggestion applied, a new card). */
  cardClosed?(how: 'escape' | 'action' | 'other'): void;
}

/** How the card was opened: by the keyboard shortcut, it takes focus and traps Tab. */
export interface CardOptions {
  focus?: boolean;
}

export { el };

export class Overlay {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly clip: HTMLDivElement;
  private readonly badge: HTMLButtonElement;
  private readonly card: HTMLDivElement;
  private readonly notice: HTMLDivElement;
  /** A polite live region: announces band changes to screen readers, not every keystroke. */
  private readonly live: HTMLDivElement;
  private announcedVerdict: string | null = null;
  /** What the badge shows now ("score|verdict", or "checking"). */
  private badgeKey = '';
  private sizes: { key: string; full: { w: number; h: number }; small: { w: number; h: number } } | null = null;
  private marks: Mark[] = [];
  private report: Report | null = null;
  private box: DOMRect | null = null;
  /** The pointer is over the card (a hover-opened card stays while it is read). */
  pointerOnCard = false;
  /** How the page names the draft's recipient (for the patience line), when known. */
  recipientName?: () => string | null;
  /** The rectangles of the box's text and caret (see `draw`). */
  private text: DOMRect[] = [];

  constructor(private readonly actions: CardActions, parent: Element = document.documentElement) {
    // A custom element name, not a registered custom element: content scripts have no
    // customElements registry in Chromium, and attachShadow works on any valid name.
    this.host = document.createElement('overture-overlay');
    this.host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;z-index:2147483646;pointer-events:none;';
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = OVERLAY_CSS;
    this.clip = el('div', 'clip');
    this.badge = el('button', 'badge');
    this.badge.type = 'button';
    this.badge.hidden = true;
    this.badge.addEventListener('click', (e) => {
      e.stopPropagation();
      this.toggleBreakdown();
    });
    this.card = el('div', 'card');
    this.card.hidden = true;
    this.card.addEventListener('mouseenter', () => (this.pointerOnCard = true));
    this.card.addEventListener('mouseleave', () => {
      this.pointerOnCard = false;
      this.actions.cardLeft?.();
    });
    this.card.setAttribute('role', 'dialog');
    this.card.setAttribute('aria-modal', 'false');
    this.card.setAttribute('aria-labelledby', 'overture-card-title');
    this.card.tabIndex = -1;
    this.card.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.hideCard('escape');
      } else if (e.key === 'Tab') {
        cycleFocus(e, this.card, this.root);
      }
      // Keys pressed in the card are the card's: no site shortcut fires behind it.
      e.stopPropagation();
    });
    this.badge.setAttribute('aria-haspopup', 'dialog');
    // The highlights are drawing only: the text itself is the page's, already in its tree.
    this.clip.setAttribute('aria-hidden', 'true');
    this.notice = el('div', 'notice');
    this.notice.hidden = true;
    this.live = el('div', 'live');
    this.live.setAttribute('role', 'status');
    this.live.setAttribute('aria-live', 'polite');
    this.live.dataset.overtureLive = '';
    this.root.append(style, this.clip, this.notice, this.badge, this.card, this.live);
    parent.appendChild(this.host);
  }

  /** Draws the highlights inside `box` (the compose box's viewport rectangle). `text` are the
   *  rectangles of the box's text and caret, which the badge must not cover. */
  draw(box: DOMRect, marks: Mark[], text: DOMRect[] = []): void {
    this.box = box;
    this.marks = marks;
    this.text = text;
    Object.assign(this.clip.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` });
    const frag = document.createDocumentFragment();
    for (const m of marks) {
      for (const r of m.rects) {
        if (r.width === 0 || r.height === 0) continue;
        const d = el('div', 'mark');
        d.dataset.overtureRule = m.finding.rule;
        d.dataset.overtureCategory = m.finding.category;
        d.dataset.overtureStart = String(m.finding.start);
        Object.assign(d.style, { left: `${r.left - box.left}px`, top: `${r.top - box.top}px`, width: `${r.width}px`, height: `${r.height}px` });
        frag.appendChild(d);
      }
    }
    this.clip.replaceChildren(frag);
    this.placeBadge();
  }

  /** Shows the live score in the box's corner. `place: false` when a draw follows at once
   *  (it places the badge once, after the highlights). */
  setReport(report: Report | null, place = true): void {
    this.report = report;
    if (!report) {
      this.badge.hidden = true;
      this.notice.hidden = true;
      return;
    }
    this.badge.hidden = false;
    // Rebuilt only when what it shows changed: most keystrokes keep the score.
    const key = `${report.score}|${report.verdict}`;
    if (key !== this.badgeKey && !('overtureChecking' in this.badge.dataset)) {
      this.badgeKey = key;
      this.badge.dataset.overtureScore = String(report.score);
      this.badge.dataset.overtureBand = report.band;
      this.badge.dataset.overtureVerdict = report.verdict;
      this.badge.title = `Overture: ${report.score}/100, ${VERDICT_LABELS[report.verdict]}. Click for the breakdown.`;
      const dot = el('span', 'dot', String(report.score));
      dot.style.background = BAND_COLOURS[report.band];
      this.badge.replaceChildren(dot, document.createTextNode(VERDICT_LABELS[report.verdict]));
    }
    if (report.verdict !== this.announcedVerdict) {
      this.announcedVerdict = report.verdict;
      this.announce(`Overture: this draft ${VERDICT_LABELS[report.verdict]}, ${report.score} out of 100.`);
    }
    if (report.capped) {
      this.notice.hidden = false;
      this.notice.dataset.overtureNotice = 'capped';
      this.notice.textContent = `Overture checked the first ${report.analyzed_units.toLocaleString()} characters of this long text; the rest is not highlighted.`;
    } else if (this.notice.dataset.overtureNotice === 'capped') {
      this.notice.hidden = true;
    }
    this.setChecking(false);
    if (place) this.placeBadge();
  }

  /** While a press of Send waits for the analysis, the badge says so. */
  setChecking(on: boolean): void {
    if (on === ('overtureChecking' in this.badge.dataset)) return;
    if (on) {
      this.badge.dataset.overtureChecking = '';
      this.badge.hidden = false;
      this.badgeKey = 'checking';
      this.badge.replaceChildren(el('span', 'dot', '…'), document.createTextNode('checking…'));
      this.placeBadge();
    } else {
      delete this.badge.dataset.overtureChecking;
      if (this.report) this.setReport(this.report);
      else this.badge.hidden = true;
    }
  }

  /**
   * Puts the badge where it covers none of the text: in the box's bottom-right corner when that
   * is free; else just outside the box (right of it, or below it where nothing the page needs is
   * there); else in the top-right corner; else compact (the score alone) in a free corner. It
   * takes the pointer only over itself.
   */
  private placeBadge(): void {
    if (!this.box) return;
    const b = this.box;
    const { full, small } = this.badgeSizes();
    const at = (left: number, top: number, size: { w: number; h: number }) => new DOMRect(left, top, size.w, size.h);
    const inside = (size: { w: number; h: number }) => [at(b.right - size.w - 8, b.bottom - size.h - 4, size), at(b.right - size.w - 8, b.top + 4, size)];
    const outside = (size: { w: number; h: number }) => [at(b.right + 6, b.bottom - size.h, size), at(b.right - size.w, b.bottom + 4, size), at(b.right - size.w, b.top - size.h - 4, size)];
    const candidates: Array<[DOMRect, boolean]> = [
      [inside(full)[0], false],
      ...outside(full).map((r): [DOMRect, boolean] => [r, false]),
      [inside(full)[1], false],
      ...inside(small).map((r): [DOMRect, boolean] => [r, true]),
      ...outside(small).map((r): [DOMRect, boolean] => [r, true]),
    ];
    const free = (r: DOMRect) =>
      r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight &&
      !this.text.some((t) => t.height > 0 && t.left < r.right && Math.max(t.right, t.left + 2) > r.left && t.top < r.bottom && t.bottom > r.top) &&
      (this.within(r) || !this.pageNeeds(r));
    const [spot, compact] = candidates.find(([r]) => free(r)) ?? [at(b.right - small.w - 8, b.bottom - small.h - 4, small), true];
    this.badge.classList.toggle('compact', compact);
    this.badge.dataset.overtureCompact = String(compact);
    Object.assign(this.badge.style, { left: `${Math.max(0, spot.left)}px`, top: `${Math.max(0, spot.top)}px` });
    Object.assign(this.notice.style, { left: `${b.left + 8}px`, top: `${Math.max(0, b.bottom - 64)}px` });
  }

  /** The badge's full and compact sizes, measured again only when its text or the fonts
   *  changed: each measure forces a layout, and a draw came to four of them per keystroke. */
  private badgeSizes(): { full: { w: number; h: number }; small: { w: number; h: number } } {
    const key = `${this.badgeKey}|${document.fonts?.status}|${devicePixelRatio}`;
    if (this.sizes?.key !== key) {
      this.badge.classList.remove('compact');
      const full = { w: this.badge.offsetWidth || 120, h: this.badge.offsetHeight || 26 };
      this.badge.classList.add('compact');
      const small = { w: this.badge.offsetWidth || 26, h: this.badge.offsetHeight || 26 };
      this.badge.classList.remove('compact');
      if (this.badge.hidden) return { full, small };
      this.sizes = { key, full, small };
    }
    return this.sizes;
  }

  /** Whether a rectangle lies within the compose box. */
  private within(r: DOMRect): boolean {
    const b = this.box!;
    return r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom;
  }

  /** Whether the page has something there a user may need to reach (a button, a field). */
  private pageNeeds(r: DOMRect): boolean {
    for (const [x, y] of [[r.left + 2, r.top + 2], [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]]) {
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== this.host && hit.closest('button, a, input, select, textarea, [role="button"], [contenteditable]')) return true;
    }
    return false;
  }

  /** The highlight under a viewport point, if any. */
  markAt(x: number, y: number): Mark | undefined {
    return this.marks.find((m) => m.rects.some((r) => x >= r.left && x <= r.right && y >= r.top - 2 && y <= r.bottom + 2));
  }

  get cardOpen(): boolean {
    return !this.card.hidden;
  }

  /** A short message in the box's corner (a suggestion refused, a limit reached). */
  showNotice(kind: string, text: string): void {
    this.notice.dataset.overtureNotice = kind;
    this.notice.textContent = text;
    this.notice.hidden = false;
    this.announce(text);
    clearTimeout(this.noticeTimer);
    this.noticeTimer = self.setTimeout(() => {
      if (this.notice.dataset.overtureNotice === kind) this.notice.hidden = true;
    }, 8000);
  }
  private noticeTimer = 0;

  /** Says something to screen readers, politely (after what they are reading). */
  announce(text: string): void {
    this.live.textContent = text;
  }

  hideCard(how: 'escape' | 'action' | 'other' = 'other'): void {
    const wasOpen = !this.card.hidden;
    this.card.hidden = true;
    this.card.replaceChildren();
    if (wasOpen) this.actions.cardClosed?.(how);
  }


  /** The explanation card for a highlight: why, the principle, suggestions, ignore, never. */
  showCard(mark: Mark, options: CardOptions = {}): void {
    if (this.cardOpen) this.hideCard();
    const f = mark.finding;
    const head = el('h3');
    head.id = 'overture-card-title';
    const dot = el('span', 'cat');
    dot.style.background = CATEGORY_COLOURS[f.category];
    head.append(dot, document.createTextNode(`${CATEGORY_LABELS[f.category]}: “${f.text.length > 60 ? f.text.slice(0, 57) + '…' : f.text}”`));
    const why = el('p', 'why', f.message);
    const principle = el('p', 'principle', `“${PRINCIPLES[f.category]}”`);
    const row = el('div', 'row');
    for (const s of f.suggestions) {
      const b = el('button', 'suggestion', s);
      b.type = 'button';
      b.dataset.overtureSuggestion = s;
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        this.hideCard();
        this.actions.apply(f, s);
      });
      row.append(b);
    }
    const actions = el('div', 'row');
    const action = (id: 'ignore' | 'never', label: string) => {
      const b = el('button', id, label);
      b.type = 'button';
      b.dataset.overtureAction = id;
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        // "Never" changes the user's settings: only the user's own click may do that, not a
        // page script clicking into the open shadow root.
        if (id === 'never' && !e.isTrusted) return;
        this.actions[id](f);
        this.hideCard('action');
      });
      return b;
    };
    actions.append(action('ignore', 'Ignore here'));
    // Saved to synced storage: offered only where the words are the catalogue's own, never
    // for a sentence of the user's (structural findings, sentence shapes, clause-long matches).
    if (PHRASE_RULES.has(f.rule)) actions.append(action('never', 'Never flag this phrase'));
    this.card.replaceChildren(head, why, principle, ...(f.suggestions.length ? [row] : []), ...(f.category === 'mutuality' ? [] : [actions]));
    this.card.dataset.overtureRule = f.rule;
    this.card.hidden = false;
    // Below the whole phrase (it may wrap onto several lines), else above it.
    const r = mark.rects[0];
    const bottom = Math.max(...mark.rects.map((x) => x.bottom));
    const top = bottom + 6 + 220 > innerHeight ? Math.max(4, r.top - 6 - this.card.offsetHeight) : bottom + 6;
    Object.assign(this.card.style, { left: `${Math.min(Math.max(4, r.left), innerWidth - 350)}px`, top: `${top}px` });
    if (options.focus) (this.card.querySelector('button') ?? this.card).focus({ preventScroll: true });
  }

  private toggleBreakdown(): void {
    if (this.cardOpen && this.card.dataset.overtureRule === '') return this.hideCard();
    const rep = this.report;
    if (!rep) return;
    const negatives = rep.findings.filter((f) => f.category !== 'mutuality').length;
    if (this.cardOpen) this.hideCard();
    const title = el('h3', '', `Mutuality score ${rep.score}/100 — ${VERDICT_LABELS[rep.verdict]}`);
    title.id = 'overture-card-title';
    this.card.replaceChildren(
      title,
      breakdownTable(rep),
      el('p', 'principle', negatives ? `${negatives} phrase${negatives > 1 ? 's' : ''} flagged; click an underline for why.` : 'Nothing reads as a pitch or as pressure.'),
    );
    const said = patienceMessage(rep.patience, this.recipientName?.() ?? null);
    if (said) {
      const p = el('p', 'patience', said);
      p.dataset.overturePatience = String(rep.patience!.nth);
      this.card.append(p);
    }
    if (rep.evidence.length) this.card.append(el('p', 'label', 'What moved the score most:'), evidenceList(rep, 5));
    this.card.dataset.overtureRule = '';
    this.card.dataset.overtureBreakdown = '';
    this.card.hidden = false;
    const b = this.badge.getBoundingClientRect();
    Object.assign(this.card.style, { left: `${Math.max(4, b.right - 340)}px`, top: `${Math.max(4, b.top - this.card.offsetHeight - 6)}px` });
  }

  destroy(): void {
    this.host.remove();
  }
}
