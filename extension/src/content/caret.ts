// The caret of a compose box, kept while Overture's UI has the focus (the pre-send panel, a
// card opened from the keyboard) and put back exactly when the user returns to the text.

/** Remembers where the caret (or selection) is in `body`; the function puts it back there. */
export function saveCaret(body: HTMLElement): () => void {
  if (body instanceof HTMLTextAreaElement) {
    const [start, end, dir] = [body.selectionStart, body.selectionEnd, body.selectionDirection];
    return () => {
      body.focus({ preventScroll: true });
      body.setSelectionRange(start, end, dir ?? undefined);
    };
  }
  const sel = getSelection();
  const range = sel?.rangeCount && body.contains(sel.getRangeAt(0).startContainer) ? sel.getRangeAt(0).cloneRange() : null;
  return () => {
    body.focus({ preventScroll: true });
    const now = getSelection();
    // The page may have rewritten the text meanwhile: a range into removed nodes is dropped.
    if (range && now && range.startContainer.isConnected) {
      now.removeAllRanges();
      now.addRange(range);
    }
  };
}
