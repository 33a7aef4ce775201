import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  applyAppSteps,
  PACKS_FOLDER,
  runRepositorySteps,
} from './applyQuickstart';
import { FreshApp } from './appSetup';
import { PhaseLog } from './phases';
import { QuickstartStep } from './quickstartSteps';

let root: string;
let app: FreshApp;
let log: PhaseLog;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-app-apply-'));
  app = { dir: path.join(root, 'app'), env: { PATH: process.env.PATH } };
  fs.mkdirSync(path.join(app.dir, 'packages/backend/src'), { recursive: true });
  fs.mkdirSync(path.join(app.dir, 'packages/app/src'), { recursive: true });
  fs.writeFileSync(
    path.join(app.dir, 'package.json'),
    '{"name":"root","resolutions":{"a":"1"}}\n',
  );
  fs.writeFileSync(
    path.join(app.dir, 'packages/backend/src/index.ts'),
    'const backend = createBackend();\nbackend.start();\n',
  );
  fs.writeFileSync(
    path.join(app.dir, 'packages/app/src/App.tsx'),
    "import { createApp } from 'x';\nexport default createApp({ features: [a] });\n",
  );
  fs.writeFileSync(path.join(app.dir, 'app-config.yaml'), 'app:\n  title: t\n');
  log = new PhaseLog(path.join(root, 'install.log'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const REPOSITORY_STEP: QuickstartStep = {
  kind: 'shell',
  where: 'repository',
  script:
    'mkdir -p "$APP/platform-kit-packs"\ntouch "$APP/platform-kit-packs/p-a-0.1.0.tgz"',
  line: 1,
};

const steps: QuickstartStep[] = [
  REPOSITORY_STEP,
  {
    kind: 'package-json',
    json: '// package.json\n{ "resolutions": { "@p/a": "file:./platform-kit-packs/p-a-0.1.0.tgz" } }',
    line: 2,
  },
  { kind: 'shell', where: 'app', script: 'echo added > added.txt', line: 3 },
  { kind: 'backend-index', snippet: "backend.add(import('@p/a'));\n", line: 4 },
  {
    kind: 'app-features',
    snippet: "import p from '@p/a/alpha';\ncreateApp({ features: [a, p] });\n",
    line: 5,
  },
  {
    kind: 'config',
    file: 'app-config.local.yaml',
    yaml: '\nbackend:\n  database:\n    client: pg\n',
    line: 6,
  },
  {
    kind: 'config',
    file: 'app-config.yaml',
    yaml: 'p:\n  url: ${P_URL}\n',
    line: 7,
  },
];

const read = (file: string) =>
  fs.readFileSync(path.join(app.dir, file), 'utf8');

describe('the quickstart applied to an app', () => {
  it('runs the repository steps with APP set, then every app step in order', async () => {
    expect(await runRepositorySteps(log, steps, { app, repoRoot: root })).toBe(
      `1 tarballs in ${PACKS_FOLDER}/`,
    );
    const applied = await applyAppSteps(log, steps, app);
    expect(applied).toEqual({
      environment: ['P_URL'],
      files: [
        'package.json',
        'packages/backend/src/index.ts',
        'packages/app/src/App.tsx',
        'app-config.local.yaml',
        'app-config.yaml',
      ],
    });
    expect(JSON.parse(read('package.json')).resolutions).toEqual({
      a: '1',
      '@p/a': 'file:./platform-kit-packs/p-a-0.1.0.tgz',
    });
    expect(read('added.txt')).toBe('added\n');
    expect(read('packages/backend/src/index.ts')).toContain(
      "backend.add(import('@p/a'));\n\nbackend.start();",
    );
    expect(read('packages/app/src/App.tsx')).toContain('features: [a, p]');
    expect(read('app-config.local.yaml')).toBe(
      'backend:\n  database:\n    client: pg\n',
    );
    expect(read('app-config.yaml')).toBe(
      'app:\n  title: t\n\np:\n  url: ${P_URL}\n',
    );
    // a second time changes nothing
    await applyAppSteps(log, steps, app);
    expect(read('app-config.yaml')).toBe(
      'app:\n  title: t\n\np:\n  url: ${P_URL}\n',
    );
  });

  it('copies given tarballs instead, and names a resolution without its tarball', async () => {
    const packs = path.join(root, 'packs');
    fs.mkdirSync(packs);
    fs.writeFileSync(path.join(packs, 'p-b-0.1.0.tgz'), '');
    fs.writeFileSync(path.join(packs, 'notes.txt'), '');
    await runRepositorySteps(log, steps, {
      app,
      repoRoot: root,
      packsDir: packs,
    });
    expect(fs.readdirSync(path.join(app.dir, PACKS_FOLDER))).toEqual([
      'p-b-0.1.0.tgz',
    ]);
    await expect(applyAppSteps(log, steps, app)).rejects.toThrow(
      'docs/quickstart.md:2 resolves @p/a to ./platform-kit-packs/p-a-0.1.0.tgz, which is not there: the tarballs are p-b-0.1.0.tgz.',
    );
  });

  it('fails when the repository steps leave no tarball or a shell step fails', async () => {
    await expect(
      runRepositorySteps(log, [], { app, repoRoot: root }),
    ).rejects.toThrow(/No tarballs in/);
    await expect(
      applyAppSteps(
        log,
        [{ kind: 'shell', where: 'app', script: 'false', line: 9 }],
        app,
      ),
    ).rejects.toThrow(/exited 1/);
  });
});
