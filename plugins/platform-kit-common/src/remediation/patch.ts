import { z } from 'zod';
import { dependantKindSchema } from '../inventory/schema';

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
 * Something that uses an object a patch changes, and as which roles: found
 * in the database's catalogs, in routine bodies, or in the application's
 * source (`app_call`: `supabase.rpc('name')`, `/rest/v1/rpc/name`,
 * `.from('table')`).
 *
 * @public
 */
export const patchDependantSchema = z.object({
  /** What the scan finds (`Dependant.kind`), an application call, or a role's table grant. */
  kind: z.enum([...dependantKindSchema.options, 'app_call', 'table_grant']),
  /** The dependant for people, e.g. `policy "members read" on public.posts (SELECT to authenticated, USING)`. */
  description: z.string().min(1),
  /** The roles it is used as (API roles; `public` expanded). */
  roles: z.array(z.string()),
  /** Whether the patch keeps it working (the fix was chosen for it) or it is why the fix needs a human. */
  effect: z.enum(['kept', 'blocks', 'unaffected']),
  /** Where in the application's source (`path:line`), for app calls. */
  location: z.string().optional(),
});
/** @public */
export type PatchDependant = z.infer<typeof patchDependantSchema>;

/**
 * A behaviour check the apply runs inside its transaction, as `role` with the
 * JWT claims a caller would send, before the patch's steps and after them:
 * what worked before must still work (no data is read or written: `LIMIT 0`,
 * `WHERE false`, privilege functions).
 *
 * @public
 */
export const patchProbeSchema = z.object({
  id: z.string().min(1),
  /** What it exercises, for people. */
  description: z.string().min(1),
  role: z.string().min(1),
  sql: z.string().min(1),
});
/** @public */
export type PatchProbe = z.infer<typeof patchProbeSchema>;

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
  /** What uses the objects the patch changes (empty when nothing does). */
  dependants: z.array(patchDependantSchema).default([]),
  /** The behaviour checks the apply runs for it before COMMIT. */
  probes: z.array(patchProbeSchema).default([]),
});
/** @public */
export type Patch = z.infer<typeof patchSchema>;

/** @public */
export const remediationPlanStatusSchema = z.enum([
  'pending',
  'applying',
  'applied',
  'partial',
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
  /**
   * Steps the applying role may lack the privileges for, found before
   * anything runs (e.g. `ALTER EXTENSION … SET SCHEMA` of an extension with
   * text search objects needs a superuser): their findings are not applied.
   */
  preflight: z
    .array(
      z.object({
        findingKey: z.string(),
        stepId: z.string(),
        problem: z.string(),
      }),
    )
    .default([]),
  /** The application source searched for callers, or null when none was given. */
  appSource: z
    .object({
      origin: z.string(),
      files: z.number().int().min(0),
    })
    .nullable()
    .default(null),
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

/** @public */
export const probeOutcomeSchema = z.object({
  probeId: z.string(),
  role: z.string(),
  description: z.string(),
  /** `ok`, or the error before the steps (such a probe proves nothing and is not held against the fix). */
  before: z.string(),
  /** `ok`, the error after the steps, or `not-run`. */
  after: z.string(),
});
/** @public */
export type ProbeOutcome = z.infer<typeof probeOutcomeSchema>;

/**
 * What happened to one finding of the plan.
 *
 * - `applied`: its steps committed (and, once verified, the re-scan no longer finds it).
 * - `rolled-back`: a step or a probe failed; its steps were undone, the others went on.
 * - `not-run`: the pre-flight, an earlier failure (all-or-nothing) or a lost connection stopped it.
 * - `needs-human`: the plan has no SQL for it; see the patch's manual instructions.
 *
 * @public
 */
export const findingOutcomeSchema = z.object({
  findingKey: z.string(),
  status: z.enum(['applied', 'rolled-back', 'not-run', 'needs-human']),
  reason: z.string().optional(),
  probes: z.array(probeOutcomeSchema).default([]),
});
/** @public */
export type FindingOutcome = z.infer<typeof findingOutcomeSchema>;

/**
 * The outcome of applying a plan: applied only when the re-scan no longer finds what it fixes.
 *
 * @public
 */
export const applyOutcomeSchema = z.object({
  /** `partial`: some findings committed, others were rolled back or not run (see `findings`). */
  status: z.enum(['applied', 'partial', 'failed']),
  reason: z.string().optional(),
  steps: z.array(stepOutcomeSchema),
  /** Per finding: what happened and the probes that ran for it. */
  findings: z.array(findingOutcomeSchema).default([]),
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
