import { branchProtectionFacts } from './branchProtectionFacts';
import { ciFacts } from './ciFacts';
import { codeownersFacts } from './codeownersFacts';
import { dependabotFacts } from './dependabotFacts';
import { FactSet, mergeFactSets } from './factSet';
import { RepositorySource } from './repositorySource';
import {
  analyseSpecBundle,
  SPEC_FILE_KINDS,
  SpecBundleAnalysis,
} from './specBundle';
import { specFacts } from './specFacts';

/** @public */
export interface RepositoryFacts extends FactSet {
  /** The spec bundles found, file by file, for reports beyond the facts. */
  specBundles: SpecBundleAnalysis;
}

const SPEC_FILE = new RegExp(
  `^spec/[^/]+/(?:${SPEC_FILE_KINDS.join('|')})\\.md$`,
  'i',
);

/**
 * The files under `spec/`, path → content; only the spec files themselves
 * are read, the others mark their folder as a bundle.
 */
async function readSpecFiles(
  source: RepositorySource,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of await source.listFiles('spec')) {
    const content = SPEC_FILE.test(path) ? await source.readFile(path) : '';
    if (content !== undefined) files.set(path, content);
  }
  return files;
}

/**
 * The repository facts that the `repo.*` capabilities are evaluated on:
 * `spec.constitution|prd|plan|tasks|sections`, `repo.ci.lint|test|build|parity-gate`,
 * `repo.codeowners`, `repo.dependabot` and `repo.branch-protection`, each with
 * the evidence that decided it. A fact the source cannot determine (branch
 * protection of a local folder) is left out of `facts` and listed in
 * `unknown`, so that parity reports it as not reported rather than failed.
 *
 * @public
 */
export async function collectRepositoryFacts(
  source: RepositorySource,
): Promise<RepositoryFacts> {
  const specBundles = analyseSpecBundle(await readSpecFiles(source));
  const sets = [
    specFacts(specBundles),
    await ciFacts(source),
    await codeownersFacts(source),
    await dependabotFacts(source),
    await branchProtectionFacts(source),
  ];
  return { ...mergeFactSets(...sets), specBundles };
}
