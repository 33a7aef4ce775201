import {
  RemediationPlan,
  remediationPlanSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { errorMessages } from '../apply/pgErrors';
import { parseFunctionSignature, parseSqlName } from '../apply/names';
import { StepNeed, stepNeed } from './stepPrivileges';

type Problem = RemediationPlan['preflight'][number];

/** Up to five members of the extension `$1` whose owner the current role cannot act as. */
const EXTENSION_MEMBERS_NOT_OWNED_SQL = `
SELECT pg_catalog.pg_describe_object(m.classid, m.objid, 0) AS member, pg_catalog.pg_get_userbyid(m.owner) AS owner
  FROM (SELECT d.classid, d.objid,
               CASE d.classid
                 WHEN 'pg_catalog.pg_proc'::regclass THEN (SELECT p.proowner FROM pg_catalog.pg_proc p WHERE p.oid = d.objid)
                 WHEN 'pg_catalog.pg_type'::regclass THEN (SELECT t.typowner FROM pg_catalog.pg_type t WHERE t.oid = d.objid)
                 WHEN 'pg_catalog.pg_class'::regclass THEN (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = d.objid)
                 WHEN 'pg_catalog.pg_operator'::regclass THEN (SELECT o.oprowner FROM pg_catalog.pg_operator o WHERE o.oid = d.objid)
                 WHEN 'pg_catalog.pg_opclass'::regclass THEN (SELECT o.opcowner FROM pg_catalog.pg_opclass o WHERE o.oid = d.objid)
                 WHEN 'pg_catalog.pg_opfamily'::regclass THEN (SELECT o.opfowner FROM pg_catalog.pg_opfamily o WHERE o.oid = d.objid)
                 WHEN 'pg_catalog.pg_collation'::regclass THEN (SELECT o.collowner FROM pg_catalog.pg_collation o WHERE o.oid = d.objid)
                 WHEN 'pg_catalog.pg_ts_dict'::regclass THEN (SELECT o.dictowner FROM pg_catalog.pg_ts_dict o WHERE o.oid = d.objid)
                 WHEN 'pg_catalog.pg_ts_config'::regclass THEN (SELECT o.cfgowner FROM pg_catalog.pg_ts_config o WHERE o.oid = d.objid)
               END AS owner
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
         WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e' AND e.extname = $1) m
 WHERE m.owner IS NOT NULL AND NOT pg_catalog.pg_has_role(current_user, m.owner, 'USAGE')
 ORDER BY 1
 LIMIT 5`;

interface Checker {
  superuser: boolean;
  check(need: StepNeed): Promise<string | null>;
}

/** Answers, as the connected role, whether it may run what a step needs. */
async function checker(client: Client): Promise<Checker> {
  const { rows } = await client.query<{ superuser: boolean; role: string }>(
    `SELECT r.rolsuper AS superuser, current_user AS role
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`,
  );
  const { superuser, role } = rows[0];
  // Signatures are matched as the scan printed them: under an empty search_path (the caller's transaction).
  await client.query(`SELECT pg_catalog.set_config('search_path', '', true)`);
  const owns = async (sql: string, params: unknown[]) => {
    const result = await client.query<{ owner: string; ok: boolean }>(
      sql,
      params,
    );
    return result.rows[0];
  };
  return {
    superuser,
    async check(need) {
      if (superuser) return null;
      switch (need.kind) {
        case 'create-schema': {
          const { rows: r } = await client.query<{ ok: boolean }>(
            `SELECT pg_catalog.has_database_privilege(current_database(), 'CREATE') AS ok`,
          );
          return r[0].ok
            ? null
            : `${role} may not create schemas in this database (needs CREATE on it)`;
        }
        case 'relation-owner': {
          const parts = parseSqlName(need.relation);
          const row = await owns(
            `SELECT pg_catalog.pg_get_userbyid(c.relowner) AS owner,
                    pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE') AS ok
               FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relname = $2`,
            parts.length === 2 ? parts : ['public', parts[0]],
          );
          if (!row) return null;
          return row.ok
            ? null
            : `${need.relation} is owned by ${row.owner}; ${role} is not that role nor a member of it`;
        }
        case 'routine-owner': {
          const sig = parseFunctionSignature(need.signature);
          const row = await owns(
            `SELECT pg_catalog.pg_get_userbyid(p.proowner) AS owner,
                    pg_catalog.pg_has_role(current_user, p.proowner, 'USAGE') AS ok
               FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = $1 AND p.proname = $2
                AND $3 IN (pg_catalog.regexp_replace(pg_catalog.pg_get_function_identity_arguments(p.oid), '\\s+', ' ', 'g'),
                           pg_catalog.regexp_replace(pg_catalog.oidvectortypes(p.proargtypes), '\\s+', ' ', 'g'))`,
            [sig.schema, sig.name, sig.args],
          );
          if (!row) return null;
          return row.ok
            ? null
            : `${need.signature} is owned by ${row.owner}; ${role} is not that role nor a member of it`;
        }
        case 'extension-owner': {
          const name = parseSqlName(need.extension)[0];
          const { rows: r } = await client.query<{
            owner: string;
            ok: boolean;
            text_search: boolean;
          }>(
            `SELECT pg_catalog.pg_get_userbyid(e.extowner) AS owner,
                    pg_catalog.pg_has_role(current_user, e.extowner, 'USAGE') AS ok,
                    EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                             WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.refobjid = e.oid
                               AND d.deptype = 'e'
                               AND d.classid IN ('pg_catalog.pg_ts_template'::regclass, 'pg_catalog.pg_ts_parser'::regclass)) AS text_search
               FROM pg_catalog.pg_extension e WHERE e.extname = $1`,
            [name],
          );
          const row = r[0];
          if (!row) return null;
          if (need.setSchema && row.text_search)
            return `extension ${name} has text search templates or parsers: moving them to another schema needs a superuser, and ${role} is not one`;
          if (!row.ok)
            return `extension ${name} is owned by ${row.owner}; ${role} is not that role nor a member of it`;
          if (!need.setSchema) return null;
          // SET SCHEMA moves every member: each needs its owner (a trusted extension's are the bootstrap superuser's).
          const { rows: foreign } = await client.query<{
            member: string;
            owner: string;
          }>(EXTENSION_MEMBERS_NOT_OWNED_SQL, [name]);
          return foreign.length
            ? `moving extension ${name} moves objects ${role} does not own: ${foreign
                .map(f => `${f.member} (owned by ${f.owner})`)
                .join(', ')}${foreign.length === 5 ? ', …' : ''}`
            : null;
        }
        default:
          return null;
      }
    },
  };
}

/** The problems of a plan's steps for the role connected on `client`. */
export async function checkPlanPrivileges(
  client: Client,
  plan: RemediationPlan,
): Promise<Problem[]> {
  const who = await checker(client);
  const problems: Problem[] = [];
  if (who.superuser) return problems;
  for (const patch of plan.patches)
    for (const step of patch.steps) {
      const need = stepNeed(step);
      if (!need) continue;
      const problem = await who.check(need);
      if (problem)
        problems.push({
          findingKey: patch.findingKey,
          stepId: step.id,
          problem,
        });
    }
  return problems;
}

/**
 * The plan with its pre-flight filled in: for every step, whether the role
 * of `connectionString` has the privileges it needs (read-only; nothing is
 * changed). The apply leaves findings with a problem out and says why.
 * Errors never contain the connection string or its password.
 *
 * @public
 */
export async function preflightPlan(
  connectionString: string,
  plan: RemediationPlan,
): Promise<RemediationPlan> {
  const parsed = remediationPlanSchema.parse(plan);
  const message = errorMessages(connectionString);
  const client = new Client({
    connectionString,
    application_name: 'platform-kit-preflight',
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN READ ONLY');
    const preflight = await checkPlanPrivileges(client, parsed);
    await client.query('ROLLBACK');
    return { ...parsed, preflight };
  } catch (error) {
    throw new Error(`the pre-flight check could not run: ${message(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
