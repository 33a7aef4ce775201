/**
 * Which files of a repository are the application's source, for
 * `findAppCallers`: the extensions and skipped folders of the engine's
 * `readAppSource` (a local folder), applied to the paths of a tree read from
 * a URL.
 */
const EXTENSIONS = new Set([
  'ts',
  'tsx',
  'mts',
  'cts',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'vue',
  'svelte',
  'py',
  'dart',
  'swift',
  'kt',
  'go',
  'rb',
  'php',
]);

/** Dependencies, build output, caches and version control. */
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  '.next',
  'coverage',
  'vendor',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.vercel',
  '.dart_tool',
  '__pycache__',
  '.venv',
  'venv',
]);

/** Larger files are generated or bundled, not the application's own source. */
export const MAX_SOURCE_FILE_BYTES = 1024 * 1024;

/** Whether a path (relative, `/` separators) is a source file outside skipped folders. */
export function isAppSourcePath(path: string): boolean {
  const parts = path.split('/');
  const name = parts.pop() ?? '';
  if (parts.some(p => SKIPPED_FOLDERS.has(p))) return false;
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return EXTENSIONS.has(extension);
}
