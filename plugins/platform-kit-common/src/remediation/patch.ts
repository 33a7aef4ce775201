import { z } from 'zod';

/**
 * How much a step can change what users of the database see.
 *
 * @public
 */
export const patchRiskSchema = z.enum([
  'safe',
  'behaviour-change',
  'destructive',
]);
/** @public */
export type PatchRisk = z.infer<typeof patchRiskSchema>;

/**
 * One SQL statement of a patch, with why it is there and what it fixes.
 *
 * @public
 */
export const patchStepSchema = z.object({
  id: z.string().min(1),
  sql: z.string().min(1),
  rationale: z.string().min(1),
  risk: patchRiskSchema,
  /** False for statements that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`). */
  transactional: z.boolean(),
  /** cache_keys of the findings this step resolves. */
  resolves: z.array(z.string()),
  /** Tables (quoted, schema-qualified SQL names) whose rows must stay as they are. */
  tables: z.array(z.string()).default([]),
  /** Functions (`schema.name(identity args)`, quoted) that must still resolve their objects after it. */
  functions: z.array(z.string()).default([]),
});
/** @public */
export type PatchStep = z.infer<typeof patchStepSchema>;

/**
 * The fix of one finding: ordered steps, or a manual plan when no safe SQL exists.
 *
 * @public
 */
export const patchSchema = z.object({
  lint: z.string().min(1),
  /** cache_key of the finding. */
  findingKey: z.string().min(1),
  title: z.string().min(1),
  steps: z.array(patchStepSchema),
  /** Set when the fix needs a human (e.g. a non-relocatable extension); steps are then empty. */
  manual: z
    .object({ reason: z.string().min(1), instructions: z.string().min(1) })
    .nullable(),
});
/** @public */
export type Patch = z.infer<typeof patchSchema>;

/** @public */
export const remediationPlanStatusSchema = z.enum([
  'pending',
  'applying',
  'applied',
  'failed',
]);
/** @public */
export type RemediationPlanStatus = z.infer<typeof remediationPlanStatusSchema>;

/**
 * What a plan contains: patches for the selected findings of one target.
 *
 * @public
 */
export const remediationPlanSchema = z.object({
  targetRef: z.string().min(1),
  createdAt: z.string(),
  includeDestructive: z.boolean(),
  patches: z.array(patchSchema),
  /** Findings selected that have no patch (not fixable, or destructive without opt-in). */
  skipped: z.array(z.object({ findingKey: z.string(), reason: z.string() })),
});
/** @public */
export type RemediationPlan = z.infer<typeof remediationPlanSchema>;

/** @public */
export const stepOutcomeSchema = z.object({
  stepId: z.string(),
  status: z.enum(['applied', 'failed', 'skipped']),
  attempts: z.number().int().min(0),
  durationMs: z.number().min(0),
  error: z.string().optional(),
});
/** @public */
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;

/**
 * The outcome of applying a plan: applied only when the re-scan no longer finds what it fixes.
 *
 * @public
 */
export const applyOutcomeSchema = z.object({
  status: z.enum(['applied', 'failed']),
  reason: z.string().optional(),
  steps: z.array(stepOutcomeSchema),
  /** Findings the plan meant to fix that the re-scan still reports. */
  remaining: z.array(z.string()),
  /** Rows of the tables the plan touched, before and after: they must be equal. */
  rowCounts: z.record(
    z.string(),
    z.object({ before: z.number(), after: z.number() }),
  ),
});
/** @public */
export type ApplyOutcome = z.infer<typeof applyOutcomeSchema>;
