import {
  DbFunction,
  Finding,
  Inventory,
  PatchDependant,
  PatchProbe,
} from '@platform-kit/plugin-platform-kit-common';
import { functionUsage, FunctionUse } from '../dependencies/functionUsage';
import {
  executeProbe,
  relationProbes,
  uniqueProbes,
} from '../dependencies/probes';
import { dollarTag, ident, literal, qualified } from '../sql';
import { BuildContext, PatchBuilder, PatchDraft } from '../types';
import {
  API_ROLES,
  display,
  findingObject,
  inventoryIndex,
  listing,
  manualPatch,
  patch,
  presentRoles,
  printable,
  step,
  templateStatement,
  templateStatements,
} from './common';
import { isPunct, tokenize } from '../../sql/sqlTokens';

/**
 * `"schema"."name"(identity arguments)`: the arguments as
 * pg_get_function_identity_arguments prints them (names and types quoted
 * where needed), checked to be one argument list and nothing more.
 */
export function routineSignature(fn: DbFunction): string {
  let depth = 0;
  for (const t of tokenize(fn.identityArguments)) {
    if (t.kind === 'comment' || isPunct(t, ';'))
      throw new Error(
        `unexpected identity arguments of ${fn.schema}.${fn.name}: ${fn.identityArguments}`,
      );
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')') && --depth < 0) break;
  }
  if (depth !== 0)
    throw new Error(
      `unbalanced identity arguments of ${fn.schema}.${fn.name}: ${fn.identityArguments}`,
    );
  return `${qualified(fn.schema, fn.name)}(${fn.identityArguments})`;
}

/** The routine in SQL (`signature`, FUNCTION or PROCEDURE) and for people (`who`). */
function routineNames(fn: DbFunction) {
  return {
    signature: routineSignature(fn),
    routine: fn.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION',
    who: `${display(fn.schema, fn.name)}(${fn.identityArguments})`,
  };
}

const ROLE_OF_LINT: Record<string, string | undefined> = {
  anon_security_definer_function_executable: 'anon',
  authenticated_security_definer_function_executable: 'authenticated',
};
const LINTS = [
  'anon_security_definer_function_executable',
  'authenticated_security_definer_function_executable',
  'security_definer_function_dynamic_sql',
];

/** The schema definer helpers are moved to (Supabase's documented convention). */
export const PRIVATE_SCHEMA = 'private';

/** The identity arguments of a routine finding: `''` is a routine without arguments. */
function findingArguments(finding: Finding): string {
  const value = finding.metadata.arguments;
  if (typeof value !== 'string')
    throw new Error(`finding ${finding.cache_key} has no metadata.arguments`);
  return value;
}

function findFunction(inventory: Inventory, finding: Finding): DbFunction {
  const { schema, name } = findingObject(finding);
  const args = findingArguments(finding);
  const fn = inventory.functions.find(
    f => f.schema === schema && f.name === name && f.identityArguments === args,
  );
  if (!fn)
    throw new Error(
      `function ${display(
        schema,
        name,
      )}(${args}) is not in the inventory (dropped or changed since the scan?)`,
    );
  return fn;
}

/**
 * The API roles the plan takes EXECUTE from: each finding on the function
 * takes its own role (anon_ → anon, authenticated_ → authenticated); the
 * dynamic SQL finding takes every API role that can execute it.
 */
function rolesToRemove(
  fn: DbFunction,
  context: BuildContext,
  finding: Finding,
): string[] {
  const index = inventoryIndex(context.inventory);
  const onFunction = (context.findings ?? [finding]).filter(
    f =>
      LINTS.includes(f.name) &&
      f.metadata.schema === fn.schema &&
      f.metadata.name === fn.name &&
      f.metadata.arguments === fn.identityArguments,
  );
  if (!onFunction.some(f => f.cache_key === finding.cache_key))
    onFunction.push(finding);
  const roles = new Set<string>();
  for (const f of onFunction) {
    const role = ROLE_OF_LINT[f.name];
    if (role) roles.add(role);
    else
      API_ROLES.filter(r => index.canExecute(fn, r)).forEach(r => roles.add(r));
  }
  return presentRoles(
    context.inventory,
    API_ROLES.filter(r => roles.has(r)),
  );
}

