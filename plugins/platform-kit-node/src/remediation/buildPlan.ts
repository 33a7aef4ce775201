import {
  Finding,
  Inventory,
  Patch,
  PatchStep,
  RemediationPlan,
} from '@platform-kit/plugin-platform-kit-common';
import { AppCallers } from './appCallers/types';
import { PATCH_BUILDERS } from './builders';

/** @public */
export interface BuildPlanInput {
  /** The entity ref or target the plan is for. */
  targetRef: string;
  inventory: Inventory;
  findings: Finding[];
  /** Only findings of these lints (default: every fixable finding). */
  lints?: string[];
  /** Only these findings (cache_keys). */
  findingKeys?: string[];
  /** Let destructive steps in (default false: such patches are skipped). */
  includeDestructive?: boolean;
  /** Add owner policy skeletons when enabling RLS (see BuildContext). */
  policySkeletons?: boolean;
  /** The application's callers, from its source (see `findAppCallers`). */
  appCallers?: AppCallers;
  /** Findings (cache_keys) to leave out: they are listed as skipped, "excluded". */
  excludeFindingKeys?: string[];
  now?: Date;
}

const builderByLint = new Map(
  PATCH_BUILDERS.flatMap(b => b.lints.map(lint => [lint, b] as const)),
);

/**
 * The lints a patch can be built for.
 *
 * @public
 */
export const FIXABLE_LINTS = [...builderByLint.keys()].sort();

/**
 * A remediation plan for the selected findings: one patch per finding, or the
 * reason it has none (no builder, destructive without opt-in, or a builder
 * error such as an object that no longer exists).
 *
 * @public
 */
export function buildPlan(input: BuildPlanInput): RemediationPlan {
  const includeDestructive = input.includeDestructive ?? false;
  const excluded = new Set(input.excludeFindingKeys ?? []);
  const chosen = input.findings.filter(
    f =>
      (!input.lints || input.lints.includes(f.name)) &&
      (!input.findingKeys || input.findingKeys.includes(f.cache_key)),
  );
  const selected = chosen.filter(f => !excluded.has(f.cache_key));
  const patches: Patch[] = [];
  const skipped: RemediationPlan['skipped'] = chosen
    .filter(f => excluded.has(f.cache_key))
    .map(f => ({ findingKey: f.cache_key, reason: 'excluded by the user' }));
  for (const finding of selected) {
    const builder = builderByLint.get(finding.name);
    if (!builder) {
      skipped.push({
        findingKey: finding.cache_key,
        reason: `no automatic fix for ${finding.name}`,
      });
      continue;
    }
    let patch: Patch;
    try {
      const draft = builder.build(finding, {
        inventory: input.inventory,
        policySkeletons: input.policySkeletons,
        findings: selected,
        appCallers: input.appCallers,
      });
      patch = {
        ...draft,
        dependants: draft.dependants ?? [],
        probes: draft.probes ?? [],
      };
    } catch (error) {
      skipped.push({
        findingKey: finding.cache_key,
        reason: (error as Error).message,
      });
      continue;
    }
    if (
      !includeDestructive &&
      patch.steps.some(s => s.risk === 'destructive')
    ) {
      skipped.push({
        findingKey: finding.cache_key,
        reason: 'destructive: include destructive steps to apply it',
      });
      continue;
    }
    patches.push(patch);
  }
  return {
    targetRef: input.targetRef,
    createdAt: (input.now ?? new Date()).toISOString(),
    includeDestructive,
    patches: runOrder(patches),
    skipped,
    preflight: [],
    appSource: input.appCallers
      ? { origin: input.appCallers.origin, files: input.appCallers.files }
      : null,
  };
}

/**
 * Patches that move a routine to another schema run last: the other patches
 * of the plan name it where it is now (e.g. pinning its search_path).
 */
function runOrder(patches: Patch[]): Patch[] {
  const moves = (p: Patch) =>
    p.steps.some(s => s.id.startsWith('move-routine:'));
  return [...patches.filter(p => !moves(p)), ...patches.filter(moves)];
}

/**
 * The steps of a plan in the order they run: transactional steps first (in
 * patch order), then the ones that cannot run in a transaction. A statement
 * two patches share (e.g. creating the `extensions` schema) runs once.
 *
 * @public
 */
export function planSteps(plan: RemediationPlan): PatchStep[] {
  const seen = new Map<string, PatchStep>();
  for (const step of plan.patches.flatMap(p => p.steps)) {
    const existing = seen.get(step.sql);
    if (existing) {
      existing.resolves = [
        ...new Set([...existing.resolves, ...step.resolves]),
      ];
      continue;
    }
    seen.set(step.sql, { ...step, resolves: [...step.resolves] });
  }
  const steps = [...seen.values()];
  return [
    ...steps.filter(s => s.transactional),
    ...steps.filter(s => !s.transactional),
  ];
}
