import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { analyseSpecBundle } from '@platform-kit/plugin-platform-kit-node';
import { createSpecBundleCreateAction } from './specBundleCreate';

const FILES = ['constitution', 'prd', 'plan', 'tasks'].map(
  f => `spec/shop/${f}.md`,
);

describe('platform-kit:spec-bundle:create', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  const run = (input: Record<string, unknown>, extra = {}) => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: {
          name: 'shop',
          owner: 'group:default/team-a',
          purpose: 'Customers | cannot buy # online',
          kind: 'app',
          ...input,
        } as any,
        workspacePath: dir.resolve('workspace'),
        logger,
      }),
      ...extra,
    };
    return { ctx, logger, done: createSpecBundleCreateAction().handler(ctx) };
  };

  /** The files under a folder of the workspace, path → content. */
  const readTree = (folder: string) => {
    const files = new Map<string, string>();
    const root = dir.resolve('workspace', folder);
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.set(path.relative(root, p), fs.readFileSync(p, 'utf8'));
      }
    };
    if (fs.existsSync(root)) walk(root);
    return files;
  };

  it('writes a complete bundle into the repository folder and says where', async () => {
    dir.setContent({ 'workspace/repo/README.md': '# shop' });
    const { ctx, logger, done } = run({ targetPath: 'repo' });
    await done;
    const files = readTree('repo');
    expect([...files.keys()].sort()).toEqual([...FILES, 'README.md'].sort());
    const { bundles } = analyseSpecBundle(files);
    expect(bundles.map(b => [b.name, b.complete])).toEqual([['shop', true]]);
    expect(files.get('spec/shop/prd.md')).toContain(
      'Customers \\| cannot buy \\# online',
    );
    expect(files.get('spec/shop/constitution.md')).toContain(
      'group:default/team-a',
    );
    expect(ctx.output).toHaveBeenCalledWith('directory', 'spec/shop');
    expect(ctx.output).toHaveBeenCalledWith('files', FILES);
    expect(logger.info).toHaveBeenCalledWith('Wrote spec/shop/tasks.md');
  });

  it('writes into the dry-run workspace in a dry run, defaulting to its root', async () => {
    const { ctx, logger, done } = run({ kind: 'service' }, { isDryRun: true });
    await done;
    expect(analyseSpecBundle(readTree('.')).bundles[0].complete).toBe(true);
    expect(readTree('.').get('spec/shop/prd.md')).toMatch(/health check/);
    expect(ctx.output).toHaveBeenCalledWith('files', FILES);
    expect(logger.info).toHaveBeenCalledWith(
      'Dry run: the bundle is in the dry-run workspace only (spec/shop)',
    );
  });

  it('does not overwrite an existing bundle unless told to', async () => {
    dir.setContent({ 'workspace/spec/shop/prd.md': 'our own PRD' });
    await expect(run({}).done).rejects.toThrow(
      'The spec bundle exists already (spec/shop/prd.md); set overwrite: true to replace it',
    );
    expect(readTree('.')).toEqual(
      new Map([['spec/shop/prd.md', 'our own PRD']]),
    );
    await run({ overwrite: true }).done;
    expect(analyseSpecBundle(readTree('.')).bundles[0].complete).toBe(true);
  });

  it('refuses a target outside the workspace', async () => {
    dir.setContent({ outside: {}, workspace: {} });
    fs.symlinkSync(dir.resolve('outside'), dir.resolve('workspace/link'));
    for (const targetPath of [
      '..',
      '../outside',
      dir.resolve('outside'),
      'link',
    ])
      await expect(run({ targetPath }).done).rejects.toThrow(
        `targetPath "${targetPath}" leads outside the workspace`,
      );
    fs.mkdirSync(dir.resolve('workspace/repo'));
    fs.symlinkSync(dir.resolve('outside'), dir.resolve('workspace/repo/spec'));
    await expect(run({ targetPath: 'repo' }).done).rejects.toThrow(
      'The bundle file "spec/shop/constitution.md" leads outside the workspace',
    );
    expect(fs.readdirSync(dir.resolve('outside'))).toEqual([]);
  });

  it('rejects bad input with every problem and writes nothing', async () => {
    await expect(run({ name: 'My Shop', purpose: ' ' }).done).rejects.toThrow(
      /^Invalid spec bundle input: name "My Shop" must be kebab-case.*; purpose must not be empty/,
    );
    expect(readTree('.').size).toBe(0);
  });
});
