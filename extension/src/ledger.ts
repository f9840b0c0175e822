// The patience ledger (issue 13): per recipient, only the dates of notes sent from a compose box
// where Overture ran, whether each was a follow-up, and the date a reply was last seen. Never
// the text, never the plain address or name: a recipient is a salted SHA-256 of their
// normalised address or profile URL, with a salt made once per install and kept in
// `storage.local` (never synced). Bounded: at most MAX_RECIPIENTS, the least recently touched
// dropped first, and dates older than the window pruned. What the dates mean (the count, the
// window, a reply's reset) is the engine's `patience` module; this file only keeps them.

/** Most recipients kept. */
export const MAX_RECIPIENTS = 2000;

/** A day as `YYYY-MM-DD` (UTC), the engine's `Day`. */
export type Day = string;

export interface Entry {
  /** Notes sent: [day, was a follow-up]. */
  s: Array<[Day, boolean]>;
  /** The last day a reply was seen, if any. */
  r: Day | null;
  /** The last day this entry changed (for dropping the oldest first). */
  t: Day;
}

export interface Ledger {
  entries: Record<string, Entry>;
}

/** The storage the ledger lives in (`chrome.storage.local`, or a map in tests). */
export interface Store {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export const SALT_KEY = 'ledger_salt';
export const LEDGER_KEY = 'ledger';

/**
 * The form of a recipient that is hashed. Addresses are trimmed and lower-cased, and nothing
 * else: dots and `+tags` are left as they are, because only Gmail ignores them, and only on its
 * own domain (a Workspace or any other domain may deliver `a.b@` and `ab@` to different
 * people); guessing wrong would merge two people's histories. LinkedIn profile URLs keep only
 * `/in/<name>` (no query, fragment, trailing slash or locale path), lower-cased.
 */
export function normalise(recipient: string): string | null {
  const r = recipient.trim();
  if (!r) return null;
  const profile = /linkedin\.com\/in\/([^/?#\s]+)/i.exec(r);
  if (profile) return `linkedin:${decodeURIComponent(profile[1]).toLowerCase()}`;
  const email = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.exec(r.replace(/^mailto:/i, ''));
  if (email) return `email:${email[0].toLowerCase()}`;
  return null;
}

/**
 * The recipient named in what a page shows: the value itself when it is an address or profile
 * URL, else the address in angle brackets ("Dana Kim <dana@example.org>"), else the first
 * address or profile URL in it ("From: Dana Kim <dana@…> Sent: …"). Null when it holds only a
 * name.
 */
export function findRecipient(value: string): string | null {
  const v = value.trim();
  if (normalise(v)) return v;
  const bracketed = /<\s*([^\s<>@]+@[^\s<>@]+)\s*>/.exec(v);
  if (bracketed && normalise(bracketed[1])) return bracketed[1];
  const address = /[^\s<>@"'(),;:[\]]+@[^\s<>@"'(),;:[\]]+\.[^\s<>@"'(),;:[\].]+/.exec(v);
  if (address) return address[0];
  const profile = /(?:https?:\/\/)?(?:[\w-]+\.)?linkedin\.com\/in\/[^/?#\s]+/i.exec(v);
  return profile ? profile[0] : null;
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The install's salt, made on first use. */
export async function salt(store: Store): Promise<string> {
  const have = await store.get(SALT_KEY);
  if (typeof have === 'string' && have.length >= 32) return have;
  const made = hex(crypto.getRandomValues(new Uint8Array(16)).buffer);
  await store.set(SALT_KEY, made);
  return made;
}

/** The recipient's key in the ledger: SHA-256 of the salt and the normalised recipient. */
export async function recipientKey(store: Store, recipient: string): Promise<string | null> {
  const n = normalise(recipient);
  if (!n) return null;
  const data = new TextEncoder().encode(`${await salt(store)}\n${n}`);
  return hex(await crypto.subtle.digest('SHA-256', data));
}

export function dayOf(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

function daysBetween(a: Day, b: Day): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

async function load(store: Store): Promise<Ledger> {
  const v = (await store.get(LEDGER_KEY)) as Ledger | undefined;
  return v && typeof v === 'object' && v.entries && typeof v.entries === 'object' ? v : { entries: {} };
}

/** Drops dates older than the window, entries left empty, and the least recently touched past
 *  the bound. */
export function prune(ledger: Ledger, today: Day, windowDays: number): Ledger {
  const entries: Record<string, Entry> = {};
  for (const [k, e] of Object.entries(ledger.entries)) {
    const s = e.s.filter(([d]) => daysBetween(d, today) <= windowDays);
    const r = e.r && daysBetween(e.r, today) <= windowDays ? e.r : null;
    if (s.length || r) entries[k] = { s, r, t: e.t };
  }
  const keys = Object.keys(entries);
  if (keys.length > MAX_RECIPIENTS) {
    keys.sort((a, b) => (entries[a].t < entries[b].t ? -1 : entries[a].t > entries[b].t ? 1 : 0));
    for (const k of keys.slice(0, keys.length - MAX_RECIPIENTS)) delete entries[k];
  }
  return { entries };
}

async function change(store: Store, recipient: string, today: Day, windowDays: number, fn: (e: Entry) => void): Promise<boolean> {
  const key = await recipientKey(store, recipient);
  if (!key) return false;
  const ledger = await load(store);
  const e = ledger.entries[key] ?? { s: [], r: null, t: today };
  fn(e);
  e.t = today;
  ledger.entries[key] = e;
  await store.set(LEDGER_KEY, prune(ledger, today, windowDays));
  return true;
}

/** Notes that a message went to `recipient` today. */
export function recordSend(store: Store, recipient: string, today: Day, followUp: boolean, windowDays = 60): Promise<boolean> {
  return change(store, recipient, today, windowDays, (e) => e.s.push([today, followUp]));
}

/** Notes that the page shows a reply from `recipient`, on `day`. */
export function recordReply(store: Store, recipient: string, day: Day, today: Day, windowDays = 60): Promise<boolean> {
  return change(store, recipient, today, windowDays, (e) => {
    if (!e.r || e.r < day) e.r = day;
  });
}

/** The recipient's history, in the shape the engine reads (`overture check --history`). */
export async function historyOf(store: Store, recipient: string): Promise<{ sends: Array<{ date: Day; follow_up: boolean }>; replies: Day[] } | null> {
  const key = await recipientKey(store, recipient);
  if (!key) return null;
  const e = (await load(store)).entries[key];
  return { sends: (e?.s ?? []).map(([date, follow_up]) => ({ date, follow_up })), replies: e?.r ? [e.r] : [] };
}

/** How many recipients the ledger holds (the options page shows the count only). */
export async function recipientCount(store: Store): Promise<number> {
  return Object.keys((await load(store)).entries).length;
}

/** "Forget everything": the ledger and the salt, at once. */
export function forgetEverything(store: Store): Promise<void> {
  return store.remove([LEDGER_KEY, SALT_KEY]);
}

/** `chrome.storage.local` as a `Store`. */
export function localStore(): Store {
  return {
    get: async (key) => (await chrome.storage.local.get(key))[key],
    set: (key, value) => chrome.storage.local.set({ [key]: value }),
    remove: (keys) => chrome.storage.local.remove(keys),
  };
}
