import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { Identity } from './identity';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningContainer {
  pid: number;
  /** Every line the process printed so far. */
  lines: LogLine[];
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves to how it ended. */
  stop(graceMs?: number): Promise<Exit & { killed: boolean }>;
}

/** Resolves a command as the container would: through its PATH, or relative to its WORKDIR. */
export function resolveCommand(
  command: string,
  cwd: string,
  pathValue: string,
): string {
  if (command.includes('/')) return path.resolve(cwd, command);
  for (const dir of pathValue.split(':').filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new UserFacingError(
    `CMD ${command} is not on the image's PATH (${pathValue}).`,
  );
}

function collectLines(
  child: ChildProcess,
  lines: LogLine[],
  write: (chunk: Buffer) => void,
) {
  for (const stream of ['stdout', 'stderr'] as const) {
    let rest = '';
    child[stream]?.on('data', (chunk: Buffer) => {
      write(chunk);
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const text of parts) if (text.trim()) lines.push({ stream, text });
    });
    child[stream]?.on('end', () => {
      if (rest.trim()) lines.push({ stream, text: rest });
    });
  }
}

/**
 * Starts the image's CMD in its WORKDIR with its environment, as its USER,
 * in its own process group; its output is kept line by line and written to `logFile`.
 */
export function startContainer(options: {
  cmd: string[];
  cwd: string;
  env: Record<string, string>;
  identity?: Identity;
  logFile: string;
}): RunningContainer {
  const [command, ...args] = options.cmd;
  const executable = resolveCommand(
    command,
    options.cwd,
    options.env.PATH ?? '',
  );
  const logFd = fs.openSync(options.logFile, 'w');
  let logOpen = true;
  const closeLog = () => {
    if (logOpen) fs.closeSync(logFd);
    logOpen = false;
  };
  const child = spawn(executable, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(options.identity
      ? { uid: options.identity.uid, gid: options.identity.gid }
      : {}),
  });
  const lines: LogLine[] = [];
  collectLines(child, lines, chunk => {
    if (logOpen) fs.writeSync(logFd, chunk);
  });
  const exited = new Promise<Exit>(resolve => {
    child.on('error', error => {
      lines.push({
        stream: 'stderr',
        text: `could not start ${executable}: ${error.message}`,
      });
      resolve({ code: 127, signal: null });
    });
    child.on('close', (code, signal) => {
      closeLog();
      resolve({ code, signal });
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    pid: child.pid ?? -1,
    lines,
    exited,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        return { ...(await exited), killed: false };
      }
      let killed = false;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        killed = true;
        signalGroup('SIGKILL');
      }, graceMs);
      const exit = await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL'); // anything it left behind in its group
      return { ...exit, killed };
    },
  };
}
