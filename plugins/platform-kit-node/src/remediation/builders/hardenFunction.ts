import {
  DbFunction,
  Finding,
  Inventory,
} from '@platform-kit/plugin-platform-kit-common';
import { ident, literal, qualified } from '../sql';
import { renderTemplate } from '../templates';
import { PatchBuilder, PatchDraft } from '../types';
import { findingObject, metadataText } from './common';

/** Where Supabase keeps extensions, and where the extension lints move them. */
export const EXTENSIONS_SCHEMA = 'extensions';

/** PostgreSQL's own default search_path (`search_path` boot value). */
export const POSTGRES_DEFAULT_SEARCH_PATH = '"$user", public';

/**
 * The schemas of a search_path setting (`"$user", public, "we""ird"`), as
 * PostgreSQL splits it: quoted names keep their case and may hold commas and
 * doubled quotes, unquoted names are folded to lower case. An empty path
 * (`""` or `''`) has no schemas.
 */
export function parseSearchPath(value: string): string[] {
  const names: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < value.length && /\s/.test(value[i])) i++;
  };
  skipSpace();
  if (i === value.length) return names;
  for (;;) {
    skipSpace();
    let name = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length)
          throw new Error(`unterminated quoted name in search_path ${value}`);
        if (value[i] === '"') {
          if (value[i + 1] !== '"') break;
          i++;
        }
        name += value[i++];
      }
      i++;
    } else {
      while (i < value.length && value[i] !== ',' && !/\s/.test(value[i]))
        name += value[i++];
      if (!name) throw new Error(`empty name in search_path ${value}`);
      name = name.replace(/[A-Z]+/g, s => s.toLowerCase());
    }
    // `""` is how PostgreSQL shows an empty path: no schema.
    if (name) names.push(name);
    skipSpace();
    if (i === value.length) return names;
    if (value[i] !== ',')
      throw new Error(`unexpected ${value[i]} in search_path ${value}`);
    i++;
  }
}

/** A search_path value with every schema quoted. */
export function formatSearchPath(schemas: string[]): string {
  return schemas.map(ident).join(', ');
}

/** `"schema"."name"(identity arguments)`: one function or procedure, overloads told apart. */
export function routineSignature(fn: DbFunction): string {
  return `${qualified(fn.schema, fn.name)}(${fn.identityArguments})`;
}

/**
 * How a statement names a routine: by its signature, except when an argument
 * type is qualified with a schema that an extension lint may move extensions
 * out of in the same plan (after the move `public.citext` no longer resolves,
 * so a statement that runs after it would fail): then by its name alone,
 * which PostgreSQL accepts when it is unique in its schema (and refuses,
 * failing the plan safely, if an overload appeared since the scan).
 */
export function routineReference(fn: DbFunction, inventory: Inventory): string {
  const typesMayMove = relocationCandidates(inventory).some(
    e =>
      fn.identityArguments.includes(`${e.schema}.`) ||
      fn.identityArguments.includes(`${ident(e.schema)}.`),
  );
  const overloaded =
    inventory.functions.filter(
      f => f.schema === fn.schema && f.name === fn.name,
    ).length > 1;
  return typesMayMove && !overloaded
    ? qualified(fn.schema, fn.name)
    : routineSignature(fn);
}

/** The keyword ALTER / COMMENT ON take for a routine. */
export function routineKeyword(fn: DbFunction): 'FUNCTION' | 'PROCEDURE' {
  return fn.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION';
}

/**
 * The routine a finding names (schema, name, identity arguments: `''` for a
 * routine without arguments, which is not a missing value), or an error.
 */
export function findingFunction(
  finding: Finding,
  inventory: Inventory,
): DbFunction {
  const { schema, name } = findingObject(finding);
  const args = metadataText(finding, 'identity_arguments');
  const fn = inventory.functions.find(
    f => f.schema === schema && f.name === name && f.identityArguments === args,
  );
  if (!fn)
    throw new Error(
      `function ${schema}.${name}(${args}) is not in the inventory (dropped or changed since the scan?)`,
    );
  return fn;
}

/**
 * Extensions the extension lints would relocate to `extensions`: relocatable
 * ones in public or in another exposed schema.
 */
export function relocationCandidates(inventory: Inventory) {
  const exposed = new Set(inventory.exposedSchemas.schemas);
  return inventory.extensions.filter(
    e =>
      e.relocatable &&
      e.schema !== EXTENSIONS_SCHEMA &&
      (e.schema === 'public' || exposed.has(e.schema)),
  );
}

