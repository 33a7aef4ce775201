import {
  createTestDatabase,
  dropDatabase,
  loadDemoProject,
  TestDatabase,
} from '@platform-kit/devtools';
import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { PgExecutor } from '../executor/pgExecutor';
import { introspect } from '../introspection/introspect';
import { runLints } from './runLints';

jest.setTimeout(60_000);

describe('the demo project (examples/demo-project)', () => {
  let server: TestDatabase;
  let findings: Finding[];
  const name = `pk_demo_lint_${process.pid}`;

  beforeAll(async () => {
    server = await createTestDatabase({ supabase: false });
    const url = await loadDemoProject(server.adminUrl, name);
    const executor = new PgExecutor(url);
    try {
      findings = runLints(await introspect(executor)).findings;
    } finally {
      await executor.close();
    }
  });
  afterAll(async () => {
    await dropDatabase(server.adminUrl, name);
    await server.drop();
  });

  const pairs = (list: Finding[]) =>
    list.map(f => `${f.name} ${f.metadata.schema}.${f.metadata.name}`).sort();

  it('reports the planted security errors, and no others', () => {
    const errors = findings.filter(
      f => f.level === 'ERROR' && f.categories.includes('SECURITY'),
    );
    expect(pairs(errors)).toEqual([
      'auth_users_exposed public.user_directory',
      'policy_exists_rls_disabled public.comments',
      'policy_exists_rls_disabled public.customers',
      'policy_exists_rls_disabled public.tasks',
      'rls_disabled_in_public public.audit_log',
      'rls_disabled_in_public public.comments',
      'rls_disabled_in_public public.customers',
      'rls_disabled_in_public public.tasks',
      'rls_references_user_metadata public.projects',
      'security_definer_function_dynamic_sql public.archive_project',
      'security_definer_view public.task_overview',
      'security_definer_view public.user_directory',
      'sensitive_columns_exposed public.customers',
    ]);
  });

  it('reports the planted warnings and notices', () => {
    const found = new Set(pairs(findings));
    for (const expected of [
      'extension_in_public public.pgcrypto',
      'auth_rls_initplan public.profiles',
      'unindexed_foreign_keys public.projects',
      'unindexed_foreign_keys public.tasks',
      'multiple_permissive_policies public.projects',
      'duplicate_index public.tasks',
      'rls_enabled_no_policy public.attachments',
      'rls_policy_always_true public.feedback',
      'no_primary_key public.audit_log',
      'materialized_view_in_api public.project_stats',
      'public_bucket_allows_listing storage.avatars',
      'anon_security_definer_function_executable public.archive_project',
    ]) {
      expect(found).toContain(expected);
    }
  });

  it('rates the SECURITY DEFINER function with a mutable search_path critical, a plain one lower', () => {
    const searchPath = Object.fromEntries(
      findings
        .filter(f => f.name === 'function_search_path_mutable')
        .map(f => [f.metadata.name, f]),
    );
    expect(Object.keys(searchPath).sort()).toEqual([
      'archive_project',
      'handle_new_user',
      'hash_api_key',
      'search_tasks',
    ]);
    expect(searchPath.handle_new_user).toMatchObject({
      severity: 5,
      metadata: { security_definer: true },
    });
    expect(searchPath.archive_project.severity).toBe(5);
    expect(searchPath.hash_api_key).toMatchObject({
      severity: 3,
      metadata: { security_definer: false },
    });
    expect(searchPath.search_tasks.severity).toBeLessThan(5);
  });

  it('puts the worst findings first', () => {
    expect(findings[0]).toMatchObject({ level: 'ERROR', severity: 5 });
    expect(findings[findings.length - 1].level).toBe('INFO');
  });
});
