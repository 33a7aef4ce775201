import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { validateSpecDirectory } from '@platform-kit/plugin-platform-kit-node';
import { examples } from './specBundleValidate.examples';
import { workspaceDirectory } from './workspaceDirectory';

/** @public */
export const SPEC_BUNDLE_VALIDATE_ACTION_ID =
  'platform-kit:spec-bundle:validate';

/**
 * Checks the spec bundles in the workspace the way
 * `platform-kit spec validate` and the `spec-kit-enforce` workflow do, and
 * fails the step with every problem, one a line. Reads only, so a dry run
 * checks too.
 *
 * @public
 */
export function createSpecBundleValidateAction() {
  return createTemplateAction({
    id: SPEC_BUNDLE_VALIDATE_ACTION_ID,
    description:
      'Checks the Platform Kit spec bundles in the workspace (every file of spec/<name>/ with its required sections and a valid task table) and fails the step with the list of what is missing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        targetPath: z =>
          z
            .string({
              description:
                'A repository root, its spec folder or one bundle folder inside the workspace (default ".")',
            })
            .optional(),
      },
      output: {
        valid: z =>
          z.boolean({
            description: 'At least one bundle, and every bundle complete',
          }),
        bundles: z =>
          z.array(z.string(), {
            description: 'The bundle folders found, e.g. spec/shop',
          }),
      },
    },
    async handler(ctx) {
      const targetPath = ctx.input.targetPath ?? '.';
      const directory = workspaceDirectory(ctx.workspacePath, targetPath);
      let result;
      try {
        result = await validateSpecDirectory(directory);
      } catch (error) {
        throw new Error(
          `Cannot check the spec bundles in "${targetPath}": ${
            (error as Error).message
          }`,
        );
      }
      const bundles = result.analysis.bundles.map(b => b.directory);
      for (const bundle of result.analysis.bundles)
        if (bundle.complete) ctx.logger.info(`${bundle.directory}: complete`);
      for (const problem of result.problems) ctx.logger.error(problem);
      ctx.output('valid', result.valid);
      ctx.output('bundles', bundles);
      if (!result.valid) {
        const problems = result.problems.length
          ? result.problems
          : ['no complete spec bundle (spec/<name>/) was found'];
        throw new Error(
          `The spec bundle check failed in "${targetPath}" (${
            problems.length
          } problem${problems.length === 1 ? '' : 's'}):\n${problems.join(
            '\n',
          )}`,
        );
      }
      ctx.logger.info(`Spec bundles valid: ${bundles.join(', ')}`);
    },
  });
}
