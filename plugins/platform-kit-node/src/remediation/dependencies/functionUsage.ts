import {
  DbFunction,
  Dependant,
  Inventory,
  PatchDependant,
} from '@platform-kit/plugin-platform-kit-common';
import { AppCallers, AppCallSite } from '../appCallers/types';
import { API_ROLES, inventoryIndex } from '../builders/common';
import { describeDependant } from './describe';

/** The API roles that can reach a dependant, and how. */
export interface FunctionUse {
  /** The object that uses the function (null for a call in the application's source). */
  dependant: Dependant | null;
  kind: PatchDependant['kind'];
  description: string;
  /** API roles that use the function through it (PostgreSQL checks EXECUTE as them). */
  roles: string[];
  location?: string;
  /** The relation to exercise as those roles (a policy's table, a view, a default's table). */
  relation?: { schema: string; name: string };
  /** Statements that exercise it: SELECT, INSERT, UPDATE, DELETE. */
  commands: string[];
}

export interface FunctionUsage {
  /** False when the scan predates dependency analysis (`inventory.dependants` is null). */
  known: boolean;
  uses: FunctionUse[];
  /** Routines that call it by name in their body: moving it to another schema breaks them. */
  callersByName: Dependant[];
  /** Calls in the application's source through the Data API (`/rest/v1/rpc/<name>`). */
  appCalls: AppCallSite[];
}

const COMMAND_PRIVILEGE: Record<string, string[]> = {
  ALL: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  SELECT: ['SELECT'],
  INSERT: ['INSERT'],
  UPDATE: ['UPDATE'],
  DELETE: ['DELETE'],
};

const sameFunction = (d: Dependant, fn: DbFunction) =>
  d.on.kind === 'function' &&
  d.on.schema === fn.schema &&
  d.on.name === fn.name &&
  d.on.identityArguments === fn.identityArguments;

/**
 * The API roles a relation's privileges let use a command. Relations outside
 * the inventory (managed schemas such as `storage`) are assumed reachable: the
 * policy's own roles decide.
 */
function rolesWith(
  inventory: Inventory,
  schema: string,
  table: string,
  privileges: string[],
): string[] {
  const index = inventoryIndex(inventory);
  if (!index.relation(schema, table)) return [...API_ROLES];
  return API_ROLES.filter(role => {
    const held = index.privilegesOf(schema, table, role);
    return privileges.some(p => held.has(p));
  });
}

function policyRoles(roles: string[]): string[] {
  return roles.includes('public')
    ? [...API_ROLES]
    : API_ROLES.filter(r => roles.includes(r));
}

/** The API roles that can execute a routine today (grants to them or to PUBLIC). */
function executors(
  inventory: Inventory,
  schema: string,
  name: string,
  args: string | null,
) {
  const grants = inventory.privileges.functions.filter(
    p => p.schema === schema && p.name === name && p.identityArguments === args,
  );
  if (grants.some(g => g.grantee === 'PUBLIC')) return [...API_ROLES];
  return API_ROLES.filter(r => grants.some(g => g.grantee === r));
}

/**
 * Everything that uses `fn` and as which API roles, from the scan's
 * dependants and the application's callers. Routine callers are followed one
 * level: an invoker routine calls `fn` as whoever calls it (its executors, or
 * the writers of the tables whose triggers run it); a definer routine calls it
 * as its owner, which a revoke from API roles does not touch.
 */
export function functionUsage(
  inventory: Inventory,
  fn: DbFunction,
  appCallers?: AppCallers,
): FunctionUsage {
  const appCalls = appCallers?.rpc[fn.name] ?? [];
  if (!inventory.dependants)
    return { known: false, uses: [], callersByName: [], appCalls };
  const all = inventory.dependants;
  const direct = all.filter(d => sameFunction(d, fn));
  const uses: FunctionUse[] = [];
  for (const d of direct) {
    const description = describeDependant(d);
    switch (d.kind) {
      case 'policy': {
        const commands = COMMAND_PRIVILEGE[d.command ?? 'ALL'] ?? [];
        const roles = policyRoles(d.roles).filter(r =>
          rolesWith(inventory, d.schema, d.table!, commands).includes(r),
        );
        uses.push({
          dependant: d,
          kind: 'policy',
          description,
          roles,
          relation: { schema: d.schema, name: d.table! },
          commands,
        });
        break;
      }
      case 'view':
      case 'materialized_view':
        uses.push({
          dependant: d,
          kind: d.kind,
          description,
          // A materialised view runs the function when refreshed (as its owner), not when read.
          roles:
            d.kind === 'view'
              ? rolesWith(inventory, d.schema, d.name, ['SELECT'])
              : [],
          relation: { schema: d.schema, name: d.name },
          commands: d.kind === 'view' ? ['SELECT'] : [],
        });
        break;
      case 'column_default':
      case 'generated_column': {
        const commands =
          d.kind === 'column_default' ? ['INSERT'] : ['INSERT', 'UPDATE'];
        uses.push({
          dependant: d,
          kind: d.kind,
          description,
          roles: rolesWith(inventory, d.schema, d.table!, commands),
          relation: { schema: d.schema, name: d.table! },
          commands: d.kind === 'column_default' ? ['INSERT'] : [],
        });
        break;
      }
      case 'check_constraint':
        // Checked on every row written; EXPLAIN does not prepare constraints, so no probe can see it.
        uses.push({
          dependant: d,
          kind: 'check_constraint',
          description,
          roles: rolesWith(inventory, d.schema, d.table!, ['INSERT', 'UPDATE']),
          relation: { schema: d.schema, name: d.table! },
          commands: [],
        });
        break;
      case 'trigger':
        // PostgreSQL checks EXECUTE on a trigger's function when the trigger is created, not when it fires.
        uses.push({
          dependant: d,
          kind: 'trigger',
          description,
          roles: [],
          commands: [],
        });
        break;
      case 'routine': {
        const caller = inventory.functions.find(
          f =>
            f.schema === d.schema &&
            f.name === d.name &&
            f.identityArguments === d.identityArguments,
        );
        let roles: string[] = [];
        if (!caller || !caller.securityDefiner) {
          roles = executors(inventory, d.schema, d.name, d.identityArguments);
          // A trigger function runs as whoever writes to the tables it is attached to.
          for (const t of all.filter(
            x =>
              x.kind === 'trigger' &&
              x.on.kind === 'function' &&
              x.on.schema === d.schema &&
              x.on.name === d.name &&
              x.on.identityArguments === d.identityArguments,
          ))
            roles.push(
              ...rolesWith(inventory, t.schema, t.table!, [
                'INSERT',
                'UPDATE',
                'DELETE',
              ]),
            );
        }
        uses.push({
          dependant: d,
          kind: 'routine',
          description,
          roles: [...new Set(roles)].sort(),
          commands: [],
        });
        break;
      }
      default:
        break;
    }
  }
  for (const site of appCalls)
    uses.push({
      dependant: null,
      kind: 'app_call',
      description: `the application calls /rest/v1/rpc/${fn.name} at ${site.path}:${site.line}`,
      // The source does not say whether the caller is signed in.
      roles: API_ROLES.filter(r => inventoryIndex(inventory).canExecute(fn, r)),
      location: `${site.path}:${site.line}`,
      commands: [],
    });
  return {
    known: true,
    uses,
    callersByName: direct.filter(
      d => d.kind === 'routine' && d.source === 'body',
    ),
    appCalls,
  };
}
