import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  commandLine,
  formatPhaseLine,
  PhaseLog,
  phaseRunner,
  runCaptured,
  runLogged,
} from './phases';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-app-phases-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('runLogged and runCaptured', () => {
  it('append the command and its output to the log', async () => {
    const log = new PhaseLog(path.join(dir, 'a.log'));
    await runLogged(log, process.execPath, [
      '-e',
      'console.log("out"); console.error("err")',
    ]);
    const text = fs.readFileSync(log.file, 'utf8');
    expect(text).toMatch(/^\$ .*node -e/);
    expect(text).toContain('out\nerr\n');
    expect(
      await runCaptured(log, process.execPath, [
        '-e',
        'process.stdout.write("42")',
      ]),
    ).toBe('42');
  });

  it('reject with the exit code, a stop by timeout or a missing command', async () => {
    const log = new PhaseLog(path.join(dir, 'b.log'));
    await expect(
      runLogged(log, process.execPath, ['-e', 'process.exit(3)']),
    ).rejects.toThrow(/exited 3$/);
    await expect(
      runLogged(log, process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], {
        timeoutMs: 200,
      }),
    ).rejects.toThrow(/was stopped \(SIGTERM\)/);
    await expect(runLogged(log, 'no-such-command-here', [])).rejects.toThrow(
      /ENOENT/,
    );
    await expect(
      runCaptured(log, process.execPath, ['-e', 'process.exit(2)']),
    ).rejects.toThrow(/exited 2/);
  });
});

describe('phaseRunner', () => {
  it('prints one line per phase and the log tail of a failure', async () => {
    const lines: string[] = [];
    const runner = phaseRunner('1.55.0', dir, l => lines.push(l));
    const ok = await runner.phase(
      'tsc',
      async () => 7,
      n => `${n} files`,
    );
    const failed = await runner.phase('build', async log => {
      for (let i = 1; i <= 30; i++) log.write(`line ${i}`);
      throw new Error('yarn build exited 1');
    });
    runner.skip('browser', 'the frontend did not build');
    expect(ok).toEqual({ ok: true, value: 7 });
    expect(failed).toEqual({ ok: false });
    expect(lines[0]).toMatch(
      /^fresh-app 1\.55\.0 +tsc +ok +[\d.]+ s {2}7 files$/,
    );
    expect(lines[1]).toMatch(
      /^fresh-app 1\.55\.0 +build +failed +[\d.]+ s {2}yarn build exited 1$/,
    );
    expect(lines[2]).toBe(
      `  phase build failed; last lines of ${path.join(
        dir,
        '1.55.0-build.log',
      )}:`,
    );
    expect(lines.slice(3, -1)).toHaveLength(25);
    expect(lines[lines.length - 2]).toBe('  | FAILED: yarn build exited 1');
    expect(lines[lines.length - 1]).toMatch(
      /browser +skipped +the frontend did not build$/,
    );
    expect(runner.results.map(r => r.status)).toEqual([
      'ok',
      'failed',
      'skipped',
    ]);
  });

  it('formats minutes', () => {
    expect(
      formatPhaseLine({ run: 'ours', phase: 'pin', status: 'ok', ms: 75_000 }),
    ).toBe('fresh-app ours     pin          ok       1 min 15 s');
  });
});

describe('commandLine', () => {
  it('puts a multi-line shell script on one line', () => {
    expect(commandLine('bash', ['-c', './kit pack:all\nmkdir -p x\n'])).toBe(
      'bash -c ./kit pack:all; mkdir -p x',
    );
  });
});
