import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORE_CAPABILITIES } from '@platform-kit/plugin-platform-kit-common';
import { stringify } from 'yaml';
import { runCli } from './__testUtils__/runCli';

describe('platform-kit schema', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-schema-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('accepts the core capabilities as a YAML definitions file', async () => {
    const file = write('core.yaml', stringify(CORE_CAPABILITIES));
    expect(await runCli(['schema', 'validate', file])).toEqual({
      code: 0,
      stdout: `${file}: valid (7 capabilities)\n`,
      stderr: '',
    });
  });

  it('lists every problem of an invalid file and exits 1', async () => {
    const file = write(
      'bad.json',
      JSON.stringify({
        apiVersion: 'platform-kit.dev/v1',
        kind: 'CapabilityDefinitions',
        capabilities: [
          {
            id: 'Bad Id',
            title: 't',
            description: 'd',
            severity: 7,
            appliesTo: ['mainframe'],
            contracts: [],
          },
        ],
      }),
    );
    const { code, stdout } = await runCli(['schema', 'validate', file]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${file}: 4 problem(s)`);
    expect(stdout).toContain(
      '  capabilities.0.id: must look like area.name, e.g. db.row-level-security',
    );
    expect(stdout).toContain('  capabilities.0.severity: ');
    expect(stdout).toContain('  capabilities.0.appliesTo.0: ');
    expect(stdout).toContain('  capabilities.0.contracts: ');
  });

  it('reports unparseable and missing files', async () => {
    const broken = write('broken.yaml', 'capabilities: [\n');
    const parsed = await runCli(['schema', 'validate', broken]);
    expect(parsed.code).toBe(1);
    expect(parsed.stdout).toMatch(
      new RegExp(
        `^${broken.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )}: not valid YAML or JSON: `,
      ),
    );
    const missing = await runCli([
      'schema',
      'validate',
      path.join(dir, 'nope.yaml'),
    ]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: `platform-kit: cannot read ${path.join(
        dir,
        'nope.yaml',
      )} (ENOENT)\n`,
    });
  });

  it('prints the JSON Schema', async () => {
    const { code, stdout } = await runCli(['schema', 'print']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).$id).toBe(
      'https://platform-kit.dev/schemas/capability-definitions.schema.json',
    );
  });
});
