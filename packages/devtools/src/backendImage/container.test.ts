import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveCommand, startContainer } from './container';

jest.setTimeout(30_000);

describe('resolveCommand', () => {
  it('looks commands up on PATH and resolves paths against the working folder', () => {
    expect(resolveCommand('sh', '/app', '/nonexistent:/bin')).toBe('/bin/sh');
    expect(resolveCommand('./run', '/app', '/bin')).toBe('/app/run');
    expect(() => resolveCommand('no-such-tool', '/app', '/bin')).toThrow(
      "CMD no-such-tool is not on the image's PATH (/bin).",
    );
  });
});

describe('startContainer', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-container-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = () => ({
    PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: dir,
  });

  it('keeps the output line by line and stops on SIGTERM', async () => {
    const script = [
      "console.log(JSON.stringify({ level: 'info', message: 'up', cwd: process.cwd(), x: process.env.X }));",
      "console.error('on stderr');",
      "process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'main.js'), script);
    const container = startContainer({
      cmd: ['node', 'main.js'],
      cwd: dir,
      env: { ...env(), X: 'from env' },
      logFile: path.join(dir, 'out.log'),
    });
    while (container.lines.length < 2)
      await new Promise(r => setTimeout(r, 50));
    expect(container.pid).toBeGreaterThan(0);
    expect(
      JSON.parse(container.lines.find(l => l.stream === 'stdout')!.text),
    ).toEqual({
      level: 'info',
      message: 'up',
      cwd: fs.realpathSync(dir),
      x: 'from env',
    });
    expect(container.lines).toContainEqual({
      stream: 'stderr',
      text: 'on stderr',
    });
    await expect(container.stop()).resolves.toEqual({
      code: 0,
      signal: null,
      killed: false,
    });
    expect(container.lines).toContainEqual({ stream: 'stdout', text: 'bye' });
    expect(fs.readFileSync(path.join(dir, 'out.log'), 'utf8')).toContain(
      'on stderr',
    );
    await expect(container.stop()).resolves.toEqual({
      code: 0,
      signal: null,
      killed: false,
    });
  });

  it('kills what ignores SIGTERM after the grace period', async () => {
    fs.writeFileSync(
      path.join(dir, 'stubborn.js'),
      "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);",
    );
    const container = startContainer({
      cmd: ['node', 'stubborn.js'],
      cwd: dir,
      env: env(),
      logFile: path.join(dir, 'out.log'),
    });
    while (container.lines.length < 1)
      await new Promise(r => setTimeout(r, 50));
    await expect(container.stop(300)).resolves.toEqual({
      code: null,
      signal: 'SIGKILL',
      killed: true,
    });
  });

  it('reports a command that cannot start', async () => {
    fs.writeFileSync(path.join(dir, 'not-executable'), '');
    const container = startContainer({
      cmd: ['./not-executable'],
      cwd: dir,
      env: env(),
      logFile: path.join(dir, 'out.log'),
    });
    await expect(container.exited).resolves.toEqual({
      code: 127,
      signal: null,
    });
    expect(container.lines[0].text).toMatch(
      /^could not start .*not-executable: /,
    );
  });
});
