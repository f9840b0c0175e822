// extract.ts: the text the engine sees, and the map from its UTF-16 offsets back to DOM
// positions, on the structures compose boxes really have.
import { describe, expect, test } from 'vitest';
import { extract, offsetOf, rangeFor } from '../../extension/src/content/extract';

function box(html: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html; // test fixtures only, written here
  document.body.replaceChildren(el);
  return el;
}

/** Every offset of every non-synthesised character maps back to that character. */
function expectAligned(root: HTMLElement, exclude: string[] = []) {
  const x = extract(root, exclude);
  for (let i = 0; i < x.text.length; i++) {
    const r = rangeFor(x, i, i + 1)!;
    expect(r, `offset ${i}`).not.toBeNull();
    const s = r.toString();
    // A synthesised newline (a <br> or a block boundary) selects no character of a text node.
    if (s !== '') expect(s, `offset ${i} of ${JSON.stringify(x.text)}`).toBe(x.text[i]);
    else expect(x.text[i]).toBe('\n');
  }
  return x;
}

describe('extract', () => {
  test('inline elements, empty text nodes and comments add nothing', () => {
    const root = box('Hi <b>Dana</b>,<!-- c --> <span><i>reply</i></span> ASAP');
    root.insertBefore(document.createTextNode(''), root.firstChild);
    const x = expectAligned(root);
    expect(x.text).toBe('Hi Dana, reply ASAP');
    const r = rangeFor(x, x.text.indexOf('ASAP'), x.text.indexOf('ASAP') + 4)!;
    expect(r.toString()).toBe('ASAP');
  });

  test('<br> runs and blocks become newlines; no-break spaces are kept as they are', () => {
    const x = expectAligned(box('<div>Hi\u00a0Dana</div><div><br></div><div>one<br><br>two</div><p>three</p>'));
    expect(x.text).toBe('Hi\u00a0Dana\n\none\n\ntwo\nthree\n');
  });

  test('excluded subtrees (quotes, signatures) are left out, with a boundary', () => {
    const x = expectAligned(box('<div>Thanks!</div><div class="gmail_quote">Per my last email ASAP</div><div>Bye</div>'), ['.gmail_quote']);
    expect(x.text).toBe('Thanks!\nBye\n');
  });

  test('a phrase split across elements maps back as one range', () => {
    const root = box('Book <span>a <b>de</b></span>mo today');
    const x = expectAligned(root);
    const start = x.text.indexOf('a demo');
    expect(rangeFor(x, start, start + 6)!.toString()).toBe('a demo');
  });

  test('surrogate pairs and combining marks keep UTF-16 offsets', () => {
    const x = expectAligned(box('Caf\u0065\u0301 <b>👋🏽</b> ok'));
    expect(x.text.length).toBe('Café 👋🏽 ok'.normalize('NFD').length);
    const at = x.text.indexOf('ok');
    expect(rangeFor(x, at, at + 2)!.toString()).toBe('ok');
  });

  test('offsetOf is the inverse of rangeFor at every text position', () => {
    const root = box('<div>Hi <b>Dana</b></div><div>how <i>are</i> you</div>');
    const x = extract(root, []);
    for (let i = 0; i <= x.text.length; i++) {
      if (x.text[i - 1] === '\n' || x.text[i] === '\n') continue;
      const r = rangeFor(x, i, i)!;
      expect(offsetOf(x, r.startContainer, r.startOffset), `offset ${i}`).toBe(i);
    }
    // An element position (between two blocks) maps to the end of the text before it: the
    // synthesised newline lies between that and the next block's first character.
    expect(offsetOf(x, root, 1)).toBe(x.text.indexOf('\n'));
    expect(x.text[x.text.indexOf('\n') + 1]).toBe('h');
  });

  test('random compose structures: every offset maps back (seeded, 300 trees)', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ['Hi', 'Dana', 'ASAP', 'a', 'quick', 'call', '\u00a0', ' ', 'é', '👋', ''];
    const build = (parent: Node, depth: number) => {
      const n = 1 + rand(5);
      for (let i = 0; i < n; i++) {
        const kind = rand(depth > 3 ? 3 : 8);
        if (kind <= 1) parent.appendChild(document.createTextNode(words[rand(words.length)] + (rand(2) ? ' ' : '')));
        else if (kind === 2) parent.appendChild(document.createComment('x'));
        else if (kind === 3) parent.appendChild(document.createElement('br'));
        else {
          const el = document.createElement(['span', 'b', 'div', 'p', 'i', 'font'][rand(6)]);
          if (rand(6) === 0) el.style.display = 'none';
          parent.appendChild(el);
          build(el, depth + 1);
        }
      }
    };
    for (let t = 0; t < 300; t++) {
      const root = box('');
      build(root, 0);
      expectAligned(root);
    }
  });
});
