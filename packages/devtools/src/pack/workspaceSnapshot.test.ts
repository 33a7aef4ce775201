import fs from 'node:fs';
import path from 'node:path';
import { tempDir, writeFiles } from './__testUtils__/tarballs';
import { snapshotPackages } from './workspaceSnapshot';

describe('snapshotPackages', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('puts package.json back byte for byte and removes what packing generated', () => {
    const original = '{\n  "name": "@acme/x",\n  "main": "src/index.ts"\n}\n';
    writeFiles(tmp.dir, {
      'x/package.json': original,
      'y/package.json': '{"name":"@acme/y"}',
      'y/dist/index.cjs.js': 'built before',
    });
    const x = path.join(tmp.dir, 'x');
    const y = path.join(tmp.dir, 'y');
    const snapshot = snapshotPackages([x, y]);

    // what prepack and a build leave behind when packing fails half way
    writeFiles(tmp.dir, {
      'x/package.json': '{"name":"@acme/x","main":"dist/index.cjs.js"}',
      'x/package.json-prepack': original,
      'x/config.schema.json': '{}',
      'x/dist/index.cjs.js': '',
      'y/dist/index.cjs.js': 'built again',
    });

    expect(snapshot.restore()).toEqual([path.join(x, 'package.json')]);
    expect(fs.readFileSync(path.join(x, 'package.json'), 'utf8')).toBe(
      original,
    );
    expect(fs.readdirSync(x)).toEqual(['package.json']);
    // a dist/ that was there before stays
    expect(fs.readdirSync(y).sort()).toEqual(['dist', 'package.json']);
    expect(snapshot.restore()).toEqual([]);
  });
});
