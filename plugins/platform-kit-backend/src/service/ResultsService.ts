import { InputError, NotFoundError } from '@backstage/errors';
import {
  EntityRef,
  Finding,
  normalizeEntityRef,
  ParityMatrix,
} from '@platform-kit/plugin-platform-kit-common';
import { ParityService } from '../parity/ParityService';
import { OpsStore } from '../store/OpsStore';
import { TargetLookup } from './TargetLookup';

/** Results computed elsewhere (CI), stored as a completed scan of a configured target. */
export class ResultsService {
  constructor(
    private readonly deps: {
      store: OpsStore;
      parity: ParityService;
      targets: TargetLookup;
    },
  ) {}

  async push(
    entityRef: EntityRef,
    pushedBy: string,
    findings: Finding[],
    parity: ParityMatrix,
  ): Promise<string> {
    const target = this.deps.targets.get(entityRef);
    if (!target)
      throw new NotFoundError(`No Platform Kit target for ${entityRef}`);
    let parityRef: string;
    try {
      parityRef = normalizeEntityRef(parity.entityRef);
    } catch {
      parityRef = parity.entityRef;
    }
    if (parityRef !== entityRef)
      throw new InputError(
        `parity.entityRef ${parity.entityRef} does not match entityRef ${entityRef}`,
      );
    const scanId = await this.deps.store.recordPushedResults(
      target.record,
      pushedBy,
      findings,
      { ...parity, entityRef },
    );
    this.deps.parity.announce(entityRef);
    return scanId;
  }
}
