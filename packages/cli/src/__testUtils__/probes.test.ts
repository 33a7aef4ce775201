import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { readRpcCalls } from './probeCalls';
import {
  APP_SOURCE_DIR,
  applyFixture,
  dependantFixtures,
} from './probeFixtures';
import { compareProbes, planProbes, runProbes } from './probes';

jest.setTimeout(120_000);

const fixtures = dependantFixtures();

describe('the probe harness', () => {
  it('finds the fixtures and the RPC calls of the sample app', () => {
    expect(fixtures.map(f => [f.name, f.unused])).toEqual([
      ['avatars', ['ban_user']],
      ['chat', ['grant_role']],
      ['saas', ['purge_audit_log']],
      ['todos', ['archive_completed']],
    ]);
    const calls = readRpcCalls(APP_SOURCE_DIR);
    expect(calls).toContainEqual({
      fn: 'accept_invitation',
      args: { invite_token: 'welcome-alice-globex' },
      location: expect.stringMatching(/^saas\.ts:\d+$/),
    });
    expect(calls).toContainEqual({
      fn: 'share_list',
      args: { _list_id: '2', _email: 'erin@example.com', _can_edit: 'false' },
      location: expect.stringMatching(/^todos\.ts:\d+$/),
    });
    expect(calls).toContainEqual({
      fn: 'unread_counts',
      args: {},
      location: expect.stringMatching(/^chat\.ts:\d+$/),
    });
    expect(calls).toContainEqual({
      fn: 'delete_my_account',
      args: {},
      location: expect.stringMatching(/^avatars\.ts:\d+$/),
    });
  });

  it('compares results: regressions and changed results', () => {
    expect(
      compareProbes(
        {
          a: 'ok rows=1 value=3',
          b: 'ok rows=1',
          c: 'error 42501: x',
          d: 'ok rows=0',
        },
        { a: 'ok rows=1 value=0', b: 'error 42501: denied', c: 'ok rows=1' },
      ),
    ).toEqual({
      regressions: [
        { probe: 'b', before: 'ok rows=1', after: 'error 42501: denied' },
        { probe: 'd', before: 'ok rows=0', after: 'not run' },
      ],
      changed: [
        { probe: 'a', before: 'ok rows=1 value=3', after: 'ok rows=1 value=0' },
      ],
    });
  });

  describe.each(fixtures.map(f => [f.name, f] as const))(
    'on the %s fixture',
    (_name, fixture) => {
      let db: TestDatabase;
      beforeAll(async () => {
        db = await createTestDatabase();
      });
      afterAll(() => db.drop());

      it('gives the same results twice, and what the app does works', async () => {
        const admin = await db.connect();
        await applyFixture(admin, fixture);
        const probes = await planProbes(admin, {
          rpcCalls: readRpcCalls(APP_SOURCE_DIR),
          declared: fixture.declared,
        });
        const first = await runProbes(admin, probes, fixture.userId);
        const second = await runProbes(admin, probes, fixture.userId);
        expect(second).toEqual(first);
        expect(compareProbes(first, second)).toEqual({
          regressions: [],
          changed: [],
        });
        const failing = (filter: (id: string) => boolean) =>
          Object.entries(first).filter(
            ([id, result]) => filter(id) && !result.startsWith('ok'),
          );
        // What the app does works before any fix: declared statements and
        // signed-in RPC calls; and signed-in users see rows.
        expect(failing(id => / declared /.test(id))).toEqual([]);
        expect(failing(id => /^authenticated rpc /.test(id))).toEqual([]);
        expect(
          Object.entries(first).filter(
            ([id, result]) =>
              id.startsWith('authenticated select public.') &&
              / value=[1-9]/.test(result),
          ).length,
        ).toBeGreaterThanOrEqual(2);
      });
    },
  );
});

describe('the probes on a broken fix', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('report the outage of the issue: a revoked policy helper, a table emptied by RLS', async () => {
    const fixture = fixtures.find(f => f.name === 'saas')!;
    const admin = await db.connect();
    await applyFixture(admin, fixture);
    const probes = await planProbes(admin, {
      rpcCalls: readRpcCalls(APP_SOURCE_DIR),
      declared: fixture.declared,
    });
    const before = await runProbes(admin, probes, fixture.userId);
    await admin.query(`
      REVOKE EXECUTE ON FUNCTION public.is_member_of(uuid) FROM PUBLIC, anon, authenticated;
      ALTER TABLE public.plans ENABLE ROW LEVEL SECURITY;
    `);
    const { regressions, changed } = compareProbes(
      before,
      await runProbes(admin, probes, fixture.userId),
    );
    expect(regressions).toContainEqual({
      probe: 'authenticated select public.projects',
      before: 'ok rows=1 value=2',
      after: 'error 42501: permission denied for function is_member_of',
    });
    expect(regressions).toContainEqual(
      expect.objectContaining({
        probe: expect.stringMatching(
          /^authenticated rpc public\.org_dashboard\(_org_id\) at saas\.ts:\d+$/,
        ),
        after: 'error 42501: permission denied for function is_member_of',
      }),
    );
    expect(changed).toContainEqual({
      probe: 'anon select public.plans',
      before: 'ok rows=1 value=3',
      after: 'ok rows=1 value=0',
    });
    expect(regressions.every(r => r.probe.startsWith('authenticated '))).toBe(
      true,
    );
  });
});
