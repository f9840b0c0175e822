// The user's settings: one versioned object in the browser's extension storage, read by the
// worker (engine settings), the content scripts (sites, pre-send check) and the options page.
// `storage.sync` is used where the browser has it and lets us write; otherwise
// `storage.local`. A corrupt or hand-edited field falls back to its default and is reported,
// so the options page can say so; it never breaks a page.
import { LIMITS } from '../../target/generated/facts';
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
  };
}

/** What reading the stored value found. */
export interface Loaded {
  settings: Settings;
  /** Fields that were unreadable and were reset to their defaults ("settings" for all). */
  problems: string[];
  /** The stored value was an older version and was upgraded. */
  migrated: boolean;
  /** When the value was saved (0 if never): the worker compares it to know it is current. */
  revision: number;
}

const savedAt = (v: unknown) => (v && typeof v === 'object' && typeof (v as { saved_at?: unknown }).saved_at === 'number' ? (v as { saved_at: number }).saved_at : 0);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

const VALIDATORS: { [K in keyof Settings]?: (v: unknown) => boolean } = {
  threshold: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100,
  presend: (v) => typeof v === 'boolean',
  disabled_categories: (v) => isStrings(v) && v.every((c) => c in CATEGORY_LABELS),
  disabled_rules: (v) => isStrings(v) && v.every((id) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)),
  custom_phrases: isStrings,
  never_flag: isStrings,
  disabled_sites: isStrings,
  presend_off_sites: isStrings,
};

/**
 * Reads a stored value of any version into current settings. Version 1 (before the pre-send
 * check and sites existed) and unversioned values are upgraded by filling the new fields
 * with their defaults; a newer version keeps the fields this one knows.
 */
export function migrate(raw: unknown): Loaded {
  const settings = defaults();
  if (raw === undefined || raw === null) return { settings, problems: [], migrated: false, revision: 0 };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings, problems: ['settings'], migrated: false, revision: 0 };
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, valid] of Object.entries(VALIDATORS) as Array<[keyof Settings, (v: unknown) => boolean]>) {
    if (!(key in r)) continue;
    if (valid(r[key])) (settings as unknown as Record<string, unknown>)[key] = r[key];
    else problems.push(key);
  }
  // One unusable phrase (hand-edited, too long) drops only itself.
  for (const key of ['custom_phrases', 'never_flag'] as const) {
    const usable = settings[key].filter((p) => phraseProblem(p) === null);
    if (usable.length !== settings[key].length) problems.push(key);
    settings[key] = usable;
  }
  if ([...settings.custom_phrases, ...settings.never_flag].length > MAX_PHRASES) {
    problems.push('custom_phrases', 'never_flag');
    settings.custom_phrases = [];
    settings.never_flag = [];
  }
  const version = typeof r.version === 'number' ? r.version : 1;
  return { settings, problems, migrated: version < SETTINGS_VERSION, revision: savedAt(raw) };
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
    return { settings: defaults(), problems: ['settings'], migrated: false, revision: 0 };
  }
}

/** Stores the settings (sync first, local when sync refuses); open tabs hear of it at once. */
export async function saveSettings(s: Settings): Promise<void> {
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
