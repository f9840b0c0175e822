// The options page: the pre-send check and its threshold, categories, sites, the user's own
// phrases, reset. Every change is saved at once (see settings.ts for storage and versions);
// open tabs pick it up through storage events. Stored values that cannot be read fall back
// to defaults and the page says so.
import { PATIENCE } from '../../target/generated/facts';
import { ADAPTERS } from './content/adapters';
import { CATEGORY_LABELS, type Category } from './protocol';
import { defaults, extraOrigins, loadSettings, MAX_PHRASES, onSettingsChanged, phraseProblem, saveSettings, toggleIn, type Settings } from './settings';
import { el, PRINCIPLES } from './ui/overlay';
import { forgetEverything, LEDGER_KEY, localStore, recipientCount } from './ledger';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let settings: Settings = defaults();
let extraSites: string[] = [];

async function save(change: (s: Settings) => void): Promise<void> {
  change(settings);
  try {
    await saveSettings(settings);
    $('saved').textContent = 'Saved.';
  } catch (e) {
    $('saved').textContent = `Could not save: ${e instanceof Error ? e.message : String(e)}`;
  }
  render();
}

function checkbox(checked: boolean, onChange: (on: boolean) => void): HTMLInputElement {
  const cb = el('input');
  cb.type = 'checkbox';
  cb.checked = checked;
  cb.addEventListener('change', () => onChange(cb.checked));
  return cb;
}

function renderCategories(): void {
  const rows = (Object.entries(CATEGORY_LABELS) as Array<[Category, string]>).map(([id, label]) => {
    const row = el('label', 'cat');
    row.dataset.overtureCategory = id;
    const cb = checkbox(!settings.disabled_categories.includes(id), (on) =>
      void save((s) => (s.disabled_categories = toggleIn(s.disabled_categories, id, !on) as Category[])),
    );
    row.append(cb, document.createTextNode(label), el('small', '', PRINCIPLES[id]));
    return row;
  });
  $('categories').replaceChildren(...rows);
}

function renderSites(): void {
  const row = (key: string, label: string, removable: boolean) => {
    const li = el('li');
    li.dataset.overtureSite = key;
    const on = el('label');
    on.append(checkbox(!settings.disabled_sites.includes(key), (v) => void save((s) => (s.disabled_sites = toggleIn(s.disabled_sites, key, !v)))), document.createTextNode(label));
    const check = el('label', 'muted');
    const cb = checkbox(!settings.presend_off_sites.includes(key), (v) => void save((s) => (s.presend_off_sites = toggleIn(s.presend_off_sites, key, !v))));
    cb.dataset.overturePresend = key;
    check.append(cb, document.createTextNode('check before Send'));
    li.append(on, check);
    if (removable) {
      const b = el('button', 'remove', 'Remove');
      b.type = 'button';
      b.addEventListener('click', async () => {
        await chrome.permissions.remove({ origins: [`https://${key}/*`, `http://${key}/*`] }).catch(() => false);
        await refreshExtraSites();
      });
      li.append(b);
    }
    return li;
  };
  $('sites').replaceChildren(...ADAPTERS.map((a) => row(a.id, a.label, false)), ...extraSites.map((h) => row(h, h, true)));
}

function renderPhrases(id: 'custom' | 'never'): void {
  const key = id === 'custom' ? 'custom_phrases' : 'never_flag';
  const items = settings[key].map((p) => {
    const li = el('li', '', p);
    li.dataset.overturePhrase = p;
    const b = el('button', 'remove', '×');
    b.type = 'button';
    b.setAttribute('aria-label', `Remove “${p}”`);
    b.addEventListener('click', () => void save((s) => (s[key] = s[key].filter((x) => x !== p))));
    li.append(b);
    return li;
  });
  $(id).replaceChildren(...items);
}

/** How many people the patience ledger tracks (a count only). */
async function renderTracked(): Promise<void> {
  $('patience-count-tracked').textContent = String(await recipientCount(localStore()).catch(() => 0));
}

function render(): void {
  $<HTMLInputElement>('presend').checked = settings.presend;
  $<HTMLInputElement>('patience').checked = settings.patience;
  $<HTMLInputElement>('patience-nth').value = String(settings.patience_count);
  $<HTMLInputElement>('patience-window').value = String(settings.patience_window);
  $<HTMLInputElement>('patience-presend').checked = settings.patience_presend;
  $<HTMLInputElement>('threshold').value = String(settings.threshold);
  $('threshold-value').textContent = String(settings.threshold);
  renderCategories();
  renderSites();
  renderPhrases('custom');
  renderPhrases('never');
}

