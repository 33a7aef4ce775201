import { DbFunction } from '@platform-kit/plugin-platform-kit-common';
import { qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  API_ROLES,
  display,
  findingObject,
  inventoryIndex,
  listing,
  metadataString,
  patch,
  presentRoles,
  step,
  templateStatements,
} from './common';
import { isPunct, tokenize } from './sqlTokens';

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

export const revokeDefinerExecuteBuilder: PatchBuilder = {
  lints: [
    'anon_security_definer_function_executable',
    'authenticated_security_definer_function_executable',
    'security_definer_function_dynamic_sql',
  ],
  build(finding, context) {
    const { inventory } = context;
    const { schema, name } = findingObject(finding);
    const args = metadataString(finding, 'arguments');
    const fn = inventory.functions.find(
      f =>
        f.schema === schema && f.name === name && f.identityArguments === args,
    );
    if (!fn)
      throw new Error(
        `function ${display(
          schema,
          name,
        )}(${args}) is not in the inventory (dropped or changed since the scan?)`,
      );
    const index = inventoryIndex(inventory);
    const signature = routineSignature(fn);
    const routine = fn.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION';
    const apiRoles = presentRoles(inventory, API_ROLES);
    const hasServiceRole = presentRoles(inventory, ['service_role']).length > 0;
    const [revoke, grant] = templateStatements('revoke_definer_execute', {
      routine,
      signature,
      roles: ['PUBLIC', ...apiRoles].join(', '),
    });
    const callers = apiRoles.filter(r => index.canExecute(fn, r));
    const who = `${display(schema, name)}(${fn.identityArguments})`;
    const resolves = [finding.cache_key];
    const steps = [
      step({
        id: `revoke-execute:${signature}`,
        sql: revoke,
        rationale: `Revokes EXECUTE on SECURITY DEFINER ${routine.toLowerCase()} ${who} from ${listing(
          ['PUBLIC', ...apiRoles],
        )}: ${
          callers.length ? listing(callers) : 'the API roles'
        } can no longer call it (directly or through /rest/v1/rpc/${name}): such calls, and any view, policy or function that calls it as those roles, fail with "permission denied for function". Roles that are not API roles lose it too if they held it only through PUBLIC.`,
        risk: 'behaviour-change',
        resolves,
      }),
    ];
    if (hasServiceRole)
      steps.push(
        step({
          id: `grant-execute-service-role:${signature}`,
          sql: grant,
          rationale: `Keeps EXECUTE on ${who} for service_role explicitly (it may have held it only through PUBLIC), so server-side callers keep working.`,
          risk: 'behaviour-change',
          resolves,
        }),
      );
    return patch(
      finding,
      `Revoke API roles' EXECUTE on SECURITY DEFINER ${routine.toLowerCase()} ${who}`,
      steps,
    );
  },
};
