import { Policy } from '@platform-kit/plugin-platform-kit-common';
import { qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  display,
  findingObject,
  inventoryIndex,
  manualPatch,
  metadataString,
  patch,
  requirePolicy,
  step,
} from './common';
import {
  alterPolicySql,
  useAppMetadata,
  wrapPerRowCalls,
} from './policyRewrite';

export interface AppMetadataRewrite {
  /** New expressions; null where the policy has none. */
  using: string | null;
  withCheck: string | null;
  /** Per-row auth calls wrapped in (select ...) on the way. */
  wrapped: string[];
}

/**
 * The policy reading `app_metadata` instead of the `user_metadata` key of the
 * JWT claims, with its per-row calls wrapped as well: one ALTER POLICY that
 * also settles auth_rls_initplan, so two patches never overwrite each other's
 * expression. A problem when user_metadata is used in any other way.
 */
export function appMetadataRewrite(
  policy: Policy,
): AppMetadataRewrite | { problem: string } {
  const wrapped: string[] = [];
  const rewrite = (expression: string | null) => {
    if (expression === null) return { expression: null, replaced: 0 };
    const result = useAppMetadata(expression);
    if ('problem' in result) return result;
    const calls = wrapPerRowCalls(result.expression);
    wrapped.push(...calls.wrapped);
    return { expression: calls.expression, replaced: result.replaced };
  };
  const using = rewrite(policy.using);
  if ('problem' in using) return using;
  const withCheck = rewrite(policy.withCheck);
  if ('problem' in withCheck) return withCheck;
  if (using.replaced + withCheck.replaced === 0)
    return { problem: "it does not read a 'user_metadata' key" };
  return {
    using: using.expression,
    withCheck: withCheck.expression,
    wrapped,
  };
}

export const appMetadataPolicyBuilder: PatchBuilder = {
  lints: ['rls_references_user_metadata'],
  build(finding, context) {
    const { inventory } = context;
    const { schema, name } = findingObject(finding);
    const policy = requirePolicy(
      inventory,
      schema,
      name,
      metadataString(finding, 'policy'),
    );
    const where = `policy "${policy.name}" on ${display(schema, name)}`;
    const title = `Authorize on app_metadata instead of user_metadata in ${where}`;
    const rewrite = appMetadataRewrite(policy);
    if ('problem' in rewrite)
      return manualPatch(
        finding,
        title,
        `No automatic rewrite of ${where}: ${rewrite.problem}.`,
        "Rewrite the policy to read the claim from app_metadata (auth.jwt() -> 'app_metadata'), which only the service role can set, or from a table you control; copy the values it relies on into each user's app_metadata (auth.users.raw_app_meta_data, e.g. with the admin API) first.",
      );
    const resolves = [finding.cache_key];
    // The same policy's auth_rls_initplan finding, if the scan reports one: this statement wraps its calls too.
    if (
      rewrite.wrapped.length > 0 &&
      inventoryIndex(inventory).relation(schema, name)?.rlsEnabled
    )
      resolves.push(['auth_rls_initplan', schema, name, policy.name].join('_'));
    const changed = (before: string | null, after: string | null) =>
      before === after ? null : after;
    return patch(finding, title, [
      step({
        id: `alter-policy:${qualified(schema, name)}:${policy.name}`,
        sql: alterPolicySql(
          policy,
          changed(policy.using, rewrite.using),
          changed(policy.withCheck, rewrite.withCheck),
        ),
        rationale: `Makes ${where} read the 'app_metadata' claim where it read 'user_metadata': user_metadata can be edited by the signed-in user (supabase.auth.updateUser), so anyone can satisfy a check on it; app_metadata can only be set with the service role. Copy the values the policy relies on into each user's app_metadata (auth.users.raw_app_meta_data) before applying: users without them lose the access this policy gave them, and a user's JWT carries new app_metadata only once it is refreshed.${
          rewrite.wrapped.length
            ? ` It also wraps ${[...new Set(rewrite.wrapped)].join(
                ', ',
              )} in (select ...), evaluated once per statement instead of once per row, which admits the same rows.`
            : ''
        }`,
        risk: 'behaviour-change',
        resolves,
        tables: [qualified(schema, name)],
      }),
    ]);
  },
};
