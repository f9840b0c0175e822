// Applying a suggestion: the finding's span is selected and replaced through the browser's own
// editing (execCommand insertText), so that Ctrl+Z undoes it. Shared by the compose box
// sessions and the playground.
import { rangeFor, type Extraction } from '../content/extract';
import type { Finding } from '../protocol';

/** Content that is not text: a suggestion never replaces it (an emoji `<img>`, an attachment chip). */
const NOT_TEXT = 'img, svg, picture, video, audio, iframe, object, embed, canvas, input, select, textarea, button, hr, [contenteditable="false"]';

/**
 * Replaces `f`'s span in `body` with `suggestion`. `text` and `extraction` are the body's text
 * now (a textarea has no extraction). Changes nothing and says why when the text moved on since
 * the finding was made (`stale`), or when the span holds content that is not text, which the
 * extraction skipped and the replacement would delete (`not-text`).
 */
export function applySuggestion(body: HTMLElement, text: string, extraction: Extraction | null, f: Finding, suggestion: string): 'applied' | 'stale' | 'not-text' {
  if (text.slice(f.start, f.end) !== f.text) return 'stale';
  if (body instanceof HTMLTextAreaElement) {
    body.focus();
    body.setSelectionRange(f.start, f.end);
  } else {
    const range = extraction && rangeFor(extraction, f.start, f.end);
    const sel = window.getSelection();
    if (!range || !sel) return 'stale';
    const inside = range.cloneContents();
    if (inside.querySelector(NOT_TEXT)) return 'not-text';
    body.focus();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  return document.execCommand('insertText', false, suggestion) ? 'applied' : 'stale';
}
