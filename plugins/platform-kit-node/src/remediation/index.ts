/**
 * Remediation: patches for findings, plans of them, their SQL, and the
 * guarded apply that verifies a plan by a re-scan.
 */
export { buildPlan, planSteps, FIXABLE_LINTS } from './buildPlan';
export type { BuildPlanInput } from './buildPlan';
export { renderPlanSql, DEFAULT_GUARDS } from './renderPlan';
export type { GuardSettings } from './renderPlan';
export type { BuildContext, PatchBuilder, PatchDraft } from './types';
export { applyPlan } from './apply/applyPlan';
export { DEFAULT_LOCK_RETRIES, DEFAULT_BACKOFF_MS } from './apply/types';
export type {
  ApplyPlanOptions,
  ApplyLogLevel,
  ApplySession,
} from './apply/types';
export { endApplySession } from './apply/session';
export type { EndSessionResult } from './apply/session';
export { findAppCallers } from './appCallers/findAppCallers';
export {
  readAppSource,
  isAppSourcePath,
  MAX_APP_SOURCE_FILE_BYTES,
} from './appCallers/readAppSource';
export type { AppCallers, AppCallSite } from './appCallers/types';
export { preflightPlan } from './preflight/preflightPlan';
