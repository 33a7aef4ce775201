import { parse } from 'yaml';
import { z } from 'zod';
import { CiCategory, classifyRunScript } from './ciCommands';
import { emptyFactSet, FactSet, setFact } from './factSet';
import { RepositorySource } from './repositorySource';

const WORKFLOWS = '.github/workflows';

const workflowSchema = z.object({
  jobs: z.record(z.string(), z.unknown()),
});
const jobSchema = z.object({ steps: z.array(z.unknown()).optional() });
const runStepSchema = z.object({ run: z.string() });

const FACTS: Record<CiCategory, { key: string; example: string }> = {
  lint: { key: 'repo.ci.lint', example: 'yarn lint, npm run lint, make lint' },
  test: { key: 'repo.ci.test', example: 'yarn test, npm test, ./kit test' },
  build: { key: 'repo.ci.build', example: 'yarn build, make build' },
  'parity-gate': {
    key: 'repo.ci.parity-gate',
    example: 'platform-kit parity gate',
  },
};

interface Match {
  file: string;
  job: string;
  command: string;
}

/** The jobs' `run:` scripts of one workflow file, or why it could not be read. */
function runScripts(
  text: string,
): { job: string; script: string }[] | { error: string } {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return {
      error: `not valid YAML (${
        String((error as Error).message).split('\n')[0]
      })`,
    };
  }
  const workflow = workflowSchema.safeParse(document);
  if (!workflow.success) return { error: 'no jobs' };
  return Object.entries(workflow.data.jobs).flatMap(([job, value]) => {
    const steps = jobSchema.safeParse(value);
    if (!steps.success) return [];
    return (steps.data.steps ?? []).flatMap(step => {
      const run = runStepSchema.safeParse(step);
      return run.success ? [{ job, script: run.data.run }] : [];
    });
  });
}

/**
 * The `repo.ci.*` facts: whether a GitHub Actions workflow
 * (`.github/workflows/*.yml|yaml`) has a job step whose `run:` script lints,
 * tests, builds (see {@link classifyRunScript}) or runs
 * `platform-kit parity gate`.
 */
export async function ciFacts(source: RepositorySource): Promise<FactSet> {
  const set = emptyFactSet();
  const files = (await source.listFiles(WORKFLOWS)).filter(path =>
    new RegExp(`^${WORKFLOWS}/[^/]+\\.ya?ml$`).test(path),
  );
  const matches = new Map<CiCategory, Match>();
  const unreadable: string[] = [];
  for (const file of files) {
    const text = await source.readFile(file);
    if (text === undefined) continue;
    const scripts = runScripts(text);
    if ('error' in scripts) {
      unreadable.push(`${file}: ${scripts.error}`);
      continue;
    }
    for (const { job, script } of scripts) {
      for (const { category, command } of classifyRunScript(script)) {
        if (!matches.has(category))
          matches.set(category, { file, job, command });
      }
    }
  }
  const looked =
    files.length === 0
      ? `no workflow in ${WORKFLOWS}/`
      : `no run: step in ${files.join(', ')}`;
  const skipped =
    unreadable.length > 0 ? ` (skipped ${unreadable.join('; ')})` : '';
  for (const [category, { key, example }] of Object.entries(FACTS) as [
    CiCategory,
    (typeof FACTS)[CiCategory],
  ][]) {
    const match = matches.get(category);
    setFact(
      set,
      key,
      match !== undefined,
      match
        ? `\`${match.command}\` in ${match.file}, job ${match.job}`
        : `${looked} runs ${
            category === 'parity-gate'
              ? 'the parity gate'
              : `a ${category} command`
          } (e.g. ${example})${skipped}`,
    );
  }
  return set;
}
