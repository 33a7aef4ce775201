import {
  compareFindings,
  Finding,
  Inventory,
} from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../__testUtils__/scan';
import { LINT_RULES } from './rules';
import { lintCatalogue, runLints } from './runLints';

jest.setTimeout(60_000);

describe('runLints', () => {
  let fx: ScanFixture;
  let inventory: Inventory;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.open_notes (id int primary key, password text);
      create table public.audit_log (at timestamptz, action text);
      create table public.children (id int primary key, note_id int references public.open_notes (id));
      create function public.plain() returns int language sql as $$ select 1 $$;
      create table public.locked (id int primary key);
      alter table public.locked enable row level security;
    `);
    inventory = await fx.inventory();
  });
  afterAll(() => fx.db.drop());

  const names = (findings: Finding[]) =>
    [...new Set(findings.map(f => f.name))].sort();

  it('runs every rule by default and sorts findings worst first', () => {
    const result = runLints(inventory);
    expect(result.rules).toEqual(LINT_RULES.map(r => r.name));
    expect(result.suppressed).toEqual([]);
    expect(names(result.findings)).toEqual([
      'function_search_path_mutable',
      'no_primary_key',
      'rls_disabled_in_public',
      'rls_enabled_no_policy',
      'sensitive_columns_exposed',
      'unindexed_foreign_keys',
    ]);
    expect([...result.findings].sort(compareFindings)).toEqual(result.findings);
    // ERRORs first, then WARN, then INFO; within a level, higher severity first.
    const levels = result.findings.map(f => f.level);
    expect(levels.indexOf('INFO')).toBeGreaterThan(levels.lastIndexOf('WARN'));
    expect(levels.indexOf('WARN')).toBeGreaterThan(levels.lastIndexOf('ERROR'));
    const rank = { ERROR: 3, WARN: 2, INFO: 1 };
    const ranks = result.findings.map(f => rank[f.level] * 10 + f.severity);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(result.findings[0]).toMatchObject({ level: 'ERROR', severity: 5 });
  });

  it('runs only the rules of one category with `only`', () => {
    const security = runLints(inventory, { only: 'SECURITY' });
    expect(names(security.findings)).toEqual([
      'function_search_path_mutable',
      'rls_disabled_in_public',
      'rls_enabled_no_policy',
      'sensitive_columns_exposed',
    ]);
    expect(security.rules).not.toContain('no_primary_key');
    expect(
      security.findings.every(f => f.categories.includes('SECURITY')),
    ).toBe(true);
    const performance = runLints(inventory, { only: 'PERFORMANCE' });
    expect(names(performance.findings)).toEqual([
      'no_primary_key',
      'unindexed_foreign_keys',
    ]);
  });

  it('skips the rules named in `exclude`', () => {
    const result = runLints(inventory, {
      exclude: ['rls_disabled_in_public', 'no_primary_key'],
    });
    expect(result.rules).not.toContain('rls_disabled_in_public');
    expect(result.rules).toHaveLength(LINT_RULES.length - 2);
    expect(names(result.findings)).toEqual([
      'function_search_path_mutable',
      'rls_enabled_no_policy',
      'sensitive_columns_exposed',
      'unindexed_foreign_keys',
    ]);
    expect(result.suppressed).toEqual([]);
  });

  it('moves findings an exclusion file accepts to `suppressed`, with the reason', () => {
    const all = runLints(inventory).findings;
    const result = runLints(inventory, {
      exclusions: {
        rules: [{ name: 'no_primary_key', reason: 'append-only log tables' }],
        findings: [
          {
            cache_key: 'rls_disabled_in_public_public_open_notes',
            reason: 'demo data, public by design',
          },
          {
            cache_key: 'rls_disabled_in_public_public_gone',
            reason: 'matches nothing',
          },
        ],
      },
    });
    expect(result.rules).toContain('no_primary_key');
    expect(
      result.suppressed.map(s => [s.finding.cache_key, s.reason]).sort(),
    ).toEqual([
      ['no_primary_key_public_audit_log', 'append-only log tables'],
      [
        'rls_disabled_in_public_public_open_notes',
        'demo data, public by design',
      ],
    ]);
    expect(result.findings.map(f => f.cache_key)).not.toContain(
      'rls_disabled_in_public_public_open_notes',
    );
    expect(names(result.findings)).not.toContain('no_primary_key');
    expect(result.findings.length + result.suppressed.length).toBe(all.length);
    // Other findings of the same rule stay reported.
    expect(result.findings.map(f => f.cache_key)).toContain(
      'rls_disabled_in_public_public_children',
    );
  });
});

describe('lintCatalogue', () => {
  it('documents every rule once, without its detection', () => {
    const catalogue = lintCatalogue();
    expect(catalogue.map(r => r.name)).toEqual(LINT_RULES.map(r => r.name));
    expect(new Set(catalogue.map(r => r.name)).size).toBe(catalogue.length);
    for (const entry of catalogue) {
      expect(entry).not.toHaveProperty('detect');
      expect(entry.name).toMatch(/^[a-z0-9_]+$/);
      for (const field of [
        'title',
        'description',
        'remediation',
        'guidance',
      ] as const) {
        expect({
          rule: entry.name,
          [field]: entry[field].trim().length > 0,
        }).toEqual({
          rule: entry.name,
          [field]: true,
        });
      }
      expect(entry.categories.length).toBeGreaterThan(0);
      expect(entry.severity).toBeGreaterThanOrEqual(1);
      expect(entry.severity).toBeLessThanOrEqual(5);
    }
  });
});
