import { parseSql, squawkLint } from '@platform-kit/devtools';
import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan } from '../buildPlan';
import { renderPlanSql } from '../renderPlan';

jest.setTimeout(60_000);

const LINT = 'extension_versions_outdated';

describe('extension_versions_outdated patch', () => {
  let fx: ScanFixture;
  let client: Client;
  const version = async () =>
    (
      await client.query(
        `select extversion from pg_extension where extname = 'citext'`,
      )
    ).rows[0].extversion;
  const use = async () =>
    (
      await client.query(
        `select email::text, email = 'A@EXAMPLE.COM' as same, public."select"('B@Example.com') as fn,
                public.greeting_same() as zero
           from "we""ird sch€ma".people order by id`,
      )
    ).rows;

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    // PostgreSQL 13 to 17 ship citext 1.4 next to the default version.
    await fx.sql(`
      create extension citext version '1.4' schema extensions;
      create schema "we""ird sch€ma";
      create table "we""ird sch€ma".people (
        id int generated always as identity primary key,
        email extensions.citext not null default 'a@example.com'
      );
      insert into "we""ird sch€ma".people default values;
      create function public."select"(e text) returns boolean language sql stable
        set search_path = public, extensions as $$ select e::citext = 'b@EXAMPLE.com' $$;
      -- a routine without arguments, and one with an empty search_path
      create function public.greeting_same() returns boolean language sql stable
        set search_path = '' as $$ select 'Hi'::extensions.citext OPERATOR(extensions.=) 'HI' $$;
    `);
    client = await fx.db.connect();
    await client.query(`set search_path = "$user", public, extensions`);
  });
  afterAll(() => fx.db.drop());

  it('updates the extension to its default version, and what uses it keeps working', async () => {
    const before = await use();
    expect(before).toEqual([
      { email: 'a@example.com', same: true, fn: true, zero: true },
    ]);
    const findings = await fx.findings(LINT);
    expect(findings.map(f => f.cache_key)).toEqual([`${LINT}_citext_1.4`]);
    const defaultVersion = findings[0].metadata.default_version as string;

    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: [LINT],
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.patches).toEqual([
      {
        lint: LINT,
        findingKey: `${LINT}_citext_1.4`,
        title: `Update extension citext from 1.4 to ${defaultVersion}`,
        manual: null,
        dependants: [],
        probes: [],
        steps: [
          {
            id: 'update-extension:citext',
            sql: `ALTER EXTENSION "citext" UPDATE TO '${defaultVersion}'`,
            rationale: expect.stringContaining('update scripts'),
            risk: 'safe',
            transactional: true,
            resolves: [`${LINT}_citext_1.4`],
            tables: [],
            functions: [],
          },
        ],
      },
    ]);

    const sql = renderPlanSql(plan);
    await expect(parseSql(sql)).resolves.toBe(3 + 1 + 1);
    expect(squawkLint(sql)).toEqual([]);

    await applyPlanSql(fx.db.url, plan);
    expect(await version()).toBe(defaultVersion);
    expect(await fx.findings(LINT)).toEqual([]);
    expect(await use()).toEqual(before);
    await client.query(`insert into "we""ird sch€ma".people default values`);
    expect(await use()).toHaveLength(2);

    // Idempotent: updating to the installed version only notes it.
    await applyPlanSql(fx.db.url, plan);
    expect(await version()).toBe(defaultVersion);
  });

  it('skips a finding without an extension name', async () => {
    const finding: Finding = {
      name: LINT,
      title: 'Extension Versions Outdated',
      level: 'WARN',
      facing: 'EXTERNAL',
      categories: ['SECURITY'],
      description: 'Detects extensions that are not using the default version.',
      detail: 'Extension `citext` is using version `1.4`.',
      remediation: 'https://example.com',
      metadata: { schema: 'extensions', type: 'extension' },
      cache_key: `${LINT}_citext_1.4`,
      severity: 3,
      fixable: true,
    };
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings: [finding],
    });
    expect(plan.skipped).toEqual([
      {
        findingKey: finding.cache_key,
        reason: `finding ${finding.cache_key} has no metadata.name`,
      },
    ]);
  });

  it('skips a finding whose extension is gone from the inventory', async () => {
    const findings: Finding[] = [
      {
        name: LINT,
        title: 'Extension Versions Outdated',
        level: 'WARN',
        facing: 'EXTERNAL',
        categories: ['SECURITY'],
        description:
          'Detects extensions that are not using the default version.',
        detail: 'Extension `gone` is using version `1.0`.',
        remediation: 'https://example.com',
        metadata: { name: 'gone', schema: 'extensions', type: 'extension' },
        cache_key: `${LINT}_gone_1.0`,
        severity: 3,
        fixable: true,
      },
    ];
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
    });
    expect(plan.patches).toEqual([]);
    expect(plan.skipped).toEqual([
      {
        findingKey: `${LINT}_gone_1.0`,
        reason: 'extension gone is not in the inventory',
      },
    ]);
  });
});
