import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contractsCheckCommand, findContracts } from './contractsCheck';

const CONTRACT = `# Our contract (a subset of the vendor's).
openapi: 3.0.3
info:
  title: Example (the subset we use)
  version: '1'
  x-vendor-document: example-api.json
paths:
  /things:
    get:
      responses:
        '200':
          description: the things
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    id:
                      type: integer
`;

const TEST_ONLY_CONTRACT = `openapi: 3.0.3
info:
  title: Other (test only)
  version: '1'
  x-vendor-document: other-api.yml
paths:
  /ping:
    get:
      responses:
        '204':
          description: pong
`;

function vendor(idType: string) {
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Example', version: '1' },
    paths: {
      '/things': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { id: { type: idType }, more: {} },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/other': {},
    },
  });
}

describe('platform-kit-dev contracts-check', () => {
  let root: string;
  let specs: string;
  let out: string[];
  let err: string[];
  const io = () => ({
    root,
    env: {},
    log: (line: string) => out.push(line),
    error: (line: string) => err.push(line),
  });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-root-'));
    specs = fs.mkdtempSync(path.join(os.tmpdir(), 'contracts-specs-'));
    out = [];
    err = [];
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    };
    write(path.join(root, 'plugins/a/contracts/example.yaml'), CONTRACT);
    write(
      path.join(root, 'plugins/a/contracts/notes.yml'),
      'not: a contract\n',
    );
    write(path.join(root, 'plugins/a/contracts/readme.md'), '# no\n');
    write(
      path.join(root, 'packages/b/src/__testUtils__/other.yaml'),
      TEST_ONLY_CONTRACT,
    );
    write(path.join(specs, 'example-api.json'), vendor('integer'));
    write(
      path.join(specs, 'other-api.yml'),
      "openapi: 3.0.0\ninfo: {title: Other, version: '1'}\npaths:\n  /ping:\n    get:\n      responses:\n        '204': {description: pong}\n",
    );
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(specs, { recursive: true, force: true });
  });

  it('finds the contracts that name a vendor document', () => {
    expect(
      findContracts(root).map(c => [path.relative(root, c.file), c.vendorFile]),
    ).toEqual([
      ['plugins/a/contracts/example.yaml', 'example-api.json'],
      ['packages/b/src/__testUtils__/other.yaml', 'other-api.yml'],
    ]);
  });

  it('exits 0 and reports each contract when all agree', async () => {
    expect(await contractsCheckCommand([specs], io())).toBe(0);
    expect(out).toEqual([
      'plugins/a/contracts/example.yaml against example-api.json: agrees (5 places checked)',
      'packages/b/src/__testUtils__/other.yaml against other-api.yml: agrees (2 places checked)',
      'contracts-check: 2 contract(s), 0 problem(s)',
    ]);
    expect(err).toEqual([]);
  });

  it('exits 1 and names the disagreement', async () => {
    fs.writeFileSync(path.join(specs, 'example-api.json'), vendor('string'));
    expect(await contractsCheckCommand([specs], io())).toBe(1);
    expect(out).toContain(
      'plugins/a/contracts/example.yaml against example-api.json: 1 problem(s)',
    );
    expect(out).toContain(
      "    - paths./things.get.200 application/json[].id: type integer here, string in the vendor's document",
    );
    expect(out[out.length - 1]).toBe(
      'contracts-check: 2 contract(s), 1 problem(s)',
    );
  });

  it('exits 2 with one sentence when it cannot check', async () => {
    expect(await contractsCheckCommand([], io())).toBe(2);
    expect(
      await contractsCheckCommand([path.join(specs, 'missing')], io()),
    ).toBe(2);
    fs.rmSync(path.join(specs, 'other-api.yml'));
    expect(await contractsCheckCommand([specs], io())).toBe(2);
    fs.writeFileSync(path.join(specs, 'other-api.yml'), 'just: text\n');
    expect(await contractsCheckCommand([specs], io())).toBe(2);
    fs.rmSync(path.join(root, 'plugins'), { recursive: true });
    fs.rmSync(path.join(root, 'packages'), { recursive: true });
    expect(await contractsCheckCommand([specs], io())).toBe(2);
    expect(err).toEqual([
      'platform-kit-dev contracts-check: name the folder with the vendors’ OpenAPI documents: platform-kit-dev contracts-check <folder> (or set PLATFORM_KIT_SPECS_DIR)',
      `platform-kit-dev contracts-check: ${path.join(
        specs,
        'missing',
      )} is not a folder`,
      `platform-kit-dev contracts-check: packages/b/src/__testUtils__/other.yaml names other-api.yml, which is not in ${specs}`,
      `platform-kit-dev contracts-check: ${path.join(
        specs,
        'other-api.yml',
      )} is not an OpenAPI document`,
      `platform-kit-dev contracts-check: no contract files found under ${root}`,
    ]);
  });
});
