import { LintRule, SUPABASE_DOCS } from '../types';

/** Critical for a definer function, raised when the API can call it. */
function severityOf(securityDefiner: boolean, apiCallable: boolean): number {
  if (securityDefiner) return 5;
  return apiCallable ? 3 : 2;
}

export const functionSearchPathMutable: LintRule = {
  name: 'function_search_path_mutable',
  title: 'Function Search Path Mutable',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description: 'Detects functions where the search_path parameter is not set.',
  remediation: `${SUPABASE_DOCS}0011_function_search_path_mutable`,
  guidance:
    'Pin the search_path of the function (ALTER FUNCTION ... SET search_path = ...) to the schemas it needs, or to an empty path with schema-qualified names. A SECURITY DEFINER function with a mutable search_path lets any caller hijack it with objects in a schema they control.',
  severity: 3,
  fixable: true,
  supabase: true,
  detect(index) {
    return index.inventory.functions
      .filter(
        f =>
          (f.kind === 'function' || f.kind === 'procedure') &&
          f.searchPath === null,
      )
      .map(f => {
        const apiCallable =
          index.canExecute(f, 'anon') || index.canExecute(f, 'authenticated');
        return {
          detail: `Function \`${f.schema}.${f.name}\` has a role mutable search_path`,
          metadata: {
            schema: f.schema,
            name: f.name,
            type: 'function',
            identity_arguments: f.identityArguments,
            security_definer: f.securityDefiner,
          },
          cacheKey: [f.schema, f.name, f.identityArguments.replace(/\s+/g, '')],
          // A definer function runs with its owner's rights: hijacking it is critical.
          severity: severityOf(
            f.securityDefiner,
            apiCallable && index.isExposed(f.schema),
          ),
        };
      });
  },
};
