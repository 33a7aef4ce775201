import { execSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './__testUtils__/runCli';

const BODY = [
  '## Commands',
  '',
  '- `./kit test` runs the whole suite on a real PostgreSQL.',
  '- `./kit lint` must report no warnings.',
  '',
  '## Rules',
  '',
  'Small files with one purpose. Domain logic lives in the engine.',
  'Never commit secrets; never print them.',
  '',
].join('\n');

const claude = `# CLAUDE.md\n\nInstructions for agents working in this repository (this file is CLAUDE.md).\n\n${BODY}`;

let dir: string;
let cwd: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docs-sync-'));
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(async () => {
  process.chdir(cwd);
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(file: string, content: string) {
  await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await fs.writeFile(path.join(dir, file), content);
}

describe('platform-kit docs sync-check', () => {
  it('passes when the files differ only in agent name, line endings and blank lines', async () => {
    await write('CLAUDE.md', claude);
    await write(
      'GEMINI.md',
      claude
        .replace(/CLAUDE\.md/g, 'GEMINI.md')
        .replace(/\n/g, '\r\n')
        .replace('## Rules', '\r\n\r\n## Rules   '),
    );
    await write(
      'CODEX.md',
      claude
        .replace(/CLAUDE\.md/g, 'CODEX.md')
        .replace('one purpose', 'a single purpose'),
    );
    const result = await runCli(['docs', 'sync-check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^reference: CLAUDE\.md\nGEMINI\.md: 0\.0 % drift from CLAUDE\.md \(0 edits in \d+ characters\), within 10 %\nCODEX\.md: \d\.\d % drift from CLAUDE\.md \(\d+ edits in \d+ characters\), within 10 %\n$/,
    );
  });

  it('fails above the limit and prints a sed command that, run, syncs the files', async () => {
    await write('CLAUDE.md', claude);
    await write(
      'GEMINI.md',
      '# GEMINI.md\n\nAn older text about something else entirely.\n',
    );
    await write('CODEX.md', claude.replace(/CLAUDE\.md/g, 'CODEX.md'));
    const failed = await runCli(['docs', 'sync-check', '--max-drift', '5']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      'GEMINI.md: more than 5 % drift from CLAUDE.md, above the limit\n',
    );
    expect(failed.stdout).toContain('CODEX.md: 0.0 % drift');
    const command = failed.stdout.trimEnd().split('\n').pop()!.trim();
    expect(command).toBe(
      "sed 's/CLAUDE\\.md/GEMINI.md/g' CLAUDE.md > GEMINI.md",
    );

    execSync(command, { cwd: dir, shell: '/bin/sh' });
    expect(await fs.readFile(path.join(dir, 'GEMINI.md'), 'utf8')).toBe(
      claude.replace(/CLAUDE\.md/g, 'GEMINI.md'),
    );
    const synced = await runCli(['docs', 'sync-check', '--max-drift', '0']);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain(
      'GEMINI.md: 0.0 % drift from CLAUDE.md (0 edits',
    );
  });

  it('prints cp when the reference does not name itself, and honours --source', async () => {
    await write('a/AGENTS.md', BODY);
    await write(
      'CLAUDE.md',
      `${BODY}\nOne more rule that only this file has, and it is long enough to matter.\n`,
    );
    const result = await runCli([
      'docs',
      'sync-check',
      'CLAUDE.md',
      '--source',
      'a/AGENTS.md',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('reference: a/AGENTS.md\n');
    expect(result.stdout).toContain(
      'to sync CLAUDE.md with a/AGENTS.md, run:\n  cp a/AGENTS.md CLAUDE.md\n',
    );
    execSync('cp a/AGENTS.md CLAUDE.md', { cwd: dir });
    expect(
      (
        await runCli([
          'docs',
          'sync-check',
          'CLAUDE.md',
          '--source',
          'a/AGENTS.md',
        ])
      ).code,
    ).toBe(0);
  });

  it('prints cp for a reference that lists every agent file, so the list stays intact', async () => {
    const shared = `# Agent instructions\n\nThe same text is in CLAUDE.md, GEMINI.md and CODEX.md.\n\n${BODY}`;
    await write('CLAUDE.md', shared);
    await write('GEMINI.md', shared);
    await write('CODEX.md', 'stale');
    const failed = await runCli(['docs', 'sync-check']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('  cp CLAUDE.md CODEX.md\n');
    execSync('cp CLAUDE.md CODEX.md', { cwd: dir });
    expect(
      (await runCli(['docs', 'sync-check', '--max-drift', '0'])).code,
    ).toBe(0);
  });

  it('skips missing default files and says there is nothing to compare with fewer than two', async () => {
    await write('CLAUDE.md', claude);
    const result = await runCli(['docs', 'sync-check']);
    expect(result).toEqual({
      code: 0,
      stdout:
        'GEMINI.md: not found, skipped\nCODEX.md: not found, skipped\nnothing to compare: fewer than two agent instruction files (found: CLAUDE.md)\n',
      stderr: '',
    });
  });

  it('exits 2 for a named file that is missing and for a bad --max-drift', async () => {
    await write('CLAUDE.md', claude);
    const missing = await runCli([
      'docs',
      'sync-check',
      'CLAUDE.md',
      'GEMINI.md',
    ]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'platform-kit: GEMINI.md does not exist\n',
    });
    for (const value of ['101', '-1', 'ten', '']) {
      const bad = await runCli(['docs', 'sync-check', '--max-drift', value]);
      expect(bad).toMatchObject({
        code: 2,
        stderr: 'platform-kit: --max-drift: must be a number from 0 to 100\n',
      });
    }
  });

  it('prints JSON with the drifts and sync commands', async () => {
    await write('CLAUDE.md', claude);
    await write('GEMINI.md', 'unrelated');
    const result = await runCli(['docs', 'sync-check', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      reference: 'CLAUDE.md',
      maxDrift: 10,
      drifts: [{ file: 'GEMINI.md', exceeds: true }],
      syncCommands: ["sed 's/CLAUDE\\.md/GEMINI.md/g' CLAUDE.md > GEMINI.md"],
    });
  });
});
