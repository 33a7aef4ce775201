import {
  DbFunction,
  Extension,
  Finding,
  Inventory,
  PatchStep,
} from '@platform-kit/plugin-platform-kit-common';
import { ident, literal } from '../sql';
import { PatchBuilder, PatchDraft } from '../types';
import { metadataString } from './common';
import {
  callersSearchExtensions,
  EXTENSIONS_SCHEMA,
  formatSearchPath,
  parseSearchPath,
  relocationCandidates,
  routineKeyword,
  routineReference,
  routineSignature,
  templateStatements,
} from './hardenFunction';

/** Roles that reach extension objects through the API (Supabase's). */
export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;

const MOVE_KEYS = [
  'schema',
  'roles',
  'kind',
  'routine',
  'search_path',
  'extension',
] as const;

/** The extension a finding names, or an error. */
function findingExtension(finding: Finding, inventory: Inventory): Extension {
  const name = metadataString(finding, 'name');
  const ext = inventory.extensions.find(e => e.name === name);
  if (!ext) throw new Error(`extension ${name} is not in the inventory`);
  if (ext.schema === EXTENSIONS_SCHEMA)
    throw new Error(
      `extension ${ext.name} is already in the ${EXTENSIONS_SCHEMA} schema`,
    );
  return ext;
}

export interface RepinnedFunction {
  fn: DbFunction;
  /** The pinned path as it is. */
  before: string[];
  /** The path with `extensions` added. */
  after: string[];
  /** The schema `extensions` goes right after. */
  anchor: string;
}

/**
 * Functions that pin a search_path naming the extension's schema but not
 * `extensions`: after the move their unqualified references to it would no
 * longer resolve. `extensions` goes right after the first schema on their
 * path that holds an extension to relocate, where the extension's objects
 * were found: the same for every extension moved, so that two patches that
 * touch one function emit the same statement (a plan runs it once).
 */
export function functionsToRepin(
  ext: Extension,
  inventory: Inventory,
): RepinnedFunction[] {
  const sources = new Set([
    ext.schema,
    ...relocationCandidates(inventory).map(e => e.schema),
  ]);
  return inventory.functions
    .filter(f => f.kind !== 'aggregate' && f.searchPath !== null)
    .map(fn => ({ fn, before: parseSearchPath(fn.searchPath!) }))
    .filter(
      ({ before }) =>
        before.includes(ext.schema) && !before.includes(EXTENSIONS_SCHEMA),
    )
    .map(({ fn, before }) => {
      const at = before.findIndex(s => sources.has(s));
      const after = [
        ...before.slice(0, at + 1),
        EXTENSIONS_SCHEMA,
        ...before.slice(at + 1),
      ];
      return { fn, before, after, anchor: before[at] };
    });
}

const display = (fn: DbFunction) =>
  `${fn.schema}.${fn.name}(${fn.identityArguments})`;

/**
 * Lists the objects outside an extension that depend on its objects (what
 * `DROP EXTENSION ... CASCADE` would drop or break).
 */
export function extensionDependentsSql(name: string): string {
  return `SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS dependent,
       pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) AS uses
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_depend m ON m.classid = d.refclassid AND m.objid = d.refobjid AND m.deptype = 'e'
 WHERE m.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
   AND m.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = ${literal(
     name,
   )})
   AND d.deptype IN ('n', 'a')
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = d.classid AND x.objid = d.objid AND x.deptype = 'e');`;
}

/**
 * What to do by hand for an extension PostgreSQL cannot relocate: its objects
 * are created in one schema by its script, so it must be dropped and created
 * again, and whatever depends on it with it.
 */
function manualPlan(
  ext: Extension,
  finding: Finding,
  inventory: Inventory,
): PatchDraft {
  const repin = functionsToRepin(ext, inventory);
  const dependents = extensionDependentsSql(ext.name);
  const lines = [
    `PostgreSQL cannot move ${ext.name} (its control file says relocatable = false: its script creates its objects in the schema it is installed in). Moving it means dropping it and creating it again in ${EXTENSIONS_SCHEMA}:`,
    `1. List what depends on its objects (columns of its types, defaults, indexes and operator classes, views, functions, triggers):\n${dependents}`,
    `2. Save the definitions (pg_dump --schema-only) and the data of every dependent: DROP EXTENSION ... CASCADE drops columns of its types with their data.`,
    `3. In one transaction, in a maintenance window: DROP EXTENSION ${ident(
      ext.name,
    )} CASCADE; CREATE SCHEMA IF NOT EXISTS ${ident(
      EXTENSIONS_SCHEMA,
    )}; CREATE EXTENSION ${ident(ext.name)} WITH SCHEMA ${ident(
      EXTENSIONS_SCHEMA,
    )} VERSION ${literal(ext.installedVersion)}; GRANT USAGE ON SCHEMA ${ident(
      EXTENSIONS_SCHEMA,
    )} TO the API roles; then re-create the dependents and restore their data.`,
    repin.length
      ? `4. Add ${EXTENSIONS_SCHEMA} to the pinned search_path of the functions that reach it unqualified: ${repin
          .map(
            r =>
              `ALTER ${routineKeyword(r.fn)} ${routineSignature(
                r.fn,
              )} SET search_path = ${formatSearchPath(r.after)};`,
          )
          .join(' ')}`
      : `4. Functions and code that name ${ext.schema}.<object> of the extension explicitly must name ${EXTENSIONS_SCHEMA}.<object> instead.`,
    `Or accept the finding (an exclusion with the reason) if the extension's objects being reachable in ${ext.schema} is acceptable.`,
  ];
  return {
    lint: finding.name,
    findingKey: finding.cache_key,
    title: `Move extension ${ext.name} from ${ext.schema} to ${EXTENSIONS_SCHEMA} (manual: not relocatable)`,
    steps: [],
    manual: {
      reason: `Extension ${ext.name} is not relocatable: ALTER EXTENSION ... SET SCHEMA fails for it, and dropping it drops what depends on it.`,
      instructions: lines.join('\n\n'),
    },
  };
}

