import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { Instruction } from './dockerfile';

/** The base image, when it is an official Node.js image (`node:<major>[-variant]`). */
export interface BaseImage {
  reference: string;
  nodeMajor: number;
}

interface At {
  /** Dockerfile line of the instruction. */
  line: number;
}

/** What following the Dockerfile means, step by step, in the Dockerfile's order. */
export type PlanStep =
  | (At & { kind: 'system-packages'; packages: string[] })
  | (At & { kind: 'user'; name: string })
  | (At & { kind: 'workdir'; path: string })
  | (At & { kind: 'env'; name: string; value: string })
  | (At & { kind: 'copy'; sources: string[]; dest: string; chown: boolean })
  | (At & { kind: 'run'; command: string });

export interface ImagePlan {
  base: BaseImage;
  steps: PlanStep[];
  /** The container's command (exec form). */
  cmd: string[];
  /** The user the command runs as. */
  cmdUser: string;
}

const HOW_TO_TEACH =
  'teach packages/devtools/src/backendImage/plan.ts to follow it';

function refuse(instruction: Instruction, why: string): never {
  throw new UserFacingError(
    `Dockerfile line ${instruction.line} (${instruction.keyword}): ${why}; ${HOW_TO_TEACH}.`,
  );
}

/** `node:24-trixie-slim`, `docker.io/library/node:24` ... → 24. */
export function parseBaseImage(reference: string): BaseImage | undefined {
  const match =
    /^(?:(?:docker\.io\/)?library\/)?node:(\d+)(?:[.-][^@\s]*)?(?:@sha256:[0-9a-f]+)?$/.exec(
      reference,
    );
  return match ? { reference, nodeMajor: Number(match[1]) } : undefined;
}

/** The image user's home folder, as the official Node.js images define it. */
export function imageHome(user: string): string {
  return user === 'root' ? '/root' : `/home/${user}`;
}

/**
 * A root `RUN` we can stand for without running it: system packages from apt
 * (the host provides its own toolchain). Resolves to the packages installed.
 */
export function aptPackages(command: string): string[] | undefined {
  const parts = command.split('&&').map(part => part.trim());
  const packages: string[] = [];
  for (const part of parts) {
    if (/^rm -rf \/var\/lib\/apt\/lists(\/\*)?$/.test(part)) continue;
    const words = part.split(/\s+/);
    if (words[0] !== 'apt-get') return undefined;
    if (words[1] === 'update') continue;
    if (words[1] !== 'install') return undefined;
    packages.push(...words.slice(2).filter(w => !w.startsWith('-')));
  }
  return packages.length > 0 ? packages : undefined;
}

/** `ENV a=b c="d e"` and the legacy `ENV name value with spaces`. */
export function parseEnv(rest: string): { name: string; value: string }[] {
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=]*)$/.exec(rest);
  if (legacy) return [{ name: legacy[1], value: legacy[2].trim() }];
  const pairs: { name: string; value: string }[] = [];
  const pattern =
    /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s*/y;
  let index = 0;
  while (index < rest.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(rest);
    if (!match) throw new Error(`cannot read "${rest.slice(index)}"`);
    let value = match[2];
    if (value.startsWith('"'))
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (value.startsWith("'")) value = value.slice(1, -1);
    pairs.push({ name: match[1], value });
    index = pattern.lastIndex;
  }
  return pairs;
}

/** Image paths a user RUN may not name literally (we run it outside the image). */
function absoluteImagePaths(command: string, paths: string[]): string[] {
  return paths.filter(p =>
    new RegExp(
      `(^|[\\s'"=:])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$|[\\s'"])`,
    ).test(command),
  );
}

interface State {
  user: string;
  workdir: string;
}

