import { RemediationPlanRecord } from '../../api/types';

/** The scaffolder template that applies plans (`templates/remediation/template.yaml`). */
export const REMEDIATION_TEMPLATE_REF =
  'template:default/platform-kit-remediation';

/** The template's form, for users who want to change its options before running it. */
export const REMEDIATION_TEMPLATE_PATH =
  '/create/templates/default/platform-kit-remediation';

/** How to apply a plan. */
export interface ApplyOptions {
  /** Roll back every finding when one fails (default: the others commit). */
  allOrNothing?: boolean;
}

/** The template's inputs that apply exactly this plan. */
export function remediationTaskValues(
  plan: RemediationPlanRecord,
  options: ApplyOptions = {},
) {
  return {
    entityRef: plan.entityRef,
    planId: plan.id,
    allOrNothing: options.allOrNothing ?? false,
  };
}

/** Link to the remediation template, prefilled with this plan. */
export function remediationTaskLink(
  plan: RemediationPlanRecord,
  options: ApplyOptions = {},
): string {
  return `${REMEDIATION_TEMPLATE_PATH}?formData=${encodeURIComponent(
    JSON.stringify(remediationTaskValues(plan, options)),
  )}`;
}

const STORAGE_KEY = 'platform-kit:remediation-tasks';

/** Scaffolder tasks started from this browser, by plan id: the live log stays one click away after a reload. */
export const startedTasks = {
  get(planId: string): string | undefined {
    return this.all()[planId];
  },
  set(planId: string, taskId: string) {
    try {
      const all = { ...this.all(), [planId]: taskId };
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(all));
    } catch {
      // storage full or disabled: the link is shown until the panel unmounts
    }
  },
  all(): Record<string, string> {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? '{}');
    } catch {
      return {};
    }
  },
};
