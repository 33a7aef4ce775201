import { UserFacingError } from '../util/fail';
import { CodeBlock, codeBlocks, section } from './markdown';

/** What one code block of the quickstart asks a person to do. */
export type QuickstartStep =
  | { kind: 'shell'; where: 'app' | 'repository'; script: string; line: number }
  | { kind: 'backend-index'; snippet: string; line: number }
  | { kind: 'app-features'; snippet: string; line: number }
  | { kind: 'config'; file: string; yaml: string; line: number }
  | { kind: 'package-json'; json: string; line: number };

/** The quickstart's sections that install Platform Kit into an app. */
export const INSTALL_SECTIONS = [
  '2. Install the plugins into an existing Backstage app',
  '3. Connect a Supabase project',
];

export const IN_APP = 'in your Backstage app';
export const IN_REPOSITORY = 'in your clone of this repository';

function classify(block: CodeBlock): QuickstartStep | undefined {
  const comment = block.comment ?? '';
  const { body: text, line } = block;
  switch (block.lang) {
    case 'sh':
    case 'bash':
    case 'shell':
      if (comment.startsWith(IN_APP))
        return { kind: 'shell', where: 'app', script: text, line };
      if (comment.startsWith(IN_REPOSITORY))
        return { kind: 'shell', where: 'repository', script: text, line };
      return undefined;
    case 'ts':
    case 'tsx':
      if (comment.startsWith('packages/backend/src/index.ts'))
        return { kind: 'backend-index', snippet: text, line };
      if (
        comment.startsWith('packages/app/src/App.tsx') &&
        !comment.includes('legacy')
      )
        return { kind: 'app-features', snippet: text, line };
      return undefined;
    case 'yaml':
    case 'yml': {
      const file = comment.split(/\s/)[0];
      return /^app-config[\w.-]*\.yaml$/.test(file)
        ? { kind: 'config', file, yaml: text, line }
        : undefined;
    }
    case 'json':
    case 'jsonc':
      return comment.startsWith('package.json')
        ? { kind: 'package-json', json: text, line }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The steps of the quickstart's install sections, in order, read from the
 * code blocks' first-line comments (`# in your Backstage app`,
 * `// packages/backend/src/index.ts`, `# app-config.yaml`, ...). Blocks
 * without such a comment are for reading only. Throws when a step the
 * fresh-app check relies on has disappeared from the document.
 */
export function quickstartSteps(markdown: string): QuickstartStep[] {
  const steps = INSTALL_SECTIONS.flatMap(title => {
    const text = section(markdown, title);
    if (!text) {
      throw new UserFacingError(
        `docs/quickstart.md has no section "${title}": the fresh-app check follows it.`,
      );
    }
    return codeBlocks(text)
      .map(classify)
      .filter((s): s is QuickstartStep => !!s);
  });
  const need: [string, (s: QuickstartStep) => boolean][] = [
    [
      '`# in your Backstage app` shell block',
      s => s.kind === 'shell' && s.where === 'app',
    ],
    [
      '`// packages/backend/src/index.ts` block',
      s => s.kind === 'backend-index',
    ],
    ['`// packages/app/src/App.tsx` block', s => s.kind === 'app-features'],
    ['`# app-config*.yaml` block', s => s.kind === 'config'],
  ];
  for (const [what, test] of need) {
    if (!steps.some(test)) {
      throw new UserFacingError(
        `docs/quickstart.md's install sections have no ${what}: the fresh-app check follows them.`,
      );
    }
  }
  return steps;
}

/** A file of the legacy-frontend-system example in docs/frontend.md. */
export interface LegacyFile {
  /** Path below the app package's `src/`, e.g. `components/catalog/EntityPage.tsx`. */
  path: string;
  code: string;
}

/**
 * The legacy frontend system's example files of docs/frontend.md: its tsx
 * blocks whose first line names a file under `packages/app/src/`.
 */
export function legacyFiles(markdown: string): LegacyFile[] {
  const files = codeBlocks(section(markdown, 'Legacy frontend system'))
    .filter(b => b.lang === 'tsx' && b.comment?.startsWith('packages/app/src/'))
    .map(b => ({
      path: b.comment!.split(/\s/)[0].slice('packages/app/src/'.length),
      code: `${b.body.replace(/\n*$/, '')}\n`,
    }));
  if (!files.length) {
    throw new UserFacingError(
      'docs/frontend.md\'s "Legacy frontend system" section has no `// packages/app/src/...` tsx block.',
    );
  }
  return files;
}

/** The packages a piece of code imports (`@scope/name`, `name`), without relative imports. */
export function importedPackages(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) {
    const spec = m[1];
    if (spec.startsWith('.')) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names].sort();
}

/** The first target the quickstart configures: its entity and the variable holding its connection string. */
export interface QuickstartTarget {
  entityRef: string;
  connectionVariable: string;
}

export function quickstartTarget(steps: QuickstartStep[]): QuickstartTarget {
  for (const step of steps) {
    if (step.kind !== 'config' || !/^platformKit:/m.test(step.yaml)) continue;
    const entityRef = /^\s*(?:-\s+)?entityRef:\s*(\S+)/m.exec(step.yaml)?.[1];
    const variable = /^\s*connectionString:\s*\$\{(\w+)\}/m.exec(
      step.yaml,
    )?.[1];
    if (entityRef && variable)
      return { entityRef, connectionVariable: variable };
  }
  throw new UserFacingError(
    'docs/quickstart.md configures no `platformKit.targets` entry with an `entityRef` and a `connectionString: ${VARIABLE}`.',
  );
}