/** Every role that can execute it today and keeps it: all but the removed ones. */
function rolesToKeep(inventory: Inventory, fn: DbFunction, removed: string[]) {
  const index = inventoryIndex(inventory);
  const today = fn.executableBy ?? [
    ...API_ROLES.filter(r => index.canExecute(fn, r)),
    ...presentRoles(inventory, ['service_role']),
  ];
  return [...new Set(today)].filter(r => !removed.includes(r)).sort();
}

function effectOf(
  use: FunctionUse,
  removed: string[],
  moved: boolean,
): PatchDependant['effect'] {
  if (!use.roles.length) return 'unaffected';
  return use.roles.some(r => removed.includes(r)) && !moved ? 'blocks' : 'kept';
}

function dependantsOf(
  uses: FunctionUse[],
  removed: string[],
  moved: boolean,
): PatchDependant[] {
  return uses.map(u => ({
    kind: u.kind,
    description: u.description,
    roles: u.roles,
    effect: effectOf(u, removed, moved),
    ...(u.location ? { location: u.location } : {}),
  }));
}

/** Probes: every relation a use reaches, as its roles; EXECUTE for the roles that keep it. */
function probesFor(
  inventory: Inventory,
  fn: DbFunction,
  uses: FunctionUse[],
  keptApiRoles: string[],
): PatchProbe[] {
  const probes: PatchProbe[] = [];
  for (const u of uses)
    if (u.relation && u.roles.length)
      probes.push(
        ...relationProbes(
          inventory,
          u.relation,
          u.commands,
          u.roles,
          u.description,
        ),
      );
  for (const role of keptApiRoles) {
    const probe = executeProbe(fn, role, 'it keeps EXECUTE');
    if (probe) probes.push(probe);
  }
  return uniqueProbes(probes);
}

function revokePatch(
  finding: Finding,
  context: BuildContext,
  fn: DbFunction,
  removed: string[],
  uses: FunctionUse[],
): PatchDraft {
  const { signature, routine, who } = routineNames(fn);
  const keep = rolesToKeep(context.inventory, fn, removed);
  const resolves = [finding.cache_key];
  const steps = [
    step({
      id: `revoke-execute:${signature}:${removed.join(',')}`,
      sql: templateStatement('revoke_definer_execute', {
        routine,
        signature,
        roles: ['PUBLIC', ...removed].join(', '),
      }),
      rationale: `Revokes EXECUTE on SECURITY DEFINER ${routine.toLowerCase()} ${who} from ${listing(
        ['PUBLIC', ...removed],
      )}: ${listing(
        removed,
      )} can no longer call it (directly or through /rest/v1/rpc/${
        fn.name
      }). Nothing found in the database${
        context.appCallers ? ' or the application source' : ''
      } calls it as ${listing(removed)}.`,
      risk: 'behaviour-change',
      resolves,
      functions: [signature],
    }),
  ];
  if (keep.length)
    steps.push(
      step({
        id: `grant-execute:${signature}:${keep.join(',')}`,
        sql: templateStatement('grant_execute', {
          routine,
          signature,
          roles: keep.map(ident).join(', '),
        }),
        rationale: `Grants EXECUTE on ${who} back to ${listing(
          keep,
        )}, which can execute it today (some only through PUBLIC), so that only ${listing(
          removed,
        )} ${removed.length > 1 ? 'lose' : 'loses'} it.`,
        risk: 'safe',
        resolves,
      }),
    );
  const keptApi = API_ROLES.filter(r => keep.includes(r));
  return {
    ...patch(
      finding,
      `Revoke ${listing(
        removed,
      )}'s EXECUTE on SECURITY DEFINER ${routine.toLowerCase()} ${who}`,
      steps,
    ),
    dependants: dependantsOf(uses, removed, false),
    probes: probesFor(context.inventory, fn, uses, keptApi),
  };
}

