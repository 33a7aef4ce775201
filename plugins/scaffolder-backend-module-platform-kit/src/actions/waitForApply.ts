import { setTimeout as sleep } from 'node:timers/promises';
import {
  PlatformKitApiError,
  RemediationPlanRecord,
} from '@platform-kit/plugin-platform-kit-common';

/** How long the apply action waits for an apply by default, and at the most. */
export const DEFAULT_APPLY_TIMEOUT_MINUTES = 60;
export const MAX_APPLY_TIMEOUT_MINUTES = 24 * 60;

/**
 * Answers of a poll that a restarting replica or its proxy gives (no answer,
 * 502, 503, 504): the apply runs on as a job, so the wait goes on.
 */
const UNAVAILABLE = new Set([0, 502, 503, 504]);

/**
 * Polls a plan while it is applying and returns it once the apply ended.
 * Each answer goes to `onPoll`. Throws when the task is cancelled, when the
 * control plane refuses a poll, and when the plan is still applying after
 * `timeoutMinutes`: the apply may still finish then (it runs as a job of the
 * control plane), so the message says where its outcome shows.
 */
export async function waitForApply(options: {
  plan: RemediationPlanRecord;
  /** Reads the plan; `signal` aborts the call (the deadline, a cancelled task). */
  getPlan: (id: string, signal: AbortSignal) => Promise<RemediationPlanRecord>;
  timeoutMinutes: number;
  intervalMs: number;
  /** The task's signal: fires when it is cancelled. */
  cancelled?: AbortSignal;
  onPoll: (plan: RemediationPlanRecord) => void;
  /** A poll the control plane could not answer (the wait goes on). */
  onUnavailable: (error: PlatformKitApiError) => void;
}): Promise<RemediationPlanRecord> {
  const { plan, timeoutMinutes, cancelled } = options;
  const deadline = AbortSignal.timeout(timeoutMinutes * 60_000);
  const stop = cancelled ? AbortSignal.any([cancelled, deadline]) : deadline;
  let current = plan;
  let lastFailure: string | undefined;
  for (;;) {
    if (cancelled?.aborted) throw new Error('Task cancelled');
    if (deadline.aborted)
      throw new Error(
        `Remediation plan ${plan.id} is still ${
          current.status
        } after ${timeoutMinutes} min (timeoutMinutes)${
          lastFailure ? `; the last poll failed: ${lastFailure}` : ''
        }. The task stops waiting, but the apply may still finish: the task log shows its progress so far, and the plan (the entity's remediation plans, or Platform Kit's Jobs page) shows its outcome`,
      );
    if (current.status !== 'applying') return current;
    try {
      await sleep(options.intervalMs, undefined, { signal: stop });
      current = await options.getPlan(plan.id, stop);
      lastFailure = undefined;
      options.onPoll(current);
    } catch (error) {
      if (stop.aborted) continue;
      if (!PlatformKitApiError.is(error) || !UNAVAILABLE.has(error.status))
        throw error;
      // Said once, not at every poll, while the control plane stays away.
      if (error.message !== lastFailure) options.onUnavailable(error);
      lastFailure = error.message;
    }
  }
}
