import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateSpecDirectory } from './specDirectory';

const COMPLETE: Record<string, string> = {
  'constitution.md':
    '# Constitution\n\n## Principles\n\nSmall steps.\n\n## Constraints\n\nPostgreSQL only.\n',
  'prd.md':
    '# PRD\n\n## Problem\n\nx\n\n## Users\n\ny\n\n## Requirements\n\nz\n\n## Success metrics\n\nw\n',
  'plan.md':
    '# Plan\n\n## Milestones\n\nM1\n\n## Risks and mitigations\n\nR1\n',
  'tasks.md':
    '# Tasks\n\n## Tasks\n\n| ID | Title | Status | Acceptance |\n| --- | --- | --- | --- |\n| T-1 | Sign in | done | A user signs in |\n| T-2 | Audit | todo | Every write is logged |\n',
};

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spec-dir-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeBundle(folder: string, files: Record<string, string>) {
  await fs.mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(files))
    await fs.writeFile(path.join(folder, name), content);
}

describe('validateSpecDirectory', () => {
  it('accepts a repository whose bundles are complete', async () => {
    await writeBundle(path.join(dir, 'spec', 'shop'), COMPLETE);
    await writeBundle(path.join(dir, 'spec', 'billing'), COMPLETE);
    const result = await validateSpecDirectory(dir);
    expect(result).toMatchObject({ directory: dir, problems: [], valid: true });
    expect(result.analysis.bundles.map(b => [b.directory, b.complete])).toEqual(
      [
        ['spec/billing', true],
        ['spec/shop', true],
      ],
    );
  });

  it('lists each missing file, missing section and task-table problem', async () => {
    const { 'plan.md': _plan, ...withoutPlan } = COMPLETE;
    await writeBundle(path.join(dir, 'spec', 'shop'), {
      ...withoutPlan,
      'prd.md': '# PRD\n\n## Problem\n\nx\n\n## Requirements\n\nz\n',
      'tasks.md':
        '## Tasks\n\n| ID | Status | Acceptance |\n| --- | --- | --- |\n| one | maybe | |\n',
    });
    const result = await validateSpecDirectory(dir);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      'spec/shop/prd.md: missing section "Users"',
      'spec/shop/prd.md: missing section "Success metrics"',
      'spec/shop/plan.md: missing file',
      'spec/shop/tasks.md: task row 1 (one): the ID "one" is not like T-1 (letters, a hyphen, a number)',
      'spec/shop/tasks.md: task row 1 (one): the status "maybe" is not one of todo, in-progress, done, blocked',
      'spec/shop/tasks.md: task row 1 (one): the acceptance criteria are empty',
    ]);
  });

  it('validates a single bundle folder or a spec folder given directly', async () => {
    await writeBundle(path.join(dir, 'spec', 'shop'), COMPLETE);
    await writeBundle(path.join(dir, 'spec', 'empty'), { 'notes.txt': 'x' });
    const single = await validateSpecDirectory(path.join(dir, 'spec', 'shop'));
    expect(single.valid).toBe(true);
    expect(single.analysis.bundles.map(b => b.directory)).toEqual([
      'spec/shop',
    ]);

    const specFolder = await validateSpecDirectory(path.join(dir, 'spec'));
    expect(specFolder.valid).toBe(false);
    expect(specFolder.problems).toContain(
      'spec/empty/constitution.md: missing file',
    );
    expect(specFolder.analysis.bundles).toHaveLength(2);
  });

  it('honours another bundle root', async () => {
    await writeBundle(path.join(dir, 'docs', 'specs', 'shop'), COMPLETE);
    const result = await validateSpecDirectory(dir, { root: 'docs/specs' });
    expect(result.valid).toBe(true);
    expect(result.analysis.bundles[0].files[1].path).toBe(
      'docs/specs/shop/prd.md',
    );
  });

  it('is invalid with one sentence when there is no bundle', async () => {
    // A repository without spec/: its source folders are not taken for bundles.
    await writeBundle(path.join(dir, 'src'), { 'index.ts': 'export {};\n' });
    await writeBundle(path.join(dir, 'docs'), { 'api.md': '# API\n' });
    const result = await validateSpecDirectory(dir);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      `no spec bundle found in ${dir}: expected spec/<name>/ with constitution.md, prd.md, plan.md, tasks.md`,
    ]);
  });

  it('throws for a missing folder', async () => {
    await expect(validateSpecDirectory(path.join(dir, 'nope'))).rejects.toThrow(
      /does not exist or is not a folder/,
    );
  });
});
