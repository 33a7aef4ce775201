import { emptyFactSet, FactSet, setFact } from './factSet';
import { RepositorySource } from './repositorySource';

/** `repo.branch-protection`; unknown (absent from the facts) when the source cannot tell. */
export async function branchProtectionFacts(
  source: RepositorySource,
): Promise<FactSet> {
  const set = emptyFactSet();
  const isProtected = await source.defaultBranchProtected();
  const detail = source.describeBranchProtection
    ? await source.describeBranchProtection()
    : undefined;
  const fallback =
    isProtected === undefined
      ? `unknown: ${source.label} does not say whether the default branch is protected`
      : `the default branch is ${isProtected ? '' : 'not '}protected`;
  setFact(set, 'repo.branch-protection', isProtected, detail ?? fallback);
  return set;
}
