// The overlay renderer shared by the extension and the playground: highlights under flagged
// words, the score badge, the explanation card. Everything lives in an open shadow root under
// Overture's own element, outside the compose box, built with DOM APIs and textContent only.
import { PRINCIPLES } from '../../../target/generated/facts';
import { breakdownTable, evidenceList } from './breakdown';
import { el } from './dom';
import { BAND_LABELS, CATEGORY_LABELS, type Finding, type Report } from '../protocol';
import { phraseProblem } from '../settings';
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
}

export { el };

export class Overlay {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly clip: HTMLDivElement;
  private readonly badge: HTMLButtonElement;
  private readonly card: HTMLDivElement;
  private readonly notice: HTMLDivElement;
  private marks: Mark[] = [];
  private report: Report | null = null;
  private box: DOMRect | null = null;
  /** The pointer is over the card (a hover-opened card stays while it is read). */
  pointerOnCard = false;
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
    this.notice = el('div', 'notice');
    this.notice.hidden = true;
    this.root.append(style, this.clip, this.notice, this.badge, this.card);
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

  /** Shows the live score in the box's corner. */
  setReport(report: Report | null): void {
    this.report = report;
    if (!report) {
      this.badge.hidden = true;
      this.notice.hidden = true;
      return;
    }
    this.badge.hidden = false;
    this.badge.dataset.overtureScore = String(report.score);
    this.badge.dataset.overtureBand = report.band;
    this.badge.title = `Overture: ${report.score}/100, ${BAND_LABELS[report.band]}. Click for the breakdown.`;
    const dot = el('span', 'dot', String(report.score));
    dot.style.background = BAND_COLOURS[report.band];
    this.badge.replaceChildren(dot, document.createTextNode(BAND_LABELS[report.band]));
    this.notice.hidden = !report.capped;
    if (report.capped) {
      this.notice.dataset.overtureNotice = 'capped';
      this.notice.textContent = `Overture checked the first ${report.analyzed_units.toLocaleString()} characters of this long text; the rest is not highlighted.`;
    }
    this.placeBadge();
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
    this.badge.classList.remove('compact');
    const full = { w: this.badge.offsetWidth || 120, h: this.badge.offsetHeight || 26 };
    this.badge.classList.add('compact');
    const small = { w: this.badge.offsetWidth || 26, h: this.badge.offsetHeight || 26 };
    this.badge.classList.remove('compact');
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

  hideCard(): void {
    this.card.hidden = true;
    this.card.replaceChildren();
  }

  /** The explanation card for a highlight: why, the principle, suggestions, ignore, never. */
  showCard(mark: Mark): void {
    const f = mark.finding;
    const head = el('h3');
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
        this.hideCard();
        this.actions[id](f);
      });
      return b;
    };
    actions.append(action('ignore', 'Ignore here'));
    // A whole paragraph (structural findings) is not a phrase the user can list.
    if (phraseProblem(f.text) === null) actions.append(action('never', 'Never flag this phrase'));
    this.card.replaceChildren(head, why, principle, ...(f.suggestions.length ? [row] : []), ...(f.category === 'mutuality' ? [] : [actions]));
    this.card.dataset.overtureRule = f.rule;
    this.card.hidden = false;
    const r = mark.rects[0];
    const top = r.bottom + 6 + 220 > innerHeight ? Math.max(4, r.top - 6 - this.card.offsetHeight) : r.bottom + 6;
    Object.assign(this.card.style, { left: `${Math.min(Math.max(4, r.left), innerWidth - 350)}px`, top: `${top}px` });
  }

  private toggleBreakdown(): void {
    if (this.cardOpen && this.card.dataset.overtureRule === '') return this.hideCard();
    const rep = this.report;
    if (!rep) return;
    const negatives = rep.findings.filter((f) => f.category !== 'mutuality').length;
    this.card.replaceChildren(
      el('h3', '', `Mutuality score ${rep.score}/100 — ${BAND_LABELS[rep.band]}`),
      breakdownTable(rep),
      el('p', 'principle', negatives ? `${negatives} phrase${negatives > 1 ? 's' : ''} flagged; click an underline for why.` : 'Nothing reads as a pitch or as pressure.'),
    );
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
