// The breakdown table shared by the card, the popup and the playground: points a category gave
// up to another's evidence are striped apart from its own, and a last row says whose they are.
import { expect, test } from 'vitest';
import { breakdownTable, takers } from '../../extension/src/ui/breakdown';
import type { Report } from '../../extension/src/protocol';

const report = (breakdown: Report['breakdown'], taken?: Report['taken']): Report =>
  ({ score: 0, band: 'pitch', verdict: 'pitch', breakdown, taken, findings: [], evidence: [], capped: false, analyzed_units: 0 }) as Report;

test('points taken by a hard pitch are striped beside the part, with whose they are', () => {
  const table = breakdownTable(
    report(
      { pitch: 0, pressure: 1, self_focus: 0, follow_up: 0, mutuality: 0 },
      { by: ['pitch'], points: { pitch: 0, pressure: 24, self_focus: 0, follow_up: 2, mutuality: 6 } },
    ),
  );
  const row = (c: string) => table.querySelector<HTMLTableRowElement>(`tr[data-overture-category="${c}"]`)!;
  // Pressure kept 1 of 25 and gave 24 to the pitch: a filled part, then a striped one.
  const [kept, striped] = Array.from(row('pressure').querySelectorAll<HTMLElement>('.bar > i'));
  expect(kept.style.width).toBe('4%');
  expect(striped.className).toBe('taken');
  expect(striped.style.width).toBe('96%');
  expect(row('pressure').dataset.overtureTaken).toBe('24');
  expect(row('pressure').title).toContain('24 of Pressure’s 25 points were taken by sales pitch');
  expect(row('pressure').querySelector('.num')!.textContent).toBe('1/25');
  // The pitch lost its points to its own evidence: nothing striped, nothing said.
  expect(row('pitch').querySelectorAll('.bar > i')).toHaveLength(1);
  expect(row('pitch').dataset.overtureTaken).toBeUndefined();
  expect(row('mutuality').dataset.overtureTaken).toBe('6');
  const note = table.querySelector<HTMLTableRowElement>('tr.taken-note')!;
  expect(note.dataset.overtureTakenBy).toBe('pitch');
  expect(note.textContent).toBe('Striped: taken by sales pitch, whose evidence cost more than its own bar holds.');
});

test('no points taken: one part per bar and no note', () => {
  const table = breakdownTable(report({ pitch: 33, pressure: 25, self_focus: 3, follow_up: 2, mutuality: 35 }));
  expect(table.querySelectorAll('.bar > i.taken')).toHaveLength(0);
  expect(table.querySelector('tr.taken-note')).toBeNull();
  expect(table.querySelectorAll('tr[data-overture-taken]')).toHaveLength(0);
  // With no report yet (the popup before the first analysis), every bar is empty.
  expect(breakdownTable(null).querySelectorAll('tr')).toHaveLength(5);
});

test('takers are named in words, most first', () => {
  expect(takers(['pitch'])).toBe('sales pitch');
  expect(takers(['follow_up', 'pressure'])).toBe('chasing and pressure');
  expect(takers(['follow_up', 'pressure', 'self_focus'])).toBe('chasing, pressure and self-focus');
});
