import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Capability,
  Finding,
  ParityMatrix,
} from '@platform-kit/plugin-platform-kit-common';
import { evaluateParity } from '@platform-kit/plugin-platform-kit-node';
import { Knex } from 'knex';
import { OpsStore } from '../store/OpsStore';
import {
  Db,
  dependentsOf,
  entityProfile,
  findingsOf,
  latestOwnScan,
  OwnScan,
  recordParity,
} from '../store/parityStore';

/** Database scans and results pushed by CI carry findings; repository and connector scans carry facts. */
export const carriesFindings = (kind: string | undefined) =>
  kind !== 'repository' && kind !== 'connector';

/** Scans whose facts an entity takes over: a connector's, for the entities ingested from it. */
const sharesFacts = (kind: string | undefined) => kind === 'connector';

type FactScan = Pick<OwnScan, 'kind' | 'facts' | 'factsObservedAt'>;

/**
 * Own facts (repository, connector) and the facts of connectors the entity
 * was ingested from, with when the timed ones were observed.
 */
function factsOf(own: FactScan | undefined, shared: FactScan[]) {
  const sources = [
    ...shared,
    ...(own && !carriesFindings(own.kind) ? [own] : []),
  ];
  if (!sources.length) return { facts: undefined, factsObservedAt: undefined };
  return {
    facts: Object.assign({}, ...sources.map(s => s.facts ?? {})),
    factsObservedAt: Object.assign(
      {},
      ...sources.map(s => s.factsObservedAt ?? {}),
    ),
  };
}

export interface ParityServiceOptions {
  knex: Knex;
  store: OpsStore;
  logger: LoggerService;
  capabilities: Capability[];
  projectId: string;
  /** Told when an entity's parity was re-evaluated and committed; must not throw. */
  onEvaluated?: (entityRef: string) => void;
}

/** What decided an evaluation: the entity's own scan and the scans of what it depends on. */
export interface ParitySources {
  own?: { scanId: string; kind?: string };
  dependencies: { entityRef: string; scanId: string }[];
}

/**
 * Evaluates an entity's parity from its profile (which capabilities apply),
 * its own latest good scan (findings or facts) and the latest good database
 * scans of the entities it depends on, with its active exemptions.
 */
export class ParityService {
  constructor(private readonly options: ParityServiceOptions) {}

  /**
   * Evaluates and records one entity; undefined when nothing has been scanned
   * that could decide it, or when its latest data are results pushed by CI
   * (those stand as pushed).
   */
  async evaluate(
    entityRef: string,
    db: Db = this.options.knex,
  ): Promise<ParityMatrix | undefined> {
    const { capabilities, projectId, store } = this.options;
    const profile = await entityProfile(db, entityRef);
    const applicable = profile?.applicable ?? profile?.capabilities ?? [];
    const own = await latestOwnScan(db, entityRef);
    if (own?.kind === 'pushed-results') return undefined;
    const scanned = await Promise.all(
      (profile?.dependsOn ?? []).map(async ref => ({
        ref,
        scan: await latestOwnScan(db, ref),
      })),
    );
    const dependencies = scanned.filter(
      d => d.scan && carriesFindings(d.scan.kind),
    );
    const factSources = scanned.filter(d => d.scan && sharesFacts(d.scan.kind));
    if (!own && dependencies.length === 0 && factSources.length === 0)
      return undefined;

    let findings: Finding[] | undefined;
    const ownFindings = own && carriesFindings(own.kind);
    if (ownFindings || dependencies.length) {
      findings = [];
      if (ownFindings) findings.push(...(await findingsOf(db, own.scanId)));
      for (const d of dependencies)
        findings.push(...(await findingsOf(db, d.scan!.scanId)));
    }
    const now = new Date();
    const exemptions = (await store.listExemptions(entityRef)).filter(
      e => new Date(e.expiresAt).getTime() > now.getTime(),
    );
    const matrix = evaluateParity({
      entityRef,
      applicable,
      capabilities,
      findings,
      ...factsOf(
        own,
        factSources.map(d => d.scan!),
      ),
      exemptions,
      now,
    });
    await recordParity(db, projectId, matrix, own?.scanId ?? null);
    // In a caller's transaction, the caller announces it once committed.
    if (db === this.options.knex) this.announce(entityRef);
    return matrix;
  }

  /** Tells listeners that the entity's parity changed (after an evaluation in a transaction). */
  announce(entityRef: string): void {
    this.options.onEvaluated?.(entityRef);
  }

  /** Re-evaluates the entities that take capabilities over from this one; failures are logged. */
  async evaluateDependents(
    entityRef: string,
    alreadyEvaluated: Set<string> = new Set(),
  ): Promise<string[]> {
    const refs = await dependentsOf(this.options.knex, entityRef);
    const done: string[] = [];
    for (const ref of refs.filter(r => !alreadyEvaluated.has(r))) {
      try {
        if (await this.evaluate(ref)) done.push(ref);
      } catch (error) {
        this.options.logger.warn(
          `re-evaluating ${ref} after ${entityRef} changed failed: ${error}`,
        );
      }
    }
    return done;
  }

  /** Where an entity's findings come from: its own database scan and its dependencies'. */
  async sources(entityRef: string): Promise<ParitySources> {
    const { knex } = this.options;
    const profile = await entityProfile(knex, entityRef);
    const own = await latestOwnScan(knex, entityRef);
    const dependencies: ParitySources['dependencies'] = [];
    for (const ref of profile?.dependsOn ?? []) {
      const scan = await latestOwnScan(knex, ref);
      if (scan && carriesFindings(scan.kind))
        dependencies.push({ entityRef: ref, scanId: scan.scanId });
    }
    return {
      own: own ? { scanId: own.scanId, kind: own.kind } : undefined,
      dependencies,
    };
  }
}
