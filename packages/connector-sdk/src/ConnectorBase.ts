import {
  CapabilityDeclaration,
  ConnectorInventory,
  ContractTest,
  HealthResult,
} from './types';

/**
 * What every connector is configured with.
 *
 * @public
 */
export interface ConnectorOptions {
  /** Unique among the configured connectors, e.g. `n8n-prod`. */
  id: string;
  /** The source's base URL, e.g. `https://n8n.example.com`. */
  baseUrl: string;
}

/**
 * A connector to a platform a product runs on (workflows, dashboards, ERP, ...).
 *
 * Implementations are read-only: `inventory()` lists what exists, `health()`
 * says whether the source answers (and never throws for a dead source),
 * `capabilities()` declares the contracts the connector can prove and
 * `contractTests()` proves them against the live source. Results are plain
 * JSON, validated by the SDK's zod schemas.
 *
 * @public
 */
export abstract class ConnectorBase<
  TOptions extends ConnectorOptions = ConnectorOptions,
> {
  /** e.g. `n8n`. */
  abstract readonly kind: string;

  /** @param options - The connector's configuration (validated by its connector type). */
  constructor(protected readonly options: TOptions) {}

  /** The configured id, e.g. `n8n-prod`. */
  get id(): string {
    return this.options.id;
  }

  /** Everything the source holds that belongs in the catalog; complete or an error, never partial. */
  abstract inventory(): Promise<ConnectorInventory>;

  /** Liveness and readiness of the source; `down` with a reason instead of throwing. */
  abstract health(): Promise<HealthResult>;

  /** The contracts this connector can prove. */
  abstract capabilities(): CapabilityDeclaration[];

  /** Contract tests against the live source, run by the harness. */
  abstract contractTests(): ContractTest[];
}