/**
 * extension_in_public, extension_in_exposed_schema: move the extension to the
 * `extensions` schema and keep working what used it.
 */
export const moveExtensionBuilder: PatchBuilder = {
  lints: ['extension_in_public', 'extension_in_exposed_schema'],
  build(finding, { inventory }): PatchDraft {
    const ext = findingExtension(finding, inventory);
    if (!ext.relocatable) return manualPlan(ext, finding, inventory);
    const [createSchemaSql, grantUsageSql, repinSql, moveSql] =
      templateStatements('move_extensions', MOVE_KEYS, 4);
    const schema = ident(EXTENSIONS_SCHEMA);
    const roleNames = new Set(inventory.roles.map(r => r.name));
    const roles = API_ROLES.filter(r => roleNames.has(r));
    const repin = functionsToRepin(ext, inventory);
    const touched = repin.map(r => routineSignature(r.fn));
    const reachable = callersSearchExtensions(inventory);
    const step = (
      fields: Pick<PatchStep, 'id' | 'sql' | 'rationale'> & Partial<PatchStep>,
    ): PatchStep => ({
      risk: 'safe',
      transactional: true,
      resolves: [],
      tables: [],
      functions: [],
      ...fields,
    });
    const steps: PatchStep[] = [
      step({
        id: `create-schema:${EXTENSIONS_SCHEMA}`,
        sql: createSchemaSql({ schema }),
        rationale: `The ${EXTENSIONS_SCHEMA} schema holds extensions apart from the application's objects and from the API (created only if missing).`,
      }),
    ];
    if (roles.length)
      steps.push(
        step({
          id: `grant-usage:${EXTENSIONS_SCHEMA}`,
          sql: grantUsageSql({ schema, roles: roles.map(ident).join(', ') }),
          rationale: `${roles.join(
            ', ',
          )} keep reaching the extension's types and functions (as they could in ${
            ext.schema
          }); USAGE lets them resolve names in the schema, not create anything. Other roles that used it need the same grant.`,
        }),
      );
    for (const r of repin)
      steps.push(
        step({
          id: `repin-search-path:${display(r.fn)}`,
          sql: repinSql({
            kind: routineKeyword(r.fn),
            routine: routineReference(r.fn, inventory),
            search_path: formatSearchPath(r.after),
          }),
          rationale: `${display(r.fn)} pins search_path = ${formatSearchPath(
            r.before,
          )} and finds ${ext.name} in ${
            ext.schema
          } unqualified. With ${EXTENSIONS_SCHEMA} added right after ${
            r.anchor
          } (the first schema on it that extensions are moved from) it keeps finding it after the move, where it found it before.`,
          functions: [routineSignature(r.fn)],
        }),
      );
    steps.push(
      step({
        id: `move-extension:${ext.name}`,
        sql: moveSql({ extension: ident(ext.name), schema }),
        rationale: `Moves ${ext.name} out of ${ext.schema} (${
          ext.schema === 'public' ? 'public' : 'exposed through the API'
        }). Column types and defaults, indexes, views and BEGIN ATOMIC functions keep working (PostgreSQL references its objects by OID); functions with a pinned search_path were updated above. Unqualified references to its functions, types and operators in queries and unpinned functions now resolve only for callers with ${EXTENSIONS_SCHEMA} on their search_path${
          reachable
            ? ` (Supabase's database default and its API path have it)`
            : `, and this database's callers presumably do not have it: re-resolved, an operator can fall back to another one (citext = becomes text =, case-sensitive) or a call fail. Add ${EXTENSIONS_SCHEMA} to the search_path of the database or roles (ALTER DATABASE ... SET search_path) before applying`
        }. Code naming ${
          ext.schema
        }.<object> explicitly must be changed by hand.`,
        risk: reachable ? 'safe' : 'behaviour-change',
        resolves: [finding.cache_key],
        functions: touched,
      }),
    );
    return {
      lint: finding.name,
      findingKey: finding.cache_key,
      title: `Move extension ${ext.name} from ${ext.schema} to ${EXTENSIONS_SCHEMA}`,
      steps,
      manual: null,
    };
  },
};
