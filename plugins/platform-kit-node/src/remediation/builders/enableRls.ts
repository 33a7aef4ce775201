import {
  Column,
  Inventory,
  PatchDependant,
  PatchStep,
  Policy,
} from '@platform-kit/plugin-platform-kit-common';
import { AppCallers } from '../appCallers/types';
import { relationProbes, uniqueProbes } from '../dependencies/probes';
import { ident, literal, qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  API_ROLES,
  display,
  findingObject,
  inventoryIndex,
  listing,
  manualPatch,
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

/** An existing permissive policy already lets `role` run the command. */
function covered(
  policies: Policy[],
  command: SkeletonCommand,
  role = 'authenticated',
): boolean {
  return policies.some(
    p =>
      p.permissive &&
      (p.command === 'ALL' || p.command === command) &&
      appliesTo(p, role),
  );
}

/** A role and a command it holds the privilege for on the table. */
interface Access {
  role: string;
  command: SkeletonCommand;
}

/** What the API roles may do on the table today: every (role, command) their grants allow. */
function accessToday(
  inventory: Inventory,
  schema: string,
  table: string,
): Access[] {
  const index = inventoryIndex(inventory);
  return presentRoles(inventory, API_ROLES).flatMap(role => {
    const held = index.privilegesOf(schema, table, role);
    return SKELETON_COMMANDS.filter(c => held.has(c)).map(command => ({
      role,
      command,
    }));
  });
}

const describeAccess = (access: Access[]) =>
  API_ROLES.map(role => {
    const commands = access.filter(a => a.role === role).map(a => a.command);
    return commands.length ? `${role} ${commands.join(', ')}` : null;
  })
    .filter((x): x is string => x !== null)
    .join('; ');

/** The name of a policy that keeps a role's access as it is today (marked for review). */
export function keepPolicyName(command: SkeletonCommand, role: string): string {
  return `platform_kit_keep_${command.toLowerCase()}_${role}`;
}

const KEEP_CLAUSES: Record<SkeletonCommand, string> = {
  SELECT: 'USING (true)',
  INSERT: 'WITH CHECK (true)',
  UPDATE: 'USING (true) WITH CHECK (true)',
  DELETE: 'USING (true)',
};

/** Skeleton SQL a person reviews: RLS with policies that keep today's access. */
function skeletonInstructions(
  tableSql: string,
  uncovered: Access[],
  ownerColumnName: string | undefined,
): string {
  const lines = uncovered.map(({ role, command }) => {
    const owned =
      ownerColumnName && role === 'authenticated'
        ? ownerClauses(command, ownerColumnName)
        : null;
    const clauses = owned ?? KEEP_CLAUSES[command];
    return `CREATE POLICY ${ident(
      keepPolicyName(command, role),
    )} ON ${tableSql} FOR ${command} TO ${ident(
      role,
    )} ${clauses}; -- review: narrow it to the rows ${role} should reach`;
  });
  return `Write the policies that say which rows each role may reach, then enable RLS in the same transaction. A starting point generated from today's grants (it keeps today's access; review every line):\n${lines.join(
    '\n',
  )}\nALTER TABLE ${tableSql} ENABLE ROW LEVEL SECURITY;`;
}

/** The table's dependants for people: grants, existing policies, views over it, publications. */
function tableDependants(
  inventory: Inventory,
  schema: string,
  table: string,
  access: Access[],
  appCallers: AppCallers | undefined,
): PatchDependant[] {
  const index = inventoryIndex(inventory);
  const out: PatchDependant[] = [];
  for (const role of API_ROLES) {
    const commands = access.filter(a => a.role === role).map(a => a.command);
    if (!commands.length) continue;
    out.push({
      kind: 'table_grant',
      description: `${role} holds ${commands.join(', ')} on ${display(
        schema,
        table,
      )}`,
      roles: [role],
      effect: 'kept',
    });
  }
  for (const p of index.policiesOf(schema, table))
    out.push({
      kind: 'policy',
      description: `policy "${p.name}" (${p.command} to ${p.roles.join(
        ', ',
      )}) takes effect`,
      roles: p.roles.includes('public')
        ? [...API_ROLES]
        : p.roles.filter(r => (API_ROLES as readonly string[]).includes(r)),
      effect: 'kept',
    });
  for (const v of inventory.viewDependencies.filter(
    d => d.referencedSchema === schema && d.referencedName === table,
  ))
    out.push({
      kind: 'view',
      description: `view ${display(
        v.schema,
        v.name,
      )} reads it (a security_invoker view then shows each caller only the rows the policies give them)`,
      roles: [],
      effect: 'kept',
    });
  for (const d of (inventory.dependants ?? []).filter(
    x =>
      x.kind === 'publication' &&
      x.on.kind === 'table' &&
      x.on.schema === schema &&
      x.on.name === table,
  ))
    out.push({
      kind: 'publication',
      description: `publication "${d.name}" sends its changes (Supabase Realtime then delivers to each subscriber only the rows the policies give them)`,
      roles: [],
      effect: 'kept',
    });
  for (const site of appCallers?.tables[table] ?? [])
    out.push({
      kind: 'app_call',
      description: `the application reads or writes ${display(
        schema,
        table,
      )} through the Data API (.from('${table}'))`,
      roles: [],
      effect: 'kept',
      location: `${site.path}:${site.line}`,
    });
  return out;
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
    const access = accessToday(inventory, schema, name);
    const dependants = tableDependants(
      inventory,
      schema,
      name,
      access,
      context.appCallers,
    );

    const column = presentRoles(inventory, ['authenticated']).length
      ? ownerColumn(index.columnsOf(schema, name))
      : undefined;
    const uncovered = access.filter(a => !covered(policies, a.command, a.role));
    // Opt-in skeletons: owner policies for authenticated, and a kept SELECT (USING (true) on reads is not a finding).
    const owned =
      context.policySkeletons && column
        ? uncovered.filter(a => a.role === 'authenticated')
        : [];
    const keptReads = context.policySkeletons
      ? uncovered.filter(a => a.command === 'SELECT' && !owned.includes(a))
      : [];
    const left = uncovered.filter(
      a => !owned.includes(a) && !keptReads.includes(a),
    );
    const title = `Enable row level security on ${display(schema, name)}`;
    if (left.length)
      return {
        ...manualPatch(
          finding,
          title,
          `${describeAccess(left)} on it today and no policy lets ${
            new Set(left.map(a => a.role)).size > 1 ? 'them' : 'it'
          }: enabling RLS alone would silently hide every row from ${listing([
            ...new Set(left.map(a => a.role)),
          ])} (selects return nothing, writes are refused)`,
          skeletonInstructions(tableSql, uncovered, column?.name),
        ),
        dependants: dependants.map(d =>
          (d.kind === 'table_grant' &&
            left.some(a => d.roles.includes(a.role))) ||
          d.kind === 'app_call'
            ? { ...d, effect: 'blocks' as const }
            : d,
        ),
      };

    const skeleton = owned.length
      ? { column: column!.name, commands: owned.map(a => a.command) }
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
    for (const { role } of keptReads) {
      const policy = keepPolicyName('SELECT', role);
      const [drop, create, comment] = templateStatements('keep_read_policy', {
        policy: ident(policy),
        table: tableSql,
        role: ident(role),
        note: literal(
          'platform-kit: keeps the read access the grants gave before RLS; review: narrow USING to the rows this role should see',
        ),
      });
      const rationale = `Keeps ${role}'s reads of ${display(
        schema,
        name,
      )} as they are today (policy "${policy}", USING (true), commented for review): the grant let ${role} read every row, and enabling RLS without a policy would hide them all.`;
      for (const [i, sql] of [drop, create, comment].entries())
        steps.push(
          step({
            id: `keep-read-policy:${tableSql}:${role}:${i}`,
            sql,
            rationale,
            risk: 'behaviour-change',
            resolves,
            tables,
          }),
        );
    }
    const probes = uniqueProbes(
      API_ROLES.flatMap(role =>
        relationProbes(
          inventory,
          { schema, name },
          access.filter(a => a.role === role).map(a => a.command),
          [role],
          `${role} holds the privilege today`,
        ),
      ),
    );
    return {
      ...patch(
        finding,
        `${title}${skeleton?.commands.length ? ' with owner policies' : ''}${
          keptReads.length ? " keeping today's reads" : ''
        }`,
        steps,
      ),
      dependants,
      probes,
    };
  },
};
