// The user's settings: one versioned object in the browser's extension storage, read by the
// worker (engine settings), the content scripts (sites, pre-send check) and the options page.
// `storage.sync` is used where the browser has it and lets us write; otherwise
// `storage.local`. A corrupt or hand-edited field falls back to its default and is reported,
// so the options page can say so; it never breaks a page.
import { LIMITS, PATIENCE } from '../../target/generated/facts';
import { CATEGORY_LABELS, type Category } from './protocol';

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 2;
/** Longest phrase accepted, in characters (the engine's `MAX_PHRASE_CHARS`). */
export const MAX_PHRASE_CHARS = LIMITS.maxPhraseChars;
/** Most custom plus never-flag phrases (the engine's `MAX_PHRASES`). */
export const MAX_PHRASES = LIMITS.maxPhrases;

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /** Score under which the pre-send check speaks up (0–100). */
  threshold: number;
  /** The pre-send check, everywhere. */
  presend: boolean;
  disabled_categories: Category[];
  disabled_rules: string[];
  /** The user's own phrases to flag (literal text). */
  custom_phrases: string[];
  /** Phrases never to flag (literal text). */
  never_flag: string[];
  /** Site keys (see `siteKey`) where Overture is switched off. */
  disabled_sites: string[];
  /** Site keys where the pre-send check is switched off. */
  presend_off_sites: string[];
  /** Patience: count notes to each recipient since their last reply (kept locally, see ledger.ts). */
  patience: boolean;
  /** The note number from which Overture says so (3 = the third with no reply in between). */
  patience_count: number;
  /** Notes older than this many days are forgotten. */
  patience_window: number;
  /** Saying so opens the pre-send panel even when the score is above the threshold. */
  patience_presend: boolean;
}

export function defaults(): Settings {
  return {
    version: SETTINGS_VERSION,
    threshold: LIMITS.defaultThreshold,
    presend: true,
    disabled_categories: [],
    disabled_rules: [],
    custom_phrases: [],
    never_flag: [],
    disabled_sites: [],
    presend_off_sites: [],
    patience: true,
    patience_count: PATIENCE.nth.default,
    patience_window: PATIENCE.window.default,
    patience_presend: true,
  };
}

/** What reading the stored value found. */
export interface Loaded {
  settings: Settings;
  /** Fields that were unreadable and were reset to their defaults ("settings" for all). */
  problems: string[];
  /** Items of lists that could not be used and were dropped, named for people. */
  dropped: string[];
  /** The stored value was an older version and was upgraded. */
  migrated: boolean;
  /** When the value was saved (0 if never): the worker compares it to know it is current. */
  revision: number;
}

const savedAt = (v: unknown) => (v && typeof v === 'object' && typeof (v as { saved_at?: unknown }).saved_at === 'number' ? (v as { saved_at: number }).saved_at : 0);

type ListKey = 'disabled_categories' | 'disabled_rules' | 'custom_phrases' | 'never_flag' | 'disabled_sites' | 'presend_off_sites';

type ScalarKey = 'threshold' | 'presend' | 'patience' | 'patience_count' | 'patience_window' | 'patience_presend';

const whole = (lo: number, hi: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

const SCALARS: { [K in ScalarKey]: (v: unknown) => boolean } = {
  threshold: whole(0, 100),
  presend: (v) => typeof v === 'boolean',
  patience: (v) => typeof v === 'boolean',
  patience_count: whole(PATIENCE.nth.min, PATIENCE.nth.max),
  patience_window: whole(PATIENCE.window.min, PATIENCE.window.max),
  patience_presend: (v) => typeof v === 'boolean',
};

const isUsablePhrase = (p: unknown) => typeof p === 'string' && phraseProblem(p) === null;

/** What makes one item of a list usable; a list keeps its usable items and drops the rest. */
const LIST_ITEMS: { [K in ListKey]: (v: unknown) => boolean } = {
  disabled_categories: (c) => typeof c === 'string' && c in CATEGORY_LABELS,
  // Whether the id is still in the catalogue is the engine's to say (it skips unknown ids).
  disabled_rules: (id) => typeof id === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id),
  custom_phrases: isUsablePhrase,
  never_flag: isUsablePhrase,
  disabled_sites: (v) => typeof v === 'string' && v.length > 0,
  presend_off_sites: (v) => typeof v === 'string' && v.length > 0,
};

const describe = (v: unknown) => {
  const t = typeof v === 'string' ? `“${v}”` : JSON.stringify(v) ?? String(v);
  return t.length > 60 ? t.slice(0, 57) + '…' : t;
};

/**
 * Reads a stored value of any version into current settings. Version 1 (before the pre-send
 * check and sites existed) and unversioned values are upgraded by filling the new fields
 * with their defaults; a newer version keeps the fields this one knows. Every usable item is
 * kept: an unusable one (hand-edited, too long, past the phrase limit) drops only itself, and
 * `dropped` names it.
 */
