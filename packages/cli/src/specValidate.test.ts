import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './__testUtils__/runCli';

const COMPLETE: Record<string, string> = {
  'constitution.md':
    '# Constitution\n\n## Principles\n\nSmall steps.\n\n## Constraints\n\nPostgreSQL only.\n',
  'prd.md':
    '# PRD\n\n## Problem\n\nx\n\n## Users\n\nPlatform teams\n\n## Requirements\n\nz\n\n## Success metrics\n\nw\n',
  'plan.md': '# Plan\n\n## 1. Milestones\n\nM1\n\n## 2. Risks\n\nR1\n',
  'tasks.md':
    '# Tasks\n\n## Tasks\n\n| ID | Title | Status | Acceptance criteria |\n| --- | --- | --- | --- |\n| T-1 | Sign in | done | A user signs in |\n',
};

let dir: string;
let cwd: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spec-validate-'));
  cwd = process.cwd();
});
afterEach(async () => {
  process.chdir(cwd);
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeBundle(name: string, files: Record<string, string>) {
  const folder = path.join(dir, 'spec', name);
  await fs.mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(files))
    await fs.writeFile(path.join(folder, file), content);
}

describe('platform-kit spec validate', () => {
  it('exits 0 for complete bundles, checking the current folder by default', async () => {
    await writeBundle('shop', COMPLETE);
    process.chdir(dir);
    const result = await runCli(['spec', 'validate']);
    expect(result).toEqual({
      code: 0,
      stdout: 'spec/shop: complete (4 files)\n',
      stderr: '',
    });
  });

  it('exits 1 with one line per missing file, section and task problem', async () => {
    await writeBundle('shop', COMPLETE);
    const { 'plan.md': _plan, ...noPlan } = COMPLETE;
    await writeBundle('billing', {
      ...noPlan,
      'prd.md':
        '# PRD\n\n## Problem\n\nx\n\n## Requirements\n\nz\n\n## Success metrics\n\nw\n',
      'tasks.md':
        '## Tasks\n\n| ID | Status | Acceptance |\n| --- | --- | --- |\n| T-1 | started | works |\n',
    });
    const result = await runCli(['spec', 'validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'spec/billing: incomplete',
        '  spec/billing/prd.md: missing section "Users"',
        '  spec/billing/plan.md: missing file',
        '  spec/billing/tasks.md: task row 1 (T-1): the status "started" is not one of todo, in-progress, done, blocked',
        'spec/shop: complete (4 files)',
        '',
      ].join('\n'),
    );
  });

  it('validates one bundle folder and prints JSON', async () => {
    await writeBundle('shop', {
      ...COMPLETE,
      'plan.md': '# Plan\n\n## Milestones\n\nM1\n',
    });
    const result = await runCli([
      'spec',
      'validate',
      path.join(dir, 'spec', 'shop'),
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      valid: false,
      problems: ['spec/shop/plan.md: missing section "Risks"'],
    });
    expect(json.analysis.bundles[0].name).toBe('shop');
  });

  it('exits 1 when there is no bundle at all', async () => {
    const result = await runCli(['spec', 'validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^no spec bundle found in .*: expected spec\/<name>\/ with constitution\.md/,
    );
  });

  it('exits 2 with one sentence for a missing folder or a bad format', async () => {
    const missing = await runCli(['spec', 'validate', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^platform-kit: cannot read .*nope: .* does not exist or is not a folder\n$/,
    );
    const format = await runCli(['spec', 'validate', dir, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format: /);
  });
});