function wirePhraseInput(id: 'custom' | 'never'): void {
  const key = id === 'custom' ? 'custom_phrases' : 'never_flag';
  const input = $<HTMLInputElement>(`${id}-input`);
  const add = () => {
    const phrase = input.value.trim().replace(/\s+/g, ' ');
    const problem = phraseProblem(phrase);
    const errors = $('errors');
    if (problem) return void (errors.textContent = `“${phrase.slice(0, 40)}” ${problem}.`);
    if (settings.custom_phrases.length + settings.never_flag.length >= MAX_PHRASES) return void (errors.textContent = `At most ${MAX_PHRASES} phrases.`);
    errors.textContent = '';
    input.value = '';
    if (settings[key].some((p) => p.toLowerCase() === phrase.toLowerCase())) return;
    void save((s) => s[key].push(phrase));
  };
  $(`${id}-add`).addEventListener('click', add);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') add();
  });
}

async function refreshExtraSites(): Promise<void> {
  extraSites = [...new Set((await extraOrigins()).map((o) => new URL(o.replace(/\*$/, '')).hostname))];
  renderSites();
}

async function main(): Promise<void> {
  const loaded = await loadSettings();
  settings = loaded.settings;
  if (loaded.problems.length || loaded.dropped.length) {
    const n = $('notice');
    n.hidden = false;
    const lines: string[] = [];
    if (loaded.problems[0] === 'settings') lines.push('The stored settings could not be read, so Overture is using its defaults.');
    else if (loaded.problems.length) lines.push(`Some stored settings could not be read and were reset to their defaults: ${loaded.problems.join(', ').replace(/_/g, ' ')}.`);
    if (loaded.dropped.length) lines.push(`These stored items could not be used and were left out (everything else was kept): ${loaded.dropped.join('; ')}.`);
    n.textContent = lines.join(' ');
  }
  // Write back what was repaired or upgraded, so every part of Overture reads the same.
  if (loaded.problems.length || loaded.dropped.length || loaded.migrated) await saveSettings(settings).catch(() => undefined);

  $<HTMLInputElement>('presend').addEventListener('change', (e) => void save((s) => (s.presend = (e.target as HTMLInputElement).checked)));
  $<HTMLInputElement>('patience').addEventListener('change', (e) => void save((s) => (s.patience = (e.target as HTMLInputElement).checked)));
  $<HTMLInputElement>('patience-presend').addEventListener('change', (e) => void save((s) => (s.patience_presend = (e.target as HTMLInputElement).checked)));
  const number = (id: string, { min: lo, max: hi }: { min: number; max: number }, set: (s: Settings, n: number) => void) => {
    const input = $<HTMLInputElement>(id);
    input.min = String(lo);
    input.max = String(hi);
    input.addEventListener('change', (e) => {
      const n = Math.round(Number((e.target as HTMLInputElement).value));
      if (Number.isFinite(n)) void save((s) => set(s, Math.min(hi, Math.max(lo, n))));
    });
  };
  number('patience-nth', PATIENCE.nth, (s, n) => (s.patience_count = n));
  number('patience-window', PATIENCE.window, (s, n) => (s.patience_window = n));
  $('patience-forget').addEventListener('click', async () => {
    await forgetEverything(localStore());
    await renderTracked();
  });
  void renderTracked();
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && LEDGER_KEY in changes) void renderTracked();
  });
  const slider = $<HTMLInputElement>('threshold');
  slider.addEventListener('input', () => ($('threshold-value').textContent = slider.value));
  slider.addEventListener('change', () => void save((s) => (s.threshold = Number(slider.value))));
  wirePhraseInput('custom');
  wirePhraseInput('never');
  $('reset').addEventListener('click', () => ($('confirm-reset').hidden = false));
  $('reset-no').addEventListener('click', () => ($('confirm-reset').hidden = true));
  $('reset-yes').addEventListener('click', () => {
    $('confirm-reset').hidden = true;
    $('notice').hidden = true;
    void save((s) => Object.assign(s, defaults()));
  });
  // Changes made elsewhere (the card's "Never flag", the popup's site switch) show here too.
  onSettingsChanged(async () => {
    settings = (await loadSettings()).settings;
    render();
  });
  chrome.permissions.onAdded?.addListener(() => void refreshExtraSites());
  chrome.permissions.onRemoved?.addListener(() => void refreshExtraSites());
  render();
  await refreshExtraSites();
}

void main();
