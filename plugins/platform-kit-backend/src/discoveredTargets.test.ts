import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GithubServer,
  startGithubServer,
  WELL_GOVERNED_FILES,
} from '@platform-kit/devtools';
import knexFactory from 'knex';
import { capturedLogs } from './__testUtils__/capturedLogs';
import { controlPlaneTests } from './__testUtils__/controlPlane';
import { openApiProblems } from './__testUtils__/openApiValidator';
import { callApi, waitForScan } from './__testUtils__/testBackend';

const controlPlane = controlPlaneTests();

function component(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/team' },
  } as Entity;
}

/** Backstage's mock scheduler, kept to run tasks by id; none runs on start-up. */
function manualScheduler() {
  const scheduler = mockServices.scheduler();
  const factory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: () => scheduler,
  });
  return { scheduler, factory };
}

const slug = (value: string) => ({ 'github.com/project-slug': value });

/** The capability statuses and delivery-gate evidence of an entity. */
async function parityOf(server: any, name: string) {
  const res = await callApi(
    server,
    'get',
    `/entities/component/default/${name}/parity`,
  );
  expect(res.status).toBe(200);
  const status = Object.fromEntries(
    res.body.results.map((r: any) => [r.capabilityId, r.status]),
  );
  const gates = res.body.results.find(
    (r: any) => r.capabilityId === 'repo.delivery-gates',
  );
  const evidence = Object.fromEntries(
    gates.evidence.map((e: any) => [e.contractId, e.status]),
  );
  return { status, evidence, body: res.body };
}

async function requestScan(server: any, entityRef: string) {
  const post = await callApi(server, 'post', '/scans', { entityRef });
  return post;
}

