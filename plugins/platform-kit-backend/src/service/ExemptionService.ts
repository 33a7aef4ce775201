import { InputError, NotFoundError } from '@backstage/errors';
import { EntityRef } from '@platform-kit/plugin-platform-kit-common';
import { ParityService } from '../parity/ParityService';
import { ControlPlaneSignals } from '../signals/controlPlaneSignals';
import { ExemptionRecord, OpsStore } from '../store/OpsStore';
import { EntityLookup } from './EntityLookup';

/** An exemption lasts at most this long; it must be renewed (with a reason) after. */
export const MAX_EXEMPTION_DAYS = 366;
const DAY_MS = 86_400_000;

export interface ExemptionRequest {
  entityRef: EntityRef;
  capabilityId: string;
  reason: string;
  expiresAt: string;
  requestedBy: string;
}

/**
 * Exemptions: a capability that does not count against an entity until a
 * date, for a stated reason. Creating or revoking one re-evaluates the entity
 * so scorecards and metrics count it at once.
 */
export class ExemptionService {
  constructor(
    private readonly deps: {
      store: OpsStore;
      parity: ParityService;
      entities: EntityLookup;
      projectId: string;
      capabilityIds: ReadonlySet<string>;
      signals?: ControlPlaneSignals;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  async list(
    entityRef?: EntityRef,
  ): Promise<(ExemptionRecord & { active: boolean })[]> {
    const now = this.now();
    return (await this.deps.store.listExemptions(entityRef)).map(e => ({
      ...e,
      active: new Date(e.expiresAt).getTime() > now,
    }));
  }

  async create(request: ExemptionRequest): Promise<ExemptionRecord> {
    const { store, parity, entities, capabilityIds } = this.deps;
    await entities.requireKnown(request.entityRef);
    if (!capabilityIds.has(request.capabilityId))
      throw new InputError(`Unknown capability ${request.capabilityId}`);
    const expires = new Date(request.expiresAt).getTime();
    const now = this.now();
    if (expires <= now) throw new InputError('expiresAt must be in the future');
    if (expires > now + MAX_EXEMPTION_DAYS * DAY_MS)
      throw new InputError(
        `An exemption can last at most ${MAX_EXEMPTION_DAYS} days`,
      );
    const exemption = await store.createExemption({
      projectId: this.deps.projectId,
      entityRef: request.entityRef,
      capabilityId: request.capabilityId,
      reason: request.reason,
      requestedBy: request.requestedBy,
      expiresAt: new Date(expires).toISOString(),
    });
    this.deps.signals?.exemption(request.entityRef, exemption.id);
    await parity.evaluate(request.entityRef);
    return exemption;
  }

  /** Revokes an active exemption; resolves to the entity it was for. */
  async revoke(id: string): Promise<string> {
    const revoked = await this.deps.store.revokeExemption(id);
    if (!revoked) throw new NotFoundError(`No active exemption ${id}`);
    this.deps.signals?.exemption(revoked, id);
    await this.deps.parity.evaluate(revoked);
    return revoked;
  }
}
