import {
  CapabilityDefinitions,
  capabilityDefinitionsSchema,
} from './capabilitySchema';

const lints = (...names: string[]) => ({
  kind: 'lints' as const,
  lints: names,
  failLevel: 'INFO' as const,
});
const facts = (...keys: string[]) => ({ kind: 'facts' as const, facts: keys });

/**
 * How old a connector's latest contract run may be for `integration.contracts`
 * to pass: two missed nightly runs. An older run (or none) makes the
 * contract partial; a failed run fails it.
 *
 * @public
 */
export const CONTRACT_RUN_MAX_AGE_HOURS = 48;

/**
 * The seven core capabilities. Each `db.*` contract names the lints that
 * decide it; `repo.*` and `integration.*` contracts name the facts that
 * repository and connector scans report.
 *
 * @public
 */
export const CORE_CAPABILITIES: CapabilityDefinitions =
  capabilityDefinitionsSchema.parse({
    apiVersion: 'platform-kit.dev/v1',
    kind: 'CapabilityDefinitions',
    capabilities: [
      {
        id: 'db.row-level-security',
        title: 'Row level security',
        description:
          'Every table the Data API can reach is protected by row level security with meaningful policies.',
        severity: 5,
        appliesTo: ['supabase-project'],
        contracts: [
          {
            id: 'rls-on-exposed-tables',
            title: 'Exposed tables have RLS enabled',
            check: lints(
              'rls_disabled_in_public',
              'sensitive_columns_exposed',
              'api_role_write_without_rls',
              'insecure_queue_exposed_in_api',
            ),
          },
          {
            id: 'policies-enforced',
            title: 'Policies are enforced',
            check: lints('policy_exists_rls_disabled'),
          },
          {
            id: 'policies-meaningful',
            title: 'Policies restrict rows and trust only server-set claims',
            check: lints(
              'rls_policy_always_true',
              'rls_references_user_metadata',
            ),
          },
          {
            id: 'rls-beyond-the-api',
            title: 'Tables outside the API have RLS too',
            check: {
              kind: 'lints',
              lints: [
                'rls_disabled_in_private_schema',
                'rls_enabled_no_policy',
              ],
              failLevel: 'WARN',
            },
          },
        ],
      },
      {
        id: 'db.function-security',
        title: 'Function security',
        description:
          'Functions pin their search_path and privileged functions are not callable by the API roles.',
        severity: 5,
        appliesTo: ['supabase-project'],
        contracts: [
          {
            id: 'search-path-pinned',
            title: 'Functions pin their search_path',
            check: lints('function_search_path_mutable'),
          },
          {
            id: 'definer-functions-private',
            title:
              'SECURITY DEFINER functions are not executable by anon or authenticated',
            check: lints(
              'anon_security_definer_function_executable',
              'authenticated_security_definer_function_executable',
            ),
          },
          {
            id: 'no-dynamic-sql-in-definer',
            title: 'No API-callable SECURITY DEFINER function runs dynamic SQL',
            check: lints('security_definer_function_dynamic_sql'),
          },
        ],
      },
      {
        id: 'db.api-exposure',
        title: 'API exposure',
        description:
          'The Data API exposes only what row level security protects.',
        severity: 4,
        appliesTo: ['supabase-project'],
        contracts: [
          {
            id: 'no-definer-views',
            title: 'Views run with the caller’s rights',
            check: lints('security_definer_view'),
          },
          {
            id: 'auth-users-private',
            title: 'auth.users is not exposed',
            check: lints('auth_users_exposed', 'fkey_to_auth_unique'),
          },
          {
            id: 'no-unprotected-relations',
            title: 'No materialized views or foreign tables in the API',
            check: lints('materialized_view_in_api', 'foreign_table_in_api'),
          },
          {
            id: 'api-roles-own-nothing',
            title: 'API roles own no tables',
            check: lints('table_owned_by_api_role'),
          },
          {
            id: 'buckets-not-listable',
            title: 'Public buckets cannot be listed',
            check: lints('public_bucket_allows_listing'),
          },
        ],
      },
      {
        id: 'db.extension-isolation',
        title: 'Extension isolation',
        description:
          'Extensions live outside the exposed schemas and are up to date.',
        severity: 3,
        appliesTo: ['supabase-project'],
        contracts: [
          {
            id: 'extensions-outside-api',
            title: 'Extensions are not installed in exposed schemas',
            check: lints('extension_in_public', 'extension_in_exposed_schema'),
          },
          {
            id: 'extensions-current',
            title: 'Extensions use their default version',
            check: lints('extension_versions_outdated'),
          },
        ],
      },
      {
        id: 'repo.spec-bundle',
        title: 'Spec bundle',
        description:
          'The repository carries a complete spec bundle: constitution, PRD, plan and tasks with their required sections.',
        severity: 3,
        appliesTo: ['repository'],
        contracts: [
          {
            id: 'bundle-files',
            title:
              'spec/<name>/ has constitution.md, prd.md, plan.md and tasks.md',
            check: facts(
              'spec.constitution',
              'spec.prd',
              'spec.plan',
              'spec.tasks',
            ),
          },
          {
            id: 'bundle-sections',
            title: 'Every spec file has its required sections',
            check: facts('spec.sections'),
          },
        ],
      },
      {
        id: 'repo.delivery-gates',
        title: 'Delivery gates',
        description:
          'Changes pass CI (lint, test, build) and the parity gate, with owners and dependency updates on a protected branch.',
        severity: 3,
        appliesTo: ['repository'],
        contracts: [
          {
            id: 'ci-workflow',
            title: 'A CI workflow runs lint, test and build',
            check: facts('repo.ci.lint', 'repo.ci.test', 'repo.ci.build'),
          },
          {
            id: 'parity-gate',
            title: 'CI runs the parity gate',
            check: facts('repo.ci.parity-gate'),
          },
          {
            id: 'codeowners',
            title: 'CODEOWNERS names the owners',
            check: facts('repo.codeowners'),
          },
          {
            id: 'dependabot',
            title: 'Dependabot keeps dependencies current',
            check: facts('repo.dependabot'),
          },
          {
            id: 'protected-branch',
            title: 'The default branch is protected',
            check: facts('repo.branch-protection'),
          },
        ],
      },
      {
        id: 'integration.contracts',
        title: 'Integration contracts',
        description: 'Connectors are healthy and pass their contract tests.',
        severity: 4,
        appliesTo: ['connector'],
        contracts: [
          {
            id: 'connector-healthy',
            title: 'The connector reports healthy',
            check: facts('connector.healthy'),
          },
          {
            id: 'contract-tests',
            title: `The latest contract run passed, within ${CONTRACT_RUN_MAX_AGE_HOURS} hours`,
            check: {
              ...facts('connector.contract-tests'),
              maxAgeHours: CONTRACT_RUN_MAX_AGE_HOURS,
            },
          },
        ],
      },
    ],
  });
