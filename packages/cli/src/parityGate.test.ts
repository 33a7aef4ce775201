import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  COMPLETE_SPEC_BUNDLE,
  writeTempRepository,
} from '@platform-kit/devtools';
import platformKitPlugin from '@platform-kit/plugin-platform-kit-backend';
import {
  catalogWith,
  controlPlaneTests,
} from '@platform-kit/plugin-platform-kit-backend/testUtils';
// Backstage's real auth services honour backend.auth.externalAccess (the test
// backend's mocks only know mock tokens).
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { runCli } from './__testUtils__/runCli';

const { opsStore } = controlPlaneTests();

const REF = 'component:default/shop';
const CI = `name: CI
on: [pull_request]
jobs:
  verify:
    runs-on: ubuntu-latest
    steps:
      - run: yarn lint && yarn test && yarn build
      - run: npx platform-kit parity gate --baseline b.json --current c.json
`;

let dir: string;
const file = (name: string) => path.join(dir, name);

/** Evaluates a repository with these files into `name` (a results document). */
async function evaluated(name: string, files: Record<string, string>) {
  const repo = await writeTempRepository(files);
  try {
    const run = await runCli([
      'parity',
      'evaluate',
      '--entity-ref',
      REF,
      '--repo',
      repo,
      '--output',
      file(name),
    ]);
    if (run.code !== 0) throw new Error(run.stderr);
    return JSON.parse(fs.readFileSync(file(name), 'utf8'));
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

const gate = (...args: string[]) =>
  runCli(['parity', 'gate', ...args], {
    env: { PLATFORM_KIT_TOKEN: 'ci-token-0123456789abcdef' },
  });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-gate-cli-'));
  // 75: spec bundle passes, delivery gates partial (no dependabot, branch protection unknown).
  await evaluated('governed.json', {
    ...COMPLETE_SPEC_BUNDLE,
    '.github/workflows/ci.yml': CI,
    '.github/CODEOWNERS': '* @acme/shop-team\n',
  });
  // 50: CODEOWNERS and the CI workflow removed.
  await evaluated('spec-only.json', COMPLETE_SPEC_BUNDLE);
  // 0: nothing.
  await evaluated('bare.json', { 'README.md': '# Shop\n' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('platform-kit parity gate', () => {
  it('fails a drop above the limit and lists what got worse', async () => {
    const run = await gate(
      '--baseline',
      file('governed.json'),
      '--current',
      file('spec-only.json'),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'Parity 75.0 \u2192 50.0 (\u221225.0, limit 5): FAILED',
    );
    expect(lines[1]).toBe('  component:default/shop');
    expect(run.stdout).toContain(
      '\nGot worse:\n  capability repo.delivery-gates "Delivery gates" (severity 3): partial \u2192 fail\n',
    );
    expect(run.stdout).toContain(
      '  contract repo.delivery-gates / ci-workflow "A CI workflow runs lint, test and build": pass \u2192 fail\n',
    );
    expect(run.stdout).toContain(
      '  contract repo.delivery-gates / codeowners "CODEOWNERS names the owners": pass \u2192 fail\n',
    );
    expect(run.stdout).not.toContain('spec-bundle');
    expect(run.stdout).not.toContain('Note:');
  });

  it('passes an improvement and an unchanged result, and shows what got better', async () => {
    const better = await gate(
      '--baseline',
      file('bare.json'),
      '--current',
      file('governed.json'),
    );
    expect(better.code).toBe(0);
    expect(better.stdout).toMatch(
      /^Parity 0\.0 \u2192 75\.0 \(\+75\.0, limit 5\): passed\n/,
    );
    expect(better.stdout).toContain('\nNothing got worse.\n');
    expect(better.stdout).toContain(
      'Got better: repo.spec-bundle fail \u2192 pass; repo.delivery-gates fail \u2192 partial; 5 contracts better\n',
    );
    const same = await gate(
      '--baseline',
      file('governed.json'),
      '--current',
      file('governed.json'),
      '--max-drop',
      '0',
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(
      /^Parity 75\.0 \u2192 75\.0 \(\u00b10, limit 0\): passed/,
    );
  });

  it('passes a drop equal to --max-drop and fails one a tenth above it', async () => {
    const args = [
      '--baseline',
      file('governed.json'),
      '--current',
      file('spec-only.json'),
    ];
    expect((await gate(...args, '--max-drop', '25')).code).toBe(0);
    expect((await gate(...args, '--max-drop', '24.9')).code).toBe(1);
    const json = await gate(...args, '--max-drop', '25', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      entityRef: REF,
      baselineScore: 75,
      currentScore: 50,
      drop: 25,
      maxDrop: 25,
      passed: true,
      findingsCompared: 'evidence',
      worse: {
        capabilities: [
          { capabilityId: 'repo.delivery-gates', from: 'partial', to: 'fail' },
        ],
      },
    });
  });

  it('explains a result without a score', async () => {
    const noScore = JSON.parse(fs.readFileSync(file('bare.json'), 'utf8'));
    noScore.parity.score = null;
    noScore.parity.results = noScore.parity.results.map((r: any) => ({
      ...r,
      status: 'not_applicable',
      evidence: [],
    }));
    fs.writeFileSync(file('none.json'), JSON.stringify(noScore));
    const run = await gate(
      '--baseline',
      file('governed.json'),
      '--current',
      file('none.json'),
      '--max-drop',
      '100',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^Parity 75\.0 \u2192 none \(limit 100\): FAILED\n {2}component:default\/shop\n {2}the current result has no score: no capability applied/,
    );
    const listed = JSON.parse(fs.readFileSync(file('governed.json'), 'utf8'));
    fs.writeFileSync(
      file('listed.json'),
      JSON.stringify({ ...listed, findings: [] }),
    );
    const mixed = await gate(
      '--baseline',
      file('governed.json'),
      '--current',
      file('listed.json'),
    );
    expect(mixed.code).toBe(0);
    expect(mixed.stdout).toContain(
      `\nNote: only the findings the capabilities name were compared: ${file(
        'governed.json',
      )} has no findings list.\n`,
    );
    const fresh = await gate(
      '--baseline',
      file('none.json'),
      '--current',
      file('bare.json'),
    );
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('the baseline has no score');
  });

  it('exits 2 on unreadable or invalid files and bad options, naming the file and field', async () => {
    fs.writeFileSync(file('broken.json'), '{ "entityRef": ');
    const wrongField = JSON.parse(fs.readFileSync(file('bare.json'), 'utf8'));
    wrongField.parity.results[0].severity = 9;
    fs.writeFileSync(file('wrong.json'), JSON.stringify(wrongField));
    const other = JSON.parse(fs.readFileSync(file('bare.json'), 'utf8'));
    other.entityRef = 'component:default/web';
    other.parity.entityRef = 'component:default/web';
    fs.writeFileSync(file('other.json'), JSON.stringify(other));
    const base = ['--baseline', file('governed.json')];
    const cases: [string[], string][] = [
      [
        [...base, '--current', file('missing.json')],
        `${file('missing.json')}: cannot read (ENOENT)`,
      ],
      [
        [...base, '--current', file('broken.json')],
        `${file('broken.json')}: not valid JSON (`,
      ],
      [
        [...base, '--current', file('wrong.json')],
        `${file(
          'wrong.json',
        )}: not a valid results document: parity.results.0.severity: `,
      ],
      [
        [...base, '--current', file('other.json')],
        `is about component:default/shop but ${file(
          'other.json',
        )} is about component:default/web`,
      ],
      [[...base], '--current: is required'],
      [
        [...base, '--current', file('bare.json'), '--max-drop', '-1'],
        '--max-drop: must be 0 or more points',
      ],
      [
        [...base, '--current', file('bare.json'), '--max-drop', 'lots'],
        '--max-drop: ',
      ],
      [
        [...base, '--current', file('bare.json'), '--format', 'xml'],
        '--format: ',
      ],
      [
        [...base, '--current', file('bare.json'), '--url', 'ftp://cp'],
        '--url: must be an http:// or https:// URL',
      ],
      [
        [...base, '--current', file('bare.json'), '--upload'],
        '--upload needs --url <control plane base URL> or PLATFORM_KIT_URL',
      ],
      [
        [
          ...base,
          '--current',
          file('bare.json'),
          '--upload',
          '--url',
          'http://127.0.0.1:1',
          '--token-env',
          'NOT_SET',
        ],
        '--upload needs the control plane token in $NOT_SET (it is empty or not set)',
      ],
    ];
    for (const [args, message] of cases) {
      const run = await gate(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it("exits 2 when the control plane cannot be reached, after printing the verdict, without the URL's password", async () => {
    const server = http.createServer();
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise(r => server.close(r));
    const run = await runCli(
      [
        'parity',
        'gate',
        '--baseline',
        file('governed.json'),
        '--current',
        file('governed.json'),
        '--upload',
      ],
      {
        env: {
          PLATFORM_KIT_URL: `http://127.0.0.1:${port}`,
          PLATFORM_KIT_TOKEN: 'ci-token-0123456789abcdef',
        },
      },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Parity 75\.0 \u2192 75\.0 .*: passed\n/);
    expect(run.stderr).toBe(
      `platform-kit: upload failed: cannot reach the control plane at http://127.0.0.1:${port}/api/platform-kit/results (ECONNREFUSED)\n`,
    );
  });

  it('refuses a control plane URL with a password, without printing it', async () => {
    const run = await runCli(
      [
        'parity',
        'gate',
        '--baseline',
        file('governed.json'),
        '--current',
        file('governed.json'),
        '--upload',
        '--url',
        'https://ci:url-password-4711@portal.example.com',
      ],
      { env: { PLATFORM_KIT_TOKEN: 'ci-token-0123456789abcdef' } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'must not contain a user or password: the token authenticates',
    );
    expect(run.stdout + run.stderr).not.toContain('url-password-4711');
  });
});

describe('platform-kit parity gate --upload', () => {
  const TOKEN = 'ci-static-token-7f3a9b2c4d5e6f70';
  const CATALOG_TOKEN = 'catalog-only-token-0a1b2c3d4e5f';
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let url: string;
  let repo: string;

  beforeAll(async () => {
    repo = await writeTempRepository(COMPLETE_SPEC_BUNDLE);
    backend = await startTestBackend({
      features: [
        platformKitPlugin,
        // Real token checks: CI authenticates with a static externalAccess token.
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.database.factory({ knex: await opsStore() }),
        catalogWith(REF),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKEN, subject: 'ci-parity-gate' },
                    accessRestrictions: [{ plugin: 'platform-kit' }],
                  },
                  {
                    type: 'static',
                    options: { token: CATALOG_TOKEN, subject: 'ci-catalog' },
                    accessRestrictions: [{ plugin: 'catalog' }],
                  },
                ],
              },
            },
            platformKit: {
              targets: [
                { id: 'shop', entityRef: REF, kind: 'repository', path: repo },
              ],
            },
          },
        }),
      ],
    });
    url = `http://127.0.0.1:${backend.server.port()}`;
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const upload = (token: string, ...extra: string[]) =>
    runCli(
      [
        'parity',
        'gate',
        '--baseline',
        file('governed.json'),
        '--current',
        file('spec-only.json'),
        '--upload',
        '--url',
        url,
        '--token-env',
        'CI_PARITY_TOKEN',
        ...extra,
      ],
      { env: { CI_PARITY_TOKEN: token } },
    );

  it('pushes the current results even when the gate fails; they become the entity\u2019s parity', async () => {
    const run = await upload(TOKEN);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const scanId =
      /\nUploaded to http:\/\/127\.0\.0\.1:\d+: scan (\S+)\n$/.exec(
        run.stdout,
      )?.[1];
    expect(scanId).toBeDefined();
    expect(run.stdout).not.toContain(TOKEN);

    const res = await fetch(
      `${url}/api/platform-kit/entities/component/default/shop/parity`,
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    expect(res.status).toBe(200);
    const parity = await res.json();
    expect(parity.score).toBe(50);
    expect(parity.scan.id).toBe(scanId);
    expect(
      parity.results.find((r: any) => r.capabilityId === 'repo.spec-bundle')
        .status,
    ).toBe('pass');

    // The file fetched from the control plane is itself a valid baseline.
    fs.writeFileSync(file('from-api.json'), JSON.stringify(parity));
    const again = await gate(
      '--baseline',
      file('from-api.json'),
      '--current',
      file('spec-only.json'),
      '--max-drop',
      '0',
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing got worse.');

    const json = await upload(TOKEN, '--format', 'json', '--max-drop', '30');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).upload.scanId).toMatch(/\S/);
  });

  it('exits 2 with a clear message for a wrong token, never printing it', async () => {
    const wrong = 'wrong-token-abcdef0123456789';
    const run = await upload(wrong);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('FAILED');
    expect(run.stderr).toMatch(
      /^platform-kit: upload failed: the control plane rejected the token in \$CI_PARITY_TOKEN \(401.*\); it must be one of the static tokens in backend\.auth\.externalAccess\n$/,
    );
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it('exits 2 explaining a token the control plane does not let push results', async () => {
    const run = await upload(CATALOG_TOKEN);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^platform-kit: upload failed: the token in \$CI_PARITY_TOKEN may not push results \(403.*\); its externalAccess entry must allow the platform-kit plugin and its subject needs the platform-kit\.results\.push permission\n$/,
    );
    expect(run.stdout + run.stderr).not.toContain(CATALOG_TOKEN);
  });

  it('exits 2 naming the missing target when the control plane does not know the entity', async () => {
    const other = JSON.parse(fs.readFileSync(file('bare.json'), 'utf8'));
    other.entityRef = 'component:default/web';
    other.parity.entityRef = 'component:default/web';
    fs.writeFileSync(file('web.json'), JSON.stringify(other));
    const run = await runCli(
      [
        'parity',
        'gate',
        '--baseline',
        file('web.json'),
        '--current',
        file('web.json'),
        '--upload',
        '--url',
        `${url}/`,
      ],
      { env: { PLATFORM_KIT_TOKEN: TOKEN } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'platform-kit: upload failed: the control plane answered 404: No Platform Kit target for component:default/web\n',
    );
  });
});
