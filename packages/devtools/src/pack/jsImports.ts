import { builtinModules } from 'node:module';

/**
 * Drops comment lines (JSDoc blocks and `//` lines): their examples would
 * read as imports. Comments after code on the same line stay; in sources and
 * in rollup output they do not hold import statements.
 */
export function stripCommentLines(source: string): string {
  return source
    .replace(/^[ \t]*\/\*[\s\S]*?\*\//gm, match => match.replace(/[^\n]/g, ' '))
    .replace(/^[ \t]*\/\/.*$/gm, match => ' '.repeat(match.length));
}

const IMPORT_PATTERNS = [
  /\bfrom\s*(['"])([^'"\n]+)\1/g,
  /\bimport\s*(['"])([^'"\n]+)\1/g,
  /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];

/** The module specifiers a JavaScript or TypeScript file imports or requires. */
export function importSpecifiers(source: string): string[] {
  const code = stripCommentLines(source);
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) found.add(match[2]);
  }
  return [...found];
}

export function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return builtinModules.includes(packageNameOf(specifier));
}