/**
 * The search_path callers use by default: the `search_path` the scan
 * recorded, unless it is empty (scans run with `SET LOCAL search_path = ''`,
 * so an empty value is the scan's own, never what callers use), else
 * PostgreSQL's default.
 */
export function callerSearchPath(inventory: Inventory): {
  schemas: string[];
  recorded: boolean;
} {
  const setting = inventory.server.settings.search_path;
  const recorded = setting === undefined ? [] : parseSearchPath(setting);
  return recorded.length
    ? { schemas: recorded, recorded: true }
    : {
        schemas: parseSearchPath(POSTGRES_DEFAULT_SEARCH_PATH),
        recorded: false,
      };
}

/**
 * Whether callers presumably find objects of the `extensions` schema
 * unqualified: it is on the recorded default path, or (the default being
 * unknown) extensions already live there, Supabase's layout, whose database
 * default and API (PostgREST extra) search_path both include it.
 */
export function callersSearchExtensions(inventory: Inventory): boolean {
  const caller = callerSearchPath(inventory);
  return caller.recorded
    ? caller.schemas.includes(EXTENSIONS_SCHEMA)
    : inventory.extensions.some(e => e.schema === EXTENSIONS_SCHEMA);
}

/** Schemas the inventory shows exist (user schemas and where its objects live). */
function knownSchemas(inventory: Inventory): Set<string> {
  return new Set([
    ...inventory.schemas.map(s => s.name),
    ...inventory.relations.map(r => r.schema),
    ...inventory.functions.map(f => f.schema),
    ...inventory.extensions.map(e => e.schema),
  ]);
}

export interface PinnedSearchPath {
  schemas: string[];
  /** Why each schema is there, for the rationale. */
  reasons: string[];
}

/**
 * The search_path to pin on a function so that it keeps resolving what it
 * resolves today, when it inherits its callers' path:
 *
 * - the function's own schema first when the API exposes it (PostgREST calls
 *   a function with its schema first on the path);
 * - the schemas of the callers' default path that exist, in order, without
 *   `"$user"` (a schema named after each calling role: not a fixed set);
 * - `extensions` when the default path is unknown and extensions live there
 *   (Supabase puts it on the database default and on PostgREST's extra search
 *   path), or when an extension on the path is one the extension lints move
 *   there (so that the move, in the same plan or later, does not break the
 *   function: the schema is then only searched for names not found before);
 * - `pg_catalog` explicitly first (where PostgreSQL searches it when the path
 *   does not name it: same resolution, visible in the setting), unless the
 *   default path places it itself;
 * - `pg_temp` explicitly last, as PostgreSQL's documentation advises for
 *   SECURITY DEFINER functions: a caller's temporary table can no longer
 *   shadow a table the function uses (by default pg_temp is searched first).
 *
 * It is never empty of user schemas: when none of the above exists, the
 * function's own schema is used.
 */
export function pinnedSearchPath(
  fn: DbFunction,
  inventory: Inventory,
): PinnedSearchPath {
  const known = knownSchemas(inventory);
  const exposed = inventory.exposedSchemas.schemas.includes(fn.schema);
  const caller = callerSearchPath(inventory);
  const schemas: string[] = [];
  const reasons: string[] = [];
  const add = (schema: string) => {
    if (!schemas.includes(schema)) schemas.push(schema);
  };
  if (exposed) {
    add(fn.schema);
    reasons.push(
      `${fn.schema} first: the API exposes it and calls the function with it first on the path`,
    );
  }
  const defaults = caller.schemas.filter(
    s =>
      s !== '$user' && s !== 'pg_temp' && (s === 'pg_catalog' || known.has(s)),
  );
  defaults.forEach(add);
  reasons.push(
    `${
      caller.recorded
        ? 'the database default search_path'
        : "PostgreSQL's default search_path (the scan records no other)"
    } ${formatSearchPath(
      caller.schemas,
    )} without "$user" and schemas that do not exist`,
  );
  if (!schemas.includes(EXTENSIONS_SCHEMA)) {
    const supabaseLayout =
      !caller.recorded && callersSearchExtensions(inventory);
    const moving = relocationCandidates(inventory).filter(e =>
      schemas.includes(e.schema),
    );
    if (supabaseLayout || moving.length) {
      add(EXTENSIONS_SCHEMA);
      reasons.push(
        supabaseLayout
          ? 'extensions, where the extensions live (Supabase keeps it on the default path and on the API path)'
          : `extensions, where the extension lints move ${moving
              .map(e => e.name)
              .join(', ')}: searched only for names not found before it`,
      );
    }
  }
  if (!schemas.some(s => s !== 'pg_catalog')) {
    add(fn.schema);
    reasons.push(
      `${fn.schema}, the function's own schema, so the path is not empty`,
    );
  }
  if (!schemas.includes('pg_catalog')) {
    schemas.unshift('pg_catalog');
    reasons.push(
      'pg_catalog explicitly first (where PostgreSQL searches it anyway)',
    );
  }
  schemas.push('pg_temp');
  reasons.push(
    "pg_temp explicitly last, so that a caller's temporary objects cannot shadow the ones the function uses",
  );
  return { schemas, reasons };
}

