import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import {
  entitySignalChannel,
  JOBS_SIGNAL_CHANNEL,
} from '@platform-kit/plugin-platform-kit-common';
import { TestDatabase } from '@platform-kit/devtools';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import {
  callApi as api,
  scanAndWait,
  waitForPlan,
} from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();
const DB = 'resource:default/notes-db';
const WEB = 'component:default/notes-web';
const CAPABILITY = 'db.row-level-security';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'notes-db', namespace: 'default' },
    spec: { type: 'supabase-project', owner: 'team' },
    relations: [{ type: 'dependencyOf', targetRef: WEB }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'notes-web', namespace: 'default' },
    spec: { type: 'website', owner: 'team' },
    relations: [{ type: 'dependsOn', targetRef: DB }],
  },
];

/** What the control plane published, in order. */
const published: SignalPayload[] = [];
/** How the signals service fails: not at all, by throwing, or by rejecting. */
let failure: 'none' | 'throw' | 'reject' = 'none';
const recordingSignals = createServiceFactory({
  service: signalsServiceRef,
  deps: {},
  factory: () => ({
    publish(signal: SignalPayload) {
      if (failure === 'throw') throw new Error('signals down');
      if (failure === 'reject')
        return Promise.reject(new Error('signals down'));
      published.push(JSON.parse(JSON.stringify(signal)));
      return Promise.resolve();
    },
  }),
});

