import { ScanTarget } from '../scan/ScanService';

/** The targets by entity ref; discovered ones come and go while the backend runs. */
export interface TargetLookup {
  get(entityRef: string): ScanTarget | undefined;
  has(entityRef: string): boolean;
  list(): ScanTarget[];
}
