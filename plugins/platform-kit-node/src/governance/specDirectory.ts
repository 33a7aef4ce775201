import fs from 'node:fs/promises';
import path from 'node:path';
import {
  analyseSpecBundle,
  SPEC_FILE_KINDS,
  SpecBundleAnalysis,
} from '../repository/specBundle';

/** @public */
export interface SpecDirectoryValidation {
  /** The folder that was checked (absolute). */
  directory: string;
  analysis: SpecBundleAnalysis;
  /** One line each, e.g. `spec/shop/prd.md: missing section "Users"`. */
  problems: string[];
  /** At least one bundle, every bundle complete. */
  valid: boolean;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const BUNDLE_FILES = new Set(SPEC_FILE_KINDS.map(kind => `${kind}.md`));

async function isDirectory(folder: string): Promise<boolean> {
  try {
    return (await fs.stat(folder)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads the files under `folder` into `files`, keyed `<prefix>/<relative path>`.
 * Only the bundle's own Markdown files are read; other files count for
 * presence (a folder holding any file is a bundle) with empty content.
 */
async function readTree(
  folder: string,
  prefix: string,
  files: Map<string, string>,
  depth: number,
): Promise<void> {
  for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    const key = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name))
        await readTree(full, key, files, depth + 1);
    } else if (entry.isFile()) {
      const isBundleFile =
        depth === 1 && BUNDLE_FILES.has(entry.name.toLowerCase());
      files.set(key, isBundleFile ? await fs.readFile(full, 'utf8') : '');
    }
  }
}

async function holdsBundleFile(folder: string): Promise<boolean> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  return entries.some(
    entry => entry.isFile() && BUNDLE_FILES.has(entry.name.toLowerCase()),
  );
}

function describeProblems(analysis: SpecBundleAnalysis): string[] {
  const problems: string[] = [];
  for (const bundle of analysis.bundles)
    for (const file of bundle.files) {
      if (!file.present) {
        problems.push(`${file.path}: missing file`);
        continue;
      }
      for (const section of file.missingSections)
        problems.push(`${file.path}: missing section "${section}"`);
      for (const problem of file.problems)
        problems.push(`${file.path}: ${problem}`);
    }
  return problems;
}

/**
 * Validates the spec bundles in a folder, which may be:
 *
 * - a repository root: the bundles are `<directory>/spec/<name>/` (or
 *   `<directory>/<root>/<name>/` with `options.root`);
 * - a single bundle: the folder itself holds `constitution.md`, `prd.md`,
 *   `plan.md` or `tasks.md`;
 * - a `spec` folder (named like `options.root`, default `spec`): each
 *   sub-folder is a bundle.
 *
 * Any other folder has no bundle: a repository without `spec/` is invalid
 * with one problem saying where bundles are expected.
 * They are tried in this order. Paths in the problems are relative to the
 * repository (`spec/<name>/prd.md`); for a bundle or spec folder given
 * directly they start at its parent (`<parent>/<name>/prd.md`). Throws when
 * `directory` does not exist or is not a folder.
 *
 * @public
 */
export async function validateSpecDirectory(
  directory: string,
  options: { root?: string } = {},
): Promise<SpecDirectoryValidation> {
  const absolute = path.resolve(directory);
  if (!(await isDirectory(absolute)))
    throw new Error(`${absolute} does not exist or is not a folder`);
  const files = new Map<string, string>();
  let root: string;
  const specRoot = options.root ?? 'spec';
  if (
    options.root !== undefined ||
    (await isDirectory(path.join(absolute, 'spec')))
  ) {
    root = specRoot.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
    const specFolder = path.join(absolute, root);
    if (await isDirectory(specFolder))
      await readTree(specFolder, root, files, 0);
  } else if (await holdsBundleFile(absolute)) {
    root = path.basename(path.dirname(absolute)) || 'spec';
    await readTree(absolute, `${root}/${path.basename(absolute)}`, files, 1);
  } else if (path.basename(absolute) === path.basename(specRoot)) {
    root = path.basename(absolute);
    await readTree(absolute, root, files, 0);
  } else {
    // A repository without a spec folder: its other folders are not bundles.
    root = specRoot;
  }
  const analysis = analyseSpecBundle(files, { root });
  const problems = describeProblems(analysis);
  if (analysis.bundles.length === 0)
    problems.unshift(
      `no spec bundle found in ${absolute}: expected ${specRoot}/<name>/ with ${SPEC_FILE_KINDS.map(
        kind => `${kind}.md`,
      ).join(', ')}`,
    );
  return {
    directory: absolute,
    analysis,
    problems,
    valid:
      analysis.bundles.length > 0 && analysis.bundles.every(b => b.complete),
  };
}
