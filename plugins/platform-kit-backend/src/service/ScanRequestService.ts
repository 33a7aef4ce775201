import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { EntityRef } from '@platform-kit/plugin-platform-kit-common';
import { ScanRecord } from '../store/OpsStore';
import { EntityLookup } from './EntityLookup';
import { TargetLookup } from './TargetLookup';

export interface ScanRequestDeps {
  targets: TargetLookup;
  entities: EntityLookup;
  /** Queues a scan of a target and starts it; resolves to the scan id. */
  requestScan(entityRef: string, requestedBy: string): Promise<string>;
  /**
   * Gives an entity without a configured target one discovered from the
   * catalog (read with the caller's credentials); resolves to why it has none.
   */
  discoverTarget?(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ reason?: string }>;
}

/** Scans on request: of the entity's own target, or of what it depends on. */
export class ScanRequestService {
  constructor(private readonly deps: ScanRequestDeps) {}

  async request(
    entityRef: EntityRef,
    requestedBy: string,
    credentials: BackstageCredentials,
  ): Promise<{ scanId: string; scanIds: string[] }> {
    const { targets, entities, discoverTarget } = this.deps;
    // A discovered target is checked against the catalog again: its annotation may be gone.
    const own = targets.get(entityRef);
    const discovery =
      (!own || own.discovered) && discoverTarget
        ? await discoverTarget(entityRef, credentials)
        : {};
    const refs = await entities.scannableRefs(entityRef);
    if (!refs.length)
      throw new NotFoundError(
        `No Platform Kit target for ${entityRef} or anything it depends on${
          discovery.reason ? `: ${discovery.reason}` : ''
        }`,
      );
    const scanIds: string[] = [];
    for (const ref of refs)
      scanIds.push(await this.deps.requestScan(ref, requestedBy));
    return { scanId: scanIds[0], scanIds };
  }

  /** Scans a target again after a failed scan. */
  async retry(scan: ScanRecord, requestedBy: string): Promise<string> {
    if (scan.status !== 'failed')
      throw new ConflictError(
        `Job ${scan.id} is ${scan.status}; only failed jobs can be retried`,
      );
    return this.deps.requestScan(scan.entityRef, requestedBy);
  }
}