export function migrate(raw: unknown): Loaded {
  const settings = defaults();
  if (raw === undefined || raw === null) return { settings, problems: [], dropped: [], migrated: false, revision: 0 };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings, problems: ['settings'], dropped: [], migrated: false, revision: 0 };
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  const dropped: string[] = [];
  for (const [key, valid] of Object.entries(SCALARS) as Array<[ScalarKey, (v: unknown) => boolean]>) {
    if (!(key in r)) continue;
    if (valid(r[key])) (settings as unknown as Record<string, unknown>)[key] = r[key];
    else problems.push(key);
  }
  for (const [key, valid] of Object.entries(LIST_ITEMS) as Array<[ListKey, (v: unknown) => boolean]>) {
    if (!(key in r)) continue;
    const list = r[key];
    if (!Array.isArray(list)) {
      problems.push(key);
      continue;
    }
    const kept: string[] = [];
    for (const item of list) {
      if (valid(item) && !kept.includes(item as string)) kept.push(item as string);
      else if (!kept.includes(item as string)) dropped.push(`${key.replace(/_/g, ' ')}: ${describe(item)}`);
    }
    (settings as unknown as Record<string, string[]>)[key] = kept;
  }
  // Past the phrase limit, the last ones go (the user's own phrases are kept first).
  let room = MAX_PHRASES;
  for (const key of ['custom_phrases', 'never_flag'] as const) {
    const over = settings[key].slice(room);
    settings[key] = settings[key].slice(0, room);
    room -= settings[key].length;
    for (const p of over) dropped.push(`${key.replace(/_/g, ' ')}: ${describe(p)} (over the limit of ${MAX_PHRASES})`);
  }
  const version = typeof r.version === 'number' ? r.version : 1;
  return { settings, problems, dropped, migrated: version < SETTINGS_VERSION, revision: savedAt(raw) };
}

/** What in `s` may not be stored (the limits hold on every write, whoever writes), or null. */
export function settingsProblem(s: Settings): string | null {
  if (!SCALARS.threshold(s.threshold)) return `the threshold ${s.threshold} is not a whole number from 0 to 100`;
  for (const key of ['presend', 'patience', 'patience_count', 'patience_window', 'patience_presend'] as const) {
    if (!SCALARS[key](s[key])) return `${key.replace(/_/g, ' ')}: ${describe(s[key])} cannot be used`;
  }
  for (const key of Object.keys(LIST_ITEMS) as ListKey[]) {
    const bad = s[key].find((v) => !LIST_ITEMS[key](v));
    if (bad !== undefined) return `${key.replace(/_/g, ' ')}: ${describe(bad)} cannot be used`;
  }
  const n = s.custom_phrases.length + s.never_flag.length;
  if (n > MAX_PHRASES) return `${n.toLocaleString()} phrases is more than the limit of ${MAX_PHRASES.toLocaleString()}`;
  return null;
}

/** Why a user phrase cannot be used, or null when it can (mirrors the engine's check). */
export function phraseProblem(p: string): string | null {
  const t = p.trim();
  if (!t) return 'is empty';
  if ([...t].length > MAX_PHRASE_CHARS) return `is longer than ${MAX_PHRASE_CHARS} characters`;
  if (!/[\p{L}\p{N}]/u.test(t)) return 'has no letter or digit';
  return null;
}

/** The part of the settings the engine reads (the Rust `Config`). */
export function engineConfig(s: Settings): Record<string, unknown> {
  const { disabled_categories, disabled_rules, custom_phrases, never_flag, threshold } = s;
  return { disabled_categories, disabled_rules, custom_phrases, never_flag, threshold };
}

interface Stored {
  [SETTINGS_KEY]?: unknown;
}

type Area = chrome.storage.StorageArea;

function areas(): Area[] {
  const list: Array<Area | undefined> = [chrome.storage?.sync, chrome.storage?.local];
  return list.filter((a): a is Area => !!a);
}


/** The stored value: the newer of sync and local (local holds it when sync refused a write). */
async function readRaw(): Promise<unknown> {
  let best: unknown = undefined;
  for (const area of areas()) {
    try {
      const v = ((await area.get(SETTINGS_KEY)) as Stored)[SETTINGS_KEY];
      if (v !== undefined && (best === undefined || savedAt(v) > savedAt(best))) best = v;
    } catch {
      // This area is unavailable (sync switched off by policy, quota): try the next.
    }
  }
  return best;
}

export async function loadSettings(): Promise<Loaded> {
  try {
    return migrate(await readRaw());
  } catch {
    return { settings: defaults(), problems: ['settings'], dropped: [], migrated: false, revision: 0 };
  }
}

/** Stores the settings (sync first, local when sync refuses); open tabs hear of it at once.
 *  Settings past a limit are refused with the reason, whoever writes them. */
export async function saveSettings(s: Settings): Promise<void> {
  const problem = settingsProblem(s);
  if (problem) throw new Error(`Overture did not save the settings: ${problem}.`);
  const value = { ...s, version: SETTINGS_VERSION, saved_at: Date.now() };
  let last: unknown;
  for (const area of areas()) {
    try {
      await area.set({ [SETTINGS_KEY]: value });
      return;
    } catch (e) {
      last = e;
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

/** Reads, changes and stores the settings in one step. */
export async function updateSettings(change: (s: Settings) => void): Promise<Settings> {
  const { settings } = await loadSettings();
  change(settings);
  await saveSettings(settings);
  return settings;
}

/** Calls `fn` whenever the stored settings change, in any area. */
export function onSettingsChanged(fn: () => void): void {
  chrome.storage.onChanged.addListener((changes) => {
    if (SETTINGS_KEY in changes) fn();
  });
}

/** Adds `item` to `list` or removes it, keeping the list free of duplicates. */
export function toggleIn(list: string[], item: string, present: boolean): string[] {
  const rest = list.filter((x) => x !== item);
  return present ? [...rest, item] : rest;
}

/** Origin patterns (`https://host/*`) the user granted beyond the built-in sites. */
export async function extraOrigins(): Promise<string[]> {
  const builtIn = new Set(chrome.runtime.getManifest().content_scripts?.flatMap((c) => c.matches ?? []) ?? []);
  const { origins = [] } = await chrome.permissions.getAll();
  return origins.filter((o) => !builtIn.has(o) && /^https?:\/\/[^*/]+\/\*$/.test(o));
}
