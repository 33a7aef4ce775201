import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiGenerateCommand } from './apiGenerate';
import {
  COMMON_GENERATED,
  OPENAPI_SOURCE,
  SPEC_MODULE,
  tsdocComments,
} from './apiGenerateFiles';

const DOCUMENT = `openapi: 3.1.0
info: { title: demo, version: '1' }
servers: [{ url: / }]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: A thing
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Thing' }
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: { type: string }
        note: { type: [string, 'null'] }
`;

describe('api:generate and api:check', () => {
  let root: string;
  let log: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'api-generate-'));
    fs.mkdirSync(path.dirname(path.join(root, OPENAPI_SOURCE)), {
      recursive: true,
    });
    fs.writeFileSync(path.join(root, OPENAPI_SOURCE), DOCUMENT);
    log = jest.spyOn(console, 'log').mockImplementation(() => {});
    error = jest.spyOn(console, 'error').mockImplementation(() => {});
  });

  afterEach(() => {
    log.mockRestore();
    error.mockRestore();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

  it('writes the spec module, types, zod schemas and their index', async () => {
    expect(await apiGenerateCommand(['--check'], root)).toBe(1);
    expect(error.mock.calls[0][0]).toContain(SPEC_MODULE);

    expect(await apiGenerateCommand([], root)).toBe(0);
    expect(read(SPEC_MODULE)).toContain('export const spec = {');
    expect(read(SPEC_MODULE)).toMatch(/\} as const;\n$/);
    const types = read(`${COMMON_GENERATED}/types.ts`);
    expect(types).toContain(
      "export type Thing = components['schemas']['Thing'];",
    );
    expect(types).toContain('note?: string | null;');
    expect(read(`${COMMON_GENERATED}/zod.ts`)).toContain(
      'export const thingSchema = z.looseObject({',
    );
    expect(read(`${COMMON_GENERATED}/index.ts`)).toContain(
      "export { thingSchema } from './zod';",
    );

    expect(await apiGenerateCommand(['--check'], root)).toBe(0);
    expect(await apiGenerateCommand([], root)).toBe(0);
    expect(log).toHaveBeenLastCalledWith(
      `api:generate: 4 files, 0 changed, from ${OPENAPI_SOURCE}`,
    );
  });

  it('fails the check on a hand edit or a document change, naming the files', async () => {
    await apiGenerateCommand([], root);
    fs.appendFileSync(path.join(root, `${COMMON_GENERATED}/zod.ts`), '// x\n');
    expect(await apiGenerateCommand(['--check'], root)).toBe(1);
    expect(error.mock.calls[0][0]).toContain(`${COMMON_GENERATED}/zod.ts`);
    expect(error.mock.calls[0][0]).not.toContain(SPEC_MODULE);

    await apiGenerateCommand([], root);
    fs.writeFileSync(
      path.join(root, OPENAPI_SOURCE),
      DOCUMENT.replace('note:', 'remark:'),
    );
    expect(await apiGenerateCommand(['--check'], root)).toBe(1);
    expect(error.mock.calls[1][0]).toContain(SPEC_MODULE);
    expect(error.mock.calls[1][0]).toContain(`${COMMON_GENERATED}/types.ts`);
  });

  it("turns openapi-typescript's JSDoc into TSDoc (API reports reject the rest)", () => {
    expect(
      tsdocComments(
        [
          '/** @description POST /plans/{id}/apply */',
          'a: string;',
          '/** @enum {string} */',
          'b: "x";',
          '/** @default false */',
          'c?: boolean;',
        ].join('\n'),
      ),
    ).toBe(
      [
        '/** POST /plans/\\{id\\}/apply */',
        'a: string;',
        '',
        'b: "x";',
        '/** @defaultValue false */',
        'c?: boolean;',
      ].join('\n'),
    );
  });
});
