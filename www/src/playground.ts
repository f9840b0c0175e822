// The playground: the same engine (wasm) and the same overlay as the extension, on a page.
import init, { Recipient, Service } from '../../target/wasm-pkg/overture.js';
import { VERDICT_LABELS, CATEGORY_LABELS, type Category, type Finding, type Report } from '../../extension/src/protocol';
import { extract, rangeFor, type Extraction } from '../../extension/src/content/extract';
import { CATEGORIES, PATIENCE } from '../../target/generated/facts';
import { applySuggestion as apply } from '../../extension/src/ui/apply';
import { breakdownTable, evidenceList } from '../../extension/src/ui/breakdown';
import { el, Overlay, PRINCIPLES } from '../../extension/src/ui/overlay';
import { patienceMessage } from '../../extension/src/ui/patience';
import { BAND_COLOURS, CATEGORY_COLOURS, CATEGORY_INK, BAND_INK } from '../../extension/src/ui/styles';
import { SAMPLES } from './samples';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const draft = $<HTMLDivElement>('draft');
const channelSelect = $<HTMLSelectElement>('channel');
const sampleSelect = $<HTMLSelectElement>('sample');
const sim = $<HTMLDetailsElement>('patience-sim');

let engine: Service | null = null;
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
  const recipient = sim.open ? simulated() : null;
  try {
    report = (recipient ? engine.analyze_to(extraction.text, channelSelect.value, recipient) : engine.analyze(extraction.text, channelSelect.value)) as Report;
  } finally {
    recipient?.free();
  }
  renderPatience();
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

// The patience simulation: the history the extension would keep for one recipient (dates
// only), edited by hand; while the panel is open the draft is judged as the next note to them.
interface SimEvent {
  day: number;
  kind: 'sent' | 'reply';
  followUp: boolean;
}
const history: SimEvent[] = [];
const DAY_MS = 86_400_000;
const dayOfInput = (id: string): number | null => {
  const v = $<HTMLInputElement>(id).valueAsNumber;
  return Number.isFinite(v) ? Math.floor(v / DAY_MS) : null;
};
const setDay = (id: string, day: number) => ($<HTMLInputElement>(id).valueAsNumber = day * DAY_MS);
const whole = (id: string, range: { min: number; max: number; default: number }): number => {
  const n = Math.round($<HTMLInputElement>(id).valueAsNumber);
  return Number.isFinite(n) ? Math.min(range.max, Math.max(range.min, n)) : range.default;
};

/** The simulated recipient for the engine (the caller frees it). */
function simulated(): Recipient {
  const today = dayOfInput('sim-today') ?? Math.floor(Date.now() / DAY_MS);
  const r = new Recipient(today, whole('sim-nth', PATIENCE.nth), whole('sim-window', PATIENCE.window));
  for (const e of history) {
    if (e.kind === 'sent') r.sent(e.day, e.followUp);
    else r.reply(e.day);
  }
  return r;
}

function renderHistory(): void {
  const fmt = (day: number) => new Date(day * DAY_MS).toLocaleDateString(undefined, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  $('sim-history').replaceChildren(
    ...history.map((e, i) => {
      const li = el('li', '', `${fmt(e.day)}: ${e.kind === 'reply' ? 'they replied' : e.followUp ? 'you sent a follow-up' : 'you sent a note'}`);
      li.dataset.overtureSim = e.kind;
      const remove = el('button', '', 'Remove');
      remove.type = 'button';
      remove.setAttribute('aria-label', `Remove ${li.textContent}`);
      remove.addEventListener('click', () => {
        history.splice(i, 1);
        renderHistory();
        analyse();
      });
      li.append(remove);
      return li;
    }),
  );
}

function renderPatience(): void {
  const out = $('sim-result');
  const p = report?.patience;
  const name = $<HTMLInputElement>('sim-name').value.trim() || 'them';
  const today = new Date((dayOfInput('sim-today') ?? Math.floor(Date.now() / DAY_MS)) * DAY_MS);
  out.dataset.overtureWarn = String(!!p?.warn);
  out.dataset.overtureNth = p ? String(p.nth) : '';
  if (!sim.open || !p) out.textContent = extraction?.text.trim() ? '' : 'Type a draft to judge it as the next note.';
  else
    out.textContent =
      patienceMessage(p, name, today) ??
      (p.nth === 1 ? `This would be your first note to ${name} since their last reply (or ever, within the window): nothing to say.` : `This would be note number ${p.nth} to ${name} with no reply in between; Overture says so from note ${whole('sim-nth', PATIENCE.nth)}.`);
}

function setUpSimulation(): void {
  const today = Math.floor(Date.now() / DAY_MS);
  setDay('sim-today', today);
  setDay('sim-date', today - 7);
  $<HTMLInputElement>('sim-nth').value = String(PATIENCE.nth.default);
  $<HTMLInputElement>('sim-window').value = String(PATIENCE.window.default);
  for (const id of ['sim-nth', 'sim-window']) {
    const input = $<HTMLInputElement>(id);
    const range = id === 'sim-nth' ? PATIENCE.nth : PATIENCE.window;
    input.min = String(range.min);
    input.max = String(range.max);
  }
  // A history to start from: two notes, three weeks and one week ago, no reply.
  history.push({ day: today - 21, kind: 'sent', followUp: false }, { day: today - 7, kind: 'sent', followUp: false });
  renderHistory();
  const add = (kind: SimEvent['kind']) => {
    const day = dayOfInput('sim-date');
    if (day === null) return;
    history.push({ day, kind, followUp: kind === 'sent' && $<HTMLInputElement>('sim-followup').checked });
    history.sort((a, b) => a.day - b.day);
    renderHistory();
    analyse();
  };
  $('sim-add-sent').addEventListener('click', () => add('sent'));
  $('sim-add-reply').addEventListener('click', () => add('reply'));
  $('sim-clear').addEventListener('click', () => {
    history.length = 0;
    renderHistory();
    analyse();
  });
  sim.addEventListener('toggle', analyse);
  for (const id of ['sim-name', 'sim-today', 'sim-nth', 'sim-window']) $(id).addEventListener('input', analyse);
}

function renderSummary(): void {
  const r = report;
  const gauge = $('gauge');
  gauge.dataset.overtureScore = r ? String(r.score) : '';
  gauge.dataset.overtureBand = r?.band ?? '';
  $('score').textContent = r ? String(r.score) : '–';
  $('band').textContent = r ? VERDICT_LABELS[r.verdict] : '';
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
  // Once the user types, the box holds their draft, not the sample the menu named; picking that
  // sample again brings it back.
  const ownDraft = new Option('Your own draft', 'own');
  ownDraft.disabled = true;
  sampleSelect.append(ownDraft);
  const load = (i: number) => {
    setDraft(SAMPLES[i].text);
    channelSelect.value = SAMPLES[i].channel;
    analyse();
  };
  sampleSelect.addEventListener('change', () => load(Number(sampleSelect.value)));
  channelSelect.addEventListener('change', analyse);
  draft.addEventListener('input', () => {
    ownDraft.selected = true;
    analyse();
  });
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
  setUpSimulation();
  try {
    await init({ module_or_path: new URL('overture_bg.wasm', location.href) });
    engine = new Service();
  } catch (e) {
    $('status').textContent = `The engine could not load: ${String(e)}`;
    return;
  }
  load(0);
}

void main();