/**
 * The statements of a template, each to be filled with its own values: the
 * template is rendered with a token (a private-use character around the key)
 * for each placeholder and split at the `;` that ends a line, so that a
 * builder can emit one step a statement (and a statement several times with
 * different values). Values are put in after the split, in one pass, so
 * nothing in them (a `;`, a newline, anything) can split or be substituted.
 */
export function templateStatements(
  name: string,
  keys: readonly string[],
  count: number,
): ((values: Record<string, string>) => string)[] {
  const token = (key: string) => `\uE000${key}\uE000`;
  const text = renderTemplate(
    name,
    Object.fromEntries(keys.map(k => [k, token(k)])),
  );
  const statements = text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map(s => s.trim())
    .filter(Boolean);
  if (statements.length !== count)
    throw new Error(
      `template ${name}: expected ${count} statements, found ${statements.length}`,
    );
  return statements.map(
    statement => values =>
      statement.replace(/\uE000(\w+)\uE000/g, (_, key: string) => {
        if (!(key in values))
          throw new Error(`template ${name}: no value for {{${key}}}`);
        return values[key];
      }),
  );
}

const HARDEN_KEYS = ['kind', 'routine', 'search_path', 'comment'] as const;

/** function_search_path_mutable: pin the search_path its callers use today. */
export const hardenFunctionBuilder: PatchBuilder = {
  lints: ['function_search_path_mutable'],
  build(finding, { inventory }): PatchDraft {
    const fn = findingFunction(finding, inventory);
    if (fn.searchPath !== null)
      throw new Error(
        `${fn.schema}.${fn.name}(${fn.identityArguments}) already pins search_path=${fn.searchPath}`,
      );
    const path = pinnedSearchPath(fn, inventory);
    const kind = routineKeyword(fn);
    const routine = routineReference(fn, inventory);
    const searchPath = formatSearchPath(path.schemas);
    const what = kind === 'PROCEDURE' ? 'procedure' : 'function';
    const [alterRoutineSql, commentOnRoutineSql] = templateStatements(
      'harden_function',
      HARDEN_KEYS,
      2,
    );
    const values = {
      kind,
      routine,
      search_path: searchPath,
      comment: literal(
        `search_path pinned to ${searchPath} by Platform Kit (${finding.name}): without it the ${what} resolves unqualified names through its caller's search_path, which a caller can point at objects of its own. The pinned path is the one its callers resolved through before.`,
      ),
    };
    return {
      lint: finding.name,
      findingKey: finding.cache_key,
      title: `Pin the search_path of ${what} ${fn.schema}.${fn.name}(${fn.identityArguments})`,
      steps: [
        {
          id: `pin-search-path:${fn.schema}.${fn.name}(${fn.identityArguments})`,
          sql: alterRoutineSql(values),
          rationale: `Pins search_path = ${searchPath}: ${path.reasons.join(
            '; ',
          )}. Unqualified references resolve to the objects they resolve to for its callers today, and no longer through a path the caller chooses.`,
          risk: 'safe',
          transactional: true,
          resolves: [finding.cache_key],
          tables: [],
          functions: [routineSignature(fn)],
        },
        {
          id: `comment:${fn.schema}.${fn.name}(${fn.identityArguments})`,
          sql: commentOnRoutineSql(values),
          rationale: `Records on the ${what} why its search_path is pinned (the inventory has no comment of functions to keep: an existing comment is replaced).`,
          risk: 'safe',
          transactional: true,
          resolves: [],
          tables: [],
          functions: [],
        },
      ],
      manual: null,
    };
  },
};
