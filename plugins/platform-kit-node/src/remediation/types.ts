import {
  Finding,
  Inventory,
  Patch,
} from '@platform-kit/plugin-platform-kit-common';
import { AppCallers } from './appCallers/types';

/** @public */
export interface BuildContext {
  /** The inventory the findings came from (the latest scan). */
  inventory: Inventory;
  /**
   * Enabling RLS also adds policy skeletons where a table has an owner column
   * (e.g. `user_id uuid`), so that owners keep access (default false: RLS
   * without policies denies the API roles everything).
   */
  policySkeletons?: boolean;
  /** Every finding the plan fixes (a builder may combine findings on one object). */
  findings?: Finding[];
  /** The application's callers from its source; undefined when no source was given. */
  appCallers?: AppCallers;
}

/**
 * A patch as a builder returns it: the plan adds the dependants and probes
 * the builder did not set (see `buildPlan`).
 *
 * @public
 */
export type PatchDraft = Omit<Patch, 'dependants' | 'probes'> &
  Partial<Pick<Patch, 'dependants' | 'probes'>>;

/**
 * Builds the patch of one kind of finding.
 *
 * @public
 */
export interface PatchBuilder {
  /** Lint names whose findings it fixes. */
  lints: string[];
  /**
   * The patch for a finding: steps, or a manual plan (`manual` set, no steps)
   * when no safe SQL exists. Throws when the finding's object is not in the
   * inventory.
   */
  build(finding: Finding, context: BuildContext): PatchDraft;
}
