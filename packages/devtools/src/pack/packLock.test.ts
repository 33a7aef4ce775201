import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { tempDir, writeFiles } from './__testUtils__/tarballs';
import { acquirePackLock, assertNoInterruptedPack } from './packLock';

describe('acquirePackLock', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const lock = path.join(tmp.dir, 'data', 'pack.lock');

  it('refuses while another live process holds it', () => {
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, String(process.ppid));
    expect(() => acquirePackLock(lock)).toThrow(
      `Another pack is running (process ${process.ppid}); wait for it to finish (lock: ${lock}).`,
    );
  });

  it('takes over a lock whose process is gone, and releases it', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(lock, String(gone));
    const release = acquirePackLock(lock);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });
});

describe('assertNoInterruptedPack', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('names the packages a killed pack left rewritten', () => {
    writeFiles(tmp.dir, {
      'a/package.json': '{}',
      'b/package.json': '{}',
      'b/package.json-prepack': '{}',
    });
    const a = path.join(tmp.dir, 'a');
    const b = path.join(tmp.dir, 'b');
    expect(() => assertNoInterruptedPack([a])).not.toThrow();
    expect(() => assertNoInterruptedPack([a, b])).toThrow(
      `An interrupted pack left package.json-prepack in ${b}: run "../../kit backstage-cli package postpack" in each to put package.json back, then pack again.`,
    );
  });
});
