import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { renderSpecBundle } from '@platform-kit/plugin-platform-kit-node';
import { createSpecBundleValidateAction } from './specBundleValidate';

const bundle = (name: string) =>
  Object.fromEntries(
    renderSpecBundle({
      name,
      owner: 'team-a',
      purpose: 'Shoppers cannot pay online.',
      kind: 'service',
    }).map(f => [f.path, f.content]),
  );

describe('platform-kit:spec-bundle:validate', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  const run = (input: Record<string, unknown> = {}, extra = {}) => {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: dir.resolve('workspace'),
        logger,
      }),
      ...extra,
    };
    return {
      ctx,
      logger,
      done: createSpecBundleValidateAction().handler(ctx),
    };
  };

  it('passes a complete bundle, also in a dry run', async () => {
    dir.setContent({ workspace: { ...bundle('shop'), 'README.md': '# x' } });
    const { ctx, logger, done } = run({}, { isDryRun: true });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
    expect(ctx.output).toHaveBeenCalledWith('bundles', ['spec/shop']);
    expect(logger.info).toHaveBeenCalledWith('Spec bundles valid: spec/shop');
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('fails the step with every problem, one a line, and logs each', async () => {
    const files = bundle('shop');
    delete files['spec/shop/plan.md'];
    files['spec/shop/prd.md'] = files['spec/shop/prd.md'].replace(
      '## Users',
      '## Audience',
    );
    files['spec/shop/tasks.md'] = files['spec/shop/tasks.md'].replace(
      /^(\| T-2 \|[^|]*\| )todo\s*\|/m,
      '$1someday |',
    );
    dir.setContent({
      workspace: { repo: { ...files, ...bundle('admin') } },
    });
    const { ctx, logger, done } = run({ targetPath: 'repo' });
    const error: Error = await done.then(
      () => {
        throw new Error('the step passed');
      },
      e => e,
    );
    const [first, ...problems] = error.message.split('\n');
    expect(first).toBe('The spec bundle check failed in "repo" (3 problems):');
    expect(problems).toEqual([
      'spec/shop/prd.md: missing section "Users"',
      'spec/shop/plan.md: missing file',
      expect.stringMatching(
        /^spec\/shop\/tasks\.md: task row 2 \(T-2\): the status "someday" is not one of/,
      ),
    ]);
    for (const problem of problems)
      expect(logger.error).toHaveBeenCalledWith(problem);
    expect(logger.info).toHaveBeenCalledWith('spec/admin: complete');
    expect(ctx.output).toHaveBeenCalledWith('valid', false);
    expect(ctx.output).toHaveBeenCalledWith('bundles', [
      'spec/admin',
      'spec/shop',
    ]);
  });

  it('fails when there is no bundle at all', async () => {
    dir.setContent({ workspace: { 'README.md': '# x' } });
    const { ctx, done } = run();
    await expect(done).rejects.toThrow(
      /^The spec bundle check failed in "." \(1 problem\):\nno spec bundle found/,
    );
    expect(ctx.output).toHaveBeenCalledWith('valid', false);
  });

  it('checks one bundle folder given directly', async () => {
    dir.setContent({ workspace: bundle('shop') });
    const { ctx, done } = run({ targetPath: 'spec/shop' });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
  });

  it('refuses a folder outside the workspace or one that is not there', async () => {
    dir.setContent({ workspace: {}, outside: bundle('shop') });
    await expect(run({ targetPath: '../outside' }).done).rejects.toThrow(
      'targetPath "../outside" leads outside the workspace',
    );
    await expect(run({ targetPath: 'nope' }).done).rejects.toThrow(
      /^Cannot check the spec bundles in "nope": .*nope does not exist or is not a folder$/,
    );
  });
});
