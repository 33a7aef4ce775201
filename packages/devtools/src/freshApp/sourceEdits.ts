import { UserFacingError } from '../util/fail';

const LINE_COMMENT = /^\s*\/\/.*$/;

function withoutLineComments(code: string): string {
  return code
    .split('\n')
    .filter(line => !LINE_COMMENT.test(line))
    .join('\n');
}

/** The `import ...;` statements of a snippet (single- or multi-line). */
export function importStatements(code: string): string[] {
  return [
    ...withoutLineComments(code).matchAll(/^import\s[\s\S]*?;[ \t]*$/gm),
  ].map(m => m[0].trim());
}

const normalise = (code: string) => code.replace(/\s+/g, '');

function insertImports(source: string, imports: string[]): string {
  const missing = imports.filter(
    statement => !normalise(source).includes(normalise(statement)),
  );
  if (!missing.length) return source;
  const existing = [...source.matchAll(/^import\s[\s\S]*?;[ \t]*$/gm)];
  const last = existing[existing.length - 1];
  const at = last ? last.index! + last[0].length : 0;
  const block = missing.join('\n');
  return last
    ? `${source.slice(0, at)}\n${block}${source.slice(at)}`
    : `${block}\n${source}`;
}

/**
 * A backend's `index.ts` with the snippet's statements (e.g.
 * `backend.add(import('...'));`) inserted before `backend.start()`, as the
 * quickstart says; statements already there are not added again.
 */
export function addBackendFeatures(source: string, snippet: string): string {
  const start = /^backend\.start\(\);?\s*$/m.exec(source);
  if (!start) {
    throw new UserFacingError(
      'packages/backend/src/index.ts has no `backend.start();` line to add the features before.',
    );
  }
  const statements = withoutLineComments(snippet)
    .split(/;\s*\n/)
    .map(s => s.trim().replace(/;$/, ''))
    .filter(Boolean)
    .filter(s => !normalise(source).includes(normalise(s)));
  if (!statements.length) return source;
  const text = statements.map(s => `${s};\n`).join('');
  return `${source.slice(0, start.index)}${text}\n${source.slice(start.index)}`;
}

const FEATURES = /features:\s*\[([\s\S]*?)\]/;

function featureNames(list: string): string[] {
  return list
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/**
 * An app's `App.tsx` (new frontend system) with the snippet's imports added
 * and the features it lists in `createApp({ features: [...] })` appended to
 * the app's own list.
 */
export function addAppFeatures(source: string, snippet: string): string {
  const wanted = FEATURES.exec(snippet);
  if (!wanted) {
    throw new UserFacingError(
      'The App.tsx snippet has no `features: [...]` list to take the features from.',
    );
  }
  const withImports = insertImports(source, importStatements(snippet));
  const current = FEATURES.exec(withImports);
  if (!current) {
    throw new UserFacingError(
      'packages/app/src/App.tsx has no `createApp({ features: [...] })` to add the features to.',
    );
  }
  const have = featureNames(current[1]);
  const add = featureNames(wanted[1]).filter(name => !have.includes(name));
  if (!add.length) return withImports;
  const list = [...have, ...add].join(', ');
  const before = withImports.slice(0, current.index);
  const after = withImports.slice(current.index + current[0].length);
  return `${before}features: [${list}]${after}`;
}
