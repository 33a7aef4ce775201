import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { TestDatabase } from '@platform-kit/devtools';
import request from 'supertest';
import { controlPlaneTests, projectTarget } from './__testUtils__/controlPlane';
import { scanAndWait, user } from './__testUtils__/testBackend';
import { startGithubServer } from '@platform-kit/devtools';
import { WELL_GOVERNED_FILES } from '@platform-kit/devtools';

const controlPlane = controlPlaneTests();

function writeRepo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-repo-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('repository targets', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await controlPlane.targetDatabase(
      'create table public.open_data (id int primary key)',
    );
  });
  afterAll(() => db.drop());

  it('scores a component from its repository facts and the findings of the Supabase project it depends on', async () => {
    const repo = writeRepo({
      '.github/CODEOWNERS': '* @acme/tasks-team\n',
      '.github/dependabot.yml':
        'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n',
      '.github/workflows/ci.yml': [
        'on: [push]',
        'jobs:',
        '  verify:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: yarn lint',
        '      - run: yarn test',
        '      - run: yarn build',
      ].join('\n'),
    });
    const { server } = await controlPlane.start({
      targets: [
        projectTarget('resource:default/tasks-db', db.url),
        {
          id: 'tasks-web',
          entityRef: 'component:default/tasks-web',
          kind: 'repository',
          path: repo,
          dependsOn: ['resource:default/tasks-db'],
        },
      ],
      scheduler: mockServices.scheduler.factory(),
    });
    const scan = (entityRef: string) => scanAndWait(server, entityRef);
    expect((await scan('resource:default/tasks-db')).status).toBe('succeeded');
    expect((await scan('component:default/tasks-web')).status).toBe(
      'succeeded',
    );

    const parity = await request(server)
      .get('/api/platform-kit/entities/component/default/tasks-web/parity')
      .set('Authorization', user());
    const status = Object.fromEntries(
      parity.body.results.map((r: any) => [r.capabilityId, r.status]),
    );
    expect(status).toMatchObject({
      'repo.spec-bundle': 'fail',
      'repo.delivery-gates': 'partial',
      'db.row-level-security': 'partial',
      'integration.contracts': 'not_applicable',
    });
    const gates = parity.body.results.find(
      (r: any) => r.capabilityId === 'repo.delivery-gates',
    );
    expect(
      Object.fromEntries(
        gates.evidence.map((e: any) => [e.contractId, e.status]),
      ),
    ).toMatchObject({
      'ci-workflow': 'pass',
      codeowners: 'pass',
      dependabot: 'pass',
      'parity-gate': 'fail',
      'protected-branch': 'fail',
    });
    const facts = await request(server)
      .get('/api/platform-kit/entities/component/default/tasks-web/inventory')
      .set('Authorization', user());
    expect(facts.body).toMatchObject({
      kind: 'repository',
      facts: { 'repo.codeowners': true, 'repo.ci.lint': true },
    });
    expect(facts.body.unknown).toContain('repo.branch-protection');
  });

  it('scans a GitHub repository through the REST API, without the token ever reaching a response', async () => {
    const github = await startGithubServer({
      maxPerPage: 2,
      repos: {
        'acme/checkout': {
          defaultBranch: 'main',
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
      },
    });
    try {
      const { server } = await controlPlane.start({
        targets: [
          {
            id: 'checkout',
            entityRef: 'component:default/checkout',
            kind: 'repository',
            github: {
              owner: 'acme',
              repo: 'checkout',
              token: github.token,
              baseUrl: github.baseUrl,
            },
          },
        ],
        scheduler: mockServices.scheduler.factory(),
      });
      const scan = await scanAndWait(server, 'component:default/checkout');
      expect(scan.status).toBe('succeeded');
      const parity = await request(server)
        .get('/api/platform-kit/entities/component/default/checkout/parity')
        .set('Authorization', user());
      const status = Object.fromEntries(
        parity.body.results.map((r: any) => [r.capabilityId, r.status]),
      );
      expect(status['repo.spec-bundle']).toBe('pass');
      expect(status['repo.delivery-gates']).toBe('pass');
      // Every request was authenticated and paged as GitHub pages (at most 2 per page here).
      expect(github.requests.length).toBeGreaterThan(0);
      expect(
        github.requests.every(
          r =>
            r.headers.authorization === `token ${github.token}` ||
            r.headers.authorization === `Bearer ${github.token}`,
        ),
      ).toBe(true);
      const inventory = await request(server)
        .get('/api/platform-kit/entities/component/default/checkout/inventory')
        .set('Authorization', user());
      const jobs = await request(server)
        .get('/api/platform-kit/jobs')
        .set('Authorization', user());
      for (const body of [parity.body, inventory.body, jobs.body, scan]) {
        expect(JSON.stringify(body)).not.toContain(github.token);
      }
    } finally {
      await github.close();
    }
  });
});
