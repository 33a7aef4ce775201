import { LintRule } from '../types';

export const securityDefinerFunctionDynamicSql: LintRule = {
  name: 'security_definer_function_dynamic_sql',
  title: 'SECURITY DEFINER Function Runs Dynamic SQL',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects `SECURITY DEFINER` functions callable by `anon` or `authenticated` whose body runs dynamic SQL (`EXECUTE`). Any injection into the built statement runs with the function owner’s rights.',
  remediation:
    'https://www.postgresql.org/docs/current/plpgsql-statements.html#PLPGSQL-QUOTE-LITERAL-EXAMPLE',
  guidance:
    'Build statements with format() and %I / %L (or EXECUTE ... USING) so that no argument is spliced into SQL, pin the search_path, and revoke EXECUTE from the API roles unless they must call it.',
  severity: 5,
  fixable: true,
  supabase: false,
  detect(index) {
    return index.inventory.functions
      .filter(f => f.securityDefiner && f.dynamicSql)
      .filter(
        f =>
          index.canExecute(f, 'anon') || index.canExecute(f, 'authenticated'),
      )
      .map(f => {
        const roles = (['anon', 'authenticated'] as const).filter(r =>
          index.canExecute(f, r),
        );
        return {
          detail: `Function \`${f.schema}.${f.name}(${
            f.identityArguments
          })\` is SECURITY DEFINER, runs dynamic SQL and can be executed by ${roles
            .map(r => `\`${r}\``)
            .join(' and ')}.`,
          metadata: {
            schema: f.schema,
            name: f.name,
            type: 'function',
            arguments: f.identityArguments,
            executable_by: roles,
          },
          cacheKey: [f.schema, f.name, f.identityArguments],
          severity: roles.includes('anon') ? 5 : 4,
        };
      });
  },
};