function planCopy(instruction: Instruction, state: State): PlanStep {
  let chown = false;
  for (const flag of instruction.flags) {
    if (flag.name !== 'chown')
      refuse(instruction, `--${flag.name} is not followed`);
    const owner = flag.value.split(':')[0];
    if (owner !== state.user) {
      refuse(
        instruction,
        `--chown=${flag.value} names another user than USER ${state.user}`,
      );
    }
    chown = true;
  }
  const words = instruction.json ?? instruction.rest.split(/\s+/);
  if (words.length < 2) refuse(instruction, 'needs a source and a destination');
  const sources = words.slice(0, -1);
  for (const source of sources) {
    const normalized = path.posix.normalize(source);
    if (
      /^[a-z]+:\/\//i.test(source) ||
      normalized.startsWith('..') ||
      path.posix.isAbsolute(source)
    ) {
      refuse(
        instruction,
        `the source ${source} is not inside the build context`,
      );
    }
  }
  const destination = words[words.length - 1];
  const resolved = path.posix.resolve(state.workdir, destination);
  const dest =
    destination.endsWith('/') && resolved !== '/' ? `${resolved}/` : resolved;
  return { kind: 'copy', line: instruction.line, sources, dest, chown };
}

function planRun(instruction: Instruction, state: State): PlanStep {
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount' || !/(^|,)type=cache(,|$)/.test(flag.value)) {
      refuse(
        instruction,
        `--${flag.name}=${flag.value} is not followed (cache mounts are)`,
      );
    }
  }
  if (instruction.json)
    refuse(instruction, 'the exec form of RUN is not followed');
  const command = instruction.rest;
  if (state.user === 'root') {
    const packages = aptPackages(command);
    if (!packages)
      refuse(
        instruction,
        'a RUN as root is followed only when it installs apt packages',
      );
    return { kind: 'system-packages', line: instruction.line, packages };
  }
  const named = absoluteImagePaths(command, [
    state.workdir,
    imageHome(state.user),
  ]);
  if (named.length > 0) {
    refuse(
      instruction,
      `it names ${named.join(', ')}; use paths relative to WORKDIR or $HOME`,
    );
  }
  return { kind: 'run', line: instruction.line, command };
}

/**
 * Turns a single-stage Dockerfile on an official Node.js image into the steps
 * that reproduce its filesystem outside Docker. Anything the steps could not
 * reproduce faithfully is refused with the line and the reason.
 */
export function planImage(instructions: Instruction[]): ImagePlan {
  const [from, ...rest] = instructions;
  if (!from || from.keyword !== 'FROM') {
    throw new UserFacingError(
      `The Dockerfile must start with FROM; ${HOW_TO_TEACH}.`,
    );
  }
  const base = parseBaseImage(from.rest.split(/\s+/)[0]);
  if (!base || from.flags.length > 0)
    refuse(from, 'the base image is not node:<major>[-variant]');
  const state: State = { user: 'root', workdir: '/' };
  const steps: PlanStep[] = [];
  let cmd: string[] | undefined;
  for (const instruction of rest) {
    const { keyword, line } = instruction;
    if (keyword === 'USER') {
      state.user = instruction.rest.split(':')[0];
      steps.push({ kind: 'user', line, name: state.user });
    } else if (keyword === 'WORKDIR') {
      state.workdir = path.posix.resolve(state.workdir, instruction.rest);
      steps.push({ kind: 'workdir', line, path: state.workdir });
    } else if (keyword === 'ENV') {
      let pairs;
      try {
        pairs = parseEnv(instruction.rest);
      } catch (error) {
        refuse(instruction, (error as Error).message);
      }
      for (const pair of pairs) steps.push({ kind: 'env', line, ...pair });
    } else if (keyword === 'COPY') {
      steps.push(planCopy(instruction, state));
    } else if (keyword === 'RUN') {
      steps.push(planRun(instruction, state));
    } else if (keyword === 'CMD') {
      cmd = instruction.json ?? ['/bin/sh', '-c', instruction.rest];
    } else if (keyword !== 'EXPOSE' && keyword !== 'LABEL') {
      refuse(instruction, 'this instruction is not followed');
    }
  }
  if (!cmd || cmd.length === 0) {
    throw new UserFacingError(`The Dockerfile has no CMD; ${HOW_TO_TEACH}.`);
  }
  return { base, steps, cmd, cmdUser: state.user };
}