describe('repository targets discovered from the catalog', () => {
  let github: GithubServer;
  let enterprise: GithubServer;
  let integrations: JsonObject;
  const entities = [
    component('checkout', slug('acme/checkout')),
    component('owned-only', slug('acme/owned-only')),
    component('ledger', {
      ...slug('platform/ledger'),
      'backstage.io/source-location':
        'url:https://ghe.acme.test/platform/ledger/tree/main/',
    }),
    component('no-slug'),
    component('bad-slug', slug('not a slug')),
  ];
  const catalog = () => catalogServiceMock.factory({ entities });
  const discovery = { discovery: { repositories: { enabled: true } } };

  beforeAll(async () => {
    github = await startGithubServer({
      repos: {
        'acme/checkout': {
          files: WELL_GOVERNED_FILES,
          protection: {
            required_status_checks: { strict: true, contexts: ['ci'] },
            required_pull_request_reviews: {
              required_approving_review_count: 1,
            },
            enforce_admins: { enabled: true },
            allow_force_pushes: { enabled: false },
          },
        },
        'acme/owned-only': {
          files: { '.github/CODEOWNERS': '* @acme/team\n' },
        },
      },
    });
    enterprise = await startGithubServer({
      repos: {
        'platform/ledger': {
          files: { CODEOWNERS: '* @platform/ledger\n' },
        },
      },
    });
    integrations = {
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.baseUrl,
            token: github.token,
          },
          {
            host: 'ghe.acme.test',
            apiBaseUrl: enterprise.baseUrl,
            token: enterprise.token,
          },
        ],
      },
    };
  });
  afterAll(async () => {
    await github.close();
    await enterprise.close();
  });

  it('answers 404 for an entity without a configured target when discovery is off', async () => {
    const { server } = await controlPlane.start({
      targets: [],
      catalog: catalog(),
      rootConfig: integrations,
    });
    const post = await requestScan(server, 'component:default/checkout');
    expect(post.status).toBe(404);
    expect(post.body.error.message).toBe(
      'No Platform Kit target for component:default/checkout or anything it depends on',
    );
    expect(github.requests).toHaveLength(0);
  });

  it('creates the target of an annotated component on request and scores it from the repository, never showing the token', async () => {
    const logs = capturedLogs();
    const { server } = await controlPlane.start({
      targets: [],
      catalog: catalog(),
      config: discovery,
      rootConfig: integrations,
      features: [logs.factory],
    });
    const post = await requestScan(server, 'component:default/checkout');
    expect(post.status).toBe(202);
    expect(openApiProblems('POST', '/scans', 202, post.body)).toEqual([]);
    const scan = await waitForScan(server, post.body.scanId);
    expect(scan.status).toBe('succeeded');

    const checkout = await parityOf(server, 'checkout');
    expect(checkout.status['repo.spec-bundle']).toBe('pass');
    expect(checkout.status['repo.delivery-gates']).toBe('pass');

    // A repository with only CODEOWNERS: that gate passes, the others do not.
    const owned = await requestScan(server, 'component:default/owned-only');
    expect((await waitForScan(server, owned.body.scanId)).status).toBe(
      'succeeded',
    );
    const ownedOnly = await parityOf(server, 'owned-only');
    expect(ownedOnly.evidence).toMatchObject({
      codeowners: 'pass',
      'ci-workflow': 'fail',
      dependabot: 'fail',
    });
    expect(ownedOnly.status['repo.spec-bundle']).toBe('fail');

    // The source location's host picks the GitHub Enterprise integration.
    const ledger = await requestScan(server, 'component:default/ledger');
    expect((await waitForScan(server, ledger.body.scanId)).status).toBe(
      'succeeded',
    );
    expect((await parityOf(server, 'ledger')).evidence.codeowners).toBe('pass');
    expect(enterprise.requests.length).toBeGreaterThan(0);
    expect(
      enterprise.requests.every(
        r => r.headers.authorization?.endsWith(enterprise.token) ?? false,
      ),
    ).toBe(true);

    const targets = await callApi(server, 'get', '/targets');
    expect(openApiProblems('GET', '/targets', 200, targets.body)).toEqual([]);
    expect(targets.body.items).toEqual(
      expect.arrayContaining([
        {
          id: 'component:default/checkout',
          kind: 'repository',
          entityRef: 'component:default/checkout',
          discovered: true,
          repository: 'github.com/acme/checkout',
        },
        expect.objectContaining({
          entityRef: 'component:default/ledger',
          repository: 'ghe.acme.test/platform/ledger',
        }),
      ]),
    );

    const inventory = await callApi(
      server,
      'get',
      '/entities/component/default/checkout/inventory',
    );
    const jobs = await callApi(server, 'get', '/jobs');
    for (const body of [
      scan,
      checkout.body,
      inventory.body,
      jobs.body,
      targets.body,
    ])
      for (const token of [github.token, enterprise.token])
        expect(JSON.stringify(body)).not.toContain(token);
    expect(logs.lines.join('\n')).toContain('discovered repository target');
    for (const token of [github.token, enterprise.token])
      expect(logs.lines.join('\n')).not.toContain(token);
  });

  it('says why an entity has no target: no annotation, a malformed one, not in the catalog', async () => {
    const { server } = await controlPlane.start({
      targets: [],
      catalog: catalog(),
      config: discovery,
      rootConfig: integrations,
    });
    const noSlug = await requestScan(server, 'component:default/no-slug');
    expect(noSlug.status).toBe(404);
    expect(noSlug.body.error.message).toBe(
      'No Platform Kit target for component:default/no-slug or anything it depends on: component:default/no-slug has no github.com/project-slug annotation',
    );
    const badSlug = await requestScan(server, 'component:default/bad-slug');
    expect(badSlug.status).toBe(404);
    expect(badSlug.body.error.message).toContain(
      'has the github.com/project-slug annotation "not a slug", which is not owner/repo',
    );
    const missing = await requestScan(server, 'component:default/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain(
      'component:default/nowhere is not in the catalog, or you cannot read it',
    );
    const system = await requestScan(server, 'system:default/payments');
    expect(system.status).toBe(404);
    expect(system.body.error.message).toContain(
      'repository discovery covers the kinds component, not system',
    );
    // Not an entity ref: a clear 400, not a catalog error.
    const malformed = await requestScan(server, 'checkout');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe(
      'Invalid request body entityRef: must be an entity ref such as component:default/shop',
    );
    const targets = await callApi(server, 'get', '/targets');
    expect(targets.body.items).toEqual([]);
  });

  it('gives one entity one target however its ref is spelled', async () => {
    const { server } = await controlPlane.start({
      targets: [],
      catalog: catalog(),
      config: discovery,
      rootConfig: integrations,
    });
    const short = await requestScan(server, 'Component:checkout');
    expect(short.status).toBe(202);
    const full = await requestScan(server, 'component:default/checkout');
    expect(full.status).toBe(202);
    const targets = await callApi(server, 'get', '/targets');
    expect(targets.body.items.map((t: any) => t.entityRef)).toEqual([
      'component:default/checkout',
    ]);
    await waitForScan(server, short.body.scanId);
    await waitForScan(server, full.body.scanId);
  });

  it('discovers annotated entities in the catalog sync and scans them on schedule; a configured target wins', async () => {
    const { scheduler, factory } = manualScheduler();
    const { server } = await controlPlane.start({
      targets: [
        {
          id: 'owned-only-configured',
          entityRef: 'component:default/owned-only',
          kind: 'repository',
          github: {
            owner: 'acme',
            repo: 'owned-only',
            token: github.token,
            baseUrl: github.baseUrl,
          },
        },
      ],
      catalog: catalog(),
      // Discovered targets are scanned every 6 hours: the first scan is due at once.
      config: {
        discovery: { repositories: { enabled: true, schedule: 'PT6H' } },
      },
      rootConfig: integrations,
      scheduler: factory,
    });
    await scheduler.triggerTask('platform-kit-catalog-sync');
    const targets = await callApi(server, 'get', '/targets');
    expect(
      targets.body.items
        .map(
          (t: any) =>
            `${t.entityRef} ${t.discovered ? 'discovered' : 'configured'}`,
        )
        .sort(),
    ).toEqual([
      'component:default/checkout discovered',
      'component:default/ledger discovered',
      'component:default/owned-only configured',
    ]);
    // Discovered targets have their own schedule: the jobs' planner queues their scans.
    await scheduler.triggerTask('platform-kit-jobs-planner');
    let jobs: any;
    for (let i = 0; i < 300; i++) {
      jobs = await callApi(server, 'get', '/jobs?type=scan');
      if (
        jobs.body.items.length &&
        jobs.body.items.every((j: any) =>
          ['succeeded', 'failed'].includes(j.status),
        )
      )
        break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(
      jobs.body.items
        .map((j: any) => [j.entityRef, j.status, j.requestedBy])
        .sort(),
    ).toEqual([
      ['component:default/checkout', 'succeeded', 'scheduler'],
      ['component:default/ledger', 'succeeded', 'scheduler'],
    ]);
    // Planned once: the next scans are 6 hours away.
    await scheduler.triggerTask('platform-kit-jobs-planner');
    expect((await callApi(server, 'get', '/jobs?type=scan')).body.total).toBe(
      2,
    );
    expect(
      (await parityOf(server, 'checkout')).status['repo.spec-bundle'],
    ).toBe('pass');
  });

  it('stops scanning an entity whose annotation is gone, keeping its history', async () => {
    const knex = await controlPlane.opsStore();
    const first = await controlPlane.start({
      knex,
      targets: [],
      catalog: catalog(),
      config: discovery,
      rootConfig: integrations,
    });
    const post = await requestScan(first.server, 'component:default/checkout');
    expect((await waitForScan(first.server, post.body.scanId)).status).toBe(
      'succeeded',
    );
    await first.stop();

    // The same catalog, but checkout lost its annotation.
    const { scheduler, factory } = manualScheduler();
    const { server } = await controlPlane.start({
      knex,
      targets: [],
      catalog: catalogServiceMock.factory({
        entities: [component('checkout'), ...entities.slice(1)],
      }),
      config: discovery,
      rootConfig: integrations,
      scheduler: factory,
    });
    // Learned from the ops store at start-up, retired by the sync.
    const before = await callApi(server, 'get', '/targets');
    expect(before.body.items.map((t: any) => t.entityRef)).toContain(
      'component:default/checkout',
    );
    await scheduler.triggerTask('platform-kit-catalog-sync');
    const after = await callApi(server, 'get', '/targets');
    expect(after.body.items.map((t: any) => t.entityRef)).not.toContain(
      'component:default/checkout',
    );
    const again = await requestScan(server, 'component:default/checkout');
    expect(again.status).toBe(404);
    expect(again.body.error.message).toContain(
      'has no github.com/project-slug annotation',
    );
    const parity = await callApi(
      server,
      'get',
      '/entities/component/default/checkout/parity',
    );
    expect(parity.status).toBe(200);
    expect(parity.body.history.length).toBeGreaterThan(0);
  });

  it('lets a second replica scan a target the first one discovered', async () => {
    const firstKnex = await controlPlane.opsStore();
    const secondKnex = knexFactory({
      client: 'pg',
      connection: firstKnex.client.config.connection,
    });
    try {
      const replica = (knex: typeof firstKnex) =>
        controlPlane.start({
          knex,
          targets: [],
          catalog: catalog(),
          config: discovery,
          rootConfig: integrations,
        });
      const first = await replica(firstKnex);
      const second = await replica(secondKnex);
      const post = await requestScan(
        first.server,
        'component:default/checkout',
      );
      expect((await waitForScan(first.server, post.body.scanId)).status).toBe(
        'succeeded',
      );
      // A third replica started now knows it from the ops store, before any request.
      const third = await replica(secondKnex);
      const known = await callApi(third.server, 'get', '/targets');
      expect(known.body.items.map((t: any) => t.entityRef)).toEqual([
        'component:default/checkout',
      ]);
      const again = await requestScan(
        second.server,
        'component:default/checkout',
      );
      expect(again.status).toBe(202);
      const scan = await waitForScan(second.server, again.body.scanId);
      expect(scan.status).toBe('succeeded');
      expect(scan.targetId).toBe(
        (await waitForScan(first.server, post.body.scanId)).targetId,
      );
      for (const b of [first, second, third]) await b.stop();
    } finally {
      await secondKnex.destroy();
    }
  });

  it.each([
    [{ enabled: 'yes' }, 'platformKit.discovery.repositories.enabled'],
    [{ enabled: true, kinds: [] }, 'platformKit.discovery.repositories.kinds'],
    [
      { enabled: true, schedule: 'every day' },
      'platformKit.discovery.repositories.schedule',
    ],
    [{ enable: true }, 'platformKit.discovery.repositories'],
  ])(
    'refuses to start with the bad discovery config %j',
    async (repositories, path) => {
      await expect(
        controlPlane.start({
          targets: [],
          config: { discovery: { repositories } },
        }),
      ).rejects.toThrow(path);
    },
  );
});
