// The pre-send panel: shown beside the compose box when the user presses Send on a draft that
// scores under their threshold. It names the findings that cost the most, with their
// suggestions, and offers "Send anyway" (focused, so Enter sends) and "Keep editing" (Esc).
import { VERDICT_LABELS, CATEGORY_LABELS, type Finding, type Report } from '../protocol';
import { cycleFocus } from './dom';
import { el } from './overlay';
import { patienceMessage } from './patience';
import { BAND_COLOURS, CATEGORY_COLOURS } from './styles';

const WEIGHT: Record<Finding['severity'], number> = { high: 3, medium: 2, low: 1 };

/** The findings that cost the score the most (not the positive ones), at most `n`. */
export function costliest(report: Report, n = 3): Finding[] {
  return report.findings
    .filter((f) => f.category !== 'mutuality')
    .map((f, i) => ({ f, i }))
    .sort((a, b) => WEIGHT[b.f.severity] - WEIGHT[a.f.severity] || a.i - b.i)
    .slice(0, n)
    .map((x) => x.f);
}

export interface PanelChoice {
  sendAnyway(): void;
  keepEditing(): void;
  /** Don't check this message again. */
  snooze(): void;
  /** Turn the check off on this site. */
  siteOff(): void;
  apply(finding: Finding, suggestion: string): void;
}

export interface PanelContent {
  report: Report;
  threshold: number;
  recipient: string | null;
  siteLabel: string;
  /** The compose box's viewport rectangle, to sit beside it. */
  box: DOMRect;
}

export class SendPanel {
  private readonly node: HTMLDivElement;
  private done = false;

