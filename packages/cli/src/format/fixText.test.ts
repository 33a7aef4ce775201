import {
  applyOutcomeSchema,
  remediationPlanSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { planSteps } from '@platform-kit/plugin-platform-kit-node';
import { formatOutcome } from './fixOutcomeText';
import { planReview } from './fixPlanText';

const TARGET = 'postgres://db.example.com:5432/app';

const plan = remediationPlanSchema.parse({
  targetRef: TARGET,
  createdAt: '2025-01-01T00:00:00.000Z',
  includeDestructive: false,
  patches: [
    {
      lint: 'authenticated_security_definer_function_executable',
      findingKey: 'authenticated_sdf_public_is_member_of',
      title: 'Keep is_member_of out of the API',
      steps: [
        {
          id: 'revoke:public.is_member_of(uuid)',
          sql: 'REVOKE EXECUTE ON FUNCTION public.is_member_of(uuid) FROM anon',
          rationale: 'no policy of anon calls it',
          risk: 'behaviour-change',
          transactional: true,
          resolves: ['authenticated_sdf_public_is_member_of'],
        },
      ],
      manual: null,
      dependants: [
        {
          kind: 'policy',
          description:
            'policy "members read" on public.posts (SELECT to authenticated, USING)',
          roles: ['authenticated'],
          effect: 'kept',
        },
        {
          kind: 'app_call',
          description: 'rpc is_member_of',
          roles: [],
          effect: 'kept',
          location: 'src/lib/orgs.ts:12',
        },
      ],
      probes: [
        {
          id: 'p1',
          description: 'select on public.posts',
          role: 'authenticated',
          sql: 'SELECT 1 FROM public.posts LIMIT 0',
        },
        {
          id: 'p2',
          description: 'insert into public.posts',
          role: 'authenticated',
          sql: 'INSERT INTO public.posts SELECT * FROM public.posts WHERE false',
        },
      ],
    },
    {
      lint: 'anon_security_definer_function_executable',
      findingKey: 'anon_sdf_public_accept_invitation',
      title: 'Keep accept_invitation from anon',
      steps: [],
      manual: {
        reason: 'the application calls it as RPC',
        instructions:
          'Decide whether anonymous users may accept invitations.\nThen revoke or keep it.',
      },
      dependants: [
        {
          kind: 'app_call',
          description: 'rpc accept_invitation',
          roles: ['anon', 'authenticated'],
          effect: 'blocks',
          location: 'src/app/invite/actions.ts:7',
        },
      ],
      probes: [],
    },
    {
      lint: 'rls_disabled_in_public',
      findingKey: 'rls_disabled_in_public_public_tags',
      title: 'Enable RLS',
      steps: [
        {
          id: 'enable-rls:public.tags',
          sql: 'ALTER TABLE public.tags ENABLE ROW LEVEL SECURITY',
          rationale: 'r',
          risk: 'behaviour-change',
          transactional: true,
          resolves: ['rls_disabled_in_public_public_tags'],
        },
      ],
      manual: null,
    },
  ],
  skipped: [
    {
      findingKey: 'extension_in_public_unaccent',
      reason: 'excluded by the user',
    },
  ],
  preflight: [
    {
      findingKey: 'extension_in_public_pg_trgm',
      stepId: 'move-extension:pg_trgm',
      problem: 'ALTER EXTENSION pg_trgm SET SCHEMA needs a superuser',
    },
  ],
  appSource: { origin: '/srv/app', files: 42 },
});

describe('planReview', () => {
  it('prints the callers’ source, pre-flight problems, dependants, probes and what needs a human as SQL comments', () => {
    expect(planReview(plan)).toBe(
      `
-- Review of the plan:
-- Application source: /srv/app (42 files searched for callers)
--
-- Pre-flight problems (1): these findings will not be applied:
--   extension_in_public_pg_trgm step move-extension:pg_trgm: ALTER EXTENSION pg_trgm SET SCHEMA needs a superuser
--
-- Dependants and probes per patch:
--   authenticated_sdf_public_is_member_of: 2 dependants, 2 probes will run before and after its steps
--       [kept] policy "members read" on public.posts (SELECT to authenticated, USING) as authenticated
--       [kept] rpc is_member_of at src/lib/orgs.ts:12
--   rls_disabled_in_public_public_tags: no dependants found, 0 probes will run before and after its steps
--
-- Dependants of the patches that need a human:
--   anon_sdf_public_accept_invitation: 1 dependant, not applied
--       [blocks] rpc accept_invitation as anon, authenticated at src/app/invite/actions.ts:7
--
-- Needs a human (1):
--   anon_sdf_public_accept_invitation: the application calls it as RPC
--     Decide whether anonymous users may accept invitations.
--     Then revoke or keep it.
--
-- Not fixed by this plan (1):
--   extension_in_public_unaccent: excluded by the user
`,
    );
  });

  it('says when no application source was given, and keeps a newline inside a description a comment', () => {
    const text = planReview({
      ...plan,
      appSource: null,
      preflight: [],
      skipped: [],
      patches: [
        {
          ...plan.patches[0],
          dependants: [
            {
              kind: 'policy',
              description: 'policy "a\nDROP TABLE x;\rb" on public.t',
              roles: [],
              effect: 'unaffected',
            },
          ],
        },
      ],
    });
    expect(text).toContain(
      '-- Application source: none (give --app-source <dir> to find its RPC and table callers)',
    );
    for (const line of text.split(/\r\n|\r|\n/).filter(Boolean))
      expect(line).toMatch(/^--( |$)/);
    expect(text).not.toContain('Needs a human');
  });
});

describe('formatOutcome', () => {
  const probes = [
    {
      probeId: 'p1',
      role: 'authenticated',
      description: 'select on public.posts',
      before: 'ok',
      after: 'ok',
    },
    {
      probeId: 'p2',
      role: 'authenticated',
      description: 'insert into public.posts',
      before: 'ok',
      after: '42501: permission denied for function is_member_of',
    },
  ];
  const outcome = applyOutcomeSchema.parse({
    status: 'partial',
    steps: [
      {
        stepId: 'revoke:public.is_member_of(uuid)',
        status: 'failed',
        attempts: 1,
        durationMs: 3,
        error: 'probe failed',
      },
      {
        stepId: 'enable-rls:public.tags',
        status: 'applied',
        attempts: 1,
        durationMs: 2,
      },
    ],
    findings: [
      {
        findingKey: 'authenticated_sdf_public_is_member_of',
        status: 'rolled-back',
        reason: 'a probe failed after the steps',
        probes,
      },
      {
        findingKey: 'anon_sdf_public_accept_invitation',
        status: 'needs-human',
        reason: 'the application calls it as RPC',
      },
      {
        findingKey: 'rls_disabled_in_public_public_tags',
        status: 'applied',
      },
    ],
    remaining: ['authenticated_sdf_public_is_member_of'],
    rowCounts: { '"public"."tags"': { before: 3, after: 3 } },
  });

  it('says PARTIAL with how many findings were applied, each finding and the probes that ran', () => {
    expect(formatOutcome(plan, planSteps(plan), outcome, TARGET)).toBe(
      `PARTIAL on ${TARGET}: 1 of 3 findings applied

Findings:
  rolled-back  authenticated_sdf_public_is_member_of: a probe failed after the steps
                 probe as authenticated: select on public.posts: ok -> ok
                 probe as authenticated: insert into public.posts: ok -> 42501: permission denied for function is_member_of
  needs-human  anon_sdf_public_accept_invitation: the application calls it as RPC
  applied      rls_disabled_in_public_public_tags

Steps:
  failed   revoke:public.is_member_of(uuid)  [behaviour-change] transaction, 1 attempt(s), 3 ms
           probe failed
  applied  enable-rls:public.tags            [behaviour-change] transaction, 1 attempt(s), 2 ms

Rows (before -> after):
  "public"."tags": 3 -> 3

Still found: authenticated_sdf_public_is_member_of

Needs a human (1):
  anon_sdf_public_accept_invitation: the application calls it as RPC
    Decide whether anonymous users may accept invitations.
    Then revoke or keep it.

Not fixed by this plan (1):
  extension_in_public_unaccent: excluded by the user
`,
    );
  });

  it('says applied, and FAILED with the reason', () => {
    expect(
      formatOutcome(
        plan,
        planSteps(plan),
        { ...outcome, status: 'applied' },
        TARGET,
      ).split('\n')[0],
    ).toBe(
      `Applied to ${TARGET} and verified by a re-scan; 1 finding needs a human.`,
    );
    expect(
      formatOutcome(
        plan,
        planSteps(plan),
        {
          ...outcome,
          status: 'applied',
          findings: outcome.findings.filter(f => f.status === 'needs-human'),
        },
        TARGET,
      ).split('\n')[0],
    ).toBe(
      `Nothing applied to ${TARGET}: 1 finding needs a human (see below).`,
    );
    expect(
      formatOutcome(
        plan,
        planSteps(plan),
        { ...outcome, status: 'failed', reason: 'lock timeout' },
        TARGET,
      ).split('\n')[0],
    ).toBe(`FAILED on ${TARGET}: lock timeout`);
    expect(
      formatOutcome(
        { ...plan, patches: [], skipped: [] },
        [],
        {
          ...outcome,
          status: 'applied',
          steps: [],
          findings: [],
          rowCounts: {},
          remaining: [],
        },
        TARGET,
      ),
    ).toBe(
      `Applied to ${TARGET} and verified by a re-scan.\n\nThe plan has no steps: nothing to apply.\n\nStill found: none\n`,
    );
  });
});
