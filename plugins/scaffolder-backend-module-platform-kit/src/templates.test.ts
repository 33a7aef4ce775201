import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  componentEntityV1alpha1Validator,
  Entity,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// publish:github is not built into the scaffolder; the templates need its module registered.
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { createTestDatabase, repoRoot } from '@platform-kit/devtools';
import {
  analyseSpecBundle,
  collectRepositoryFacts,
  LocalRepositorySource,
} from '@platform-kit/plugin-platform-kit-node';
import knexFactory from 'knex';
import request from 'supertest';
import yaml from 'yaml';
import {
  dependabotSchema,
  directoryContents,
  listFiles,
  parseWorkflow,
  runScripts,
} from './__testUtils__/templateFiles';
import { scaffolderModulePlatformKit } from './module';

jest.setTimeout(180_000);

const TEMPLATES = [
  { folder: 'app-repo', kind: 'app', type: 'website', name: 'checkout-web' },
  {
    folder: 'service-repo',
    kind: 'service',
    type: 'service',
    name: 'checkout-api',
  },
  { folder: 'lib-repo', kind: 'lib', type: 'library', name: 'money-format' },
] as const;

const templatesRoot = () => path.join(repoRoot(), 'templates');

function templateEntity(folder: string): Entity {
  return yaml.parse(
    fs.readFileSync(
      path.join(templatesRoot(), folder, 'template.yaml'),
      'utf8',
    ),
  );
}

/** The template as the catalog holds it when registered from a `type: file` location. */
function catalogTemplateEntity(folder: string): Entity {
  const entity = templateEntity(folder);
  const file = path.join(templatesRoot(), folder, 'template.yaml');
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
  };
  return entity;
}

/** A description with YAML and JSON special characters, to prove the files escape it. */
const PURPOSE = 'Takes payments: cards, wallets and "vouchers" # for the shop';
const CLI_PACKAGES = ['@platform-kit/cli@0.3.1'];
const BRANCH = 'trunk';

function valuesFor(name: string) {
  return {
    name,
    description: PURPOSE,
    owner: 'group:default/payments',
    system: 'system:default/shop',
    repoUrl: `github.com?owner=acme-corp&repo=${name}`,
    repoVisibility: 'internal',
    defaultBranch: BRANCH,
    protectDefaultBranch: true,
    requiredStatusChecks: ['lint', 'test', 'build', 'parity-gate'],
    cliPackages: CLI_PACKAGES,
    uploadParity: true,
  };
}

const org: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { owner: 'group:default/payments' },
  },
];

interface DryRun {
  status: number;
  body: any;
  /** The files the dry run produced, path → text. */
  files: Map<string, string>;
  /** The last status each step reported, by step id. */
  steps: Record<string, string>;
  log: string[];
}

