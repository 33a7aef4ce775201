import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFromContext, expandSource } from './copy';
import { dockerignoreFilter } from './dockerignore';
import { unprivilegedIdentity } from './identity';

describe('copyFromContext', () => {
  let dir: string;
  let context: string;
  let target: string;
  const ignored = dockerignoreFilter('tree/skip\n*.local.yaml\nsecret.txt');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-copy-'));
    context = path.join(dir, 'context');
    target = path.join(dir, 'target');
    fs.mkdirSync(path.join(context, 'tree', 'skip'), { recursive: true });
    fs.mkdirSync(path.join(context, 'tree', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(context, 'tree', 'a.txt'), 'a');
    fs.writeFileSync(path.join(context, 'tree', 'skip', 'b.txt'), 'b');
    fs.writeFileSync(
      path.join(context, 'tree', 'sub', 'run.sh'),
      '#!/bin/sh\n',
    );
    fs.chmodSync(path.join(context, 'tree', 'sub', 'run.sh'), 0o755);
    fs.symlinkSync('a.txt', path.join(context, 'tree', 'link'));
    fs.symlinkSync('tree', path.join(context, 'tree-link'));
    for (const name of [
      'app-config.yaml',
      'app-config.production.yaml',
      'app-config.local.yaml',
      'secret.txt',
    ]) {
      fs.writeFileSync(path.join(context, name), name);
    }
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("copies a folder's contents, keeping modes and links, leaving out what .dockerignore names", () => {
    const count = copyFromContext({
      contextDir: context,
      ignored,
      sources: ['tree'],
      dest: path.join(target, 'tree'),
    });
    expect(count).toBe(3);
    expect(fs.readFileSync(path.join(target, 'tree', 'a.txt'), 'utf8')).toBe(
      'a',
    );
    expect(fs.existsSync(path.join(target, 'tree', 'skip'))).toBe(false);
    expect(
      fs.statSync(path.join(target, 'tree', 'sub', 'run.sh')).mode & 0o777,
    ).toBe(0o755);
    expect(fs.readlinkSync(path.join(target, 'tree', 'link'))).toBe('a.txt');
  });

  it('follows a source that is a link', () => {
    copyFromContext({
      contextDir: context,
      ignored,
      sources: ['tree-link'],
      dest: path.join(target, 'x'),
    });
    expect(fs.readFileSync(path.join(target, 'x', 'a.txt'), 'utf8')).toBe('a');
  });

  it('expands wildcards into a destination folder', () => {
    const count = copyFromContext({
      contextDir: context,
      ignored,
      sources: ['app-config*.yaml', 'tree/a.txt'],
      dest: `${target}/`,
    });
    expect(count).toBe(3);
    expect(fs.readdirSync(target).sort()).toEqual([
      'a.txt',
      'app-config.production.yaml',
      'app-config.yaml',
    ]);
  });

  it('copies one file to a file name', () => {
    copyFromContext({
      contextDir: context,
      ignored,
      sources: ['tree/a.txt'],
      dest: path.join(target, 'deep', 'renamed.txt'),
    });
    expect(
      fs.readFileSync(path.join(target, 'deep', 'renamed.txt'), 'utf8'),
    ).toBe('a');
  });

  it('needs a folder for several sources', () => {
    expect(() =>
      copyFromContext({
        contextDir: context,
        ignored,
        sources: ['tree/a.txt', 'app-config.yaml'],
        dest: path.join(target, 'file'),
      }),
    ).toThrow(
      'COPY of several sources needs a destination folder ending in "/"',
    );
  });

  it('refuses sources that are missing or left out of the context', () => {
    expect(() => expandSource(context, 'missing.txt', ignored)).toThrow(
      'COPY missing.txt: not found in the build context or excluded by .dockerignore',
    );
    expect(() => expandSource(context, 'secret.txt', ignored)).toThrow(
      'COPY secret.txt: not found',
    );
    expect(() => expandSource(context, 'nothing*.yaml', ignored)).toThrow(
      'COPY nothing*.yaml: not found',
    );
    expect(() => expandSource(context, 'tr*/a.txt', ignored)).toThrow(
      'COPY tr*/a.txt: wildcards are followed in the last path part only.',
    );
    expect(expandSource(context, 'tree/', ignored)).toEqual(['tree']);
    expect(expandSource(context, 'tree/a*', ignored)).toEqual(['tree/a.txt']);
  });

  it("gives every new file and folder to --chown's owner", () => {
    const owner = unprivilegedIdentity() ?? {
      uid: process.getuid!(),
      gid: process.getgid!(),
    };
    copyFromContext({
      contextDir: context,
      ignored,
      sources: ['tree'],
      dest: path.join(target, 'new', 'tree'),
      owner,
    });
    for (const p of [
      'new',
      'new/tree',
      'new/tree/sub',
      'new/tree/sub/run.sh',
    ]) {
      expect(fs.statSync(path.join(target, p)).uid).toBe(owner.uid);
    }
    expect(fs.lstatSync(path.join(target, 'new', 'tree', 'link')).gid).toBe(
      owner.gid,
    );
  });
});
