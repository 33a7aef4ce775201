import { parse } from 'yaml';
import { z } from 'zod';
import { emptyFactSet, FactSet, setFact } from './factSet';
import { RepositorySource } from './repositorySource';

const DEPENDABOT_PATHS = ['.github/dependabot.yml', '.github/dependabot.yaml'];

const dependabotSchema = z.object({
  version: z.literal(2),
  updates: z.array(z.unknown()),
});
const updateSchema = z.object({
  'package-ecosystem': z.string().min(1),
  schedule: z.object({ interval: z.string().min(1) }),
});

/** `repo.dependabot`: `.github/dependabot.yml` (version 2) has at least one valid `updates` entry. */
export async function dependabotFacts(
  source: RepositorySource,
): Promise<FactSet> {
  const set = emptyFactSet();
  for (const path of DEPENDABOT_PATHS) {
    const text = await source.readFile(path);
    if (text === undefined) continue;
    let document: unknown;
    try {
      document = parse(text);
    } catch (error) {
      setFact(
        set,
        'repo.dependabot',
        false,
        `${path} is not valid YAML (${
          String((error as Error).message).split('\n')[0]
        })`,
      );
      return set;
    }
    const config = dependabotSchema.safeParse(document);
    if (!config.success) {
      setFact(
        set,
        'repo.dependabot',
        false,
        `${path} is not a Dependabot configuration (it needs "version: 2" and an "updates" list)`,
      );
      return set;
    }
    const ecosystems = config.data.updates.flatMap(entry => {
      const update = updateSchema.safeParse(entry);
      return update.success ? [update.data['package-ecosystem']] : [];
    });
    setFact(
      set,
      'repo.dependabot',
      ecosystems.length > 0,
      ecosystems.length > 0
        ? `${path}: updates for ${ecosystems.join(', ')}`
        : `${path} has no "updates" entry with a package-ecosystem and a schedule`,
    );
    return set;
  }
  setFact(set, 'repo.dependabot', false, 'no .github/dependabot.yml');
  return set;
}
