import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { RemediationService } from '../remediation/RemediationService';
import { JobFilter, listJobs } from '../store/jobStore';
import { OpsStore, ScanRecord } from '../store/OpsStore';
import {
  RemediationPlanRecord,
  RemediationStore,
} from '../store/remediationStore';
import { ScanRequestService } from './ScanRequestService';

export type FoundJob =
  | { type: 'scan'; entityRef: string; scan: ScanRecord }
  | { type: 'remediation'; entityRef: string; plan: RemediationPlanRecord };

/** Scans and remediation applies seen as one list of jobs, and retried after a failure. */
export class JobService {
  constructor(
    private readonly deps: {
      knex: Knex;
      store: OpsStore;
      plans: RemediationStore;
      scans: ScanRequestService;
      remediation: RemediationService;
    },
  ) {}

  list(filter: JobFilter) {
    return listJobs(this.deps.knex, filter);
  }

  async find(id: string): Promise<FoundJob | undefined> {
    const scan = await this.deps.store.getScan(id);
    if (scan) return { type: 'scan', entityRef: scan.entityRef, scan };
    const plan = await this.deps.plans.get(id);
    return plan
      ? { type: 'remediation', entityRef: plan.entityRef, plan }
      : undefined;
  }

  /** Runs a failed job again: a scan is queued anew, an apply runs as it ran the last time. */
  async retry(job: FoundJob, requestedBy: string) {
    if (job.type === 'scan')
      return { scanId: await this.deps.scans.retry(job.scan, requestedBy) };
    const { plan } = job;
    if (plan.status !== 'failed')
      throw new ConflictError(
        plan.status === 'partial'
          ? `Job ${plan.id} is a remediation plan that was partly applied; build a new plan for the findings that are left`
          : `Job ${plan.id} is a remediation plan that is ${plan.status}; only failed applies can be retried`,
      );
    const started = await this.deps.remediation.startApply(
      plan.id,
      requestedBy,
      { dryRun: false, allOrNothing: plan.allOrNothing },
    );
    return { planId: started.id, status: started.status };
  }
}
