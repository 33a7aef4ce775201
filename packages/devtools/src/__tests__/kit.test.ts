import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../postgres/repoPaths';
import { findFreePort } from '../util/ports';

jest.setTimeout(60_000);

/** A copy of ./kit in an empty folder, so that it has nothing installed yet. */
function freshKit() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-kit-'));
  fs.copyFileSync(path.join(repoRoot(), 'kit'), path.join(dir, 'kit'));
  fs.copyFileSync(
    path.join(repoRoot(), 'package.json'),
    path.join(dir, 'package.json'),
  );
  fs.chmodSync(path.join(dir, 'kit'), 0o755);
  return dir;
}

/** A PATH with the usual system tools but without Node, npm or yarn. */
function pathWithoutNode(dir: string) {
  const bin = path.join(dir, 'no-node-bin');
  fs.mkdirSync(bin);
  for (const sys of ['/usr/bin', '/bin']) {
    for (const name of fs.readdirSync(sys)) {
      if (/^(node|nodejs|npm|npx|yarn|yarnpkg|corepack)$/.test(name)) continue;
      if (!fs.existsSync(path.join(bin, name)))
        fs.symlinkSync(path.join(sys, name), path.join(bin, name));
    }
  }
  return bin;
}

function runKit(dir: string, env: NodeJS.ProcessEnv) {
  return spawnSync('/bin/bash', [path.join(dir, 'kit'), '--version'], {
    env,
    encoding: 'utf8',
  });
}

describe('./kit', () => {
  it('says in one sentence that npm is missing', () => {
    const dir = freshKit();
    const result = runKit(dir, { PATH: pathWithoutNode(dir), HOME: dir });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'kit: npm was not found on PATH: install Node.js >= 20 with npm first.',
    );
  });

  it('says in one sentence that the registry cannot be reached', async () => {
    const dir = freshKit();
    // The system npm (and the Node beside it) without anything kit installed.
    const npmDir = path.dirname(
      spawnSync('sh', ['-c', 'command -v npm'], {
        encoding: 'utf8',
      }).stdout.trim(),
    );
    const port = await findFreePort();
    const result = runKit(dir, {
      PATH: `${npmDir}:/usr/bin:/bin`,
      HOME: dir,
      npm_config_registry: `http://127.0.0.1:${port}/`,
      npm_config_fetch_retries: '0',
      npm_config_cache: path.join(dir, 'npm-cache'),
    });
    expect(result.status).toBe(1);
    const lastLine = result.stderr.trim().split('\n').pop();
    // Node 22 is fetched only where the system Node is older; the pinned Yarn always is.
    expect(lastLine).toMatch(
      new RegExp(
        `^kit: could not install @yarnpkg/cli-dist@\\d+\\.\\d+\\.\\d+( node-linux-\\w+@22)? from the npm registry http://127\\.0\\.0\\.1:${port}/: is it reachable\\?$`,
      ),
    );
  });
});
