import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
// The happy path runs against the real control plane.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformKitPlugin from '@platform-kit/plugin-platform-kit-backend';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { createScanTriggerAction } from './scanTrigger';

jest.setTimeout(120_000);

const REF = 'resource:default/shop-db';

const entity = (ref: string): Entity => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind.charAt(0).toUpperCase() + kind.slice(1),
    metadata: { name, namespace },
    spec: { type: 'supabase-project', owner: 'group:default/team-a' },
  };
};

/** A catalog that has the entities only `afterMs` after it was made, as after catalog:register. */
function laterCatalog(refs: string[], afterMs: number) {
  const inner = catalogServiceMock({ entities: refs.map(entity) });
  const since = Date.now();
  const reads: { at: number; user?: string }[] = [];
  const catalog = {
    getEntityByRef: async (ref: string, options: any) => {
      reads.push({
        at: Date.now() - since,
        user: options?.credentials?.principal?.userEntityRef,
      });
      return Date.now() - since >= afterMs
        ? inner.getEntityByRef(ref)
        : undefined;
    },
  } as unknown as CatalogService;
  return { catalog, reads };
}

/** Checkpoints kept across runs of the same task, as the scaffolder keeps them. */
function checkpoints() {
  const saved = new Map<string, unknown>();
  return async function checkpoint<T>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T> {
    if (saved.has(opts.key)) return saved.get(opts.key) as T;
    const value = await opts.fn();
    saved.set(opts.key, value);
    return value;
  };
}

function context(input: Record<string, unknown>, extra = {}) {
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({ input: input as any, logger }),
    ...extra,
  };
  return { ctx, logger };
}

