import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './__testUtils__/tarballs';
import { ChildProcesses } from './childProcesses';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ChildProcesses', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('resolves to the exit code and the output', async () => {
    const children = new ChildProcesses();
    await expect(
      children.run('sh', ['-c', 'echo out; echo err >&2; exit 3'], tmp.dir),
    ).resolves.toEqual({ code: 3, output: 'out\nerr\n' });
    await expect(
      children.mustRun('the step', 'sh', ['-c', 'echo why; exit 2'], tmp.dir),
    ).rejects.toThrow('the step failed (exit 2):\nwhy');
    await expect(
      children.run('platform-kit-no-such-command', [], tmp.dir),
    ).resolves.toMatchObject({ code: 127 });
  });

  it('stops a command with the processes it started, and starts no more', async () => {
    const children = new ChildProcesses();
    const pidFile = path.join(tmp.dir, 'grandchild.pid');
    const running = children.mustRun(
      'a long step',
      'sh',
      ['-c', `sleep 30 & echo $! > ${pidFile}; wait`],
      tmp.dir,
    );
    for (let i = 0; i < 100 && !fs.existsSync(pidFile); i++)
      await new Promise(r => setTimeout(r, 20));
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(alive(grandchild)).toBe(true);

    children.stop('SIGINT');
    await expect(running).rejects.toThrow(
      'Interrupted (SIGINT) during a long step; every package.json is restored.',
    );
    for (let i = 0; i < 100 && alive(grandchild); i++)
      await new Promise(r => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(false);
    await expect(children.run('true', [], tmp.dir)).resolves.toEqual({
      code: 1,
      output: 'stopped by SIGINT',
    });
  });
});
