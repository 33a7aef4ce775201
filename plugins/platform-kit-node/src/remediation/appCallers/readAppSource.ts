import fs from 'node:fs/promises';
import path from 'node:path';
import { byCodeUnits } from './byCodeUnits';

/** Extensions of the source files searched for Data API callers. */
export const APP_SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
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

/** Folders of dependencies, build output, caches and version control. */
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

/**
 * Larger files are generated or bundled, not the application's own source.
 *
 * @public
 */
export const MAX_APP_SOURCE_FILE_BYTES = 1024 * 1024;
/** More source files than this means the folder is not one application. */
export const MAX_APP_SOURCE_FILES = 20_000;
/** Bytes read concurrently, in files. */
const BATCH = 32;
/** A NUL in the first bytes marks a binary file (as git decides). */
const BINARY_SNIFF_BYTES = 8000;

const extensionOf = (name: string) =>
  /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * Whether a path (relative, `/` separators) is a source file outside the
 * skipped folders: the rule `readAppSource` walks a folder by, for trees
 * read elsewhere (e.g. a repository read through a URL).
 *
 * @public
 */
export function isAppSourcePath(relativePath: string): boolean {
  const parts = relativePath.split('/');
  const name = parts.pop() ?? '';
  if (parts.some(p => SKIPPED_FOLDERS.has(p))) return false;
  return APP_SOURCE_EXTENSIONS.has(extensionOf(name));
}

/** The source files under `root` (absolute paths), refusing more than the cap. */
async function listSourceFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => byCodeUnits(a.name, b.name));
    for (const entry of entries) {
      // Dirent types come from lstat: a symbolic link is neither a file nor a folder.
      const absolute = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(absolute);
      } else if (
        entry.isFile() &&
        APP_SOURCE_EXTENSIONS.has(extensionOf(entry.name))
      ) {
        if (files.length === MAX_APP_SOURCE_FILES)
          throw new Error(
            `${root} holds more than ${MAX_APP_SOURCE_FILES} source files: give the application's own folder`,
          );
        files.push(absolute);
      }
    }
  };
  await walk(root);
  return files;
}

/** The file's text, or undefined when it is too large or binary. */
async function readText(file: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_APP_SOURCE_FILE_BYTES) return undefined;
    bytes = await fs.readFile(file);
  } catch (error) {
    // Removed since it was listed (a build running in the folder).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * The application's source files under a folder, for `findAppCallers`:
 * TypeScript / JavaScript (also in Vue and Svelte files), Python, Dart,
 * Swift, Kotlin, Go, Ruby and PHP, with paths relative to the folder and `/`
 * separators, in path order. Dependencies, build output and version control
 * (`node_modules`, `.git`, `dist`, `build`, `.next`, `coverage`, `vendor`,
 * ...), symbolic links, binary files and files over 1 MiB are left out; more
 * than 20,000 source files is an error (the folder is not one application).
 *
 * @public
 */
export async function readAppSource(
  dir: string,
): Promise<{ path: string; content: string }[]> {
  const root = path.resolve(dir);
  let stat;
  try {
    stat = await fs.stat(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`no such folder: ${root}`);
    throw error;
  }
  if (!stat.isDirectory()) throw new Error(`not a folder: ${root}`);

  const files = await listSourceFiles(root);
  const out: { path: string; content: string }[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const texts = await Promise.all(batch.map(readText));
    batch.forEach((file, j) => {
      const content = texts[j];
      if (content !== undefined)
        out.push({
          path: path.relative(root, file).split(path.sep).join('/'),
          content,
        });
    });
  }
  return out.sort((a, b) => byCodeUnits(a.path, b.path));
}