describe('the repository templates on a real scaffolder backend', () => {
  let backend: { server: any; stop(): Promise<void> };
  const runs = new Map<string, DryRun>();

  beforeAll(async () => {
    // The scaffolder's task store. Like in remediation.test.ts it is left to the test
    // database's own clean-up: the task workers poll it until the process ends.
    const store = await createTestDatabase({ supabase: false });
    const knex = knexFactory({ client: 'pg', connection: store.url });
    backend = await startTestBackend({
      features: [
        mockServices.database.factory({ knex }),
        scaffolderPlugin,
        scaffolderGithubModule,
        scaffolderModulePlatformKit,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({
          entities: [
            ...org,
            ...TEMPLATES.map(t => catalogTemplateEntity(t.folder)),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost' },
            integrations: { github: [{ host: 'github.com' }] },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  async function dryRun(
    folder: string,
    values: Record<string, unknown>,
  ): Promise<DryRun> {
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: templateEntity(folder),
        values,
        secrets: {},
        directoryContents: directoryContents(
          path.join(templatesRoot(), folder),
        ),
      });
    const files = new Map<string, string>(
      (res.body.directoryContents ?? []).map((f: any) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    const steps: Record<string, string> = {};
    const log: string[] = [];
    for (const entry of res.body.log ?? []) {
      if (entry.body.stepId && entry.body.status)
        steps[entry.body.stepId] = entry.body.status;
      // Messages of the task logger start with a coloured level, e.g. "info: ".
      log.push(
        stripVTControlCharacters(entry.body.message).replace(/^\w+: /, ''),
      );
    }
    return { status: res.status, body: res.body, files, steps, log };
  }

  /** The dry run of a template with {@link valuesFor}, run once and shared by the tests. */
  async function run(folder: string, name: string): Promise<DryRun> {
    if (!runs.has(folder))
      runs.set(folder, await dryRun(folder, valuesFor(name)));
    return runs.get(folder)!;
  }

  describe.each(TEMPLATES)('$folder', ({ folder, kind, type, name }) => {
    it('runs every step that supports a dry run and skips publishing and registration', async () => {
      const result = await run(folder, name);
      expect({ status: result.status, log: result.log }).toMatchObject({
        status: 200,
      });
      expect(result.steps).toEqual({
        'fetch-common': 'completed',
        'fetch-skeleton': 'completed',
        'spec-bundle': 'completed',
        'validate-spec': 'completed',
        publish: 'skipped',
        register: 'skipped',
        scan: 'completed',
      });
      expect(result.log).toContain(
        'Skipping because publish:github does not support dry-run',
      );
      expect(result.body.output.links).toContainEqual(
        expect.objectContaining({ entityRef: `component:default/${name}` }),
      );
    });

    it('hands publish:github the repository options the user chose', async () => {
      const { log } = await run(folder, name);
      const line = log.find(m =>
        m.startsWith('Running publish:github in dry-run mode'),
      );
      expect(line).toBeDefined();
      const input = JSON.parse(line!.slice(line!.indexOf('{')));
      expect(input).toMatchObject({
        repoUrl: `github.com?owner=acme-corp&repo=${name}`,
        description: PURPOSE,
        repoVisibility: 'internal',
        defaultBranch: BRANCH,
        protectDefaultBranch: true,
        requireCodeOwnerReviews: true,
        requiredStatusCheckContexts: ['lint', 'test', 'build', 'parity-gate'],
      });
      const scan = log.find(m =>
        m.startsWith('Running platform-kit:scan:trigger in dry-run mode'),
      );
      expect(JSON.parse(scan!.slice(scan!.indexOf('{')))).toEqual({
        entityRef: `component:default/${name}`,
      });
    });

    it('creates a valid spec bundle for the repository', async () => {
      const { files } = await run(folder, name);
      const analysis = analyseSpecBundle(files);
      expect(analysis.bundles.map(b => [b.name, b.complete])).toEqual([
        [name, true],
      ]);
      expect(files.get(`spec/${name}/prd.md`)).toContain('vouchers');
    });

    it('renders every templated file completely and keeps GitHub expressions', async () => {
      const { files } = await run(folder, name);
      expect([...files.keys()].filter(f => f.endsWith('.njk'))).toEqual([]);
      for (const [file, text] of files) {
        expect({ file, leftover: text.match(/\$\{\{\s*values\./) }).toEqual({
          file,
          leftover: null,
        });
        expect({ file, leftover: text.match(/\{%|%\}|\{#/) }).toEqual({
          file,
          leftover: null,
        });
      }
      const parity = files.get('.github/workflows/parity-gate.yaml')!;
      expect(parity).toContain(
        'PLATFORM_KIT_TOKEN: ${{ secrets.PLATFORM_KIT_TOKEN }}',
      );
      expect(parity).toContain('${{ vars.PLATFORM_KIT_URL }}');
      expect(parity).toContain('parity-baseline-${{ github.sha }}');
    });

    it('ships workflows and a Dependabot configuration GitHub accepts', async () => {
      const { files } = await run(folder, name);
      const workflows = [...files.keys()].filter(f =>
        /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f),
      );
      expect(workflows.sort()).toEqual(
        [
          '.github/workflows/ci.yaml',
          '.github/workflows/diagrams-ci.yaml',
          '.github/workflows/doc-sync-check.yaml',
          '.github/workflows/parity-gate.yaml',
          '.github/workflows/spec-kit-enforce.yaml',
          ...(kind === 'lib' ? ['.github/workflows/publish.yaml'] : []),
        ].sort(),
      );
      for (const file of workflows) parseWorkflow(file, files.get(file)!);

      const ci = parseWorkflow('ci', files.get('.github/workflows/ci.yaml')!);
      expect(ci.on).toMatchObject({ push: { branches: [BRANCH] } });
      expect(ci.on).toHaveProperty('pull_request');
      expect(runScripts(ci)).toEqual(
        expect.arrayContaining(['npm run lint', 'npm test', 'npm run build']),
      );

      const dependabot = dependabotSchema.parse(
        yaml.parse(files.get('.github/dependabot.yml')!),
      );
      expect(dependabot.updates.map(u => u['package-ecosystem'])).toEqual(
        kind === 'service'
          ? ['npm', 'github-actions', 'docker']
          : ['npm', 'github-actions'],
      );
    });

    it('runs the governance CLI in the four governance workflows', async () => {
      const { files } = await run(folder, name);
      const cli = `npx --yes --package '@platform-kit/cli@0.3.1' platform-kit`;
      const scripts = (workflow: string) =>
        runScripts(
          parseWorkflow(
            workflow,
            files.get(`.github/workflows/${workflow}.yaml`)!,
          ),
        ).join('\n');
      expect(scripts('spec-kit-enforce')).toContain(`${cli} spec validate`);
      expect(scripts('doc-sync-check')).toContain(`${cli} docs sync-check`);
      expect(scripts('diagrams-ci')).toContain(`${cli} diagrams check`);
      const parity = scripts('parity-gate');
      expect(parity).toContain(
        `${cli} parity evaluate --entity-ref component:default/${name} --repo . --output current.json`,
      );
      // The committed or cached baseline when there is one, else this run's own result.
      expect(parity).toContain('baseline=.platform-kit/parity-baseline.json');
      expect(parity).toContain(
        `${cli} parity gate --baseline "$baseline" --current current.json --max-drop 5 --upload --url \${{ vars.PLATFORM_KIT_URL }}`,
      );
      for (const workflow of [
        'spec-kit-enforce',
        'doc-sync-check',
        'diagrams-ci',
        'parity-gate',
      ]) {
        const parsed = parseWorkflow(
          workflow,
          files.get(`.github/workflows/${workflow}.yaml`)!,
        );
        expect(Object.keys(parsed.jobs)).toEqual([workflow]);
        expect(parsed.on).toMatchObject({ push: { branches: [BRANCH] } });
        expect(parsed.on).toHaveProperty('pull_request');
      }
    });

    it('names the owner team in CODEOWNERS and the catalog entry', async () => {
      const { files } = await run(folder, name);
      const rules = files
        .get('.github/CODEOWNERS')!
        .split('\n')
        .filter(line => line.trim() && !line.startsWith('#'));
      expect(rules).toEqual(['* @acme-corp/payments']);

      const entity = yaml.parse(files.get('catalog-info.yaml')!);
      expect(await componentEntityV1alpha1Validator.check(entity)).toBe(true);
      expect(entity).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          description: PURPOSE,
          annotations: {
            'github.com/project-slug': `acme-corp/${name}`,
            'backstage.io/techdocs-ref': 'dir:.',
          },
          tags: ['typescript', 'platform-kit'],
        },
        spec: {
          type,
          lifecycle: 'experimental',
          owner: 'group:default/payments',
          system: 'system:default/shop',
        },
      });
      expect(files.get('mkdocs.yml')).toContain(`site_name: ${name}`);
      expect(files.has('docs/index.md')).toBe(true);
    });

    it('has a Node package with lint, test and build, and identical agent instructions', async () => {
      const { files } = await run(folder, name);
      const pkg = JSON.parse(files.get('package.json')!);
      expect(pkg.description).toBe(PURPOSE);
      expect(Object.keys(pkg.scripts)).toEqual(
        expect.arrayContaining(['lint', 'test', 'build']),
      );
      expect(JSON.parse(files.get('tsconfig.json')!).compilerOptions).toEqual(
        expect.objectContaining({ strict: true, outDir: 'dist' }),
      );
      const sources = [...files.keys()].filter(f => f.startsWith('src/'));
      expect(sources.some(f => f.endsWith('.test.ts'))).toBe(true);
      expect(
        sources.filter(f => !f.endsWith('.test.ts')).length,
      ).toBeGreaterThan(0);
      const claude = files.get('CLAUDE.md')!;
      expect(claude).toContain(`spec/${name}/`);
      expect(files.get('GEMINI.md')).toBe(claude);
      expect(files.get('CODEX.md')).toBe(claude);
    });

    it('meets the repository facts Platform Kit scores it on', async () => {
      const { files } = await run(folder, name);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pk-${kind}-`));
      try {
        for (const [file, text] of files) {
          fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          fs.writeFileSync(path.join(dir, file), text);
        }
        const facts = await collectRepositoryFacts(
          new LocalRepositorySource(dir),
        );
        expect(facts.facts).toEqual(
          expect.objectContaining({
            'repo.ci.lint': true,
            'repo.ci.test': true,
            'repo.ci.build': true,
            'repo.ci.parity-gate': true,
            'repo.codeowners': true,
            'repo.dependabot': true,
          }),
        );
        const specFacts = Object.entries(facts.facts).filter(([key]) =>
          key.startsWith('spec.'),
        );
        expect(specFacts.length).toBeGreaterThan(0);
        expect(specFacts.filter(([, value]) => !value)).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('service-repo: a Dockerfile with a health check, /healthz in the code, and a deploy job', async () => {
    const { files } = await run('service-repo', 'checkout-api');
    const dockerfile = files.get('Dockerfile')!;
    expect(dockerfile).toMatch(/^FROM node:\d+/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]/m);
    expect(files.get('src/server.ts')).toContain("'/healthz'");
    expect(files.get('src/server.test.ts')).toContain('/healthz');

    const ci = parseWorkflow('ci', files.get('.github/workflows/ci.yaml')!);
    const deploy = ci.jobs.deploy as any;
    expect([deploy.needs].flat()).toContain('build');
    expect(deploy.if).toContain(`refs/heads/${BRANCH}`);
    expect(deploy.permissions).toMatchObject({ packages: 'write' });
    const push = deploy.steps.find((s: any) =>
      s.uses?.startsWith('docker/build-push-action@'),
    );
    expect(push.with).toMatchObject({ push: true });
    const login = deploy.steps.find((s: any) =>
      s.uses?.startsWith('docker/login-action@'),
    );
    expect(login.with).toEqual({
      registry: 'ghcr.io',
      username: '${{ github.actor }}',
      password: '${{ secrets.GITHUB_TOKEN }}',
    });
  });

  it('lib-repo: an exports map, a publish workflow with provenance and an API document', async () => {
    const { files } = await run('lib-repo', 'money-format');
    const pkg = JSON.parse(files.get('package.json')!);
    expect(pkg.name).toBe('@acme-corp/money-format');
    expect(pkg.exports['.']).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
    expect(pkg.repository.url).toBe(
      'git+https://github.com/acme-corp/money-format.git',
    );

    const publish = parseWorkflow(
      'publish',
      files.get('.github/workflows/publish.yaml')!,
    );
    expect(publish.on).toEqual({ release: { types: ['published'] } });
    expect((publish as any).permissions).toMatchObject({
      'id-token': 'write',
    });
    expect(runScripts(publish)).toContain('npm publish --provenance');
    // No registry host in the files: the token is written for the runner's configured registry.
    expect(runScripts(publish).join('\n')).toContain(
      'registry="$(npm config get registry)"',
    );
    expect(files.get('.github/workflows/publish.yaml')).toContain(
      'NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}',
    );
    expect(files.get('docs/api.md')).toContain(
      "from '@acme-corp/money-format'",
    );
  });

  it('app-repo: the service and library files stay out', async () => {
    const { files } = await run('app-repo', 'checkout-web');
    expect(files.has('Dockerfile')).toBe(false);
    expect(files.has('.github/workflows/publish.yaml')).toBe(false);
    expect(
      parseWorkflow('ci', files.get('.github/workflows/ci.yaml')!).jobs,
    ).not.toHaveProperty('deploy');
  });

  it('leaves the upload out of the parity gate unless asked for', async () => {
    const result = await dryRun('lib-repo', {
      ...valuesFor('money-format'),
      uploadParity: false,
      system: undefined,
    });
    expect(result.status).toBe(200);
    const parity = result.files.get('.github/workflows/parity-gate.yaml')!;
    expect(parity).not.toContain('--upload');
    expect(parity).not.toContain('PLATFORM_KIT_TOKEN');
    parseWorkflow('parity-gate', parity);
    const entity = yaml.parse(result.files.get('catalog-info.yaml')!);
    expect(entity.spec).not.toHaveProperty('system');
  });

  it('runs for real from a file catalog location and stops at publishing without a GitHub token', async () => {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/platform-kit-service-repo',
        values: valuesFor('checkout-api'),
      });
    expect(created.status).toBe(201);
    let status = '';
    for (let i = 0; i < 300 && !['completed', 'failed'].includes(status); i++) {
      await new Promise(r => setTimeout(r, 200));
      const task = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', mockCredentials.user.header());
      status = task.body.status;
    }
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', mockCredentials.user.header());
    const steps: Record<string, string> = {};
    const log: string[] = [];
    for (const event of events.body) {
      if (event.body.stepId && event.body.status)
        steps[event.body.stepId] = event.body.status;
      if (event.body.message)
        log.push(stripVTControlCharacters(event.body.message));
    }
    expect({ status, steps }).toEqual({
      status: 'failed',
      steps: {
        'fetch-common': 'completed',
        'fetch-skeleton': 'completed',
        'spec-bundle': 'completed',
        'validate-spec': 'completed',
        publish: 'failed',
        register: 'skipped',
        scan: 'skipped',
      },
    });
    expect(log.join('\n')).toMatch(/No token available for host: github\.com/);
  });

  it('runs the CLI from tarballs when there is no registry: every spec becomes one argument of npx', async () => {
    // The CLI's tarball and those of the Platform Kit packages it depends on, as an
    // organisation without a registry serves them (one URL with a query string, as a
    // signed URL has) or commits them to the repository.
    const base = 'https://artifacts.example.test/platform-kit/0.1.0';
    const specs = [
      `${base}/platform-kit-cli-0.1.0.tgz?sig=a1&expires=2`,
      `${base}/platform-kit-plugin-platform-kit-node-0.1.0.tgz`,
      './tools/platform-kit-plugin-platform-kit-common-0.1.0.tgz',
      './tools/platform-kit-connector-sdk-0.1.0.tgz',
    ];
    const result = await dryRun('app-repo', {
      ...valuesFor('checkout-web'),
      cliPackages: specs,
    });
    expect(result.status).toBe(200);
    const workflow = parseWorkflow(
      'spec-kit-enforce',
      result.files.get('.github/workflows/spec-kit-enforce.yaml')!,
    );
    const [script] = runScripts(workflow).filter(s => s.includes('npx'));
    // The words a real shell passes to npx (a function standing in for it).
    const argv = execFileSync(
      'bash',
      ['-c', `npx() { printf '%s\\0' "$@"; }\n${script}`],
      { encoding: 'utf8' },
    )
      .split('\0')
      .slice(0, -1);
    expect(argv).toEqual([
      '--yes',
      ...specs.flatMap(spec => ['--package', spec]),
      'platform-kit',
      'spec',
      'validate',
    ]);
  });

  it.each([
    ['a version range', '@platform-kit/cli@^0.1.0'],
    ['a shell command', '@platform-kit/cli@0.1.0;curl'],
    ['a command substitution', 'https://example.test/$(id).tgz'],
    ['a GitHub expression', 'https://example.test/${{secrets.X}}.tgz'],
    ['a quote', "./tools/it's.tgz"],
    ['plain http', 'http://example.test/platform-kit-cli-0.1.0.tgz'],
    ['a git URL', 'git+https://example.test/platform-kit.git'],
  ])('refuses %s as a CLI package before running anything', async (_, spec) => {
    const result = await dryRun('service-repo', {
      ...valuesFor('checkout-api'),
      cliPackages: [spec],
    });
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: any) => e.property)).toEqual([
      'instance.cliPackages[0]',
    ]);
    expect(result.files.size).toBe(0);
  });

  it('rejects a name that is not kebab-case before running anything', async () => {
    const result = await dryRun('app-repo', {
      ...valuesFor('checkout-web'),
      name: 'Checkout_Web',
    });
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: any) => e.stack)).toEqual([
      'instance.name does not match pattern "^[a-z0-9]+(-[a-z0-9]+)*$"',
    ]);
    expect(result.files.size).toBe(0);
  });
});

describe('the repository templates', () => {
  it('run the CLI version of this repository by default', () => {
    const cli = JSON.parse(
      fs.readFileSync(
        path.join(repoRoot(), 'packages', 'cli', 'package.json'),
        'utf8',
      ),
    );
    for (const { folder } of TEMPLATES) {
      const properties = Object.assign(
        {},
        ...(templateEntity(folder).spec as any).parameters.map(
          (page: any) => page.properties,
        ),
      );
      expect({ folder, default: properties.cliPackages.default }).toEqual({
        folder,
        default: [`${cli.name}@${cli.version}`],
      });
    }
  });

  it('keeps the shared files of the three templates identical', () => {
    const [first, ...others] = TEMPLATES.map(t =>
      path.join(templatesRoot(), t.folder, 'common'),
    );
    const names = listFiles(first);
    expect(names).toContain('.github/workflows/parity-gate.yaml.njk');
    for (const other of others) {
      expect(listFiles(other)).toEqual(names);
      for (const file of names)
        expect({
          file,
          same:
            fs.readFileSync(path.join(other, file), 'utf8') ===
            fs.readFileSync(path.join(first, file), 'utf8'),
        }).toEqual({ file, same: true });
    }
  });
});
