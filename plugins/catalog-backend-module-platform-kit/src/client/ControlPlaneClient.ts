import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import {
  ConnectorInventoryResponse,
  connectorInventoryResponseSchema,
  connectorListSchema,
  ConnectorStatus,
  IngestionReport,
  schemaInventorySchema,
  Target,
  targetListSchema,
} from './schemas';

/**
 * A failed call to the control plane; `status` when it answered.
 *
 * @public
 */
export class ControlPlaneError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ControlPlaneError';
  }
}

/**
 * The control plane's REST API (`platform-kit` backend plugin), as a service.
 *
 * @public
 */
export class ControlPlaneClient {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      fetch?: typeof fetch;
    },
  ) {}

  private async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const base = await this.deps.discovery.getBaseUrl('platform-kit');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'platform-kit',
    });
    const doFetch = this.deps.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new ControlPlaneError(
        `${method} ${path} failed: ${(error as Error).message}`,
      );
    }
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.status >= 400) {
      const message =
        (json as { error?: { message?: string } } | undefined)?.error
          ?.message ?? text.slice(0, 200);
      throw new ControlPlaneError(
        `${method} ${path} answered ${response.status}: ${message}`,
        response.status,
      );
    }
    return { status: response.status, json };
  }

  private async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const { json } = await this.call('GET', path);
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ControlPlaneError(
        `GET ${path} answered an unexpected body: ${parsed.error.issues
          .slice(0, 3)
          .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')}`,
      );
    return parsed.data;
  }

  /** Every connector and its last run, last good run, health and contracts. */
  async listConnectors(): Promise<ConnectorStatus[]> {
    return (await this.get('/connectors', connectorListSchema)).items;
  }

  /** The last good inventory of a connector; `undefined` when it never had one. */
  async connectorInventory(
    id: string,
  ): Promise<ConnectorInventoryResponse | undefined> {
    try {
      return await this.get(
        `/connectors/${encodeURIComponent(id)}/inventory`,
        connectorInventoryResponseSchema,
      );
    } catch (error) {
      if (error instanceof ControlPlaneError && error.status === 404)
        return undefined;
      throw error;
    }
  }

  /** The configured targets (no secrets). */
  async listTargets(): Promise<Target[]> {
    return (await this.get('/targets', targetListSchema)).items;
  }

  /**
   * The exposed schemas of an entity's last good scan; `undefined` when it
   * was never scanned.
   */
  async exposedSchemas(entityRef: string): Promise<string[] | undefined> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = `/entities/${[kind, namespace, name]
      .map(encodeURIComponent)
      .join('/')}/inventory?section=schemas&limit=500`;
    try {
      const { items } = await this.get(path, schemaInventorySchema);
      return items.filter(s => s.exposed).map(s => s.name);
    } catch (error) {
      if (error instanceof ControlPlaneError && error.status === 404)
        return undefined;
      throw error;
    }
  }

  /** Reports the outcome of an ingestion run of a connector. */
  async reportIngestion(id: string, report: IngestionReport): Promise<void> {
    await this.call(
      'POST',
      `/connectors/${encodeURIComponent(id)}/ingestion`,
      report,
    );
  }
}
