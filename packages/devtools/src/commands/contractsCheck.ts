import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../postgres/repoPaths';
import { UserFacingError } from '../util/fail';
import { compareContract } from './contractsCheckCompare';
import { ContractComparison, isNode, Node } from './contractsCheckDocument';

/**
 * `platform-kit-dev contracts-check <folder>`: checks that our own contract
 * files (the vendor endpoints our clients call, which the stand-ins and the
 * clients' tests validate against) agree with the vendors' full published
 * OpenAPI documents in `<folder>` (default `$PLATFORM_KIT_SPECS_DIR`). Each
 * contract names its vendor document in `info.x-vendor-document`. Opt-in and
 * outside `./kit test`: the vendors' documents are not in the repository.
 */

/** Where contracts live: a package's `contracts/`, or beside a test-only stand-in. */
const CONTRACT_FOLDERS = ['contracts', path.join('src', '__testUtils__')];

/** Our contract files under `root` that name a vendor document. */
export function findContracts(
  root: string,
): { file: string; document: Node; vendorFile: string }[] {
  const found: { file: string; document: Node; vendorFile: string }[] = [];
  for (const group of ['plugins', 'packages']) {
    const groupDir = path.join(root, group);
    if (!fs.existsSync(groupDir)) continue;
    for (const pkg of fs.readdirSync(groupDir).sort()) {
      for (const folder of CONTRACT_FOLDERS) {
        const dir = path.join(groupDir, pkg, folder);
        if (!fs.existsSync(dir)) continue;
        for (const name of fs.readdirSync(dir).sort()) {
          if (!/\.ya?ml$/.test(name)) continue;
          const file = path.join(dir, name);
          const document = parseYaml(fs.readFileSync(file, 'utf8'));
          const vendorFile = isNode(document)
            ? document.info?.['x-vendor-document']
            : undefined;
          if (typeof vendorFile === 'string') {
            found.push({ file, document, vendorFile });
          }
        }
      }
    }
  }
  return found;
}

function readDocument(file: string): Node {
  const text = fs.readFileSync(file, 'utf8');
  const document = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!isNode(document) || !isNode(document.paths)) {
    throw new UserFacingError(`${file} is not an OpenAPI document`, 2);
  }
  return document;
}

/** The report of one contract, as lines. */
export function formatComparison(
  contract: string,
  vendor: string,
  comparison: ContractComparison,
): string[] {
  const verdict =
    comparison.problems.length === 0
      ? `agrees (${comparison.agreed} places checked)`
      : `${comparison.problems.length} problem(s)`;
  const lines = [`${contract} against ${vendor}: ${verdict}`];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`  ${title}:`, ...items.map(item => `    - ${item}`));
  };
  section('problems (inventions or disagreements)', comparison.problems);
  section(
    "outside the vendor's document (sources cited in the contract)",
    comparison.outside,
  );
  section('vendor errata (evidence cited in the contract)', comparison.errata);
  section('notes', comparison.notes);
  return lines;
}

/** Runs the check; returns the exit code (0 agree, 1 problems, 2 usage). */
export async function contractsCheckCommand(
  args: string[],
  options: {
    root?: string;
    /** Default `process.env` (for `PLATFORM_KIT_SPECS_DIR`). */
    env?: Record<string, string | undefined>;
    log?: (line: string) => void;
    error?: (line: string) => void;
  } = {},
): Promise<number> {
  // eslint-disable-next-line no-console
  const log = options.log ?? (line => console.log(line));
  // eslint-disable-next-line no-console
  const error = options.error ?? (line => console.error(line));
  try {
    return checkAll(
      args[0] ?? (options.env ?? process.env).PLATFORM_KIT_SPECS_DIR,
      options.root ?? repoRoot(),
      log,
    );
  } catch (failure) {
    if (!(failure instanceof UserFacingError)) throw failure;
    error(`platform-kit-dev contracts-check: ${failure.message}`);
    return failure.exitCode;
  }
}

function checkAll(
  folder: string | undefined,
  root: string,
  log: (line: string) => void,
): number {
  if (!folder) {
    throw new UserFacingError(
      'name the folder with the vendors’ OpenAPI documents: platform-kit-dev contracts-check <folder> (or set PLATFORM_KIT_SPECS_DIR)',
      2,
    );
  }
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new UserFacingError(`${folder} is not a folder`, 2);
  }
  const contracts = findContracts(root);
  if (contracts.length === 0) {
    throw new UserFacingError(`no contract files found under ${root}`, 2);
  }
  let problems = 0;
  for (const { file, document, vendorFile } of contracts) {
    const vendorPath = path.join(folder, vendorFile);
    if (!fs.existsSync(vendorPath)) {
      throw new UserFacingError(
        `${path.relative(
          root,
          file,
        )} names ${vendorFile}, which is not in ${folder}`,
        2,
      );
    }
    const comparison = compareContract(document, readDocument(vendorPath));
    problems += comparison.problems.length;
    for (const line of formatComparison(
      path.relative(root, file),
      vendorFile,
      comparison,
    )) {
      log(line);
    }
  }
  log(
    `contracts-check: ${contracts.length} contract(s), ${problems} problem(s)`,
  );
  return problems === 0 ? 0 : 1;
}
