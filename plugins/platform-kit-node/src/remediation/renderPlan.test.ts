import { parseSql, squawkLint } from '@platform-kit/devtools';
import { RemediationPlan } from '@platform-kit/plugin-platform-kit-common';
import { renderPlanSql } from './renderPlan';

const step = (id: string, sql: string, transactional = true) => ({
  id,
  sql,
  rationale: `Why ${id}:\r\nDROP TABLE "public"."victim";\rDROP TABLE "public"."victim";`,
  risk: 'safe' as const,
  transactional,
  resolves: [id],
  tables: [],
  functions: [],
});

describe('renderPlanSql', () => {
  const plan: RemediationPlan = {
    targetRef: 'resource:default/db',
    createdAt: '2026-11-26T00:00:00.000Z',
    includeDestructive: false,
    preflight: [],
    appSource: null,
    patches: [
      {
        lint: 'rls_disabled_in_public',
        findingKey: 'a',
        title: 'Enable RLS',
        manual: null,
        dependants: [],
        probes: [],
        steps: [
          step('a', 'ALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY'),
          step(
            'b',
            'CREATE INDEX CONCURRENTLY IF NOT EXISTS "t_a_idx" ON "public"."t" ("a")',
            false,
          ),
        ],
      },
    ],
    skipped: [],
  };

  it('keeps rationales in comments whatever line breaks they carry', async () => {
    const sql = renderPlanSql(plan);
    // BEGIN, 2 SET LOCAL, the step, COMMIT, 2 SET, the index: nothing smuggled in.
    expect(await parseSql(sql)).toBe(8);
    expect(sql).not.toMatch(/^DROP/m);
  });

  it('guards the transaction and the CONCURRENTLY step as squawk asks', () => {
    expect(squawkLint(renderPlanSql(plan))).toEqual([]);
  });
});
