import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePostgres } from '../postgres/ensurePostgres';
import { repoRoot } from '../postgres/repoPaths';
import { UserFacingError } from '../util/fail';
import { formatDuration, run } from '../util/run';
import { migrationVersions } from '../backendImage/checks';
import { parseDockerfile } from '../backendImage/dockerfile';
import { dockerignoreFilter } from '../backendImage/dockerignore';
import { buildStepEnv } from '../backendImage/environment';
import { followImagePlan } from '../backendImage/follow';
import { unprivilegedIdentity } from '../backendImage/identity';
import { readNpmSettings } from '../backendImage/npmConfig';
import { planImage } from '../backendImage/plan';
import { npmOnlyBin, reachableToolchain } from '../backendImage/reach';
import { ensureImageToolchain } from '../backendImage/toolchain';
import { verifyBackend } from '../backendImage/verify';

const DOCKERFILE = 'packages/backend/Dockerfile';
const CONTROL_PLANE = 'plugins/platform-kit-backend';

const USAGE = `Usage: platform-kit-dev backend-image [--skip-build] [--keep]

Builds the backend (yarn tsc, yarn build:backend), follows ${DOCKERFILE} into a
temp folder without Docker, starts its CMD on the Node major of its base image
against a fresh PostgreSQL, and checks readiness, the control plane's health,
the ops migrations, no error at start and a clean stop.

  --skip-build  use the existing packages/backend/dist tarballs
  --keep        keep the temp folder (the image's filesystem and logs)`;

async function timed<T>(
  phases: { name: string; ms: number }[],
  name: string,
  fn: () => Promise<T> | T,
): Promise<T> {
  const started = Date.now();
  console.log(`\n== ${name}`);
  try {
    return await fn();
  } finally {
    const ms = Date.now() - started;
    phases.push({ name, ms });
    console.log(`== ${name}: ${formatDuration(ms)}`);
  }
}

async function yarnStep(args: string[], cwd: string) {
  const code = await run('yarn', args, { cwd });
  if (code !== 0)
    throw new UserFacingError(
      `\`yarn ${args.join(' ')}\` exited with ${code}.`,
    );
}