/** A statement that fails unless the routine pins its search_path by now. */
function requirePinnedSearchPath(fn: DbFunction): string {
  const { who } = routineNames(fn);
  const signature = literal(
    `${qualified(fn.schema, fn.name)}(${fn.argumentTypes ?? ''})`,
  );
  const person = literal(printable(who));
  return templateStatement('require_pinned_search_path', {
    tag: dollarTag([signature, person]),
    signature,
    who: person,
  });
}

/** Why the helper cannot be moved to the private schema, or null when it can. */
function cannotMove(
  inventory: Inventory,
  fn: DbFunction,
  usage: ReturnType<typeof functionUsage>,
  pinnedByPlan: boolean,
): string | null {
  const index = inventoryIndex(inventory);
  if (usage.appCalls.length)
    return `the application calls it through /rest/v1/rpc/${
      fn.name
    } (${usage.appCalls.map(s => `${s.path}:${s.line}`).join(', ')})`;
  if (fn.dynamicSql)
    return 'it runs dynamic SQL: security_definer_function_dynamic_sql reports it in any schema, and under a new name';
  if (usage.callersByName.length)
    return `routines call it by name, which would no longer resolve: ${usage.callersByName
      .map(d => `${display(d.schema, d.name)}(${d.identityArguments ?? ''})`)
      .join(', ')}`;
  if (index.isExposed(PRIVATE_SCHEMA))
    return `schema ${PRIVATE_SCHEMA} is exposed through the Data API`;
  if (
    inventory.functions.some(
      f =>
        f.schema === PRIVATE_SCHEMA &&
        f.name === fn.name &&
        f.argumentTypes === fn.argumentTypes,
    )
  )
    return `${PRIVATE_SCHEMA}.${fn.name} with the same arguments exists already`;
  if (fn.searchPath === null && (!pinnedByPlan || fn.argumentTypes === null))
    return `its search_path is not pinned: moving it would re-key its function_search_path_mutable finding; pin the search_path first (that finding's patch), then plan again`;
  return null;
}

function movePatch(
  finding: Finding,
  context: BuildContext,
  fn: DbFunction,
  removed: string[],
  uses: FunctionUse[],
): PatchDraft {
  const { signature, routine, who } = routineNames(fn);
  const [create, move] = templateStatements('move_routine', {
    schema: ident(PRIVATE_SCHEMA),
    routine,
    signature,
  });
  const users = uses.filter(u => u.roles.length).map(u => u.description);
  const resolves = [finding.cache_key];
  return {
    ...patch(
      finding,
      `Move SECURITY DEFINER ${routine.toLowerCase()} ${who} to schema ${PRIVATE_SCHEMA}, out of the Data API`,
      [
        step({
          id: `create-schema:${PRIVATE_SCHEMA}`,
          sql: create,
          rationale: `Creates schema ${PRIVATE_SCHEMA} if it does not exist; the Data API does not expose it.`,
          risk: 'safe',
          resolves,
        }),
        ...(fn.searchPath === null
          ? [
              step({
                id: `require-pinned-search-path:${signature}`,
                sql: requirePinnedSearchPath(fn),
                rationale: `Stops the move unless ${who}'s search_path is pinned by now (its function_search_path_mutable patch runs first in this plan): moved with a mutable search_path, it would be reported again under its new schema.`,
                risk: 'safe',
                resolves,
              }),
            ]
          : []),
        step({
          id: `move-routine:${signature}`,
          sql: move,
          rationale: `Moves ${who} to schema ${PRIVATE_SCHEMA}: it can no longer be called through /rest/v1/rpc/${
            fn.name
          }. A revoke would break ${listing(users)}, which ${listing(
            removed,
          )} use; they call it by OID and keep working (PostgreSQL checks only EXECUTE, which is unchanged, when they run).`,
          risk: 'behaviour-change',
          resolves,
        }),
      ],
    ),
    dependants: dependantsOf(uses, removed, true),
    probes: probesFor(context.inventory, fn, uses, []),
  };
}