  constructor(private readonly root: ShadowRoot, content: PanelContent, choice: PanelChoice) {
    const { report, threshold, recipient, siteLabel, box } = content;
    this.node = el('div', 'panel');
    this.node.dataset.overturePanel = '';
    this.node.dataset.overtureScore = String(report.score);
    this.node.setAttribute('role', 'alertdialog');
    this.node.setAttribute('aria-modal', 'false');
    this.node.setAttribute('aria-labelledby', 'overture-panel-title');

    const head = el('div', 'head');
    const dot = el('span', 'score', String(report.score));
    dot.style.background = BAND_COLOURS[report.band];
    const title = el('h3', '', `Before you send: this ${VERDICT_LABELS[report.verdict]}`);
    title.id = 'overture-panel-title';
    head.append(dot, title);
    const sub = el(
      'p',
      'sub',
      // Why the panel is open: the score, or (above the threshold) the unanswered notes alone.
      `Mutuality ${report.score}/100${recipient ? ` · to ${recipient}` : ''} · ${
        report.score < threshold ? `you check drafts under ${threshold}` : `above your check (${threshold}); opened for the unanswered notes`
      }`,
    );

    const list = el('ul', 'findings');
    for (const f of costliest(report)) {
      const li = el('li');
      li.dataset.overtureRule = f.rule;
      const name = el('div', 'name');
      const cat = el('span', 'cat');
      cat.style.background = CATEGORY_COLOURS[f.category];
      name.append(cat, el('b', '', `“${f.text.length > 50 ? f.text.slice(0, 47) + '…' : f.text}”`));
      const why = el('p', 'why');
      why.append(el('span', 'label', `${CATEGORY_LABELS[f.category]}: `), document.createTextNode(f.message));
      li.append(name, why);
      if (f.suggestions.length) {
        const row = el('div', 'row');
        for (const s of f.suggestions.slice(0, 2)) {
          const b = this.button('suggestion', s, () => choice.apply(f, s));
          b.dataset.overtureSuggestion = s;
          b.title = 'Replace the phrase with this and keep editing';
          row.append(b);
        }
        li.append(row);
      }
      list.append(li);
    }

    const actions = el('div', 'actions');
    // Keep editing and the suggestions change nothing stored and send nothing, so they stay
    // scriptable; the buttons that send or change settings answer only the user's own input.
    const keep = this.button('keep', 'Keep editing', () => choice.keepEditing());
    keep.dataset.overtureAction = 'keep-editing';
    const send = this.button('send', 'Send anyway', () => choice.sendAnyway(), true);
    send.dataset.overtureAction = 'send-anyway';
    actions.append(keep, send);

    const more = el('div', 'more');
    const snooze = this.button('link', 'Don’t check this message again', () => choice.snooze(), true);
    snooze.dataset.overtureAction = 'snooze';
    const off = this.button('link', `Turn the check off on ${siteLabel}`, () => choice.siteOff(), true);
    off.dataset.overtureAction = 'site-off';
    more.append(snooze, off);

    // Patience: the note count to someone who has not answered, with its dates.
    const said = patienceMessage(report.patience, recipient);
    const patience = said ? [el('p', 'patience', said)] : [];
    for (const p of patience) p.dataset.overturePatience = String(report.patience!.nth);
    this.node.append(head, sub, ...patience, ...(list.childElementCount ? [list] : []), actions, more);
    this.node.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.finish(() => choice.keepEditing());
      } else if (e.key === 'Tab') {
        cycleFocus(e, this.node, this.root);
      }
      // Keys typed in the panel are the panel's, not the page's (no site shortcut fires).
      e.stopPropagation();
    });
    // The top layer (a popover) where the browser has it: above the page's stacking contexts
    // and above a modal dialog shown before it.
    this.node.popover = 'manual';
    root.append(this.node);
    try {
      this.node.showPopover();
    } catch {
      // No popover support, or the host is not rendered: `shown()` says so.
    }
    this.place(box);
    send.focus();
    this.openedAt = performance.now();
  }

  /** When the panel opened (an Enter right after it is the same press repeating, not a choice). */
  openedAt = 0;

  /**
   * Whether the user can see and reach the panel: connected, rendered, visible, and the element
   * on top at its centre. A page that hides or removes Overture's overlay, or a modal dialog
   * that makes the rest of the page inert, fails this; the press must then go through.
   */
  shown(): boolean {
    const n = this.node;
    if (this.done || !n.isConnected) return false;
    if (typeof n.checkVisibility === 'function' && !n.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = n.getBoundingClientRect();
    if (r.width < 40 || r.height < 40 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) return false;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = this.root.elementFromPoint(x, y);
    return !!hit && n.contains(hit);
  }

  private button(cls: string, label: string, fn: () => void, userOnly = false): HTMLButtonElement {
    const b = el('button', cls, label);
    b.type = 'button';
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      if (userOnly && !e.isTrusted) return;
      this.finish(fn);
    });
    return b;
  }

  /** Runs the user's choice once: a second click or key cannot send twice. */
  private finish(fn: () => void): void {
    if (this.done) return;
    this.done = true;
    this.node.remove();
    fn();
  }


  private place(box: DOMRect): void {
    const w = Math.min(380, innerWidth - 16);
    Object.assign(this.node.style, { width: `${w}px`, maxHeight: `${innerHeight - 16}px` });
    const h = this.node.offsetHeight;
    const clampTop = (t: number) => Math.min(Math.max(8, t), Math.max(8, innerHeight - h - 8));
    let left: number;
    let top: number;
    // Beside the box where there is room (the draft and its underlines stay visible), else
    // above it, else over its lower part.
    if (box.left >= w + 16) [left, top] = [box.left - w - 8, clampTop(box.bottom - h)];
    else if (innerWidth - box.right >= w + 16) [left, top] = [box.right + 8, clampTop(box.bottom - h)];
    else if (box.top >= h + 16) [left, top] = [Math.min(Math.max(8, box.left), innerWidth - w - 8), box.top - h - 8];
    else [left, top] = [Math.min(Math.max(8, box.left + 8), innerWidth - w - 8), clampTop(box.bottom - h - 8)];
    Object.assign(this.node.style, { left: `${left}px`, top: `${top}px` });
  }

  /** Closes without a choice (the compose box went away). */
  dismiss(): void {
    this.done = true;
    this.node.remove();
  }
}
