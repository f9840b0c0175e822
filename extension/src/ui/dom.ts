// DOM helpers for Overture's UI: elements are built with textContent only, never HTML.

/** Creates an element with a class and text content (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Tab and Shift+Tab go round the buttons of `within` (a dialog of Overture's, in `root`). */
export function cycleFocus(e: KeyboardEvent, within: Element, root: ShadowRoot): void {
  const buttons = Array.from(within.querySelectorAll('button'));
  if (!buttons.length) return;
  const i = buttons.indexOf(root.activeElement as HTMLButtonElement);
  const next = e.shiftKey ? (i <= 0 ? buttons.length - 1 : i - 1) : i === buttons.length - 1 ? 0 : i + 1;
  e.preventDefault();
  buttons[next].focus();
}