/**
 * Why a human must decide: the application's RPC calls first (never revoked
 * silently), else which roles use it through what, and why it cannot move.
 */
function whyNotRevoked(
  fn: DbFunction,
  blocking: FunctionUse[],
  removed: string[],
  usage: ReturnType<typeof functionUsage>,
  noMove: string | null,
): string {
  if (usage.appCalls.length)
    return `the application calls it through /rest/v1/rpc/${
      fn.name
    } (${usage.appCalls
      .map(s => `${s.path}:${s.line}`)
      .join(', ')}): a revoke would break those calls`;
  const roles = removed.filter(r => blocking.some(u => u.roles.includes(r)));
  const blockers = blocking.map(u => u.description);
  return `${listing(roles)} ${
    roles.length > 1 ? 'use' : 'uses'
  } it through ${listing(blockers)}; a revoke would break ${
    blockers.length > 1 ? 'them' : 'it'
  }, and it cannot be moved out of the Data API: ${noMove}`;
}

export const revokeDefinerExecuteBuilder: PatchBuilder = {
  lints: LINTS,
  build(finding, context) {
    const { inventory } = context;
    const fn = findFunction(inventory, finding);
    const removed = rolesToRemove(fn, context, finding);
    const who = `${display(fn.schema, fn.name)}(${fn.identityArguments})`;
    const title = `Take ${listing(
      removed.length ? removed : ['the API roles'],
    )}' EXECUTE on SECURITY DEFINER ${who}`;
    const usage = functionUsage(inventory, fn, context.appCallers);
    if (!usage.known)
      return manualPatch(
        finding,
        title,
        'the scan predates dependency analysis: it does not say which policies, views and routines call the function',
        'Scan the target again, then build the plan again.',
      );
    if (!removed.length)
      return manualPatch(
        finding,
        title,
        'neither anon nor authenticated exists or can execute it',
        'Scan the target again; the finding may be gone.',
      );
    const blocking = usage.uses.filter(u =>
      u.roles.some(r => removed.includes(r)),
    );
    const isTrigger = ['trigger', 'event_trigger'].includes(
      fn.resultType ?? '',
    );
    if (!blocking.length && (context.appCallers || isTrigger))
      return revokePatch(finding, context, fn, removed, usage.uses);
    if (!context.appCallers && !isTrigger) {
      const reason = `no application source was searched, so nothing tells whether the application calls it as ${listing(
        removed,
      )} through /rest/v1/rpc/${fn.name}`;
      return {
        ...manualPatch(
          finding,
          title,
          reason,
          `Give the application's source (platform-kit db fix --app-source <dir>, or link the entity's repository with the backstage.io/source-location annotation) and plan again; or, if no client calls it, REVOKE EXECUTE ON FUNCTION ${routineSignature(
            fn,
          )} FROM PUBLIC, ${removed.join(
            ', ',
          )} and grant it back to the other roles that need it.`,
        ),
        dependants: dependantsOf(usage.uses, removed, false),
      };
    }
    const pinnedByPlan = (context.findings ?? []).some(
      f =>
        f.name === 'function_search_path_mutable' &&
        f.metadata.schema === fn.schema &&
        f.metadata.name === fn.name &&
        f.metadata.identity_arguments === fn.identityArguments,
    );
    const noMove = cannotMove(inventory, fn, usage, pinnedByPlan);
    if (!noMove && !usage.appCalls.length)
      return movePatch(finding, context, fn, removed, usage.uses);
    const why = whyNotRevoked(fn, blocking, removed, usage, noMove);
    return {
      ...manualPatch(
        finding,
        title,
        why,
        `Choose per caller: make it SECURITY INVOKER if what it reads is readable by its callers (ALTER FUNCTION ${routineSignature(
          fn,
        )} SECURITY INVOKER); or grant EXECUTE only to the roles that need it; or move it to a schema the Data API does not expose and update the routines that call it by name.`,
      ),
      dependants: dependantsOf(usage.uses, removed, false),
    };
  },
};
