import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { copyFromContext } from './copy';
import { baseImageEnv, expandEnvValue } from './environment';
import { Identity } from './identity';
import { ImagePlan, imageHome, PlanStep } from './plan';

export interface FollowOptions {
  plan: ImagePlan;
  contextDir: string;
  /** The build context filter (.dockerignore). */
  ignored: (relPath: string) => boolean;
  /** The folder on this machine that stands for the image's `/`. */
  rootfs: string;
  /** Who runs the steps of a non-root USER (undefined: this process's user). */
  identity?: Identity;
  /** Folder with the image's `node` (and `yarn`). */
  toolBin: string;
  /** Folder holding `npm` on this machine. */
  npmBin?: string;
  /** Added to the environment of RUN steps only (registry, CA, headers). */
  buildEnv: Record<string, string>;
  /** Where each RUN's output is written. */
  logDir: string;
  onStep?: (report: StepReport) => void;
}

export interface StepReport {
  step: PlanStep;
  ms: number;
  /** One line: what was done, or why it was not (system packages). */
  summary: string;
}

/** The image after its steps: where its WORKDIR is here and what its command gets. */
export interface FollowedImage {
  /** The image's WORKDIR on this machine. */
  workdir: string;
  /** The container's environment: the base image's plus every ENV. */
  env: Record<string, string>;
  /** Who the command runs as (undefined: this process's user). */
  identity?: Identity;
  reports: StepReport[];
}

function tail(file: string, lines: number): string {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

function runShell(
  command: string,
  options: {
    cwd: string;
    env: Record<string, string>;
    identity?: Identity;
    log: string;
  },
): Promise<number> {
  const fd = fs.openSync(options.log, 'w');
  return new Promise(resolve => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', fd, fd],
      ...(options.identity
        ? { uid: options.identity.uid, gid: options.identity.gid }
        : {}),
    });
    const done = (code: number) => {
      fs.closeSync(fd);
      resolve(code);
    };
    child.on('error', () => done(127));
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Reproduces the plan's filesystem in `rootfs`, in the Dockerfile's order:
 * COPY from the context (with .dockerignore), WORKDIR and the user's home
 * created as USER, ENV applied, each RUN executed by `/bin/sh -c` in WORKDIR
 * as USER with the image's PATH. Root steps that install apt packages are
 * reported, not run (this machine provides its own build tools).
 */
export async function followImagePlan(
  options: FollowOptions,
): Promise<FollowedImage> {
  const { plan, rootfs } = options;
  let user = 'root';
  let workdir = '/';
  const dockerEnv: Record<string, string> = {};
  const imageDirs: string[] = [];
  const reports: StepReport[] = [];
  const identityOf = (name: string) =>
    name === 'root' ? undefined : options.identity;
  const hostPath = (imagePath: string) => path.join(rootfs, imagePath);
  const imageEnv = () => ({
    ...baseImageEnv({
      toolBin: options.toolBin,
      npmBin: options.npmBin,
      home: hostPath(imageHome(user)),
    }),
    ...dockerEnv,
  });
  const ensureDir = (imagePath: string) => {
    const dir = hostPath(imagePath);
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
      const identity = identityOf(user);
      if (identity) fs.chownSync(dir, identity.uid, identity.gid);
    }
    if (!imageDirs.includes(imagePath)) imageDirs.push(imagePath);
  };
  fs.mkdirSync(rootfs, { recursive: true });
  fs.chmodSync(rootfs, 0o755);
  fs.mkdirSync(options.logDir, { recursive: true });

  for (const step of plan.steps) {
    const started = Date.now();
    let summary: string;
    if (step.kind === 'system-packages') {
      summary = `not installed here (apt: ${step.packages.join(' ')})`;
    } else if (step.kind === 'user') {
      user = step.name;
      ensureDir(imageHome(user));
      summary = `steps run as ${
        identityOf(user)?.name ??
        (process.getuid?.() === 0 ? 'root' : 'this user')
      }`;
    } else if (step.kind === 'workdir') {
      workdir = step.path;
      ensureDir(workdir);
      summary = `${workdir} → ${hostPath(workdir)}`;
    } else if (step.kind === 'env') {
      dockerEnv[step.name] = expandEnvValue(
        step.value,
        imageEnv(),
        rootfs,
        imageDirs,
      );
      summary = `${step.name}=${dockerEnv[step.name]}`;
    } else if (step.kind === 'copy') {
      const dest = hostPath(step.dest) + (step.dest.endsWith('/') ? '/' : '');
      const count = copyFromContext({
        contextDir: options.contextDir,
        ignored: options.ignored,
        sources: step.sources,
        dest,
        owner: step.chown ? identityOf(user) : undefined,
      });
      summary = `${step.sources.join(' ')} → ${step.dest} (${count} files)`;
    } else {
      const log = path.join(options.logDir, `run-line-${step.line}.log`);
      const code = await runShell(step.command, {
        cwd: hostPath(workdir),
        env: { ...imageEnv(), ...options.buildEnv, ...dockerEnv },
        identity: identityOf(user),
        log,
      });
      if (code !== 0) {
        throw new UserFacingError(
          `Dockerfile line ${step.line}: \`${
            step.command
          }\` exited with ${code}. Its last lines (all in ${log}):\n${tail(
            log,
            25,
          )}`,
        );
      }
      summary = step.command;
    }
    const report = { step, ms: Date.now() - started, summary };
    reports.push(report);
    options.onStep?.(report);
  }
  return {
    workdir: hostPath(workdir),
    env: imageEnv(),
    identity: identityOf(plan.cmdUser),
    reports,
  };
}