describe('platform-kit:scan:trigger on the real control plane', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Knex;
  let store: TestDatabase;
  let target: TestDatabase;
  const base = () =>
    `http://localhost:${backend.server.port()}/api/platform-kit`;
  const action = (catalog: CatalogService) =>
    createScanTriggerAction({
      discovery: { getBaseUrl: async () => base() } as any,
      auth: mockServices.auth(),
      catalog,
      pollIntervalMs: 20,
      maxPollIntervalMs: 100,
    });
  const scansOf = async (ref: string) =>
    (
      await knex.raw(
        `SELECT s.id, s.status FROM ops.scans s JOIN ops.targets t ON t.id = s.target_id WHERE t.entity_ref = ?`,
        [ref],
      )
    ).rows;

  beforeAll(async () => {
    target = await createTestDatabase();
    store = await createTestDatabase({ supabase: false });
    knex = knexFactory({ client: 'pg', connection: store.url });
    backend = await startTestBackend({
      features: [
        platformKitPlugin,
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({ entities: [entity(REF)] }),
        mockServices.rootConfig.factory({
          data: {
            platformKit: {
              targets: [
                {
                  id: 'shop-db',
                  entityRef: REF,
                  kind: 'supabase-project',
                  connectionString: target.url,
                },
              ],
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    for (let i = 0; i < 300; i++) {
      const scans = await scansOf(REF);
      if (scans.every((s: any) => !['queued', 'running'].includes(s.status)))
        break;
      await new Promise(r => setTimeout(r, 100));
    }
    await backend.stop();
    await knex.destroy();
    await store.drop();
    await target.drop();
  });

  it('waits until the entity is registered, scans it as the user who started the task, and not again on a re-run', async () => {
    const { catalog, reads } = laterCatalog([REF], 400);
    const checkpoint = checkpoints();
    const { ctx, logger } = context(
      { entityRef: 'Resource:shop-db' },
      { checkpoint },
    );
    await action(catalog).handler(ctx);

    // Read as the user, more than once, with growing pauses, until it was there.
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.every(r => r.user === 'user:default/mock')).toBe(true);
    expect(reads[reads.length - 1].at).toBeGreaterThanOrEqual(400);
    const pauses = reads.slice(1).map((r, i) => r.at - reads[i].at);
    expect(pauses[pauses.length - 1]).toBeGreaterThan(pauses[0]);
    expect(logger.info).toHaveBeenCalledWith(
      `Waiting for ${REF} to appear in the catalog`,
    );

    const scans = await scansOf(REF);
    expect(scans).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('scanIds', [scans[0].id]);
    let scan: any;
    for (let i = 0; i < 300; i++) {
      scan = (
        await request(backend.server)
          .get(`/api/platform-kit/scans/${scans[0].id}`)
          .set('Authorization', mockCredentials.user.header())
      ).body;
      if (['succeeded', 'failed'].includes(scan.status)) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(scan).toMatchObject({
      entityRef: REF,
      status: 'succeeded',
      requestedBy: 'user:default/mock',
    });

    // The scaffolder re-runs a task after a restart: its checkpoint keeps the scan.
    const rerun = context({ entityRef: REF }, { checkpoint });
    await action(catalog).handler(rerun.ctx);
    expect(rerun.ctx.output).toHaveBeenCalledWith('scanIds', [scans[0].id]);
    expect(await scansOf(REF)).toHaveLength(1);
  });

  it('says how to give an entity without a target one', async () => {
    const ref = 'component:default/new-app';
    const { catalog } = laterCatalog([ref], 0);
    await expect(
      action(catalog).handler(context({ entityRef: ref }).ctx),
    ).rejects.toThrow(
      `Platform Kit cannot scan ${ref}: No Platform Kit target for ${ref} or anything it depends on. Add a target for it under platformKit.targets, or enable repository discovery (platformKit.discovery.repositories.enabled: true)`,
    );
  });
});

describe('platform-kit:scan:trigger failures', () => {
  /** A stand-in control plane answering every request with `status` and `body`. */
  async function standIn(status: number, body: unknown) {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', c => (data += c));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${data}`);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    return {
      seen,
      discovery: {
        getBaseUrl: async () => `http://127.0.0.1:${port}/api/platform-kit`,
      } as any,
      close: () => new Promise(r => server.close(r)),
    };
  }

  const action = (discovery: any, catalog: CatalogService) =>
    createScanTriggerAction({
      discovery,
      auth: mockServices.auth(),
      catalog,
      pollIntervalMs: 20,
      maxPollIntervalMs: 50,
    });

  it('names the entity and the time it waited when it never appears', async () => {
    const cp = await standIn(202, { scanId: 'x', scanIds: ['x'] });
    const { catalog, reads } = laterCatalog([REF], 60_000);
    const started = Date.now();
    try {
      await expect(
        action(cp.discovery, catalog).handler(
          context({ entityRef: REF, timeoutSeconds: 0.3 }).ctx,
        ),
      ).rejects.toThrow(
        new RegExp(
          `^${REF} is not in the catalog after 0.3 s \\(\\d+ reads\\): check that it was registered \\(catalog:register\\)`,
        ),
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(reads.length).toBeGreaterThan(2);
      expect(cp.seen).toEqual([]);
    } finally {
      await cp.close();
    }
  });

  it('keeps waiting through catalog errors and reports the last one', async () => {
    const catalog = {
      getEntityByRef: async () => {
        throw new Error('catalog answered 503');
      },
    } as unknown as CatalogService;
    const cp = await standIn(202, { scanId: 'x', scanIds: ['x'] });
    try {
      await expect(
        action(cp.discovery, catalog).handler(
          context({ entityRef: REF, timeoutSeconds: 0.2 }).ctx,
        ),
      ).rejects.toThrow(/reads; the last failed: catalog answered 503\)/);
    } finally {
      await cp.close();
    }
  });

  it('stops waiting when the task is cancelled', async () => {
    const cp = await standIn(202, { scanId: 'x', scanIds: ['x'] });
    const { catalog } = laterCatalog([REF], 60_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    try {
      await expect(
        action(cp.discovery, catalog).handler(
          context(
            { entityRef: REF, timeoutSeconds: 60 },
            { signal: controller.signal },
          ).ctx,
        ),
      ).rejects.toThrow(`Cancelled while waiting for ${REF} in the catalog`);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(cp.seen).toEqual([]);
    } finally {
      await cp.close();
    }
  });

  it('says when the user who started the task may not scan', async () => {
    const cp = await standIn(403, {
      error: {
        name: 'NotAllowedError',
        message: 'Missing permission platform-kit.scan.create',
      },
    });
    const { catalog } = laterCatalog([REF], 0);
    try {
      await expect(
        action(cp.discovery, catalog).handler(context({ entityRef: REF }).ctx),
      ).rejects.toThrow(
        `The user who started the task may not scan ${REF}: Missing permission platform-kit.scan.create`,
      );
      expect(cp.seen).toEqual([
        `POST /api/platform-kit/scans {"entityRef":"${REF}"}`,
      ]);
    } finally {
      await cp.close();
    }
    const broken = await standIn(500, { error: { message: 'database down' } });
    try {
      await expect(
        action(broken.discovery, catalog).handler(
          context({ entityRef: REF }).ctx,
        ),
      ).rejects.toThrow(
        `Platform Kit did not scan ${REF}: database down (HTTP 500)`,
      );
    } finally {
      await broken.close();
    }
  });

  it('says when the control plane cannot be reached', async () => {
    const closed = await standIn(202, {});
    await closed.close();
    const { catalog } = laterCatalog([REF], 0);
    await expect(
      action(closed.discovery, catalog).handler(
        context({ entityRef: REF }).ctx,
      ),
    ).rejects.toThrow(
      `Platform Kit did not scan ${REF}: Could not reach the Platform Kit backend: `,
    );
  });

  it('only says what it would do in a dry run', async () => {
    const cp = await standIn(202, { scanId: 'x', scanIds: ['x'] });
    const { catalog, reads } = laterCatalog([REF], 0);
    const { ctx, logger } = context({ entityRef: REF }, { isDryRun: true });
    try {
      await action(cp.discovery, catalog).handler(ctx);
      expect(logger.info).toHaveBeenCalledWith(
        `Dry run: would wait up to 120 s for ${REF} in the catalog, then ask Platform Kit to scan it`,
      );
      expect(ctx.output).toHaveBeenCalledWith('scanIds', []);
      expect(reads).toEqual([]);
      expect(cp.seen).toEqual([]);
    } finally {
      await cp.close();
    }
  });

  it('rejects a bad entity ref before doing anything', async () => {
    const { catalog, reads } = laterCatalog([REF], 0);
    const run = (input: Record<string, unknown>) =>
      action({ getBaseUrl: async () => 'http://127.0.0.1:9' }, catalog).handler(
        context(input).ctx,
      );
    await expect(run({ entityRef: 'shop' })).rejects.toThrow(
      'entityRef "shop" is not an entity ref; give kind:namespace/name, e.g. component:default/shop',
    );
    expect(reads).toEqual([]);
  });
});
