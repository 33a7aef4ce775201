import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import {
  ApplyOutcome,
  applyOutcomeSchema,
  RemediationPlan,
  remediationPlanSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { readRpcCalls } from './__testUtils__/probeCalls';
import {
  APP_SOURCE_DIR,
  applyFixture,
  DependantFixture,
  dependantFixtures,
} from './__testUtils__/probeFixtures';
import {
  compareProbes,
  planProbes,
  ProbeChange,
  runProbes,
} from './__testUtils__/probes';
import { createProjectOwner, ProjectOwner } from './__testUtils__/probeOwner';
import { runCli } from './__testUtils__/runCli';

jest.setTimeout(600_000);

/** A superuser connection of the test database. */
type Client = Awaited<ReturnType<TestDatabase['connect']>>;

/** Where the figures go when PLATFORM_KIT_FIGURES is set (for the closing note). */
const FIGURES_FILE = path.join(os.tmpdir(), 'issue16-fixture-figures.json');

interface FixtureRun {
  plan: RemediationPlan;
  outcome: ApplyOutcome;
  exitCode: number;
  regressions: ProbeChange[];
  changed: ProbeChange[];
  findingsBefore: string[];
  findingsAfter: string[];
  /** `db fix --apply` once more, as the needs-a-human reasons suggest ("then plan again"). */
  second: {
    outcome: ApplyOutcome;
    regressions: ProbeChange[];
    changed: ProbeChange[];
    newFindings: string[];
  };
}

const parseOutcome = (run: {
  code: number;
  stdout: string;
  stderr: string;
}) => {
  try {
    return applyOutcomeSchema.parse(JSON.parse(run.stdout));
  } catch {
    throw new Error(
      `db fix --apply exited ${run.code}: ${run.stdout}${run.stderr}`,
    );
  }
};

const findingKeys = async (url: string) => {
  const lint = await runCli(['db', 'lint', '--db', url, '--format', 'json']);
  return (JSON.parse(lint.stdout) as { cache_key: string }[])
    .map(f => f.cache_key)
    .sort();
};

/** Probes, `db fix --apply` with the default plan and the app's source, probes again. */
async function fixAndProbe(
  db: TestDatabase,
  fixture: DependantFixture,
  asOwner: boolean,
): Promise<FixtureRun & { owner?: ProjectOwner }> {
  const admin = await db.connect();
  const owner = asOwner ? await createProjectOwner(admin, db) : undefined;
  const url = owner?.url ?? db.url;
  if (owner) await admin.query(`SET ROLE "${owner.role}"`);
  await applyFixture(admin, fixture);
  await admin.query('RESET ROLE');
  const probes = await planProbes(admin, {
    rpcCalls: readRpcCalls(APP_SOURCE_DIR),
    declared: fixture.declared,
  });
  const before = await runProbes(admin, probes, fixture.userId);
  const findingsBefore = await findingKeys(url);

  const args = ['db', 'fix', '--db', url, '--app-source', APP_SOURCE_DIR];
  const dry = await runCli([...args, '--format', 'json']);
  if (dry.code !== 0) throw new Error(`db fix (plan): ${dry.stderr}`);
  const plan = remediationPlanSchema.parse(JSON.parse(dry.stdout));
  const applied = await runCli([...args, '--apply', '--format', 'json']);
  const outcome = parseOutcome(applied);
  const after = await runProbes(admin, probes, fixture.userId);
  const findingsAfter = await findingKeys(url);

  const again = parseOutcome(
    await runCli([...args, '--apply', '--format', 'json']),
  );
  const afterAgain = await runProbes(admin, probes, fixture.userId);
  return {
    plan,
    outcome,
    exitCode: applied.code,
    ...compareProbes(before, after),
    findingsBefore,
    findingsAfter,
    second: {
      outcome: again,
      ...compareProbes(before, afterAgain),
      newFindings: (await findingKeys(url)).filter(
        k => !findingsBefore.includes(k),
      ),
    },
    owner,
  };
}

function figuresOf(run: FixtureRun) {
  const status = (s: string) =>
    run.outcome.findings.filter(f => f.status === s);
  const outcomeOf = (key: string) =>
    run.outcome.findings.find(f => f.findingKey === key);
  return {
    status: run.outcome.status,
    exitCode: run.exitCode,
    findingsBefore: run.findingsBefore.length,
    findingsAfter: run.findingsAfter.length,
    patches: run.plan.patches.length,
    skipped: run.plan.skipped.length,
    applied: status('applied').length,
    needsHuman: status('needs-human').length,
    rolledBack: status('rolled-back').length,
    notRun: status('not-run').length,
    notRunFindings: status('not-run').map(f => ({
      finding: f.findingKey,
      reason: f.reason,
    })),
    regressions: run.regressions,
    changedResults: run.changed,
    newFindings: run.findingsAfter.filter(k => !run.findingsBefore.includes(k)),
    preflight: run.plan.preflight,
    secondRun: {
      status: run.second.outcome.status,
      applied: run.second.outcome.findings
        .filter(f => f.status === 'applied')
        .map(f => f.findingKey),
      regressions: run.second.regressions,
      changedResults: run.second.changed,
      newFindings: run.second.newFindings,
    },
    skippedFindings: run.plan.skipped.map(s => ({
      finding: s.findingKey,
      reason: s.reason,
    })),
    needsHumanFindings: status('needs-human').map(f => ({
      finding: f.findingKey,
      reason: f.reason,
    })),
    rolledBackFindings: status('rolled-back').map(f => ({
      finding: f.findingKey,
      reason: f.reason,
    })),
    appliedFindings: run.plan.patches
      .filter(p => outcomeOf(p.findingKey)?.status === 'applied')
      .map(p => ({
        finding: p.findingKey,
        steps: p.steps.map(s => s.sql),
      })),
  };
}

function recordFigures(key: string, figures: ReturnType<typeof figuresOf>) {
  console.log(
    `${key}: ${figures.status}, ${figures.patches} patches, ${figures.applied} applied, ${figures.needsHuman} needs a human, ${figures.rolledBack} rolled back, ${figures.notRun} not run, ${figures.skipped} skipped; ${figures.regressions.length} regressions, ${figures.changedResults.length} changed results, ${figures.newFindings.length} new findings; run again: ${figures.secondRun.applied.length} applied, ${figures.secondRun.regressions.length} regressions`,
  );
  if (!process.env.PLATFORM_KIT_FIGURES) return;
  const all = fs.existsSync(FIGURES_FILE)
    ? JSON.parse(fs.readFileSync(FIGURES_FILE, 'utf8'))
    : {};
  all[key] = figures;
  fs.writeFileSync(FIGURES_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

const fixtures = dependantFixtures().map(f => [f.name, f] as const);

describe.each(
  fixtures.flatMap(([name, fixture]) => [
    [name, 'the superuser', fixture, false] as const,
    [name, 'the project owner (no superuser)', fixture, true] as const,
  ]),
)(
  'db fix --apply on the %s fixture as %s (default plan, the app source given)',
  (name, _who, fixture, asOwner) => {
    let db: TestDatabase;
    let run: FixtureRun & { owner?: ProjectOwner };

    beforeAll(async () => {
      db = await createTestDatabase();
      run = await fixAndProbe(db, fixture, asOwner);
      recordFigures(
        `${name}@pg${db.serverMajorVersion}${asOwner ? ' as owner' : ''}`,
        figuresOf(run),
      );
    });
    afterAll(async () => {
      await run?.owner?.drop();
      await db?.drop();
    });

    it('has findings of every class to fix', () => {
      expect(run.plan.appSource?.files).toBeGreaterThan(0);
      const lints = [
        'anon_security_definer_function_executable',
        'authenticated_security_definer_function_executable',
        'auth_rls_initplan',
        'function_search_path_mutable',
        'rls_disabled_in_public',
        'unindexed_foreign_keys',
        ...(name === 'avatars' ? [] : ['extension_in_public']),
      ];
      expect(
        lints.filter(lint => !run.plan.patches.some(p => p.lint === lint)),
      ).toEqual([]);
    });

    it('revokes EXECUTE on the definer function nothing uses', () => {
      const keys = run.plan.patches
        .filter(
          p =>
            p.lint.endsWith('_security_definer_function_executable') &&
            fixture.unused.some(fn => p.findingKey.includes(`_public_${fn}_`)),
        )
        .map(p => p.findingKey);
      expect(keys).toHaveLength(2 * fixture.unused.length);
      expect(
        keys.map(
          k =>
            `${k}: ${
              run.outcome.findings.find(f => f.findingKey === k)?.status
            }`,
        ),
      ).toEqual(keys.map(k => `${k}: applied`));
    });

    it('breaks no probe that worked before (anon and authenticated)', () => {
      expect(run.regressions).toEqual([]);
    });

    it('keeps what each role sees and reaches (row counts, rows written)', () => {
      expect(run.changed).toEqual([]);
    });

    it('refuses no fixable finding for missing metadata', () => {
      const reasons = [
        ...run.plan.skipped.map(s => `${s.findingKey}: ${s.reason}`),
        ...run.plan.patches
          .filter(p => p.manual)
          .map(p => `${p.findingKey}: ${p.manual!.reason}`),
        ...run.outcome.findings.map(f => `${f.findingKey}: ${f.reason ?? ''}`),
      ];
      expect(reasons.filter(r => /has no metadata/i.test(r))).toEqual([]);
    });

    it('creates no new findings', () => {
      expect(
        run.findingsAfter.filter(k => !run.findingsBefore.includes(k)),
      ).toEqual([]);
    });

    it('fixes every finding of the plan or reports it with its reason', () => {
      const unaccounted = run.plan.patches.flatMap(p => {
        const outcome = run.outcome.findings.find(
          f => f.findingKey === p.findingKey,
        );
        if (!outcome) return [`${p.findingKey}: no outcome`];
        if (outcome.status === 'applied')
          return run.findingsAfter.includes(p.findingKey) ||
            run.outcome.remaining.includes(p.findingKey)
            ? [`${p.findingKey}: applied, but still found`]
            : [];
        return outcome.reason?.trim()
          ? []
          : [`${p.findingKey}: ${outcome.status} without a reason`];
      });
      expect(unaccounted).toEqual([]);
      expect(run.plan.skipped.filter(s => !s.reason.trim())).toEqual([]);
    });

    it('breaks nothing either when run once more (as "plan again" suggests)', () => {
      expect({
        regressions: run.second.regressions,
        changed: run.second.changed,
        newFindings: run.second.newFindings,
      }).toEqual({ regressions: [], changed: [], newFindings: [] });
    });

    it('does not fail as a whole', () => {
      expect({
        status: run.outcome.status,
        reason: run.outcome.reason,
      }).not.toMatchObject({ status: 'failed' });
    });
  },
);

/** Which routines of user schemas `authenticated` may execute, by OID (a move keeps the OID). */
async function authenticatedExecutes(
  admin: Client,
): Promise<Map<string, { fn: string; can: boolean }>> {
  const { rows } = await admin.query<{ oid: string; fn: string; can: boolean }>(
    `SELECT p.oid::text AS oid, p.oid::regprocedure::text AS fn,
            has_function_privilege('authenticated', p.oid, 'EXECUTE') AS can
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'auth', 'storage', 'extensions')
        AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                           AND d.objid = p.oid AND d.deptype = 'e')`,
  );
  return new Map(rows.map(r => [r.oid, { fn: r.fn, can: r.can }]));
}

describe.each(fixtures)(
  'db fix --apply of the anon_ findings only on the %s fixture',
  (_name, fixture) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db?.drop());

    it('takes EXECUTE from anon only: signed-in users keep every routine and probe', async () => {
      const admin = await db.connect();
      await applyFixture(admin, fixture);
      const probes = await planProbes(admin, {
        rpcCalls: readRpcCalls(APP_SOURCE_DIR),
        declared: fixture.declared,
      });
      const before = await runProbes(admin, probes, fixture.userId);
      const executes = await authenticatedExecutes(admin);
      const applied = await runCli([
        'db',
        'fix',
        '--db',
        db.url,
        '--app-source',
        APP_SOURCE_DIR,
        '--lint',
        'anon_security_definer_function_executable',
        '--apply',
        '--format',
        'json',
      ]);
      const outcome = applyOutcomeSchema.parse(JSON.parse(applied.stdout));
      expect(outcome.findings.some(f => f.status === 'applied')).toBe(true);
      const after = await authenticatedExecutes(admin);
      expect(
        [...executes]
          .filter(([oid, was]) => after.get(oid)?.can !== was.can)
          .map(([, was]) => was.fn),
      ).toEqual([]);
      const authenticatedOnly = (results: Record<string, string>) =>
        Object.fromEntries(
          Object.entries(results).filter(([id]) =>
            id.startsWith('authenticated '),
          ),
        );
      expect(
        compareProbes(
          authenticatedOnly(before),
          authenticatedOnly(await runProbes(admin, probes, fixture.userId)),
        ),
      ).toEqual({ regressions: [], changed: [] });
    });
  },
);
