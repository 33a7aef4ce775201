import {
  policyExpressions,
  unwrappedPerRowCalls,
} from '../../lint/policyExpressions';
import { qualified } from '../sql';
import { PatchBuilder } from '../types';
import { appMetadataRewrite } from './appMetadataPolicy';
import {
  display,
  findingObject,
  manualPatch,
  metadataString,
  patch,
  requirePolicy,
  step,
} from './common';
import { alterPolicySql, wrapPerRowCalls } from './policyRewrite';

export const wrapInitplanBuilder: PatchBuilder = {
  lints: ['auth_rls_initplan'],
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
    const title = `Evaluate auth.<function>() and current_setting() once per statement in ${where}`;
    if (!('problem' in appMetadataRewrite(policy)))
      return manualPatch(
        finding,
        title,
        `${where} also reads user_metadata (rls_references_user_metadata): a second ALTER POLICY of it would undo that fix or be undone by it.`,
        'Apply the rls_references_user_metadata patch of this policy: it wraps these calls in (select ...) too and resolves this finding.',
      );
    const using = policy.using === null ? null : wrapPerRowCalls(policy.using);
    const withCheck =
      policy.withCheck === null ? null : wrapPerRowCalls(policy.withCheck);
    const wrapped = [
      ...new Set([...(using?.wrapped ?? []), ...(withCheck?.wrapped ?? [])]),
    ];
    const left = [using, withCheck].flatMap(r =>
      r ? unwrappedPerRowCalls(r.expression) : [],
    );
    if (wrapped.length === 0 || left.length > 0)
      return manualPatch(
        finding,
        title,
        `No automatic rewrite of ${where}: ${
          wrapped.length === 0 && left.length === 0
            ? 'it has no per-row auth.<function>() or current_setting() call left (changed since the scan?)'
            : `the calls ${[...new Set(left)].join(
                ', ',
              )} are not plain function calls the rewrite recognises (in a string, schema-qualified, ...)`
        }.`,
        `Wrap each call in a sub-select by hand, e.g. (select auth.uid()) = user_id, with ALTER POLICY ... USING (...) WITH CHECK (...). Current expressions: ${policyExpressions(
          policy,
        ).join(' | ')}`,
      );
    return patch(finding, title, [
      step({
        id: `alter-policy:${qualified(schema, name)}:${policy.name}`,
        sql: alterPolicySql(
          policy,
          using?.wrapped.length ? using.expression : null,
          withCheck?.wrapped.length ? withCheck.expression : null,
        ),
        rationale: `Wraps ${wrapped.join(
          ', ',
        )} in (select ...) in ${where}, so PostgreSQL evaluates each once per statement (an initPlan) instead of once for every row it checks. The functions return the same value throughout a statement, so the policy admits exactly the same rows; only the plan gets cheaper.`,
        risk: 'safe',
        resolves: [finding.cache_key],
        tables: [qualified(schema, name)],
      }),
    ]);
  },
};
