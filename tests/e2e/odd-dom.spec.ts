// Odd compose DOM, generated: nested inline elements, empty text nodes, comments, <br> runs,
// no-break spaces and hidden children around a flagged word, in the real browser. The
// highlight must land exactly on the word: the extraction's offsets map back to the right DOM
// positions. (tests/unit/extract.test.ts checks every offset of 300 such trees.)
import { test, expect } from './fixtures';

test('generated compose structures: the highlight lands on the flagged word (40 seeded trees)', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://mail.google.com/');
  await page.locator('[id=":8o"]').click();
  const mark = page.locator('overture-overlay .mark[data-overture-rule="asap"]');
  for (let seed = 1; seed <= 40; seed++) {
    // An empty box first, so that no highlight of the previous tree is taken for this one.
    await page.evaluate(() => {
      const body = document.getElementById(':8o')!;
      body.replaceChildren(document.createElement('br'));
      body.dispatchEvent(new InputEvent('input', { bubbles: true }));
    });
    await expect(mark).toHaveCount(0);
    const expected = await page.evaluate((seed0) => {
      let seed = seed0;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
      const body = document.getElementById(':8o')!;
      const words = ['Hi', 'Dana', 'thanks', '\u00a0', ' ', 'é', '👋', '', 'for the talk'];
      const fill = (parent: Node, depth: number) => {
        for (let i = 0, n = 1 + rand(4); i < n; i++) {
          const kind = rand(depth > 2 ? 4 : 8);
          if (kind <= 1) parent.appendChild(document.createTextNode(words[rand(words.length)] + ' '));
          else if (kind === 2) parent.appendChild(document.createComment('c'));
          else if (kind === 3) parent.appendChild(document.createElement('br'));
          else {
            const el = document.createElement(['span', 'b', 'div', 'i', 'font'][rand(5)]);
            if (rand(5) === 0) el.style.display = 'none';
            parent.appendChild(el);
            fill(el, depth + 1);
          }
        }
      };
      body.replaceChildren();
      fill(body, 0);
      // The flagged word, split across two inline elements, somewhere visible.
      const holder = document.createElement('span');
      const a = document.createElement('b');
      a.textContent = 'AS';
      holder.append(document.createTextNode(' reply '), a, document.createTextNode('AP please '));
      body.append(holder);
      fill(body, 1);
      body.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const r = document.createRange();
      r.setStart(a.firstChild!, 0);
      r.setEnd(holder.childNodes[2], 2);
      const rects = Array.from(r.getClientRects()).filter((x) => x.width > 0);
      return { left: Math.min(...rects.map((x) => x.left)), right: Math.max(...rects.map((x) => x.right)), top: Math.min(...rects.map((x) => x.top)) };
    }, seed);
    await expect.poll(async () => (await mark.count()) > 0 && ((await mark.first().boundingBox())?.width ?? 0) > 0, { message: `seed ${seed}` }).toBe(true);
    const boxes = await mark.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    const drawn = { left: Math.min(...boxes.map((b) => b.left)), right: Math.max(...boxes.map((b) => b.right)), top: Math.min(...boxes.map((b) => b.top)) };
    expect(Math.abs(drawn.left - expected.left), `seed ${seed}`).toBeLessThan(1.5);
    expect(Math.abs(drawn.right - expected.right), `seed ${seed}`).toBeLessThan(1.5);
    expect(Math.abs(drawn.top - expected.top), `seed ${seed}`).toBeLessThan(1.5);
  }
});
