import { spawn, SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describeError } from '../util/fail';
import { formatDuration } from '../util/run';

/** A phase's log file: every command's output, appended. */
export class PhaseLog {
  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
  }

  write(text: string): void {
    fs.appendFileSync(this.file, text.endsWith('\n') ? text : `${text}\n`);
  }

  /** The last `count` non-empty lines. */
  tail(count = 25): string[] {
    return fs
      .readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(line => line.trim())
      .slice(-count);
  }
}

/** A command on one line (a multi-line shell script's lines joined by `; `). */
export function commandLine(command: string, args: string[]): string {
  return [command, ...args]
    .join(' ')
    .trim()
    .replace(/\s*\n\s*/g, '; ');
}

/**
 * Runs a command with its output appended to the log; rejects with the
 * command and its exit code when it fails.
 */
export function runLogged(
  log: PhaseLog,
  command: string,
  args: string[],
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<void> {
  log.write(
    `$ ${[command, ...args].join(' ')}  (in ${options.cwd ?? process.cwd()})`,
  );
  const fd = fs.openSync(log.file, 'a');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      ...options,
      stdio: ['ignore', fd, fd],
    });
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs)
      : undefined;
    child.on('error', error => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `\`${commandLine(command, args)}\` ${
              signal ? `was stopped (${signal})` : `exited ${code}`
            }`,
          ),
        );
    });
  }).finally(() => fs.closeSync(fd));
}

/** The outcome of one phase. */
export interface PhaseResult {
  run: string;
  phase: string;
  status: 'ok' | 'failed' | 'skipped';
  ms: number;
  /** What the phase found (ok) or why it failed / was skipped. */
  detail?: string;
  logFile?: string;
}

/** One output line per phase: run, phase, status, wall time, detail. */
export function formatPhaseLine(result: PhaseResult): string {
  const time = result.status === 'skipped' ? '' : formatDuration(result.ms);
  const line = [
    `fresh-app ${result.run.padEnd(8)}`,
    result.phase.padEnd(12),
    result.status.padEnd(7),
    time.padStart(11),
  ].join(' ');
  return result.detail ? `${line}  ${result.detail}` : line;
}

export type PhaseOutcome<T> = { ok: true; value: T } | { ok: false };

export interface PhaseRunner {
  results: PhaseResult[];
  /** Runs a phase; its result is printed and kept, a failure prints the log's tail. */
  phase<T>(
    name: string,
    fn: (log: PhaseLog) => Promise<T>,
    describe?: (value: T) => string,
  ): Promise<PhaseOutcome<T>>;
  skip(name: string, reason: string): void;
}

/** Phases of one run (`run` labels the release, e.g. `1.55.0`), logs in `logDir`. */
export function phaseRunner(
  run: string,
  logDir: string,
  print: (line: string) => void = console.log,
): PhaseRunner {
  const results: PhaseResult[] = [];
  return {
    results,
    async phase(name, fn, describe) {
      const log = new PhaseLog(path.join(logDir, `${run}-${name}.log`));
      const t0 = Date.now();
      try {
        const value = await fn(log);
        const result: PhaseResult = {
          run,
          phase: name,
          status: 'ok',
          ms: Date.now() - t0,
          detail: describe?.(value),
          logFile: log.file,
        };
        results.push(result);
        print(formatPhaseLine(result));
        return { ok: true, value };
      } catch (error) {
        const message = describeError(error);
        log.write(`FAILED: ${message}`);
        const result: PhaseResult = {
          run,
          phase: name,
          status: 'failed',
          ms: Date.now() - t0,
          detail: message,
          logFile: log.file,
        };
        results.push(result);
        print(formatPhaseLine(result));
        print(`  phase ${name} failed; last lines of ${log.file}:`);
        for (const line of log.tail()) print(`  | ${line}`);
        return { ok: false };
      }
    },
    skip(name, reason) {
      const result: PhaseResult = {
        run,
        phase: name,
        status: 'skipped',
        ms: 0,
        detail: reason,
      };
      results.push(result);
      print(formatPhaseLine(result));
    },
  };
}

/** Runs a command and resolves to its standard output; the command line and stderr go to the log. */
export function runCaptured(
  log: PhaseLog,
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<string> {
  log.write(`$ ${[command, ...args].join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', chunk => (out += chunk));
    child.stderr!.on('data', chunk => log.write(String(chunk)));
    child.on('error', error =>
      reject(new Error(`${command}: ${error.message}`)),
    );
    child.on('exit', code =>
      code === 0
        ? resolve(out)
        : reject(new Error(`\`${commandLine(command, args)}\` exited ${code}`)),
    );
  });
}
