import {
  Column,
  Inventory,
  PatchStep,
  Policy,
} from '@platform-kit/plugin-platform-kit-common';
import { ident, qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  API_ROLES,
  display,
  findingObject,
  inventoryIndex,
  listing,
  patch,
  presentRoles,
  requireRelation,
  step,
  templateStatement,
  templateStatements,
} from './common';

/** Columns that usually hold the id (auth.uid()) of the user who owns the row, in order of preference. */
export const OWNER_COLUMNS = ['user_id', 'owner_id', 'created_by'];

const SKELETON_COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
type SkeletonCommand = (typeof SKELETON_COMMANDS)[number];

/** The name of the owner policy skeleton for a command (Platform Kit's, so re-runs replace it). */
export function ownerPolicyName(command: SkeletonCommand): string {
  return `platform_kit_owner_${command.toLowerCase()}`;
}

export function ownerColumn(columns: Column[]): Column | undefined {
  for (const name of OWNER_COLUMNS) {
    const column = columns.find(
      c => c.name === name && c.type.toLowerCase() === 'uuid',
    );
    if (column) return column;
  }
  return undefined;
}

function appliesTo(policy: Policy, role: string): boolean {
  return policy.roles.includes('public') || policy.roles.includes(role);
}

function describePolicy(p: Policy): string {
  const roles = p.roles.join(', ');
  return `"${p.name}" (${p.permissive ? '' : 'restrictive, '}${
    p.command === 'ALL' ? 'all commands' : p.command
  } to ${roles})`;
}

/** An existing permissive policy already lets authenticated run the command. */
function covered(policies: Policy[], command: SkeletonCommand): boolean {
  return policies.some(
    p =>
      p.permissive &&
      (p.command === 'ALL' || p.command === command) &&
      appliesTo(p, 'authenticated'),
  );
}

function ownerClauses(command: SkeletonCommand, column: string): string {
  const owns = `(select auth.uid()) = ${ident(column)}`;
  switch (command) {
    case 'INSERT':
      return `WITH CHECK (${owns})`;
    case 'UPDATE':
      return `USING (${owns}) WITH CHECK (${owns})`;
    default:
      return `USING (${owns})`;
  }
}

function privilegesText(
  inventory: Inventory,
  schema: string,
  table: string,
): string {
  const index = inventoryIndex(inventory);
  const held = API_ROLES.map(role => {
    const privileges = [...index.privilegesOf(schema, table, role)].sort();
    return privileges.length ? `${role} ${privileges.join(', ')}` : null;
  }).filter((s): s is string => s !== null);
  return held.length
    ? ` (today's grants: ${held.join('; ')})`
    : ' (neither holds privileges on it today)';
}

function enableRationale(
  inventory: Inventory,
  schema: string,
  table: string,
  skeleton: { column: string; commands: SkeletonCommand[] } | null,
): string {
  const policies = inventoryIndex(inventory).policiesOf(schema, table);
  const who = `anon and authenticated${privilegesText(
    inventory,
    schema,
    table,
  )}`;
  let loss: string;
  if (policies.length === 0) {
    loss = `${who} lose access to every row: the table has no policies, so the API roles see nothing (selects return no rows, inserts are rejected, updates and deletes change nothing)`;
  } else {
    const api = policies.some(
      p => appliesTo(p, 'anon') || appliesTo(p, 'authenticated'),
    );
    loss = `${who} lose access to every row except through the table's existing policies: ${policies
      .map(describePolicy)
      .join(', ')}${
      api
        ? ''
        : '; none of them applies to anon or authenticated, so the API roles see nothing'
    }`;
  }
  const kept = skeleton?.commands.length
    ? `, except that the owner policies added with it let signed-in users ${listing(
        skeleton.commands,
      )} the rows whose ${skeleton.column} is their auth.uid()`
    : '';
  return `Enables row level security on ${display(
    schema,
    table,
  )}. ${loss}${kept}. The table owner and roles with BYPASSRLS (service_role) are not affected.`;
}

export const enableRlsBuilder: PatchBuilder = {
  lints: [
    'policy_exists_rls_disabled',
    'rls_disabled_in_public',
    'sensitive_columns_exposed',
  ],
  build(finding, context) {
    const { inventory } = context;
    const { schema, name } = findingObject(finding);
    requireRelation(inventory, schema, name, ['table', 'partitioned_table']);
    const index = inventoryIndex(inventory);
    const tableSql = qualified(schema, name);
    const policies = index.policiesOf(schema, name);

    const column =
      context.policySkeletons &&
      presentRoles(inventory, ['authenticated']).length
        ? ownerColumn(index.columnsOf(schema, name))
        : undefined;
    const skeleton = column
      ? {
          column: column.name,
          commands: SKELETON_COMMANDS.filter(c => !covered(policies, c)),
        }
      : null;

    const resolves = [finding.cache_key];
    const tables = [tableSql];
    const steps: PatchStep[] = [
      step({
        id: `enable-rls:${tableSql}`,
        sql: templateStatement('enable_rls', { table: tableSql }),
        rationale: enableRationale(inventory, schema, name, skeleton),
        risk: 'behaviour-change',
        resolves,
        tables,
      }),
    ];
    for (const command of skeleton?.commands ?? []) {
      const policy = ownerPolicyName(command);
      const [drop, create] = templateStatements('owner_policy', {
        policy: ident(policy),
        table: tableSql,
        command,
        clauses: ownerClauses(command, skeleton!.column),
      });
      const rationale = `Owner policy skeleton "${policy}": signed-in users (authenticated) may ${command} the rows of ${display(
        schema,
        name,
      )} whose ${
        skeleton!.column
      } equals their auth.uid(); anon gains nothing. Review it before applying: it assumes ${
        skeleton!.column
      } holds the id of the user who owns the row.`;
      steps.push(
        step({
          id: `owner-policy:${tableSql}:${command}:drop`,
          sql: drop,
          rationale: `${rationale} Dropped first (if an earlier run created it) so that the patch can run again.`,
          risk: 'behaviour-change',
          resolves,
          tables,
        }),
        step({
          id: `owner-policy:${tableSql}:${command}`,
          sql: create,
          rationale,
          risk: 'behaviour-change',
          resolves,
          tables,
        }),
      );
    }
    return patch(
      finding,
      `Enable row level security on ${display(schema, name)}${
        skeleton?.commands.length ? ' with owner policies' : ''
      }`,
      steps,
    );
  },
};