const on = (channel: string) =>
  published.filter(s => s.channel === channel).map(s => s.message as any);

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('live updates through Backstage signals', () => {
  let target: TestDatabase;

  beforeAll(async () => {
    target = await controlPlane.targetDatabase(`
      create table public.notes (id int primary key);
      create table public.drafts (id int primary key);
      grant select on public.notes, public.drafts to anon, authenticated;
    `);
  });
  afterAll(() => target.drop());

  async function start() {
    return controlPlane.start({
      targets: [projectTarget(DB, target.url)],
      catalog: catalogServiceMock.factory({ entities }),
      features: [recordingSignals],
    });
  }

  /** Exempts DB from CAPABILITY for a day. */
  const exempt = (server: any) =>
    api(server, 'post', '/exemptions', {
      entityRef: DB,
      capabilityId: CAPABILITY,
      reason: 'drafts are public on purpose',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });

  describe('with a working signals service', () => {
    let backend: { server: any; stop(): Promise<void> };
    beforeAll(async () => {
      failure = 'none';
      backend = await start();
    });
    afterAll(() => backend.stop());
    beforeEach(() => {
      published.length = 0;
    });

    it('publishes every status of a scan, then the new parity of the entity and of what depends on it', async () => {
      const scan = await scanAndWait(backend.server, DB);
      expect(scan.status).toBe('succeeded');
      await until(
        () => on(entitySignalChannel(WEB)).length > 0,
        'the dependent parity',
      );
      const entity = on(entitySignalChannel(DB));
      expect(entity.filter(m => m.type === 'scan')).toEqual([
        { type: 'scan', id: scan.id, status: 'queued' },
        { type: 'scan', id: scan.id, status: 'running' },
        { type: 'scan', id: scan.id, status: 'succeeded' },
      ]);
      const succeeded = entity.findIndex(m => m.status === 'succeeded');
      expect(entity.slice(succeeded + 1)).toContainEqual({ type: 'parity' });
      expect(on(entitySignalChannel(WEB))).toContainEqual({ type: 'parity' });
      expect(on(JOBS_SIGNAL_CHANNEL)).toEqual([
        { type: 'scan', status: 'queued' },
        { type: 'scan', status: 'running' },
        { type: 'scan', status: 'succeeded' },
      ]);
      expect(
        published.every(s => (s.recipients as any).type === 'broadcast'),
      ).toBe(true);
      expect(JSON.stringify(published)).not.toContain(
        new URL(target.url).password,
      );
    });

    it('publishes a plan when it is created and every status of its apply, the apply on the jobs channel too', async () => {
      const { body: plan } = await api(
        backend.server,
        'post',
        '/remediation-plans',
        {
          entityRef: DB,
          findingKeys: ['rls_disabled_in_public_public_notes'],
        },
      );
      expect(on(entitySignalChannel(DB))).toEqual([
        { type: 'remediation', id: plan.id, status: 'pending' },
      ]);
      expect(on(JOBS_SIGNAL_CHANNEL)).toEqual([]);

      await api(
        backend.server,
        'post',
        `/remediation-plans/${plan.id}/apply`,
        {},
      );
      expect((await waitForPlan(backend.server, plan.id)).status).toBe(
        'applied',
      );
      const remediation = (m: any) => m.type === 'remediation';
      expect(on(entitySignalChannel(DB)).filter(remediation)).toEqual([
        { type: 'remediation', id: plan.id, status: 'pending' },
        { type: 'remediation', id: plan.id, status: 'applying' },
        { type: 'remediation', id: plan.id, status: 'applied' },
      ]);
      expect(on(JOBS_SIGNAL_CHANNEL).filter(remediation)).toEqual([
        { type: 'remediation', status: 'applying' },
        { type: 'remediation', status: 'applied' },
      ]);
      // The re-scan that verifies the apply follows.
      await until(
        () =>
          on(JOBS_SIGNAL_CHANNEL).some(
            m => m.status === 'succeeded' && m.type === 'scan',
          ),
        'the re-scan',
      );
      const jobs = JSON.stringify(on(JOBS_SIGNAL_CHANNEL));
      expect(jobs).not.toContain('notes');
      expect(jobs).not.toContain(plan.id);
      expect(JSON.stringify(published)).not.toMatch(/ALTER TABLE|sql|error/i);
    });

    it('publishes exemptions as they are granted and revoked, with the new parity', async () => {
      const created = await exempt(backend.server);
      expect(created.status).toBe(201);
      // (Parity of a re-scan may still come in beside these.)
      const after = (id: string) => {
        const messages = on(entitySignalChannel(DB));
        const at = messages.findIndex(
          m => m.type === 'exemption' && m.id === id,
        );
        return at < 0 ? undefined : messages.slice(at + 1);
      };
      expect(after(created.body.id)).toContainEqual({ type: 'parity' });
      published.length = 0;
      const revoked = await api(
        backend.server,
        'delete',
        `/exemptions/${created.body.id}`,
      );
      expect(revoked.status).toBe(204);
      expect(after(created.body.id)).toContainEqual({ type: 'parity' });
      expect(on(JOBS_SIGNAL_CHANNEL).filter(m => m.type !== 'scan')).toEqual(
        [],
      );
    });
  });

  it.each(['throw', 'reject'] as const)(
    'scans, applies and answers as usual when the signals service fails (%s)',
    async mode => {
      failure = mode;
      published.length = 0;
      const backend = await start();
      try {
        const scan = await scanAndWait(backend.server, DB);
        expect(scan).toMatchObject({ status: 'succeeded', error: null });
        const parity = await api(
          backend.server,
          'get',
          '/entities/resource/default/notes-db/parity',
        );
        expect(parity.status).toBe(200);
        const plan = await api(backend.server, 'post', '/remediation-plans', {
          entityRef: DB,
          findingKeys: ['rls_disabled_in_public_public_drafts'],
        });
        expect(plan.status).toBe(201);
        const apply = await api(
          backend.server,
          'post',
          `/remediation-plans/${plan.body.id}/apply`,
          { dryRun: true },
        );
        expect(apply.status).toBe(202);
        expect(await waitForPlan(backend.server, plan.body.id)).toMatchObject({
          status: 'pending',
          error: null,
        });
        const exemption = await exempt(backend.server);
        expect(exemption.status).toBe(201);
        expect(
          (
            await api(
              backend.server,
              'delete',
              `/exemptions/${exemption.body.id}`,
            )
          ).status,
        ).toBe(204);
        expect(published).toEqual([]);
      } finally {
        await backend.stop();
        failure = 'none';
      }
    },
  );
});
