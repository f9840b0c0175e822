// The score's breakdown, one bar per category, and what moved it most: shared by the card,
// the toolbar popup and the playground, so they say the same thing the same way.
import { CATEGORIES, CATEGORY_LABELS, MAXIMA, PRINCIPLES } from '../../../target/generated/facts';
import type { Evidence, Report } from '../protocol';
import { el } from './dom';
import { CATEGORY_COLOURS } from './styles';

/** A table row per category: its name, a bar filled to its part of the maximum, the points. */
export function breakdownTable(report: Report | null): HTMLTableElement {
  const table = el('table', 'breakdown');
  for (const c of CATEGORIES) {
    const got = report?.breakdown[c] ?? 0;
    const tr = el('tr');
    tr.dataset.overtureCategory = c;
    tr.title = PRINCIPLES[c];
    const fill = el('i');
    fill.style.width = `${(100 * got) / MAXIMA[c]}%`;
    fill.style.background = CATEGORY_COLOURS[c];
    const bar = el('div', 'bar');
    bar.append(fill);
    const cell = el('td');
    cell.append(bar);
    tr.append(el('td', '', CATEGORY_LABELS[c]), cell, el('td', 'num', `${got}/${MAXIMA[c]}`));
    table.append(tr);
  }
  return table;
}

/** One line for a piece of evidence: "−4.0 pitch: “we help teams like yours”". */
export function evidenceLine(e: Evidence): string {
  const points = `${e.points > 0 ? '+' : '−'}${Math.abs(e.points).toFixed(1)}`;
  const what = e.kind === 'signal' ? e.label : `“${e.label.length > 50 ? e.label.slice(0, 47) + '…' : e.label}”`;
  return `${points} ${CATEGORY_LABELS[e.category]}: ${what}`;
}

/** The evidence that moved the score most, as a list (at most `n` items). */
export function evidenceList(report: Report, n: number): HTMLUListElement {
  const ul = el('ul', 'evidence');
  for (const e of report.evidence.slice(0, n)) {
    const li = el('li', e.points < 0 ? 'cost' : 'earned', evidenceLine(e));
    li.dataset.overtureEvidence = e.kind;
    li.dataset.overtureCategory = e.category;
    ul.append(li);
  }
  return ul;
}
