import fs from 'node:fs';
import path from 'node:path';
import { importSpecifiers, isRelative, stripCommentLines } from './jsImports';
import { PackageManifest } from './publishable';

/** A file the source reads from a package's folder at run time. */
export interface RuntimeRead {
  /** The source file that reads it, relative to the package folder. */
  file: string;
  line: number;
  /** The package whose folder is read. */
  packageName: string;
  /** Package-relative path (the literal part of it); '' for the folder itself. */
  path: string;
}

/** A path built from `__dirname` or `import.meta.url` in code that ships. */
export interface ModuleRelativePath {
  file: string;
  line: number;
  expression: string;
}

export interface SourceScan {
  /** The source files the package's entry points reach (package-relative). */
  files: string[];
  reads: RuntimeRead[];
  moduleRelative: ModuleRelativePath[];
}

const SOURCE_EXTS = ['.ts', '.tsx', '.js', '.mjs', '.cjs'];

/** The source files of a package's entry points: `exports`, else `main`. */
export function entrySources(manifest: PackageManifest): string[] {
  const targets =
    manifest.exports && typeof manifest.exports === 'object'
      ? Object.values(manifest.exports as Record<string, unknown>)
      : [manifest.exports ?? manifest.main ?? 'src/index.ts'];
  return targets
    .filter((t): t is string => typeof t === 'string')
    .map(t => t.replace(/^\.\//, ''))
    .filter(t => SOURCE_EXTS.includes(path.extname(t)));
}

function resolveRelative(dir: string, from: string, spec: string) {
  const base = path.join(path.dirname(from), spec);
  const stem = base.replace(/\.js$/, ''); // `./x.js` names `./x.ts` in TypeScript
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    ...SOURCE_EXTS.map(ext => `${base}${ext}`),
    ...SOURCE_EXTS.map(ext => path.join(base, `index${ext}`)),
  ];
  return candidates.find(c =>
    fs.statSync(path.join(dir, c), { throwIfNoEntry: false })?.isFile(),
  );
}

/** The arguments of the call whose `(` is at `open`, as source text. */
export function callArguments(source: string, open: number) {
  const args: string[] = [];
  let depth = 0;
  let quote = '';
  let start = open + 1;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        const last = source.slice(start, i).trim();
        if (last) args.push(last);
        return { args, end: i };
      }
    } else if (c === ',' && depth === 1) {
      args.push(source.slice(start, i).trim());
      start = i + 1;
    }
  }
  return { args, end: source.length };
}

/** The string an argument stands for: a literal or a `const` of the same file. */
function literalValue(arg: string, source: string): string | undefined {
  const literal = /^(['"`])([^'"`$\\]*)\1$/.exec(arg);
  if (literal) return literal[2];
  if (!/^[A-Za-z_$][\w$]*$/.test(arg)) return undefined;
  const constant = new RegExp(
    `\\bconst\\s+${arg}\\s*(?::\\s*string\\s*)?=\\s*(['"\`])([^'"\`$\\\\]*)\\1`,
  ).exec(source);
  return constant?.[2];
}

/** The package-relative path the literal leading arguments name. */
function joinLiterals(args: string[], source: string): string {
  const parts: string[] = [];
  for (const arg of args) {
    const value = literalValue(arg, source);
    if (value === undefined) break;
    parts.push(value);
  }
  return path.posix.normalize(parts.join('/') || '.').replace(/^\.$/, '');
}

function lineAt(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

function packageReads(source: string, file: string): RuntimeRead[] {
  const reads: RuntimeRead[] = [];
  for (const match of source.matchAll(/\bresolvePackagePath\s*\(/g)) {
    const open = match.index! + match[0].length - 1;
    const { args } = callArguments(source, open);
    const packageName = args.length ? literalValue(args[0], source) : undefined;
    if (!packageName) continue;
    reads.push({
      file,
      line: lineAt(source, match.index!),
      packageName,
      path: joinLiterals(args.slice(1), source),
    });
  }
  const joins = [...source.matchAll(/\bpath\.(?:join|resolve)\s*\(/g)].map(
    m => {
      const open = m.index! + m[0].length - 1;
      return { open, ...callArguments(source, open) };
    },
  );
  const resolveCall = /\brequire\.resolve\s*\(\s*(['"])([^'"]+)\1\s*\)/g;
  for (const match of source.matchAll(resolveCall)) {
    const spec = match[2];
    const parts = spec.split('/');
    const nameLength = spec.startsWith('@') ? 2 : 1;
    const packageName = parts.slice(0, nameLength).join('/');
    const subPath = parts.slice(nameLength).join('/');
    let read = subPath;
    if (subPath === 'package.json') {
      // path.join(path.dirname(require.resolve('x/package.json')), 'dir', ...)
      const at = match.index!;
      const join = joins
        .filter(j => j.open < at && j.end > at)
        .sort((a, b) => b.open - a.open)[0];
      read = join ? joinLiterals(join.args.slice(1), source) : '';
    }
    reads.push({
      file,
      line: lineAt(source, match.index!),
      packageName,
      path: read,
    });
  }
  return reads;
}

/**
 * Follows a package's entry points through its relative imports and reports
 * every path the reached (so shipped) code reads from a package folder, and
 * every `__dirname` / `import.meta.url` path, which changes once the code is
 * built into `dist/`.
 */
export function scanRuntimeReads(
  dir: string,
  manifest: PackageManifest,
): SourceScan {
  const queue = entrySources(manifest).filter(f =>
    fs.existsSync(path.join(dir, f)),
  );
  const seen = new Set<string>(queue);
  const reads: RuntimeRead[] = [];
  const moduleRelative: ModuleRelativePath[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    const raw = fs.readFileSync(path.join(dir, file), 'utf8');
    const source = stripCommentLines(raw);
    for (const spec of importSpecifiers(raw)) {
      if (!isRelative(spec)) continue;
      const target = resolveRelative(dir, file, spec);
      if (target && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
    reads.push(...packageReads(source, file));
    for (const match of source.matchAll(/\b__dirname\b|\bimport\.meta\.url\b/g))
      moduleRelative.push({
        file,
        line: lineAt(source, match.index!),
        expression: match[0],
      });
  }
  const byPlace = (a: { file: string; line: number }, b: typeof a) =>
    a.file.localeCompare(b.file) || a.line - b.line;
  return {
    files: [...seen].sort(),
    reads: reads.sort(byPlace),
    moduleRelative: moduleRelative.sort(byPlace),
  };
}
