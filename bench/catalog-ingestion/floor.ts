/**
 * The floor: building the same entity objects with the module's mapping
 * functions only (no catalog, no database, no HTTP), in a fresh process.
 */
import { performance } from 'node:perf_hooks';
import type { Entity } from '@backstage/catalog-model';
import { connectorItemsToEntities } from '../../plugins/catalog-backend-module-platform-kit/src/mapping/connectorEntities';
import { benchInventories } from './inventory';
import { MemoryFigures, memorySampler } from './memory';

export interface FloorResult {
  entities: number;
  ms: number;
  memory: MemoryFigures;
}

export async function runFloor(scale: number): Promise<FloorResult> {
  const inventories = benchInventories(scale);
  const memory = memorySampler();
  const start = performance.now();
  const built: Entity[][] = [];
  for (const c of inventories)
    built.push(
      connectorItemsToEntities(c.items, {
        ...c.config,
        connectorId: c.config.id,
        connector: c.connector,
      }).entities,
    );
  const ms = performance.now() - start;
  const figures = memory.stop();
  return {
    entities: built.reduce((n, e) => n + e.length, 0),
    ms,
    memory: figures,
  };
}
