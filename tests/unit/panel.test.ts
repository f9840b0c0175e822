// The pre-send panel names the findings that cost the most: by severity, then in text order.
import { expect, test } from 'vitest';
import { costliest } from '../../extension/src/ui/panel';
import type { Finding, Report } from '../../extension/src/protocol';

const f = (rule: string, severity: Finding['severity'], category: Finding['category'] = 'pitch'): Finding => ({
  rule,
  category,
  severity,
  start: 0,
  end: 1,
  text: rule,
  message: '',
  suggestions: [],
});

test('severity first, then the order of the text; positives never; at most n', () => {
  const findings = [f('a', 'low'), f('b', 'high'), f('warm', 'high', 'mutuality'), f('c', 'medium'), f('d', 'high'), f('e', 'medium')];
  const report = { findings } as unknown as Report;
  expect(costliest(report).map((x) => x.rule)).toEqual(['b', 'd', 'c']);
  expect(costliest(report, 10).map((x) => x.rule)).toEqual(['b', 'd', 'c', 'e', 'a']);
  expect(costliest({ findings: [f('warm', 'high', 'mutuality')] } as unknown as Report)).toEqual([]);
});
