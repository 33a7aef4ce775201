import { UserFacingError } from '../util/fail';
import {
  guestToken,
  scanAndReadParity,
  waitForCatalogEntity,
} from './apiChecks';
import { PhaseLog } from './phases';
import { KNOWN_DEFECT } from './targetDatabase';

/**
 * The configured target scanned through the REST API as the guest: the
 * catalog lists its entity, a scan is queued, the parity endpoint serves that
 * scan's score, and the findings name the target's known defect.
 */
export async function checkScan(
  log: PhaseLog,
  baseUrl: string,
  entityRef: string,
): Promise<string> {
  const token = await guestToken(baseUrl);
  const t0 = Date.now();
  await waitForCatalogEntity(baseUrl, token, entityRef);
  log.write(
    `the catalog listed ${entityRef} after ${Math.round(
      (Date.now() - t0) / 1000,
    )} s`,
  );
  const outcome = await scanAndReadParity(baseUrl, token, entityRef);
  log.write(JSON.stringify(outcome, null, 2));
  const defect = outcome.findings.find(
    f => f.name === KNOWN_DEFECT.rule && f.detail.includes(KNOWN_DEFECT.table),
  );
  if (!defect) {
    throw new UserFacingError(
      `the scan did not report ${KNOWN_DEFECT.rule} on ${
        KNOWN_DEFECT.table
      } (findings: ${outcome.findings.map(f => f.name).join(', ') || 'none'})`,
    );
  }
  return `${entityRef}: parity ${outcome.score}, not passing: ${
    outcome.failing.join(', ') || 'none'
  }; ${KNOWN_DEFECT.rule} on ${KNOWN_DEFECT.table} found`;
}
