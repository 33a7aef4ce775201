import fs from 'node:fs';
import path from 'node:path';
import { ensurePostgres } from '../postgres/ensurePostgres';
import { dataPath, repoRoot } from '../postgres/repoPaths';
import { formatDuration, run } from '../util/run';
import { testEnvironment } from './env';

interface Step {
  name: string;
  command: string;
  args: string[];
}

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { status: string; fullName: string }[];
  }[];
}

/**
 * The failed tests, one line each (a suite that failed to run counts with its
 * first message line): the last lines of a CI log say what broke.
 */
export function failedTestLines(jest: JestSummary, root: string): string[] {
  return (jest.testResults ?? [])
    .filter(suite => suite.status === 'failed')
    .flatMap(suite => {
      const file = path.relative(root, suite.name);
      const failed = (suite.assertionResults ?? []).filter(
        a => a.status === 'failed',
      );
      return failed.length
        ? failed.map(a => `${file} › ${a.fullName}`)
        : [`${file}: ${(suite.message ?? '').trim().split('\n')[0]}`];
    });
}

function readJestSummary(file: string): JestSummary | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The governance checks this repository runs on itself, as its GitHub
 * workflows (spec-kit-enforce, doc-sync-check, diagrams-ci, parity-gate) do.
 */
export const GOVERNANCE_CHECKS: { name: string; args: string[] }[] = [
  { name: 'spec bundles', args: ['spec', 'validate', '.'] },
  {
    name: 'agent files',
    args: ['docs', 'sync-check', 'CLAUDE.md', 'GEMINI.md', 'CODEX.md'],
  },
  { name: 'diagrams', args: ['diagrams', 'check', 'docs'] },
  {
    name: 'parity',
    args: [
      'parity',
      'evaluate',
      '--entity-ref',
      'component:default/platform-kit',
      '--repo',
      '.',
      '--output',
      '.data/parity-current.json',
    ],
  },
  {
    name: 'parity gate',
    args: [
      'parity',
      'gate',
      '--baseline',
      '.platform-kit/parity-baseline.json',
      '--current',
      '.data/parity-current.json',
      '--max-drop',
      '5',
    ],
  },
];

/** Packages whose tests also run against PostgreSQL 15 (the oldest major we support). */
const PG15_PACKAGES = ['plugins/platform-kit-node', 'packages/cli'];

/**
 * The engine's tests once more on embedded PostgreSQL 15, so that catalog
 * queries stay compatible with the oldest supported major version.
 */
async function compatibilityPass(
  runStep: (step: Step, env: NodeJS.ProcessEnv) => Promise<void>,
  extraJestArgs: string[],
) {
  if (extraJestArgs.length > 0) return; // a filtered run (./kit test <pattern>) stays focused
  let pg15;
  try {
    pg15 = await ensurePostgres(
      { dataDir: dataPath(`test-pg15-${process.pid}`), major: 15 },
      undefined,
    );
  } catch (error) {
    console.log(
      `\nPostgreSQL 15 compatibility pass not run: ${(error as Error).message}`,
    );
    return;
  }
  try {
    await runStep(
      {
        name: 'tests-pg15',
        command: 'backstage-cli',
        args: ['repo', 'test', ...PG15_PACKAGES],
      },
      {
        ...process.env,
        ...testEnvironment(pg15),
        CI: process.env.CI ?? 'true',
      },
    );
  } finally {
    await pg15.stop();
  }
}

/**
 * `./kit test`: type-check, lint, formatting, then every unit and integration
 * test against a real PostgreSQL that this command starts (or PLATFORM_KIT_PG_URL).
 */
export async function testCommand(extraJestArgs: string[]): Promise<number> {
  const started = Date.now();
  const pg = await ensurePostgres({
    dataDir: dataPath(`test-pg-${process.pid}`),
  });
  console.log(
    `PostgreSQL ${pg.majorVersion} ${
      pg.embedded ? '(embedded)' : '(PLATFORM_KIT_PG_URL)'
    } ready in ${formatDuration(Date.now() - started)}`,
  );
  const jestResults = dataPath('jest-results.json');
  fs.rmSync(jestResults, { force: true });
  const steps: Step[] = [
    { name: 'type-check', command: 'tsc', args: [] },
    {
      name: 'lint',
      command: 'backstage-cli',
      args: ['repo', 'lint', '--max-warnings', '0'],
    },
    {
      name: 'format',
      command: 'prettier',
      args: ['--check', '--loglevel', 'warn', '.'],
    },
    ...GOVERNANCE_CHECKS.map(check => ({
      name: check.name,
      command: 'platform-kit',
      args: check.args,
    })),
    // Builds, packs (yarn pack) and verifies every publishable package; the
    // type-check step above has written the dist-types the build reads.
    { name: 'pack', command: 'platform-kit-dev', args: ['pack', '--no-tsc'] },
    // After pack: it rewrites dist-types from the entry points alone.
    { name: 'api reports', command: 'yarn', args: ['api-reports:check'] },
    // The REST contract's generated files match its OpenAPI document.
    {
      name: 'api contract',
      command: 'platform-kit-dev',
      args: ['api-generate', '--check'],
    },
    {
      name: 'tests',
      command: 'backstage-cli',
      args: [
        'repo',
        'test',
        '--coverage',
        '--json',
        `--outputFile=${jestResults}`,
        ...extraJestArgs,
      ],
    },
  ];
  const env = {
    ...process.env,
    ...testEnvironment(pg),
    CI: process.env.CI ?? 'true',
  };
  const results: { name: string; code: number; ms: number }[] = [];
  const runStep = async (step: Step, stepEnv: NodeJS.ProcessEnv) => {
    const t0 = Date.now();
    console.log(`\n▶ ${step.name}: ${step.command} ${step.args.join(' ')}`);
    const code = await run(step.command, step.args, {
      cwd: repoRoot(),
      env: stepEnv,
    });
    results.push({ name: step.name, code, ms: Date.now() - t0 });
  };
  try {
    for (const step of steps) await runStep(step, env);
  } finally {
    await pg.stop();
  }
  await compatibilityPass(runStep, extraJestArgs);
  console.log('\nSummary');
  for (const r of results) {
    console.log(
      `  ${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(
        12,
      )} ${formatDuration(r.ms)}`,
    );
  }
  const failedSteps = results.filter(r => r.code !== 0).length;
  console.log(
    `steps: ${
      results.length - failedSteps
    } passed, ${failedSteps} failed (${formatDuration(Date.now() - started)})`,
  );
  const jest = readJestSummary(jestResults);
  if (jest) {
    console.log(
      `tests: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed`,
    );
    for (const line of failedTestLines(jest, repoRoot()))
      console.log(`  FAIL ${line}`);
  }
  return failedSteps === 0 ? 0 : 1;
}

/**
 * `./kit test:unit [jest args]`: only Jest, against a PostgreSQL this command
 * starts (or PLATFORM_KIT_PG_URL), without watch mode.
 */
export async function unitCommand(jestArgs: string[]): Promise<number> {
  const pg = await ensurePostgres({
    dataDir: dataPath(`test-pg-${process.pid}`),
  });
  try {
    return await run('backstage-cli', ['repo', 'test', ...jestArgs], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        ...testEnvironment(pg),
        CI: process.env.CI ?? 'true',
      },
    });
  } finally {
    await pg.stop();
  }
}
