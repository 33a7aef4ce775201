import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Finding, Inventory } from '@platform-kit/plugin-platform-kit-common';
import {
  buildPlan,
  connectionStringSecrets,
  FIXABLE_LINTS,
  preflightPlan,
  redactSecrets,
  renderPlanSql,
} from '@platform-kit/plugin-platform-kit-node';
import { applyJob, applyJobHandler } from '../jobs/applyJobs';
import { JobWorkers } from '../jobs/JobWorkers';
import { ScanTarget } from '../scan/ScanService';
import { AppSourceResult } from './appSource';
import { readLocalAppSource } from './localAppSource';
import { OpsStore } from '../store/OpsStore';
import {
  RemediationPlanRecord,
  RemediationStore,
} from '../store/remediationStore';

export interface PlanSelection {
  findingKeys?: string[];
  /** Findings left out (listed as skipped, excluded by the user). */
  excludeFindingKeys?: string[];
  lints?: string[];
  includeDestructive?: boolean;
  policySkeletons?: boolean;
}

export interface RemediationServiceOptions {
  store: OpsStore;
  plans: RemediationStore;
  logger: LoggerService;
  /** The targets by entity ref (configured and discovered). */
  targets: { get(entityRef: string): ScanTarget | undefined };
  /** Queues a scan so that findings, parity and scores reflect an applied plan. */
  requestScan(entityRef: string, requestedBy: string): Promise<string>;
  /** The job mechanism: applies are its `remediation` jobs (lease, heartbeat, reaper). */
  jobs: JobWorkers;
  /** How long an apply waits for another one on the same target (default 60 s). */
  waitForLockMs?: number;
  /** The application's callers from the repository the target's entity links; none when absent. */
  appSource?: {
    read(
      entityRef: string,
      credentials: BackstageCredentials,
    ): Promise<AppSourceResult>;
  };
}

/**
 * Remediation plans of database targets: built from the latest good scan,
 * stored as pending, applied (guarded, verified by a re-scan) as a leased
 * job on any replica (see jobs/applyJobs), with their log and outcome in
 * the ops store.
 */
export class RemediationService {
  constructor(private readonly options: RemediationServiceOptions) {
    options.jobs.register(
      applyJobHandler({
        plans: options.plans,
        logger: options.logger,
        targets: options.targets,
        requestScan: options.requestScan,
        waitForLockMs: options.waitForLockMs ?? 60_000,
      }),
    );
  }

  private databaseTarget(entityRef: string) {
    const target = this.options.targets.get(entityRef);
    if (!target || target.config.kind !== 'supabase-project')
      throw new NotFoundError(
        `No Supabase / PostgreSQL target for ${entityRef}: only database targets have remediation plans`,
      );
    return { target, config: target.config };
  }

  async createPlan(
    entityRef: string,
    selection: PlanSelection,
    by: { createdBy: string; credentials: BackstageCredentials },
  ): Promise<RemediationPlanRecord> {
    const { target, config } = this.databaseTarget(entityRef);
    // An empty list (a form left empty) means no restriction.
    const lints = selection.lints?.length ? selection.lints : undefined;
    const findingKeys = selection.findingKeys?.length
      ? selection.findingKeys
      : undefined;
    const unknown = (lints ?? []).filter(l => !FIXABLE_LINTS.includes(l));
    if (unknown.length)
      throw new InputError(
        `No automatic fix for ${unknown.join(
          ', ',
        )}; fixable lints: ${FIXABLE_LINTS.join(', ')}`,
      );
    const { store } = this.options;
    const scanId = await store.latestScanId(entityRef);
    if (!scanId)
      throw new NotFoundError(
        `${entityRef} has not been scanned successfully yet: scan it first`,
      );
    const [inventory, findings] = await Promise.all([
      store.snapshot(scanId) as Promise<Inventory>,
      store.findings(scanId) as Promise<Finding[]>,
    ]);
    const known = new Set(findings.map(f => f.cache_key));
    const missing = [
      ...(findingKeys ?? []),
      ...(selection.excludeFindingKeys ?? []),
    ].filter(k => !known.has(k));
    if (missing.length)
      throw new InputError(
        `Not among the latest findings of ${entityRef}: ${[
          ...new Set(missing),
        ].join(', ')}`,
      );
    // Reading the application's source never fails the plan: it is built without callers.
    const source: AppSourceResult = config.appSourcePath
      ? await readLocalAppSource(config.appSourcePath)
      : (await this.options.appSource?.read(entityRef, by.credentials)) ?? {};
    const warnings = source.warning ? [source.warning] : [];
    let plan = buildPlan({
      targetRef: entityRef,
      inventory,
      findings,
      lints,
      findingKeys,
      excludeFindingKeys: selection.excludeFindingKeys,
      includeDestructive: selection.includeDestructive,
      policySkeletons: selection.policySkeletons,
      appCallers: source.callers,
    });
    // The connecting role's privileges for every step, checked before anything runs.
    if (config.connectionString && plan.patches.length) {
      const secrets = connectionStringSecrets(config.connectionString);
      try {
        plan = await preflightPlan(config.connectionString, plan);
      } catch (error) {
        warnings.push(
          `The pre-flight check of the connecting role's privileges could not run: ${redactSecrets(
            String((error as Error).message ?? error),
            secrets,
          )}`,
        );
      }
    }
    for (const warning of warnings)
      this.options.logger.warn(`remediation plan for ${entityRef}: ${warning}`);
    return this.options.plans.create({
      projectId: target.record.projectId,
      targetId: target.record.id,
      entityRef,
      scanId,
      plan,
      sql: renderPlanSql(plan),
      createdBy: by.createdBy,
      warnings,
    });
  }

  /**
   * Starts applying a plan (or a dry run): claims it and queues its job in
   * one transaction; resolves once it is claimed, the apply runs as a job.
   */
  async startApply(
    planId: string,
    appliedBy: string,
    options: { dryRun: boolean; allOrNothing?: boolean },
  ): Promise<RemediationPlanRecord> {
    const { plans, jobs } = this.options;
    const record = await plans.get(planId);
    if (!record) throw new NotFoundError(`No remediation plan ${planId}`);
    const { target, config } = this.databaseTarget(record.entityRef);
    if (!options.dryRun && !config.connectionString)
      throw new InputError(
        `${record.entityRef} is scanned through the Supabase Management API; applying a plan needs a direct connection string (platformKit.targets[].connectionString)`,
      );
    const payload = {
      dryRun: options.dryRun,
      allOrNothing: options.allOrNothing ?? false,
    };
    const claimed = await plans.claim(planId, appliedBy, payload, async trx => {
      await jobs.enqueue(applyJob(planId, target.record, payload), trx);
    });
    if (!claimed)
      throw new ConflictError(
        record.status === 'partial'
          ? `Plan ${planId} was partly applied; build a new plan for the findings that are left`
          : `Plan ${planId} is ${record.status}; only pending or failed plans can be applied`,
      );
    jobs.wake();
    return (await plans.get(planId))!;
  }
}
