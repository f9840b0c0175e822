// The score's breakdown, one bar per category, and what moved it most: shared by the card,
// the toolbar popup and the playground, so they say the same thing the same way.
import { CATEGORIES, CATEGORY_LABELS, MAXIMA, PRINCIPLES } from '../../../target/generated/facts';
import type { Category, Evidence, Report } from '../protocol';
import { el } from './dom';
import { CATEGORY_COLOURS } from './styles';

/** "sales pitch", "chasing and pressure": whose evidence took points from other categories. */
export function takers(by: readonly Category[]): string {
  const names = by.map((c) => CATEGORY_LABELS[c].toLowerCase());
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
}

/**
 * A table row per category: its name, a bar filled to its part of the maximum, the points.
 * Points another category's evidence took (a pitch that cost more than its own maximum) are
 * striped in the taker's colour beside the part, with a last row that says whose they are, so
 * an emptied bar is not read as its own category's fault.
 */
export function breakdownTable(report: Report | null): HTMLTableElement {
  const table = el('table', 'breakdown');
  const taken = report?.taken;
  const stripes = taken ? CATEGORY_COLOURS[taken.by[0]] : '';
  for (const c of CATEGORIES) {
    const got = report?.breakdown[c] ?? 0;
    const lost = taken?.points[c] ?? 0;
    const tr = el('tr');
    tr.dataset.overtureCategory = c;
    tr.title = PRINCIPLES[c];
    const fill = el('i');
    fill.style.width = `${(100 * got) / MAXIMA[c]}%`;
    fill.style.background = CATEGORY_COLOURS[c];
    const bar = el('div', 'bar');
    bar.append(fill);
    if (taken && lost > 0) {
      tr.dataset.overtureTaken = String(lost);
      tr.title = `${lost} of ${CATEGORY_LABELS[c]}’s ${MAXIMA[c]} points were taken by ${takers(taken.by)}. ${PRINCIPLES[c]}`;
      const striped = el('i', 'taken');
      striped.style.width = `${(100 * lost) / MAXIMA[c]}%`;
      striped.style.background = `repeating-linear-gradient(135deg, ${stripes} 0 2px, transparent 2px 5px)`;
      bar.append(striped);
    }
    const cell = el('td');
    cell.append(bar);
    tr.append(el('td', '', CATEGORY_LABELS[c]), cell, el('td', 'num', `${got}/${MAXIMA[c]}`));
    table.append(tr);
  }
  if (taken) {
    const tr = el('tr', 'taken-note');
    tr.dataset.overtureTakenBy = taken.by.join(' ');
    const whose = taken.by.length > 1 ? 'their own bars hold' : 'its own bar holds';
    const note = el('td', '', `Striped: taken by ${takers(taken.by)}, whose evidence cost more than ${whose}.`);
    note.colSpan = 3;
    tr.append(note);
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