/** `platform-kit-dev backend-image`: the production image, checked without a Docker daemon. */
export async function backendImageCommand(args: string[]): Promise<number> {
  const unknown = args.filter(a => a !== '--skip-build' && a !== '--keep');
  if (unknown.length > 0) {
    console.error(USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  const root = repoRoot();
  const phases: { name: string; ms: number }[] = [];
  const total = Date.now();
  if (!args.includes('--skip-build')) {
    await timed(phases, 'yarn tsc', () => yarnStep(['tsc'], root));
    await timed(phases, 'yarn build:backend', () =>
      yarnStep(['build:backend'], root),
    );
  }
  const plan = planImage(
    parseDockerfile(fs.readFileSync(path.join(root, DOCKERFILE), 'utf8')),
  );
  const ignorePath = path.join(root, '.dockerignore');
  const ignored = dockerignoreFilter(
    fs.existsSync(ignorePath) ? fs.readFileSync(ignorePath, 'utf8') : '',
  );
  const npm = readNpmSettings();
  const identity = unprivilegedIdentity();
  const temp = fs.mkdtempSync(
    path.join(os.tmpdir(), 'platform-kit-backend-image-'),
  );
  fs.chmodSync(temp, 0o755);
  const rootfs = path.join(temp, 'rootfs');
  const logs = path.join(temp, 'logs');
  let failed = true;
  const pg = await timed(phases, 'PostgreSQL (fresh, embedded)', () =>
    ensurePostgres({ dataDir: path.join(temp, 'postgres') }, undefined),
  );
  try {
    const toolchain = await timed(
      phases,
      `Node ${plan.base.nodeMajor} from the npm registry`,
      () => {
        const installed = ensureImageToolchain({
          major: plan.base.nodeMajor,
          cacheDir: path.join(root, '.kit'),
          registry: npm.registry,
        });
        console.log(
          `node ${installed.nodeVersion}, yarn ${
            installed.yarnVersion ?? '(none in this image)'
          }`,
        );
        return reachableToolchain(
          installed,
          identity,
          path.join(temp, 'toolchain'),
        );
      },
    );
    fs.mkdirSync(path.join(rootfs, 'tmp'), { recursive: true });
    fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
    const followed = await timed(
      phases,
      `follow the Dockerfile (${plan.base.reference})`,
      () =>
        followImagePlan({
          plan,
          contextDir: root,
          ignored,
          rootfs,
          identity,
          toolBin: toolchain.binDir,
          npmBin: npmOnlyBin(path.join(temp, 'npm-bin'), identity),
          buildEnv: buildStepEnv({
            registry: npm.registry,
            cafile: npm.cafile,
            nodeDir: toolchain.nodeDir,
            tmpDir: path.join(rootfs, 'tmp'),
            hostEnv: process.env,
          }),
          logDir: logs,
          onStep: report =>
            console.log(
              `  line ${String(report.step.line).padStart(
                3,
              )} ${report.step.kind.padEnd(15)} ${formatDuration(
                report.ms,
              ).padStart(9)}  ${report.summary}`,
            ),
        }),
    );
    for (const report of followed.reports) {
      if (report.step.kind === 'run')
        phases.push({ name: `  RUN line ${report.step.line}`, ms: report.ms });
    }
    const pluginDir = path.join(root, CONTROL_PLANE);
    const expected = migrationVersions(path.join(pluginDir, 'migrations'));
    const shipped = migrationVersions(
      path.join(followed.workdir, CONTROL_PLANE, 'migrations'),
    );
    console.log(
      `${CONTROL_PLANE}/migrations: ${expected.length} in the repository, ${shipped.length} in the image`,
    );
    const pluginId: string = JSON.parse(
      fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8'),
    ).backstage.pluginId;
    const verified = await timed(phases, 'start the CMD and check', () =>
      verifyBackend({
        cmd: plan.cmd,
        workdir: followed.workdir,
        env: followed.env,
        identity: followed.identity,
        adminUrl: pg.adminUrl,
        pluginId,
        expectedMigrations: expected,
        logFile: path.join(logs, 'backend.log'),
        onCheck: check =>
          console.log(
            `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`,
          ),
      }),
    );
    for (const warning of verified.warnings ?? [])
      console.log(`  warn ${warning}`);
    if (verified.readyMs !== undefined)
      phases.push({ name: '  start to readiness', ms: verified.readyMs });
    if (verified.stopMs !== undefined)
      phases.push({ name: '  SIGTERM to exit', ms: verified.stopMs });
    const sameMigrations = shipped.join() === expected.join();
    if (!sameMigrations) {
      console.log(
        `  FAIL the image's migrations differ from ${CONTROL_PLANE}/migrations`,
      );
    }
    failed = !sameMigrations || verified.checks.some(check => !check.ok);
  } finally {
    await pg.stop();
    if (args.includes('--keep')) {
      console.log(`\nKept ${temp}`);
    } else {
      fs.rmSync(rootfs, { recursive: true, force: true });
      fs.rmSync(path.join(temp, 'toolchain'), { recursive: true, force: true });
      if (failed) console.log(`\nLogs kept in ${logs}`);
      else fs.rmSync(temp, { recursive: true, force: true });
    }
  }
  console.log('\nphase                                           time');
  for (const phase of phases)
    console.log(`${phase.name.padEnd(48)}${formatDuration(phase.ms)}`);
  console.log(`${'total'.padEnd(48)}${formatDuration(Date.now() - total)}`);
  console.log(failed ? '\nbackend image: FAILED' : '\nbackend image: ok');
  return failed ? 1 : 0;
}
