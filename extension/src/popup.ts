// The toolbar popup: the summary of the draft in the active tab's focused compose box (score
// gauge, the breakdown as bars, the findings), a per-site switch, and for a site Overture
// does not know, the offer to turn it on there. Its data comes from the content script by
// message; the popup never reads the page itself.
import { adapterFor } from './content/adapters';
import { VERDICT_LABELS, type PopupRequest, type Report, type Summary } from './protocol';
import { toggleIn, updateSettings } from './settings';
import { el } from './ui/overlay';
import { patienceMessage } from './ui/patience';
import { BAND_COLOURS, BAND_INK, CATEGORY_COLOURS } from './ui/styles';

import { breakdownTable, evidenceList } from './ui/breakdown';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const SVG = 'http://www.w3.org/2000/svg';

// `?tab=<id>` opens the popup as a page for another tab (tests, keyboard users); otherwise it
// describes the active tab of its window.
const pinned = new URLSearchParams(location.search).get('tab');

async function activeTab(): Promise<chrome.tabs.Tab | undefined> {
  if (pinned) return chrome.tabs.get(Number(pinned)).catch(() => undefined);
  return (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
}

function ask<T>(tabId: number, msg: PopupRequest): Promise<T | undefined> {
  return chrome.tabs.sendMessage(tabId, msg).then((r) => r as T, () => undefined);
}

/** A half-circle gauge: grey track, an arc in the band's colour, the score in the middle. */
function gauge(report: Report): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 120 70');
  svg.setAttribute('width', '120');
  svg.setAttribute('height', '70');
  const arc = (colour: string, fraction: number, cls: string) => {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', 'M 10 62 A 50 50 0 0 1 110 62');
    p.setAttribute('fill', 'none');
    p.setAttribute('stroke', colour);
    p.setAttribute('stroke-width', '10');
    p.setAttribute('stroke-linecap', 'round');
    p.setAttribute('pathLength', '100');
    p.setAttribute('stroke-dasharray', `${Math.max(0.01, fraction * 100)} 100`);
    p.setAttribute('class', cls);
    return p;
  };
  const text = document.createElementNS(SVG, 'text');
  text.setAttribute('x', '60');
  text.setAttribute('y', '58');
  text.setAttribute('text-anchor', 'middle');
  text.setAttribute('class', 'gauge-score');
  text.textContent = String(report.score);
  svg.append(arc('currentColor', 1, 'track'), arc(BAND_COLOURS[report.band], report.score / 100, 'value'), text);
  return svg;
}

function showDraft(summary: Summary, tabId: number): void {
  const report = summary.report!;
  $('draft').hidden = false;
  const g = $('gauge');
  g.dataset.overtureScore = String(report.score);
  g.dataset.overtureBand = report.band;
  g.setAttribute('aria-label', `Mutuality ${report.score} out of 100`);
  g.replaceChildren(gauge(report));
  const band = $('band');
  band.textContent = `This draft ${VERDICT_LABELS[report.verdict]}`;
  band.style.color = BAND_INK[report.band];
  $('to').textContent = summary.recipient ? `To ${summary.recipient}` : '';
  const patience = $('patience');
  const said = patienceMessage(report.patience, summary.recipient);
  patience.hidden = !said;
  patience.textContent = said ?? '';

  $('bars').replaceChildren(...Array.from(breakdownTable(report).rows));
  if (report.evidence.length) $('bars').after(evidenceList(report, 5));

  const list = $('findings');
  const flagged = report.findings.filter((f) => f.category !== 'mutuality');
  const good = report.findings.filter((f) => f.category === 'mutuality');
  for (const f of [...flagged, ...good]) {
    const b = el('button', 'finding');
    b.type = 'button';
    b.dataset.overtureRule = f.rule;
    b.dataset.overtureStart = String(f.start);
    const dot = el('span', 'dot');
    dot.style.background = CATEGORY_COLOURS[f.category];
    b.append(dot, el('b', '', `“${f.text.length > 48 ? f.text.slice(0, 45) + '…' : f.text}”`), el('span', 'why', f.message));
    b.addEventListener('click', async () => {
      await ask(tabId, { type: 'overture:reveal', start: f.start });
      if (!pinned) window.close();
    });
    const li = el('li');
    li.append(b);
    list.append(li);
  }
  if (!flagged.length && !good.length) list.append(el('li', 'muted', 'Nothing flagged.'));
  $('findings-title').textContent = flagged.length ? `${flagged.length} to look at` : 'Nothing reads as a pitch or as pressure';
  $('presend').textContent = summary.presend
    ? 'Pressing Send on a draft under your threshold opens a check first.'
    : `The pre-send check is off on ${summary.label}.`;
}

function showState(text: string, offerEnable = false): void {
  $('state').hidden = false;
  $('state-text').textContent = text;
  $('enable').hidden = !offerEnable;
}

function siteSwitch(summary: Summary): void {
  $('site-row').hidden = false;
  const box = $<HTMLInputElement>('site-switch');
  box.checked = summary.enabled;
  $('site-label').textContent = `On for ${summary.label}`;
  box.addEventListener('change', async () => {
    await updateSettings((s) => (s.disabled_sites = toggleIn(s.disabled_sites, summary.site, !box.checked)));
    location.reload();
  });
}

async function main(): Promise<void> {
  const tab = await activeTab();
  if (tab?.id === undefined) return showState('No page to check here.');
  const summary = await ask<Summary>(tab.id, { type: 'overture:summary' });
  if (summary) {
    siteSwitch(summary);
    if (!summary.enabled) return showState(`Overture is off on ${summary.label}. Switch it on above to check your drafts here.`);
    if (summary.report) return showDraft(summary, tab.id);
    return showState(
      summary.boxes
        ? 'Start writing in the compose box: the summary shows here.'
        : `No draft is open on ${summary.label}. Open a compose box, or try a message in the playground.`,
    );
  }
  const url = tab.url ? new URL(tab.url) : null;
  if (!url || !/^https?:$/.test(url.protocol)) return showState('Overture cannot run on this page. Try a message in the playground.');
  if (adapterFor(url.hostname)) return showState('Reload this page to start Overture here.');
  showState(`Overture is not on for ${url.hostname}. It can check the text boxes of any site you choose.`, true);
  $('enable').textContent = `Turn on for ${url.hostname}`;
  $('enable').addEventListener('click', async () => {
    // Asked at this moment, for this site only; the worker then starts Overture in its tabs.
    const granted = await chrome.permissions.request({ origins: [`${url.origin}/*`] }).catch(() => false);
    $('state-text').textContent = granted
      ? `Overture is on for ${url.hostname}. Click into a text box to start.`
      : `Overture was not given access to ${url.hostname}.`;
    $('enable').hidden = granted;
  });
}

void main();
