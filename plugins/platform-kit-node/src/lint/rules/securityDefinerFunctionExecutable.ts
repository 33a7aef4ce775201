import { InventoryIndex } from '../inventoryIndex';
import { Detection, LintRule, SUPABASE_DOCS } from '../types';

const ROLE_SEVERITY = { anon: 4, authenticated: 3 } as const;

function executableBy(
  index: InventoryIndex,
  role: 'anon' | 'authenticated',
  who: string,
): Detection[] {
  return index.inventory.functions
    .filter(
      f =>
        f.securityDefiner &&
        index.isExposed(f.schema) &&
        index.canExecute(f, role),
    )
    .map(f => ({
      detail: `Function \`${f.schema}.${f.name}(${f.identityArguments})\` can be executed by the \`${role}\` role as a \`SECURITY DEFINER\` function via \`/rest/v1/rpc/${f.name}\`. Revoke \`EXECUTE\` or switch it to \`SECURITY INVOKER\` if that is not intentional.`,
      metadata: {
        schema: f.schema,
        name: f.name,
        type: 'function',
        arguments: f.identityArguments,
        language: f.language,
        security_definer: true,
        callable_by: who,
      },
      cacheKey: [f.schema, f.name, f.identityArguments],
      // A definer function that builds SQL dynamically is an injection risk for its callers.
      severity: f.dynamicSql ? 5 : ROLE_SEVERITY[role],
    }));
}

export const anonSecurityDefinerFunctionExecutable: LintRule = {
  name: 'anon_security_definer_function_executable',
  title: 'Public Can Execute SECURITY DEFINER Function',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects `SECURITY DEFINER` functions that are callable without signing in. Revoke `EXECUTE`, switch the function to `SECURITY INVOKER`, or move it out of your exposed API schema if it is not meant to be public.',
  remediation: `${SUPABASE_DOCS}0028_anon_security_definer_function_executable`,
  guidance:
    'Revoke EXECUTE from PUBLIC and anon (new functions are executable by PUBLIC by default), keep it for service_role, or make the function SECURITY INVOKER.',
  severity: 4,
  fixable: true,
  supabase: true,
  detect: index => executableBy(index, 'anon', 'anyone with the anon key'),
};

export const authenticatedSecurityDefinerFunctionExecutable: LintRule = {
  name: 'authenticated_security_definer_function_executable',
  title: 'Signed-In Users Can Execute SECURITY DEFINER Function',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects `SECURITY DEFINER` functions that are callable by signed-in users. Revoke `EXECUTE`, switch the function to `SECURITY INVOKER`, or move it out of your exposed API schema if signed-in users should not call it.',
  remediation: `${SUPABASE_DOCS}0029_authenticated_security_definer_function_executable`,
  guidance:
    'Revoke EXECUTE from PUBLIC and authenticated if signed-in users should not call it directly, keep it for service_role, or make the function SECURITY INVOKER.',
  severity: 3,
  fixable: true,
  supabase: true,
  detect: index => executableBy(index, 'authenticated', 'every signed-in user'),
};
