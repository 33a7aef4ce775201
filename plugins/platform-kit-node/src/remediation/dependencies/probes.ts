import {
  DbFunction,
  Inventory,
  PatchProbe,
} from '@platform-kit/plugin-platform-kit-common';
import { display, inventoryIndex, printable } from '../builders/common';
import { ident, literal, qualified } from '../sql';

/**
 * Behaviour checks, run by the apply as an API role before and after a
 * patch's steps. They are `EXPLAIN`s: PostgreSQL checks every privilege the
 * statement needs (tables, columns, and EXECUTE on each function its policies,
 * defaults and views call) when it starts the executor, but EXPLAIN neither
 * reads nor writes a row, fires no trigger and changes nothing.
 */

const STATEMENT: Record<string, (table: string, column: string) => string> = {
  SELECT: table => `SELECT * FROM ${table}`,
  INSERT: table => `INSERT INTO ${table} DEFAULT VALUES`,
  UPDATE: (table, column) => `UPDATE ${table} SET ${column} = ${column}`,
  DELETE: table => `DELETE FROM ${table}`,
};

/** Probes of a relation: each command as each role. */
export function relationProbes(
  inventory: Inventory,
  relation: { schema: string; name: string },
  commands: string[],
  roles: string[],
  why: string,
): PatchProbe[] {
  const index = inventoryIndex(inventory);
  const kind = index.relation(relation.schema, relation.name)?.kind;
  const isView = kind === 'view' || kind === 'materialized_view';
  const column = index
    .columnsOf(relation.schema, relation.name)
    .sort((a, b) => a.position - b.position)[0];
  const table = qualified(relation.schema, relation.name);
  const probes: PatchProbe[] = [];
  for (const command of commands) {
    if (isView && command !== 'SELECT') continue;
    if (command === 'UPDATE' && !column) continue;
    for (const role of roles)
      probes.push({
        id: `${command.toLowerCase()}:${display(
          relation.schema,
          relation.name,
        )}:${role}`,
        description: printable(
          `${command} on ${display(
            relation.schema,
            relation.name,
          )} as ${role} (${why})`,
        ),
        role,
        sql: `EXPLAIN (COSTS OFF) ${STATEMENT[command](
          table,
          column ? ident(column.name) : '',
        )}`,
      });
  }
  return probes;
}

/**
 * `"schema"."name"(types)` for `has_function_privilege`; null when the scan
 * did not capture the argument types (an older scan).
 */
export function routineTypesSignature(fn: DbFunction): string | null {
  if (fn.argumentTypes === null) return null;
  return `${qualified(fn.schema, fn.name)}(${fn.argumentTypes})`;
}

/** A probe that fails (42501) when `role` can no longer execute the routine. */
export function executeProbe(
  fn: DbFunction,
  role: string,
  why: string,
): PatchProbe | null {
  const signature = routineTypesSignature(fn);
  if (!signature) return null;
  const name = `${display(fn.schema, fn.name)}(${fn.identityArguments})`;
  return {
    id: `execute:${name}:${role}`,
    description: printable(`${role} can still execute ${name} (${why})`),
    role,
    sql: `DO $platform_kit_probe$ BEGIN IF NOT pg_catalog.has_function_privilege(${literal(
      signature,
    )}, 'EXECUTE') THEN RAISE EXCEPTION 'permission denied for function %', ${literal(
      name,
    )} USING ERRCODE = '42501'; END IF; END $platform_kit_probe$`,
  };
}

/** The same probe once (by id), in order. */
export function uniqueProbes(probes: PatchProbe[]): PatchProbe[] {
  const seen = new Map<string, PatchProbe>();
  for (const p of probes) if (!seen.has(p.id)) seen.set(p.id, p);
  return [...seen.values()];
}
