// The playground: the same engine (wasm) and the same overlay as the extension, on a page.
import init, { Engine } from '../../target/wasm-pkg/overture.js';
import { BAND_LABELS, CATEGORY_LABELS, type Category, type Channel, type Finding, type Report } from '../../extension/src/protocol';
import { extract, rangeFor, type Extraction } from '../../extension/src/content/extract';
import { CATEGORIES } from '../../target/generated/facts';
import { applySuggestion as apply } from '../../extension/src/ui/apply';
import { breakdownTable, evidenceList } from '../../extension/src/ui/breakdown';
import { el, Overlay, PRINCIPLES } from '../../extension/src/ui/overlay';
import { BAND_COLOURS, CATEGORY_COLOURS, CATEGORY_INK, BAND_INK } from '../../extension/src/ui/styles';
import { SAMPLES } from './samples';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const draft = $<HTMLDivElement>('draft');
const channelSelect = $<HTMLSelectElement>('channel');
const sampleSelect = $<HTMLSelectElement>('sample');


let engine: Engine | null = null;
let report: Report | null = null;
let extraction: Extraction | null = null;
let frame = 0;

const overlay = new Overlay({
  apply: (f, s) => applySuggestion(f, s),
  ignore: () => undefined,
  never: () => undefined,
});

/** Sets the draft's text as one line per <div>, the way a mail editor holds it. */
function setDraft(text: string): void {
  draft.replaceChildren(
    ...text.split('\n').map((line) => {
      const d = el('div');
      if (line) d.textContent = line;
      else d.append(el('br'));
      return d;
    }),
  );
}

function applySuggestion(f: Finding, s: string): void {
  const x = extract(draft, []);
  apply(draft, x.text, x, f, s);
}

function analyse(): void {
  if (!engine) return;
  extraction = extract(draft, []);
  const t0 = performance.now();
  report = engine.analyze(extraction.text, channelSelect.value as Channel) as Report;
  $('status').textContent = extraction.text.trim()
    ? `Analysed ${extraction.text.length.toLocaleString()} characters in ${(performance.now() - t0).toFixed(1)} ms, in this page.`
    : 'Type or paste a draft.';
  renderSummary();
  redraw();
}

function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const x = extraction;
    const findings = report?.findings ?? [];
    const marks = x ? findings.map((f) => ({ finding: f, rects: Array.from(rangeFor(x, f.start, f.end)?.getClientRects() ?? []) })) : [];
    overlay.draw(draft.getBoundingClientRect(), marks);
    overlay.setReport(report && extraction?.text.trim() ? report : null);
  });
}

function renderSummary(): void {
  const r = report;
  const gauge = $('gauge');
  gauge.dataset.overtureScore = r ? String(r.score) : '';
  gauge.dataset.overtureBand = r?.band ?? '';
  $('score').textContent = r ? String(r.score) : '–';
  $('band').textContent = r ? BAND_LABELS[r.band] : '';
  $('band').style.color = r ? BAND_INK[r.band] : '';
  const arc = $('arc') as unknown as SVGPathElement;
  arc.style.strokeDashoffset = String(157 * (1 - (r?.score ?? 0) / 100));
  arc.style.stroke = r ? BAND_COLOURS[r.band] : '';
  $('breakdown').replaceChildren(breakdownTable(r), ...(r && r.evidence.length ? [el('h3', '', 'What moved the score most'), evidenceList(r, 8)] : []));
  const items = (r?.findings ?? []).map((f) => {
    const li = el('li');
    li.dataset.overtureRule = f.rule;
    const cat = el('span', 'cat', CATEGORY_LABELS[f.category]);
    cat.style.background = CATEGORY_COLOURS[f.category];
    li.append(el('span', 'phrase', `“${f.text}”`), cat, el('div', '', f.message));
    for (const s of f.suggestions) {
      const b = el('button', '', `→ ${s}`);
      b.type = 'button';
      b.addEventListener('click', () => applySuggestion(f, s));
      li.append(b);
    }
    return li;
  });
  $('findings').replaceChildren(...(items.length ? items : [el('li', 'muted', 'Nothing flagged.')]));
}

interface RuleDoc {
  id: string;
  category: Category;
  severity: string;
  principle: string;
  explanation: string;
  suggestions: string[];
  flags: string[];
  allows: string[];
}

async function renderGuide(): Promise<void> {
  const rules = (await (await fetch('rules.json')).json()) as RuleDoc[];
  const container = $('rules');
  const search = $<HTMLInputElement>('search');
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const shown = rules.filter((r) => !q || [r.id, r.explanation, ...r.flags, ...r.allows].some((s) => s.toLowerCase().includes(q)));
    const groups = CATEGORIES.map((c) => {
      const list = shown.filter((r) => r.category === c);
      if (!list.length) return null;
      const sec = el('section', 'principle');
      sec.dataset.overtureCategory = c;
      const h = el('h3', '', `${CATEGORY_LABELS[c]} (${list.length})`);
      h.style.color = CATEGORY_INK[c];
      sec.append(h, el('blockquote', '', `“${PRINCIPLES[c]}”`));
      for (const r of list) {
        const d = el('div', 'rule');
        d.dataset.overtureRule = r.id;
        d.append(el('code', '', r.id), el('span', 'sev', r.severity), el('div', '', r.explanation));
        if (r.flags.length) {
          const ul = el('ul', 'flags');
          for (const f of r.flags) ul.append(el('li', '', f));
          d.append(ul);
        }
        if (r.allows.length) {
          const ul = el('ul', 'allows');
          for (const a of r.allows) ul.append(el('li', '', a));
          d.append(ul);
        }
        sec.append(d);
      }
      return sec;
    });
    container.replaceChildren(...groups.filter((g): g is HTMLElement => g !== null));
    $('rule-count').textContent = `${shown.length} of ${rules.length} rules`;
  };
  search.addEventListener('input', draw);
  draw();
}

async function main(): Promise<void> {
  for (const [i, s] of SAMPLES.entries()) sampleSelect.append(new Option(s.name, String(i)));
  const load = (i: number) => {
    setDraft(SAMPLES[i].text);
    channelSelect.value = SAMPLES[i].channel;
    analyse();
  };
  sampleSelect.addEventListener('change', () => load(Number(sampleSelect.value)));
  channelSelect.addEventListener('change', analyse);
  draft.addEventListener('input', analyse);
  draft.addEventListener('scroll', redraw, { passive: true });
  addEventListener('scroll', redraw, { passive: true, capture: true });
  addEventListener('resize', redraw);
  new ResizeObserver(redraw).observe(draft);
  draft.addEventListener('click', (e) => {
    const m = overlay.markAt(e.clientX, e.clientY);
    if (m) overlay.showCard(m);
    else overlay.hideCard();
  });
  void renderGuide();
  try {
    await init({ module_or_path: new URL('overture_bg.wasm', location.href) });
    engine = new Engine(undefined);
  } catch (e) {
    $('status').textContent = `The engine could not load: ${String(e)}`;
    return;
  }
  load(0);
}

void main();
