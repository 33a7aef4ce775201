import type {
  ApplyOutcome,
  CapabilityResult,
  Finding,
  Patch,
  PatchDependant,
  PatchProbe,
  RemediationPlan,
  RemediationPlanStatus,
} from '../index';
import type {
  ApplyReport,
  CapabilityEvidence,
  LintFinding,
  ParityCapability,
  PlanContent,
  PlanDependant,
  PlanPatch,
  PlanProbe,
  PlanStatus,
} from './generated/types';
import {
  lintFindingSchema,
  parityCapabilitySchema,
  planContentSchema,
} from './generated/zod';
import { findingSchema } from '../lint/finding';

/** Compiles only when a value of type `Domain` is a valid `Api` value. */
type Assignable<Domain, Api> = [Domain] extends [Api] ? true : false;
const checks: Record<string, true> = {
  finding: true as Assignable<Finding, LintFinding>,
  capability: true as Assignable<CapabilityResult, ParityCapability>,
  evidence: true as Assignable<
    CapabilityResult['evidence'][number],
    CapabilityEvidence
  >,
  plan: true as Assignable<RemediationPlan, PlanContent>,
  patch: true as Assignable<Patch, PlanPatch>,
  dependant: true as Assignable<PatchDependant, PlanDependant>,
  probe: true as Assignable<PatchProbe, PlanProbe>,
  status: true as Assignable<RemediationPlanStatus, PlanStatus>,
  outcome: true as Assignable<ApplyOutcome, ApplyReport>,
};

describe('the domain types and the REST contract', () => {
  it('agree: what the engine produces is what the API documents', () => {
    // The type-check above is the test; it fails to compile when they drift.
    expect(Object.values(checks).every(Boolean)).toBe(true);
    const finding = findingSchema.parse({
      name: 'rls_disabled_in_public',
      title: 'RLS Disabled in Public',
      level: 'ERROR',
      facing: 'EXTERNAL',
      categories: ['SECURITY'],
      description: 'd',
      detail: 'Table public.t is public, but RLS has not been enabled.',
      remediation: 'https://supabase.com/docs/guides/database/database-linter',
      metadata: { schema: 'public', name: 't', type: 'table' },
      cache_key: 'rls_disabled_in_public_public_t',
      severity: 5,
      fixable: true,
    });
    expect(lintFindingSchema.safeParse(finding).success).toBe(true);
    expect(parityCapabilitySchema.safeParse({}).success).toBe(false);
    expect(planContentSchema.safeParse({}).success).toBe(false);
  });
});
