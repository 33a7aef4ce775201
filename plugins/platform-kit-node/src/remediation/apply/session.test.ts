import { findFreePort } from '@platform-kit/devtools';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { testPatch, testPlan, testStep } from './__testUtils__/handPlans';
import { applyPlan } from './applyPlan';
import { endApplySession } from './session';
import { ApplySession } from './types';

// Plans here are written by hand: the applier only needs planSteps.
jest.mock('../builders', () => ({ PATCH_BUILDERS: [] }));

jest.setTimeout(90_000);

const enableRls = (table: string) =>
  testPlan([
    testPatch(`k-${table}`, [
      testStep(
        `enable-rls-${table}`,
        `ALTER TABLE "public"."${table}" ENABLE ROW LEVEL SECURITY`,
      ),
    ]),
  ]);

describe("an apply's database session", () => {
  let fx: ScanFixture;
  let admin: Client;

  const rlsOn = async (table: string) =>
    (
      await admin.query(
        'SELECT relrowsecurity AS on FROM pg_class WHERE oid = $1::regclass',
        [`public.${table}`],
      )
    ).rows[0].on as boolean;
  const alive = async (pid: number) =>
    (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]))
      .rows.length > 0;

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    admin = await fx.db.connect();
  });
  afterAll(() => fx.db.drop());

  it('is told before anything runs; ended while blocked on a lock, the apply never commits', async () => {
    await fx.sql('CREATE TABLE public.held (id int PRIMARY KEY)');
    const holder = await fx.db.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE public.held IN ACCESS EXCLUSIVE MODE');
    let told: ApplySession | undefined;
    const outcome = applyPlan({
      connectionString: fx.db.url,
      advisoryLockKey: fx.db.name,
      plan: enableRls('held'),
      rescan: async () => [],
      guards: { lockTimeoutMs: 30_000, statementTimeoutMs: 60_000 },
      onSession: async session => {
        told = session;
      },
    });
    // Blocked on the test's lock.
    for (let i = 0; i < 200; i++) {
      const waiting = told
        ? await admin.query(
            `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
            [told.pid],
          )
        : { rows: [] };
      if (waiting.rows.length) break;
      await new Promise(r => setTimeout(r, 50));
    }
    expect(told).toEqual({
      pid: expect.any(Number),
      backendStart: expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/,
      ),
    });
    const session = told!;
    const { rows } = await admin.query(
      `SELECT application_name FROM pg_stat_activity WHERE pid = $1`,
      [session.pid],
    );
    expect(rows).toEqual([{ application_name: 'platform-kit-remediation' }]);

    // Another session that happens to get the same pid is never ended.
    expect(
      await endApplySession(fx.db.url, {
        ...session,
        backendStart: '2000-01-01T00:00:00.000000Z',
      }),
    ).toBe('gone');
    expect(await alive(session.pid)).toBe(true);

    expect(await endApplySession(fx.db.url, session)).toBe('terminated');
    expect(await alive(session.pid)).toBe(false);
    const result = await outcome;
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/terminat|connection/i);
    await holder.query('COMMIT');
    await holder.end();
    expect(await rlsOn('held')).toBe(false);
    expect(await endApplySession(fx.db.url, session)).toBe('gone');
  });

  it('runs nothing when the session cannot be recorded', async () => {
    await fx.sql('CREATE TABLE public.unrecorded (id int PRIMARY KEY)');
    const outcome = await applyPlan({
      connectionString: fx.db.url,
      advisoryLockKey: fx.db.name,
      plan: enableRls('unrecorded'),
      rescan: async () => [],
      onSession: async () => {
        throw new Error('the lease is lost');
      },
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      reason:
        "could not record the apply's database session, nothing was run: the lease is lost",
      remaining: ['k-unrecorded'],
    });
    expect(await rlsOn('unrecorded')).toBe(false);
  });

  it('names no password when the target cannot be reached', async () => {
    const port = await findFreePort();
    const url = `postgresql://owner:s3cret-pass@127.0.0.1:${port}/nowhere`;
    const error = await endApplySession(url, {
      pid: 1,
      backendStart: '2000-01-01T00:00:00.000000Z',
    }).catch(e => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^could not end the apply's session 1: /,
    );
    expect((error as Error).message).not.toContain('s3cret-pass');
  });
});
