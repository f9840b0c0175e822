// ledger.ts: what the patience ledger keeps, with injected dates and an in-memory store.
import { describe, expect, test } from 'vitest';
import {
  findRecipient, forgetEverything, historyOf, LEDGER_KEY, MAX_RECIPIENTS, normalise, prune, recipientCount, recipientKey,
  recordReply, recordSend, SALT_KEY, type Ledger, type Store,
} from '../../extension/src/ledger';

function memory(): Store & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => structuredClone(data.get(k)),
    set: async (k, v) => void data.set(k, structuredClone(v)),
    remove: async (keys) => keys.forEach((k) => data.delete(k)),
  };
}

describe('findRecipient', () => {
  test('the address inside what a page shows: a pill title, a quote header, an Outlook reply header', () => {
    expect(findRecipient('dana@example.org')).toBe('dana@example.org');
    expect(findRecipient('Dana Kim <dana@example.org>')).toBe('dana@example.org');
    expect(findRecipient('<dana@example.org>')).toBe('dana@example.org');
    expect(findRecipient('On Monday, June 3, 2024, 10:02 AM, Dana Kim <dana@example.org> wrote:')).toBe('dana@example.org');
    expect(findRecipient('From: Dana Kim <dana@example.org>Sent: Monday To: Jordan <jordan@example.org>')).toBe('dana@example.org');
    expect(findRecipient('From: dana.kim@mail.example.co.uk.')).toBe('dana.kim@mail.example.co.uk');
    expect(findRecipient('https://www.linkedin.com/in/dana-kim/?trk=x')).toBe('https://www.linkedin.com/in/dana-kim/?trk=x');
  });

  test('a name alone is no recipient', () => {
    for (const v of ['Dana Kim', '', '   ', 'Dana @ Acme', 'dana@localhost']) expect(findRecipient(v), v).toBeNull();
  });
});

describe('normalise', () => {
  test('addresses: case and space only; dots and plus-tags are kept (only Gmail ignores them, and only on its own domain)', () => {
    expect(normalise('  Dana.Kim+work@Example.ORG ')).toBe('email:dana.kim+work@example.org');
    expect(normalise('danakim@example.org')).not.toBe(normalise('dana.kim@example.org'));
    expect(normalise('mailto:dana@example.org')).toBe('email:dana@example.org');
  });

  test('LinkedIn profiles: with or without trailing slash, query, fragment or locale path', () => {
    const want = 'linkedin:dana-kim-123';
    for (const u of [
      'https://www.linkedin.com/in/dana-kim-123',
      'https://www.linkedin.com/in/dana-kim-123/',
      'https://www.linkedin.com/in/Dana-Kim-123/?miniProfileUrn=urn%3Ali%3Afs',
      'https://linkedin.com/in/dana-kim-123#experience',
      'https://www.linkedin.com/in/dana-kim-123/fr',
    ]) expect(normalise(u), u).toBe(want);
  });

  test('a display name alone is not a recipient', () => {
    expect(normalise('Dana Kim')).toBeNull();
    expect(normalise('')).toBeNull();
  });
});

describe('the ledger', () => {
  test('keys are salted hashes: the address is nowhere in storage, and another install hashes differently', async () => {
    const a = memory();
    const b = memory();
    await recordSend(a, 'dana@example.org', '2026-11-02', false);
    const stored = JSON.stringify([...a.data.values()]);
    expect(stored).not.toContain('dana');
    expect(stored).not.toContain('example');
    expect(await recipientKey(a, 'dana@example.org')).toMatch(/^[0-9a-f]{64}$/);
    expect(await recipientKey(a, 'dana@example.org')).not.toBe(await recipientKey(b, 'dana@example.org'));
    expect(await recipientKey(a, 'DANA@example.org')).toBe(await recipientKey(a, 'dana@example.org'));
  });

  test('sends and the last reply become the engine\'s history', async () => {
    const s = memory();
    await recordSend(s, 'dana@example.org', '2026-11-02', false);
    await recordSend(s, 'dana@example.org', '2026-11-16', true);
    await recordReply(s, 'dana@example.org', '2026-11-05', '2026-11-16');
    await recordReply(s, 'dana@example.org', '2026-11-04', '2026-11-16'); // an older reply changes nothing
    expect(await historyOf(s, 'dana@example.org')).toEqual({
      sends: [{ date: '2026-11-02', follow_up: false }, { date: '2026-11-16', follow_up: true }],
      replies: ['2026-11-05'],
    });
    expect(await historyOf(s, 'someone@else.org')).toEqual({ sends: [], replies: [] });
  });

  test('dates older than the window are pruned, and empty entries go', () => {
    const l: Ledger = {
      entries: {
        a: { s: [['2026-08-01', false], ['2026-11-20', false]], r: '2026-08-02', t: '2026-11-20' },
        b: { s: [['2026-07-01', false]], r: null, t: '2026-07-01' },
      },
    };
    expect(prune(l, '2026-11-30', 60)).toEqual({ entries: { a: { s: [['2026-11-20', false]], r: null, t: '2026-11-20' } } });
  });

  test(`at most ${MAX_RECIPIENTS} recipients, the least recently touched dropped first`, () => {
    const entries: Ledger['entries'] = {};
    for (let i = 0; i < MAX_RECIPIENTS + 5; i++) {
      const day = `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`;
      entries[`k${i}`] = { s: [[day, false]], r: null, t: i < 5 ? '2026-10-15' : day };
    }
    const kept = prune({ entries }, '2026-11-30', 60);
    expect(Object.keys(kept.entries)).toHaveLength(MAX_RECIPIENTS);
    for (let i = 0; i < 5; i++) expect(kept.entries[`k${i}`]).toBeUndefined();
  });

  test('"Forget everything" removes the ledger and the salt at once', async () => {
    const s = memory();
    await recordSend(s, 'dana@example.org', '2026-11-02', false);
    const before = await recipientKey(s, 'dana@example.org');
    expect(await recipientCount(s)).toBe(1);
    await forgetEverything(s);
    expect(s.data.has(LEDGER_KEY)).toBe(false);
    expect(s.data.has(SALT_KEY)).toBe(false);
    expect(await recipientCount(s)).toBe(0);
    // A new salt: the old key means nothing any more.
    expect(await recipientKey(s, 'dana@example.org')).not.toBe(before);
  });

  test('a page that is not a recipient is not recorded', async () => {
    const s = memory();
    expect(await recordSend(s, 'Dana Kim', '2026-11-02', false)).toBe(false);
    expect(s.data.size).toBe(0);
  });
});
