import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { z } from 'zod';

/** Every file under `root` (dot files too), as repository paths with `/`, sorted. */
export function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        files.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return files.sort();
}

/** A template's folder as the dry-run endpoint takes it: `{ path, base64Content }` each. */
export function directoryContents(
  root: string,
): { path: string; base64Content: string }[] {
  return listFiles(root).map(file => ({
    path: file,
    base64Content: fs.readFileSync(path.join(root, file)).toString('base64'),
  }));
}

const stepSchema = z
  .looseObject({
    uses: z.string().min(1).optional(),
    run: z.string().min(1).optional(),
  })
  .refine(step => (step.uses === undefined) !== (step.run === undefined), {
    message: 'a step needs exactly one of "uses" and "run"',
  });

const jobSchema = z.looseObject({
  'runs-on': z.union([z.string().min(1), z.array(z.string()).min(1)]),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  steps: z.array(stepSchema).min(1),
});

/** The parts of a GitHub Actions workflow that GitHub refuses a workflow without. */
export const workflowSchema = z.looseObject({
  name: z.string().optional(),
  on: z.union([
    z.string(),
    z.array(z.string()),
    z.record(z.string(), z.unknown()),
  ]),
  jobs: z.record(z.string().regex(/^[A-Za-z_][\w-]*$/), jobSchema),
});
export type Workflow = z.infer<typeof workflowSchema>;

/** A Dependabot configuration (version 2) with the keys every update entry needs. */
export const dependabotSchema = z.object({
  version: z.literal(2),
  updates: z
    .array(
      z.object({
        'package-ecosystem': z.string().min(1),
        directory: z.string().startsWith('/'),
        schedule: z.object({
          interval: z.enum(['daily', 'weekly', 'monthly']),
        }),
      }),
    )
    .min(1),
});

/**
 * Parses a workflow file and checks its structure, including that every
 * `needs` names a job of the same workflow; throws with the file's name.
 */
export function parseWorkflow(file: string, text: string): Workflow {
  const parsed = workflowSchema.safeParse(yaml.parse(text));
  if (!parsed.success)
    throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  for (const [id, job] of Object.entries(parsed.data.jobs)) {
    for (const need of [job.needs ?? []].flat()) {
      if (!(need in parsed.data.jobs))
        throw new Error(`${file}: job ${id} needs unknown job ${need}`);
    }
  }
  return parsed.data;
}

/** Every `run:` script of a workflow, joined, with folded lines as one. */
export function runScripts(workflow: Workflow): string[] {
  return Object.values(workflow.jobs).flatMap(job =>
    job.steps.flatMap(step => (step.run ? [step.run] : [])),
  );
}
