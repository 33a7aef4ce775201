import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../postgres/repoPaths';
import { generateApiFiles, OPENAPI_SOURCE } from './apiGenerateFiles';

/** The generated files that differ from what is in the repository (missing ones included). */
export function staleFiles(files: Map<string, string>, root: string): string[] {
  return [...files]
    .filter(([file, content]) => {
      const target = path.join(root, file);
      return (
        !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content
      );
    })
    .map(([file]) => file);
}

/**
 * `./kit api:generate`: the backend's spec module and `-common`'s types and
 * zod schemas from the OpenAPI document. With `--check` (`./kit api:check`)
 * nothing is written: it fails when a generated file differs from the
 * document's output.
 */
export async function apiGenerateCommand(
  args: string[],
  root: string = repoRoot(),
): Promise<number> {
  const checkOnly = args.includes('--check');
  const source = path.join(root, OPENAPI_SOURCE);
  const files = await generateApiFiles(fs.readFileSync(source, 'utf8'));
  const stale = staleFiles(files, root);
  if (checkOnly) {
    if (stale.length === 0) {
      console.log(`api:check: ${files.size} generated files are up to date`);
      return 0;
    }
    console.error(
      `api:check: generated from ${OPENAPI_SOURCE}, these files differ:\n${stale
        .map(f => `  ${f}`)
        .join('\n')}\nRun ./kit api:generate and commit the result.`,
    );
    return 1;
  }
  for (const file of stale) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, files.get(file)!);
    console.log(`api:generate: wrote ${file}`);
  }
  console.log(
    `api:generate: ${files.size} files, ${stale.length} changed, from ${OPENAPI_SOURCE}`,
  );
  return 0;
}
