import { emptyFactSet, FactSet, setFact } from './factSet';
import { RepositorySource } from './repositorySource';

/** Where GitHub looks for CODEOWNERS, in its order; the first found is used. */
export const CODEOWNERS_PATHS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
] as const;

/** `@user`, `@org/team` or an e-mail address. */
const OWNER =
  /^(?:@[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** The owners named by each rule line (`pattern owner...`), comments and blanks skipped. */
export function codeownersRules(
  text: string,
): { pattern: string; owners: string[] }[] {
  return text
    .split(/\r?\n/)
    .map(line => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(line => line.length > 0 && !line.startsWith('['))
    .map(line => {
      const [pattern, ...owners] = line.split(/\s+/);
      return { pattern, owners: owners.filter(owner => OWNER.test(owner)) };
    });
}

/** `repo.codeowners`: the CODEOWNERS file GitHub uses has a rule naming an owner. */
export async function codeownersFacts(
  source: RepositorySource,
): Promise<FactSet> {
  const set = emptyFactSet();
  for (const path of CODEOWNERS_PATHS) {
    const text = await source.readFile(path);
    if (text === undefined) continue;
    const owned = codeownersRules(text).filter(rule => rule.owners.length > 0);
    const owners = [...new Set(owned.flatMap(rule => rule.owners))];
    setFact(
      set,
      'repo.codeowners',
      owned.length > 0,
      owned.length > 0
        ? `${path}: ${owned.length} rule${
            owned.length > 1 ? 's' : ''
          } naming ${owners.join(', ')}`
        : `${path} has no rule naming an owner (a line like "* @org/team")`,
    );
    return set;
  }
  setFact(
    set,
    'repo.codeowners',
    false,
    `no CODEOWNERS file (looked for ${CODEOWNERS_PATHS.join(', ')})`,
  );
  return set;
}
