import { Client } from 'pg';
import { parseFunctionSignature } from './names';
import { isLockConflict } from './pgErrors';

/** A function that no longer resolves its objects (or no longer exists). */
export interface FunctionProblem {
  /** The function as the plan names it. */
  fn: string;
  /** What went wrong, from the server. */
  error: unknown;
}

/** Validators by language: the checks a function's language supports. */
const VALIDATORS: Record<string, string> = {
  // Parses and analyses every statement: unresolved tables, columns and functions fail.
  sql: 'pg_catalog.fmgr_sql_validator',
  // Compiles the body: syntax only, statements are planned when they run.
  plpgsql: 'pg_catalog.plpgsql_validator',
};

const SAVEPOINT = 'platform_kit_verify';

/**
 * The OIDs of the functions a plan names, resolved as the scan printed their
 * arguments: under an empty search_path, so that a type is written
 * schema-qualified (`public.contact`) whatever the session's path is. Run
 * before the steps: afterwards the function is checked by its OID, never by
 * re-parsed text. Missing functions map to null.
 */
export async function resolveFunctionOids(
  client: Client,
  functions: string[],
): Promise<Map<string, string | null>> {
  const oids = new Map<string, string | null>();
  if (!functions.length) return oids;
  await client.query(`SAVEPOINT ${SAVEPOINT}`);
  try {
    await client.query(`SELECT pg_catalog.set_config('search_path', '', true)`);
    for (const fn of functions) {
      const signature = parseFunctionSignature(fn);
      const { rows } = await client.query<{ oid: string }>(
        `SELECT p.oid
           FROM pg_catalog.pg_proc p
           JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = $1 AND p.proname = $2
            -- The arguments as pg_get_function_identity_arguments writes them, or their types only.
            AND $3 IN (pg_catalog.regexp_replace(pg_catalog.pg_get_function_identity_arguments(p.oid), '\\s+', ' ', 'g'),
                       pg_catalog.regexp_replace(pg_catalog.oidvectortypes(p.proargtypes), '\\s+', ' ', 'g'))`,
        [signature.schema, signature.name, signature.args],
      );
      oids.set(fn, rows[0]?.oid ?? null);
    }
  } finally {
    // Restores the session's search_path.
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  }
  return oids;
}

/**
 * Checks, inside the apply's transaction and before COMMIT, that functions
 * still resolve their objects under their (new) settings: a LANGUAGE sql
 * function's body is analysed with its own `search_path` (from `proconfig`,
 * or the session's when it pins none) by `fmgr_sql_validator`, which fails on
 * a table, column or function the path no longer reaches. Functions with
 * polymorphic arguments are only parsed by that validator (PostgreSQL cannot
 * analyse them without concrete types). plpgsql functions get
 * `plpgsql_validator`: a syntax check only, as plpgsql resolves names when a
 * statement first runs. Other languages are not checked (`skipped`).
 *
 * Functions are found by the OIDs `resolveFunctionOids` read before the
 * steps. Each is checked in a savepoint, rolled back after the check, so
 * that all problems are collected and the session's search_path is
 * restored. A lock conflict while checking is thrown as is.
 */
export async function verifyFunctions(
  client: Client,
  functions: string[],
  oids: Map<string, string | null>,
): Promise<{ problems: FunctionProblem[]; skipped: string[] }> {
  const problems: FunctionProblem[] = [];
  const skipped: string[] = [];
  for (const fn of functions) {
    const oid = oids.get(fn) ?? null;
    if (oid === null) {
      problems.push({ fn, error: new Error('the function does not exist') });
      continue;
    }
    await client.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      const { rows } = await client.query<{
        language: string;
        search_path: string | null;
      }>(
        `SELECT l.lanname AS language,
                (SELECT substr(c, length('search_path=') + 1)
                   FROM unnest(p.proconfig) AS c
                  WHERE c LIKE 'search\\_path=%') AS search_path
           FROM pg_catalog.pg_proc p
           JOIN pg_catalog.pg_language l ON l.oid = p.prolang
          WHERE p.oid = $1::oid`,
        [oid],
      );
      const found = rows[0];
      if (!found) {
        problems.push({
          fn,
          error: new Error('the function no longer exists'),
        });
      } else if (!VALIDATORS[found.language]) {
        skipped.push(fn);
      } else {
        if (found.search_path !== null)
          await client.query(
            `SELECT pg_catalog.set_config('search_path', $1, true)`,
            [found.search_path],
          );
        await client.query('SET LOCAL check_function_bodies = on');
        await client.query(`SELECT ${VALIDATORS[found.language]}($1::oid)`, [
          oid,
        ]);
      }
    } catch (error) {
      if (isLockConflict(error)) throw error;
      problems.push({ fn, error });
    }
    // Undoes this check's SET LOCALs (search_path, check_function_bodies).
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  }
  return { problems, skipped };
}
