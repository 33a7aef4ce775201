import { setTimeout } from 'node:timers/promises';
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

export interface WaitForCatalogEntityOptions {
  catalog: CatalogService;
  entityRef: string;
  /** Read with these, so an entity the user cannot see counts as absent. */
  credentials: BackstageCredentials;
  timeoutMs: number;
  signal?: AbortSignal;
  logger: LoggerService;
  /** First pause between reads; doubles up to `maxIntervalMs`. */
  intervalMs: number;
  maxIntervalMs: number;
}

function cancelled(entityRef: string) {
  return new Error(`Cancelled while waiting for ${entityRef} in the catalog`);
}

async function sleep(ms: number, entityRef: string, signal?: AbortSignal) {
  try {
    await setTimeout(ms, undefined, { signal });
  } catch {
    throw cancelled(entityRef);
  }
}

/**
 * Reads the entity from the catalog until it is there, pausing longer after
 * each miss; a catalog that is registering it (or briefly failing) is waited
 * for, up to the timeout.
 */
export async function waitForCatalogEntity(
  options: WaitForCatalogEntityOptions,
): Promise<Entity> {
  const { catalog, entityRef, credentials, signal, logger } = options;
  const deadline = Date.now() + options.timeoutMs;
  let interval = options.intervalMs;
  let lastError: string | undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw cancelled(entityRef);
    try {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (entity) return entity;
      lastError = undefined;
    } catch (error) {
      lastError = (error as Error).message;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      throw new Error(
        `${entityRef} is not in the catalog after ${seconds} s (${attempt} reads${
          lastError ? `; the last failed: ${lastError}` : ''
        }): check that it was registered (catalog:register) and that the catalog could process it, and that the user who started the task can read it`,
      );
    }
    if (attempt === 1)
      logger.info(`Waiting for ${entityRef} to appear in the catalog`);
    await sleep(Math.min(interval, left), entityRef, signal);
    interval = Math.min(interval * 2, options.maxIntervalMs);
  }
}
