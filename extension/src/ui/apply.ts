// Applying a suggestion: the finding's span is selected and replaced through the browser's own
// editing (execCommand insertText), so that Ctrl+Z undoes it. Shared by the compose box
// sessions and the playground.
import { rangeFor, type Extraction } from '../content/extract';
import type { Finding } from '../protocol';

/**
 * Replaces `f`'s span in `body` with `suggestion`. `text` and `extraction` are the body's text
 * now (a textarea has no extraction). Returns false, changing nothing, when the text moved on
 * since the finding was made or the span cannot be selected.
 */
export function applySuggestion(body: HTMLElement, text: string, extraction: Extraction | null, f: Finding, suggestion: string): boolean {
  if (text.slice(f.start, f.end) !== f.text) return false;
  body.focus();
  if (body instanceof HTMLTextAreaElement) {
    body.setSelectionRange(f.start, f.end);
  } else {
    const range = extraction && rangeFor(extraction, f.start, f.end);
    const sel = window.getSelection();
    if (!range || !sel) return false;
    sel.removeAllRanges();
    sel.addRange(range);
  }
  return document.execCommand('insertText', false, suggestion);
}
