import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  renderSpecBundle,
  SpecBundleInputError,
} from '@platform-kit/plugin-platform-kit-node';
import { examples } from './specBundleCreate.examples';
import { pathInside, workspaceDirectory } from './workspaceDirectory';

/** @public */
export const SPEC_BUNDLE_CREATE_ACTION_ID = 'platform-kit:spec-bundle:create';

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/**
 * Writes a spec bundle (`spec/<name>/{constitution,prd,plan,tasks}.md`) into
 * the workspace. In a dry run the workspace is the dry run's own, so it writes
 * too: that is how the template editor shows the files.
 *
 * @public
 */
export function createSpecBundleCreateAction() {
  return createTemplateAction({
    id: SPEC_BUNDLE_CREATE_ACTION_ID,
    description:
      'Writes a Platform Kit spec bundle (constitution, PRD, plan and tasks, each with the required sections) into the workspace, filled in from the name, owner, purpose and kind of the new repository.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'The bundle name, kebab-case: the files go to spec/<name>/',
          }),
        owner: z =>
          z.string({
            description:
              'The owning team or user, e.g. group:default/team-a or team-a',
          }),
        purpose: z =>
          z.string({
            description:
              'One or two sentences: the problem the repository solves',
          }),
        kind: z =>
          z.enum(['app', 'service', 'lib'], {
            description:
              'What the repository is; shapes requirements, milestones and tasks',
          }),
        targetPath: z =>
          z
            .string({
              description:
                'The repository root inside the workspace (default ".")',
            })
            .optional(),
        overwrite: z =>
          z
            .boolean({
              description:
                'Replace bundle files that already exist (default false: fail instead)',
            })
            .optional(),
      },
      output: {
        directory: z =>
          z.string({
            description:
              'The bundle folder relative to targetPath, e.g. spec/shop',
          }),
        files: z =>
          z.array(z.string(), {
            description: 'The files written, relative to targetPath',
          }),
      },
    },
    async handler(ctx) {
      const { targetPath, overwrite, ...bundle } = ctx.input;
      let files;
      try {
        files = renderSpecBundle(bundle);
      } catch (error) {
        if (error instanceof SpecBundleInputError)
          throw new InputError(error.message);
        throw error;
      }
      const root = workspaceDirectory(ctx.workspacePath, targetPath);
      const targets = files.map(file => ({
        ...file,
        absolute: pathInside(root, file.path, 'The bundle file'),
      }));
      if (!overwrite) {
        const existing = [];
        for (const file of targets)
          if (await exists(file.absolute)) existing.push(file.path);
        if (existing.length)
          throw new InputError(
            `The spec bundle exists already (${existing.join(
              ', ',
            )}); set overwrite: true to replace it`,
          );
      }
      for (const file of targets) {
        await fs.mkdir(path.dirname(file.absolute), { recursive: true });
        await fs.writeFile(file.absolute, file.content, 'utf8');
        ctx.logger.info(`Wrote ${file.path}`);
      }
      const directory = path.posix.dirname(files[0].path);
      if (ctx.isDryRun)
        ctx.logger.info(
          `Dry run: the bundle is in the dry-run workspace only (${directory})`,
        );
      ctx.output('directory', directory);
      ctx.output(
        'files',
        files.map(f => f.path),
      );
    },
  });
}
