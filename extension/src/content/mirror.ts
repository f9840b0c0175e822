// Client rectangles of a span of a <textarea>'s text, from a hidden mirror element that copies
// the textarea's box and font (a textarea has no DOM ranges of its own).
const COPIED = [
  'boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderRightWidth',
  'borderBottomWidth', 'borderLeftWidth', 'borderStyle', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontStretch',
  'letterSpacing', 'lineHeight', 'textTransform', 'textIndent', 'wordSpacing', 'tabSize', 'direction',
] as const;

export class TextareaMirror {
  private readonly div: HTMLDivElement;

  constructor(private readonly ta: HTMLTextAreaElement, parent: ShadowRoot | HTMLElement) {
    this.div = document.createElement('div');
    this.div.setAttribute('aria-hidden', 'true');
    parent.appendChild(this.div);
  }

  /** Viewport rectangles for each `[start, end)` span of the textarea's value. */
  rects(spans: Array<[number, number]>): DOMRect[][] {
    const ta = this.ta;
    const cs = getComputedStyle(ta);
    const box = ta.getBoundingClientRect();
    const s = this.div.style;
    for (const k of COPIED) s[k] = cs[k];
    Object.assign(s, {
      position: 'fixed', visibility: 'hidden', pointerEvents: 'none', whiteSpace: 'pre-wrap', overflowWrap: 'break-word',
      left: `${box.left}px`, top: `${box.top - ta.scrollTop}px`, height: 'auto', overflow: 'hidden', borderColor: 'transparent',
    });
    s.width = `${ta.clientWidth + parseFloat(cs.borderLeftWidth) + parseFloat(cs.borderRightWidth)}px`;
    const node = document.createTextNode(ta.value + '\u200b');
    this.div.replaceChildren(node);
    return spans.map(([a, b]) => {
      const r = document.createRange();
      r.setStart(node, Math.min(a, ta.value.length));
      r.setEnd(node, Math.min(b, ta.value.length));
      return Array.from(r.getClientRects());
    });
  }

  destroy(): void {
    this.div.remove();
  }
}
