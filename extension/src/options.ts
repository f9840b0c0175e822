// The options page: categories on/off and the user's own phrases, stored in the browser's
// extension storage (synced where the browser syncs). A corrupt stored value falls back to
// defaults with a visible notice.
import { CATEGORY_LABELS, type Category } from './protocol';
import { PRINCIPLES } from './ui/overlay';

interface Settings {
  version: 1;
  disabled_categories: Category[];
  custom_phrases: string[];
  never_flag: string[];
}

const DEFAULTS: Settings = { version: 1, disabled_categories: [], custom_phrases: [], never_flag: [] };
const area = chrome.storage.sync ?? chrome.storage.local;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function sanitise(raw: unknown): { settings: Settings; corrupt: boolean } {
  if (raw === undefined) return { settings: { ...DEFAULTS }, corrupt: false };
  const r = raw as Partial<Settings>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const cats = Object.keys(CATEGORY_LABELS);
  const ok =
    typeof raw === 'object' && raw !== null &&
    (r.disabled_categories === undefined || (strings(r.disabled_categories) && r.disabled_categories!.every((c) => cats.includes(c)))) &&
    (r.custom_phrases === undefined || strings(r.custom_phrases)) &&
    (r.never_flag === undefined || strings(r.never_flag));
  if (!ok) return { settings: { ...DEFAULTS }, corrupt: true };
  return { settings: { ...DEFAULTS, ...r, version: 1 } as Settings, corrupt: false };
}

function lines(id: string): string[] {
  return $<HTMLTextAreaElement>(id).value.split('\n').map((l) => l.trim()).filter(Boolean);
}

function check(phrases: string[]): string[] {
  return phrases.flatMap((p) => {
    if ([...p].length > 200) return [`“${p.slice(0, 40)}…” is longer than 200 characters.`];
    if (!/[\p{L}\p{N}]/u.test(p)) return [`“${p}” has no letter or digit.`];
    return [];
  });
}

async function main(): Promise<void> {
  const { settings, corrupt } = sanitise(((await area.get('settings')) as { settings?: unknown }).settings);
  if (corrupt) {
    const n = $('notice');
    n.hidden = false;
    n.textContent = 'The stored settings could not be read, so Overture is using its defaults. Saving will replace them.';
  }
  const box = $('categories');
  for (const [id, label] of Object.entries(CATEGORY_LABELS) as Array<[Category, string]>) {
    const row = document.createElement('label');
    row.className = 'cat';
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.value = id;
    cb.checked = !settings.disabled_categories.includes(id);
    const small = document.createElement('small');
    small.textContent = PRINCIPLES[id];
    row.append(cb, document.createTextNode(label), small);
    box.append(row);
  }
  $<HTMLTextAreaElement>('custom').value = settings.custom_phrases.join('\n');
  $<HTMLTextAreaElement>('never').value = settings.never_flag.join('\n');
  $('save').addEventListener('click', async () => {
    const custom = lines('custom');
    const never = lines('never');
    const errors = check([...custom, ...never]);
    $('errors').textContent = errors.join('\n');
    if (errors.length) return;
    const disabled = Array.from(box.querySelectorAll<HTMLInputElement>('input')).filter((c) => !c.checked).map((c) => c.value as Category);
    await area.set({ settings: { version: 1, disabled_categories: disabled, custom_phrases: custom, never_flag: never } });
    $('saved').textContent = 'Saved. Open tabs update without a reload.';
  });
}

void main();
