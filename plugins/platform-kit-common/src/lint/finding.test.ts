import {
  compareFindings,
  Finding,
  findingSchema,
  levelAtLeast,
} from './finding';
import { exclusionsFileSchema } from './exclusions';

const finding = (over: Partial<Finding>): Finding => ({
  name: 'rls_disabled_in_public',
  title: 'RLS Disabled in Public',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description: 'd',
  detail: 'x',
  remediation: 'https://example.test',
  metadata: { schema: 'public', name: 't', type: 'table' },
  cache_key: 'k',
  severity: 4,
  fixable: true,
  ...over,
});

describe('findings', () => {
  it('compares levels against a threshold', () => {
    expect(levelAtLeast('ERROR', 'WARN')).toBe(true);
    expect(levelAtLeast('WARN', 'WARN')).toBe(true);
    expect(levelAtLeast('INFO', 'WARN')).toBe(false);
  });

  it('orders worst first: level, then severity, then rule and cache key', () => {
    const list = [
      finding({ level: 'INFO', severity: 5, cache_key: 'a' }),
      finding({ level: 'ERROR', severity: 3, cache_key: 'b' }),
      finding({ level: 'ERROR', severity: 5, name: 'z_rule', cache_key: 'c' }),
      finding({ level: 'ERROR', severity: 5, name: 'a_rule', cache_key: 'd' }),
    ].sort(compareFindings);
    expect(list.map(f => f.cache_key)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('validates the Supabase shape plus severity 1-5', () => {
    expect(findingSchema.safeParse(finding({})).success).toBe(true);
    expect(findingSchema.safeParse(finding({ severity: 6 })).success).toBe(
      false,
    );
    expect(
      findingSchema.safeParse({ ...finding({}), level: 'FATAL' }).success,
    ).toBe(false);
    expect(
      findingSchema.parse(finding({ metadata: { schema: 's', extra: [1] } }))
        .metadata.extra,
    ).toEqual([1]);
  });

  it('requires a reason for every accepted risk', () => {
    expect(exclusionsFileSchema.parse({})).toEqual({ rules: [], findings: [] });
    expect(
      exclusionsFileSchema.safeParse({ rules: [{ name: 'unused_index' }] })
        .success,
    ).toBe(false);
    expect(
      exclusionsFileSchema.safeParse({
        findings: [{ cache_key: 'k', reason: '' }],
      }).success,
    ).toBe(false);
  });
});
