import { findSection, markdownSections } from './markdownOutline';
import { checkTaskTables } from './specTasks';

/**
 * The four files of a spec bundle, `spec/<name>/<kind>.md`.
 *
 * @public
 */
export const SPEC_FILE_KINDS = [
  'constitution',
  'prd',
  'plan',
  'tasks',
] as const;

/**
 * One of the four files of a spec bundle.
 *
 * @public
 */
export type SpecFileKind = (typeof SPEC_FILE_KINDS)[number];

/**
 * The sections each spec file must have, as headings of level 2 or deeper.
 *
 * @public
 */
export const REQUIRED_SPEC_SECTIONS: Record<SpecFileKind, readonly string[]> = {
  constitution: ['Principles', 'Constraints'],
  prd: ['Problem', 'Users', 'Requirements', 'Success metrics'],
  plan: ['Milestones', 'Risks'],
  tasks: ['Tasks'],
};

/** @public */
export interface SpecFileReport {
  kind: SpecFileKind;
  /** Where the file is (or should be), e.g. `spec/checkout/prd.md`. */
  path: string;
  present: boolean;
  /** Required sections without a heading; all of them when the file is missing. */
  missingSections: string[];
  /** Other defects, e.g. task rows that break the tasks format. */
  problems: string[];
  /** Present, with every section and no problem. */
  valid: boolean;
}

/** @public */
export interface SpecBundleReport {
  /** The folder name under `spec/`. */
  name: string;
  /** e.g. `spec/checkout` */
  directory: string;
  /** One report per kind, in {@link SPEC_FILE_KINDS} order. */
  files: SpecFileReport[];
  /** Every file present and valid. */
  complete: boolean;
}

/** @public */
export interface SpecBundleAnalysis {
  /** One report per folder under `spec/` that holds any file, sorted by name. */
  bundles: SpecBundleReport[];
}

/**
 * Options of {@link analyseSpecBundle}.
 *
 * @public
 */
export interface AnalyseSpecBundleOptions {
  /** The folder holding the bundles (default `spec`). */
  root?: string;
}

function normalisePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

function analyseFile(
  kind: SpecFileKind,
  path: string,
  content: string | undefined,
): SpecFileReport {
  const required = REQUIRED_SPEC_SECTIONS[kind];
  if (content === undefined) {
    return {
      kind,
      path,
      present: false,
      missingSections: [...required],
      problems: [],
      valid: false,
    };
  }
  const sections = markdownSections(content);
  const missingSections: string[] = [];
  const problems: string[] = [];
  for (const name of required) {
    const section = findSection(sections, name);
    if (!section) missingSections.push(name);
    else if (kind === 'tasks')
      problems.push(...checkTaskTables(section).problems);
  }
  return {
    kind,
    path,
    present: true,
    missingSections,
    problems,
    valid: missingSections.length === 0 && problems.length === 0,
  };
}

/**
 * Finds the spec bundles among `files` (repository path → content) and checks
 * each: a bundle is a folder `spec/<name>/` holding any file; it is complete
 * when it has `constitution.md`, `prd.md`, `plan.md` and `tasks.md` (file
 * names case-insensitive) and each has its {@link REQUIRED_SPEC_SECTIONS}
 * as Markdown headings of level 2 or deeper (case-insensitive; a heading may
 * carry numbering such as `1.` and words after the name, e.g. "Risks and
 * mitigations"). The tasks format is described at `checkTaskTables`.
 *
 * @public
 */
export function analyseSpecBundle(
  files: Map<string, string>,
  options: AnalyseSpecBundleOptions = {},
): SpecBundleAnalysis {
  const root = normalisePath(options.root ?? 'spec').replace(/\/+$/, '');
  const byBundle = new Map<
    string,
    Map<string, { path: string; content: string }>
  >();
  for (const [rawPath, content] of files) {
    const path = normalisePath(rawPath);
    if (!path.startsWith(`${root}/`)) continue;
    const [name, ...rest] = path.slice(root.length + 1).split('/');
    if (!name || rest.length === 0) continue;
    const bundle =
      byBundle.get(name) ??
      new Map<string, { path: string; content: string }>();
    bundle.set(rest.join('/').toLowerCase(), { path, content });
    byBundle.set(name, bundle);
  }
  const bundles = [...byBundle.keys()].sort().map(name => {
    const directory = `${root}/${name}`;
    const contents = byBundle.get(name)!;
    const reports = SPEC_FILE_KINDS.map(kind => {
      const file = contents.get(`${kind}.md`);
      return analyseFile(
        kind,
        file?.path ?? `${directory}/${kind}.md`,
        file?.content,
      );
    });
    return {
      name,
      directory,
      files: reports,
      complete: reports.every(report => report.valid),
    };
  });
  return { bundles };
}
