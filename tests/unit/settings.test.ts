// settings.ts: reading stored values of any shape and age, and the limits on every write.
import { describe, expect, test } from 'vitest';
import { defaults, migrate, MAX_PHRASES, settingsProblem } from '../../extension/src/settings';

describe('migrate', () => {
  test('nothing stored: the defaults, no problem', () => {
    expect(migrate(undefined)).toMatchObject({ settings: defaults(), problems: [], dropped: [], migrated: false });
  });

  test('not an object: the defaults, reported', () => {
    expect(migrate('garbage').problems).toEqual(['settings']);
  });

  test('version 1 is upgraded and keeps what it had', () => {
    const l = migrate({ version: 1, disabled_categories: ['pressure'], custom_phrases: ['synergy'] });
    expect(l.migrated).toBe(true);
    expect(l.settings.disabled_categories).toEqual(['pressure']);
    expect(l.settings.custom_phrases).toEqual(['synergy']);
    expect(l.settings.presend).toBe(true);
  });

  test('an unusable item drops only itself, and is named', () => {
    const l = migrate({
      version: 2,
      never_flag: ['touch base', '', 42, 'circle back', 'touch base'],
      disabled_rules: ['asap', 'Not An Id', 'renamed-rule'],
      disabled_categories: ['pitch', 'nonsense'],
    });
    expect(l.settings.never_flag).toEqual(['touch base', 'circle back']);
    // Whether an id is still in the catalogue is the engine's to say; the shape is checked here.
    expect(l.settings.disabled_rules).toEqual(['asap', 'renamed-rule']);
    expect(l.settings.disabled_categories).toEqual(['pitch']);
    expect(l.dropped).toEqual(['disabled categories: “nonsense”', 'disabled rules: “Not An Id”', 'never flag: “”', 'never flag: 42']);
    expect(l.problems).toEqual([]);
  });

  test('a field of the wrong type is reset and reported; the rest is kept', () => {
    const l = migrate({ version: 2, threshold: 'high', never_flag: 5, custom_phrases: ['synergy'] });
    expect(l.problems.sort()).toEqual(['never_flag', 'threshold']);
    expect(l.settings.threshold).toBe(defaults().threshold);
    expect(l.settings.custom_phrases).toEqual(['synergy']);
  });

  test('past the phrase limit the last ones go, the user\'s own first kept', () => {
    const custom = Array.from({ length: 10 }, (_, i) => `mine ${i}`);
    const never = Array.from({ length: MAX_PHRASES }, (_, i) => `never ${i}`);
    const l = migrate({ version: 2, custom_phrases: custom, never_flag: never });
    expect(l.settings.custom_phrases).toEqual(custom);
    expect(l.settings.never_flag).toHaveLength(MAX_PHRASES - 10);
    expect(l.dropped).toHaveLength(10);
    expect(l.dropped[0]).toContain(`never ${MAX_PHRASES - 10}`);
  });
});

describe('settingsProblem (checked on every write)', () => {
  test('the defaults can be stored', () => {
    expect(settingsProblem(defaults())).toBeNull();
  });

  test('one phrase over the limit is refused, with the reason', () => {
    const s = defaults();
    s.never_flag = Array.from({ length: MAX_PHRASES + 1 }, (_, i) => `p ${i}`);
    expect(settingsProblem(s)).toMatch(/more than the limit/);
  });

  test('an unusable phrase or threshold is refused', () => {
    expect(settingsProblem({ ...defaults(), custom_phrases: ['   '] })).toMatch(/custom phrases/);
    expect(settingsProblem({ ...defaults(), threshold: 101 })).toMatch(/threshold/);
  });
});
